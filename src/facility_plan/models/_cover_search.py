"""Maximal-covering heuristics: greedy opening and best-improvement swap (1-opt interchange)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from facility_plan.models._reductions import CoverMatrix
from facility_plan.models._uncapacitated import Deadline


def covered_persons(cover: CoverMatrix, chosen: npt.NDArray[np.int64]) -> float:
    """Persons of the rows that at least one of the `chosen` columns covers (persons)."""
    if chosen.size == 0:
        return 0.0
    hit = np.asarray(sp.csc_array(cover.reach)[:, chosen].sum(axis=1)).reshape(-1) > 0
    return float(cover.row_weights[hit].sum())


def greedy_max_cover(cover: CoverMatrix, count: int) -> npt.NDArray[np.int64]:
    """Open `count` columns one at a time, each covering the most still-uncovered persons."""
    by_column = sp.csc_array(cover.reach, dtype=np.float64)
    by_row = sp.csr_array(cover.reach, dtype=np.float64)
    remaining = cover.row_weights.astype(np.float64).copy()
    gains = by_column.T @ remaining
    chosen: list[int] = []
    for _ in range(min(count, cover.n_columns)):
        options = gains.copy()
        options[chosen] = -np.inf
        best = int(np.argmax(options))
        chosen.append(best)
        rows = by_column.indices[by_column.indptr[best] : by_column.indptr[best + 1]]
        newly = rows[remaining[rows] > 0]
        if newly.size:
            gains -= remaining[newly] @ by_row[newly]
            remaining[newly] = 0.0
    return np.sort(np.asarray(chosen, dtype=np.int64))


def swap_search(
    cover: CoverMatrix,
    chosen: npt.NDArray[np.int64],
    deadline: Deadline,
    *,
    max_seconds: float = 10.0,
) -> npt.NDArray[np.int64]:
    """Improve `chosen` by best-improvement swaps (close one column, open another) until none helps.

    The gain of swapping chosen column j for column k is the persons covered only by k's rows
    that are uncovered, or covered by j alone, minus the persons j alone covers.

    Parameters
    ----------
    cover
        Rows with persons.
    chosen
        Starting columns (indices).
    deadline
        Deadline of the whole model run.
    max_seconds
        Wall-clock seconds at most for the search (seconds).

    Returns
    -------
    numpy.ndarray
        Columns (indices, sorted), covering at least as many persons as `chosen`.
    """
    if chosen.size == 0 or chosen.size >= cover.n_columns:
        return chosen
    by_column = sp.csc_array(cover.reach, dtype=np.float64)
    weights = cover.row_weights.astype(np.float64)
    current = np.asarray(chosen, dtype=np.int64).copy()
    counts = np.asarray(by_column[:, current].sum(axis=1)).reshape(-1)
    tolerance = 1e-9 * max(1.0, float(weights.sum()))
    local = Deadline.start(max_seconds)
    while not local.expired() and not deadline.expired():
        alone = np.where(counts == 1, weights, 0.0)
        uncovered = np.where(counts == 0, weights, 0.0)
        opened = by_column[:, current]
        loss = opened.T @ alone
        base = by_column.T @ uncovered
        shared = (by_column.T @ (opened * alone[:, None])).toarray()
        delta = base[:, None] + shared - loss[None, :]
        delta[current, :] = -np.inf
        k, position = np.unravel_index(int(np.argmax(delta)), delta.shape)
        if delta[k, position] <= tolerance:
            break
        leaving = current[position]
        counts -= by_column[:, [leaving]].toarray().reshape(-1)
        counts += by_column[:, [k]].toarray().reshape(-1)
        current[position] = k
    return np.sort(current)
