"""Scenario layer: prepare, solve, tabulate and summarise a scenario; sweeps and comparisons."""

from facility_plan.scenario.assemble import build_problem, model_spec, solver_settings
from facility_plan.scenario.compare import COMPARE_ROWS, compare_summaries
from facility_plan.scenario.result import PreparedScenario, ProgressCallback, ScenarioResult
from facility_plan.scenario.run import (
    check_feasibility,
    explain_scenario,
    prepare_scenario,
    run_scenario,
    tabulate,
)
from facility_plan.scenario.summary import (
    DemandAnchorSummary,
    DemandCalibration,
    DemandRange,
    FacilityPrecision,
    GroupService,
    NewSiteSummary,
    ScenarioSummary,
    TravelFacts,
    TypeCapacity,
    read_summary,
)
from facility_plan.scenario.sweeps import compute_budget_pareto

__all__ = [
    "COMPARE_ROWS",
    "DemandAnchorSummary",
    "DemandCalibration",
    "DemandRange",
    "FacilityPrecision",
    "GroupService",
    "NewSiteSummary",
    "PreparedScenario",
    "ProgressCallback",
    "ScenarioResult",
    "ScenarioSummary",
    "TravelFacts",
    "TypeCapacity",
    "build_problem",
    "check_feasibility",
    "compare_summaries",
    "compute_budget_pareto",
    "explain_scenario",
    "model_spec",
    "prepare_scenario",
    "read_summary",
    "run_scenario",
    "solver_settings",
    "tabulate",
]
