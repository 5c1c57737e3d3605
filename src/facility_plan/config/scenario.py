"""The whole scenario: every section validated together, strictly (unknown keys rejected)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import (
    Field,
)

from facility_plan.config.base import _Frozen
from facility_plan.config.model import ModelConfig
from facility_plan.config.programme import ProgrammeConfig
from facility_plan.config.sections import (
    DemandConfig,
    InputsConfig,
    OutputsConfig,
    ResourcesConfig,
    SolverConfig,
    TargetYear,
)
from facility_plan.config.travel import TravelConfig
from facility_plan.config.uncertainty import UncertaintyConfig


class ScenarioConfig(_Frozen):
    """A complete, validated scenario.

    Attributes
    ----------
    name
        Short id, used as the output folder name (letters, digits, ``_`` and ``-``).
    title_vi
        Title shown on maps and reports.
    description
        Free text: the planner's question.
    year
        Plan year.
    province_name_vi
        Province shown in titles.
    crs
        Projected metric CRS used for distances (default UTM 48N).
    targets
        The plan's targets by year (coverage shares, places, staff).
    resources
        Staffing, land and cost norms.
    uncertainty
        What is uncertain and how, for robustness sweeps (``facility-plan robust``).
    programme
        Community programme (case management, social-work staff, training, allowances); None
        when the scenario plans residential places only.
    scenario_path
        The file the scenario was read from (set by `load_scenario`).
    """

    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$", max_length=80)
    title_vi: str
    description: str = ""
    year: Annotated[int, Field(ge=2015, le=2060)]
    province_name_vi: str = ""
    crs: str = "EPSG:32648"
    inputs: InputsConfig
    demand: DemandConfig
    travel: TravelConfig = TravelConfig()
    model: ModelConfig
    solver: SolverConfig = SolverConfig()
    outputs: OutputsConfig = OutputsConfig()
    targets: tuple[TargetYear, ...] = ()
    resources: ResourcesConfig = ResourcesConfig()
    programme: ProgrammeConfig | None = None
    uncertainty: UncertaintyConfig = UncertaintyConfig()
    scenario_path: Path | None = None
