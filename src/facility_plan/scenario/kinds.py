"""Solve a prepared scenario by its model kind and objective: least cost, priority, shares, phases, sizing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.config import CapacitatedConfig, PeriodTarget, PhasedConfig
from facility_plan.demand import compute_demand
from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError
from facility_plan.models import (
    CapacitatedSpec,
    MaxCoverageSpec,
    ModelSpec,
    PCenterSpec,
    PhasedSpec,
    PMedianSpec,
    SetCoveringSpec,
    Solution,
    SolverSettings,
)
from facility_plan.models.capacitated import capacitated_with_pulp
from facility_plan.problem import Problem
from facility_plan.scenario.result import PreparedScenario
from facility_plan.scenario.targets import year_demand_persons
from facility_plan.travel import TravelMatrix

BILLION_VND = 1e9
_COST_GRANULE_VND = 1e8
"""Least-cost step: a saving of this much (VND) outweighs any change in travel and penalties."""

_SHARE_STEP = 0.05
"""An unreachable overall served share is lowered by this step until a plan meets it."""

_TOKEN_PERSONS = 1e-6
_TOKEN_WEIGHT = 1e3
"""Cost-only solve: persons per row and objective weight per billion VND (travel is noise)."""

PERIOD_COLUMNS = (
    "year",
    "places",
    "places_new_in_period",
    "investment_vnd_in_period",
    "least_cost_vnd_in_period",
    "need_persons",
    "served_persons",
    "served_share",
    "unserved_persons",
    "mean_travel_minutes",
    "places_target",
    "served_share_target",
)


@dataclass(frozen=True, slots=True)
class PlanRun:
    """What the solve of a scenario found.

    Attributes
    ----------
    solution
        The network at the end of the plan, assigned to the scenario year's demand (tables).
    periods
        One row per period (one row for single-year kinds): places, investment (VND), need,
        served and unserved persons, mean minutes, the period's targets; see `PERIOD_COLUMNS`.
    least_cost_vnd
        Least-cost objective: the minimum investment that meets the targets (VND, summed over
        periods); None for the other objectives.
    """

    solution: Solution
    periods: pd.DataFrame
    least_cost_vnd: float | None


def solve_plan(prepared: PreparedScenario) -> PlanRun:
    """Solve the scenario's model kind with its objective (see `facility_plan.config.ModelConfig`).

    Raises
    ------
    InfeasibleScenarioError
        A solver that proves the targets infeasible or finds no plan in time.
    ScenarioConfigError
        Settings the kind cannot use (required districts outside the costed kinds).
    """
    model = prepared.config.model
    if isinstance(model, CapacitatedConfig):
        spec = _with_targets(
            prepared.spec,
            target_places=model.target_places,
            budget_vnd=model.budget_vnd,
        )
        solution, least_cost = solve_costed(
            prepared.problem,
            spec,
            model,
            prepared.solver,
            shares=(model.served_share, model.served_share_by_group),
            label=prepared.config.name,
        )
        periods = _period_frame([_period_row(prepared.config.year, solution, None, least_cost)])
        return PlanRun(solution, periods, least_cost)
    if isinstance(model, PhasedConfig):
        if model.objective.kind == "least_cost":
            return _phased_least_cost(prepared, model)
        return _phased_by_model(prepared, model)
    if model.required_districts:
        msg = f"model.required_districts: kind {model.kind!r} cannot require districts"
        raise ScenarioConfigError(msg)
    solution = _solve_uncapacitated(prepared)
    periods = _period_frame([_period_row(prepared.config.year, solution, None, None)])
    return PlanRun(solution, periods, None)


def kind_spec(prepared: PreparedScenario) -> ModelSpec:
    """The registered model spec of an uncapacitated kind (``p`` counts the existing centres)."""
    model = prepared.config.model
    existing = len(prepared.problem.existing_site_ids)
    p = existing + (model.new_facilities or 0)
    if model.kind == "p_median":
        return PMedianSpec(p=p)
    if model.kind == "p_center":
        return PCenterSpec(p=p)
    coverage = float(getattr(model, "coverage_minutes", 0.0))
    if model.kind == "max_coverage":
        return MaxCoverageSpec(p=p, coverage_minutes=coverage)
    return SetCoveringSpec(coverage_minutes=coverage)


def _with_targets(
    spec: CapacitatedSpec, *, target_places: float | None, budget_vnd: float | None
) -> CapacitatedSpec:
    return dataclasses.replace(spec, target_places=target_places, budget_vnd=budget_vnd)


# --- priority weights and served shares: the problem the solver sees -----------------------


def _weights(problem: Problem) -> npt.NDArray[np.float64]:
    if "priority_weight" not in problem.demand.columns:
        return np.ones(len(problem.demand))
    weights: npt.NDArray[np.float64] = (
        problem.demand["priority_weight"].fillna(1.0).to_numpy(dtype=float)
    )
    return weights


def _admin_limits(problem: Problem, spec: CapacitatedSpec) -> np.ndarray:
    """Per demand row, the farthest allowed minutes (max_assign and max_minutes_by_admin)."""
    limit = np.full(len(problem.demand), np.inf)
    if spec.max_assign_minutes is not None:
        limit[:] = spec.max_assign_minutes
    by_admin = dict(spec.max_minutes_by_admin or {})
    if by_admin:
        codes = problem.demand["admin_code"].astype(str)
        own = codes.map(by_admin).to_numpy(dtype=float)
        fallback = float(by_admin.get("*", np.inf))
        limit = np.minimum(limit, np.where(np.isnan(own), fallback, own))
    return limit


def objective_problem(problem: Problem, spec: CapacitatedSpec) -> tuple[Problem, CapacitatedSpec]:
    """The problem with priority weights in the travel minutes (limits applied first) and its spec.

    A commune of weight w counts each minute w times; the unserved penalty is raised to
    π · max w so that no commune is cheaper to leave unserved than before.
    """
    weights = _weights(problem)
    if np.allclose(weights, 1.0):
        return problem, spec
    actual = problem.travel.minutes
    limited = np.where(actual > _admin_limits(problem, spec)[:, None], np.inf, actual)
    travel = TravelMatrix(
        problem.travel.origin_ids,
        problem.travel.destination_ids,
        limited * weights[:, None],
        problem.travel.method,
    )
    penalty = None if spec.unserved_penalty is None else spec.unserved_penalty * weights.max()
    weighted = dataclasses.replace(problem, travel=travel)
    return weighted, dataclasses.replace(
        spec, unserved_penalty=penalty, max_assign_minutes=None, max_minutes_by_admin=None
    )


def share_problem(
    problem: Problem,
    spec: CapacitatedSpec,
    served_share: float | None,
    share_by_group: dict[str, float],
    unit: str,
) -> tuple[Problem, CapacitatedSpec]:
    """The problem relabelled so the model's per-unit share rows express the served shares.

    Served-share targets group the demand rows: each group with its own share, and the rows of
    all other groups together under ``served_share``; otherwise the equity unit ``district`` groups rows by
    district. Assignments are keyed by demand id, so the solution maps back unchanged.
    """
    demand = problem.demand
    if served_share is None and not share_by_group:
        if unit != "district":
            return problem, spec
        relabelled = demand.assign(admin_code=demand["district_code"].astype(str))
        return dataclasses.replace(problem, demand=relabelled), spec
    groups = demand["target_group"].astype(str)
    unknown = sorted(set(share_by_group) - set(groups))
    if unknown:
        msg = f"served_share_by_group: {unknown} not among the demand groups {sorted(set(groups))}"
        raise ScenarioConfigError(msg)
    labels = groups.where(groups.isin(list(share_by_group)), "rest")
    shares = {f"share:{g}": float(s) for g, s in share_by_group.items()}
    if served_share is not None:
        shares["share:rest"] = float(served_share)
    relabelled = demand.assign(admin_code="share:" + labels)
    return dataclasses.replace(problem, demand=relabelled), dataclasses.replace(
        spec, min_served_share_by_admin=shares
    )


def restore(problem: Problem, solution: Solution) -> Solution:
    """`solution` on the original problem: actual travel minutes on every assignment."""
    if not solution.has_solution or solution.assignments.empty:
        return solution
    assignments = solution.assignments.copy()
    served = assignments["site_id"].notna()
    rows = problem.demand.index.get_indexer(assignments.loc[served, "demand_id"])
    columns = problem.sites.index.get_indexer(assignments.loc[served, "site_id"].astype(str))
    assignments.loc[served, "travel_minutes"] = problem.travel.minutes[rows, columns]
    return dataclasses.replace(solution, assignments=assignments)


def investment_vnd(solution: Solution) -> float:
    """Investment of a solution: new centres and expansions (VND)."""
    if solution.opened.empty:
        return 0.0
    return float(solution.opened["open_cost_vnd"].sum())


# --- costed kinds: capacitated solves with the objective -----------------------------------


def solve_costed(
    problem: Problem,
    spec: CapacitatedSpec,
    model: CapacitatedConfig | PhasedConfig,
    solver: SolverSettings,
    *,
    shares: tuple[float | None, dict[str, float]],
    label: str,
) -> tuple[Solution, float | None]:
    """One capacitated solve with the scenario objective; returns the solution and the least cost.

    ``least_cost`` solves twice: the cheapest plan (investment weighted far above any travel),
    then the best travel among plans costing at most ``(1 + cost_tolerance_share)`` × that.
    An overall served share no plan can reach is lowered in steps of 0.05 until one can; the
    targets table reports the gap against the stated share.
    """
    served_share, by_group = shares
    while True:
        try:
            return _solve_costed_once(
                problem, spec, model, solver, shares=(served_share, by_group), label=label
            )
        except InfeasibleScenarioError:
            if served_share is None or served_share <= 0.0 or by_group:
                raise
            served_share = max(round(served_share - _SHARE_STEP, 6), 0.0)


def _solve_costed_once(
    problem: Problem,
    spec: CapacitatedSpec,
    model: CapacitatedConfig | PhasedConfig,
    solver: SolverSettings,
    *,
    shares: tuple[float | None, dict[str, float]],
    label: str,
) -> tuple[Solution, float | None]:
    shared, shared_spec = share_problem(
        problem, spec, shares[0], dict(shares[1]), model.equity_unit
    )
    solve_on, solve_spec = objective_problem(shared, shared_spec)
    objective = model.objective
    least_cost: float | None = None
    if objective.kind == "weighted":
        weight = float(objective.person_minutes_per_billion_vnd or 0.0) / BILLION_VND
        solve_spec = dataclasses.replace(solve_spec, open_cost_weight=weight)
    elif objective.kind == "least_cost":
        cheapest = _checked(_cheapest(solve_on, solve_spec, solver), label)
        least_cost = investment_vnd(cheapest)
        allowed = least_cost * (1.0 + objective.cost_tolerance_share) + 1.0
        if solve_spec.budget_vnd is not None:
            allowed = min(allowed, solve_spec.budget_vnd)
        solve_spec = dataclasses.replace(solve_spec, budget_vnd=allowed)
    solution = _checked(solve_spec.solve(solve_on, solver), label)
    return restore(problem, solution), least_cost


def _cheapest(problem: Problem, spec: CapacitatedSpec, solver: SolverSettings) -> Solution:
    """The least-investment plan meeting the targets (its travel is not optimised).

    Without served shares, no assignment can change what the targets need (places, counts,
    budgets, districts), so the solve keeps one token demand row and is a small problem in the
    tier choices alone; with shares, investment is weighted far above any travel and penalty.
    """
    if not spec.min_served_share_by_admin and spec.unserved_penalty is not None:
        token = pd.DataFrame(
            {"demand_persons": [_TOKEN_PERSONS], "admin_code": ["*"], "target_group": ["all"]},
            index=pd.Index(["token"], name=problem.demand.index.name),
        )
        travel = TravelMatrix(
            pd.Index(["token"], name=problem.travel.origin_ids.name),
            problem.travel.destination_ids,
            np.zeros((1, len(problem.sites))),
            problem.travel.method,
        )
        cost_only = dataclasses.replace(
            spec,
            open_cost_weight=_TOKEN_WEIGHT / BILLION_VND,
            max_assign_minutes=None,
            max_minutes_by_admin=None,
            single_source=False,
        )
        # The plain model: the reduced fast path reports no objective for a lone token row.
        return capacitated_with_pulp(
            dataclasses.replace(problem, demand=token, travel=travel), cost_only, solver
        )
    persons = problem.demand["demand_persons"].to_numpy(dtype=float)
    bound = float(persons.sum()) * float(spec.unserved_penalty or 1e4) + 1.0
    weighted = dataclasses.replace(spec, open_cost_weight=bound / _COST_GRANULE_VND)
    return weighted.solve(problem, solver)


def _checked(solution: Solution, label: str) -> Solution:
    if not solution.has_solution:
        msg = (
            f"{label}: no plan found (solver status {solution.status}, {solution.message!r}); "
            "relax the budget, the tiers, the shares or raise solver.time_limit_seconds"
        )
        raise InfeasibleScenarioError(msg)
    return solution


# --- phased plans ----------------------------------------------------------------------------


def _period_persons(prepared: PreparedScenario, year: int) -> pd.Series:
    """Persons per demand row in `year` (same calibration factor as the scenario year)."""
    year_demand = compute_demand(
        prepared.inputs.communes,
        prepared.inputs.districts,
        prepared.config.demand,
        year=year,
        calibration_factor=prepared.demand.calibration_factor,
    )
    return year_demand_persons(prepared.problem, year_demand)


def _phased_by_model(prepared: PreparedScenario, model: PhasedConfig) -> PlanRun:
    """Objective travel (or weighted, without cost): the multi-period model, every period at once."""
    problem = prepared.problem
    demand_by_period = pd.DataFrame(
        {str(p.year): _period_persons(prepared, p.year) for p in model.periods}
    )
    base = dataclasses.replace(prepared.spec, unserved_penalty=model.unserved_penalty_minutes)
    solve_on, solve_spec = objective_problem(problem, base)
    spec = PhasedSpec(
        demand_by_period=demand_by_period,
        budgets_vnd={str(p.year): p.budget_vnd for p in model.periods if p.budget_vnd},
        target_places={str(p.year): float(p.places) for p in model.periods if p.places},
        max_new_facilities=model.max_new_facilities or model.new_facilities,
        unserved_penalty=float(solve_spec.unserved_penalty or model.unserved_penalty_minutes),
    )
    plan = spec.solve_plan(solve_on, prepared.solver)
    if not plan.periods:
        msg = f"{prepared.config.name}: no phased plan found (solver status {plan.status})"
        raise InfeasibleScenarioError(msg)
    rows = []
    previous: set[str] = set()
    for period in model.periods:
        period_problem = dataclasses.replace(
            problem, demand=problem.demand.assign(demand_persons=demand_by_period[str(period.year)])
        )
        solution = restore(period_problem, plan.periods[str(period.year)])
        rows.append(_period_row(period.year, solution, period, None, previous=previous))
        previous = set(solution.open_site_ids)
    final = plan.periods[str(model.periods[-1].year)]
    return PlanRun(_at_scenario_year(prepared, final, set()), _period_frame(rows), None)


def _phased_least_cost(prepared: PreparedScenario, model: PhasedConfig) -> PlanRun:
    """Period by period: the cheapest additions meeting the period's targets, then best travel.

    Centres opened (and expansions made) in earlier periods stay open at their size; closures
    (``closable_existing``) are decided in the first period only.
    """
    problem = prepared.problem
    sites = problem.sites.copy()
    tiers = problem.site_tiers.copy()
    original_existing = set(problem.existing_site_ids.astype(str))
    opened_new: dict[str, pd.Series] = {}
    rows = []
    total_least = 0.0
    previous: set[str] = set()
    solution: Solution | None = None
    for number, period in enumerate(model.periods):
        period_problem = Problem(
            demand=problem.demand.assign(demand_persons=_period_persons(prepared, period.year)),
            sites=sites,
            travel=_columns(problem.travel, sites.index),
            site_tiers=tiers,
        )
        spec = dataclasses.replace(
            prepared.spec,
            target_places=period.places,
            budget_vnd=period.budget_vnd,
            closable_existing=model.closable_existing and number == 0,
            new_facilities=None,
            max_new_facilities=_remaining(model, opened_new),
            required_site_groups={
                g: [s for s in ids if s in sites.index]
                for g, ids in (prepared.spec.required_site_groups or {}).items()
                if not any(s in opened_new for s in ids)
            }
            or None,
        )
        solution, least = solve_costed(
            period_problem,
            spec,
            model,
            prepared.solver,
            shares=(period.served_share, period.served_share_by_group),
            label=f"{prepared.config.name} ({period.year})",
        )
        total_least += least or 0.0
        opened = solution.opened.set_index("site_id")
        for site_id, info in opened.iterrows():
            if info["status"] == "new":
                opened_new[str(site_id)] = pd.concat([info, pd.Series({"opened_in": period.year})])
        solution = _mark_new(solution, opened_new)
        rows.append(_period_row(period.year, solution, period, least, previous=previous))
        previous = set(solution.open_site_ids)
        sites, tiers = _fix_open(sites, tiers, solution, original_existing)
    assert solution is not None  # periods has at least one entry (validated)
    final = _at_scenario_year(prepared, solution, set(opened_new))
    return PlanRun(final, _period_frame(rows), total_least)


def _remaining(model: PhasedConfig, opened_new: dict[str, pd.Series]) -> int | None:
    cap = model.max_new_facilities or model.new_facilities
    return None if cap is None else max(cap - len(opened_new), 0)


def _columns(travel: TravelMatrix, site_ids: pd.Index) -> TravelMatrix:
    positions = travel.destination_ids.get_indexer(site_ids)
    return TravelMatrix(
        travel.origin_ids,
        pd.Index(site_ids, name=travel.destination_ids.name),
        np.array(travel.minutes[:, positions]),
        travel.method,
    )


def _fix_open(
    sites: pd.DataFrame, tiers: pd.DataFrame, solution: Solution, original_existing: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sites for the next period: open ones existing at their size, closed existing ones dropped."""
    opened = solution.opened.set_index("site_id")
    closed = [s for s in original_existing if s in sites.index and s not in opened.index]
    sites = sites.drop(index=closed)
    now_open = [s for s in opened.index if s in sites.index]
    sites.loc[now_open, "status"] = "existing"
    sites.loc[now_open, "capacity_places"] = opened.loc[now_open, "capacity_places"].to_numpy(float)
    sites.loc[now_open, "open_cost_vnd"] = 0.0
    newly = [s for s in now_open if s not in original_existing]
    tiers = tiers[~tiers["site_id"].isin(newly) & tiers["site_id"].isin(sites.index)]
    return sites, tiers


