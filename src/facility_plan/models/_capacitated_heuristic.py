"""Incumbents for the capacitated model: fixed openings priced by their assignment LP, then swaps."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray

BoolArray = npt.NDArray[np.bool_]

_ROW_TOLERANCE = 1e-9
_SWAP_SHORTLIST = 8  # unopened candidates tried in place of each open one, best-ranked first


@dataclass(frozen=True, slots=True)
class Openings:
    """The opening decisions of the reduced model as one option per site.

    Every site picks exactly one option: a candidate stays closed (no column) or opens at one
    tier; an existing site keeps its places or adds one expansion. Rows among the integer
    columns other than "one option per site" (place target, budgets, all-served cut, required
    groups) are the coupling rows; the row counting new centres is kept apart.

    Attributes
    ----------
    option_site, option_column, option_capacity
        Site position, opening column (-1: none) and capacity (persons; inf: unlimited).
    site_options_start
        CSR start of each site's options (options are sorted by site).
    candidate
        Per site position: True for candidate sites (their open options count as new centres).
    count_lower, count_upper
        Bounds on the number of new centres.
    coupling, coupling_lower, coupling_upper
        Dense coupling rows over the integer columns (``column - tier_start``) and their bounds.
    coupling_rows
        Their row numbers in the arrays.
    """

    option_site: IntArray
    option_column: IntArray
    option_capacity: FloatArray
    site_options_start: IntArray
    candidate: BoolArray
    count_lower: float
    count_upper: float
    coupling: FloatArray
    coupling_lower: FloatArray
    coupling_upper: FloatArray
    coupling_rows: IntArray

    def feasible(self, arrays: CapacitatedArrays, columns: IntArray) -> bool:
        """Whether opening exactly `columns` (integer columns) meets the count and coupling rows."""
        count = int(np.count_nonzero(columns < arrays.expansion_start))
        if not self.count_lower - _ROW_TOLERANCE <= count <= self.count_upper + _ROW_TOLERANCE:
            return False
        if not self.coupling.size:
            return True
        activity = self.coupling[:, columns - arrays.tier_start].sum(axis=1)
        scale = _ROW_TOLERANCE * np.maximum(1.0, np.abs(activity))
        return bool(
            np.all(activity >= self.coupling_lower - scale)
            and np.all(activity <= self.coupling_upper + scale)
        )


@dataclass(frozen=True, slots=True)
class Incumbent:
    """A feasible solution of the reduced model.

    Attributes
    ----------
    columns
        The integer columns set to 1, sorted.
    values
        Every column's value (for ``setSolution``).
    objective
        Its objective (person-minutes plus penalties and weighted VND).
    demand_duals
        Duals of the demand rows in its assignment LP (per group; minutes × persons per share).
    """

    columns: tuple[int, ...]
    values: FloatArray
    objective: float
    demand_duals: FloatArray


def _row_entries(arrays: CapacitatedArrays, row: int) -> tuple[IntArray, FloatArray]:
    start, end = int(arrays.row_start[row]), int(arrays.row_start[row + 1])
    return arrays.row_index[start:end], arrays.row_value[start:end]


def openings(arrays: CapacitatedArrays) -> Openings | None:
    """The option view of `arrays`, or None when the model falls outside it.

    Outside means: single-source assignment, closable existing sites, or rows mixing
    assignments of several sites other than the demand rows (minimum served shares).
    """
    n_pairs = arrays.pair_group.size
    if arrays.keep_start < arrays.n_columns or arrays.column_integer[:n_pairs].any():
        return None
    n_sites = len(arrays.site_columns)
    capacity_rows = set(arrays.capacity_row[arrays.capacity_row >= 0].tolist())
    is_tier = np.zeros(arrays.n_columns, dtype=bool)
    is_tier[arrays.tier_start : arrays.expansion_start] = True
    column_site = np.full(arrays.n_columns, -1, dtype=np.int64)
    column_site[arrays.tier_start : arrays.expansion_start] = arrays.tier_site
    column_site[arrays.expansion_start : arrays.keep_start] = arrays.expansion_site
    count_lower, count_upper = 0.0, np.inf
    coupling_rows: list[int] = []
    for row in range(arrays.n_groups, arrays.n_rows):
        index, value = _row_entries(arrays, row)
        if row in capacity_rows:
            continue
        if (index < arrays.tier_start).any():
            return None
        sites = np.unique(column_site[index])
        if sites.size == 1 and np.all(value == 1.0) and arrays.row_upper[row] == 1.0:
            continue  # one tier or one expansion per site: the options say so
        n_tiers = arrays.expansion_start - arrays.tier_start
        if index.size == n_tiers and is_tier[index].all() and np.all(value == 1.0):
            count_lower = max(count_lower, float(arrays.row_lower[row]))
            count_upper = min(count_upper, float(arrays.row_upper[row]))
            continue
        coupling_rows.append(row)
    n_integer = arrays.n_columns - arrays.tier_start
    coupling = np.zeros((len(coupling_rows), n_integer))
    for n, row in enumerate(coupling_rows):
        index, value = _row_entries(arrays, row)
        coupling[n, index - arrays.tier_start] = value
    option_site: list[int] = []
    option_column: list[int] = []
    option_capacity: list[float] = []
    candidate = np.zeros(n_sites, dtype=bool)
    candidate[arrays.tier_site] = True
    for j in range(n_sites):
        row = int(arrays.capacity_row[j])
        base = float(arrays.row_upper[row]) if row >= 0 else np.inf
        coefficient: dict[int, float] = {}
        if row >= 0:
            index, value = _row_entries(arrays, row)
            coefficient = dict(zip(index.tolist(), value.tolist(), strict=True))
        mine = np.nonzero(column_site == j)[0]
        opening = [c for c in mine.tolist() if arrays.column_upper[c] > 0.5]
        if not candidate[j] or opening:
            option_site.append(j)
            option_column.append(-1)
            option_capacity.append(0.0 if candidate[j] else base)
        for column in opening:
            option_site.append(j)
            option_column.append(column)
            option_capacity.append(base - coefficient[column] if row >= 0 else np.inf)
    sites = np.asarray(option_site, dtype=np.int64)
    return Openings(
        option_site=sites,
        option_column=np.asarray(option_column, dtype=np.int64),
        option_capacity=np.asarray(option_capacity, dtype=np.float64),
        site_options_start=np.searchsorted(sites, np.arange(n_sites + 1)).astype(np.int64),
        candidate=candidate,
        count_lower=count_lower,
        count_upper=count_upper,
        coupling=coupling,
        coupling_lower=arrays.row_lower[coupling_rows],
        coupling_upper=arrays.row_upper[coupling_rows],
        coupling_rows=np.asarray(coupling_rows, dtype=np.int64),
    )


def site_capacity(arrays: CapacitatedArrays, structure: Openings, columns: IntArray) -> FloatArray:
    """Capacity (persons) of every site when exactly `columns` are open (0: closed)."""
    chosen = np.zeros(arrays.n_columns + 1, dtype=bool)
    chosen[columns] = True
    option_chosen = chosen[structure.option_column]  # column -1 reads the spare last slot
    none = structure.option_column < 0
    has_choice = np.zeros(structure.candidate.size, dtype=bool)
    has_choice[structure.option_site[option_chosen & ~none]] = True
    take = (option_chosen & ~none) | (none & ~has_choice[structure.option_site])
    capacity = np.zeros(structure.candidate.size)
    capacity[structure.option_site[take]] = structure.option_capacity[take]
    return capacity


def evaluate(arrays: CapacitatedArrays, structure: Openings, columns: IntArray) -> Incumbent | None:
    """Price the openings `columns` by their assignment LP; None if infeasible.

    Parameters
    ----------
    arrays
        The reduced model.
    structure
        Its option view.
    columns
        Integer columns to open (tiers, expansions); everything else stays closed.

    Returns
    -------
    Incumbent or None
        The solution with optimal assignments for these openings.
    """
    import highspy

    columns = np.unique(np.asarray(columns, dtype=np.int64))
    if not structure.feasible(arrays, columns):
        return None
    capacity = site_capacity(arrays, structure, columns)
    pairs = np.nonzero(
        (capacity[arrays.pair_site] > 0) & (arrays.column_upper[: arrays.pair_group.size] > 0)
    )[0]
    n_groups = arrays.n_groups
    has_unserved = arrays.unserved_start >= 0
    n_lp = pairs.size + (n_groups if has_unserved else 0)
    cost = arrays.column_cost[pairs]
    if has_unserved:
        cost = np.concatenate(
            [cost, arrays.column_cost[arrays.unserved_start : arrays.unserved_start + n_groups]]
        )
    capped = np.nonzero(np.isfinite(capacity))[0]
    slot = np.full(capacity.size, -1, dtype=np.int64)
    slot[capped] = np.arange(capped.size)
    pair_slot = slot[arrays.pair_site[pairs]]
    on_capacity = pair_slot >= 0
    # Column-wise: each pair sits in its demand row and (if capped) its site's capacity row.
    lp_rows = np.concatenate(
        [arrays.pair_group[pairs], n_groups + pair_slot[on_capacity]]
        + ([np.arange(n_groups)] if has_unserved else [])
    )
    lp_cols = np.concatenate(
        [np.arange(pairs.size), np.nonzero(on_capacity)[0]]
        + ([pairs.size + np.arange(n_groups)] if has_unserved else [])
    )
    lp_vals = np.concatenate(
        [np.ones(pairs.size), arrays.group_demand[arrays.pair_group[pairs[on_capacity]]]]
        + ([np.ones(n_groups)] if has_unserved else [])
    )
    order = np.lexsort((lp_rows, lp_cols))
    start = np.searchsorted(lp_cols[order], np.arange(n_lp + 1)).astype(np.int32)
    n_rows = n_groups + capped.size
    highs = highspy._Highs()  # type: ignore[attr-defined]
    highs.setOptionValue("output_flag", False)
    # A small transportation LP solved once: presolve costs more than it saves, dual simplex
    # (no crash, no primal) measured ~1.5-2x faster on the bundled scenarios.
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("simplex_strategy", 1)
    highs.passModel(
        int(n_lp),
        int(n_rows),
        int(order.size),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        cost,
        np.zeros(n_lp),
        np.ones(n_lp),
        np.concatenate([np.ones(n_groups), np.full(capped.size, -np.inf)]),
        np.concatenate([np.ones(n_groups), capacity[capped]]),
        start[:-1],
        lp_rows[order].astype(np.int32),
        lp_vals[order],
        np.zeros(n_lp, dtype=np.int32),
    )
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = highs.getSolution()
    lp_values = np.clip(np.asarray(solution.col_value, dtype=np.float64), 0.0, 1.0)
    values = np.zeros(arrays.n_columns)
    values[pairs] = lp_values[: pairs.size]
    if has_unserved:
        values[arrays.unserved_start : arrays.unserved_start + n_groups] = lp_values[pairs.size :]
    values[columns] = 1.0
    return Incumbent(
        columns=tuple(columns.tolist()),
        values=values,
        objective=float(arrays.column_cost @ values),
        demand_duals=np.asarray(solution.row_dual, dtype=np.float64)[:n_groups],
    )


def warm_start_columns(structure: Openings, site_positions: IntArray) -> list[IntArray]:
    """Opening column sets for the given candidate sites: every tier combination (capped)."""
    choices: list[list[int]] = []
    for j in site_positions.tolist():
        options = structure.option_column[
            structure.site_options_start[j] : structure.site_options_start[j + 1]
        ]
        tiers = [int(c) for c in options.tolist() if c >= 0]
        if tiers:
            choices.append(tiers)
    combinations: list[list[int]] = [[]]
    for tiers in choices:
        combinations = [[*c, t] for c in combinations for t in tiers][:256]
    return [np.asarray(c, dtype=np.int64) for c in combinations]


def local_search(
    arrays: CapacitatedArrays,
    structure: Openings,
    incumbent: Incumbent,
    rank: FloatArray,
    deadline: float,
) -> Incumbent:
    """Drop, swap or add one new centre (or change a tier) while the LP value falls.

    Drops come first (each saves a fixed cost when the count of new centres may fall), then
    tier changes and swaps, then adds of the best-ranked closed candidates.

    Parameters
    ----------
    arrays, structure
        The reduced model and its option view.
    incumbent
        Where to start.
    rank
        Per option, a score (lower is more promising); only the best-ranked are tried.
    deadline
        ``time.perf_counter()`` value to stop at.

    Returns
    -------
    Incumbent
        The best solution found (the start if nothing improves).
    """
    best = incumbent
    seen: set[tuple[int, ...]] = {best.columns}
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        current = np.asarray(best.columns, dtype=np.int64)
        open_sites = set(structure.option_site[np.isin(structure.option_column, current)].tolist())
        movable = structure.option_column >= 0
        swappable = movable & structure.candidate[structure.option_site]
        shortlist = [
            o
            for o in np.argsort(rank, kind="stable").tolist()
            if swappable[o] and int(structure.option_site[o]) not in open_sites
        ][: _SWAP_SHORTLIST * 3]
        count = int(np.count_nonzero(current < arrays.expansion_start))
        moves: list[IntArray] = []
        if count - 1 >= structure.count_lower - _ROW_TOLERANCE:
            moves += [current[current != c] for c in current.tolist() if c < arrays.expansion_start]
        for column in current.tolist():
            rest = current[current != column]
            site_of = structure.option_site[structure.option_column == column][0]
            same_site = structure.option_column[(structure.option_site == site_of) & movable]
            moves += [np.append(rest, c) for c in same_site.tolist() if c != column]
            if column < arrays.expansion_start:
                moves += [np.append(rest, structure.option_column[o]) for o in shortlist]
        if count + 1 <= structure.count_upper + _ROW_TOLERANCE:
            moves += [np.append(current, structure.option_column[o]) for o in shortlist]
        for move in moves:
            key = tuple(sorted(move.tolist()))
            if key in seen or time.perf_counter() >= deadline:
                continue
            seen.add(key)
            found = evaluate(arrays, structure, move)
            if found is not None and found.objective < best.objective - 1e-9 * abs(best.objective):
                best, improved = found, True
                break
    return best
