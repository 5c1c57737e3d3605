r"""p-median: open exactly p sites and minimise demand-weighted travel minutes.

Exact method: the radius formulation of García, Labbé & Marín (2011), in the chained form of
Elloumi (2010), with the reduction of distance levels by an upper bound from a heuristic and
exact refinement of the levels.

For demand point :math:`i` with weight :math:`w_i` (persons), let
:math:`D_{i0} < D_{i1} < \dots` be its distinct finite travel minutes to the sites. With
:math:`y_j \in \{0, 1\}` (site open) and :math:`z_{ik} \in [0, 1]` (":math:`i` is at least
:math:`D_{ik}` minutes from every open site"):

.. math::

    \min \sum_i w_i \Big(D_{i0} + \sum_{k \ge 1} (D_{ik} - D_{i,k-1})\, z_{ik}\Big)
    \quad\text{s.t.}\quad
    z_{ik} \ge z_{i,k-1} - \sum_{j:\, d_{ij} = D_{i,k-1}} y_j \;(z_{i0} \equiv 1),\qquad
    \sum_j y_j = p,\qquad y_j = 1 \text{ for existing sites}.

Only the levels up to a per-point threshold are built (first the point's minutes in a greedy +
interchange solution). Dropping the higher levels under-estimates the cost, so each MIP optimum
is a lower bound. When the optimal sites put a point beyond its threshold, that point's levels
are extended to its true minutes and the MIP is solved again; when the true cost of the MIP's
sites equals the MIP objective, they are optimal. This keeps the model at a few nonzeros per
point and site *near* it instead of one per (point, site) pair.

References
----------
S. García, M. Labbé, A. Marín (2011). Solving large p-median problems with a radius formulation.
INFORMS Journal on Computing 23(4):546–556.
S. Elloumi (2010). A computational study of a new p-median formulation.
Discrete Applied Mathematics 158(5):393–402.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pulp
import scipy.sparse as sp

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

MODEL_KIND = "p_median"
_RELATIVE_TOLERANCE = 1e-7


def p_median(
    problem: Problem,
    p: int,
    *,
    solver: SolverName = "highs",
    time_limit_seconds: float | None = None,
    mip_gap: float = 0.0,
    threads: int = 1,
) -> Solution:
    r"""Open exactly `p` sites and minimise the demand-weighted travel minutes (p-median).

    Existing sites are fixed open and count among the `p`. Every demand point is served by its
    nearest open site. The formulation and its references are in the module docstring.

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes; ``inf`` = unreachable).
    p
        Number of open sites, existing sites included (count).
    solver
        ``highs`` (default) or ``cbc``.
    time_limit_seconds
        Wall-clock limit for the whole run (seconds), heuristic included; None = none. It is
        checked between steps, so greedy start and model building can overrun it a little.
    mip_gap
        Relative gap at which to stop (0 = prove optimality).
    threads
        Solver threads.

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
    deadline = Deadline.start(time_limit_seconds)
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
            solver_name=solver,
            solve_seconds=deadline.elapsed_seconds(),
        )
    weights = demand_weights(problem)
    active = np.flatnonzero(weights > 0)
    fixed = existing_positions(problem)
    search = _RadiusSearch(
        minutes[active],
        weights[active],
        p,
        fixed,
        deadline=deadline,
        solver=solver,
        mip_gap=mip_gap,
        threads=threads,
    )
    outcome = search.run()
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


class _Outcome:
    """Result of the radius search (private, plain holder)."""

    __slots__ = ("gap", "message", "open_positions", "solver_name", "status", "upper_bound")

    def __init__(
        self,
        *,
        status: SolveStatus,
        open_positions: npt.NDArray[np.int64],
        upper_bound: float,
        gap: float | None,
        solver_name: str,
        message: str,
    ) -> None:
        self.status = status
        self.open_positions = open_positions
        self.upper_bound = upper_bound
        self.gap = gap
        self.solver_name = solver_name
        self.message = message


