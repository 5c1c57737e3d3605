r"""p-median Lagrangian bound by subgradient, and reduced-cost fixing of sites.

Relaxing "every demand point is assigned once" with multipliers :math:`\lambda_i` (person-minutes)
leaves, for :math:`c_{ij} = w_i d_{ij}`,

.. math::

    L(\lambda) = \sum_i \lambda_i + \min_{|S| = p} \sum_{j \in S} \rho_j, \qquad
    \rho_j = \sum_i \min(0,\, c_{ij} - \lambda_i),

solved by taking the p smallest :math:`\rho_j` (Beasley 1993). Exchanging the last chosen site
for site j bounds every plan that opens j, and exchanging a chosen site for the first one left
out bounds every plan that closes it: a site whose bound reaches the incumbent's cost is closed
(or opened) in every better plan. Each multiplier vector gives a valid bound, so the fixings of
all iterations add up; later iterations bound only the plans that respect them.

The multipliers start halfway between each point's nearest and second-nearest open site of the
incumbent and move by Polyak steps towards the incumbent's cost, scaled per point by its weight
(so a point moves in minutes, not person-minutes, whatever its persons). Only entries with
:math:`c_{ij} < \lambda_i` contribute to :math:`\rho_j`; on large matrices they are read from
each point's sites sorted by minutes, so an iteration costs the size of those entries, not of
the matrix. Lagrangian plans, early and then periodically, are improved by the fast interchange
(Lagrangian heuristic), which is often where the final incumbent comes from.

References
----------
J.E. Beasley (1993). Lagrangean heuristics for location problems.
European Journal of Operational Research 65(3):383–399.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from facility_plan.models._p_median_heuristic import PMedianData, SortedRows, interchange
from facility_plan.models._uncapacitated import Deadline

_MAX_ITERATIONS = 5000
_DENSE_ELEMENTS = 300_000  # up to this many matrix entries, reduced costs by whole-matrix passes
_STALL_ITERATIONS = 40  # on the neighbour lists (large matrices); half that on small ones
_SMALLEST_STEP_FACTOR = 1e-4
_EARLY_HEURISTIC = (5, 15, 30)  # iterations whose plan is improved by interchange, besides:
_HEURISTIC_EVERY = 100  # every this many iterations, and at every halving of the step
_THRESHOLD_SLACK = 1e-9  # reads a few entries with c_ij ≥ λ_i too (they add 0), never misses one


@dataclass(frozen=True, slots=True, eq=False)
class LagrangianReduction:
    """What the subgradient proved.

    Attributes
    ----------
    lower_bound
        Lower bound on every plan that beats `best_cost` and respects the fixings (person-minutes;
        inf when no such plan exists). The problem's optimum is ≥ min(best_cost, lower_bound).
    excluded
        Per site: closed in every plan that beats `best_cost`.
    forced_open
        Per site (fixed sites not included): open in every plan that beats `best_cost`.
    best_open
        Best plan seen (the start or a Lagrangian plan), column positions.
    best_cost
        Its cost (person-minutes).
    iterations
        Subgradient iterations run.
    multiplier_total
        Σ λ of the best multipliers (person-minutes).
    site_reduced_costs
        ρ_j of the best multipliers (person-minutes): every plan S costs at least
        ``multiplier_total + Σ_{j ∈ S} ρ_j``.
    """

    lower_bound: float
    excluded: npt.NDArray[np.bool_]
    forced_open: npt.NDArray[np.bool_]
    best_open: npt.NDArray[np.int64]
    best_cost: float
    iterations: int
    multiplier_total: float
    site_reduced_costs: npt.NDArray[np.float64]


def lagrangian_reduction(
    data: PMedianData,
    start_open: npt.NDArray[np.int64],
    deadline: Deadline,
    *,
    rows: SortedRows | None = None,
    seconds: float | None = None,
) -> LagrangianReduction:
    r"""Subgradient optimisation of the Lagrangian bound, fixing sites on the way.

    Only the entries with :math:`c_{ij} < \lambda_i` add to :math:`\rho_j`, so above
    `_DENSE_ELEMENTS` matrix entries each iteration reads those from the sorted neighbour lists
    `rows`, not the whole matrix. The step factor starts at 2 and halves after every
    `_STALL_ITERATIONS` iterations (half as many on small matrices) without a better bound; the
    iterations stop when it falls below `_SMALLEST_STEP_FACTOR`, after `_MAX_ITERATIONS`, when
    the bound proves the incumbent, or when `seconds` (or the deadline) run out. The Lagrangian
    plan goes through the fast interchange early (`_EARLY_HEURISTIC`), every
    `_HEURISTIC_EVERY` iterations and at every halving (each plan once): a better incumbent
    early also makes the steps, aimed at its cost, better sized.

    Parameters
    ----------
    data
        The p-median arrays.
    start_open
        A plan reaching every demand point (finite cost), e.g. greedy + interchange.
    deadline
        Stops the iterations when it expires.
    rows
        Sorted neighbour lists of `data` (built here when None).
    seconds
        Time for the iterations (seconds), None for no limit but the deadline's.

    Returns
    -------
    LagrangianReduction
    """
    budget = deadline
    if seconds is not None:
        own = Deadline.start(seconds)
        left = deadline.remaining_seconds()
        budget = own if left is None or seconds < left else deadline
    if rows is None:
        rows = SortedRows.build(data)
    weights = data.weights
    row_floor = weights * rows.sorted_cost[:, 0]
    best_open = np.sort(start_open)
    upper_bound = data.true_cost(best_open)
    nearest_two = np.sort(data.cost[:, best_open], axis=1)[:, :2]
    multipliers = weights * nearest_two.mean(axis=1)  # halfway to the second-nearest site
    excluded = np.zeros(data.n_sites, dtype=bool)
    forced = np.zeros(data.n_sites, dtype=bool)
    is_fixed = np.zeros(data.n_sites, dtype=bool)
    is_fixed[data.fixed] = True
    best_bound, step_factor, stall = -np.inf, 2.0, 0
    best_total, best_reduced = -np.inf, np.zeros(data.n_sites)
    heuristic_plans: set[bytes] = set()
    # small matrices: whole-matrix passes beat the neighbour lists' bookkeeping
    weighted = weights[:, None] * data.cost if data.cost.size <= _DENSE_ELEMENTS else None
    patience = _STALL_ITERATIONS if weighted is None else _STALL_ITERATIONS // 2
    counts = np.zeros(data.n_points, dtype=np.int64)
    thresholds = np.full(data.n_points, -np.inf)
    iterations = 0
    while iterations < _MAX_ITERATIONS:
        iterations += 1
        multipliers = np.maximum(multipliers, row_floor)
        if weighted is not None:
            dense_below = np.minimum(weighted - multipliers[:, None], 0.0)
            reduced = dense_below.sum(axis=0)
        else:
            new_thresholds = multipliers / weights * (1.0 + _THRESHOLD_SLACK)
            moved = np.flatnonzero(new_thresholds != thresholds)
            counts[moved] = rows.count_below(new_thresholds[moved], moved)
            thresholds = new_thresholds
            point, site, site_cost = rows.entries(counts)
            below = np.minimum(weights[point] * site_cost - multipliers[point], 0.0)
            reduced = np.bincount(site, weights=below, minlength=data.n_sites)
        mandatory = np.flatnonzero(is_fixed | forced)
        allowed = np.flatnonzero(~(is_fixed | forced | excluded))
        still_open = data.p - mandatory.size
        if still_open > allowed.size:
            best_bound = np.inf  # no plan respects the fixings: none beats the incumbent
            break
        order = np.argsort(reduced[allowed], kind="stable")
        chosen = allowed[order[:still_open]]
        selected = np.r_[mandatory, chosen].astype(np.int64)
        bound = float(multipliers.sum() + reduced[selected].sum())
        plan_cost = rows.plan_cost(data, selected)
        if plan_cost < upper_bound:
            upper_bound, best_open = plan_cost, np.sort(selected)
        level = data.prune_level(upper_bound)
        if bound > best_bound + 1e-12 * max(1.0, abs(bound)):
            best_bound, stall = bound, 0
            best_total, best_reduced = float(multipliers.sum()), reduced
        else:
            stall += 1
        if still_open == 0 or best_bound >= level:
            break
        last_chosen = float(reduced[chosen[-1]])
        first_left = (
            float(reduced[allowed[order[still_open]]]) if allowed.size > still_open else np.inf
        )
        left_out = allowed[order[still_open:]]
        excluded[left_out] |= bound - last_chosen + reduced[left_out] >= level
        forced[chosen] |= bound - reduced[chosen] + first_left >= level
        out_of_time = budget.expired()
        halve = stall >= patience
        if halve:
            step_factor, stall = step_factor / 2.0, 0
        if halve or iterations in _EARLY_HEURISTIC or iterations % _HEURISTIC_EVERY == 0:
            key = np.sort(selected).tobytes()
            if not out_of_time and key not in heuristic_plans:  # Lagrangian heuristic
                heuristic_plans.add(key)
                improved = interchange(data, selected, budget, rows)
                improved_cost = data.true_cost(improved)
                if improved_cost < upper_bound:
                    upper_bound, best_open = improved_cost, improved
        if step_factor < _SMALLEST_STEP_FACTOR or out_of_time:
            break
        if weighted is not None:
            assigned = (dense_below[:, selected] < 0.0).sum(axis=1)
        else:
            selected_mask = np.zeros(data.n_sites, dtype=bool)
            selected_mask[selected] = True
            assigned = np.bincount(
                point, weights=selected_mask[site] & (below < 0.0), minlength=data.n_points
            )
        subgradient = 1.0 - assigned
        norm = float(subgradient @ (weights * subgradient))
        if norm == 0.0:
            break  # the relaxed plan assigns every point once: the bound is its cost
        step = step_factor * (upper_bound - bound) / norm
        multipliers = multipliers + step * weights * subgradient  # λ_i moves in w_i units
    return LagrangianReduction(
        lower_bound=best_bound,
        excluded=excluded,
        forced_open=forced & ~is_fixed,
        best_open=best_open,
        best_cost=upper_bound,
        iterations=iterations,
        multiplier_total=best_total,
        site_reduced_costs=best_reduced,
    )


def bounded_subsets(
    reduction: LagrangianReduction,
    mandatory: npt.NDArray[np.int64],
    free: npt.NDArray[np.int64],
    k: int,
    level: float,
    *,
    max_subsets: int,
) -> npt.NDArray[np.int64] | None:
    """Every choice of `k` free sites whose Lagrangian bound stays below `level`.

    A plan S costs at least ``Σλ + Σ_{j ∈ S} ρ_j``; choices whose bound reaches `level` cannot
    beat the incumbent and are skipped. The choices are built site by site in increasing ρ,
    cutting a partial choice as soon as its cheapest completion reaches `level`.

    Parameters
    ----------
    reduction
        The Lagrangian result (its best multipliers' ρ).
    mandatory
        Sites open in every plan considered (fixed and forced open).
    free
        Sites to choose from.
    k
        Number of free sites to choose (≥ 1).
    level
        Prune level of the incumbent (`PMedianData.prune_level`, person-minutes).
    max_subsets
        Give up (return None) when more partial or complete choices than this remain.

    Returns
    -------
    numpy.ndarray or None
        Choices × k array of site positions, or None when there are too many.
    """
    reduced = reduction.site_reduced_costs
    order = np.argsort(reduced[free], kind="stable")
    sites, values = free[order], reduced[free][order]
    budget = level - reduction.multiplier_total - float(reduced[mandatory].sum())
    prefix = np.r_[0.0, np.cumsum(values)]
    n_free = sites.size
    members = np.empty((1, 0), dtype=np.int64)
    totals = np.zeros(1)
    for depth in range(k):
        after = k - depth - 1
        first = members[:, -1] + 1 if depth else np.zeros(1, dtype=np.int64)
        last = n_free - after  # exclusive
        counts = np.maximum(last - first, 0)
        if int(counts.sum()) > max_subsets:
            return None
        parent = np.repeat(np.arange(members.shape[0]), counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        chosen = first[parent] + offsets
        new_totals = totals[parent] + values[chosen]
        completion = prefix[chosen + 1 + after] - prefix[chosen + 1]
        keep = new_totals + completion < budget
        members = np.column_stack([members[parent[keep]], chosen[keep]])
        totals = new_totals[keep]
        if members.shape[0] == 0:
            break
    return sites[members]
