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
cannot be in any better solution, so it is fixed to 0 for the exact MIP that follows. On large
models with many new centres allowed (OR-Library's capa: 100 sites × 1,000 customers), scaled
subgradient steps from the cheapest assignments come first, their openings repaired until the
capacity and the place target are met, so that the column generation starts from good plans.
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
)
from facility_plan.models._capacitated_relaxation import LagrangianFunction, Relaxed
from facility_plan.models._capacitated_restricted import RestrictedLP

_MAX_ITERATIONS = 60  # subgradient steps after the column generation
_MAX_ROUNDS = 30  # column generation rounds
_ENTERING = 8  # candidate sites added to the restricted LP per round
# LP solves per round that price in assignment pairs. Two, not "until none is left": the
# Lagrangian value at any duals is a valid bound, and a restricted LP over fewer pairs only has a
# higher value, so the stopping test (bound ≥ LP value) stays exact; the pairs priced in after
# the last solve go in for the next round. The 21 bundled scenarios: 23.1 s → 17.9 s in all.
_PRICING_ROUNDS = 2
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
    function = LagrangianFunction(arrays, structure)
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
        solved = restricted.solve(deadline - time.perf_counter(), _PRICING_ROUNDS)
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
    function: LagrangianFunction,
    price: Callable[[IntArray], None],
    best_objective: Callable[[], float | None],
    closed: Callable[[float], bool],
    deadline: float,
) -> tuple[Relaxed, FloatArray]:
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

    def target(relaxed: Relaxed) -> float:
        upper = best_objective()
        return upper if upper is not None else relaxed.value + 0.1 * max(abs(relaxed.value), 1.0)

    def visit(iteration: int, relaxed: Relaxed) -> None:
        if iteration % _EVALUATE_EVERY == 0:
            price(function.repaired(relaxed))

    best_relaxed, best_multipliers, _ = _ascent(
        function,
        multipliers,
        function(multipliers),
        target=target,
        step=2.0,
        stall_limit=2 * _STALL_ITERATIONS,
        restart=False,
        iterations=_WARM_UP_ITERATIONS,
        deadline=deadline,
        closed=closed,
        visit=visit,
    )
    return best_relaxed, best_multipliers


def _entering(
    function: LagrangianFunction,
    relaxed: Relaxed,
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
    function: LagrangianFunction,
    best_relaxed: Relaxed,
    best_multipliers: FloatArray,
    best: Incumbent | None,
    deadline: float,
    closed: Callable[[float], bool],
) -> tuple[Relaxed, int]:
    """Subgradient steps (Polyak, aiming at the incumbent) from the best multipliers."""
    if best is None:
        return best_relaxed, 0
    objective = best.objective
    best_relaxed, _, iterations = _ascent(
        function,
        best_multipliers,
        best_relaxed,
        target=lambda _: objective,
        step=0.5,
        stall_limit=_STALL_ITERATIONS,
        restart=True,
        iterations=_MAX_ITERATIONS,
        deadline=deadline,
        closed=closed,
    )
    return best_relaxed, iterations


def _ascent(
    function: LagrangianFunction,
    multipliers: FloatArray,
    relaxed: Relaxed,
    *,
    target: Callable[[Relaxed], float],
    step: float,
    stall_limit: int,
    restart: bool,
    iterations: int,
    deadline: float,
    closed: Callable[[float], bool],
    visit: Callable[[int, Relaxed], None] | None = None,
) -> tuple[Relaxed, FloatArray, int]:
    """Subgradient ascent: scaled Polyak steps towards `target` (objective units).

    The step halves after `stall_limit` iterations without a better bound (`restart`: and the
    next step leaves from the best multipliers); the ascent stops at `iterations`, at the
    `deadline`, below the smallest step or once `closed` holds for the best bound. `visit` sees
    each iteration's relaxed solution before its step. Returns the best relaxed solution, its
    multipliers and the iterations run.
    """
    best_relaxed, best_multipliers = relaxed, multipliers
    stall, done = 0, 0
    while (
        done < iterations
        and time.perf_counter() < deadline
        and step >= _MIN_STEP
        and not closed(best_relaxed.value)
    ):
        if visit is not None:
            visit(done, relaxed)
        done += 1
        stepped = function.step(multipliers, relaxed, target(relaxed), step)
        if stepped is None:
            break
        multipliers = stepped
        relaxed = function(multipliers)
        if relaxed.value > best_relaxed.value + 1e-9 * abs(best_relaxed.value):
            best_relaxed, best_multipliers, stall = relaxed, multipliers, 0
        else:
            stall += 1
            if stall >= stall_limit:
                step, stall = step / 2.0, 0
                if restart:
                    multipliers, relaxed = best_multipliers, best_relaxed
    return best_relaxed, best_multipliers, done
