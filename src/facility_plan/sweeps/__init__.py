"""Sweeps of independent solves on one executor: robustness draws, alternatives, budget and sensitivity points."""

from facility_plan.sweeps.alternatives import Subproblem, find_alternatives, partition
from facility_plan.sweeps.draws import (
    Draw,
    FacilityPosition,
    UncertaintyModel,
    draw_inputs,
    draws_table,
    uncertainty_model,
)
from facility_plan.sweeps.executor import (
    LOCAL_CLUSTER,
    ExecutorKind,
    ExecutorSettings,
    SweepError,
    SweepRunner,
    open_sweep,
)
from facility_plan.sweeps.files import write_alternatives, write_robust
from facility_plan.sweeps.pareto import PARETO_COLUMNS, budget_pareto
from facility_plan.sweeps.plans import FixedPlan, PlanOutcome, evaluate_plan, service_outcome
from facility_plan.sweeps.realise import DrawBase, realise_problem
from facility_plan.sweeps.regret import RegretTables, regret_tables, selection_frequency
from facility_plan.sweeps.result import AlternativesResult, RobustResult
from facility_plan.sweeps.robust import run_robust
from facility_plan.sweeps.sensitivity import sensitivity_sweep

__all__ = [
    "LOCAL_CLUSTER",
    "PARETO_COLUMNS",
    "AlternativesResult",
    "Draw",
    "DrawBase",
    "ExecutorKind",
    "ExecutorSettings",
    "FacilityPosition",
    "FixedPlan",
    "PlanOutcome",
    "RegretTables",
    "RobustResult",
    "Subproblem",
    "SweepError",
    "SweepRunner",
    "UncertaintyModel",
    "budget_pareto",
    "draw_inputs",
    "draws_table",
    "evaluate_plan",
    "find_alternatives",
    "open_sweep",
    "partition",
    "realise_problem",
    "regret_tables",
    "run_robust",
    "selection_frequency",
    "sensitivity_sweep",
    "service_outcome",
    "uncertainty_model",
    "write_alternatives",
    "write_robust",
]
