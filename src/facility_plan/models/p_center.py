r"""p-center: open exactly p sites and minimise the largest travel minutes to the nearest open site.

Exact method: binary search over the sorted distinct travel minutes. A radius :math:`r` is
feasible when a set-covering MIP (sites within :math:`r` of each demand point with persons > 0,
existing sites fixed open) needs at most :math:`p` sites:

.. math::

    \min \sum_j y_j \quad\text{s.t.}\quad \sum_{j:\, d_{ij} \le r} y_j \ge 1 \;\;\forall i,\qquad
    y_j = 1 \text{ for existing sites},\; y_j \in \{0, 1\}.

The search starts between a lower bound (the largest, over demand points, of the minutes to
the nearest site) and the value of a greedy solution. Sites not needed for the cover are added
greedily (smallest p-median cost) so that exactly p are open.

References
----------
Minieka, E. (1970). The m-center problem. SIAM Review 12(1):138–139.
Daskin, M. S. (2013). Network and Discrete Location, 2nd ed., ch. 5. Wiley.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pulp

from facility_plan.errors import SolverError
from facility_plan.models._status import SolverName, run_solver
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

MODEL_KIND = "p_center"


def p_center(
    problem: Problem,
    p: int,
    *,
    solver: SolverName = "highs",
    time_limit_seconds: float | None = None,
    mip_gap: float = 0.0,
    threads: int = 1,
) -> Solution:
    """Open exactly `p` sites and minimise the worst travel minutes (vertex p-center).

    Only demand points with persons > 0 count towards the maximum. Existing sites are fixed open
    and count among the `p`. Every demand point is served by its nearest open site.

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes; ``inf`` = unreachable).
    p
        Number of open sites, existing sites included (count).
    solver
        ``highs`` (default) or ``cbc``.
    time_limit_seconds
        Wall-clock limit for the whole search (seconds); None = none.
    mip_gap
        Unused by the covering checks (they must be decided exactly); kept for a uniform
        signature. A relative gap on the radius is reported instead.
    threads
        Solver threads.

    Returns
    -------
    Solution
        ``objective`` = largest travel minutes from a demand point with persons > 0 to its
        nearest open site (minutes). Status OPTIMAL when the search closed; FEASIBLE with the best
        radius found and gap ``(best − lower bound) / best`` when the time limit stopped it;
        INFEASIBLE (no sites, no assignments) when `p` is impossible or demand is unreachable.

    Raises
    ------
    SolverError
        If the solution fails the independent verification (`verify_p_center`).

    Examples
    --------
    >>> from facility_plan.examples import line_problem
    >>> solution = p_center(line_problem(), 2)
    >>> solution.status.value, solution.open_site_ids, solution.objective
    ('optimal', ('s1', 's3'), 15.0)
    """
    del mip_gap  # the feasibility checks are solved exactly
    deadline = Deadline.start(time_limit_seconds)
    minutes = problem.travel.minutes
    reason = check_site_count(problem, p)
    if reason is None:
        stranded = unreachable_demand_ids(problem, np.isfinite(minutes))
        if stranded:
            reason = f"demand points with persons > 0 and no reachable site: {stranded[:10]}"
    if reason is not None:
        return unsolved_solution(
            MODEL_KIND,
            SolveStatus.INFEASIBLE,
            reason,
            solver_name=solver,
            solve_seconds=deadline.elapsed_seconds(),
        )
    weights = demand_weights(problem)
    active_minutes = minutes[weights > 0]
    fixed = existing_positions(problem)
    best_open = _greedy_center(active_minutes, p, fixed)
    best_radius = _radius(active_minutes, best_open)
    lower_radius = float(active_minutes.min(axis=1).max()) if active_minutes.size else 0.0
    candidates = np.unique(active_minutes[np.isfinite(active_minutes)])
    candidates = candidates[(candidates >= lower_radius) & (candidates < best_radius)]
    solver_name: str = solver
    stop_reason = ""
    checks = 0
    low, high = 0, candidates.size  # answer index in [low, high]; high = the incumbent
    while low < high:
        remaining = deadline.remaining_seconds()
        if remaining is not None and remaining <= 0:
            stop_reason = "time limit reached"
            break
        middle = (low + high) // 2
        radius = float(candidates[middle])
        checks += 1
        verdict, cover, solver_name = _cover_check(
            active_minutes, radius, p, fixed, solver=solver, remaining=remaining, threads=threads
        )
        if verdict is None:
            stop_reason = f"time limit reached while checking radius {radius:g} minutes"
            break
        if verdict:
            best_open = _complete_to_p(active_minutes, weights[weights > 0], cover, p)
            best_radius = _radius(active_minutes, best_open)
            high = int(np.searchsorted(candidates, best_radius, side="left"))
            high = min(high, middle)
        else:
            low = middle + 1
            lower_radius = float(candidates[low]) if low < candidates.size else best_radius
    proven = low >= high
    if proven:
        lower_radius = best_radius
    gap = 0.0 if proven else (best_radius - lower_radius) / max(best_radius, 1e-12)
    assignments = build_assignments(problem, best_open)
    objective = _largest_minutes(assignments)
    if not objectives_match(objective, best_radius):
        msg = f"p_center: recomputed radius {objective} differs from the search's {best_radius}"
        raise SolverError(msg)
    message = f"binary search: {checks} covering check(s)"
    if stop_reason:
        message += f"; {stop_reason}"
    solution = Solution(
        model_kind=MODEL_KIND,
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        objective=objective,
        mip_gap=float(gap),
        solve_seconds=deadline.elapsed_seconds(),
        solver_name=solver_name,
        open_site_ids=open_ids(problem, best_open),
        assignments=assignments,
        opened=build_opened(problem, open_ids(problem, best_open)),
        message=message,
    )
    verify_p_center(problem, solution, p=p)
    return solution


def verify_p_center(problem: Problem, solution: Solution, *, p: int) -> None:
    """Re-check a p-center solution from its ids, independently of the solver.

    Checks the open sites (exactly `p`, existing ones among them), that every demand point is
    listed once at the minutes to its nearest open site, and that the objective is the largest
    of those minutes over demand with persons > 0.

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
        objective = _largest_minutes(solution.assignments)
        if solution.objective is None or not objectives_match(objective, solution.objective):
            violations.append(
                f"objective {solution.objective} differs from max minutes {objective}"
            )
    raise_if_violations(solution, violations)


