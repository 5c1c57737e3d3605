"""Run a scenario: read inputs, estimate demand, compute travel minutes, solve, and tabulate the results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.boundaries import boundaries_or_cells, read_boundaries
from facility_plan.config import ScenarioConfig
from facility_plan.demand import DemandEstimate, compute_demand
from facility_plan.errors import DataProblem, InfeasibleScenarioError, InputDataError
from facility_plan.io import (
    compute_land_places,
    read_candidate_sites,
    read_communes,
    read_districts,
    read_facilities,
)
from facility_plan.models import Solution, SolveStatus, capacitated
from facility_plan.models.explain import Explanation, explain_capacitated
from facility_plan.problem import Problem
from facility_plan.resources import (
    compute_recurring_cost_vnd,
    compute_staffing,
    land_norm_m2_per_place,
    split_by_group_mix,
)
from facility_plan.roads import AreaTravel, StraightLineFallback, compute_travel_from_roads
from facility_plan.travel import TravelMatrix, compute_straight_line_matrix

log = logging.getLogger(__name__)

URBAN_UNIT_TYPES = ("phuong", "thi_tran")
NEW_FACILITY_TYPE = "general"
COVERAGE_BANDS_MINUTES = (30.0, 60.0)


@dataclass(frozen=True, slots=True)
class ScenarioInputs:
    """Validated inputs of a scenario (all points in EPSG:4326).

    Attributes
    ----------
    communes
        Commune-level units indexed by admin_code.
    districts
        District census figures indexed by district_code.
    facilities
        Existing facilities indexed by facility_id.
    candidate_sites
        Candidate sites indexed by site_id, with ``max_places`` (places; NaN = any tier).
    cells
        Commune polygons indexed by admin_code (EPSG:4326): supplied boundaries where given,
        approximate Voronoi cells otherwise (``boundary_quality`` says which).
    """

    communes: gpd.GeoDataFrame
    districts: pd.DataFrame
    facilities: gpd.GeoDataFrame
    candidate_sites: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """Everything a scenario run produced, ready for maps, tables and reports.

    Attributes
    ----------
    config
        The scenario.
    inputs
        Its validated inputs.
    demand
        Demand estimate (persons by commune and group, with the calibration).
    problem
        The aligned problem given to the model.
    solution
        The model's solution.
    communes
        Per commune (EPSG:4326 points): name, district, demand, served and unserved persons,
        main centre, mean and max travel minutes.
    sites
        Open sites (EPSG:4326 points): name, status (existing / new), tier, places, persons assigned.
    districts
        Per district: demand, served, unserved persons, mean and max travel minutes.
    land_reservation
        For each new centre: district and commune that reserve land, places, land in m², year.
    assignments
        The solution's assignments with ``admin_code`` and ``target_group`` added (persons, minutes).
    resources
        Per open centre: residents by group, minimum staff (Circular 33/2017), yearly nurture
        cost floor (VND), investment (VND).
    targets
        Per plan year: people in need, the plan's targets (persons, shares) and what the plan
        delivers (places, residents served, shares).
    plain_summary
        Plain-language lines per district for the planner.
    required_site_groups
        District code → candidate site ids that had to receive a new centre.
    summary
        Key figures (JSON-serialisable).
    """

    config: ScenarioConfig
    inputs: ScenarioInputs
    demand: DemandEstimate
    problem: Problem
    solution: Solution
    communes: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    districts: pd.DataFrame
    land_reservation: pd.DataFrame
    assignments: pd.DataFrame = field(default_factory=pd.DataFrame)
    resources: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    plain_summary: tuple[str, ...] = ()
    required_site_groups: dict[str, list[str]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)


def load_inputs(config: ScenarioConfig) -> ScenarioInputs:
    """Read and validate every input table of a scenario, and check its references.

    Raises
    ------
    InputDataError
        Listing every problem: missing files or columns, bad values, unknown admin or district codes.
    """
    inputs = config.inputs
    problems: list[DataProblem] = []
    communes = districts = facilities = None
    for label, reader in (("communes", read_communes), ("districts", read_districts)):
        try:
            frame = reader(getattr(inputs, label))
        except InputDataError as err:
            problems.extend(
                err.problems or [DataProblem(str(getattr(inputs, label)), None, None, str(err))]
            )
            continue
        if label == "communes":
            communes = frame
        else:
            districts = frame
    try:
        facilities = read_facilities(inputs.facilities, communes=communes)
    except InputDataError as err:
        problems.extend(err.problems)
    candidate_sites = None
    if inputs.candidate_sites != "all_communes":
        try:
            candidate_sites = read_candidate_sites(inputs.candidate_sites, communes=communes)
        except InputDataError as err:
            problems.extend(err.problems)
    if problems:
        raise InputDataError(problems)
    if communes is None or districts is None or facilities is None:  # pragma: no cover
        msg = "inputs could not be read"
        raise InputDataError(msg)
    problems += _check_scenario_codes(config, communes, districts)
    if problems:
        raise InputDataError(problems)
    if candidate_sites is None:
        candidate_sites = candidates_at_communes(communes)
    else:
        candidate_sites = _cap_by_land(config, communes, candidate_sites)
    supplied = None
    if inputs.boundaries is not None:
        supplied = read_boundaries(
            inputs.boundaries,
            code_column=inputs.boundary_code_column,
            level="commune",
            known_codes=list(communes.index),
        )
    cells = boundaries_or_cells(communes, supplied, crs=config.crs)
    return ScenarioInputs(communes, districts, facilities, candidate_sites, cells)


def _cap_by_land(
    config: ScenarioConfig, communes: gpd.GeoDataFrame, candidate_sites: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Limit each parcel's places to what its land allows (area ÷ land norm of its commune)."""
    if "area_m2" not in candidate_sites.columns:
        return candidate_sites
    urban = candidate_sites["admin_code"].map(communes["unit_type"]).isin(URBAN_UNIT_TYPES)
    norms = config.resources
    capped = candidate_sites.copy()
    for is_urban, norm in (
        (True, norms.land_m2_per_place_urban),
        (False, norms.land_m2_per_place_rural),
    ):
        rows = urban == is_urban
        capped.loc[rows, "max_places"] = compute_land_places(
            candidate_sites.loc[rows], land_m2_per_place=norm
        )
    return capped


