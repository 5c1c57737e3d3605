r"""Lagrangian bound and covers for unit-cost set covering (subgradient optimisation, Beasley 1990).

Relaxing the covering rows :math:`\sum_{j \in N_i} x_j \ge 1` with multipliers
:math:`u_i \ge 0` gives, with reduced costs :math:`c_j(u) = 1 - \sum_{i \ni j} u_i`,

.. math::

    L(u) = \sum_i u_i + \sum_j \min(0, c_j(u)) \;\le\; \text{minimum cover size}

for every :math:`u \ge 0` (weak duality); the best :math:`L(u)` found, rounded up, is a proven
lower bound on the number of columns a cover needs. Each few steps the columns with negative
reduced cost are completed to a cover greedily and redundant columns are removed (a Lagrangian
heuristic), which gives the upper bound the step size uses.

References
----------
Beasley, J. E. (1990). A Lagrangian heuristic for set-covering problems. Naval Research
Logistics 37(1):151–164.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from facility_plan.models._reductions import CoverMatrix, greedy_cover
from facility_plan.models._uncapacitated import Deadline

_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class LagrangianCover:
    """Outcome of the subgradient search on one cover matrix.

    Attributes
    ----------
    lower_bound
        Proven lower bound on the cover size: the best :math:`L(u)` rounded up (count).
    best
        Smallest cover found (column indices, sorted).
    reduced_costs
        Reduced costs :math:`c_j(u)` at the multipliers of the best bound (one per column).
    bound_value
        The best :math:`L(u)` itself, before rounding (columns, fractional).
    iterations
        Subgradient steps taken (count).
    """

    lower_bound: int
    best: npt.NDArray[np.int64]
    reduced_costs: npt.NDArray[np.float64]
    bound_value: float
    iterations: int


def remove_redundant(
    cover: CoverMatrix,
    chosen: npt.NDArray[np.int64],
    order_key: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.int64]:
    """Drop columns of a cover whose rows all stay covered by the others.

    Parameters
    ----------
    cover
        The rows to cover.
    chosen
        A cover (column indices).
    order_key
        Columns with the largest key are tried first (default: fewest rows first).

    Returns
    -------
    numpy.ndarray
        An irredundant cover contained in `chosen` (column indices, sorted).
    """
    by_column = sp.csc_array(cover.reach)
    counts = np.zeros(cover.n_rows, dtype=np.int64)
    for j in chosen:
        counts[by_column.indices[by_column.indptr[j] : by_column.indptr[j + 1]]] += 1
    sizes = np.diff(by_column.indptr)[chosen]
    key = -sizes.astype(np.float64) if order_key is None else order_key[chosen]
    kept = np.ones(chosen.size, dtype=bool)
    for position in np.argsort(-key, kind="stable"):
        j = chosen[position]
        rows = by_column.indices[by_column.indptr[j] : by_column.indptr[j + 1]]
        if np.all(counts[rows] >= 2):
            counts[rows] -= 1
            kept[position] = False
    return np.sort(chosen[kept]).astype(np.int64)


def gather(
    matrix: sp.csr_array | sp.csc_array, major: npt.NDArray[np.int64]
) -> npt.NDArray[np.int32]:
    """Minor indices of the given major positions (rows of a CSR, columns of a CSC), joined."""
    starts = matrix.indptr[major]
    lengths = matrix.indptr[major + 1] - starts
    if lengths.sum() == 0:
        return np.zeros(0, dtype=np.int32)
    offsets = np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
    picked: npt.NDArray[np.int32] = matrix.indices[offsets + np.arange(lengths.sum())]
    return picked


def complete_cover(
    cover: CoverMatrix, start: npt.NDArray[np.int64], reduced_costs: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Add columns to `start` until every row is covered, then remove redundant ones.

    Each added column covers the most still-uncovered rows (smaller reduced cost breaks ties);
    redundant columns go largest reduced cost first.
    """
    by_column = sp.csc_array(cover.reach)
    by_row = sp.csr_array(cover.reach)
    uncovered = np.ones(cover.n_rows, dtype=bool)
    uncovered[gather(by_column, start)] = False
    chosen = list(start.tolist())
    counts = np.bincount(
        gather(by_row, np.flatnonzero(uncovered)), minlength=cover.n_columns
    ).astype(np.float64)
    spread = 1.0 + float(np.abs(reduced_costs).max(initial=0.0))
    tie_break = -reduced_costs / (2.0 * spread)
    while uncovered.any():
        best = int(np.argmax(np.where(counts > 0, counts + tie_break, -np.inf)))
        if counts[best] <= 0:
            break
        chosen.append(best)
        rows = by_column.indices[by_column.indptr[best] : by_column.indptr[best + 1]]
        newly = rows[uncovered[rows]].astype(np.int64)
        uncovered[newly] = False
        counts -= np.bincount(gather(by_row, newly), minlength=cover.n_columns)
    result = np.unique(np.asarray(chosen, dtype=np.int64))
    return remove_redundant(cover, result, reduced_costs)


