"""Run a PuLP model with HiGHS (highspy) or CBC and read status and gap from the solver itself."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pulp

from facility_plan.errors import SolverError
from facility_plan.models.solution import SolveStatus

log = logging.getLogger(__name__)

SolverName = Literal["highs", "cbc"]

_CBC_NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
_CBC_OBJECTIVE = re.compile(rf"^Objective value:\s*{_CBC_NUMBER}", re.MULTILINE)
_CBC_BOUND = re.compile(rf"^(?:Lower|Upper) bound:\s*{_CBC_NUMBER}", re.MULTILINE)
_CBC_PARTIAL = re.compile(rf"best objective {_CBC_NUMBER} \(best possible {_CBC_NUMBER}\)")


@dataclass(frozen=True, slots=True)
class SolverSettings:
    """How to solve: passed whole to every solve of a run, secondary solves included.

    Attributes
    ----------
    name
        ``highs`` (default; falls back to ``cbc`` with a warning if highspy is missing) or ``cbc``.
    time_limit_seconds
        Wall-clock limit per solve (seconds), None for none.
    mip_gap
        Relative gap at which the solver may stop (0 = prove optimality).
    threads
        Solver threads (CBC only; HiGHS keeps its own default, see `_run_highs`).
    verbose
        Let the solver print its log (banner and progress) to the console; off by default.
    """

    name: SolverName = "highs"
    time_limit_seconds: float | None = None
    mip_gap: float = 0.0
    threads: int = 1
    verbose: bool = False


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


def read_highs_status(highs: Any, *, is_mip: bool) -> tuple[SolveStatus, float | None, bool, str]:
    """Status, relative gap, whether there is an incumbent, and the status text of a HiGHS run.

    The one place a HiGHS model status becomes a `SolveStatus`: ``optimal`` only when HiGHS
    proved it (gap 0 or within its ``mip_rel_gap``), ``feasible`` with the gap when it stopped
    with an incumbent, ``not_solved`` when it has none.
    """
    import highspy

    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_incumbent = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    text = str(highs.modelStatusToString(model_status))
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
    return status, gap, has_incumbent, text


def _run_highs(lp: pulp.LpProblem, settings: SolverSettings) -> SolverRun:

    # HiGHS fixes its thread pool at the first solve in a process; changing it later
    # makes every solve return "Not Set" (seen with highspy 1.15), so HiGHS keeps its default.
    solver = pulp.HiGHS(
        msg=settings.verbose, timeLimit=settings.time_limit_seconds, gapRel=settings.mip_gap
    )
    started = time.perf_counter()
    with _console_quiet(not settings.verbose):
        lp.solve(solver)
    seconds = time.perf_counter() - started
    highs = lp.solverModel
    is_mip = any(v.cat == pulp.LpInteger for v in lp.variables())
    status, gap, has_incumbent, status_text = read_highs_status(highs, is_mip=is_mip)
    info = highs.getInfo()
    objective = float(info.objective_function_value) if has_incumbent else None
    if objective is not None and lp.sense == pulp.LpMaximize:
        objective = -objective  # PuLP hands HiGHS "minimise −f" for a maximisation
    if objective is not None and lp.objective is not None and lp.objective.constant:
        objective += float(lp.objective.constant)
    return SolverRun(status, objective, gap, seconds, "highs", status_text)


def _run_cbc(lp: pulp.LpProblem, settings: SolverSettings) -> SolverRun:
    with tempfile.TemporaryDirectory(prefix="facility_plan_cbc_") as folder:
        log_path = Path(folder) / "cbc.log"
        solver = pulp.PULP_CBC_CMD(
            msg=False,
            timeLimit=settings.time_limit_seconds,
            gapRel=settings.mip_gap,
            threads=settings.threads,
            logPath=str(log_path),
        )
        started = time.perf_counter()
        lp.solve(solver)
        seconds = time.perf_counter() - started
        log_text = log_path.read_text(errors="replace") if log_path.is_file() else ""
    if settings.verbose:
        sys.stdout.write(log_text)
        sys.stdout.flush()
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
        gap = cbc_log_gap(log_text, objective)
        return SolverRun(SolveStatus.FEASIBLE, objective, gap, seconds, "cbc", "time limit")
    return SolverRun(SolveStatus.NOT_SOLVED, None, None, seconds, "cbc", pulp.LpStatus[lp.status])


def cbc_log_gap(log_text: str, objective: float | None) -> float | None:
    """Relative gap of a stopped CBC run, read from CBC's own log.

    Uses the summary lines ``Objective value:`` and ``Lower bound:`` (``Upper bound:`` when
    maximising), or else the ``best objective … (best possible …)`` line. The gap is
    ``|incumbent − bound| / max(|objective|, 1e-9)``; the absolute difference comes from the log
    (where an objective constant cancels), the scale from `objective` when given.

    Parameters
    ----------
    log_text
        CBC's log (its standard output).
    objective
        Objective of the incumbent as PuLP reads it (constant included), None to use the log's.

    Returns
    -------
    float or None
        The relative gap (≥ 0), None when the log reports no incumbent and bound.
    """
    incumbent = _last_float(_CBC_OBJECTIVE, log_text)
    bound = _last_float(_CBC_BOUND, log_text)
    if incumbent is None or bound is None:
        partial = _CBC_PARTIAL.findall(log_text)
        if not partial:
            return None
        incumbent, bound = (float(value) for value in partial[-1])
    scale = abs(objective) if objective is not None else abs(incumbent)
    return abs(incumbent - bound) / max(scale, 1e-9)


def _last_float(pattern: re.Pattern[str], text: str) -> float | None:
    found = pattern.findall(text)
    return float(found[-1]) if found else None


@contextlib.contextmanager
def _console_quiet(quiet: bool) -> Iterator[None]:
    """Send the process's standard output to the null device while `quiet` (solver banners).

    HiGHS prints its banner from C++ on the first ``Highs()`` of a process, before PuLP can set
    ``output_flag``; only redirecting file descriptor 1 keeps it off the console.
    """
    if not quiet:
        yield
        return
    try:
        stdout_fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout (e.g. captured by a notebook)
        stdout_fd = 1
    sys.stdout.flush()
    saved = os.dup(stdout_fd)
    try:
        with Path(os.devnull).open("w", encoding="utf-8") as null:
            os.dup2(null.fileno(), stdout_fd)
            try:
                yield
            finally:
                os.dup2(saved, stdout_fd)
    finally:
        os.close(saved)


def run_solver(lp: pulp.LpProblem, settings: SolverSettings) -> SolverRun:
    """Solve `lp` and read its status honestly.

    Parameters
    ----------
    lp
        The PuLP model.
    settings
        Solver, time limit (seconds), gap, threads and verbosity.

    Returns
    -------
    SolverRun

    Raises
    ------
    SolverError
        If no usable solver is installed.
    """
    usable = available_solvers()
    chosen: str = settings.name
    if chosen not in usable:
        if not usable:
            msg = "no MILP solver available: install highspy (pip install highspy) or PuLP's CBC"
            raise SolverError(msg)
        log.warning("solver %s is not available here; using %s", settings.name, usable[0])
        chosen = usable[0]
    runner = _run_highs if chosen == "highs" else _run_cbc
    return runner(lp, settings)
