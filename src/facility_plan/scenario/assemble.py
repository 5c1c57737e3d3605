"""Assemble a scenario's optimisation problem: demand rows, sites with size tiers, travel minutes, model spec."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.config import CapacitatedConfig, ModelConfig, PhasedConfig, ScenarioConfig
from facility_plan.demand import DemandEstimate
from facility_plan.errors import ScenarioConfigError
from facility_plan.io import ScenarioInputs
from facility_plan.io.priority import (
    read_commune_classes,
    read_priority_weights,
    resolve_planner_path,
)
from facility_plan.models import CapacitatedSpec, SolverSettings
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix, TravelResult
from facility_plan.travel.areas import compute_area_travel

NEW_FACILITY_TYPE = "general"


def build_problem(
    config: ScenarioConfig, inputs: ScenarioInputs, demand: DemandEstimate
) -> tuple[Problem, dict[str, list[str]], TravelResult]:
    """Assemble the `Problem` (demand at commune centroids, existing + candidate sites, tiers).

    Sites carry ``ownership`` (budgets by ownership) and, for existing centres, a keep cost
    (``keep_cost_vnd_per_place`` × places, counted when they may close); existing centres get
    the expansion tiers as ``site_tiers`` rows. Demand rows carry ``district_code`` and
    ``priority_weight`` (1 without priority communes).

    Returns
    -------
    tuple
        The problem, the required site groups (district code → candidate site ids) and how
        travel minutes were computed (matrix, pairs per method actually used).
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
    existing_places = facilities["capacity_places"].to_numpy(float)
    keep_cost = existing_places * _keep_cost_per_place(model)
    sites = pd.DataFrame(
        {
            "status": ["existing"] * len(facilities) + ["candidate"] * len(candidates),
            "capacity_places": np.concatenate([existing_places, np.full(len(candidates), np.nan)]),
            "open_cost_vnd": np.concatenate([keep_cost, np.zeros(len(candidates))]),
            "admin_code": site_points["admin_code"].to_numpy(),
            "ownership": np.concatenate(
                [
                    facilities["ownership"].astype(str).to_numpy(dtype=object),
                    np.full(len(candidates), model.new_ownership, dtype=object),
                ]
            ),
        },
        index=pd.Index(site_points.index.astype(str), name="site_id"),
    )
    site_tiers = pd.DataFrame(
        _candidate_tier_rows(config, candidates) + _expansion_rows(config, facilities),
        columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd"],
    )
    sites["facility_type"] = np.concatenate(
        [
            facilities["facility_type"].to_numpy(dtype=object),
            np.full(len(candidates), NEW_FACILITY_TYPE),
        ]
    )
    travel_result = compute_area_travel(
        config.travel,
        crs=config.crs,
        origins=communes,
        destinations=site_points,
        origin_codes=pd.Series(communes.index.astype(str), index=communes.index),
        destination_codes=site_points["admin_code"].astype(str),
        commune_classes=commune_classes(config, communes.index),
    )
    commune_travel = travel_result.matrix
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
    demand_frame["district_code"] = demand_frame["admin_code"].map(district_of).astype(str)
    weights = priority_weights(config, communes.index)
    demand_frame["priority_weight"] = demand_frame["admin_code"].astype(str).map(weights)
    problem = Problem(demand=demand_frame, sites=sites, travel=travel, site_tiers=site_tiers)
    groups = {
        code: [str(s) for s in candidates.index[candidates["district_code"] == code]]
        for code in model.required_districts
    }
    return problem, groups, travel_result


def _keep_cost_per_place(model: ModelConfig) -> float:
    if isinstance(model, CapacitatedConfig | PhasedConfig) and model.closable_existing:
        return float(model.keep_cost_vnd_per_place)
    return 0.0


def _candidate_tier_rows(config: ScenarioConfig, candidates: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (candidate, size tier) that fits the candidate's land (places)."""
    rows = []
    for site_id, max_places in candidates["max_places"].items():
        for tier in config.model.size_tiers:
            if np.isnan(max_places) or tier.capacity_places <= max_places:
                rows.append(
                    {
                        "site_id": str(site_id),
                        "tier_id": tier.tier_id,
                        "capacity_places": float(tier.capacity_places),
                        "open_cost_vnd": float(tier.investment_vnd),
                    }
                )
    return rows


def _expansion_rows(config: ScenarioConfig, facilities: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (existing centre, expansion tier); unknown facility ids are named."""
    model = config.model
    if not isinstance(model, CapacitatedConfig | PhasedConfig) or not model.expansion_tiers:
        return []
    known = [str(f) for f in facilities.index]
    unknown = sorted(set(model.expandable_facilities) - set(known))
    if unknown:
        msg = f"model.expandable_facilities: {unknown} not in the facilities table ({known})"
        raise ScenarioConfigError(msg)
    expandable = list(model.expandable_facilities) or known
    return [
        {
            "site_id": facility_id,
            "tier_id": tier.tier_id,
            "capacity_places": float(tier.capacity_places),
            "open_cost_vnd": float(tier.investment_vnd),
        }
        for facility_id in expandable
        for tier in model.expansion_tiers
    ]


def priority_weights(config: ScenarioConfig, communes: pd.Index) -> pd.Series:
    """Priority weight per commune (1 everywhere without a priority table)."""
    priority = config.model.priority
    if priority is None:
        return pd.Series(1.0, index=communes.astype(str), name="priority_weight")
    path = resolve_planner_path(priority.table, config.scenario_path)
    return read_priority_weights(path, priority.weights, communes)


def commune_classes(config: ScenarioConfig, communes: pd.Index) -> pd.Series | None:
    """Class per commune code for speeds per commune class, from the planner table if given."""
    by_class = config.travel.speeds_by_commune_class
    if by_class is None or by_class.table is None:
        return None
    path = resolve_planner_path(by_class.table, config.scenario_path)
    return read_commune_classes(path, by_class.class_column, communes)


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


def solver_settings(config: ScenarioConfig) -> SolverSettings:
    """The scenario's solver settings, passed whole to every solve of the run (secondary solves too)."""
    solver = config.solver
    return SolverSettings(
        name=solver.name,
        time_limit_seconds=solver.time_limit_seconds,
        mip_gap=solver.mip_gap,
        threads=solver.threads,
    )


def model_spec(config: ScenarioConfig, groups: Mapping[str, list[str]]) -> CapacitatedSpec:
    """The capacitated model of a scenario, as the scenario states it (objective ``travel``).

    For kind ``capacitated`` this is the model solved (`facility_plan.scenario.kinds` adds the
    objective, priority and served shares); for the other kinds it is the assignment model used
    to re-assign demand of other years to the chosen network (targets) and by ``explain``.
    Required districts become candidate groups.
    """
    model = config.model
    base = CapacitatedSpec(
        new_facilities=model.new_facilities,
        target_places=model.target_places,
        unserved_penalty=model.unserved_penalty_minutes,
        max_assign_minutes=model.max_assign_minutes,
        required_site_groups=dict(groups),
    )
    if not isinstance(model, CapacitatedConfig | PhasedConfig):
        return base
    return replace(
        base,
        budget_vnd=model.budget_vnd,
        max_new_facilities=model.max_new_facilities,
        single_source=model.single_source,
        budget_by_ownership_vnd={str(k): v for k, v in model.budget_by_ownership_vnd.items()}
        or None,
        max_minutes_by_admin=dict(model.max_minutes_by_admin) or None,
        min_served_share_by_admin=dict(model.min_served_share_by_admin) or None,
        closable_existing=model.closable_existing,
    )
