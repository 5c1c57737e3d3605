"""Tabulate a solved scenario: per commune, centre, district, centre type and group; land; resources."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.demand import DemandEstimate
from facility_plan.io import ScenarioInputs
from facility_plan.io.scenario_inputs import URBAN_UNIT_TYPES
from facility_plan.labels import label
from facility_plan.models import Solution
from facility_plan.problem import Problem
from facility_plan.resources import (
    compute_recurring_cost_vnd,
    compute_staffing,
    land_norm_m2_per_place,
    split_by_group_mix,
)


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Mean of `values` weighted by `weights` (persons); NaN when the weights sum to 0."""
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else float("nan")


def site_names(inputs: ScenarioInputs) -> dict[str, str]:
    """Every site's name as a planner reads it, by site id: ``name (district)``.

    Existing centres by their own name; candidate sites by the site's name when the table gives
    one, else the commune's; the district of the site's commune in brackets.
    """
    communes = inputs.communes
    names: dict[str, str] = {}
    for table in (inputs.facilities, inputs.candidate_sites):
        for site_id, row in table.iterrows():
            code = row.get("admin_code")
            commune = communes.loc[code] if code in communes.index else None
            own = row.get("name_vi")
            name = str(own) if isinstance(own, str) and own.strip() else None
            if name is None:
                name = str(commune["name_vi"]) if commune is not None else str(site_id)
            district = commune.get("district_name_vi") if commune is not None else None
            names[str(site_id)] = f"{name} ({district})" if isinstance(district, str) else name
    return names


def served_and_unserved(
    problem: Problem, solution: Solution
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The solution's assignments with ``admin_code`` and ``target_group``; served rows; unserved rows."""
    admin_of = problem.demand["admin_code"]
    group_of = problem.demand["target_group"]
    assignments = solution.assignments.assign(
        admin_code=lambda f: f["demand_id"].map(admin_of),
        target_group=lambda f: f["demand_id"].map(group_of),
    )
    served = assignments.dropna(subset=["site_id"])
    unserved = assignments[assignments["site_id"].isna()]
    return assignments, served, unserved


def commune_table(
    config: ScenarioConfig,
    inputs: ScenarioInputs,
    demand: DemandEstimate,
    problem: Problem,
    solution: Solution,
    served: pd.DataFrame,
    unserved: pd.DataFrame,
) -> gpd.GeoDataFrame:
    """Per commune: names, demand by group, served and unserved persons, main centre, minutes."""
    communes = inputs.communes
    admin_of = problem.demand["admin_code"]
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
    commune_table["demand_low_persons"] = demand.low.sum(axis=1)
    commune_table["demand_high_persons"] = demand.high.sum(axis=1)
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
    return gpd.GeoDataFrame(commune_table, geometry=communes.geometry, crs=communes.crs)


def site_table(
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
            name = label("new_site_name", config.outputs.language).format(commune=commune_name)
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


def district_table(communes: gpd.GeoDataFrame, districts: pd.DataFrame) -> pd.DataFrame:
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
                "mean_travel_minutes": weighted_mean(
                    group["mean_travel_minutes"].fillna(0.0), served_weights
                ),
                "max_travel_minutes": float(group["max_travel_minutes"].max()),
            }
        )
    return pd.DataFrame(rows)


def land_reservation_table(config: ScenarioConfig, sites: gpd.GeoDataFrame) -> pd.DataFrame:
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


