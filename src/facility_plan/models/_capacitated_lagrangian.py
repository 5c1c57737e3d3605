r"""Lagrangian bound of the capacitated model, its heuristic, and reduced-cost fixing of tiers.

The demand rows :math:`\sum_j x_{gj} + u_g = 1` are relaxed with multipliers :math:`\lambda_g`
and the coupling rows (place target, budgets, all-served cut, required groups) with
:math:`\mu \ge 0`. What is left splits by site: a candidate at tier *k* (or an existing site with
an expansion) takes, as a continuous knapsack of its capacity, the demand whose reduced cost
:math:`t_{gj} D_g - \lambda_g` is negative, best per person first; the sites are then chosen
under the new-centre count alone, by sorting. Every multiplier vector gives a valid lower bound
(Beasley 1988; it equals the LP bound with all strong links, which simplex reaches only slowly
on these models); subgradient steps improve it. Each step's openings are priced by their
assignment LP for an upper bound, and a tier whose bound when forced open exceeds the incumbent
cannot be in any better solution, so it is fixed to 0 for the exact MIP that follows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray
from facility_plan.models._capacitated_heuristic import (
    BoolArray,
    Incumbent,
    Openings,
    evaluate,
    local_search,
    site_capacity,
)
from facility_plan.models._capacitated_restricted import RestrictedLP

_MAX_ITERATIONS = 60  # subgradient steps after the column generation
_MAX_ROUNDS = 30  # column generation rounds
_ENTERING = 8  # candidate sites added to the restricted LP per round
_STALL_ITERATIONS = 12  # halve the step after this many iterations without a better bound
_MIN_STEP = 1e-5
_NEAR_GAP = 5e-3  # relative gap after column generation below which the MIP takes over
_FIX_TOLERANCE = 1e-7  # relative slack before a forced-open bound counts as above the incumbent
# With more new centres allowed than this, and more candidate tiers, the first incumbent (every
# candidate open) would bring every candidate into the restricted LP at once (capa, 100 × 1,000:
# one LP of 16 s, and only the trivial plan after 60 s). Subgradient steps from the cheapest
# assignments find good openings first (capa 8000: 20.4 M → 19.7 M in 8 s), and the column
# generation and swaps then start from those (19.24 M, 0.006 % above the optimum, at 20 s).
# Below _WARM_UP_PAIRS assignment pairs the LP with every candidate is quick and the column
# generation's own incumbents are near-optimal; warm-up plans then only feed a long local search
# (a national province, 124 communes × 124 candidates × 3 tiers: 2.9 s without, 17 s with).
_WARM_UP_SITES = 16
_WARM_UP_PAIRS = 50_000
_WARM_UP_SHARE = 0.25  # of the time to the deadline
_WARM_UP_ITERATIONS = 400
_WARM_UP_START = 1.5  # first demand multipliers: this times each group's cheapest assignment
_EVALUATE_EVERY = 3  # warm-up iterations between pricing the (repaired) relaxed openings


@dataclass(frozen=True, slots=True)
class LagrangianResult:
    """Bounds from the Lagrangian phase.

    Attributes
    ----------
    lower_bound
        Best Lagrangian bound (objective units); -inf when none was computed.
    incumbent
        Best solution found, None if no evaluated opening was feasible.
    closed_columns
        Integer columns no solution better than the incumbent can use (fix them to 0).
    iterations
        Subgradient iterations run.
    """

    lower_bound: float
    incumbent: Incumbent | None
    closed_columns: IntArray
    iterations: int


@dataclass(frozen=True, slots=True)
class _Relaxed:
    """One evaluation of the Lagrangian function."""

    value: float
    option_value: FloatArray  # per option, its Lagrangian cost (closed candidate: 0)
    chosen: IntArray  # chosen option per site (-1: site without options)
    columns: IntArray  # integer columns of the chosen options
    subgradient: FloatArray  # demand rows, then upper-bound rows, then lower-bound rows
    constant: float  # value without the site terms


class _Lagrangian:
    """The Lagrangian function of one reduced model (no mutable state after construction)."""

    def __init__(self, arrays: CapacitatedArrays, structure: Openings) -> None:
        self.arrays = arrays
        self.structure = structure
        usable = np.nonzero(arrays.column_upper[: arrays.pair_group.size] > 0)[0]
        self.pair_group = arrays.pair_group[usable]
        self.pair_site = arrays.pair_site[usable]
        self.pair_cost = arrays.column_cost[usable]
        self.pair_demand = arrays.group_demand[self.pair_group]
        n_groups = arrays.n_groups
        self.unserved_cost = (
            arrays.column_cost[arrays.unserved_start : arrays.unserved_start + n_groups]
            if arrays.unserved_start >= 0
            else None
        )
        column = structure.option_column
        self.option_fixed_cost = np.where(column >= 0, arrays.column_cost[column], 0.0)
        n_integer = arrays.n_columns - arrays.tier_start
        self.option_rows = np.zeros((structure.coupling.shape[0], column.size))
        opened = column >= 0
        if n_integer:
            self.option_rows[:, opened] = structure.coupling[:, column[opened] - arrays.tier_start]
        self.upper_rows = np.nonzero(np.isfinite(structure.coupling_upper))[0]
        self.lower_rows = np.nonzero(np.isfinite(structure.coupling_lower))[0]
        self.n_sites = structure.candidate.size
        self.option_candidate = structure.candidate[structure.option_site] & opened
        self.n_groups = n_groups
        # Subgradient preconditioner: a demand row's subgradient is a share (≤ 1), a coupling
        # row's is in its own units (persons, places, VND); dividing by the row's bound puts
        # both on one scale, or the coupling rows take every step.
        bounds = np.concatenate(
            [
                np.ones(n_groups),
                structure.coupling_upper[self.upper_rows],
                structure.coupling_lower[self.lower_rows],
            ]
        )
        self.scale = 1.0 / np.maximum(np.abs(bounds), 1.0)

    @property
    def n_multipliers(self) -> int:
        return self.n_groups + self.upper_rows.size + self.lower_rows.size

    def project(self, multipliers: FloatArray) -> FloatArray:
        """Coupling multipliers are ≥ 0."""
        projected = multipliers.copy()
        projected[self.n_groups :] = np.maximum(projected[self.n_groups :], 0.0)
        return projected

    def step(
        self, multipliers: FloatArray, relaxed: _Relaxed, target: float, size: float
    ) -> FloatArray | None:
        """Polyak step towards `target` (objective units), scaled; None at a zero subgradient."""
        direction = relaxed.subgradient * self.scale
        norm = float(direction @ direction)
        if norm <= 1e-18:
            return None
        return self.project(
            multipliers + size * (target - relaxed.value) / norm * direction * self.scale
        )

    def repaired(self, relaxed: _Relaxed) -> IntArray:
        """The relaxed openings, with candidates opened or moved to a larger tier (best-valued
        option first) until the capacity covers the demand that must be served and every
        coupling row with a lower bound (place target, all-served cut) is met."""
        arrays, s = self.arrays, self.structure
        columns = relaxed.columns
        needed = float(arrays.group_demand.sum()) if self.unserved_cost is None else 0.0
        capacity = site_capacity(arrays, s, columns)
        total = float(capacity.sum())
        chosen = np.full(self.n_sites, -1, dtype=np.int64)  # chosen option per site
        is_chosen = np.isin(s.option_column, columns) & (s.option_column >= 0)
        chosen[s.option_site[is_chosen]] = np.nonzero(is_chosen)[0]
        rows = self.option_rows[self.lower_rows]
        lower = s.coupling_lower[self.lower_rows]
        activity = rows[:, chosen[chosen >= 0]].sum(axis=1)

        def short() -> bool:
            return total < needed or bool(np.any(activity < lower - 1e-9 * np.abs(lower)))

        if not short():
            return columns
        options = np.nonzero(self.option_candidate)[0]
        for option in options[np.argsort(relaxed.option_value[options], kind="stable")].tolist():
            site = int(s.option_site[option])
            gain = float(s.option_capacity[option]) - float(capacity[site])
            if gain <= 0:
                continue
            if chosen[site] >= 0:
                activity -= rows[:, chosen[site]]
            activity += rows[:, option]
            chosen[site] = option
            capacity[site] += gain
            total += gain
            if not short():
                break
        final = s.option_column[chosen[chosen >= 0]]
        return np.sort(final[final >= 0])

    def __call__(self, multipliers: FloatArray) -> _Relaxed:
        s = self.structure
        lam = multipliers[: self.n_groups]
        mu_up = multipliers[self.n_groups : self.n_groups + self.upper_rows.size]
        mu_low = multipliers[self.n_groups + self.upper_rows.size :]
        constant = float(lam.sum())
        unserved = np.zeros(self.n_groups)
        if self.unserved_cost is not None:
            unserved = (self.unserved_cost - lam < 0).astype(float)
            constant += float(np.minimum(self.unserved_cost - lam, 0.0).sum())
        constant -= float(mu_up @ s.coupling_upper[self.upper_rows])
        constant += float(mu_low @ s.coupling_lower[self.lower_rows])
        # Continuous knapsack per site: negative reduced costs, best per person first.
        reduced = self.pair_cost - lam[self.pair_group]
        negative = np.nonzero(reduced < 0)[0]
        ratio = reduced[negative] / self.pair_demand[negative]
        order = negative[np.lexsort((ratio, self.pair_site[negative]))]
        item_site = self.pair_site[order]
        item_demand = self.pair_demand[order]
        item_cost = reduced[order]
        cum_demand = np.concatenate([[0.0], np.cumsum(item_demand)])
        cum_cost = np.concatenate([[0.0], np.cumsum(item_cost)])
        sites = np.arange(self.n_sites)
        first = np.searchsorted(item_site, sites, side="left")
        last = np.searchsorted(item_site, sites, side="right")
        o_site = s.option_site
        o_first, o_last = first[o_site], last[o_site]
        target = cum_demand[o_first] + s.option_capacity
        full = np.clip(np.searchsorted(cum_demand, target, side="right") - 1, o_first, o_last)
        partial = full < o_last
        fraction = np.zeros(o_site.size)
        at = np.minimum(full, max(order.size - 1, 0))
        if order.size:
            fraction[partial] = (target[partial] - cum_demand[full[partial]]) / item_demand[
                at[partial]
            ]
        fraction = np.clip(fraction, 0.0, 1.0)
        knapsack = cum_cost[full] - cum_cost[o_first]
        if order.size:
            knapsack = knapsack + np.where(partial, fraction * item_cost[at], 0.0)
        mu_signed = np.zeros(s.coupling.shape[0])
        mu_signed[self.upper_rows] += mu_up
        mu_signed[self.lower_rows] -= mu_low
        option_value = knapsack + self.option_fixed_cost + mu_signed @ self.option_rows
        chosen = self._choose(option_value)
        value = constant + float(option_value[chosen[chosen >= 0]].sum())
        # Subgradient: 1 − Σ_j x_gj − u_g for the demand rows, row activity for the others.
        picked = chosen[chosen >= 0]
        site_full = np.full(self.n_sites, 0, dtype=np.int64)
        site_fraction = np.zeros(self.n_sites)
        site_full[o_site[picked]] = full[picked] - o_first[picked]
        site_fraction[o_site[picked]] = np.where(partial[picked], fraction[picked], 0.0)
        position = np.arange(order.size) - first[item_site]
        share = np.where(position < site_full[item_site], 1.0, 0.0)
        share += np.where(position == site_full[item_site], site_fraction[item_site], 0.0)
        served = np.bincount(self.pair_group[order], weights=share, minlength=self.n_groups)
        columns = s.option_column[picked]
        columns = columns[columns >= 0]
        activity = s.coupling[:, columns - self.arrays.tier_start].sum(axis=1)
        subgradient = np.concatenate(
            [
                1.0 - served - unserved,
                activity[self.upper_rows] - s.coupling_upper[self.upper_rows],
                s.coupling_lower[self.lower_rows] - activity[self.lower_rows],
            ]
        )
        return _Relaxed(value, option_value, chosen, columns, subgradient, constant)

    def _choose(self, option_value: FloatArray) -> IntArray:
        """Best option per site; candidates opened by the count bounds, cheapest first."""
        s = self.structure
        chosen = np.full(self.n_sites, -1, dtype=np.int64)
        order = np.lexsort((option_value, s.option_site))  # same blocks as the options
        has = s.site_options_start[1:] > s.site_options_start[:-1]
        free = np.nonzero(has & ~s.candidate)[0]
        chosen[free] = order[s.site_options_start[free]]
        best_open = self._best_open(option_value)
        candidates = np.nonzero(has & s.candidate & (best_open >= 0))[0]
        closed_of = {int(s.option_site[o]): o for o in np.nonzero(s.option_column < 0)[0].tolist()}
        gains = option_value[best_open[candidates]]
        rank = np.argsort(gains, kind="stable")
        lower = int(np.ceil(s.count_lower - 1e-9))
        upper = int(min(s.count_upper + 1e-9, candidates.size))
        n_open = min(max(lower, int(np.count_nonzero(gains < 0))), upper)
        for n, j in enumerate(candidates[rank].tolist()):
            chosen[j] = best_open[j] if n < n_open else closed_of[j]
        return chosen

    def _best_open(self, option_value: FloatArray) -> IntArray:
        """Per site, its cheapest open option among candidates' tiers (-1: none)."""
        s = self.structure
        best = np.full(self.n_sites, -1, dtype=np.int64)
        opened = np.nonzero(self.option_candidate)[0]
        order = opened[np.lexsort((option_value[opened], s.option_site[opened]))]
        sites, first = np.unique(s.option_site[order], return_index=True)
        best[sites] = order[first]
        return best

    def forced_open_bounds(self, relaxed: _Relaxed) -> FloatArray:
        """Per option, the Lagrangian bound when that option is forced (same multipliers)."""
        s = self.structure
        value = relaxed.option_value
        forced = np.full(value.size, -np.inf)
        chosen_value = np.zeros(self.n_sites)
        has = relaxed.chosen >= 0
        chosen_value[has] = value[relaxed.chosen[has]]
        fixed_sites = ~s.candidate[s.option_site]
        forced[fixed_sites] = (
            relaxed.value - chosen_value[s.option_site[fixed_sites]] + value[fixed_sites]
        )
        best_open = self._best_open(value)
        candidates = np.nonzero(s.candidate & (best_open >= 0))[0]
        if candidates.size == 0:
            return forced
        gains = value[best_open[candidates]]
        rank = np.argsort(gains, kind="stable")
        sorted_gains = gains[rank]
        position = np.empty(candidates.size, dtype=np.int64)
        position[rank] = np.arange(candidates.size)
        prefix = np.concatenate([[0.0], np.cumsum(sorted_gains)])
        negative = np.concatenate([[0.0], np.cumsum(np.minimum(sorted_gains, 0.0))])
        lower = max(int(np.ceil(s.count_lower - 1e-9)) - 1, 0)
        upper = int(min(s.count_upper + 1e-9, candidates.size)) - 1
        rest = relaxed.value - float(chosen_value[candidates].sum())
        for n, j in enumerate(candidates.tolist()):
            p = int(position[n])
            if upper < 0:
                continue

            def without(k: int, sums: FloatArray, own: float, p: int = p) -> float:
                return float(sums[k]) if k <= p else float(sums[k + 1]) - own

            g = float(sorted_gains[p])
            top = min(upper, candidates.size - 1)
            low = min(lower, top)
            others = (
                without(low, prefix, g)
                + without(top, negative, min(g, 0.0))
                - without(low, negative, min(g, 0.0))
            )
            mine = np.nonzero(self.option_candidate & (s.option_site == j))[0]
            forced[mine] = rest + others + value[mine]
        return forced


