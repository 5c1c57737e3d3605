"""Run a scenario end to end: prepare (inputs, demand, problem), solve, tabulate, summarise."""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.demand import compute_demand
from facility_plan.io import read_scenario_inputs
from facility_plan.labels.notes import travel_note
from facility_plan.models import Solution, check_capacitated_feasibility
from facility_plan.models.explain import Explanation, explain_capacitated
from facility_plan.programme import compute_programme
from facility_plan.scenario.access import add_accessibility
from facility_plan.scenario.assemble import build_problem, model_spec, solver_settings
from facility_plan.scenario.kinds import solve_plan
from facility_plan.scenario.plain import capacity_sentences, plain_summary
from facility_plan.scenario.result import (
    PreparedScenario,
    ProgressCallback,
    ScenarioResult,
    no_progress,
)
from facility_plan.scenario.summary import (
    DemandAnchorSummary,
    DemandCalibration,
    DemandRange,
    FacilityPrecision,
    GroupService,
    NewSiteSummary,
    ScenarioSummary,
    TravelFacts,
    TypeCapacity,
)
from facility_plan.scenario.tables import (
    capacity_by_type_table,
    commune_table,
    district_table,
    group_service_table,
    land_reservation_table,
    resources_table,
    served_and_unserved,
    site_table,
    weighted_mean,
)
from facility_plan.scenario.targets import targets_table

log = logging.getLogger(__name__)

COVERAGE_BANDS_MINUTES = (30.0, 60.0)


def prepare_scenario(
    config: ScenarioConfig, *, on_step: ProgressCallback = no_progress
) -> PreparedScenario:
    """Read and check the inputs, estimate demand and assemble the problem, without solving.

    The same steps `run_scenario` takes before its solve; ``facility-plan validate`` stops here
    after the pre-solve feasibility check.

    Raises
    ------
    InputDataError
        Bad input tables or codes.
    """
    on_step("reading and checking inputs")
    inputs = read_scenario_inputs(config)
    on_step("estimating demand")
    demand = compute_demand(
        inputs.communes,
        inputs.districts,
        config.demand,
        year=config.year,
        source=inputs.sources.get("communes", "communes"),
    )
    log.info("%s", demand.describe_basis("en"))
    on_step(f"computing travel minutes ({config.travel.method})")
    problem, groups, travel = build_problem(config, inputs, demand)
    return PreparedScenario(
        config=config,
        inputs=inputs,
        demand=demand,
        problem=problem,
        required_site_groups=groups,
        spec=model_spec(config, groups),
        solver=solver_settings(config),
        travel=travel,
    )


def check_feasibility(prepared: PreparedScenario) -> None:
    """Check before solving that the targets can be met (places, centres, budget, districts).

    Raises
    ------
    InfeasibleScenarioError
        Explained in the planner's numbers.
    """
    spec = prepared.spec
    check_capacitated_feasibility(
        prepared.problem,
        new_facilities=spec.new_facilities,
        target_places=spec.target_places,
        budget_vnd=spec.budget_vnd,
        unserved_allowed=spec.unserved_penalty is not None,
        required_site_groups=spec.required_site_groups or {},
    )


def run_scenario(
    config: ScenarioConfig, *, on_step: ProgressCallback = no_progress
) -> ScenarioResult:
    """Run a scenario end to end (no files written).

    Parameters
    ----------
    config
        A validated scenario (see `facility_plan.config.load_scenario`).
    on_step
        Called with a short description at the start of each step (for progress displays);
        silent by default.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    InputDataError
        Bad input tables or codes.
    InfeasibleScenarioError
        Targets that cannot be met, explained in places, centres and VND; or a solver that found
        the model infeasible.
    """
    prepared = prepare_scenario(config, on_step=on_step)
    on_step(f"solving the location model ({config.model.kind}, {config.solver.name})")
    plan = solve_plan(prepared)
    on_step("tabulating results")
    return tabulate(prepared, plan.solution, periods=plan.periods)


def explain_scenario(result: ScenarioResult, *, try_extra_site: bool = True) -> Explanation:
    """Binding constraints and marginal values (one more place, centre, million VND) of a result.

    Every re-solve uses the run's own model specification and solver settings.
    """
    return explain_capacitated(
        result.problem, result.solution, result.spec, result.solver, try_extra_site=try_extra_site
    )