def _largest_minutes(assignments: pd.DataFrame) -> float:
    persons = assignments["demand_persons"].to_numpy(dtype=float)
    travel = assignments["travel_minutes"].to_numpy(dtype=float)
    positive = persons > 0
    return float(travel[positive].max()) if positive.any() else 0.0


def _radius(minutes: npt.NDArray[np.float64], open_positions: npt.NDArray[np.int64]) -> float:
    if minutes.shape[0] == 0:
        return 0.0
    return float(minutes[:, open_positions].min(axis=1).max())


def _greedy_center(
    minutes: npt.NDArray[np.float64], p: int, fixed: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Farthest-point greedy: repeatedly open the site nearest to the worst-served point."""
    n_sites = minutes.shape[1]
    is_open = np.zeros(n_sites, dtype=bool)
    is_open[fixed] = True
    nearest = minutes[:, fixed].min(axis=1) if fixed.size else np.full(minutes.shape[0], np.inf)
    while is_open.sum() < p:
        if minutes.shape[0] == 0:
            is_open[np.flatnonzero(~is_open)[0]] = True
            continue
        worst = int(np.argmax(nearest))
        options = np.where(is_open, np.inf, minutes[worst])
        chosen = int(np.argmin(options))
        if not np.isfinite(options[chosen]):
            chosen = int(np.flatnonzero(~is_open)[0])
        is_open[chosen] = True
        nearest = np.minimum(nearest, minutes[:, chosen])
    return np.flatnonzero(is_open)


def _complete_to_p(
    minutes: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    cover: npt.NDArray[np.int64],
    p: int,
) -> npt.NDArray[np.int64]:
    """Add sites to a cover until exactly p are open, each time the one with the largest gain."""
    is_open = np.zeros(minutes.shape[1], dtype=bool)
    is_open[cover] = True
    cost = np.where(np.isfinite(minutes), minutes, np.finfo(float).max / 4)
    nearest = cost[:, cover].min(axis=1) if cover.size else np.full(minutes.shape[0], np.inf)
    while is_open.sum() < p:
        gains = weights @ np.maximum(nearest[:, None] - cost, 0.0) if weights.size else 0.0
        gains = np.where(is_open, -np.inf, gains)
        chosen = int(np.argmax(gains))
        is_open[chosen] = True
        nearest = np.minimum(nearest, cost[:, chosen])
    return np.flatnonzero(is_open)


def _cover_check(
    minutes: npt.NDArray[np.float64],
    radius: float,
    p: int,
    fixed: npt.NDArray[np.int64],
    *,
    solver: SolverName,
    remaining: float | None,
    threads: int,
) -> tuple[bool | None, npt.NDArray[np.int64], str]:
    """Can at most p sites (fixed included) cover every point within `radius` minutes?

    Returns
    -------
    tuple
        (True, cover, solver) when yes, (False, [], solver) when proven no, (None, [], solver)
        when the time limit stopped the check undecided.
    """
    reach = minutes <= radius
    if fixed.size:
        still_open = ~reach[:, fixed].any(axis=1)
        reach = reach[still_open]
    if reach.shape[0] == 0:
        return True, fixed.copy(), solver
    if not reach.any(axis=1).all():
        return False, np.empty(0, dtype=np.int64), solver
    rows = np.unique(reach, axis=0)
    useful = np.flatnonzero(rows.any(axis=0))
    lp = pulp.LpProblem("p_center_cover", pulp.LpMinimize)
    open_site = {int(j): pulp.LpVariable(f"open_{j}", cat=pulp.LpBinary) for j in useful}
    lp.setObjective(pulp.lpSum(open_site.values()))
    for row_number, row in enumerate(rows):
        lp.addConstraint(
            pulp.lpSum(open_site[int(j)] for j in np.flatnonzero(row)) >= 1, f"cover_{row_number}"
        )
    lp.addConstraint(pulp.lpSum(open_site.values()) <= p - fixed.size, "at_most_p")
    run = run_solver(lp, solver=solver, time_limit_seconds=remaining, mip_gap=0.0, threads=threads)
    if run.status is SolveStatus.INFEASIBLE:
        return False, np.empty(0, dtype=np.int64), run.solver_name
    if run.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        chosen = [j for j, var in open_site.items() if (var.varValue or 0.0) > 0.5]
        cover = np.union1d(fixed, np.asarray(chosen, dtype=np.int64)).astype(np.int64)
        return True, cover, run.solver_name
    return None, np.empty(0, dtype=np.int64), run.solver_name