class _RadiusSearch:
    """Heuristic upper bound, then radius-formulation MIPs with level refinement."""

    def __init__(
        self,
        minutes: npt.NDArray[np.float64],
        weights: npt.NDArray[np.float64],
        p: int,
        fixed: npt.NDArray[np.int64],
        *,
        deadline: Deadline,
        solver: SolverName,
        mip_gap: float,
        threads: int,
    ) -> None:
        self.minutes = minutes
        self.weights = weights
        self.p = p
        self.fixed = fixed
        self.deadline = deadline
        self.solver: SolverName = solver
        self.mip_gap = mip_gap
        self.threads = threads
        self.n_points, self.n_sites = minutes.shape
        finite = np.isfinite(minutes)
        self.has_unreachable = ~finite.all(axis=1)
        largest = float(minutes[finite].max()) if finite.any() else 1.0
        self.penalty_minutes = 10.0 * (largest + 1.0) * (1.0 + float(weights.sum()))
        self.cost = np.where(finite, minutes, self.penalty_minutes)
        self.reach_factor = 1.5

    # ----------------------------------------------------------------- heuristic
    def true_cost(self, open_positions: npt.NDArray[np.int64]) -> float:
        """Σ w · minutes to the nearest open site (inf when a point is unreachable)."""
        nearest = self.minutes[:, open_positions].min(axis=1)
        return float(np.dot(self.weights, nearest)) if np.isfinite(nearest).all() else np.inf

    def greedy(self) -> npt.NDArray[np.int64]:
        """Greedy add from the fixed sites up to p open sites."""
        is_open = np.zeros(self.n_sites, dtype=bool)
        is_open[self.fixed] = True
        if self.fixed.size:
            nearest = self.cost[:, self.fixed].min(axis=1)
        else:
            nearest = np.full(self.n_points, 2.0 * self.penalty_minutes)
        for _ in range(self.p - int(is_open.sum())):
            gains = self.weights @ np.maximum(nearest[:, None] - self.cost, 0.0)
            gains[is_open] = -np.inf
            chosen = int(np.argmax(gains))
            is_open[chosen] = True
            nearest = np.minimum(nearest, self.cost[:, chosen])
        return np.flatnonzero(is_open)

    def interchange(self, open_positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Best-improvement swaps (one open non-fixed site out, one closed site in)."""
        current = np.sort(open_positions)
        removable = ~np.isin(current, self.fixed)
        if not removable.any() or current.size == self.n_sites:
            return current
        while not self.deadline.expired():
            sub = self.cost[:, current]
            order = np.argsort(sub, axis=1)[:, :2]
            rows = np.arange(self.n_points)
            first = sub[rows, order[:, 0]]
            second = (
                sub[rows, order[:, 1]]
                if current.size > 1
                else np.full(self.n_points, 2.0 * self.penalty_minutes)
            )
            cost_now = float(np.dot(self.weights, first))
            capped_first = np.minimum(self.cost, first[:, None])
            added = self.weights @ capped_first
            loss = self.weights[:, None] * (np.minimum(self.cost, second[:, None]) - capped_first)
            owner = sp.csr_matrix(
                (np.ones(self.n_points), (order[:, 0], rows)), shape=(current.size, self.n_points)
            )
            swap_cost = added[None, :] + owner @ loss
            swap_cost[~removable, :] = np.inf
            swap_cost[:, current] = np.inf
            out_index, in_site = np.unravel_index(int(np.argmin(swap_cost)), swap_cost.shape)
            if swap_cost[out_index, in_site] >= cost_now - _RELATIVE_TOLERANCE * max(1.0, cost_now):
                break
            current = np.sort(np.r_[np.delete(current, out_index), in_site])
            removable = ~np.isin(current, self.fixed)
        return current

    def initial_reach(self, open_positions: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Minutes up to which each point's levels are built first (before refinement).

        The larger of `reach_factor` × the minutes to the nearest open site and the minutes to the
        second-nearest open site of a good solution: most points stay within that in the optimum.
        """
        sub = np.sort(self.cost[:, open_positions], axis=1)
        nearest = sub[:, 0]
        second = sub[:, 1] if sub.shape[1] > 1 else nearest
        return np.maximum(self.reach_factor * nearest, second)

    # ----------------------------------------------------------------- search
    def run(self) -> _Outcome:
        """Heuristic, then MIPs with level refinement until proven or out of time."""
        best_open = self.interchange(self.greedy())
        best_cost = self.true_cost(best_open)
        model = _LevelModel(self)
        model.extend_to(self.initial_reach(best_open))
        lower_bound = model.trivial_lower_bound()
        solver_name: str = self.solver
        rounds = 0
        stop_reason = ""
        while not self._closed(best_cost, lower_bound):
            remaining = self.deadline.remaining_seconds()
            if remaining is not None and remaining <= 0:
                stop_reason = "time limit reached"
                break
            rounds += 1
            run = run_solver(
                model.lp,
                solver=self.solver,
                time_limit_seconds=remaining,
                mip_gap=self.mip_gap,
                threads=self.threads,
            )
            solver_name = run.solver_name
            if run.status is SolveStatus.INFEASIBLE:
                return _Outcome(
                    status=SolveStatus.INFEASIBLE,
                    open_positions=np.empty(0, dtype=np.int64),
                    upper_bound=np.inf,
                    gap=None,
                    solver_name=solver_name,
                    message="no set of p sites reaches every demand point with persons > 0",
                )
            if run.objective is None:
                stop_reason = f"solver stopped without a solution ({run.message})"
                break
            if run.mip_gap is not None:
                lower_bound = max(lower_bound, run.objective - run.mip_gap * abs(run.objective))
            mip_open = model.open_positions()
            mip_cost = self.true_cost(mip_open)
            if mip_cost < run.objective - 1e-6 * max(1.0, abs(run.objective)):
                msg = (
                    f"p_median: the radius model's objective {run.objective} exceeds the true "
                    f"cost {mip_cost} of its own sites; the model is wrong"
                )
                raise SolverError(msg)
            if mip_cost < best_cost:
                best_open, best_cost = mip_open, mip_cost
            if run.status is not SolveStatus.OPTIMAL:
                stop_reason = f"time limit reached ({run.message})"
                break
            if not self._closed(best_cost, lower_bound):
                improved = self.interchange(mip_open)
                improved_cost = self.true_cost(improved)
                if improved_cost < best_cost:
                    best_open, best_cost = improved, improved_cost
                model.extend_to(self.minutes[:, mip_open].min(axis=1))
        proven = self._closed(best_cost, lower_bound)
        gap = _relative_gap(best_cost, lower_bound)
        message = (
            f"radius formulation: {rounds} MIP round(s), {model.level_count} distance levels "
            f"for {self.n_points} demand points"
        )
        if stop_reason:
            message += f"; {stop_reason}"
        return _Outcome(
            status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
            open_positions=best_open,
            upper_bound=best_cost,
            gap=gap,
            solver_name=solver_name,
            message=message,
        )

    def _closed(self, upper_bound: float, lower_bound: float) -> bool:
        if not np.isfinite(upper_bound):
            return False
        slack = _RELATIVE_TOLERANCE * max(1.0, abs(upper_bound))
        return upper_bound - lower_bound <= max(slack, self.mip_gap * abs(upper_bound))


def _relative_gap(upper_bound: float, lower_bound: float) -> float | None:
    if not np.isfinite(upper_bound):
        return None
    if upper_bound - lower_bound <= _RELATIVE_TOLERANCE * max(1.0, abs(upper_bound)):
        return 0.0
    return float((upper_bound - lower_bound) / max(abs(upper_bound), 1e-12))


class _LevelModel:
    """The radius-formulation PuLP model, grown level by level (private)."""

    def __init__(self, search: _RadiusSearch) -> None:
        self.search = search
        n_sites = search.n_sites
        self.lp = pulp.LpProblem("p_median_radius", pulp.LpMinimize)
        self.open_site = [
            pulp.LpVariable(f"open_{j}", lowBound=0, upBound=1, cat=pulp.LpBinary)
            for j in range(n_sites)
        ]
        for j in search.fixed:
            self.open_site[int(j)].lowBound = 1
        self.lp += (pulp.lpSum(self.open_site) == search.p, "open_count")
        self.sorted_sites: list[npt.NDArray[np.int64]] = []
        self.levels: list[npt.NDArray[np.float64]] = []
        self.level_starts: list[npt.NDArray[np.int64]] = []
        for i in range(search.n_points):
            row = search.minutes[i]
            reachable = np.flatnonzero(np.isfinite(row))
            order = reachable[np.argsort(row[reachable], kind="stable")]
            sorted_minutes = row[order]
            levels, starts = np.unique(sorted_minutes, return_index=True)
            self.sorted_sites.append(order)
            self.levels.append(levels)
            self.level_starts.append(starts)
            if search.has_unreachable[i]:
                self.lp += (
                    pulp.lpSum(self.open_site[int(j)] for j in reachable) >= 1,
                    f"reach_{i}",
                )
        self.built_levels = np.ones(search.n_points, dtype=np.int64)
        self.previous_level: list[pulp.LpVariable | None] = [None] * search.n_points
        self.objective_terms: dict[pulp.LpVariable, float] = {}
        self.objective_constant = float(
            sum(w * lv[0] for w, lv in zip(search.weights, self.levels, strict=True))
        )

    @property
    def level_count(self) -> int:
        """Number of distance levels with a variable."""
        return int((self.built_levels - 1).sum())

    def trivial_lower_bound(self) -> float:
        """Σ w · minutes to the nearest site of all (person-minutes)."""
        return self.objective_constant

    def extend_to(self, reach_minutes: npt.NDArray[np.float64]) -> None:
        """Build, for every point, all levels up to its `reach_minutes` (inclusive)."""
        weights = self.search.weights
        for i in range(self.search.n_points):
            levels = self.levels[i]
            wanted = int(np.searchsorted(levels, reach_minutes[i], side="right"))
            wanted = min(max(wanted, 1), levels.size)
            for k in range(int(self.built_levels[i]), wanted):
                self._add_level(i, k, weights[i])
            self.built_levels[i] = max(self.built_levels[i], wanted)
        self.lp.setObjective(
            pulp.LpAffineExpression(self.objective_terms, constant=self.objective_constant)
        )

    def _add_level(self, point: int, level: int, weight: float) -> None:
        levels, starts, order = (
            self.levels[point],
            self.level_starts[point],
            self.sorted_sites[point],
        )
        beyond = pulp.LpVariable(f"beyond_{point}_{level}", lowBound=0, upBound=1)
        terms = {self.open_site[int(j)]: 1.0 for j in order[starts[level - 1] : starts[level]]}
        terms[beyond] = 1.0
        previous = self.previous_level[point]
        if previous is None:
            constraint = pulp.LpAffineExpression(terms) >= 1
        else:
            terms[previous] = -1.0
            constraint = pulp.LpAffineExpression(terms) >= 0
        self.lp.addConstraint(constraint, f"level_{point}_{level}")
        self.previous_level[point] = beyond
        self.objective_terms[beyond] = weight * float(levels[level] - levels[level - 1])

    def open_positions(self) -> npt.NDArray[np.int64]:
        """Sites the last solve opened (value > 0.5)."""
        values = np.array([v.varValue or 0.0 for v in self.open_site])
        return np.flatnonzero(values > 0.5)
