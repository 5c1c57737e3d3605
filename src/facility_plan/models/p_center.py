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

Each check first applies the exact set-covering reductions (merged and dominated rows, dominated
candidates, sites forced by a row with a single candidate), splits what is left into
independent components, and settles it with a greedy cover (≤ p: yes; completed from the best
p sites found so far when that is smaller) or a lower bound (> p: no) — disjoint rows, the
Lagrangian bound, and with HiGHS the LP bound from its duals — before any MIP; only undecided
components are solved, the largest one last as a pure feasibility problem with the budget the
others leave (`facility_plan.models._cover_solve`).

References
----------
Minieka, E. (1970). The m-center problem. SIAM Review 12(1):138–139.
Daskin, M. S. (2013). Network and Discrete Location, 2nd ed., ch. 5. Wiley.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import SolverError
from facility_plan.models._cover_solve import minimum_cover
from facility_plan.models._reductions import CoverMatrix
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

MODEL_KIND = "p_center"


@dataclass(frozen=True, slots=True)
class PCenterSpec:
    """A p-center run: the keyword arguments of `p_center` besides problem and solver.

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
        """Run `p_center` on `problem` with these arguments."""
        return p_center(problem, self.p, solver=solver)


def p_center(
    problem: Problem,
    p: int,
    *,
    solver: SolverSettings = SolverSettings(),
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
        Solver, time limit for the whole search (seconds), threads and verbosity. The covering
        checks are decided exactly (their ``mip_gap`` is 0); a relative gap on the radius is
        reported instead.

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
    deadline = Deadline.start(solver.time_limit_seconds)
    exact = replace(solver, mip_gap=0.0)
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
            solver_name=solver.name,
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
    solver_name: str = "none"
    checks, undecided = 0, 0
    # Radii below candidates[proven_low] need more than p sites; candidates[high] >= incumbent.
    # First pass: push the proof up (an undecided radius counts as "maybe feasible"); then
    # look for better incumbents above it (an undecided radius counts as "maybe not"), again
    # while time is left. The first pass ends once the radii it has left to try are within 1 %,
    # or after three undecided checks (a check the LP bound decides "no" costs a few seconds).
    proven_low, high = 0, candidates.size
    proving = True
    low, top = 0, high
    while proven_low < high and _time_left(deadline) > 1.0:
        if low >= min(top, high) or (
            proving
            and top < high
            and (undecided >= 3 or candidates[top] - candidates[low] < 0.01 * candidates[top])
        ):
            proving, low, top = False, proven_low, high
        middle = _middle(candidates, low, min(top, high))
        checks += 1
        verdict, cover, used = _cover_check(
            active_minutes,
            float(candidates[middle]),
            p,
            fixed,
            exact,
            _check_deadline(deadline, 6 if proving else 3),
            best_open,
        )
        solver_name = used if used != "none" else solver_name
        if verdict is None:
            undecided += 1
            if proving:
                top = middle
            else:
                low = middle + 1
        elif verdict:
            best_open = _complete_to_p(active_minutes, weights[weights > 0], cover, p)
            best_radius = _radius(active_minutes, best_open)
            high = min(int(np.searchsorted(candidates, best_radius, side="left")), middle)
        else:
            low = proven_low = middle + 1
    proven = proven_low >= high
    lower_radius = best_radius if proven else max(lower_radius, float(candidates[proven_low]))
    gap = 0.0 if proven else (best_radius - lower_radius) / max(best_radius, 1e-12)
    assignments = build_assignments(problem, best_open)
    objective = _largest_minutes(assignments)
    if not objectives_match(objective, best_radius):
        msg = f"p_center: recomputed radius {objective} differs from the search's {best_radius}"
        raise SolverError(msg)
    message = f"binary search: {checks} covering check(s), {undecided} stopped undecided"
    if not proven:
        message += f"; time limit reached, radius proven ≥ {lower_radius:g} minutes"
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


def _time_left(deadline: Deadline) -> float:
    """Seconds left before `deadline` (infinite without a limit)."""
    remaining = deadline.remaining_seconds()
    return np.inf if remaining is None else remaining


def _middle(candidates: npt.NDArray[np.float64], low: int, high: int) -> int:
    """Index of the candidate radius halfway (in minutes) between candidates[low] and [high-1]."""
    halfway = 0.5 * (candidates[low] + candidates[high - 1])
    return min(max(int(np.searchsorted(candidates, halfway)), low), high - 1)


def _check_deadline(deadline: Deadline, share: int) -> Deadline:
    """A deadline for one covering check: 1/`share` of the time left.

    Checks far from the answer are settled by the greedy cover or the Lagrangian bound within a
    second or two; only checks near the answer use their share.
    """
    remaining = deadline.remaining_seconds()
    if remaining is None:
        return deadline
    return Deadline.start(remaining / share)


def _cover_check(
    minutes: npt.NDArray[np.float64],
    radius: float,
    p: int,
    fixed: npt.NDArray[np.int64],
    solver: SolverSettings,
    deadline: Deadline,
    hint: npt.NDArray[np.int64] | None = None,
) -> tuple[bool | None, npt.NDArray[np.int64], str]:
    """Can at most p sites (fixed included) cover every point within `radius` minutes?

    Decided by the exact set-covering reductions, a greedy cover and a disjoint-rows bound, and
    MIPs only on the components these leave open (`facility_plan.models._cover_solve`).

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
        return True, fixed.copy(), "none"
    if not reach.any(axis=1).all():
        return False, np.empty(0, dtype=np.int64), "none"
    rows = CoverMatrix.from_dense(reach, np.ones(reach.shape[0]))
    outcome = minimum_cover(rows, solver, deadline, budget=p - fixed.size, hint=hint)
    if outcome.status is SolveStatus.INFEASIBLE:
        return False, np.empty(0, dtype=np.int64), outcome.solver_name
    if outcome.status is SolveStatus.OPTIMAL:
        cover = np.union1d(fixed, outcome.sites).astype(np.int64)
        return True, cover, outcome.solver_name
    return None, np.empty(0, dtype=np.int64), outcome.solver_name