def _rounded(arrays: CapacitatedArrays, structure: Openings, values: FloatArray) -> IntArray:
    """Openings of an LP solution: candidates by their open value, each at its largest tier."""
    column = structure.option_column
    candidate_option = (column >= 0) & structure.candidate[structure.option_site]
    weight = np.where(candidate_option, values[column], 0.0)
    site_total = np.bincount(
        structure.option_site, weights=weight, minlength=structure.candidate.size
    )
    count = int(np.ceil(structure.count_lower - 1e-9))
    wanted = max(count, int(np.count_nonzero(site_total > 0.5)))
    wanted = int(min(wanted, structure.count_upper))
    sites = np.argsort(-site_total, kind="stable")[:wanted]
    sites = sites[site_total[sites] > 1e-9] if count == 0 else sites
    chosen: list[int] = []
    for j in sites.tolist():
        mine = np.nonzero(candidate_option & (structure.option_site == j))[0]
        if mine.size:
            chosen.append(int(column[mine[np.argmax(weight[mine])]]))
    expansion = (column >= arrays.expansion_start) & (values[column] > 0.5)
    return np.asarray(chosen + column[expansion].tolist(), dtype=np.int64)


def lagrangian_search(
    arrays: CapacitatedArrays,
    structure: Openings,
    starts: list[IntArray],
    deadline: float,
    *,
    gap_target: float = 0.0,
) -> LagrangianResult:
    """Lagrangian bound by column generation over candidate sites, heuristic, reduced-cost fixing.

    The LP with all strong links, restricted to the candidates priced in so far, gives
    multipliers (its duals); the Lagrangian function at those multipliers prices every other
    candidate (its continuous-knapsack value), and the most attractive ones join the LP until
    the Lagrangian bound meets the restricted LP. Every LP solution is rounded and priced, then
    swaps improve the incumbent. A few subgradient steps polish the bound if a gap remains.

    Parameters
    ----------
    arrays, structure
        The reduced model and its option view.
    starts
        Opening column sets to price first (a warm start), possibly empty.
    deadline
        ``time.perf_counter()`` value to stop at.
    gap_target
        Stop once ``incumbent − bound`` is within this relative gap (or 1e-6 absolute).

    Returns
    -------
    LagrangianResult
        Bound, incumbent and the tiers that cannot beat the incumbent.
    """
    function = _Lagrangian(arrays, structure)
    best: Incumbent | None = None
    priced: set[tuple[int, ...]] = set()

    def price(columns: IntArray) -> None:
        nonlocal best
        key = tuple(sorted(columns.tolist()))
        if key in priced:
            return
        priced.add(key)
        found = evaluate(arrays, structure, columns)
        if found is not None and (best is None or found.objective < best.objective):
            best = found

    def closed(bound: float) -> bool:
        if best is None:
            return False
        gap = best.objective - bound
        return gap <= 1e-6 or gap <= gap_target * abs(best.objective)

    for columns in starts:
        price(columns)
    multipliers = np.zeros(function.n_multipliers)
    if function.unserved_cost is not None:
        multipliers[: arrays.n_groups] = function.unserved_cost
    else:
        highest = np.zeros(arrays.n_groups)
        np.maximum.at(highest, function.pair_group, function.pair_cost)
        multipliers[: arrays.n_groups] = highest
    relaxed = function(multipliers)
    best_relaxed, best_multipliers = relaxed, multipliers
    if (
        min(structure.count_upper, int(function.option_candidate.sum())) > _WARM_UP_SITES
        and function.pair_group.size >= _WARM_UP_PAIRS
    ):
        warm_deadline = time.perf_counter() + _WARM_UP_SHARE * (deadline - time.perf_counter())
        warm, warm_multipliers = _warm_up(
            function,
            price,
            lambda: None if best is None else best.objective,
            closed,
            warm_deadline,
        )
        if warm.value > best_relaxed.value:
            relaxed, best_relaxed, best_multipliers = warm, warm, warm_multipliers
    if best is None:
        price(relaxed.columns)
    restricted = RestrictedLP(arrays)
    n_up = function.upper_rows.size
    rounds = 0
    while rounds < _MAX_ROUNDS and time.perf_counter() < deadline:
        rounds += 1
        pick = _entering(function, relaxed, restricted.active, first=rounds == 1, best=best)
        if pick.size == 0 and rounds > 1:
            break
        restricted.activate(pick)
        solved = restricted.solve(deadline - time.perf_counter())
        if solved is None:
            break
        lp_value, duals, values = solved
        multipliers = np.zeros(function.n_multipliers)
        multipliers[: arrays.n_groups] = duals[: arrays.n_groups]
        coupling_duals = duals[structure.coupling_rows]
        multipliers[arrays.n_groups : arrays.n_groups + n_up] = np.maximum(
            -coupling_duals[function.upper_rows], 0.0
        )
        multipliers[arrays.n_groups + n_up :] = np.maximum(coupling_duals[function.lower_rows], 0.0)
        relaxed = function(multipliers)
        if relaxed.value > best_relaxed.value:
            best_relaxed, best_multipliers = relaxed, multipliers
        price(_rounded(arrays, structure, values))
        price(relaxed.columns)
        if closed(best_relaxed.value):
            break
        if best_relaxed.value >= lp_value - 1e-9 * max(1.0, abs(lp_value)):
            break  # the restricted LP is the full LP: more candidates cannot raise the bound
    # Within _NEAR_GAP the exact MIP, started from the incumbent with the tiers fixed below, is
    # faster than swaps and subgradient steps (ninh_binh_2025: 0.1 s against 1 s; its baseline,
    # 0.26 % after column generation: 8 s against 11 s).
    near = best is not None and best.objective - best_relaxed.value <= _NEAR_GAP * abs(
        best.objective
    )
    iterations = 0
    if best is not None and not closed(best_relaxed.value) and not near:
        best = local_search(arrays, structure, best, best_relaxed.option_value, deadline)
        best_relaxed, iterations = _polish(
            function, best_relaxed, best_multipliers, best, deadline, closed
        )
    closed_columns = np.zeros(0, dtype=np.int64)
    if best is not None:
        forced = function.forced_open_bounds(best_relaxed)
        limit = best.objective + _FIX_TOLERANCE * max(1.0, abs(best.objective))
        column = structure.option_column
        closed_columns = np.unique(column[(forced > limit) & (column >= 0)]).astype(np.int64)
        keep = np.asarray(best.columns, dtype=np.int64)
        closed_columns = closed_columns[~np.isin(closed_columns, keep)]
    return LagrangianResult(best_relaxed.value, best, closed_columns, iterations + rounds)