def _mark_new(solution: Solution, opened_new: dict[str, pd.Series]) -> Solution:
    """Centres opened in any period keep status ``new`` with their tier and investment."""
    opened = solution.opened.copy()
    for position, site_id in enumerate(opened["site_id"].astype(str)):
        if site_id in opened_new:
            info = opened_new[site_id]
            opened.loc[opened.index[position], "status"] = "new"
            opened.loc[opened.index[position], "tier_id"] = info["tier_id"]
            opened.loc[opened.index[position], "open_cost_vnd"] = float(info["open_cost_vnd"])
    return dataclasses.replace(solution, opened=opened)


def _at_scenario_year(prepared: PreparedScenario, network: Solution, new_ids: set[str]) -> Solution:
    """The final network with the scenario year's demand assigned to it (a transport LP)."""
    fixed = prepared.problem.with_fixed_sites(
        network.opened.set_index("site_id")["capacity_places"].astype(float)
    )
    spec = CapacitatedSpec(
        new_facilities=0,
        unserved_penalty=prepared.spec.unserved_penalty,
        max_assign_minutes=prepared.spec.max_assign_minutes,
    )
    solve_on, solve_spec = objective_problem(fixed, spec)
    assigned = restore(fixed, _checked(solve_spec.solve(solve_on, prepared.solver), "final"))
    return dataclasses.replace(
        assigned,
        model_kind=network.model_kind,
        opened=network.opened.assign(
            status=[
                "new" if s in new_ids or status == "new" else status
                for s, status in zip(
                    network.opened["site_id"], network.opened["status"], strict=True
                )
            ]
        ),
        message=network.message,
    )