def _check_scenario_codes(
    config: ScenarioConfig, communes: pd.DataFrame, districts: pd.DataFrame
) -> list[DataProblem]:
    source = str(config.scenario_path or "scenario")
    problems = []
    for key in ("required_districts", "allowed_districts"):
        for code in getattr(config.model, key):
            if code not in districts.index:
                problems.append(
                    DataProblem(
                        source,
                        None,
                        f"model.{key}",
                        f"unknown district {code!r}; known: {sorted(districts.index)}",
                    )
                )
    communes_source = communes.attrs.get("source", "communes")
    for row_number, code in enumerate(communes["district_code"], start=1):
        if code not in districts.index:
            problems.append(
                DataProblem(
                    communes_source, row_number, "district_code", f"unknown district {code!r}"
                )
            )
    return problems


def candidates_at_communes(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One candidate site at each commune centroid (site_id ``C-<admin_code>``), any size tier."""
    candidates = gpd.GeoDataFrame(
        {
            "site_id": [f"C-{code}" for code in communes.index],
            "admin_code": communes.index.to_numpy(),
            "name_vi": communes["name_vi"].to_numpy(),
            "max_places": np.nan,
        },
        geometry=communes.geometry.to_numpy(),
        crs=communes.crs,
    )
    return candidates.set_index(pd.Index(candidates["site_id"], name="site_id"))


def compute_travel(
    config: ScenarioConfig, origins: gpd.GeoDataFrame, destinations: gpd.GeoDataFrame
) -> tuple[TravelMatrix, pd.Series]:
    """Travel minutes commune → site by the scenario's method, and the number of pairs per method.

    Returns
    -------
    tuple
        The matrix and a Series ``method → pairs`` (straight-line only: all pairs ``straight_line``).
    """
    settings = config.travel
    if settings.method == "straight_line":
        matrix = compute_straight_line_matrix(
            origins,
            destinations,
            crs=config.crs,
            detour_factor=settings.detour_factor,
            speed_kmh=settings.speed_kmh,
        )
        return matrix, pd.Series({"straight_line": matrix.minutes.size}, name="pairs")
    fallback_speed = AreaTravel(speed_kmh=settings.speed_kmh, detour_factor=settings.detour_factor)
    result = compute_travel_from_roads(
        settings.roads,
        origins,
        destinations,
        crs=config.crs,
        class_column=settings.road_class_column,
        speed_column=settings.speed_column,
        oneway_column=settings.oneway_column,
        cutoff_minutes=settings.cutoff_minutes,
        fallback=StraightLineFallback(
            urban=fallback_speed,
            rural=fallback_speed,
            mountainous=fallback_speed,
            max_snap_distance_m=settings.max_snap_distance_m,
        ),
    )
    return result.travel, result.method_counts()


def build_problem(
    config: ScenarioConfig, inputs: ScenarioInputs, demand: DemandEstimate
) -> tuple[Problem, dict[str, list[str]]]:
    """Assemble the `Problem` (demand at commune centroids, existing + candidate sites, tiers).

    Returns
    -------
    tuple
        The problem and the required site groups (district code → candidate site ids).
    """
    model = config.model
    communes = inputs.communes
    district_of = communes["district_code"]
    candidates = inputs.candidate_sites.copy()
    candidates["district_code"] = candidates["admin_code"].map(district_of)
    if model.allowed_districts:
        candidates = candidates[candidates["district_code"].isin(model.allowed_districts)]
    facilities = inputs.facilities
    site_points = pd.concat(
        [
            facilities[["admin_code", "geometry"]],
            candidates[["admin_code", "geometry"]],
        ]
    )
    site_points = gpd.GeoDataFrame(site_points, geometry="geometry", crs=communes.crs)
    sites = pd.DataFrame(
        {
            "status": ["existing"] * len(facilities) + ["candidate"] * len(candidates),
            "capacity_places": np.concatenate(
                [facilities["capacity_places"].to_numpy(float), np.full(len(candidates), np.nan)]
            ),
            "open_cost_vnd": 0.0,
            "admin_code": site_points["admin_code"].to_numpy(),
        },
        index=pd.Index(site_points.index.astype(str), name="site_id"),
    )
    tier_rows = []
    for site_id, max_places in candidates["max_places"].items():
        for tier in model.size_tiers:
            if np.isnan(max_places) or tier.capacity_places <= max_places:
                tier_rows.append(
                    {
                        "site_id": str(site_id),
                        "tier_id": tier.tier_id,
                        "capacity_places": float(tier.capacity_places),
                        "open_cost_vnd": float(tier.investment_vnd),
                    }
                )
    site_tiers = pd.DataFrame(
        tier_rows, columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd"]
    )
    sites["facility_type"] = np.concatenate(
        [
            facilities["facility_type"].to_numpy(dtype=object),
            np.full(len(candidates), NEW_FACILITY_TYPE),
        ]
    )
    commune_travel, pair_methods = compute_travel(config, communes, site_points)
    if model.match_groups_to_types:
        demand_frame, travel = _demand_by_group(config, demand, commune_travel, sites)
    else:
        demand_frame = pd.DataFrame(
            {
                "demand_persons": demand.by_commune["demand_persons"].to_numpy(),
                "admin_code": communes.index.to_numpy(),
                "target_group": "all",
            },
            index=pd.Index(communes.index.astype(str), name="demand_id"),
        )
        travel = commune_travel
    problem = Problem(demand=demand_frame, sites=sites, travel=travel, site_tiers=site_tiers)
    problem.sites.attrs["travel_pair_methods"] = pair_methods.to_dict()
    groups = {
        code: [str(s) for s in candidates.index[candidates["district_code"] == code]]
        for code in model.required_districts
    }
    return problem, groups


def _demand_by_group(
    config: ScenarioConfig,
    demand: DemandEstimate,
    commune_travel: TravelMatrix,
    sites: pd.DataFrame,
) -> tuple[pd.DataFrame, TravelMatrix]:
    """One demand row per (commune, target group); pairs a site's type does not serve are unreachable."""
    rows = []
    minutes_rows = []
    site_types = sites["facility_type"].to_numpy()
    for group_name, settings in config.demand.groups.items():
        serves = np.isin(site_types, settings.served_by_types)
        persons = demand.by_commune[group_name]
        for position, (admin_code, value) in enumerate(persons.items()):
            if value <= 0:
                continue
            rows.append(
                {
                    "demand_id": f"{admin_code}|{group_name}",
                    "demand_persons": float(value),
                    "admin_code": admin_code,
                    "target_group": group_name,
                }
            )
            minutes_rows.append(np.where(serves, commune_travel.minutes[position], np.inf))
    demand_frame = pd.DataFrame(rows).set_index("demand_id")
    travel = TravelMatrix(
        origin_ids=pd.Index(demand_frame.index, name="origin_id"),
        destination_ids=commune_travel.destination_ids,
        minutes=np.vstack(minutes_rows),
        method=commune_travel.method,
    )
    return demand_frame, travel


ProgressCallback = Callable[[str], None]


def model_settings(config: ScenarioConfig, groups: Mapping[str, list[str]]) -> dict[str, Any]:
    """Keyword arguments of `facility_plan.models.capacitated` for a scenario."""
    model = config.model
    return {
        "new_facilities": model.new_facilities,
        "target_places": model.target_places,
        "budget_vnd": model.budget_vnd,
        "unserved_penalty": model.unserved_penalty_minutes,
        "max_assign_minutes": model.max_assign_minutes,
        "required_site_groups": dict(groups),
        "solver": config.solver.name,
        "time_limit_seconds": config.solver.time_limit_seconds,
        "mip_gap": config.solver.mip_gap,
        "threads": config.solver.threads,
    }


def explain_scenario(result: ScenarioResult, *, try_extra_site: bool = True) -> Explanation:
    """Binding constraints and marginal values (one more place, centre, million VND) of a result."""
    groups = {
        code: [str(s) for s in result.problem.candidate_site_ids if s in members]
        for code, members in result.required_site_groups.items()
    }
    return explain_capacitated(
        result.problem,
        result.solution,
        model_settings(result.config, groups),
        try_extra_site=try_extra_site,
    )


def no_progress(_step: str) -> None:
    """Default progress callback: silent."""


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
    on_step("reading and checking inputs")
    inputs = load_inputs(config)
    on_step("estimating demand")
    demand = compute_demand(inputs.communes, inputs.districts, config.demand, year=config.year)
    log.info("%s", demand.describe_calibration())
    on_step(f"computing travel minutes ({config.travel.method})")
    problem, groups = build_problem(config, inputs, demand)
    model = config.model
    on_step(f"solving the location model ({config.solver.name})")
    settings = model_settings(config, groups)
    solution = capacitated(problem, **settings)
    if solution.status is SolveStatus.INFEASIBLE:
        msg = (
            f"{config.name}: the solver proved the targets infeasible (new centres "
            f"{model.new_facilities}, target {model.target_places} places, budget "
            f"{model.budget_vnd}); relax the budget, the tiers or the required districts"
        )
        raise InfeasibleScenarioError(msg)
    if not solution.has_solution:
        msg = (
            f"{config.name}: no solution found within {config.solver.time_limit_seconds:g} s "
            f"(solver status {solution.message!r}); raise solver.time_limit_seconds"
        )
        raise InfeasibleScenarioError(msg)
    on_step("tabulating results")
    return _tabulate(config, inputs, demand, problem, solution, groups)


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else float("nan")


def _tabulate(
    config: ScenarioConfig,
    inputs: ScenarioInputs,
    demand: DemandEstimate,
    problem: Problem,
    solution: Solution,
    groups: Mapping[str, list[str]],
) -> ScenarioResult:
    communes = inputs.communes
    admin_of = problem.demand["admin_code"]
    group_of = problem.demand["target_group"]
    assignments = solution.assignments.assign(
        admin_code=lambda f: f["demand_id"].map(admin_of),
        target_group=lambda f: f["demand_id"].map(group_of),
    )
    served = assignments.dropna(subset=["site_id"])
    unserved = assignments[assignments["site_id"].isna()]

    by_site = served.groupby(["admin_code", "site_id"])["demand_persons"].sum().reset_index()
    main_site = (
        by_site.sort_values("demand_persons", ascending=False)
        .drop_duplicates("admin_code")
        .set_index("admin_code")["site_id"]
    )
    commune_table = communes[
        ["name_vi", "unit_type", "district_code", "district_name_vi", "population_persons"]
    ].copy()
    commune_table["demand_persons"] = demand.by_commune["demand_persons"]
    for group in config.demand.groups:
        commune_table[f"demand_{group}_persons"] = demand.by_commune[group]
        commune_table[f"eligible_{group}_persons"] = demand.eligible[group]
    commune_table["eligible_persons"] = demand.eligible.sum(axis=1)
    commune_table["community_persons"] = demand.community.sum(axis=1)
    commune_table["served_persons"] = (
        served.groupby("admin_code")["demand_persons"].sum().reindex(communes.index, fill_value=0.0)
    )
    commune_table["unserved_persons"] = (
        unserved.groupby("admin_code")["demand_persons"]
        .sum()
        .reindex(communes.index, fill_value=0.0)
    )
    commune_table["main_site_id"] = main_site.reindex(communes.index)
    served_minutes = served.assign(weighted=served["travel_minutes"] * served["demand_persons"])
    sums = served_minutes.groupby("admin_code")[["weighted", "demand_persons"]].sum()
    commune_table["mean_travel_minutes"] = (sums["weighted"] / sums["demand_persons"]).reindex(
        communes.index
    )
    commune_table["max_travel_minutes"] = (
        served.groupby("admin_code")["travel_minutes"].max().reindex(communes.index)
    )
    minutes_frame = problem.travel.to_frame()
    open_ids = list(solution.open_site_ids)
    nearest = minutes_frame[open_ids].min(axis=1).groupby(admin_of).min()
    commune_table["nearest_open_minutes"] = nearest.reindex(communes.index)
    commune_gdf = gpd.GeoDataFrame(commune_table, geometry=communes.geometry, crs=communes.crs)

    site_table = _site_table(config, inputs, solution, served)
    district_table = _district_table(commune_gdf, inputs.districts)
    land = _land_reservation(config, site_table)
    resources = _resources_table(config, demand, served, site_table)
    targets = _targets_table(config, inputs, problem, demand, solution, resources)
    plain = _plain_summary(config, demand, problem, commune_gdf, district_table)
    summary = _summary(config, demand, problem, solution, commune_gdf, site_table)
    summary["staff_total_persons"] = int(resources["total_staff"].sum())
    summary["recurring_cost_vnd_per_year"] = float(resources["recurring_cost_vnd_per_year"].sum())
    summary["targets"] = targets.to_dict(orient="records")
    summary["plain_summary"] = list(plain)
    return ScenarioResult(
        config=config,
        inputs=inputs,
        demand=demand,
        problem=problem,
        solution=solution,
        communes=commune_gdf,
        sites=site_table,
        districts=district_table,
        land_reservation=land,
        assignments=assignments,
        resources=resources,
        targets=targets,
        plain_summary=plain,
        required_site_groups=dict(groups),
        summary=summary,
    )


def _site_table(
    config: ScenarioConfig, inputs: ScenarioInputs, solution: Solution, served: pd.DataFrame
) -> gpd.GeoDataFrame:
    facilities = inputs.facilities
    candidates = inputs.candidate_sites
    communes = inputs.communes
    opened = solution.opened.set_index("site_id")
    rows = []
    geometries = []
    load = served.groupby("site_id")["demand_persons"].sum()
    weighted = (
        (served["travel_minutes"] * served["demand_persons"]).groupby(served["site_id"]).sum()
    )
    for site_id, info in opened.iterrows():
        if info["status"] == "existing":
            record = facilities.loc[site_id]
            name = record["name_vi"]
            facility_type = record["facility_type"]
            ownership = record["ownership"]
            precision = record["location_precision"]
        else:
            record = candidates.loc[site_id]
            commune_name = communes.loc[record["admin_code"], "name_vi"]
            name = f"Cơ sở mới tại {commune_name}"
            facility_type = "general"
            ownership = config.model.new_ownership
            precision = "commune"
        admin_code = record["admin_code"]
        persons = float(load.get(site_id, 0.0))
        rows.append(
            {
                "site_id": site_id,
                "name_vi": name,
                "status": info["status"],
                "facility_type": facility_type,
                "ownership": ownership,
                "tier_id": info["tier_id"],
                "capacity_places": float(info["capacity_places"]),
                "assigned_persons": persons,
                "utilisation_share": persons / info["capacity_places"]
                if info["capacity_places"]
                else np.nan,
                "mean_travel_minutes": float(weighted.get(site_id, 0.0)) / persons
                if persons
                else np.nan,
                "open_cost_vnd": float(info["open_cost_vnd"]),
                "admin_code": admin_code,
                "commune_name_vi": communes.loc[admin_code, "name_vi"],
                "unit_type": communes.loc[admin_code, "unit_type"],
                "district_code": communes.loc[admin_code, "district_code"],
                "district_name_vi": communes.loc[admin_code, "district_name_vi"],
                "location_precision": precision,
            }
        )
        geometries.append(record.geometry)
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=communes.crs).set_index(
        "site_id", drop=False
    )