def _warm_up(
    function: _Lagrangian,
    price: Callable[[IntArray], None],
    best_objective: Callable[[], float | None],
    closed: Callable[[float], bool],
    deadline: float,
) -> tuple[_Relaxed, FloatArray]:
    """Subgradient steps from the cheapest assignments, pricing the repaired relaxed openings.

    Parameters
    ----------
    function
        The Lagrangian function.
    price
        Prices an opening column set (keeps the best).
    best_objective
        The best objective priced so far (None: none feasible yet).
    closed
        Whether a bound closes the gap to the best objective (stop then).
    deadline
        ``time.perf_counter()`` value to stop at.

    Returns
    -------
    tuple
        The best relaxed solution (highest bound) and its multipliers.
    """
    arrays = function.arrays
    cheapest = np.full(arrays.n_groups, np.inf)
    np.minimum.at(cheapest, function.pair_group, function.pair_cost)
    cheapest[~np.isfinite(cheapest)] = 0.0
    multipliers = np.zeros(function.n_multipliers)
    start = _WARM_UP_START * cheapest
    if function.unserved_cost is not None:
        start = np.minimum(start, function.unserved_cost)
    multipliers[: arrays.n_groups] = start
    relaxed = function(multipliers)
    best_relaxed, best_multipliers = relaxed, multipliers
    step, stall = 2.0, 0
    for iteration in range(_WARM_UP_ITERATIONS):
        if time.perf_counter() >= deadline or step < _MIN_STEP or closed(best_relaxed.value):
            break
        if iteration % _EVALUATE_EVERY == 0:
            price(function.repaired(relaxed))
        upper = best_objective()
        target = upper if upper is not None else relaxed.value + 0.1 * max(abs(relaxed.value), 1.0)
        stepped = function.step(multipliers, relaxed, target, step)
        if stepped is None:
            break
        multipliers = stepped
        relaxed = function(multipliers)
        if relaxed.value > best_relaxed.value + 1e-9 * abs(best_relaxed.value):
            best_relaxed, best_multipliers, stall = relaxed, multipliers, 0
        else:
            stall += 1
            if stall >= _STALL_ITERATIONS * 2:
                step, stall = step / 2.0, 0
    return best_relaxed, best_multipliers