def tabulate(
    prepared: PreparedScenario, solution: Solution, *, periods: pd.DataFrame | None = None
) -> ScenarioResult:
    """Turn a solution into the run's tables, targets, plain-language lines and summary.

    `periods` (from `facility_plan.scenario.kinds.solve_plan`) gives a phased plan's periods.
    """
    config, inputs, demand, problem = (
        prepared.config,
        prepared.inputs,
        prepared.demand,
        prepared.problem,
    )
    assignments, served, unserved = served_and_unserved(problem, solution)
    communes = commune_table(config, inputs, demand, problem, solution, served, unserved)
    sites = site_table(config, inputs, solution, served)
    districts = district_table(communes, inputs.districts)
    communes, districts = add_accessibility(problem, solution, communes, districts)
    land = land_reservation_table(config, sites)
    resources = resources_table(config, demand, served, sites)
    targets = targets_table(
        config,
        inputs,
        problem,
        demand,
        solution,
        resources,
        spec=prepared.spec,
        solver=prepared.solver,
        periods=periods,
    )
    plain = plain_summary(
        demand, problem, communes, districts, year=config.year, language=config.outputs.language
    )
    programme = (
        compute_programme(
            config,
            communes=inputs.communes,
            districts=inputs.districts,
            facilities=inputs.facilities,
        )
        if config.programme is not None
        else None
    )
    summary = build_summary(prepared, solution, communes, sites, resources, targets, plain)
    if programme is not None:
        summary = replace(summary, programme=dict(programme.summary()))
    return ScenarioResult(
        config=config,
        inputs=inputs,
        demand=demand,
        problem=problem,
        solution=solution,
        communes=communes,
        sites=sites,
        districts=districts,
        land_reservation=land,
        assignments=assignments,
        resources=resources,
        targets=targets,
        plain_summary=summary.plain_summary,  # the district lines and the capacity lines
        required_site_groups=dict(prepared.required_site_groups),
        programme=programme,
        spec=prepared.spec,
        solver=prepared.solver,
        summary=summary,
    )


def _share(part: float, whole: float) -> float | None:
    return float(part / whole) if whole else None


