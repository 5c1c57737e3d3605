"""Covering heuristics: greedy opening and best-improvement swap for maximal covering, and a
large-neighbourhood search for set covering.

The set-covering search (`improve_cover`) repeatedly closes the open columns of one region of a
cover (grown from a random row through shared columns) and re-solves exactly, as a small MIP,
the cover of the rows only they covered; the smaller (or an equal, different) re-cover replaces
them. Every cover it returns covers every row.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from facility_plan.models._cover_highs import ArrayMip, solve_array_mip
from facility_plan.models._lagrangian_cover import gather
from facility_plan.models._reductions import CoverMatrix
from facility_plan.models._status import SolverSettings
from facility_plan.models._uncapacitated import Deadline
from facility_plan.models.solution import SolveStatus


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


def improve_cover(
    cover: CoverMatrix,
    chosen: npt.NDArray[np.int64],
    deadline: Deadline,
    solver: SolverSettings,
    *,
    target: int = 0,
    max_seconds: float = 10.0,
    region_columns: int = 20,
    seed: int = 0,
) -> npt.NDArray[np.int64]:
    """Shrink a set cover by large-neighbourhood search with small exact MIPs.

    Each step grows a region from a random row (rows reached through shared columns, layer by
    layer) until it holds `region_columns` columns of the cover, closes them, and solves the
    minimum cover of the rows left uncovered over all columns (HiGHS, at most 2 s, started from
    the closed columns). A re-cover that is smaller, or equal and different (to move on along a
    plateau), replaces them. The region grows after quick proven steps and shrinks after steps
    the time limit stopped.

    Parameters
    ----------
    cover
        Rows to cover, each with at least one column.
    chosen
        A cover of every row (column indices).
    deadline
        Deadline of the whole model run.
    solver
        Solver settings for the small MIPs (their time limit is replaced).
    target
        Stop as soon as the cover has at most this many columns (count).
    max_seconds
        Wall-clock seconds at most for the search (seconds).
    region_columns
        Cover columns closed per step at the start (count).
    seed
        Seed of the random region centres (the search is deterministic given it).

    Returns
    -------
    numpy.ndarray
        A cover of every row with at most as many columns as `chosen` (column indices, sorted).
    """
    by_column = sp.csc_array(cover.reach)
    by_row = sp.csr_array(cover.reach)
    best = np.unique(np.asarray(chosen, dtype=np.int64))
    if best.size <= max(target, 1):
        return best
    rng = np.random.default_rng(seed)
    is_open = np.zeros(cover.n_columns, dtype=bool)
    is_open[best] = True
    counts = np.bincount(gather(by_column, best), minlength=cover.n_rows)
    size = max(2, region_columns)
    local = Deadline.start(max_seconds)
    while best.size > target and not local.expired() and not deadline.expired():
        closing = _region(by_row, by_column, is_open, int(rng.integers(cover.n_rows)), size)
        left = counts - np.bincount(gather(by_column, closing), minlength=cover.n_rows)
        rows = np.flatnonzero(left == 0)
        if rows.size == 0:  # the closed columns were redundant
            replacement = np.zeros(0, dtype=np.int64)
        else:
            sub = sp.csr_array(by_row[rows])
            columns = np.unique(sub.indices).astype(np.int64)
            overall = deadline.remaining_seconds()
            seconds = min(2.0, float(local.remaining_seconds() or 0.0), overall or 2.0)
            mip = ArrayMip(
                cost=np.ones(columns.size),
                matrix=sp.csc_array(sub[:, columns], dtype=np.float64),
                row_lower=np.ones(rows.size),
                row_upper=np.full(rows.size, np.inf),
                upper=np.ones(columns.size),
                integer=np.ones(columns.size, dtype=bool),
            )
            start = np.isin(columns, closing).astype(np.float64)
            settings = replace(solver, time_limit_seconds=seconds, mip_gap=0.0, verbose=False)
            result = solve_array_mip(mip, settings, start=start)
            proven = result.run.status is SolveStatus.OPTIMAL
            if not proven:
                size = max(2, size - 3)
            elif result.run.solve_seconds < 0.5:
                size = min(size + 2, 60)
            if result.values is None:
                continue
            replacement = columns[result.values > 0.5]
            if np.diff(sp.csc_array(sub[:, replacement]).indptr).size and not np.all(
                sp.csr_array(sub[:, replacement]).sum(axis=1) > 0
            ):
                continue  # not a cover of the rows (never expected from the solver)
        if replacement.size > closing.size or np.array_equal(
            np.sort(replacement), np.sort(closing)
        ):
            continue
        is_open[closing] = False
        is_open[replacement] = True
        counts = left + np.bincount(gather(by_column, replacement), minlength=cover.n_rows)
        best = np.flatnonzero(is_open).astype(np.int64)
    return best


def _region(
    by_row: sp.csr_array,
    by_column: sp.csc_array,
    is_open: npt.NDArray[np.bool_],
    seed_row: int,
    size: int,
) -> npt.NDArray[np.int64]:
    """Open columns met first when growing rows from `seed_row` through shared columns, ≤ `size`."""
    seen = np.zeros(by_row.shape[0], dtype=bool)
    seen[seed_row] = True
    frontier = np.array([seed_row], dtype=np.int64)
    taken = np.zeros(is_open.size, dtype=bool)
    region: list[int] = []
    while len(region) < size and frontier.size:
        columns = np.unique(gather(by_row, frontier))
        fresh = columns[is_open[columns] & ~taken[columns]]
        fresh = fresh[: size - len(region)]
        taken[fresh] = True
        region.extend(fresh.tolist())
        rows = np.unique(gather(by_column, columns.astype(np.int64)))
        frontier = rows[~seen[rows]].astype(np.int64)
        seen[rows] = True
    return np.asarray(region, dtype=np.int64)
