r"""p-median radius formulation (García–Labbé–Marín) solved with level refinement.

For demand point :math:`i` with weight :math:`w_i` (persons), let
:math:`D_{i0} < D_{i1} < \dots` be its distinct finite travel minutes to the sites. With
:math:`y_j \in \{0, 1\}` (site open) and :math:`z_{ik} \in [0, 1]` (":math:`i` is at least
:math:`D_{ik}` minutes from every open site"):

.. math::

    \min \sum_i w_i \Big(D_{i0} + \sum_{k \ge 1} (D_{ik} - D_{i,k-1})\, z_{ik}\Big)
    \quad\text{s.t.}\quad
    z_{ik} \ge z_{i,k-1} - \sum_{j:\, d_{ij} = D_{i,k-1}} y_j \;(z_{i0} \equiv 1),\qquad
    \sum_j y_j = p,\qquad y_j = 1 \text{ for fixed sites}.

Only the levels up to a per-point threshold are built (first the point's minutes in a good
plan). Dropping the higher levels under-estimates the cost, so each MIP optimum is a lower
bound. When the optimal sites put a point beyond its threshold, that point's levels are extended
to its true minutes and the MIP is solved again; when the true cost of the MIP's sites equals the
MIP objective, they are optimal.

References
----------
S. García, M. Labbé, A. Marín (2011). Solving large p-median problems with a radius formulation.
INFORMS Journal on Computing 23(4):546–556.
S. Elloumi (2010). A computational study of a new p-median formulation.
Discrete Applied Mathematics 158(5):393–402.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pulp

from facility_plan.errors import SolverError
from facility_plan.models._p_median_heuristic import PMedianData, interchange
from facility_plan.models._status import SolverSettings, run_solver
from facility_plan.models._uncapacitated import Deadline
from facility_plan.models.solution import SolveStatus

_REACH_FACTOR = 1.5


@dataclass(frozen=True, slots=True, eq=False)
class RadiusOutcome:
    """What the radius search found on its (possibly reduced) problem.

    Attributes
    ----------
    infeasible
        True when no plan of p sites reaches every demand point.
    best_open
        Best plan found (column positions of the problem searched), empty when none beats the
        cutoff.
    best_cost
        Its cost (person-minutes; inf when none).
    lower_bound
        Lower bound on every plan of the problem searched (person-minutes).
    rounds
        MIP solves.
    level_count
        Distance levels with a variable in the last model.
    solver_name
        Solver used.
    stop_reason
        Why the search stopped before a proof, "" when it proved its result.
    """

    infeasible: bool
    best_open: npt.NDArray[np.int64]
    best_cost: float
    lower_bound: float
    rounds: int
    level_count: int
    solver_name: str
    stop_reason: str


def initial_reach(
    data: PMedianData, open_positions: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Minutes up to which each point's levels are built first (before refinement).

    The larger of 1.5 × the minutes to the nearest open site and the minutes to the second-nearest
    open site of a good plan: most points stay within that in the optimum.
    """
    sub = np.sort(data.cost[:, open_positions], axis=1)
    nearest = sub[:, 0]
    second = sub[:, 1] if sub.shape[1] > 1 else nearest
    return np.maximum(_REACH_FACTOR * nearest, second)


def radius_search(
    data: PMedianData,
    start_open: npt.NDArray[np.int64],
    *,
    cutoff: float,
    deadline: Deadline,
    solver: SolverSettings,
) -> RadiusOutcome:
    """Radius-formulation MIPs with level refinement until proven, or out of time.

    Parameters
    ----------
    data
        The p-median arrays (possibly reduced to the sites that can be in a better plan).
    start_open
        A good plan of `data` (column positions) to build the first levels around.
    cutoff
        Cost of a plan known outside `data` (person-minutes, inf for none): the search stops
        as soon as it proves that nothing here beats it.
    deadline
        Wall-clock deadline of the whole p-median run.
    solver
        Solver settings; each MIP gets the time left before `deadline`.

    Returns
    -------
    RadiusOutcome
    """
    best_open = np.sort(start_open)
    best_cost = data.true_cost(best_open)
    model = _LevelModel(data)
    model.extend_to(initial_reach(data, best_open))
    lower_bound = model.trivial_lower_bound()
    solver_name: str = solver.name
    rounds = 0
    stop_reason = ""
    while not data.closed(min(best_cost, cutoff), lower_bound, solver.mip_gap):
        remaining = deadline.remaining_seconds()
        if remaining is not None and remaining <= 0:
            stop_reason = "time limit reached"
            break
        rounds += 1
        run = run_solver(model.lp, dataclasses.replace(solver, time_limit_seconds=remaining))
        solver_name = run.solver_name
        if run.status is SolveStatus.INFEASIBLE:
            return RadiusOutcome(
                True, np.empty(0, dtype=np.int64), np.inf, np.inf, rounds, 0, solver_name, ""
            )
        if run.objective is None:
            stop_reason = f"solver stopped without a solution ({run.message})"
            break
        if run.mip_gap is not None:
            lower_bound = max(lower_bound, run.objective - run.mip_gap * abs(run.objective))
        mip_open = model.open_positions()
        mip_cost = data.true_cost(mip_open)
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
        if not data.closed(min(best_cost, cutoff), lower_bound, solver.mip_gap):
            improved = interchange(data, mip_open, deadline)
            improved_cost = data.true_cost(improved)
            if improved_cost < best_cost:
                best_open, best_cost = improved, improved_cost
            model.extend_to(data.minutes[:, mip_open].min(axis=1))
    return RadiusOutcome(
        False,
        best_open,
        best_cost,
        lower_bound,
        rounds,
        model.level_count,
        solver_name,
        stop_reason,
    )


class _LevelModel:
    """The radius-formulation PuLP model, grown level by level (private)."""

    def __init__(self, data: PMedianData) -> None:
        self.data = data
        self.lp = pulp.LpProblem("p_median_radius", pulp.LpMinimize)
        self.open_site = [
            pulp.LpVariable(f"open_{j}", lowBound=0, upBound=1, cat=pulp.LpBinary)
            for j in range(data.n_sites)
        ]
        for j in data.fixed:
            self.open_site[int(j)].lowBound = 1
        self.lp += (pulp.lpSum(self.open_site) == data.p, "open_count")
        self.sorted_sites: list[npt.NDArray[np.int64]] = []
        self.levels: list[npt.NDArray[np.float64]] = []
        self.level_starts: list[npt.NDArray[np.int64]] = []
        has_unreachable = np.asarray(~np.isfinite(data.minutes).all(axis=1), dtype=bool)
        for i in range(data.n_points):
            row = data.minutes[i]
            reachable = np.flatnonzero(np.isfinite(row))
            order = reachable[np.argsort(row[reachable], kind="stable")]
            levels, starts = np.unique(row[order], return_index=True)
            self.sorted_sites.append(order)
            self.levels.append(levels)
            self.level_starts.append(starts)
            if has_unreachable[i]:
                self.lp += (
                    pulp.lpSum(self.open_site[int(j)] for j in reachable) >= 1,
                    f"reach_{i}",
                )
        self.built_levels = np.ones(data.n_points, dtype=np.int64)
        self.previous_level: list[pulp.LpVariable | None] = [None] * data.n_points
        self.objective_terms: dict[pulp.LpVariable, float] = {}
        self.objective_constant = float(
            sum(w * lv[0] for w, lv in zip(data.weights, self.levels, strict=True))
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
        weights = self.data.weights
        for i in range(self.data.n_points):
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