def resources_table(
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


_IDLE_TOLERANCE = 1e-6


def groups_taken_by_type(config: ScenarioConfig) -> dict[str, list[str]]:
    """Facility type → the target groups it takes (`TargetGroupSettings.served_by_types`)."""
    taken: dict[str, list[str]] = {}
    for name, settings in config.demand.groups.items():
        for facility_type in settings.served_by_types:
            taken.setdefault(facility_type, []).append(name)
    return taken


def group_service_table(
    config: ScenarioConfig,
    demand: DemandEstimate,
    served: pd.DataFrame,
    unserved: pd.DataFrame,
) -> pd.DataFrame:
    """Per target group: need (as modelled, central, low, high), served and unserved (persons).

    With groups matched to centre types the figures are the solution's own; with capacity
    pooled, each commune's served and unserved persons are split by its mix of groups
    (``apportioned`` is True), so they are an apportionment, not a result of the model.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``label_vi``, ``need_persons``, ``central_persons``, ``low_persons``,
        ``high_persons``, ``served_persons``, ``unserved_persons``, ``served_by_types``,
        ``apportioned``.
    """
    groups = list(config.demand.groups)
    if config.model.match_groups_to_types:
        served_by = served.groupby("target_group")["demand_persons"].sum()
        unserved_by = unserved.groupby("target_group")["demand_persons"].sum()
        apportioned = False
    else:
        mix = demand.by_commune[groups]
        shares = mix.div(mix.sum(axis=1).where(lambda total: total > 0), axis=0).fillna(0.0)

        def split(rows: pd.DataFrame) -> pd.Series:
            persons = rows.groupby("admin_code")["demand_persons"].sum()
            return shares.reindex(persons.index).fillna(0.0).mul(persons, axis=0).sum()

        served_by, unserved_by = split(served), split(unserved)
        apportioned = True
    return pd.DataFrame(
        {
            "label_vi": [config.demand.groups[g].label_vi for g in groups],
            "need_persons": [float(demand.by_commune[g].sum()) for g in groups],
            "central_persons": demand.groups["raw_persons"].reindex(groups).to_numpy(),
            "low_persons": demand.groups["low_persons"].reindex(groups).to_numpy(),
            "high_persons": demand.groups["high_persons"].reindex(groups).to_numpy(),
            "served_persons": served_by.reindex(groups).fillna(0.0).to_numpy(),
            "unserved_persons": unserved_by.reindex(groups).fillna(0.0).to_numpy(),
            "served_by_types": [
                tuple(str(t) for t in config.demand.groups[g].served_by_types) for g in groups
            ],
            "apportioned": apportioned,
        },
        index=pd.Index(groups, name="group"),
    )


def capacity_by_type_table(
    config: ScenarioConfig, sites: gpd.GeoDataFrame, groups: pd.DataFrame
) -> pd.DataFrame:
    """Per centre type: centres, places, residents, idle places and idle places of the wrong type.

    A type's idle places are "of the wrong type" when people are left unserved but none of
    them belongs to a group the type takes: the places exist, the people in need cannot use
    them. With capacity pooled every centre takes every group, so no place is of the wrong type.

    Parameters
    ----------
    config
        The scenario (groups and the types that take them; pooled or matched).
    sites
        Open sites (`site_table`).
    groups
        Per-group service (`group_service_table`).

    Returns
    -------
    pandas.DataFrame
        Indexed by facility_type: ``centres``, ``places``, ``used_persons``, ``idle_places``,
        ``idle_wrong_type_places`` (places), ``groups_taken`` (tuple of group names).
    """
    taken = groups_taken_by_type(config)
    matched = config.model.match_groups_to_types
    unserved_groups = set(groups.index[groups["unserved_persons"] > _IDLE_TOLERANCE])
    rows = []
    for facility_type, members in sites.groupby("facility_type", sort=False):
        places = float(members["capacity_places"].sum())
        used = float(members["assigned_persons"].sum())
        idle = max(places - used, 0.0)
        takes = tuple(taken.get(str(facility_type), [])) if matched else tuple(groups.index)
        wrong = matched and bool(unserved_groups) and not (set(takes) & unserved_groups)
        rows.append(
            {
                "facility_type": str(facility_type),
                "centres": len(members),
                "places": places,
                "used_persons": used,
                "idle_places": idle if idle > _IDLE_TOLERANCE else 0.0,
                "idle_wrong_type_places": idle if wrong and idle > _IDLE_TOLERANCE else 0.0,
                "groups_taken": takes,
            }
        )
    return pd.DataFrame(rows).set_index("facility_type")
