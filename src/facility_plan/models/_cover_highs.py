"""Solve a 0/1 covering MIP given as sparse arrays: straight in highspy (with a MIP start) or PuLP.

Also the LP relaxation of unit-cost set covering in highspy, turned into a proven lower bound
from its row duals (`set_cover_lp_bound`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pulp
import scipy.sparse as sp

from facility_plan.models._status import (
    SolverRun,
    SolverSettings,
    _console_quiet,
    available_solvers,
    run_solver,
)
from facility_plan.models.solution import SolveStatus


@dataclass(frozen=True, slots=True)
class ArrayMip:
    """``min cost·x`` s.t. ``row_lower ≤ matrix x ≤ row_upper``, ``0 ≤ x ≤ upper``.

    Attributes
    ----------
    cost
        Objective coefficient of each column.
    matrix
        Constraint matrix (rows × columns), any scipy sparse format.
    row_lower, row_upper
        Row bounds (``±inf`` for none).
    upper
        Upper bound of each column (lower bounds are 0).
    integer
        True for the 0/1 (integer) columns.
    """

    cost: npt.NDArray[np.float64]
    matrix: sp.csc_array
    row_lower: npt.NDArray[np.float64]
    row_upper: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]
    integer: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class ArrayResult:
    """A solve of an `ArrayMip`.

    Attributes
    ----------
    run
        Status, incumbent objective, relative gap, seconds and solver.
    values
        Column values of the incumbent, None without one.
    dual_bound
        Proven lower bound on the objective (None when the solver gave none).
    """

    run: SolverRun
    values: npt.NDArray[np.float64] | None
    dual_bound: float | None


def solve_array_mip(
    mip: ArrayMip,
    settings: SolverSettings,
    *,
    start: npt.NDArray[np.float64] | None = None,
    cutoff: float | None = None,
) -> ArrayResult:
    """Solve `mip` with HiGHS through highspy (CBC through PuLP when asked or without highspy).

    Parameters
    ----------
    mip
        The model.
    settings
        Solver, time limit (seconds), relative gap and verbosity.
    start
        A feasible solution handed to HiGHS as MIP start (ignored by CBC).
    cutoff
        Only solutions with objective below this value are wanted (HiGHS ``objective_bound``).

    Returns
    -------
    ArrayResult
    """
    if settings.time_limit_seconds is not None and settings.time_limit_seconds <= 0:
        run = SolverRun(SolveStatus.NOT_SOLVED, None, None, 0.0, settings.name, "time limit")
        return ArrayResult(run, None, None)
    if settings.name == "highs" and "highs" in available_solvers():
        return _solve_highs(mip, settings, start, cutoff)
    return _solve_pulp(mip, settings)


def _solve_highs(
    mip: ArrayMip,
    settings: SolverSettings,
    start: npt.NDArray[np.float64] | None,
    cutoff: float | None,
) -> ArrayResult:
    import highspy

    matrix = sp.csc_array(mip.matrix, dtype=np.float64)
    matrix.sort_indices()
    n_rows, n_columns = matrix.shape
    infinity = highspy.kHighsInf
    with _console_quiet(not settings.verbose):
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", settings.verbose)
    if settings.time_limit_seconds is not None:
        highs.setOptionValue("time_limit", float(settings.time_limit_seconds))
    highs.setOptionValue("mip_rel_gap", float(settings.mip_gap))
    if cutoff is not None:
        highs.setOptionValue("objective_bound", float(cutoff))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_columns, n_rows
    lp.col_cost_ = mip.cost.astype(np.float64)
    lp.col_lower_ = np.zeros(n_columns)
    lp.col_upper_ = mip.upper.astype(np.float64)
    lp.row_lower_ = np.where(np.isfinite(mip.row_lower), mip.row_lower, -infinity)
    lp.row_upper_ = np.where(np.isfinite(mip.row_upper), mip.row_upper, infinity)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
        for flag in mip.integer
    ]
    highs.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = start.astype(np.float64).tolist()
        solution.value_valid = True
        highs.setSolution(solution)
    started = time.perf_counter()
    with _console_quiet(not settings.verbose):
        highs.run()
    seconds = time.perf_counter() - started
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_incumbent = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    text = highs.modelStatusToString(model_status)
    bound: float | None = float(info.mip_dual_bound)
    if bound is not None and not np.isfinite(bound):
        bound = None
    gap: float | None = None
    if model_status == highspy.HighsModelStatus.kOptimal:
        status, gap = SolveStatus.OPTIMAL, max(float(info.mip_gap), 0.0)
        gap = gap if gap == gap else 0.0
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        status = SolveStatus.INFEASIBLE
    elif model_status == highspy.HighsModelStatus.kObjectiveBound:
        status = SolveStatus.INFEASIBLE  # nothing below the cutoff
        text = "no solution below the cutoff"
    elif has_incumbent:
        status, gap = SolveStatus.FEASIBLE, float(info.mip_gap)
    else:
        status = SolveStatus.NOT_SOLVED
    objective = float(info.objective_function_value) if has_incumbent else None
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64) if has_incumbent else None
    run = SolverRun(status, objective, gap, seconds, "highs", text)
    return ArrayResult(run, values, bound)


def _solve_pulp(mip: ArrayMip, settings: SolverSettings) -> ArrayResult:
    """The same model through PuLP (CBC, or HiGHS through PuLP's fallback chain)."""
    by_row = sp.csr_array(mip.matrix, dtype=np.float64)
    lp = pulp.LpProblem("cover", pulp.LpMinimize)
    columns = [
        pulp.LpVariable(
            f"x_{j}",
            lowBound=0,
            upBound=float(mip.upper[j]),
            cat=pulp.LpInteger if mip.integer[j] else pulp.LpContinuous,
        )
        for j in range(mip.cost.size)
    ]
    lp.setObjective(
        pulp.LpAffineExpression(
            [(columns[j], float(mip.cost[j])) for j in np.flatnonzero(mip.cost)]
        )
    )
    for row in range(by_row.shape[0]):
        start, stop = by_row.indptr[row], by_row.indptr[row + 1]
        expression = pulp.LpAffineExpression(
            [
                (columns[int(j)], float(a))
                for j, a in zip(by_row.indices[start:stop], by_row.data[start:stop], strict=True)
            ]
        )
        if np.isfinite(mip.row_lower[row]):
            lp.addConstraint(expression >= float(mip.row_lower[row]), f"low_{row}")
        if np.isfinite(mip.row_upper[row]):
            lp.addConstraint(expression <= float(mip.row_upper[row]), f"up_{row}")
    run = run_solver(lp, replace(settings))
    if run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return ArrayResult(run, None, None)
    values = np.array([var.varValue or 0.0 for var in columns], dtype=np.float64)
    bound = None
    if run.objective is not None and run.mip_gap is not None:
        bound = run.objective - run.mip_gap * abs(run.objective)
    return ArrayResult(run, values, bound)


def set_cover_lp_bound(reach: sp.csr_array, time_limit_seconds: float | None) -> float | None:
    r"""A proven lower bound on the minimum cover size from the LP relaxation's row duals.

    HiGHS solves :math:`\min \sum_j x_j` s.t. every row covered, :math:`0 \le x \le 1`; its
    row duals, clipped at 0, are Lagrangian multipliers :math:`u \ge 0`, and the bound is
    recomputed from them, :math:`L(u) = \sum_i u_i + \sum_j \min(0, 1 - \sum_{i \ni j} u_i)`,
    so it holds whatever the LP's tolerances (weak duality).

    Parameters
    ----------
    reach
        Rows × columns, True where the column covers the row; every row has a column.
    time_limit_seconds
        Seconds at most for the LP (seconds), None for no limit.

    Returns
    -------
    float or None
        The bound (columns, fractional), None without highspy or when the LP did not finish.
    """
    if "highs" not in available_solvers() or (
        time_limit_seconds is not None and time_limit_seconds <= 0
    ):
        return None
    import highspy

    matrix = sp.csc_array(reach, dtype=np.float64)
    matrix.sort_indices()
    n_rows, n_columns = matrix.shape
    with _console_quiet(True):
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    if time_limit_seconds is not None:
        highs.setOptionValue("time_limit", float(time_limit_seconds))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_columns, n_rows
    lp.col_cost_ = np.ones(n_columns)
    lp.col_lower_ = np.zeros(n_columns)
    lp.col_upper_ = np.ones(n_columns)
    lp.row_lower_ = np.ones(n_rows)
    lp.row_upper_ = np.full(n_rows, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data
    highs.passModel(lp)
    with _console_quiet(True):
        highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    duals = np.maximum(np.asarray(highs.getSolution().row_dual, dtype=np.float64), 0.0)
    reduced = 1.0 - matrix.T @ duals
    return float(duals.sum() + np.minimum(reduced, 0.0).sum())
