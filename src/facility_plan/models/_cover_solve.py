"""Solve reduced covering matrices: minimum covers by component, and the maximal-covering MIP."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from facility_plan.models._cover_highs import ArrayMip, set_cover_lp_bound, solve_array_mip
from facility_plan.models._cover_search import (
    covered_persons,
    greedy_max_cover,
    improve_cover,
    swap_search,
)
from facility_plan.models._lagrangian_cover import (
    complete_cover,
    lagrangian_set_cover,
    remove_redundant,
)
from facility_plan.models._reductions import (
    CoverMatrix,
    disjoint_rows_bound,
    greedy_cover,
    reduce_max_cover,
    reduce_set_cover,
    split_components,
)
from facility_plan.models._status import SolverRun, SolverSettings
from facility_plan.models._uncapacitated import Deadline
from facility_plan.models.solution import SolveStatus

_BOUND_TOLERANCE = 1e-6
_SEARCH_ROWS = 400  # components with fewer rows go straight to their MIP (solved in seconds)


@dataclass(frozen=True, slots=True)
class MinCover:
    """Outcome of a minimum-cover search.

    Attributes
    ----------
    status
        OPTIMAL (proven minimum, or within the solver's ``mip_gap``, or within budget when one
        was given), FEASIBLE (a cover, not proven minimum: time limit), INFEASIBLE (more than
        the budget is needed) or NOT_SOLVED (time limit before a verdict on the budget).
    sites
        Site positions of the cover (empty unless OPTIMAL or FEASIBLE).
    lower_bound
        Proven lower bound on the number of sites a cover needs (count).
    solver_name
        Solver used for the MIPs (``none`` when none was needed).
    components
        Independent components that were left after the reductions (count).
    """

    status: SolveStatus
    sites: npt.NDArray[np.int64]
    lower_bound: int
    solver_name: str
    components: int


@dataclass(frozen=True, slots=True)
class _Part:
    """One component with its proven bounds and current best cover (column indices)."""

    cover: CoverMatrix
    lower_bound: int
    best: npt.NDArray[np.int64]


def minimum_cover(
    cover: CoverMatrix,
    solver: SolverSettings,
    deadline: Deadline,
    *,
    budget: int | None = None,
    hint: npt.NDArray[np.int64] | None = None,
) -> MinCover:
    """Fewest columns covering every row, by reductions, components and one MIP per component.

    Each component gets a greedy cover (redundant columns removed) and a Lagrangian lower bound
    (`facility_plan.models._lagrangian_cover`). With HiGHS, components these leave open get the
    LP bound (from the LP's duals, `set_cover_lp_bound`), and those of 400 rows or more a
    large-neighbourhood search for a smaller cover (`improve_cover`); what is still open is
    solved as MIPs started from the best cover, each with a share of the time left in proportion
    to its rows.

    Parameters
    ----------
    cover
        Rows that must be covered (each with at least one column).
    solver
        Solver settings; the time limit is replaced by what is left of `deadline`.
    deadline
        Deadline of the whole model run.
    budget
        When given, only decide whether at most `budget` columns suffice (count): stops with
        INFEASIBLE as soon as more are proven necessary, OPTIMAL with a cover of at most
        `budget` columns otherwise (not necessarily minimum).
    hint
        Site positions of a near-cover (for instance the cover of a larger radius): completed
        greedily to a cover of each component, it replaces the greedy cover when smaller.

    Returns
    -------
    MinCover
    """
    reduction = reduce_set_cover(cover)
    forced = reduction.forced
    parts = [_bounded(part, hint) for part in split_components(reduction.remaining)]
    solver_name = "none"

    def total_lower() -> int:
        return int(forced.size) + sum(part.lower_bound for part in parts)

    def total_upper() -> int:
        return int(forced.size) + sum(part.best.size for part in parts)

    def verdict(status: SolveStatus) -> MinCover:
        chosen = [part.cover.columns[part.best] for part in parts]
        sites = np.unique(np.concatenate([forced, *chosen])).astype(np.int64)
        if status in (SolveStatus.INFEASIBLE, SolveStatus.NOT_SOLVED):
            sites = np.zeros(0, dtype=np.int64)
        return MinCover(status, sites, total_lower(), solver_name, len(parts))

    def decided() -> SolveStatus | None:
        if budget is not None and total_lower() > budget:
            return SolveStatus.INFEASIBLE
        if budget is not None and total_upper() <= budget:
            return SolveStatus.OPTIMAL
        return None

    def still_open() -> list[int]:
        return sorted(
            (k for k, part in enumerate(parts) if part.lower_bound < part.best.size),
            key=lambda k: parts[k].cover.n_rows,
        )

    for k in still_open():
        early = decided()
        if early is not None:
            return verdict(early)
        part = parts[k]
        allowed = None if budget is None else budget - (total_lower() - part.lower_bound)
        found = lagrangian_set_cover(
            part.cover,
            deadline,
            upper=part.best,
            stop_below=allowed,
            stop_above=allowed,
            max_seconds=_share(deadline, 0.1 if budget is None else 0.15) or 30.0,
        )
        parts[k] = _Part(part.cover, max(part.lower_bound, found.lower_bound), found.best)
    if solver.name == "highs":
        for k in still_open():
            early = decided()
            if early is not None:
                return verdict(early)
            part = parts[k]
            value = set_cover_lp_bound(part.cover.reach, _share(deadline, 0.3))
            if value is not None:
                lower = max(part.lower_bound, int(np.ceil(value - _BOUND_TOLERANCE)))
                parts[k] = _Part(part.cover, min(lower, int(part.best.size)), part.best)
    if solver.name == "highs" and budget is None:
        pending = [k for k in still_open() if parts[k].cover.n_rows >= _SEARCH_ROWS]
        for order, k in enumerate(pending):
            part = parts[k]
            rows_left = sum(parts[q].cover.n_rows for q in pending[order:])
            fraction = 0.3 * part.cover.n_rows / rows_left
            improved = improve_cover(
                part.cover,
                part.best,
                deadline,
                solver,
                target=part.lower_bound,
                max_seconds=_share(deadline, fraction) or 30.0,
            )
            parts[k] = _Part(part.cover, part.lower_bound, improved)
    timed_out = False
    pending = still_open()
    for order, k in enumerate(pending):
        early = decided()
        if early is not None:
            return verdict(early)
        part = parts[k]
        last = order == len(pending) - 1
        limit = None if budget is None else budget - (total_lower() - part.lower_bound)
        rows_left = sum(parts[q].cover.n_rows for q in pending[order:])
        seconds = _share(deadline, part.cover.n_rows / rows_left)
        run, best, bound = _solve_part(
            part, replace(solver, time_limit_seconds=seconds), limit=limit, feasibility=last
        )
        solver_name = run.solver_name
        if run.status is SolveStatus.INFEASIBLE:
            return verdict(SolveStatus.INFEASIBLE)
        if last and budget is not None:
            bound = part.lower_bound  # a feasibility solve proves no bound
        parts[k] = _Part(part.cover, max(part.lower_bound, bound), best)
        if run.status is not SolveStatus.OPTIMAL:
            timed_out = True
    early = decided()
    if early is not None:
        return verdict(early)
    if budget is not None:
        return verdict(SolveStatus.NOT_SOLVED if timed_out else SolveStatus.INFEASIBLE)
    closed = total_lower() == total_upper() or solver.mip_gap > 0
    return verdict(SolveStatus.OPTIMAL if closed and not timed_out else SolveStatus.FEASIBLE)


def _share(deadline: Deadline, fraction: float) -> float | None:
    """`fraction` of the seconds left before `deadline` (None without a limit)."""
    remaining = deadline.remaining_seconds()
    return None if remaining is None else remaining * min(max(fraction, 0.0), 1.0)


def _bounded(part: CoverMatrix, hint: npt.NDArray[np.int64] | None = None) -> _Part:
    """A component with a greedy irredundant cover (or the completed hint) and a cheap bound."""
    best = remove_redundant(part, greedy_cover(part))
    if hint is not None:
        start = np.flatnonzero(np.isin(part.columns, hint)).astype(np.int64)
        completed = complete_cover(part, start, np.zeros(part.n_columns))
        best = completed if completed.size < best.size else best
    lower = 1 if best.size == 1 else max(1, disjoint_rows_bound(part))
    return _Part(part, lower, best)


def _solve_part(
    part: _Part,
    solver: SolverSettings,
    *,
    limit: int | None,
    feasibility: bool,
) -> tuple[SolverRun, npt.NDArray[np.int64], int]:
    """Minimum cover of one component (at most `limit` columns when given), from its best cover.

    With `feasibility` and a `limit`, the objective is dropped so the solver stops at the first
    cover within the limit. Returns the run, the best cover (the MIP's or the start) and the
    proven lower bound (count).
    """
    cover = part.cover
    n_columns = cover.n_columns
    matrix = sp.csc_array(cover.reach, dtype=np.float64)
    row_lower, row_upper = np.ones(cover.n_rows), np.full(cover.n_rows, np.inf)
    if limit is not None:
        matrix = sp.csc_array(sp.vstack([matrix, np.ones((1, n_columns))]))
        row_lower, row_upper = np.r_[row_lower, -np.inf], np.r_[row_upper, float(limit)]
    use_objective = not (feasibility and limit is not None)
    mip = ArrayMip(
        cost=np.ones(n_columns) if use_objective else np.zeros(n_columns),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        upper=np.ones(n_columns),
        integer=np.ones(n_columns, dtype=bool),
    )
    start = None
    if limit is None or part.best.size <= limit:
        start = np.zeros(n_columns)
        start[part.best] = 1.0
    result = solve_array_mip(mip, solver, start=start)
    best = part.best
    if result.values is not None:
        chosen = np.flatnonzero(result.values[:n_columns] > 0.5).astype(np.int64)
        chosen = remove_redundant(cover, chosen)
        if chosen.size < best.size or (limit is not None and chosen.size <= limit):
            best = chosen
    bound = part.lower_bound
    if use_objective and result.dual_bound is not None:
        bound = max(bound, int(np.ceil(result.dual_bound - 1e-6)))
    if use_objective and result.run.status is SolveStatus.OPTIMAL and solver.mip_gap == 0.0:
        bound = max(bound, int(best.size))
    return result.run, best, min(bound, int(best.size)) if limit is None else bound


@dataclass(frozen=True, slots=True)
class MaxCover:
    """Outcome of the reduced maximal-covering MIP.

    Attributes
    ----------
    run
        The solver run (None when the reductions alone decided the answer).
    sites
        Site positions chosen (at most the free site count; empty when there is no incumbent).
    missed_persons
        Persons of the reduced rows left uncovered by `sites` (persons), None without incumbent.
    missed_bound
        Proven lower bound on the persons any choice leaves uncovered (persons), None if none.
    columns
        Columns left after the reductions (count).
    rows
        Rows left after the reductions (count).
    """

    run: SolverRun | None
    sites: npt.NDArray[np.int64]
    missed_persons: float | None
    missed_bound: float | None
    columns: int
    rows: int


def maximum_cover(
    cover: CoverMatrix,
    free_sites: int,
    solver: SolverSettings,
    deadline: Deadline | None = None,
) -> MaxCover:
    """Choose at most `free_sites` columns to maximise the persons of the rows they cover.

    A greedy choice improved by swaps (`facility_plan.models._cover_search`) starts the MIP.

    Parameters
    ----------
    cover
        Rows with persons > 0 that the fixed sites leave uncovered.
    free_sites
        Sites that may still be opened (count).
    solver
        Solver settings; the time limit is replaced by what is left of `deadline` when given.
    deadline
        Deadline of the whole model run (None: the solver's time limit from now).

    Returns
    -------
    MaxCover
    """
    deadline = deadline or Deadline.start(solver.time_limit_seconds)
    reduced = reduce_max_cover(cover)
    if reduced.n_rows == 0 or free_sites <= 0:
        all_missed = float(reduced.row_weights.sum())
        return MaxCover(
            None, np.zeros(0, dtype=np.int64), all_missed, all_missed, 0, reduced.n_rows
        )
    if reduced.n_columns <= free_sites:
        return MaxCover(None, reduced.columns.copy(), 0.0, 0.0, reduced.n_columns, reduced.n_rows)
    n_columns, n_rows = reduced.n_columns, reduced.n_rows
    heuristic = greedy_max_cover(reduced, free_sites)
    heuristic = swap_search(reduced, heuristic, deadline, max_seconds=_share(deadline, 0.2) or 30.0)
    total = float(reduced.row_weights.sum())
    heuristic_missed = total - covered_persons(reduced, heuristic)
    reach = sp.csc_array(reduced.reach, dtype=np.float64)
    matrix = sp.csc_array(
        sp.vstack(
            [
                sp.hstack([reach, sp.eye_array(n_rows, format="csc")]),
                sp.csc_array(np.r_[np.ones(n_columns), np.zeros(n_rows)][None, :]),
            ]
        )
    )
    mip = ArrayMip(
        cost=np.r_[np.zeros(n_columns), reduced.row_weights],
        matrix=matrix,
        row_lower=np.r_[np.ones(n_rows), -np.inf],
        row_upper=np.r_[np.full(n_rows, np.inf), float(free_sites)],
        upper=np.ones(n_columns + n_rows),
        integer=np.r_[np.ones(n_columns, dtype=bool), np.zeros(n_rows, dtype=bool)],
    )
    start = np.zeros(n_columns + n_rows)
    start[heuristic] = 1.0
    hit = np.asarray(reach[:, heuristic].sum(axis=1)).reshape(-1) > 0
    start[n_columns:] = (~hit).astype(np.float64)
    settings = replace(solver, time_limit_seconds=deadline.remaining_seconds())
    result = solve_array_mip(mip, settings, start=start)
    run = result.run
    chosen, missed = heuristic, heuristic_missed
    if result.values is not None:
        from_mip = np.flatnonzero(result.values[:n_columns] > 0.5).astype(np.int64)
        mip_missed = total - covered_persons(reduced, from_mip)
        if mip_missed < missed:
            chosen, missed = from_mip, mip_missed
    bound = result.dual_bound
    if run.status is SolveStatus.OPTIMAL and solver.mip_gap == 0.0:
        bound = missed if bound is None else max(bound, missed * (1.0 - 1e-9))
    if run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        run = replace(run, status=SolveStatus.FEASIBLE, mip_gap=None)
    return MaxCover(
        run,
        reduced.columns[chosen],
        missed,
        None if bound is None else min(bound, missed),
        n_columns,
        n_rows,
    )