# --- uncapacitated kinds -----------------------------------------------------------------------


def _solve_uncapacitated(prepared: PreparedScenario) -> Solution:
    """p-median, coverage or p-center on priority-weighted persons; new centres sized by tiers."""
    problem = prepared.problem
    weights = _weights(problem)
    weighted = dataclasses.replace(
        problem,
        demand=problem.demand.assign(demand_persons=problem.demand["demand_persons"] * weights),
    )
    solution = _checked(kind_spec(prepared).solve(weighted, prepared.solver), prepared.config.name)
    assignments = solution.assignments.copy()
    weight_of = pd.Series(weights, index=problem.demand.index.astype(str))
    assignments["demand_persons"] = assignments["demand_persons"] / assignments["demand_id"].astype(
        str
    ).map(weight_of)
    load = assignments.dropna(subset=["site_id"]).groupby("site_id")["demand_persons"].sum()
    tiers = sorted(prepared.config.model.size_tiers, key=lambda t: t.capacity_places)
    opened = solution.opened.copy()
    for position, row in enumerate(opened.itertuples(index=False)):
        if row.status == "existing":
            continue
        persons = float(load.get(row.site_id, 0.0))
        tier = next((t for t in tiers if t.capacity_places >= persons), tiers[-1])
        label = opened.index[position]
        opened.loc[label, ["status", "tier_id"]] = ["new", tier.tier_id]
        opened.loc[label, ["capacity_places", "open_cost_vnd"]] = [
            float(tier.capacity_places),
            float(tier.investment_vnd),
        ]
    return dataclasses.replace(solution, assignments=assignments, opened=opened)