def _entering(
    function: _Lagrangian,
    relaxed: _Relaxed,
    active: BoolArray,
    *,
    first: bool,
    best: Incumbent | None,
) -> IntArray:
    """Candidate sites to add to the restricted LP, most attractive Lagrangian value first."""
    s = function.structure
    outside = np.nonzero(function.option_candidate & ~active[s.option_site])[0]
    order = outside[np.argsort(relaxed.option_value[outside], kind="stable")]
    if not first:
        order = order[relaxed.option_value[order] < 0]
    sites = list(dict.fromkeys(s.option_site[order].tolist()))[:_ENTERING]
    if first and best is not None:
        sites += s.option_site[np.isin(s.option_column, best.columns)].tolist()
    return np.asarray(sorted(set(sites)), dtype=np.int64)


def _polish(
    function: _Lagrangian,
    best_relaxed: _Relaxed,
    best_multipliers: FloatArray,
    best: Incumbent | None,
    deadline: float,
    closed: Callable[[float], bool],
) -> tuple[_Relaxed, int]:
    """Subgradient steps (Polyak, aiming at the incumbent) from the best multipliers."""
    if best is None:
        return best_relaxed, 0
    multipliers, relaxed = best_multipliers, best_relaxed
    step, stall, iterations = 0.5, 0, 0
    while (
        iterations < _MAX_ITERATIONS
        and time.perf_counter() < deadline
        and not closed(best_relaxed.value)
    ):
        iterations += 1
        stepped = function.step(multipliers, relaxed, best.objective, step)
        if stepped is None:
            break
        multipliers = stepped
        relaxed = function(multipliers)
        if relaxed.value > best_relaxed.value + 1e-9 * abs(best_relaxed.value):
            best_relaxed, best_multipliers, stall = relaxed, multipliers, 0
        else:
            stall += 1
            if stall >= _STALL_ITERATIONS:
                step, stall = step / 2.0, 0
                multipliers, relaxed = best_multipliers, best_relaxed
                if step < _MIN_STEP:
                    break
    return best_relaxed, iterations
