"""Location models on a `Problem`; each returns a frozen `Solution` keyed by ids."""

from facility_plan.models._status import available_solvers, run_solver
from facility_plan.models.capacitated import capacitated, check_capacitated_feasibility
from facility_plan.models.solution import Solution, SolveStatus, verify_capacitated

__all__ = [
    "Solution",
    "SolveStatus",
    "available_solvers",
    "capacitated",
    "check_capacitated_feasibility",
    "run_solver",
    "verify_capacitated",
]
