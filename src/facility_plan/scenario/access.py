"""Accessibility of a solved network per commune and district: nearest minutes, share within T, 2SFCA, E2SFCA."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.models import Solution
from facility_plan.problem import Problem
from facility_plan.travel.accessibility import (
    compute_enhanced_two_step_fca,
    compute_nearest_minutes,
    compute_two_step_fca,
)

WITHIN_MINUTES = (30.0, 60.0)
"""Travel-time bands for the share within T (minutes; planner assumptions, no legal norm)."""

CATCHMENT_MINUTES = 60.0
"""2SFCA catchment (minutes, step decay)."""

E2SFCA_ZONES: tuple[tuple[float, float], ...] = ((20.0, 1.0), (40.0, 0.68), (60.0, 0.22))
"""E2SFCA zones: the Luo & Qi (2009) weights over 20/40/60-minute zones (scaled to a province)."""

PER_THOUSAND = 1000.0

COMMUNE_COLUMNS = (
    "access_nearest_minutes",
    *(f"access_share_within_{int(t)}_minutes" for t in WITHIN_MINUTES),
    "access_2sfca_places_per_1000",
    "access_e2sfca_places_per_1000",
)
"""Columns added to the commune and district tables."""


def _weighted_by(values: pd.Series, persons: pd.Series, keys: pd.Series) -> pd.Series:
    """Persons-weighted mean of `values` per key (plain mean where a key has no persons)."""
    frame = pd.DataFrame({"value": values, "persons": persons, "key": keys})
    finite = frame[np.isfinite(frame["value"])]

    def mean(group: pd.DataFrame) -> float:
        weight = float(group["persons"].sum())
        if weight > 0:
            return float((group["value"] * group["persons"]).sum() / weight)
        return float(group["value"].mean()) if len(group) else float("nan")

    return finite.groupby("key")[["value", "persons"]].apply(mean)


def add_accessibility(
    problem: Problem,
    solution: Solution,
    communes: gpd.GeoDataFrame,
    districts: pd.DataFrame,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The commune and district tables with the accessibility columns of the open network.

    Per demand row (commune, or commune × target group, where only centres of a serving type
    count): minutes to the nearest open centre; whether it lies within each of `WITHIN_MINUTES`;
    2SFCA (step catchment `CATCHMENT_MINUTES`) and E2SFCA (`E2SFCA_ZONES`) with supply = places of
    each open centre and demand = persons needing a place, in places per 1,000 persons in need.
    Rows are combined per commune and per district weighted by persons.

    Parameters
    ----------
    problem
        The solved problem (demand persons, travel minutes).
    solution
        Its solution; ``opened`` gives the places of each open centre.
    communes
        Commune table indexed by admin code with ``district_code``.
    districts
        District table with ``district_code``.

    Returns
    -------
    tuple
        New commune and district tables with the `COMMUNE_COLUMNS`; the nearest minutes of a
        commune are its smallest over its rows, the shares and ratios persons-weighted.
    """
    open_ids = [str(s) for s in solution.open_site_ids]
    persons = problem.demand["demand_persons"].astype(float)
    admin = problem.demand["admin_code"].astype(str)
    supply = solution.opened.set_index("site_id")["capacity_places"].astype(float).fillna(0.0)
    supply.index = supply.index.astype(str)
    nearest = compute_nearest_minutes(problem.travel, open_site_ids=open_ids)
    nearest.index = problem.demand.index
    per_row = {
        f"access_share_within_{int(t)}_minutes": (nearest <= t).astype(float)
        for t in WITHIN_MINUTES
    }
    two_step = compute_two_step_fca(
        problem.travel,
        persons,
        supply,
        catchment_minutes=CATCHMENT_MINUTES,
        open_site_ids=open_ids,
    )
    enhanced = compute_enhanced_two_step_fca(
        problem.travel, persons, supply, zones=E2SFCA_ZONES, open_site_ids=open_ids
    )
    per_row["access_2sfca_places_per_1000"] = pd.Series(
        two_step.to_numpy() * PER_THOUSAND, index=problem.demand.index
    )
    per_row["access_e2sfca_places_per_1000"] = pd.Series(
        enhanced.to_numpy() * PER_THOUSAND, index=problem.demand.index
    )
    communes = communes.copy()
    codes = communes.index.astype(str)
    communes["access_nearest_minutes"] = (
        nearest.groupby(admin).min().reindex(codes).to_numpy(dtype=float)
    )
    for column, values in per_row.items():
        communes[column] = _weighted_by(values, persons, admin).reindex(codes).to_numpy(float)
    district_of = admin.map(pd.Series(communes["district_code"].astype(str).to_numpy(), codes))
    districts = districts.copy()
    district_codes = districts["district_code"].astype(str)
    districts["access_nearest_minutes"] = (
        _weighted_by(nearest, persons, district_of).reindex(district_codes).to_numpy(float)
    )
    for column, values in per_row.items():
        districts[column] = (
            _weighted_by(values, persons, district_of).reindex(district_codes).to_numpy(float)
        )
    return communes, districts