# --- period table ------------------------------------------------------------------------------


def _period_row(
    year: int,
    solution: Solution,
    period: PeriodTarget | None,
    least_cost: float | None,
    *,
    previous: set[str] | None = None,
) -> dict[str, object]:
    opened = solution.opened
    assignments = solution.assignments
    served = assignments.dropna(subset=["site_id"])
    need = float(assignments["demand_persons"].sum())
    new_now = opened[(opened["status"] == "new") & ~opened["site_id"].isin(previous or set())]
    persons = float(served["demand_persons"].sum())
    return {
        "year": year,
        "places": float(opened["capacity_places"].sum()),
        "places_new_in_period": float(new_now["capacity_places"].sum()),
        "investment_vnd_in_period": float(new_now["open_cost_vnd"].sum())
        + float(opened.loc[opened["status"] == "existing", "open_cost_vnd"].sum()),
        "least_cost_vnd_in_period": least_cost,
        "need_persons": need,
        "served_persons": persons,
        "served_share": persons / need if need else None,
        "unserved_persons": need - persons,
        "mean_travel_minutes": float(
            (served["travel_minutes"] * served["demand_persons"]).sum() / persons
        )
        if persons
        else None,
        "places_target": period.places if period is not None else None,
        "served_share_target": period.served_share if period is not None else None,
    }


def _period_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
