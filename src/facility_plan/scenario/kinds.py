"""Solve a prepared scenario by its model kind and objective: least cost, priority, shares, phases, sizing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
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
)
from facility_plan.problem import Problem
from facility_plan.scenario.objective import (
    _checked,
    _weights,
    objective_problem,
    restore,
    solve_costed,
)
from facility_plan.scenario.result import PreparedScenario
from facility_plan.scenario.targets import year_demand_persons
from facility_plan.travel import TravelMatrix

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
