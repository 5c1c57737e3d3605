"""Turn one draw of the uncertain inputs into the scenario's problem for that draw (demand, minutes, positions)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
from shapely.geometry import Point

from facility_plan.config import DemandConfig, TravelConfig
from facility_plan.demand import compute_demand
from facility_plan.errors import ProblemError
from facility_plan.models import CapacitatedSpec, SolverSettings
from facility_plan.problem import Problem
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps.draws import Draw
from facility_plan.travel import TravelMatrix, compute_straight_line_matrix, compute_travel

POOLED_GROUP = "all"
"""``target_group`` of the demand rows of a scenario that pools its groups."""


@dataclass(frozen=True, slots=True)
class DrawBase:
    """What every draw of a scenario starts from; sent to each sweep worker once.

    Attributes
    ----------
    problem
        The scenario's problem (its demand rows, sites, tiers and minutes).
    commune_minutes
        Travel minutes commune → site of the scenario (before any split by target group).
    communes
        Communes indexed by admin_code (EPSG:4326 points, population, district).
    districts
        District census figures (persons).
    demand
        The scenario's demand settings.
    year
        Plan year.
    travel
        The scenario's travel settings.
    crs
        Projected metric CRS of distances.
    spec
        The model specification solved on every draw.
    solver
        Solver settings of every solve.
    """

    problem: Problem
    commune_minutes: TravelMatrix
    communes: gpd.GeoDataFrame
    districts: pd.DataFrame
    demand: DemandConfig
    year: int
    travel: TravelConfig
    crs: str
    spec: CapacitatedSpec
    solver: SolverSettings

    @classmethod
    def from_prepared(cls, prepared: PreparedScenario) -> DrawBase:
        """The draw base of a prepared scenario."""
        config = prepared.config
        return cls(
            problem=prepared.problem,
            commune_minutes=prepared.travel.matrix,
            communes=prepared.inputs.communes,
            districts=prepared.inputs.districts,
            demand=config.demand,
            year=config.year,
            travel=config.travel,
            crs=config.crs,
            spec=prepared.spec,
            solver=prepared.solver,
        )


def drawn_demand_config(demand: DemandConfig, draw: Draw) -> DemandConfig:
    """The demand settings of a draw: each share multiplied (capped at 1), growth replaced."""
    factors: dict[str, dict[str, float]] = {}
    for group, share, value in draw.share_factors:
        factors.setdefault(group, {})[share] = value
    groups = {}
    for name, settings in demand.groups.items():
        multipliers = factors.get(name, {})
        groups[name] = settings.model_copy(
            update={
                f"{share}_share": min(1.0, getattr(settings, f"{share}_share") * factor)
                for share, factor in multipliers.items()
            }
        )
    growth = dict(demand.growth_per_year)
    growth.update({base: value for base, value in draw.growth_per_year})  # type: ignore[misc]
    return demand.model_copy(update={"groups": groups, "growth_per_year": growth})


def _persons_by_row(problem: Problem, by_commune: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Persons of each demand row of `problem` from a demand table by commune and group."""
    groups = (
        problem.demand["target_group"]
        if "target_group" in problem.demand.columns
        else pd.Series(POOLED_GROUP, index=problem.demand.index)
    )
    return np.array(
        [
            float(by_commune.at[code, "demand_persons" if group == POOLED_GROUP else group])
            for code, group in zip(problem.demand["admin_code"], groups, strict=True)
        ]
    )


def _served_pairs(problem: Problem, demand: DemandConfig) -> npt.NDArray[np.bool_]:
    """Pairs (demand row, site) whose site type takes the row's target group (all when pooled)."""
    allowed = np.ones(problem.travel.minutes.shape, dtype=bool)
    if "target_group" not in problem.demand.columns or "facility_type" not in problem.sites:
        return allowed
    site_types = problem.sites["facility_type"].to_numpy()
    for row, group in enumerate(problem.demand["target_group"]):
        if group in demand.groups:
            allowed[row] = np.isin(site_types, demand.groups[group].served_by_types)
    return allowed


def _moved_minutes(base: DrawBase, draw: Draw) -> npt.NDArray[np.float64]:
    """Commune → site minutes of a draw: speed and detour applied, moved centres recomputed."""
    travel = base.travel
    minutes = base.commune_minutes.minutes
    straight_line = travel.method == "straight_line"
    if straight_line:
        scale = (draw.detour_factor / travel.detour_factor) * (travel.speed_kmh / draw.speed_kmh)
        minutes = minutes * scale
    moved = [p for p in draw.positions if p.facility_id in base.commune_minutes.destination_ids]
    if not moved:
        return np.array(minutes, dtype=float)
    points = gpd.GeoDataFrame(
        geometry=[Point(p.lon, p.lat) for p in moved],
        index=pd.Index([p.facility_id for p in moved], name="site_id"),
        crs="EPSG:4326",
    )
    if straight_line:
        columns = compute_straight_line_matrix(
            base.communes,
            points,
            crs=base.crs,
            detour_factor=draw.detour_factor,
            speed_kmh=draw.speed_kmh,
        ).minutes
    else:
        columns = compute_travel(
            travel, crs=base.crs, origins=base.communes, destinations=points
        ).matrix.minutes
    minutes = np.array(minutes, dtype=float)
    positions = base.commune_minutes.destination_ids.get_indexer(points.index)
    minutes[:, positions] = columns
    return minutes


def realise_problem(base: DrawBase, draw: Draw) -> Problem:
    """The scenario's problem under one draw.

    Demand is recomputed with the drawn shares and growth (and calibrated to the scenario's
    total when it has one); straight-line minutes are scaled by the drawn detour factor and
    speed; each centre of uncertain position gets the minutes from its drawn point and the
    commune it is drawn in. Sites, tiers and the pairs a centre's type may serve are unchanged.
    """
    problem = base.problem
    config = drawn_demand_config(base.demand, draw)
    demand = compute_demand(base.communes, base.districts, config, year=base.year)
    persons = _persons_by_row(problem, demand.by_commune)
    commune_minutes = _moved_minutes(base, draw)
    rows = base.commune_minutes.origin_ids.get_indexer(problem.demand["admin_code"])
    if (rows < 0).any():
        msg = "demand rows whose commune has no travel minutes; the draw base does not match"
        raise ProblemError(msg)
    minutes = np.where(_served_pairs(problem, base.demand), commune_minutes[rows], np.inf)
    sites = problem.sites
    if draw.positions:
        moved = {
            p.facility_id: p.admin_code for p in draw.positions if p.facility_id in sites.index
        }
        sites = sites.assign(
            admin_code=[moved.get(site, code) for site, code in sites["admin_code"].items()]
        )
    return Problem(
        demand=problem.demand.assign(demand_persons=persons),
        sites=sites,
        travel=TravelMatrix(
            problem.travel.origin_ids,
            problem.travel.destination_ids,
            minutes,
            problem.travel.method,
        ),
        site_tiers=problem.site_tiers,
    )
