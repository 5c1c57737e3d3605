"""The Lagrangian function of the capacitated model: value, subgradient, repair, forced-open bounds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray
from facility_plan.models._capacitated_heuristic import Openings, site_capacity


@dataclass(frozen=True, slots=True)
class Relaxed:
    """One evaluation of the Lagrangian function."""

    value: float
    option_value: FloatArray  # per option, its Lagrangian cost (closed candidate: 0)
    chosen: IntArray  # chosen option per site (-1: site without options)
    columns: IntArray  # integer columns of the chosen options
    subgradient: FloatArray  # demand rows, then upper-bound rows, then lower-bound rows
    constant: float  # value without the site terms


class LagrangianFunction:
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
        self, multipliers: FloatArray, relaxed: Relaxed, target: float, size: float
    ) -> FloatArray | None:
        """Polyak step towards `target` (objective units) in the metric ``diag(scale²)``: the
        multipliers move by ``t (target − value) D g / gᵀ D g``; None at a zero subgradient."""
        direction = relaxed.subgradient * self.scale
        norm = float(direction @ direction)
        if norm <= 1e-18:
            return None
        return self.project(
            multipliers + size * (target - relaxed.value) / norm * direction * self.scale
        )

    def repaired(self, relaxed: Relaxed) -> IntArray:
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

    def __call__(self, multipliers: FloatArray) -> Relaxed:
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
        return Relaxed(value, option_value, chosen, columns, subgradient, constant)

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

    def forced_open_bounds(self, relaxed: Relaxed) -> FloatArray:
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
