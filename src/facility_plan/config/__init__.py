"""Scenario configuration: pydantic models for a scenario TOML file, validated strictly (unknown keys rejected)."""

from facility_plan.config.base import AssumptionStatus, BasePopulation, FacilityType
from facility_plan.config.defaults import (
    default_demand_anchors,
    default_growth_per_year,
    default_target_groups,
)
from facility_plan.config.loading import load_scenario, scenario_from_dict
from facility_plan.config.model import (
    MODEL_KINDS,
    CapacitatedConfig,
    MaxCoverageConfig,
    ModelConfig,
    ObjectiveConfig,
    PCenterConfig,
    PeriodTarget,
    PhasedConfig,
    PMedianConfig,
    PriorityConfig,
    SetCoveringConfig,
    SizeTier,
)
from facility_plan.config.programme import ProgrammeConfig as ProgrammeConfig
from facility_plan.config.scenario import ScenarioConfig
from facility_plan.config.sections import (
    DemandAnchorSettings,
    DemandConfig,
    InputsConfig,
    OutputsConfig,
    ResourcesConfig,
    SolverConfig,
    TargetGroupSettings,
    TargetYear,
)
from facility_plan.config.travel import CommuneClassSpeeds, FerryLink, TravelConfig
from facility_plan.config.uncertainty import GroupUncertainty, UncertaintyConfig

__all__ = [
    "MODEL_KINDS",
    "AssumptionStatus",
    "BasePopulation",
    "CapacitatedConfig",
    "CommuneClassSpeeds",
    "DemandAnchorSettings",
    "DemandConfig",
    "FacilityType",
    "FerryLink",
    "GroupUncertainty",
    "InputsConfig",
    "MaxCoverageConfig",
    "ModelConfig",
    "ObjectiveConfig",
    "OutputsConfig",
    "PCenterConfig",
    "PMedianConfig",
    "PeriodTarget",
    "PhasedConfig",
    "PriorityConfig",
    "ResourcesConfig",
    "ScenarioConfig",
    "SetCoveringConfig",
    "SizeTier",
    "SolverConfig",
    "TargetGroupSettings",
    "TargetYear",
    "TravelConfig",
    "UncertaintyConfig",
    "default_demand_anchors",
    "default_growth_per_year",
    "default_target_groups",
    "load_scenario",
    "scenario_from_dict",
]