def _district_table(communes: gpd.GeoDataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, group in communes.groupby("district_code"):
        served_weights = group["served_persons"]
        rows.append(
            {
                "district_code": code,
                "district_name_vi": group["district_name_vi"].iloc[0],
                "population_persons": float(districts.loc[code, "population_persons"]),
                "demand_persons": float(group["demand_persons"].sum()),
                "served_persons": float(served_weights.sum()),
                "unserved_persons": float(group["unserved_persons"].sum()),
                "served_share": float(served_weights.sum() / group["demand_persons"].sum())
                if group["demand_persons"].sum() > 0
                else np.nan,
                "mean_travel_minutes": _weighted_mean(
                    group["mean_travel_minutes"].fillna(0.0), served_weights
                ),
                "max_travel_minutes": float(group["max_travel_minutes"].max()),
            }
        )
    return pd.DataFrame(rows)


def _land_reservation(config: ScenarioConfig, sites: gpd.GeoDataFrame) -> pd.DataFrame:
    new_sites = sites[sites["status"] == "new"]
    rows = []
    for _, site in new_sites.iterrows():
        norm = land_norm_m2_per_place(
            urban=site["unit_type"] in URBAN_UNIT_TYPES,
            facility_type=site["facility_type"],
            norms=config.resources,
        )
        rows.append(
            {
                "site_id": site["site_id"],
                "district_code": site["district_code"],
                "district_name_vi": site["district_name_vi"],
                "admin_code": site["admin_code"],
                "commune_name_vi": site["commune_name_vi"],
                "ownership": site["ownership"],
                "tier_id": site["tier_id"],
                "capacity_places": site["capacity_places"],
                "land_norm_m2_per_place": norm,
                "land_m2": site["capacity_places"] * norm,
                "investment_vnd": site["open_cost_vnd"],
                "year": config.year,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "site_id",
            "district_code",
            "district_name_vi",
            "admin_code",
            "commune_name_vi",
            "ownership",
            "tier_id",
            "capacity_places",
            "land_norm_m2_per_place",
            "land_m2",
            "investment_vnd",
            "year",
        ],
    )


def _summary(
    config: ScenarioConfig,
    demand: DemandEstimate,
    problem: Problem,
    solution: Solution,
    communes: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
) -> dict[str, Any]:
    assignments = solution.assignments
    served = assignments.dropna(subset=["site_id"])
    demand_total = float(problem.demand["demand_persons"].sum())
    coverage = {}
    nearest = communes["nearest_open_minutes"]
    for band in COVERAGE_BANDS_MINUTES:
        within = communes.loc[nearest <= band, "demand_persons"].sum()
        coverage[f"demand_within_{band:g}_minutes_share"] = (
            float(within / demand_total) if demand_total else None
        )
    new_sites = sites[sites["status"] == "new"]
    return {
        "scenario": config.name,
        "title_vi": config.title_vi,
        "year": config.year,
        "model": config.model.kind,
        "status": str(solution.status),
        "objective_person_minutes": solution.objective,
        "mip_gap": solution.mip_gap,
        "solver": solution.solver_name,
        "solve_seconds": round(solution.solve_seconds, 3),
        "demand_persons": demand_total,
        "demand_calibration": {
            "raw_total_persons": demand.raw_total_persons,
            "factor": demand.calibration_factor,
            "calibrated_total_persons": demand.calibrated_total_persons,
            "description": demand.describe_calibration(),
        },
        "demand_groups": demand.groups.reset_index().to_dict(orient="records"),
        "assumptions_flagged": demand.placeholder_groups,
        "places_existing": float(sites.loc[sites["status"] == "existing", "capacity_places"].sum()),
        "places_new": float(new_sites["capacity_places"].sum()),
        "places_total": float(sites["capacity_places"].sum()),
        "target_places": config.model.target_places,
        "facilities_total": len(sites),
        "investment_new_vnd": float(new_sites["open_cost_vnd"].sum()),
        "served_persons": solution.served_persons,
        "unserved_persons": solution.unserved_persons,
        "served_share": solution.served_persons / demand_total if demand_total else None,
        "mean_travel_minutes": _weighted_mean(served["travel_minutes"], served["demand_persons"]),
        "max_travel_minutes": float(served["travel_minutes"].max()) if not served.empty else None,
        **coverage,
        "travel_model": {
            "method": config.travel.method,
            "detour_factor": config.travel.detour_factor,
            "speed_kmh": config.travel.speed_kmh,
            "roads": str(config.travel.roads) if config.travel.roads else None,
            "pairs_by_method": problem.sites.attrs.get("travel_pair_methods", {}),
        },
        "new_sites": [
            {
                "site_id": row["site_id"],
                "commune": row["commune_name_vi"],
                "district": row["district_name_vi"],
                "tier": row["tier_id"],
                "capacity_places": row["capacity_places"],
                "assigned_persons": round(row["assigned_persons"], 1),
            }
            for _, row in new_sites.iterrows()
        ],
        "boundaries": "supplied"
        if config.inputs.boundaries is not None
        else "approximate (Voronoi cells of commune centroids)",
    }


def _residents_by_group(
    config: ScenarioConfig, demand: DemandEstimate, served: pd.DataFrame
) -> pd.DataFrame:
    groups = list(config.demand.groups)
    if config.model.match_groups_to_types:
        table = served.pivot_table(
            index="site_id", columns="target_group", values="demand_persons", aggfunc="sum"
        )
        return table.reindex(columns=groups).fillna(0.0)
    pooled = served.groupby(["admin_code", "site_id"])["demand_persons"].sum().reset_index()
    return split_by_group_mix(pooled, demand.by_commune[groups])


def _resources_table(
    config: ScenarioConfig, demand: DemandEstimate, served: pd.DataFrame, sites: gpd.GeoDataFrame
) -> pd.DataFrame:
    residents = _residents_by_group(config, demand, served).reindex(sites.index).fillna(0.0)
    staffing = compute_staffing(residents, config.demand.groups, config.resources)
    recurring = compute_recurring_cost_vnd(residents, config.demand.groups, config.resources)
    table = pd.concat(
        [
            sites[["name_vi", "status", "facility_type", "capacity_places"]],
            residents.add_prefix("residents_").add_suffix("_persons"),
            staffing,
            recurring,
        ],
        axis=1,
    )
    table["investment_vnd"] = sites["open_cost_vnd"]
    table.index.name = "site_id"
    return table.reset_index()


def _year_demand_persons(problem: Problem, year_demand: DemandEstimate) -> pd.Series:
    """Another year's persons on the problem's own demand rows (commune, or commune × group)."""
    by_commune = year_demand.by_commune
    values = [
        by_commune.at[admin_code, "demand_persons" if group == "all" else group]
        for admin_code, group in zip(
            problem.demand["admin_code"], problem.demand["target_group"], strict=True
        )
    ]
    return pd.Series(values, index=problem.demand.index, dtype=float)


def _served_with_fixed_sites(
    config: ScenarioConfig, problem: Problem, year_demand: DemandEstimate, open_sites: pd.DataFrame
) -> float:
    """Residents served in another year by the given open sites (a transport LP, same matching).

    Reuses the scenario's travel matrix; only the persons change. A commune × group with no
    persons in the scenario year has no row, so it counts as zero in other years too.
    """
    if open_sites.empty:
        return 0.0
    fixed = problem.with_fixed_sites(
        open_sites["capacity_places"], demand_persons=_year_demand_persons(problem, year_demand)
    )
    result = capacitated(
        fixed,
        new_facilities=0,
        unserved_penalty=config.model.unserved_penalty_minutes,
        max_assign_minutes=config.model.max_assign_minutes,
        solver=config.solver.name,
        time_limit_seconds=config.solver.time_limit_seconds,
    )
    return result.served_persons if result.has_solution else float("nan")


def _targets_table(
    config: ScenarioConfig,
    inputs: ScenarioInputs,
    problem: Problem,
    demand: DemandEstimate,
    solution: Solution,
    resources: pd.DataFrame,
) -> pd.DataFrame:
    """The plan's targets per year next to what the plan delivers (persons and shares)."""
    rows = []
    opened = solution.opened.set_index("site_id")
    for target in sorted(config.targets, key=lambda t: t.year):
        year_demand = compute_demand(
            inputs.communes,
            inputs.districts,
            config.demand,
            year=target.year,
            calibration_factor=demand.calibration_factor,
        )
        in_need = float(year_demand.eligible.to_numpy().sum())
        residential_need = float(year_demand.by_commune["demand_persons"].sum())
        after_opening = target.year >= config.year
        places = float(
            opened.loc[
                [s for s in opened.index if after_opening or opened.loc[s, "status"] == "existing"],
                "capacity_places",
            ].sum()
        )
        if target.year == config.year:
            served, served_method = solution.served_persons, "model"
        else:
            open_ids = [
                s for s in opened.index if after_opening or opened.loc[s, "status"] == "existing"
            ]
            served = _served_with_fixed_sites(config, problem, year_demand, opened.loc[open_ids])
            served_method = "model, sites fixed"
        row: dict[str, Any] = {
            "year": target.year,
            "people_in_need_persons": in_need,
            "residential_need_persons": residential_need,
            "places": places,
            "places_target": target.places,
            "residents_served_persons": served,
            "residents_served_method": served_method,
            "residents_served_share_of_need": served / in_need if in_need else None,
            "community_need_persons": float(year_demand.community.to_numpy().sum()),
            "staff_needed_in_facilities_persons": int(resources["total_staff"].sum())
            if after_opening
            else None,
            "staff_trained_target_persons": target.staff_trained,
        }
        for key in ("service_share", "comprehensive_share", "case_management_share"):
            share = getattr(target, key)
            row[f"{key}_target"] = share
            row[f"{key}_target_persons"] = share * in_need if share is not None else None
        if target.comprehensive_share is not None:
            row["comprehensive_gap_persons"] = target.comprehensive_share * in_need - served
        if target.service_share is not None:
            row["service_gap_after_residential_persons"] = target.service_share * in_need - served
        rows.append(row)
    return pd.DataFrame(rows)


def _plain_summary(
    config: ScenarioConfig,
    demand: DemandEstimate,
    problem: Problem,
    communes: gpd.GeoDataFrame,
    districts: pd.DataFrame,
    *,
    reach_minutes: float = 45.0,
) -> tuple[str, ...]:
    """One sentence per district: need, existing places within reach, unserved, travel."""
    minutes = problem.travel.to_frame()
    admin_of = problem.demand["admin_code"]
    commune_minutes = minutes.groupby(admin_of.reindex(minutes.index).to_numpy()).min()
    existing = problem.sites[problem.sites["status"] == "existing"]
    lines = []
    for row in districts.itertuples(index=False):
        members = communes.index[communes["district_code"] == row.district_code]
        weights = communes.loc[members, "demand_persons"]
        mean_minutes = commune_minutes.loc[members, existing.index].mul(weights, axis=0).sum()
        mean_minutes = mean_minutes / max(float(weights.sum()), 1e-9)
        reachable = existing.index[mean_minutes <= reach_minutes]
        places = float(existing.loc[reachable, "capacity_places"].sum())
        lines.append(
            f"{row.district_name_vi}: {row.demand_persons:,.0f} people need residential care by "
            f"{config.year}; existing places within {reach_minutes:g} minutes: {places:,.0f}; "
            f"served in this plan: {row.served_persons:,.0f}, unserved: {row.unserved_persons:,.0f}; "
            f"mean travel {row.mean_travel_minutes:,.0f} minutes."
        )
    flagged = demand.placeholder_groups
    if flagged:
        lines.append(
            "Assumptions still placeholders (check before use): " + ", ".join(flagged) + "."
        )
    return tuple(lines)


def compute_budget_pareto(
    config: ScenarioConfig,
    budgets_vnd: Sequence[float],
    *,
    result: ScenarioResult | None = None,
) -> pd.DataFrame:
    """People served against the investment budget: one capacitated solve per budget.

    Each solve keeps the scenario's data, tiers and required districts, opens at most
    ``model.new_facilities`` new centres within the budget, and drops the place target (so that
    small budgets stay feasible and show what they buy).

    Parameters
    ----------
    config
        The scenario.
    budgets_vnd
        Budgets to try (VND).
    result
        A run of the same scenario whose problem is reused (saves reading inputs and
        recomputing travel minutes); None builds it.

    Returns
    -------
    pandas.DataFrame
        Columns budget_vnd, status, served_persons, unserved_persons, places_total,
        investment_vnd, mean_travel_minutes, new_sites.
    """
    if result is not None:
        problem, groups = result.problem, result.required_site_groups
    else:
        inputs = load_inputs(config)
        demand = compute_demand(inputs.communes, inputs.districts, config.demand, year=config.year)
        problem, groups = build_problem(config, inputs, demand)
    rows = []
    for budget in budgets_vnd:
        try:
            solution = capacitated(
                problem,
                max_new_facilities=config.model.new_facilities,
                budget_vnd=float(budget),
                unserved_penalty=config.model.unserved_penalty_minutes,
                max_assign_minutes=config.model.max_assign_minutes,
                required_site_groups=groups if budget > 0 else {},
                solver=config.solver.name,
                time_limit_seconds=config.solver.time_limit_seconds,
                mip_gap=config.solver.mip_gap,
            )
        except InfeasibleScenarioError:
            rows.append({"budget_vnd": float(budget), "status": "infeasible"})
            continue
        if not solution.has_solution:
            rows.append({"budget_vnd": float(budget), "status": str(solution.status)})
            continue
        served = solution.assignments.dropna(subset=["site_id"])
        new = solution.opened[solution.opened["status"] == "new"]
        rows.append(
            {
                "budget_vnd": float(budget),
                "status": str(solution.status),
                "served_persons": solution.served_persons,
                "unserved_persons": solution.unserved_persons,
                "places_total": float(solution.opened["capacity_places"].sum()),
                "investment_vnd": float(new["open_cost_vnd"].sum()),
                "mean_travel_minutes": _weighted_mean(
                    served["travel_minutes"], served["demand_persons"]
                ),
                "new_sites": "; ".join(
                    f"{site}:{tier}"
                    for site, tier in zip(new["site_id"], new["tier_id"], strict=True)
                ),
            }
        )
    return pd.DataFrame(rows)


COMPARE_ROWS: Sequence[tuple[str, str]] = (
    ("facilities_total", "centres"),
    ("places_total", "places"),
    ("places_new", "new places"),
    ("investment_new_vnd", "investment in new centres (VND)"),
    ("demand_persons", "residential-care need (persons)"),
    ("served_persons", "served (persons)"),
    ("unserved_persons", "unserved (persons)"),
    ("mean_travel_minutes", "mean travel (minutes)"),
    ("max_travel_minutes", "max travel (minutes)"),
    ("demand_within_30_minutes_share", "share within 30 min"),
    ("demand_within_60_minutes_share", "share within 60 min"),
    ("status", "solver status"),
)


def compare_summaries(summaries: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """Side-by-side table of scenario summaries (rows: measures; columns: scenarios).

    Parameters
    ----------
    summaries
        Scenario name → summary (as in ``summary.json``).
    """
    table: dict[str, dict[str, Any]] = {}
    for name, summary in summaries.items():
        column: dict[str, Any] = {label: summary.get(key) for key, label in COMPARE_ROWS}
        column["new sites"] = "; ".join(
            f"{site['commune']} ({site['district']}, {site['tier']}, {site['capacity_places']:.0f})"
            for site in summary.get("new_sites", [])
        )
        table[name] = column
    return pd.DataFrame(table)


def read_summary(path: str | Path) -> dict[str, Any]:
    """Read a ``summary.json`` written by a scenario run."""
    import json

    summary_path = Path(path)
    if summary_path.is_dir():
        summary_path = summary_path / "summary.json"
    if not summary_path.is_file():
        raise InputDataError([DataProblem(str(summary_path), None, None, "file not found")])
    return dict(json.loads(summary_path.read_text(encoding="utf-8")))
