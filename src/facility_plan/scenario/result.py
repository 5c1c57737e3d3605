"""What a scenario run hands to the output layers: one frozen record of tables, solution and summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.demand import DemandEstimate
from facility_plan.io import ScenarioInputs
from facility_plan.models import CapacitatedSpec, Solution, SolverSettings
from facility_plan.problem import Problem
from facility_plan.programme import ProgrammeResult
from facility_plan.scenario.summary import ScenarioSummary
from facility_plan.travel import TravelResult

ProgressCallback = Callable[[str], None]


def no_progress(_step: str) -> None:
    """Default progress callback: silent."""


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
    programme
        The programme model's result (case management, social-work staff, training,
        allowances) when the scenario has a ``programme`` section, else None.
    spec
        The model specification that was solved.
    solver
        The solver settings every solve of the run used.
    summary
        Key figures and the facts every output states (`ScenarioSummary`).
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
    assignments: pd.DataFrame
    resources: pd.DataFrame
    targets: pd.DataFrame
    plain_summary: tuple[str, ...]
    required_site_groups: dict[str, list[str]]
    programme: ProgrammeResult | None
    spec: CapacitatedSpec
    solver: SolverSettings
    summary: ScenarioSummary


@dataclass(frozen=True, slots=True)
class PreparedScenario:
    """A scenario ready to solve: validated inputs, demand, the problem and how to solve it.

    Attributes
    ----------
    config
        The scenario.
    inputs
        Its validated inputs.
    demand
        Demand estimate.
    problem
        The aligned problem.
    required_site_groups
        District code → candidate site ids that must receive a new centre.
    spec
        Model specification.
    solver
        Solver settings.
    travel
        How travel minutes were computed: pairs per method actually used and descriptions.
    """

    config: ScenarioConfig
    inputs: ScenarioInputs
    demand: DemandEstimate
    problem: Problem
    required_site_groups: dict[str, list[str]]
    spec: CapacitatedSpec
    solver: SolverSettings
    travel: TravelResult
