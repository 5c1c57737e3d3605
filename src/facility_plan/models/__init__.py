"""Location models on a `Problem`; each returns a frozen `Solution` keyed by ids."""

from facility_plan.models._status import SolverSettings, available_solvers, run_solver
from facility_plan.models.capacitated import (
    CapacitatedSpec,
    capacitated,
    check_capacitated_feasibility,
)
from facility_plan.models.coverage import (
    MaxCoverageSpec,
    SetCoveringSpec,
    max_coverage,
    set_covering,
    verify_max_coverage,
    verify_set_covering,
)
from facility_plan.models.p_center import PCenterSpec, p_center, verify_p_center
from facility_plan.models.p_median import PMedianSpec, p_median, verify_p_median
from facility_plan.models.phased import PhasedSpec
from facility_plan.models.registry import MODEL_SPECS, ModelSpec, solve, spec_from_kind
from facility_plan.models.solution import Solution, SolveStatus, verify_capacitated

__all__ = [
    "MODEL_SPECS",
    "CapacitatedSpec",
    "MaxCoverageSpec",
    "ModelSpec",
    "PCenterSpec",
    "PMedianSpec",
    "PhasedSpec",
    "SetCoveringSpec",
    "Solution",
    "SolveStatus",
    "SolverSettings",
    "available_solvers",
    "capacitated",
    "check_capacitated_feasibility",
    "max_coverage",
    "p_center",
    "p_median",
    "run_solver",
    "set_covering",
    "solve",
    "spec_from_kind",
    "verify_capacitated",
    "verify_max_coverage",
    "verify_p_center",
    "verify_p_median",
    "verify_set_covering",
]
