"""Solve the array form of the capacitated model straight in highspy, strong links added when violated."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray
from facility_plan.models._status import SolverRun, SolverSettings, read_highs_status
from facility_plan.models.solution import SolveStatus

Int32Array = npt.NDArray[np.int32]

_LINK_TOLERANCE = 1e-6
_MAX_LINK_ROUNDS = 30
_NEAREST_LINKED = 10  # links added up front for each demand group's nearest sites
# HiGHS's sub-MIP heuristics (RINS, RENS), feasibility jump and restarts cost more than they save
# when a good incumbent is passed in: the root bound is tight and only the proof is left. Without
# one (or with a weak one) they are what finds good solutions, so the caller chooses.
_HIGHS_OPTIONS: dict[str, bool] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_allow_restart": False,
}


def rank_within_groups(groups: IntArray, keys: FloatArray) -> IntArray:
    """Per entry, its rank by `keys` among the entries of the same group (0 = smallest)."""
    order = np.lexsort((keys, groups))
    sorted_groups = groups[order]
    first = np.searchsorted(sorted_groups, sorted_groups, side="left")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size) - first
    return rank


def _nearest_links(arrays: CapacitatedArrays, count: int) -> IntArray:
    """Links of each group's `count` nearest linkable sites (by cost per share)."""
    groups = arrays.pair_group[arrays.link_column]
    rank = rank_within_groups(groups, arrays.column_cost[arrays.link_column])
    return np.nonzero(rank < count)[0].astype(np.int64)


