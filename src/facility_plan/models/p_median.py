"""p-median: open exactly p sites and minimise demand-weighted travel minutes, proven exactly.

The method is chosen from the problem (all exact; status OPTIMAL only when proven):

* one site left to choose (p = 1 without existing sites): scan every site — the column sums of
  persons × minutes and their argmin;
* otherwise a lazy greedy + fast interchange (Whitaker; Resende & Werneck) plan is the
  incumbent, working on each demand point's sites sorted by minutes
  (`facility_plan.models._p_median_heuristic.SortedRows`), and a Lagrangian bound by subgradient
  (`facility_plan.models._p_median_lagrangian`, at most `_LAGRANGIAN_SHARE` of the time left,
  `_HOPELESS_SHARE` when the radius MIP could not be solved in time even on all sites)
  improves the incumbent and closes or opens every site whose reduced cost shows it cannot
  differ from the incumbent in a better plan. The bound may prove the incumbent at once; else the
  few remaining combinations are enumerated, or the radius formulation of García, Labbé & Marín
  (`facility_plan.models._p_median_radius`) is solved on the reduced problem — unless its first
  distance levels are too many to build and solve in the time left (`_LEVELS_PER_SECOND`), when
  the run stops FEASIBLE with the Lagrangian bound's gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import SolverError
from facility_plan.models._p_median_heuristic import (
    PMedianData,
    SortedRows,
    best_of_subsets,
    best_single_addition,
    greedy,
    interchange,
    relative_gap,
)
from facility_plan.models._p_median_lagrangian import bounded_subsets, lagrangian_reduction
from facility_plan.models._p_median_radius import RadiusOutcome, initial_reach, radius_search
from facility_plan.models._status import SolverSettings
from facility_plan.models._uncapacitated import (
    Deadline,
    build_assignments,
    build_opened,
    check_nearest_assignment,
    check_open_sites,
    check_site_count,
    demand_weights,
    existing_positions,
    objectives_match,
    open_ids,
    raise_if_violations,
    unreachable_demand_ids,
    unsolved_solution,
)
from facility_plan.models.solution import Solution, SolveStatus
from facility_plan.problem import Problem

MODEL_KIND = "p_median"
# Choices × points × sites per choice evaluated exactly before the radius MIP: ≈ 25 s, e.g. 5 M
# choices of 5 sites for 400 points (pmed16: 1.2 M choices in 8 s against 24 s of radius MIP).
_ENUMERATION_BUDGET = 1e10
_LAGRANGIAN_SHARE = 0.75  # of the time left after the heuristic, at most, for the subgradient
_HOPELESS_SHARE = 0.9  # the same when the radius MIP on all sites could not be solved in time
_LEVELS_PER_SECOND = 1000.0  # radius-model levels worth trying per second left (build + solve)


def p_median(
    problem: Problem,
    p: int,
    *,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    r"""Open exactly `p` sites and minimise the demand-weighted travel minutes (p-median).

    Existing sites are fixed open and count among the `p`. Every demand point is served by its
    nearest open site. The methods and their references are in the module docstring.

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes; ``inf`` = unreachable).
    p
        Number of open sites, existing sites included (count).
    solver
        Solver settings. Here ``time_limit_seconds`` bounds the whole run (seconds; heuristic,
        bound and every MIP together; checked between steps, so it can overrun a little), and
        ``mip_gap`` is the relative gap at which to stop (0 = prove optimality).

    Returns
    -------
    Solution
        ``objective`` = Σ demand_persons · travel_minutes (person-minutes) recomputed from the
        assignments. Status OPTIMAL when proven (within `mip_gap`), FEASIBLE with the best
        solution found and its gap when the time limit stopped the run, INFEASIBLE (no sites, no
        assignments, reason in ``message``) when `p` is impossible or demand is unreachable.

    Raises
    ------
    SolverError
        If the solution fails the independent verification (`verify_p_median`).

    Examples
    --------
    >>> from facility_plan.examples import line_problem
    >>> solution = p_median(line_problem(), 2)
    >>> solution.status.value, solution.open_site_ids, solution.objective
    ('optimal', ('s2', 's3'), 625.0)
    """
    deadline = Deadline.start(solver.time_limit_seconds)
    reason = check_site_count(problem, p)
    minutes = problem.travel.minutes
    if reason is None:
        stranded = unreachable_demand_ids(problem, np.isfinite(minutes))
        if stranded:
            reason = f"demand points with persons > 0 and no reachable site: {stranded[:10]}"
    if reason is not None:
        return unsolved_solution(
            MODEL_KIND,
            SolveStatus.INFEASIBLE,
            reason,
            solver_name=solver.name,
            solve_seconds=deadline.elapsed_seconds(),
        )
    weights = demand_weights(problem)
    active = np.flatnonzero(weights > 0)
    data = PMedianData.build(
        np.asarray(minutes[active], dtype=np.float64),
        weights[active],
        p,
        existing_positions(problem),
    )
    outcome = _search(data, deadline, solver)
    if outcome.status is SolveStatus.INFEASIBLE:
        return unsolved_solution(
            MODEL_KIND,
            SolveStatus.INFEASIBLE,
            outcome.message,
            solver_name=outcome.solver_name,
            solve_seconds=deadline.elapsed_seconds(),
        )
    assignments = build_assignments(problem, outcome.open_positions)
    objective = _weighted_minutes(assignments)
    if not objectives_match(objective, outcome.upper_bound, relative_tolerance=1e-6):
        msg = (
            f"p_median: objective recomputed from the assignments ({objective}) differs from "
            f"the search's ({outcome.upper_bound})"
        )
        raise SolverError(msg)
    solution = Solution(
        model_kind=MODEL_KIND,
        status=outcome.status,
        objective=objective,
        mip_gap=outcome.gap,
        solve_seconds=deadline.elapsed_seconds(),
        solver_name=outcome.solver_name,
        open_site_ids=open_ids(problem, outcome.open_positions),
        assignments=assignments,
        opened=build_opened(problem, open_ids(problem, outcome.open_positions)),
        message=outcome.message,
    )
    verify_p_median(problem, solution, p=p)
    return solution


@dataclass(frozen=True, slots=True)
class PMedianSpec:
    """A p-median run: open exactly `p` sites, minimise person-minutes (see `p_median`).

    Attributes
    ----------
    p
        Number of open sites, existing sites included (count).
    """

    kind: ClassVar[str] = MODEL_KIND
    p: int

    def solve(
        self,
        problem: Problem,
        solver: SolverSettings = SolverSettings(),
    ) -> Solution:
        """Solve this p-median on `problem` with `solver` (see `p_median`)."""
        return p_median(problem, self.p, solver=solver)


def verify_p_median(problem: Problem, solution: Solution, *, p: int) -> None:
    """Re-check a p-median solution from its ids, independently of the solver.

    Checks that exactly `p` known sites are open (existing ones among them), that every demand
    point is listed once with its persons and the minutes to its nearest open site, and that the
    objective equals Σ demand_persons · travel_minutes over demand with persons > 0.

    Parameters
    ----------
    problem
        The problem that was solved.
    solution
        Its solution (must have an incumbent).
    p
        Number of open sites asked for (count).

    Raises
    ------
    SolverError
        Listing every violation found.
    """
    violations = check_open_sites(problem, solution, p)
    nearest_violations, _ = check_nearest_assignment(problem, solution)
    violations += nearest_violations
    if not violations:
        objective = _weighted_minutes(solution.assignments)
        if solution.objective is None or not objectives_match(objective, solution.objective):
            violations.append(
                f"objective {solution.objective} differs from Σ persons · minutes = {objective}"
            )
    raise_if_violations(solution, violations)


def _weighted_minutes(assignments: pd.DataFrame) -> float:
    persons = assignments["demand_persons"].to_numpy(dtype=float)
    travel = assignments["travel_minutes"].to_numpy(dtype=float)
    positive = persons > 0
    return float(np.dot(persons[positive], travel[positive]))


@dataclass(frozen=True, slots=True, eq=False)
class _Outcome:
    """Result of the search (private)."""

    status: SolveStatus
    open_positions: npt.NDArray[np.int64]
    upper_bound: float
    gap: float | None
    solver_name: str
    message: str


def _search(data: PMedianData, deadline: Deadline, solver: SolverSettings) -> _Outcome:
    """Pick and run the exact method (see the module docstring)."""
    to_choose = data.p - data.fixed.size
    candidates = np.setdiff1d(np.arange(data.n_sites), data.fixed)
    if to_choose <= 1:
        if to_choose == 0:
            best, cost = np.sort(data.fixed), data.true_cost(data.fixed)
            method = "the fixed sites are all p sites"
        else:
            best, cost = best_single_addition(data, data.fixed, candidates)
            method = f"scan of {candidates.size} sites for the one site to choose"
        return _finish(data, best, cost, cost, solver, method)
    rows = SortedRows.build(data)
    start = interchange(data, greedy(data, rows), deadline, rows)
    if not np.isfinite(data.true_cost(start)):
        outcome = radius_search(data, start, cutoff=np.inf, deadline=deadline, solver=solver)
        if outcome.infeasible:
            return _finish(data, outcome.best_open, np.inf, np.inf, solver, "radius formulation")
        method = _radius_text(outcome, data.n_points)
        return _finish(
            data,
            outcome.best_open,
            outcome.best_cost,
            outcome.lower_bound,
            solver,
            method,
            solver_name=outcome.solver_name,
        )
    remaining_seconds = deadline.remaining_seconds()
    lagrangian_seconds = None
    if remaining_seconds is not None:
        # no time would be left for the radius MIP anyway: let the bound have nearly all of it
        hopeless = _level_estimate(data, rows, np.arange(data.n_sites), start) > (
            _LEVELS_PER_SECOND * remaining_seconds
        )
        lagrangian_seconds = (
            _HOPELESS_SHARE if hopeless else _LAGRANGIAN_SHARE
        ) * remaining_seconds
    reduction = lagrangian_reduction(data, start, deadline, rows=rows, seconds=lagrangian_seconds)
    best, cost = reduction.best_open, reduction.best_cost
    lower = min(cost, reduction.lower_bound)
    is_fixed = np.zeros(data.n_sites, dtype=bool)
    is_fixed[data.fixed] = True
    mandatory = np.flatnonzero(is_fixed | reduction.forced_open)
    free = np.flatnonzero(~(is_fixed | reduction.forced_open | reduction.excluded))
    remaining = data.p - mandatory.size
    method = (
        f"Lagrangian bound ({reduction.iterations} subgradient iterations) closed "
        f"{int(reduction.excluded.sum())} and opened {int(reduction.forced_open.sum())} of "
        f"{data.n_sites} sites"
    )
    if data.closed(cost, lower, solver.mip_gap) or remaining > free.size:
        return _finish(data, best, cost, max(lower, cost), solver, method + "; bound proves it")
    reachable = np.isfinite(data.minutes[:, np.r_[mandatory, free]]).any(axis=1).all()
    if not reachable:  # some point reaches none of the sites left: nothing beats the incumbent
        return _finish(data, best, cost, cost, solver, method + "; no better plan can exist")
    if remaining == 0:  # the fixings leave one plan: the mandatory sites
        mandatory_cost = data.true_cost(mandatory)
        if mandatory_cost < cost:
            best, cost = mandatory, mandatory_cost
        return _finish(data, best, cost, cost, solver, method + "; one plan left")
    max_subsets = int(_ENUMERATION_BUDGET // (data.n_points * remaining))
    level = data.prune_level(cost)
    subsets = bounded_subsets(reduction, mandatory, free, remaining, level, max_subsets=max_subsets)
    if subsets is not None:
        picked, picked_cost, complete = best_of_subsets(data, mandatory, subsets, deadline)
        method += f"; enumeration of the {subsets.shape[0]} choices the bound leaves"
        if picked_cost < cost:
            best, cost = picked, picked_cost
        if not complete:
            return _finish(data, best, cost, lower, solver, method + "; time limit reached")
        return _finish(data, best, cost, cost, solver, method)
    columns = np.sort(np.r_[mandatory, free])
    levels = _level_estimate(data, rows, columns, best)
    remaining_seconds = deadline.remaining_seconds()
    if remaining_seconds is not None and levels > _LEVELS_PER_SECOND * remaining_seconds:
        method += (
            f"; radius formulation not tried: about {levels} distance levels on the "
            f"{columns.size} sites left cannot be solved in the {remaining_seconds:.1f} s left"
        )
        return _finish(data, best, cost, lower, solver, method)
    reduced = data.restricted(columns, mandatory)
    if np.isin(best, columns).all():
        start_reduced = np.searchsorted(columns, best)
    else:
        start_reduced = interchange(reduced, greedy(reduced), deadline)
    outcome = radius_search(reduced, start_reduced, cutoff=cost, deadline=deadline, solver=solver)
    method += f"; {_radius_text(outcome, data.n_points)} on the {columns.size} sites left"
    if outcome.infeasible:
        return _finish(data, best, cost, cost, solver, method, solver_name=outcome.solver_name)
    reduced_lower = max(reduction.lower_bound, outcome.lower_bound)
    lower = min(cost, reduced_lower)
    if outcome.best_cost < cost:
        best, cost = columns[outcome.best_open], outcome.best_cost
    return _finish(data, best, cost, lower, solver, method, solver_name=outcome.solver_name)


def _level_estimate(
    data: PMedianData,
    rows: SortedRows,
    columns: npt.NDArray[np.int64],
    plan: npt.NDArray[np.int64],
) -> int:
    """Distance levels the radius formulation would build first on `columns` (count, upper bound).

    Counts, per point, the sites of `columns` within its first reach around `plan`
    (`initial_reach`); equal minutes share a level, so this can only overcount.
    """
    reach = initial_reach(data, plan)
    within = rows.count_below(reach * (1.0 + 1e-12))
    if columns.size == data.n_sites:
        return int(within.sum())
    kept = np.zeros(data.n_sites, dtype=bool)
    kept[columns] = True
    _, site, _ = rows.entries(within)
    return int(kept[site].sum())


def _radius_text(outcome: RadiusOutcome, n_points: int) -> str:
    text = (
        f"radius formulation: {outcome.rounds} MIP round(s), {outcome.level_count} distance "
        f"levels for {n_points} demand points"
    )
    return f"{text}; {outcome.stop_reason}" if outcome.stop_reason else text


def _finish(
    data: PMedianData,
    best: npt.NDArray[np.int64],
    cost: float,
    lower_bound: float,
    solver: SolverSettings,
    method: str,
    *,
    solver_name: str | None = None,
) -> _Outcome:
    name = solver_name or solver.name
    if not np.isfinite(cost):
        return _Outcome(
            SolveStatus.INFEASIBLE,
            np.empty(0, dtype=np.int64),
            np.inf,
            None,
            name,
            "no set of p sites reaches every demand point with persons > 0",
        )
    proven = data.closed(cost, lower_bound, solver.mip_gap)
    gap = relative_gap(cost, cost if proven else lower_bound)
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    return _Outcome(status, np.sort(best), cost, gap, name, method)
