"""Run a PuLP model with HiGHS (highspy) or CBC and read status and gap from the solver itself."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Literal

import pulp

from facility_plan.errors import SolverError
from facility_plan.models.solution import SolveStatus

log = logging.getLogger(__name__)

SolverName = Literal["highs", "cbc"]


@dataclass(frozen=True, slots=True)
class SolverRun:
    """What the solver reported.

    Attributes
    ----------
    status
        Status read from the solver's own model status and solution status.
    objective
        Objective of the incumbent, None when there is none.
    mip_gap
        Relative gap (0 = proven optimal), None when the solver did not report one.
    solve_seconds
        Wall-clock seconds.
    solver_name
        The solver actually used (``highs`` or ``cbc``).
    message
        Solver status text.
    """

    status: SolveStatus
    objective: float | None
    mip_gap: float | None
    solve_seconds: float
    solver_name: str
    message: str


def available_solvers() -> tuple[str, ...]:
    """Solvers usable here, in order of preference (``highs`` first)."""
    names = set(pulp.listSolvers(onlyAvailable=True))
    found = []
    if "HiGHS" in names:
        found.append("highs")
    if "PULP_CBC_CMD" in names:
        found.append("cbc")
    return tuple(found)


def _run_highs(
    lp: pulp.LpProblem, *, time_limit_seconds: float | None, mip_gap: float, threads: int
) -> SolverRun:
    import highspy

    del threads  # HiGHS fixes its thread pool at the first solve in a process; changing it later
    # makes every solve return "Not Set" (seen with highspy 1.15), so HiGHS keeps its default.
    solver = pulp.HiGHS(msg=False, timeLimit=time_limit_seconds, gapRel=mip_gap)
    started = time.perf_counter()
    lp.solve(solver)
    seconds = time.perf_counter() - started
    highs = lp.solverModel
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_incumbent = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    status_text = highs.modelStatusToString(model_status)
    is_mip = any(v.cat == pulp.LpInteger for v in lp.variables())
    gap: float | None
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = SolveStatus.OPTIMAL
        gap = float(info.mip_gap) if is_mip else 0.0
        gap = max(gap, 0.0) if gap == gap else 0.0  # NaN → 0 for a proven optimum
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        status, gap = SolveStatus.INFEASIBLE, None
    elif model_status in (
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        status, gap = SolveStatus.UNBOUNDED, None
    elif has_incumbent:
        status = SolveStatus.FEASIBLE
        gap = float(info.mip_gap) if is_mip else None
    else:
        status, gap = SolveStatus.NOT_SOLVED, None
    objective = float(info.objective_function_value) if has_incumbent else None
    if objective is not None and lp.sense == pulp.LpMaximize:
        objective = -objective  # PuLP hands HiGHS "minimise −f" for a maximisation
    if objective is not None and lp.objective is not None and lp.objective.constant:
        objective += float(lp.objective.constant)
    return SolverRun(status, objective, gap, seconds, "highs", status_text)


def _run_cbc(
    lp: pulp.LpProblem, *, time_limit_seconds: float | None, mip_gap: float, threads: int
) -> SolverRun:
    solver = pulp.PULP_CBC_CMD(
        msg=False, timeLimit=time_limit_seconds, gapRel=mip_gap, threads=threads
    )
    started = time.perf_counter()
    lp.solve(solver)
    seconds = time.perf_counter() - started
    sol_status = lp.sol_status
    if lp.status == pulp.LpStatusInfeasible or sol_status == pulp.LpSolutionInfeasible:
        return SolverRun(SolveStatus.INFEASIBLE, None, None, seconds, "cbc", "infeasible")
    if lp.status == pulp.LpStatusUnbounded:
        return SolverRun(SolveStatus.UNBOUNDED, None, None, seconds, "cbc", "unbounded")
    objective = pulp.value(lp.objective)
    if sol_status == pulp.LpSolutionOptimal:
        return SolverRun(SolveStatus.OPTIMAL, objective, 0.0, seconds, "cbc", "optimal")
    if sol_status == pulp.LpSolutionIntegerFeasible:
        # CBC stopped on the time limit with an incumbent; pulp#711: prob.status may say Optimal.
        return SolverRun(SolveStatus.FEASIBLE, objective, None, seconds, "cbc", "time limit")
    return SolverRun(SolveStatus.NOT_SOLVED, None, None, seconds, "cbc", pulp.LpStatus[lp.status])


def run_solver(
    lp: pulp.LpProblem,
    *,
    solver: SolverName = "highs",
    time_limit_seconds: float | None = None,
    mip_gap: float = 0.0,
    threads: int = 1,
) -> SolverRun:
    """Solve `lp` and read its status honestly.

    Parameters
    ----------
    lp
        The PuLP model.
    solver
        ``highs`` (default; falls back to ``cbc`` with a warning if highspy is missing) or ``cbc``.
    time_limit_seconds
        Wall-clock limit (seconds), None for none.
    mip_gap
        Relative gap at which to stop.
    threads
        Solver threads (CBC only; HiGHS keeps its own default, see `_run_highs`).

    Returns
    -------
    SolverRun

    Raises
    ------
    SolverError
        If no usable solver is installed.
    """
    usable = available_solvers()
    chosen: str = solver
    if chosen not in usable:
        if not usable:
            msg = "no MILP solver available: install highspy (pip install highspy) or PuLP's CBC"
            raise SolverError(msg)
        log.warning("solver %s is not available here; using %s", solver, usable[0])
        chosen = usable[0]
    runner = _run_highs if chosen == "highs" else _run_cbc
    return runner(lp, time_limit_seconds=time_limit_seconds, mip_gap=mip_gap, threads=threads)
