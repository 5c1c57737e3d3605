r"""Capacitated location with existing centres, new centres sized by tiers, a place target and a budget.

Formulation (all sums over allowed pairs; ``E`` existing sites, ``C`` candidates, ``T_j`` tiers of j):

.. math::

    \min \; \sum_{i,j} t_{ij} x_{ij} + \pi \sum_i u_i + \omega \sum_{j \in C, k \in T_j} f_{jk} y_{jk}

subject to

.. math::

    \sum_j x_{ij} + u_i = d_i \;\; \forall i, \qquad
    \sum_i x_{ij} \le Q_j \;\; (j \in E), \qquad
    \sum_i x_{ij} \le \sum_{k} q_{jk} y_{jk} \;\; (j \in C), \qquad
    \sum_k y_{jk} \le 1,

    x_{ij} \le d_i \sum_k y_{jk} \;\; (j \in C), \qquad
    \sum_{j,k} y_{jk} = p, \qquad
    \sum_{j \in E} Q_j + \sum_{j,k} q_{jk} y_{jk} \ge P, \qquad
    \sum_{j,k} f_{jk} y_{jk} \le B,

with :math:`x_{ij} \ge 0` persons of demand *i* served at *j* (single-source: :math:`x_{ij} = d_i a_{ij}`,
:math:`a_{ij}` binary), :math:`u_i \ge 0` unserved persons (forced to 0 when no penalty is given),
:math:`y_{jk}` binary "open candidate *j* at tier *k*", travel minutes :math:`t_{ij}`, capacities
:math:`Q, q` (places), costs :math:`f` (VND), place target *P* and budget *B*.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from facility_plan.errors import ProblemError
from facility_plan.models._capacitated_arrays import CapacitatedArrays, build_capacitated_arrays
from facility_plan.models._capacitated_checks import (
    check_capacitated_feasibility,
    verify_capacitated_spec,
)
from facility_plan.models._capacitated_heuristic import openings, warm_start_columns
from facility_plan.models._capacitated_highs import solve_with_highs
from facility_plan.models._capacitated_lagrangian import lagrangian_search
from facility_plan.models._capacitated_pulp import solve_with_pulp
from facility_plan.models._status import SolverRun, SolverSettings, available_solvers
from facility_plan.models.solution import Solution, SolveStatus
from facility_plan.problem import Problem

__all__ = [
    "CapacitatedChoice",
    "CapacitatedSpec",
    "capacitated",
    "capacitated_with_pulp",
    "check_capacitated_feasibility",
]

_VALUE_EPS = 1e-6
_LAGRANGIAN_SECONDS = 30.0  # at most this long (and _LAGRANGIAN_SHARE of the limit) before the MIP
# Where column generation is still raising the bound at the deadline, the MIP that follows rarely
# closes in the time left (vinh_long_2025_baseline: bound within 1 % after 6 s unloaded, over 10 s
# on a loaded machine, then 10 s of MIP without a proof); the bound is the better use of time.
_LAGRANGIAN_SHARE = 0.75
# Relative gap above which HiGHS keeps its own primal heuristics. Below it the gap is the bound's,
# not the incumbent's: on ninh_binh_2025_baseline (0.26 %) RINS/RENS sub-MIPs took 13 of the MIP's
# 25 s and found nothing better; without them the MIP proved the incumbent optimal in 2.5 s.
_WEAK_INCUMBENT = 0.05
_ABSOLUTE_GAP = 1e-6  # HiGHS's mip_abs_gap: a gap this small proves optimality


@dataclass(frozen=True, slots=True)
class CapacitatedSpec:
    """The settings of one capacitated model: the keyword arguments of `capacitated`.

    Attributes are documented in `capacitated` (minutes, persons, places, VND).
    """

    kind: ClassVar[str] = "capacitated"

    new_facilities: int | None = None
    target_places: float | None = None
    budget_vnd: float | None = None
    unserved_penalty: float | None = None
    open_cost_weight: float = 0.0
    max_new_facilities: int | None = None
    single_source: bool = False
    max_assign_minutes: float | None = None
    required_site_groups: Mapping[str, Sequence[str]] | None = None
    strong_links: bool = True
    budget_by_ownership_vnd: Mapping[str, float] | None = None
    max_minutes_by_admin: Mapping[str, float] | None = None
    min_served_share_by_admin: Mapping[str, float] | None = None
    closable_existing: bool = False
    initial_open_site_ids: Sequence[str] | None = None

    def solve(self, problem: Problem, solver: SolverSettings = SolverSettings()) -> Solution:
        """Solve this model on `problem` (see `capacitated`)."""
        return capacitated(
            problem,
            new_facilities=self.new_facilities,
            target_places=self.target_places,
            budget_vnd=self.budget_vnd,
            unserved_penalty=self.unserved_penalty,
            open_cost_weight=self.open_cost_weight,
            max_new_facilities=self.max_new_facilities,
            single_source=self.single_source,
            max_assign_minutes=self.max_assign_minutes,
            required_site_groups=self.required_site_groups,
            strong_links=self.strong_links,
            budget_by_ownership_vnd=self.budget_by_ownership_vnd,
            max_minutes_by_admin=self.max_minutes_by_admin,
            min_served_share_by_admin=self.min_served_share_by_admin,
            closable_existing=self.closable_existing,
            initial_open_site_ids=self.initial_open_site_ids,
            solver=solver,
        )


@dataclass(frozen=True, slots=True)
class CapacitatedChoice:
    """What a solve chose, by position and id, before it becomes a `Solution`.

    Attributes
    ----------
    assignments
        (demand position, site position, persons) of every positive assignment.
    new_tiers
        (site_id, tier_id) of each new centre.
    expansions
        (site_id, tier_id) of each expanded existing site.
    closed_existing
        Ids of existing sites closed (only with ``closable_existing``).
    """

    assignments: tuple[tuple[int, int, float], ...]
    new_tiers: tuple[tuple[str, str], ...]
    expansions: tuple[tuple[str, str], ...]
    closed_existing: tuple[str, ...]


def capacitated(
    problem: Problem,
    *,
    new_facilities: int | None = None,
    target_places: float | None = None,
    budget_vnd: float | None = None,
    unserved_penalty: float | None = None,
    open_cost_weight: float = 0.0,
    max_new_facilities: int | None = None,
    single_source: bool = False,
    max_assign_minutes: float | None = None,
    required_site_groups: Mapping[str, Sequence[str]] | None = None,
    strong_links: bool = True,
    budget_by_ownership_vnd: Mapping[str, float] | None = None,
    max_minutes_by_admin: Mapping[str, float] | None = None,
    min_served_share_by_admin: Mapping[str, float] | None = None,
    closable_existing: bool = False,
    initial_open_site_ids: Sequence[str] | None = None,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    """Choose new sites and a size tier each, keep existing centres open, assign demand to capacity.

    Parameters
    ----------
    problem
        Demand (persons), sites (existing with capacity in places; candidates with tiers) and
        travel minutes.
    new_facilities
        Exact number of new centres to open; None leaves it to the objective.
    target_places
        The network (existing + new) must reach this many places.
    budget_vnd
        Upper bound on Σ open_cost_vnd of new centres (VND).
    unserved_penalty
        Objective cost of one unserved person (in travel minutes); None forbids unserved demand.
    open_cost_weight
        Objective weight per VND of opening cost (0: costs only constrain through the budget).
    max_new_facilities
        At most this many new centres (used when `new_facilities` is None).
    single_source
        Assign each demand point whole to one site.
    max_assign_minutes
        Pairs farther than this (minutes) are not allowed.
    required_site_groups
        Named groups of candidate site ids; each group must receive at least one new centre.
    strong_links
        Use ``x_ij ≤ d_i · open_j`` for candidates (tighter LP bound, more rows; the fast path
        adds them where they pay: up front for each demand's nearest sites, then where violated).
    budget_by_ownership_vnd
        Investment budget per ownership (``public``, ``non_public``; VND) for new centres and
        expansions; needs an ``ownership`` column in ``problem.sites``.
    max_minutes_by_admin
        Equity: demand of an admin unit is never assigned farther than this (minutes); the key
        ``"*"`` applies to every unit without its own entry.
    min_served_share_by_admin
        Equity: at least this share (0–1) of each admin unit's demand is served; key ``"*"`` as above.

    closable_existing
        Existing sites may close. A kept existing site costs its ``open_cost_vnd`` (e.g. running
        cost) times `open_cost_weight` in the objective; closing it saves that and removes its
        places (the place target then counts only kept sites).
    initial_open_site_ids
        Candidate site ids to try first as the new centres (a warm start, e.g. the previous
        solve of a sweep); it never changes the optimum, only how fast it is found. Ignored by
        the PuLP path.
    solver
        Solver settings, passed whole to every solve. With ``highs`` the reduced model is built
        from numpy arrays and solved in highspy; with ``cbc`` the plain PuLP model is used.

    Existing sites with rows in ``problem.site_tiers`` can be expanded by one of those tiers
    (capacity added, cost counted in the budgets, not counted as a new centre).

    Returns
    -------
    Solution
        Status from the solver; assignments include unserved rows (site_id NA); ``opened`` lists
        every open site with its tier, places and cost. Verified independently before returning.

    Raises
    ------
    InfeasibleScenarioError
        When a pre-solve check shows the targets cannot be met (message in planner's numbers).
    SolverError
        When the solution breaks the full model (see `verify_capacitated_spec`).
    """
    spec = CapacitatedSpec(
        new_facilities=new_facilities,
        target_places=target_places,
        budget_vnd=budget_vnd,
        unserved_penalty=unserved_penalty,
        open_cost_weight=open_cost_weight,
        max_new_facilities=max_new_facilities,
        single_source=single_source,
        max_assign_minutes=max_assign_minutes,
        required_site_groups=required_site_groups,
        strong_links=strong_links,
        budget_by_ownership_vnd=budget_by_ownership_vnd,
        max_minutes_by_admin=max_minutes_by_admin,
        min_served_share_by_admin=min_served_share_by_admin,
        closable_existing=closable_existing,
        initial_open_site_ids=initial_open_site_ids,
    )
    _check(problem, spec)
    # Single-source assignment goes through the PuLP model: the array model merges demand rows with
    # identical travel rows, which is exact only when a row's demand may be split across sites
    # (a hypothesis example with single_source found the merged model off by 80 person-minutes).
    if solver.name != "highs" or "highs" not in available_solvers() or spec.single_source:
        return capacitated_with_pulp(problem, spec, solver)
    arrays = build_capacitated_arrays(problem, spec)
    run, values = _solve_fast(problem, arrays, spec, solver)
    persons = problem.demand["demand_persons"].to_numpy(dtype=float)
    choice = None if values is None else _choice_from_arrays(arrays, values, persons)
    return _to_solution(problem, spec, run, choice)


def capacitated_with_pulp(
    problem: Problem,
    spec: CapacitatedSpec,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    """Solve `spec` with the plain, unreduced PuLP model (the CBC path; the fast path's reference).

    Parameters
    ----------
    problem
        The problem.
    spec
        The model settings.
    solver
        Solver settings (``highs`` through PuLP, or ``cbc``).

    Returns
    -------
    Solution
        Verified against the full model, like `capacitated`'s.
    """
    _check(problem, spec)
    run, choice = solve_with_pulp(problem, spec, solver)
    return _to_solution(problem, spec, run, choice)


def _check(problem: Problem, spec: CapacitatedSpec) -> None:
    check_capacitated_feasibility(
        problem,
        new_facilities=spec.new_facilities,
        target_places=spec.target_places,
        budget_vnd=spec.budget_vnd,
        unserved_allowed=spec.unserved_penalty is not None,
        required_site_groups=dict(spec.required_site_groups or {}),
    )


def _warm_start_positions(problem: Problem, spec: CapacitatedSpec) -> np.ndarray:
    site_ids = [str(s) for s in problem.sites.index]
    wanted = [str(s) for s in spec.initial_open_site_ids or ()]
    unknown = sorted(set(wanted) - set(site_ids))
    if unknown:
        msg = f"initial_open_site_ids: unknown site ids {unknown[:5]}"
        raise ProblemError(msg)
    position = {sid: n for n, sid in enumerate(site_ids)}
    return np.array([position[s] for s in dict.fromkeys(wanted)], dtype=np.int64)


def _solve_fast(
    problem: Problem, arrays: CapacitatedArrays, spec: CapacitatedSpec, solver: SolverSettings
) -> tuple[SolverRun, np.ndarray | None]:
    """Lagrangian bound and heuristic first; the MIP (on the tiers left) only if needed.

    The run is "optimal" only when a bound proves it: the Lagrangian bound meeting the incumbent
    within HiGHS's own tolerances (``mip_gap`` relative, 1e-6 absolute), or HiGHS's proof on the
    model with the tiers fixed to 0 that cannot beat the incumbent.
    """
    started = time.perf_counter()
    structure = openings(arrays)
    if structure is None:
        return solve_with_highs(arrays, solver)
    limit = solver.time_limit_seconds
    budget = (
        _LAGRANGIAN_SECONDS
        if limit is None
        else min(_LAGRANGIAN_SECONDS, _LAGRANGIAN_SHARE * limit)
    )
    starts = warm_start_columns(structure, _warm_start_positions(problem, spec))
    result = lagrangian_search(
        arrays, structure, starts, started + budget, gap_target=solver.mip_gap
    )
    incumbent, bound = result.incumbent, result.lower_bound
    if incumbent is not None:
        gap = max(incumbent.objective - bound, 0.0)
        if gap <= _ABSOLUTE_GAP or gap <= solver.mip_gap * abs(incumbent.objective):
            run = SolverRun(
                SolveStatus.OPTIMAL,
                incumbent.objective,
                gap / max(abs(incumbent.objective), 1e-10),
                time.perf_counter() - started,
                "highs",
                "Optimal (Lagrangian bound meets the incumbent)",
            )
            return run, incumbent.values
    upper = arrays.column_upper.copy()
    upper[result.closed_columns] = 0.0
    still_open = np.array(
        [bool((upper[c] > 0).any()) if c.size else True for c in arrays.site_columns]
    )
    upper[: arrays.pair_site.size][~still_open[arrays.pair_site]] = 0.0
    linked = upper[arrays.link_column] > 0
    reduced = dataclasses.replace(
        arrays,
        column_upper=upper,
        link_column=arrays.link_column[linked],
        link_site=arrays.link_site[linked],
    )
    weak = incumbent is None or incumbent.objective - bound > _WEAK_INCUMBENT * abs(
        incumbent.objective
    )
    remaining = None if limit is None else max(limit - (time.perf_counter() - started), 0.0)
    run, values = solve_with_highs(
        reduced,
        dataclasses.replace(solver, time_limit_seconds=remaining),
        incumbent=None if incumbent is None else incumbent.values,
        heuristics=weak,
    )
    final_gap: float | None = run.mip_gap
    if run.status is SolveStatus.FEASIBLE and run.objective is not None:
        lagrangian_gap = max(run.objective - bound, 0.0) / max(abs(run.objective), 1e-10)
        final_gap = lagrangian_gap if final_gap is None else min(final_gap, lagrangian_gap)
    run = dataclasses.replace(run, mip_gap=final_gap, solve_seconds=time.perf_counter() - started)
    return run, values


def _choice_from_arrays(
    arrays: CapacitatedArrays, values: np.ndarray, persons: np.ndarray
) -> CapacitatedChoice:
    """Assignments split back from demand groups to their rows in proportion to persons."""
    shares = np.clip(values[: arrays.pair_group.size], 0.0, 1.0)
    # A closed site's capacity row forces its shares to 0; what the solver leaves there is
    # within its feasibility tolerance, so it is dropped (and shows up as unserved noise).
    site_open = np.array([values[c].sum() > 0.5 if c.size else True for c in arrays.site_columns])
    shares[~site_open[arrays.pair_site]] = 0.0
    assignments = tuple(
        (row, int(arrays.pair_site[column]), float(shares[column]) * float(persons[row]))
        for column in np.nonzero(shares > 0.0)[0].tolist()
        for row in arrays.group_members[arrays.pair_group[column]].tolist()
    )
    tiers = values[arrays.tier_start : arrays.expansion_start] > 0.5
    expansions = values[arrays.expansion_start : arrays.keep_start] > 0.5
    kept = values[arrays.keep_start : arrays.n_columns] > 0.5
    return CapacitatedChoice(
        assignments=assignments,
        new_tiers=tuple(k for k, chosen in zip(arrays.tier_keys, tiers, strict=True) if chosen),
        expansions=tuple(
            k for k, chosen in zip(arrays.expansion_keys, expansions, strict=True) if chosen
        ),
        closed_existing=tuple(
            s for s, keep in zip(arrays.keep_site_ids, kept, strict=True) if not keep
        ),
    )


def _to_solution(
    problem: Problem, spec: CapacitatedSpec, run: SolverRun, choice: CapacitatedChoice | None
) -> Solution:
    """The verified `Solution` of a run (empty when the run has no incumbent)."""
    if choice is None or run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return Solution(
            model_kind="capacitated",
            status=run.status,
            objective=None,
            mip_gap=run.mip_gap,
            solve_seconds=run.solve_seconds,
            solver_name=run.solver_name,
            open_site_ids=(),
            message=run.message,
        )
    sites = problem.sites
    capacity = sites["capacity_places"].astype(float)
    expansion_table = problem.site_tiers.astype({"site_id": str, "tier_id": str}).set_index(
        ["site_id", "tier_id"]
    )
    tier_table = problem.tiers_for_candidates().set_index(["site_id", "tier_id"])
    expansion_of = dict(choice.expansions)
    opened_rows = []
    for site_id in (str(s) for s in problem.existing_site_ids):
        if site_id in choice.closed_existing:
            continue
        key = (site_id, expansion_of[site_id]) if site_id in expansion_of else None
        extra = float(expansion_table.loc[key, "capacity_places"]) if key else 0.0
        opened_rows.append(
            {
                "site_id": site_id,
                "status": "existing",
                "tier_id": key[1] if key else "",
                "capacity_places": float(capacity.loc[site_id]) + extra,
                "open_cost_vnd": float(expansion_table.loc[key, "open_cost_vnd"]) if key else 0.0,
                "keep_cost_vnd": float(sites.loc[site_id, "open_cost_vnd"])
                if spec.closable_existing
                else 0.0,
            }
        )
    for key in choice.new_tiers:
        opened_rows.append(
            {
                "site_id": key[0],
                "status": "new",
                "tier_id": key[1],
                "capacity_places": float(tier_table.loc[key, "capacity_places"]),
                "open_cost_vnd": float(tier_table.loc[key, "open_cost_vnd"]),
            }
        )
    opened = pd.DataFrame(opened_rows)
    demand = problem.demand["demand_persons"].to_numpy(dtype=float)
    demand_ids = [str(d) for d in problem.demand.index]
    site_ids = [str(s) for s in sites.index]
    minutes = problem.travel.minutes
    rows: list[dict[str, object]] = []
    served = np.zeros(len(demand_ids))
    for i, j, persons in choice.assignments:
        if persons > _VALUE_EPS:
            rows.append(
                {
                    "demand_id": demand_ids[i],
                    "site_id": site_ids[j],
                    "demand_persons": float(persons),
                    "travel_minutes": float(minutes[i, j]),
                }
            )
            served[i] += persons
    for i, demand_id in enumerate(demand_ids):
        remaining = float(demand[i]) - float(served[i])
        if remaining > _VALUE_EPS * max(1.0, float(demand[i])):
            rows.append(
                {
                    "demand_id": demand_id,
                    "site_id": None,
                    "demand_persons": remaining,
                    "travel_minutes": np.nan,
                }
            )
    assignments = pd.DataFrame(
        rows, columns=["demand_id", "site_id", "demand_persons", "travel_minutes"]
    )
    solution = Solution(
        model_kind="capacitated",
        status=run.status,
        objective=run.objective,
        mip_gap=run.mip_gap,
        solve_seconds=run.solve_seconds,
        solver_name=run.solver_name,
        open_site_ids=tuple(opened["site_id"]) if not opened.empty else (),
        assignments=assignments,
        opened=opened,
        message=run.message,
    )
    verify_capacitated_spec(problem, solution, spec)
    return solution