def lagrangian_set_cover(
    cover: CoverMatrix,
    deadline: Deadline,
    *,
    upper: npt.NDArray[np.int64] | None = None,
    stop_below: int | None = None,
    stop_above: int | None = None,
    max_iterations: int = 3000,
    max_seconds: float = 5.0,
) -> LagrangianCover:
    """Subgradient search for the Lagrangian bound of unit-cost set covering, with covers.

    Parameters
    ----------
    cover
        Rows to cover, each with at least one column.
    deadline
        Deadline of the whole model run; the search stops when it expires.
    upper
        A known cover (column indices); a greedy cover when None.
    stop_below
        Stop as soon as a cover of at most this many columns is found (count).
    stop_above
        Stop as soon as the bound exceeds this many columns (count).
    max_iterations
        Subgradient steps at most (count).
    max_seconds
        Wall-clock seconds at most for this search (seconds).

    Returns
    -------
    LagrangianCover
    """
    reach = sp.csr_array(cover.reach, dtype=np.float64)
    transposed = sp.csr_array(reach.T)
    best = remove_redundant(cover, greedy_cover(cover) if upper is None else upper)
    sizes = np.diff(sp.csc_array(reach).indptr).astype(np.float64)
    # Start: each row priced at 1 / (largest column covering it).
    row_max = np.zeros(cover.n_rows)
    np.maximum.at(row_max, reach.nonzero()[0], sizes[reach.nonzero()[1]])
    multipliers = 1.0 / np.maximum(row_max, 1.0)
    best_value, best_costs = 0.0, np.ones(cover.n_columns)
    factor, stalled, iteration = 2.0, 0, 0
    started = Deadline.start(max_seconds)
    while iteration < max_iterations and factor > 0.005:
        iteration += 1
        costs = 1.0 - transposed @ multipliers
        negative = costs < 0.0
        value = float(multipliers.sum() + costs[negative].sum())
        if value > best_value + _TOLERANCE:
            best_value, best_costs, stalled = value, costs, 0
        else:
            stalled += 1
            if stalled >= 30:
                factor, stalled = factor / 2.0, 0
        if iteration % 100 == 1:
            candidate = complete_cover(cover, np.flatnonzero(negative).astype(np.int64), costs)
            if candidate.size < best.size:
                best = candidate
        lower = int(np.ceil(best_value - _TOLERANCE))
        if (
            lower >= best.size
            or (stop_below is not None and best.size <= stop_below)
            or (stop_above is not None and lower > stop_above)
            or started.expired()
            or deadline.expired()
        ):
            break
        slack = 1.0 - reach @ negative.astype(np.float64)
        slack[(multipliers <= 0.0) & (slack < 0.0)] = 0.0
        norm = float(slack @ slack)
        if norm <= 0.0:
            break  # u is optimal for the relaxation and x covers every row exactly
        step = factor * (1.05 * best.size - value) / norm
        multipliers = np.maximum(multipliers + step * slack, 0.0)
    lower = min(int(np.ceil(best_value - _TOLERANCE)), int(best.size))
    return LagrangianCover(
        max(lower, 1 if cover.n_rows else 0), best, best_costs, best_value, iteration
    )
