r"""Coverage models: maximal covering (MCLP) and location set covering (LSCP).

A demand point is *covered* when an open site is within ``coverage_minutes`` of it. With
:math:`N_i = \{j : d_{ij} \le` ``coverage_minutes`` :math:`\}`, :math:`y_j \in \{0, 1\}` (site open)
and :math:`z_i \in [0, 1]` (point covered):

MCLP (Church & ReVelle 1974), exactly p open sites:

.. math::

    \max \sum_i w_i z_i \quad\text{s.t.}\quad z_i \le \sum_{j \in N_i} y_j,\quad
    \sum_j y_j = p,\quad y_j = 1 \text{ for existing sites}.

LSCP (Toregas et al. 1971), every point with persons > 0 covered:

.. math::

    \min \sum_j y_j \quad\text{s.t.}\quad \sum_{j \in N_i} y_j \ge 1,\quad
    y_j = 1 \text{ for existing sites}.

Points already covered by an existing site, and points that no site can cover, are left out of
the MIP; points with the same :math:`N_i` are merged into one row (their persons added), and
candidates whose covered points are a subset of another's are dropped (then at most p are
chosen). Set covering also drops rows implied by another row, opens the sites a row with a single
candidate forces, and solves each independent component on its own. Every reduction keeps the
optimum (`facility_plan.models._reductions`). Each set-covering component gets a proven lower
bound (Lagrangian, and with HiGHS the LP bound from its duals) and, with HiGHS, a smaller cover
from a large-neighbourhood search (small exact MIPs on regions of the cover,
`facility_plan.models._cover_search`) before its MIP starts from the best cover.

References
----------
Church, R., ReVelle, C. (1974). The maximal covering location problem.
Papers of the Regional Science Association 32:101–118.
Toregas, C., Swain, R., ReVelle, C., Bergman, L. (1971). The location of emergency service
facilities. Operations Research 19(6):1363–1373.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import InfeasibleScenarioError, SolverError
from facility_plan.models._cover_solve import maximum_cover, minimum_cover
from facility_plan.models._reductions import CoverMatrix
from facility_plan.models._status import SolverRun, SolverSettings
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
    unsolved_solution,
)
from facility_plan.models.solution import Solution, SolveStatus
from facility_plan.problem import Problem


@dataclass(frozen=True, slots=True)
class MaxCoverageSpec:
    """A maximal-covering run: the keyword arguments of `max_coverage` besides problem and solver.

    Attributes
    ----------
    p
        Number of open sites, existing sites included (count).
    coverage_minutes
        Coverage standard (minutes).
    """

    kind: ClassVar[str] = "max_coverage"
    p: int
    coverage_minutes: float

    def solve(
        self,
        problem: Problem,
        solver: SolverSettings = SolverSettings(),
    ) -> Solution:
        """Run `max_coverage` on `problem` with these arguments."""
        return max_coverage(problem, self.p, self.coverage_minutes, solver=solver)


@dataclass(frozen=True, slots=True)
class SetCoveringSpec:
    """A set-covering run: the keyword arguments of `set_covering` besides problem and solver.

    Attributes
    ----------
    coverage_minutes
        Coverage standard (minutes).
    """

    kind: ClassVar[str] = "set_covering"
    coverage_minutes: float

    def solve(
        self,
        problem: Problem,
        solver: SolverSettings = SolverSettings(),
    ) -> Solution:
        """Run `set_covering` on `problem` with these arguments."""
        return set_covering(problem, self.coverage_minutes, solver=solver)


def max_coverage(
    problem: Problem,
    p: int,
    coverage_minutes: float,
    *,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    """Open exactly `p` sites and maximise the persons within `coverage_minutes` (MCLP).

    Existing sites are fixed open and count among the `p`. Before the MIP, equal rows are
    merged and dominated candidates dropped (`facility_plan.models._reductions`); both keep the
    optimum.

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes).
    p
        Number of open sites, existing sites included (count).
    coverage_minutes
        A point is covered when an open site is at most this many minutes away (minutes).
    solver
        Solver, time limit for the whole run (seconds), gap, threads and verbosity.

    Returns
    -------
    Solution
        ``objective`` = covered persons, recomputed from the open sites. Covered points are
        assigned to their nearest open site; uncovered points have site_id NA and keep the
        minutes to their nearest open site. INFEASIBLE (no sites, no assignments) when `p` is
        impossible.

    Raises
    ------
    SolverError
        If the solution fails the independent verification (`verify_max_coverage`).

    Examples
    --------
    >>> from facility_plan.examples import line_problem
    >>> solution = max_coverage(line_problem(), 2, 10.0)
    >>> solution.open_site_ids, solution.objective
    (('s1', 's2'), 100.0)
    """
    deadline = Deadline.start(solver.time_limit_seconds)
    reason = check_site_count(problem, p)
    if reason is not None:
        return unsolved_solution(
            "max_coverage",
            SolveStatus.INFEASIBLE,
            reason,
            solver_name=solver.name,
            solve_seconds=0.0,
        )
    weights = demand_weights(problem)
    reach = problem.travel.minutes <= coverage_minutes
    fixed = existing_positions(problem)
    outcome = maximum_cover(_open_rows(reach, weights, fixed), p - fixed.size, solver, deadline)
    run = outcome.run
    if outcome.missed_persons is None:
        return unsolved_solution(
            "max_coverage",
            run.status if run is not None else SolveStatus.NOT_SOLVED,
            run.message if run is not None else "no incumbent",
            solver_name=run.solver_name if run is not None else solver.name,
            solve_seconds=deadline.elapsed_seconds(),
        )
    coverable = float(weights[(weights > 0) & reach.any(axis=1)].sum())
    solver_covered = coverable - outcome.missed_persons
    status, gap, message = SolveStatus.OPTIMAL, 0.0, "decided by the reductions"
    if run is not None:
        status, message = run.status, run.message
        gap = float("nan")
        if outcome.missed_bound is not None:
            covered_bound = coverable - outcome.missed_bound
            gap = max(covered_bound - solver_covered, 0.0) / max(covered_bound, 1e-12)
    message += f"; reduced MIP {outcome.rows} rows × {outcome.columns} candidates"
    solution = _coverage_solution(
        problem,
        "max_coverage",
        _fill_up(np.union1d(fixed, outcome.sites).astype(np.int64), problem, p),
        status,
        None if gap != gap else gap,
        run,
        deadline,
        p=p,
        coverage_minutes=coverage_minutes,
        message=message,
    )
    recomputed = float(solution.objective or 0.0)
    tolerance = 1e-6 * max(1.0, coverable)
    if recomputed < solver_covered - tolerance or (
        status is SolveStatus.OPTIMAL
        and solver.mip_gap == 0.0
        and recomputed > solver_covered + tolerance
    ):
        msg = (
            f"max_coverage: covered persons recomputed from the sites ({recomputed}) "
            f"differ from the solver's ({solver_covered})"
        )
        raise SolverError(msg)
    return solution


def set_covering(
    problem: Problem,
    coverage_minutes: float,
    *,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    """Open the fewest sites that put every demand point with persons > 0 within reach (LSCP).

    Existing sites are fixed open and are counted in the objective. The covering rows are
    reduced exactly (merged and dominated rows, dominated candidates, sites forced by a row with
    one candidate) and split into independent components; each gets a Lagrangian and LP lower
    bound and a cover improved by large-neighbourhood search, then is solved as its own MIP.

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes).
    coverage_minutes
        Every demand point with persons > 0 must have an open site at most this many minutes
        away (minutes).
    solver
        Solver, time limit for the whole run (seconds), gap, threads and verbosity.

    Returns
    -------
    Solution
        ``objective`` = number of open sites (existing included). Every demand point is assigned
        to its nearest open site. FEASIBLE with the gap between the sites found and the proven
        lower bound when the time limit stopped a component.

    Raises
    ------
    InfeasibleScenarioError
        Before solving, naming the demand points with persons > 0 that no site reaches within
        `coverage_minutes`.
    SolverError
        If the solution fails the independent verification (`verify_set_covering`).

    Examples
    --------
    >>> from facility_plan.examples import line_problem
    >>> solution = set_covering(line_problem(), 15.0)
    >>> solution.open_site_ids, solution.objective
    (('s1', 's3'), 2.0)
    """
    deadline = Deadline.start(solver.time_limit_seconds)
    weights = demand_weights(problem)
    reach = problem.travel.minutes <= coverage_minutes
    uncoverable = (weights > 0) & ~reach.any(axis=1)
    if uncoverable.any():
        ids = problem.demand.index[uncoverable].astype(str).tolist()
        nearest = problem.travel.minutes[uncoverable].min(axis=1)
        details = ", ".join(
            f"{demand_id!r} (nearest site {minutes:g} min)"
            for demand_id, minutes in zip(ids[:10], nearest[:10], strict=False)
        )
        more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
        msg = (
            f"set_covering: {len(ids)} demand point(s) with persons > 0 have no site within "
            f"{coverage_minutes:g} minutes: {details}{more}. Raise coverage_minutes or add "
            "candidate sites near them."
        )
        raise InfeasibleScenarioError(msg)
    fixed = existing_positions(problem)
    rows = _open_rows(reach, weights, fixed)
    if rows.n_rows == 0:
        return _coverage_solution(
            problem,
            "set_covering",
            fixed,
            SolveStatus.OPTIMAL,
            0.0,
            None,
            deadline,
            p=None,
            coverage_minutes=coverage_minutes,
            message="existing sites cover all demand",
        )
    outcome = minimum_cover(rows, solver, deadline)
    if outcome.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return unsolved_solution(
            "set_covering",
            outcome.status,
            "no cover found",
            solver_name=outcome.solver_name,
            solve_seconds=deadline.elapsed_seconds(),
        )
    chosen = np.union1d(fixed, outcome.sites).astype(np.int64)
    upper = float(chosen.size)
    lower = float(fixed.size + outcome.lower_bound)
    solution = _coverage_solution(
        problem,
        "set_covering",
        chosen,
        outcome.status,
        max(upper - lower, 0.0) / upper,
        None,
        deadline,
        p=None,
        coverage_minutes=coverage_minutes,
        message=(
            f"{outcome.components} component(s) after the reductions; lower bound {lower:g} sites"
        ),
        solver_name=outcome.solver_name,
    )
    if outcome.status is SolveStatus.OPTIMAL and solver.mip_gap == 0.0 and lower != upper:
        msg = f"set_covering: {upper:g} open sites reported optimal, lower bound {lower:g}"
        raise SolverError(msg)
    return solution


def verify_max_coverage(
    problem: Problem, solution: Solution, *, p: int, coverage_minutes: float
) -> None:
    """Re-check a maximal-covering solution from its ids, independently of the solver.

    Checks the open sites (exactly `p`, existing among them), the nearest-site minutes of every
    demand point, that exactly the points within `coverage_minutes` are served, and that the
    objective equals their persons.

    Parameters
    ----------
    problem
        The problem that was solved.
    solution
        Its solution.
    p
        Number of open sites asked for (count).
    coverage_minutes
        Coverage standard (minutes).

    Raises
    ------
    SolverError
        Listing every violation found.
    """
    violations = check_open_sites(problem, solution, p)
    violations += _check_coverage(problem, solution, coverage_minutes, require_all=False)
    raise_if_violations(solution, violations)


def verify_set_covering(problem: Problem, solution: Solution, *, coverage_minutes: float) -> None:
    """Re-check a set-covering solution from its ids, independently of the solver.

    Checks that existing sites are open, that every demand point with persons > 0 is within
    `coverage_minutes` of an open site, and that the objective is the number of open sites.

    Parameters
    ----------
    problem
        The problem that was solved.
    solution
        Its solution.
    coverage_minutes
        Coverage standard (minutes).

    Raises
    ------
    SolverError
        Listing every violation found.
    """
    violations = check_open_sites(problem, solution, None)
    violations += _check_coverage(problem, solution, coverage_minutes, require_all=True)
    if solution.objective is None or solution.objective != len(set(solution.open_site_ids)):
        violations.append(
            f"objective {solution.objective} is not the number of open sites "
            f"({len(set(solution.open_site_ids))})"
        )
    raise_if_violations(solution, violations)


def _check_coverage(
    problem: Problem, solution: Solution, coverage_minutes: float, *, require_all: bool
) -> list[str]:
    violations, by_demand = check_nearest_assignment(problem, solution)
    if violations:
        return violations
    travel = by_demand["travel_minutes"].to_numpy(dtype=float)
    persons = by_demand["demand_persons"].to_numpy(dtype=float)
    covered = travel <= coverage_minutes
    served = by_demand["site_id"].notna().to_numpy()
    if not require_all and not np.array_equal(served, covered):
        violations.append("served demand points are not exactly those within coverage_minutes")
    if require_all:
        short = by_demand.index[(persons > 0) & ~covered].tolist()
        if short:
            violations.append(
                f"demand points not covered within {coverage_minutes:g} min: {short[:5]}"
            )
    elif solution.objective is None or not objectives_match(
        float(persons[covered].sum()), solution.objective
    ):
        violations.append(
            f"objective {solution.objective} differs from covered persons {persons[covered].sum()}"
        )
    return violations


def _open_rows(
    reach: npt.NDArray[np.bool_], weights: npt.NDArray[np.float64], fixed: npt.NDArray[np.int64]
) -> CoverMatrix:
    """Coverage rows of the points with persons > 0 that some site reaches and no fixed site does."""
    needs = (weights > 0) & reach.any(axis=1)
    if fixed.size:
        needs &= ~reach[:, fixed].any(axis=1)
    return CoverMatrix.from_dense(reach[needs], weights[needs])


def _fill_up(chosen: npt.NDArray[np.int64], problem: Problem, p: int) -> npt.NDArray[np.int64]:
    """The chosen sites plus the first other sites in problem order until p are open."""
    others = np.setdiff1d(np.arange(len(problem.sites)), chosen)
    return np.sort(np.r_[chosen, others[: p - chosen.size]]).astype(np.int64)


def _coverage_solution(
    problem: Problem,
    model_kind: str,
    open_positions: npt.NDArray[np.int64],
    status: SolveStatus,
    gap: float | None,
    run: SolverRun | None,
    deadline: Deadline,
    *,
    p: int | None,
    coverage_minutes: float,
    message: str,
    solver_name: str | None = None,
) -> Solution:
    weights = demand_weights(problem)
    if model_kind == "max_coverage":
        reach_open = problem.travel.minutes[:, open_positions] <= coverage_minutes
        covered = np.asarray(reach_open.any(axis=1), dtype=np.bool_)
        assignments = build_assignments(problem, open_positions, served=covered)
        served = assignments["site_id"].notna().to_numpy()
        objective = float(weights[served].sum())
    else:
        assignments = build_assignments(problem, open_positions)
        objective = float(len(open_positions))
    site_ids = open_ids(problem, open_positions)
    solution = Solution(
        model_kind=model_kind,
        status=status,
        objective=objective,
        mip_gap=gap,
        solve_seconds=deadline.elapsed_seconds(),
        solver_name=solver_name or (run.solver_name if run is not None else "none"),
        open_site_ids=site_ids,
        assignments=pd.DataFrame(assignments),
        opened=build_opened(problem, site_ids),
        message=message,
    )
    if model_kind == "max_coverage":
        verify_max_coverage(problem, solution, p=p or 0, coverage_minutes=coverage_minutes)
    else:
        verify_set_covering(problem, solution, coverage_minutes=coverage_minutes)
    return solution