def _site_sums(arrays: CapacitatedArrays) -> tuple[IntArray, IntArray]:
    """CSR (start, columns) of the open columns of each site."""
    sizes = np.array([c.size for c in arrays.site_columns], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    columns = (
        np.concatenate(arrays.site_columns).astype(np.int64)
        if sizes.sum()
        else np.zeros(0, dtype=np.int64)
    )
    return start, columns


def _link_rows(
    arrays: CapacitatedArrays, chosen: IntArray, site_start: IntArray, site_columns: IntArray
) -> tuple[Int32Array, Int32Array, FloatArray]:
    """CSR of the links ``x − Σ open ≤ 0`` numbered `chosen` in ``arrays.link_column``."""
    sites = arrays.link_site[chosen]
    widths = site_start[sites + 1] - site_start[sites]
    start = np.concatenate([[0], np.cumsum(widths + 1)]).astype(np.int32)
    index = np.empty(int(start[-1]), dtype=np.int32)
    value = np.empty(int(start[-1]), dtype=np.float64)
    index[start[:-1]] = arrays.link_column[chosen]
    value[start[:-1]] = 1.0
    for row, site in enumerate(sites.tolist()):
        opening = site_columns[site_start[site] : site_start[site + 1]]
        index[start[row] + 1 : start[row + 1]] = opening
        value[start[row] + 1 : start[row + 1]] = -1.0
    return start[:-1], index, value


def _violated(
    arrays: CapacitatedArrays,
    values: FloatArray,
    site_start: IntArray,
    site_columns: IntArray,
    added: npt.NDArray[np.bool_],
) -> IntArray:
    """Links not yet added whose share exceeds the site's open value."""
    cumulative = np.concatenate([[0.0], np.cumsum(values[site_columns])])
    open_value = cumulative[site_start[1:]] - cumulative[site_start[:-1]]
    excess = values[arrays.link_column] - open_value[arrays.link_site]
    return np.nonzero((excess > _LINK_TOLERANCE) & ~added)[0].astype(np.int64)


def solve_with_highs(
    arrays: CapacitatedArrays,
    settings: SolverSettings,
    *,
    nearest_linked: int = _NEAREST_LINKED,
    incumbent: FloatArray | None = None,
    heuristics: bool = False,
) -> tuple[SolverRun, FloatArray | None]:
    """Solve `arrays` with HiGHS: LP rounds add violated strong links, then the MIP.

    The links are valid inequalities (the capacity rows alone are a correct model), so adding
    only those the LP relaxation violates keeps the optimum while the rows stay few.

    Parameters
    ----------
    arrays
        The reduced model.
    settings
        Time limit (seconds, for the whole call), gap and verbosity.
    nearest_linked
        Strong links added up front per demand group (its nearest sites).
    incumbent
        A feasible solution (every column's value) handed to HiGHS as its first incumbent.
    heuristics
        Keep HiGHS's primal heuristics and restarts on (off: only the proof is left to do).

    Returns
    -------
    tuple
        The run (status, objective, gap, seconds) and the column values (None without incumbent).
    """
    import highspy

    started = time.perf_counter()
    # highspy.Highs() prints its banner in the constructor; the bare class lets us silence it.
    highs = highspy._Highs()  # type: ignore[attr-defined]
    highs.setOptionValue("output_flag", settings.verbose)
    highs.setOptionValue("mip_rel_gap", settings.mip_gap)
    n_columns, n_rows = arrays.n_columns, arrays.n_rows
    highs.passModel(
        n_columns,
        n_rows,
        int(arrays.row_index.size),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        arrays.column_cost,
        arrays.column_lower,
        arrays.column_upper,
        arrays.row_lower,
        arrays.row_upper,
        arrays.row_start[:-1].astype(np.int32),
        arrays.row_index.astype(np.int32),
        arrays.row_value,
        np.zeros(n_columns, dtype=np.int32),  # continuous for the LP rounds
    )
    if not heuristics:
        for option, value in _HIGHS_OPTIONS.items():
            highs.setOptionValue(option, value)
    site_start, site_columns = _site_sums(arrays)
    added = np.zeros(arrays.link_column.size, dtype=bool)

    def add_links(chosen: IntArray) -> None:
        added[chosen] = True
        start, index, value = _link_rows(arrays, chosen, site_start, site_columns)
        highs.addRows(
            int(chosen.size),
            np.full(chosen.size, -np.inf),
            np.zeros(chosen.size),
            int(index.size),
            start,
            index,
            value,
        )

    add_links(_nearest_links(arrays, nearest_linked))

    def remaining() -> float:
        if settings.time_limit_seconds is None:
            return float("inf")
        return max(settings.time_limit_seconds - (time.perf_counter() - started), 0.0)

    for _ in range(_MAX_LINK_ROUNDS):
        highs.setOptionValue("time_limit", remaining())
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
        chosen = _violated(arrays, values, site_start, site_columns, added)
        if chosen.size == 0:
            break
        add_links(chosen)
    integer_columns = np.nonzero(arrays.column_integer)[0].astype(np.int32)
    if integer_columns.size:
        highs.changeColsIntegrality(
            int(integer_columns.size),
            integer_columns,
            np.full(integer_columns.size, int(highspy.HighsVarType.kInteger), dtype=np.uint8),
        )
    if incumbent is not None:
        highs.setSolution(
            n_columns, np.arange(n_columns, dtype=np.int32), np.asarray(incumbent, dtype=np.float64)
        )
    highs.setOptionValue("time_limit", remaining())
    highs.run()
    seconds = time.perf_counter() - started
    return _read_run(highs, seconds, is_mip=bool(integer_columns.size))


def _read_run(
    highs: object, seconds: float, *, is_mip: bool
) -> tuple[SolverRun, FloatArray | None]:
    import highspy

    assert isinstance(highs, highspy._Highs)  # type: ignore[attr-defined]
    status, gap, has_incumbent, text = read_highs_status(highs, is_mip=is_mip)
    info = highs.getInfo()
    if not has_incumbent or status in (SolveStatus.INFEASIBLE, SolveStatus.UNBOUNDED):
        return SolverRun(status, None, gap, seconds, "highs", text), None
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    objective = float(info.objective_function_value)
    return SolverRun(status, objective, gap, seconds, "highs", text), values