def build_summary(
    prepared: PreparedScenario,
    solution: Solution,
    communes: pd.DataFrame,
    sites: pd.DataFrame,
    resources: pd.DataFrame,
    targets: pd.DataFrame,
    plain: tuple[str, ...],
) -> ScenarioSummary:
    """The run's key figures and the facts every output states.

    Besides the totals: the demand basis (estimate with its range and the anchors beside it, or
    calibrated), places, use and idle places per centre type, and need, served and unserved
    persons per target group.
    """
    config, demand, problem = prepared.config, prepared.demand, prepared.problem
    served = solution.assignments.dropna(subset=["site_id"])
    _, served_rows, unserved_rows = served_and_unserved(problem, solution)
    group_service = group_service_table(config, demand, served_rows, unserved_rows)
    by_type = capacity_by_type_table(config, sites, group_service)
    capacity_by_type = tuple(
        TypeCapacity(
            facility_type=str(facility_type),
            centres=int(row["centres"]),
            places=float(row["places"]),
            used_persons=float(row["used_persons"]),
            idle_places=float(row["idle_places"]),
            idle_wrong_type_places=float(row["idle_wrong_type_places"]),
            groups_taken=tuple(row["groups_taken"]),
        )
        for facility_type, row in by_type.iterrows()
    )
    groups_served = tuple(
        GroupService(
            group=str(group),
            label_vi=str(row["label_vi"]),
            need_persons=float(row["need_persons"]),
            low_persons=float(row["low_persons"]),
            high_persons=float(row["high_persons"]),
            served_persons=float(row["served_persons"]),
            unserved_persons=float(row["unserved_persons"]),
            served_by_types=tuple(row["served_by_types"]),
            apportioned=bool(row["apportioned"]),
        )
        for group, row in group_service.iterrows()
    )
    matching = "by_type" if config.model.match_groups_to_types else "pooled"
    capacity_lines = capacity_sentences(
        capacity_by_type,
        groups_served,
        matching=matching,
        group_status={str(g): str(st) for g, st in demand.groups["status"].items()},
        language=config.outputs.language,
    )
    demand_total = float(problem.demand["demand_persons"].sum())
    nearest = communes["nearest_open_minutes"]
    within = {
        band: _share(float(communes.loc[nearest <= band, "demand_persons"].sum()), demand_total)
        for band in COVERAGE_BANDS_MINUTES
    }
    new_sites = sites[sites["status"] == "new"]
    existing = sites[sites["status"] == "existing"]
    mean_minutes = weighted_mean(served["travel_minutes"], served["demand_persons"])
    travel = config.travel
    facilities = prepared.inputs.facilities
    imprecise = facilities[facilities["location_precision"].astype(str) != "address"]
    return ScenarioSummary(
        scenario=config.name,
        title_vi=config.title_vi,
        year=config.year,
        model=config.model.kind,
        status=str(solution.status),
        objective_person_minutes=solution.objective,
        mip_gap=solution.mip_gap,
        solver=solution.solver_name,
        solve_seconds=round(solution.solve_seconds, 3),
        demand_persons=demand_total,
        demand_calibration=DemandCalibration(
            raw_total_persons=demand.raw_total_persons,
            factor=demand.calibration_factor,
            calibrated_total_persons=demand.calibrated_total_persons,
            description=demand.describe_basis(config.outputs.language),
        ),
        demand_groups=tuple(demand.groups.reset_index().to_dict(orient="records")),
        assumptions_flagged=tuple(demand.placeholder_groups),
        places_existing=float(existing["capacity_places"].sum()),
        places_new=float(new_sites["capacity_places"].sum()),
        places_total=float(sites["capacity_places"].sum()),
        target_places=config.model.target_places,
        facilities_total=len(sites),
        investment_new_vnd=float(new_sites["open_cost_vnd"].sum()),
        served_persons=solution.served_persons,
        unserved_persons=solution.unserved_persons,
        served_share=_share(solution.served_persons, demand_total),
        mean_travel_minutes=mean_minutes,
        max_travel_minutes=float(served["travel_minutes"].max()) if not served.empty else None,
        demand_within_30_minutes_share=within[30.0],
        demand_within_60_minutes_share=within[60.0],
        travel_model=TravelFacts(
            method=travel.method,
            detour_factor=travel.detour_factor,
            speed_kmh=travel.speed_kmh,
            roads=str(travel.roads) if travel.roads else None,
            pairs_by_method=dict(prepared.travel.pairs_by_method),
            description_vi=travel_note(
                pairs_by_method=prepared.travel.pairs_by_method,
                detour_factor=travel.detour_factor,
                speed_kmh=travel.speed_kmh,
                language="vi",
                class_speeds=travel.class_speeds(),
            ),
            description_en=travel_note(
                pairs_by_method=prepared.travel.pairs_by_method,
                detour_factor=travel.detour_factor,
                speed_kmh=travel.speed_kmh,
                language="en",
                class_speeds=travel.class_speeds(),
            ),
        ),
        new_sites=tuple(
            NewSiteSummary(
                site_id=str(row["site_id"]),
                name=str(row["name_vi"]),
                commune=str(row["commune_name_vi"]),
                district=str(row["district_name_vi"]),
                tier=str(row["tier_id"]),
                capacity_places=float(row["capacity_places"]),
                assigned_persons=round(float(row["assigned_persons"]), 1),
            )
            for _, row in new_sites.iterrows()
        ),
        boundaries=prepared.inputs.boundary_source,
        staff_total_persons=int(resources["total_staff"].sum()),
        recurring_cost_vnd_per_year=float(resources["recurring_cost_vnd_per_year"].sum()),
        targets=tuple(targets.to_dict(orient="records")),
        plain_summary=(*plain, *capacity_lines),
        facilities_imprecise=tuple(
            FacilityPrecision(name=str(row["name_vi"]), location_precision=str(precision))
            for (_, row), precision in zip(
                imprecise.iterrows(), imprecise["location_precision"], strict=True
            )
        ),
        warnings=tuple(
            problem.text(prepared.config.outputs.language) for problem in prepared.inputs.warnings
        ),
        demand_range=DemandRange(
            basis="calibrated" if demand.is_calibrated else "estimate",
            central_persons=demand.raw_total_persons,
            low_persons=demand.low_total_persons,
            high_persons=demand.high_total_persons,
            modelled_persons=demand_total,
            population_persons=demand.population_persons,
            anchors=tuple(
                DemandAnchorSummary(
                    key=anchor.key,
                    low_persons=anchor.low_persons,
                    high_persons=anchor.high_persons,
                    basis_vi=anchor.basis_vi,
                    basis_en=anchor.basis_en,
                    source=anchor.source,
                    status=anchor.status,
                )
                for anchor in demand.anchors
            ),
            description_vi=demand.describe_basis("vi"),
            description_en=demand.describe_basis("en"),
        ),
        capacity_matching=matching,
        capacity_by_type=capacity_by_type,
        groups_served=groups_served,
    )
