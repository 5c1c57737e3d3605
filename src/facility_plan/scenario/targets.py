"""The plan's targets per year next to what the plan delivers (persons, places and shares)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.demand import DemandEstimate, compute_demand
from facility_plan.io import ScenarioInputs
from facility_plan.models import CapacitatedSpec, Solution, SolverSettings
from facility_plan.problem import Problem


def year_demand_persons(problem: Problem, year_demand: DemandEstimate) -> pd.Series:
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
    spec: CapacitatedSpec,
    solver: SolverSettings,
    problem: Problem,
    year_demand: DemandEstimate,
    open_sites: pd.DataFrame,
) -> float:
    """Residents served in another year by the given open sites (a transport LP, same matching).

    Reuses the scenario's travel matrix; only the persons change. A commune × group with no
    persons in the scenario year has no row, so it counts as zero in other years too.
    """
    if open_sites.empty:
        return 0.0
    fixed = problem.with_fixed_sites(
        open_sites["capacity_places"], demand_persons=year_demand_persons(problem, year_demand)
    )
    fixed_spec = CapacitatedSpec(
        new_facilities=0,
        unserved_penalty=spec.unserved_penalty,
        max_assign_minutes=spec.max_assign_minutes,
    )
    result = fixed_spec.solve(fixed, solver)
    return result.served_persons if result.has_solution else float("nan")


def _existing_network(problem: Problem) -> pd.DataFrame:
    """The existing centres as they are before the plan: every one (closures come later) at its
    present capacity (expansions come later), indexed by site_id."""
    ids = [str(s) for s in problem.existing_site_ids]
    capacity = problem.sites["capacity_places"].astype(float)
    return pd.DataFrame(
        {"capacity_places": [float(capacity.loc[s]) for s in ids]},
        index=pd.Index(ids, name="site_id"),
    )


def targets_table(
    config: ScenarioConfig,
    inputs: ScenarioInputs,
    problem: Problem,
    demand: DemandEstimate,
    solution: Solution,
    resources: pd.DataFrame,
    *,
    spec: CapacitatedSpec,
    solver: SolverSettings,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The plan's targets per year next to what the plan delivers (persons, places, shares, gaps).

    Years are those of ``config.targets`` and of the plan's periods. Where a period of the
    plan ends in a year, its network and assignment are used; otherwise the final network is
    re-assigned to that year's demand (before the scenario year: the existing centres as they
    are today, none closed and none expanded yet). Every
    shortfall is given in persons and, where residential places could close it, in VND at
    ``resources.investment_per_place_vnd`` (``*_gap_cost_vnd``); ``unmet_targets`` names them.
    """
    by_year = {int(t.year): t for t in config.targets}
    period_rows = (
        {int(row["year"]): row for row in periods.to_dict(orient="records")}
        if periods is not None and len(periods) > 1
        else {}
    )
    per_place = float(config.resources.investment_per_place_vnd)
    rows = []
    opened = solution.opened.set_index("site_id")
    for year in sorted(set(by_year) | set(period_rows)):
        target = by_year.get(year)
        year_demand = compute_demand(
            inputs.communes,
            inputs.districts,
            config.demand,
            year=year,
            calibration_factor=demand.calibration_factor,
        )
        in_need = float(year_demand.eligible.to_numpy().sum())
        residential_need = float(year_demand.by_commune["demand_persons"].sum())
        after_opening = year >= config.year
        open_ids = [
            s for s in opened.index if after_opening or opened.loc[s, "status"] == "existing"
        ]
        period = period_rows.get(year)
        if period is not None:
            places = float(period["places"])
            served, served_method = float(period["served_persons"]), "model, plan period"
        elif year == config.year:
            places = float(opened["capacity_places"].sum())
            served, served_method = solution.served_persons, "model"
        else:
            network = opened.loc[open_ids] if after_opening else _existing_network(problem)
            places = float(network["capacity_places"].sum())
            served = _served_with_fixed_sites(spec, solver, problem, year_demand, network)
            served_method = "model, sites fixed"
        row: dict[str, Any] = {
            "year": year,
            "people_in_need_persons": in_need,
            "residential_need_persons": residential_need,
            "places": places,
            "places_target": target.places if target is not None else None,
            "residents_served_persons": served,
            "residents_served_method": served_method,
            "residents_served_share_of_need": served / in_need if in_need else None,
            "residents_served_share_of_residential_need": served / residential_need
            if residential_need
            else None,
            "community_need_persons": float(year_demand.community.to_numpy().sum()),
            "staff_needed_in_facilities_persons": int(resources["total_staff"].sum())
            if after_opening
            else None,
            "staff_trained_target_persons": target.staff_trained if target is not None else None,
        }
        unmet: list[str] = []
        for key in ("service_share", "comprehensive_share", "case_management_share"):
            share = getattr(target, key) if target is not None else None
            row[f"{key}_target"] = share
            row[f"{key}_target_persons"] = share * in_need if share is not None else None
        if target is not None and target.comprehensive_share is not None:
            gap = target.comprehensive_share * in_need - served
            row["comprehensive_gap_persons"] = gap
            row["comprehensive_gap_cost_vnd"] = max(gap, 0.0) * per_place
            if gap > 0.5:
                unmet.append("comprehensive_share")
        if target is not None and target.service_share is not None:
            gap = target.service_share * in_need - served
            row["service_gap_after_residential_persons"] = gap
            if gap > 0.5:
                unmet.append("service_share")
        places_goal: float | None = (
            float(target.places) if target is not None and target.places is not None else None
        )
        if period is not None and period.get("places_target") is not None:
            places_goal = max(places_goal or 0, float(period["places_target"]))
        if places_goal is not None:
            row["places_gap"] = max(places_goal - places, 0.0)
            row["places_gap_cost_vnd"] = row["places_gap"] * per_place
            if row["places_gap"] > 0.5:
                unmet.append("places")
        share_goal = period.get("served_share_target") if period is not None else None
        if period is not None and share_goal is not None and not pd.isna(share_goal):
            need = float(period["need_persons"])
            gap = float(share_goal) * need - served
            row["served_share_target"] = float(share_goal)
            row["served_share_gap_persons"] = max(gap, 0.0)
            row["served_share_gap_cost_vnd"] = max(gap, 0.0) * per_place
            if gap > 0.5:
                unmet.append("served_share")
        if period is not None:
            row["investment_vnd_in_period"] = period["investment_vnd_in_period"]
            row["places_new_in_period"] = period["places_new_in_period"]
            row["least_cost_vnd_in_period"] = period["least_cost_vnd_in_period"]
            row["mean_travel_minutes"] = period["mean_travel_minutes"]
        row["unmet_targets"] = ", ".join(unmet)
        rows.append(row)
    return pd.DataFrame(rows)
