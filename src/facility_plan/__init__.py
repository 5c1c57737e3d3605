"""facility_plan: plan networks of social-assistance facilities (cơ sở trợ giúp xã hội).

The public API is importable from here; names are loaded on first use so that the command line
starts at once (``facility-plan --help``) without importing geopandas, PuLP or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# Public name → module that defines it (read-only lookup table, not state).
_PUBLIC = {
    "Problem": "facility_plan.problem",
    "TravelMatrix": "facility_plan.travel",
    "ScenarioConfig": "facility_plan.config",
    "load_scenario": "facility_plan.config",
    "ScenarioResult": "facility_plan.scenario",
    "ScenarioSummary": "facility_plan.scenario",
    "run_scenario": "facility_plan.scenario",
    "prepare_scenario": "facility_plan.scenario",
    "compare_summaries": "facility_plan.scenario",
    "read_summary": "facility_plan.scenario",
    "Solution": "facility_plan.models",
    "SolveStatus": "facility_plan.models",
    "SolverSettings": "facility_plan.models",
    "FacilityPlanError": "facility_plan.errors",
    "InputDataError": "facility_plan.errors",
    "ScenarioConfigError": "facility_plan.errors",
    "InfeasibleScenarioError": "facility_plan.errors",
}

__all__ = [
    "FacilityPlanError",
    "InfeasibleScenarioError",
    "InputDataError",
    "Problem",
    "ScenarioConfig",
    "ScenarioConfigError",
    "ScenarioResult",
    "ScenarioSummary",
    "Solution",
    "SolveStatus",
    "SolverSettings",
    "TravelMatrix",
    "__version__",
    "compare_summaries",
    "load_scenario",
    "prepare_scenario",
    "read_summary",
    "run_scenario",
]

if TYPE_CHECKING:
    from facility_plan.config import ScenarioConfig, load_scenario
    from facility_plan.errors import (
        FacilityPlanError,
        InfeasibleScenarioError,
        InputDataError,
        ScenarioConfigError,
    )
    from facility_plan.models import Solution, SolverSettings, SolveStatus
    from facility_plan.problem import Problem
    from facility_plan.scenario import (
        ScenarioResult,
        ScenarioSummary,
        compare_summaries,
        prepare_scenario,
        read_summary,
        run_scenario,
    )
    from facility_plan.travel import TravelMatrix


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        msg = f"module 'facility_plan' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return list(__all__)
