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

References
----------
J.E. Beasley (1993). Lagrangean heuristics for location problems.
European Journal of Operational Research 65(3):383–399.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from facility_plan.models._p_median_heuristic import PMedianData, interchange
from facility_plan.models._uncapacitated import Deadline

_ELEMENT_BUDGET = 3e8  # matrix entries touched by the subgradient in all (≈ 1–2 s)
_STALL_ITERATIONS = 20
_SMALLEST_STEP_FACTOR = 1e-4


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
    data: PMedianData, start_open: npt.NDArray[np.int64], deadline: Deadline
) -> LagrangianReduction:
    """Subgradient optimisation of the Lagrangian bound, fixing sites on the way.

    Parameters
    ----------
    data
        The p-median arrays.
    start_open
        A plan reaching every demand point (finite cost), e.g. greedy + interchange.
    deadline
        Stops the iterations when it expires.

    Returns
    -------
    LagrangianReduction
    """
    weighted = data.weights[:, None] * data.cost
    row_floor = weighted.min(axis=1)
    best_open = np.sort(start_open)
    upper_bound = data.true_cost(best_open)
    multipliers = data.weights * data.cost[:, best_open].min(axis=1)
    excluded = np.zeros(data.n_sites, dtype=bool)
    forced = np.zeros(data.n_sites, dtype=bool)
    is_fixed = np.zeros(data.n_sites, dtype=bool)
    is_fixed[data.fixed] = True
    best_bound, step_factor, stall = -np.inf, 2.0, 0
    best_total, best_reduced = -np.inf, np.zeros(data.n_sites)
    max_iterations = int(max(50, min(1000, _ELEMENT_BUDGET / max(weighted.size, 1))))
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        multipliers = np.maximum(multipliers, row_floor)
        reduced = np.minimum(weighted - multipliers[:, None], 0.0).sum(axis=0)
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
        plan_cost = data.true_cost(selected)
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
        if stall >= _STALL_ITERATIONS:
            step_factor, stall = step_factor / 2.0, 0
            improved = interchange(data, selected, deadline)  # Lagrangian heuristic
            improved_cost = data.true_cost(improved)
            if improved_cost < upper_bound:
                upper_bound, best_open = improved_cost, improved
        if step_factor < _SMALLEST_STEP_FACTOR or deadline.expired():
            break
        assigned = (weighted[:, selected] < multipliers[:, None]).sum(axis=1)
        subgradient = 1.0 - assigned
        norm = float(subgradient @ subgradient)
        if norm == 0.0:
            break  # the relaxed plan assigns every point once: the bound is its cost
        multipliers = multipliers + step_factor * (upper_bound - bound) / norm * subgradient
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
