"""p-median arrays, heuristics and exact shortcuts.

Sorted neighbour lists (`SortedRows`), lazy greedy, the fast Teitz–Bart interchange of Whitaker
and Resende & Werneck, the one-site scan and the enumeration of site choices.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from facility_plan.models._uncapacitated import Deadline

RELATIVE_TOLERANCE = 1e-7
_CHUNK_ELEMENTS = 4_000_000  # matrix entries per vectorised block (32 MB of float64)
_SMALL_COUNT_ELEMENTS = 20_000  # up to this many entries, count by comparing them all
_REFRESH_SWAPS = 50  # swaps between rebuilds of the interchange tables from scratch


@dataclass(frozen=True, slots=True, eq=False)
class PMedianData:
    """The p-median as arrays, demand points with persons > 0 only.

    Attributes
    ----------
    minutes
        Travel minutes, demand points × sites (``inf`` = unreachable).
    weights
        Persons per demand point (all > 0).
    p
        Number of open sites, fixed ones included (count).
    fixed
        Column positions of the sites fixed open (existing sites).
    cost
        `minutes` with ``inf`` replaced by `penalty_minutes` (for heuristics and bounds).
    penalty_minutes
        Minutes standing for "unreachable": one such entry costs more than any reachable plan.
    granularity
        1.0 when every finite persons × minutes is an integer (so every plan's cost is one and a
        bound can be rounded up), else 0.0 (person-minutes).
    """

    minutes: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    p: int
    fixed: npt.NDArray[np.int64]
    cost: npt.NDArray[np.float64]
    penalty_minutes: float
    granularity: float

    @classmethod
    def build(
        cls,
        minutes: npt.NDArray[np.float64],
        weights: npt.NDArray[np.float64],
        p: int,
        fixed: npt.NDArray[np.int64],
    ) -> PMedianData:
        """Arrays of a p-median: minutes (points × sites), weights (persons > 0), p, fixed sites."""
        finite = np.isfinite(minutes)
        largest = float(minutes[finite].max()) if finite.any() else 1.0
        smallest_weight = float(weights.min()) if weights.size else 1.0
        penalty = 10.0 * (largest + 1.0) * (1.0 + float(weights.sum()) / smallest_weight)
        weighted = weights[:, None] * np.where(finite, minutes, 0.0)
        integral = bool(np.array_equal(weighted, np.round(weighted)))
        total = float(weighted.max(initial=0.0)) * max(weights.size, 1)
        return cls(
            minutes=minutes,
            weights=weights,
            p=p,
            fixed=np.asarray(fixed, dtype=np.int64),
            cost=np.where(finite, minutes, penalty),
            penalty_minutes=penalty,
            granularity=1.0 if integral and total < 1e8 else 0.0,
        )

    @property
    def n_points(self) -> int:
        """Number of demand points."""
        return int(self.minutes.shape[0])

    @property
    def n_sites(self) -> int:
        """Number of candidate and existing sites."""
        return int(self.minutes.shape[1])

    def restricted(
        self, columns: npt.NDArray[np.int64], fixed_columns: npt.NDArray[np.int64]
    ) -> PMedianData:
        """The same p-median on the sites `columns` only, with `fixed_columns` fixed open."""
        position = {int(c): k for k, c in enumerate(columns)}
        fixed = np.array([position[int(c)] for c in fixed_columns], dtype=np.int64)
        return PMedianData.build(self.minutes[:, columns], self.weights, self.p, fixed)

    def true_cost(self, open_positions: npt.NDArray[np.int64]) -> float:
        """Σ persons · minutes to the nearest open site (person-minutes; inf when one is cut off)."""
        if open_positions.size == 0:
            return np.inf
        nearest = self.minutes[:, open_positions].min(axis=1)
        return float(np.dot(self.weights, nearest)) if np.isfinite(nearest).all() else np.inf

    def prune_level(self, upper_bound: float) -> float:
        """A plan whose lower bound reaches this value cannot beat `upper_bound` (person-minutes).

        With integral costs a better plan costs at most ``upper_bound − 1``; otherwise plans
        within a relative 1e-9 of `upper_bound` are not worth finding.
        """
        numeric = 1e-9 * max(1.0, abs(upper_bound))
        if self.granularity > 0:
            return upper_bound - self.granularity + numeric
        return upper_bound - numeric

    def closed(self, upper_bound: float, lower_bound: float, mip_gap: float) -> bool:
        """True when `lower_bound` proves `upper_bound` optimal (within `mip_gap`, relative)."""
        if not np.isfinite(upper_bound):
            return False
        slack = RELATIVE_TOLERANCE * max(1.0, abs(upper_bound))
        if lower_bound >= self.prune_level(upper_bound):
            return True
        return upper_bound - lower_bound <= max(slack, mip_gap * abs(upper_bound))


def relative_gap(upper_bound: float, lower_bound: float) -> float | None:
    """(upper − lower) / upper, 0 when closed, None without an upper bound."""
    if not np.isfinite(upper_bound):
        return None
    if upper_bound - lower_bound <= RELATIVE_TOLERANCE * max(1.0, abs(upper_bound)):
        return 0.0
    return float((upper_bound - lower_bound) / max(abs(upper_bound), 1e-12))


@dataclass(frozen=True, slots=True, eq=False)
class SortedRows:
    """Each demand point's sites by increasing `PMedianData.cost` (neighbour lists).

    Lets the interchange and the Lagrangian bound touch only the sites nearer to a point than a
    threshold (its second-nearest open site, its multiplier) instead of the whole matrix.

    Attributes
    ----------
    order
        Demand points × sites: site positions of each row, nearest first.
    sorted_cost
        Demand points × sites: ``cost[i, order[i]]`` (minutes, increasing along each row).
    by_site
        Sites × demand points: ``cost`` transposed into contiguous rows (minutes), so that the
        columns of a plan are read fast.
    """

    order: npt.NDArray[np.int32]
    sorted_cost: npt.NDArray[np.float64]
    by_site: npt.NDArray[np.float64]

    @classmethod
    def build(cls, data: PMedianData) -> SortedRows:
        """Sort every row of ``data.cost`` (one pass of n · m log m)."""
        order = np.argsort(data.cost, axis=1, kind="stable")
        sorted_cost = np.take_along_axis(data.cost, order, axis=1)
        return cls(
            order=order.astype(np.int32),
            sorted_cost=sorted_cost,
            by_site=np.ascontiguousarray(data.cost.T),
        )

    def count_below(
        self,
        thresholds: npt.NDArray[np.float64],
        row_ids: npt.NDArray[np.int64] | None = None,
    ) -> npt.NDArray[np.int64]:
        """Per row (all, or `row_ids`), how many sites cost strictly less than its threshold.

        A binary search run on all rows at once (log2(m) steps of one value per row), or one
        comparison pass over the rows when they hold at most `_SMALL_COUNT_ELEMENTS` entries.

        Parameters
        ----------
        thresholds
            One per row asked for (minutes).
        row_ids
            Rows asked for, None for all.
        """
        n_cols = self.sorted_cost.shape[1]
        rows = np.arange(self.sorted_cost.shape[0]) if row_ids is None else row_ids
        if rows.size * n_cols <= _SMALL_COUNT_ELEMENTS:  # one comparison pass is cheaper
            below_all = self.sorted_cost[rows] < thresholds[:, None]
            counted: npt.NDArray[np.int64] = below_all.sum(axis=1, dtype=np.int64)
            return counted
        flat = self.sorted_cost.ravel()
        offsets = rows * n_cols
        low = np.zeros(rows.size, dtype=np.int64)
        high = np.full(rows.size, n_cols, dtype=np.int64)
        while True:
            active = low < high
            if not active.any():
                return low
            middle = (low + high) // 2
            below = flat[offsets + np.minimum(middle, n_cols - 1)] < thresholds
            low = np.where(active & below, middle + 1, low)
            high = np.where(active & ~below, middle, high)

    def entries(
        self,
        counts: npt.NDArray[np.int64],
        row_ids: npt.NDArray[np.int64] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The `counts[k]` nearest sites of every row asked for (all, or ``row_ids[k]``).

        Returns
        -------
        tuple
            Per entry: k (the row's index among those asked for), the site position, and its
            cost (minutes).
        """
        n_cols = self.sorted_cost.shape[1]
        local = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        rows = local if row_ids is None else row_ids[local]
        starts = np.cumsum(counts) - counts
        flat_index = rows * n_cols + (np.arange(local.size, dtype=np.int64) - starts[local])
        sites = self.order.ravel()[flat_index].astype(np.int64)
        return local, sites, self.sorted_cost.ravel()[flat_index]

    def plan_cost(self, data: PMedianData, open_positions: npt.NDArray[np.int64]) -> float:
        """`PMedianData.true_cost` of a plan, read from `by_site` (person-minutes; inf if cut off)."""
        if open_positions.size == 0:
            return np.inf
        nearest = self.by_site[open_positions].min(axis=0)
        if (nearest >= data.penalty_minutes).any():
            return np.inf
        return float(np.dot(data.weights, nearest))


def greedy(data: PMedianData, rows: SortedRows | None = None) -> npt.NDArray[np.int64]:
    """Greedy add from the fixed sites up to p open sites (column positions, sorted).

    Lazy evaluation (Minoux's accelerated greedy): a site's saving can only shrink as sites open,
    so a stale saving is an upper bound, and only the site on top of the heap is re-evaluated
    (one column) until its fresh saving stays on top. Picks the same kind of site as the plain
    greedy (largest saving) at the cost of one full pass over the matrix.
    """
    is_open = np.zeros(data.n_sites, dtype=bool)
    is_open[data.fixed] = True
    if data.fixed.size:
        nearest = data.cost[:, data.fixed].min(axis=1)
    else:
        nearest = np.full(data.n_points, 2.0 * data.penalty_minutes)
    to_open = data.p - int(is_open.sum())
    if to_open <= 0:
        return np.flatnonzero(is_open)
    savings = np.zeros(data.n_sites)
    step = max(1, _CHUNK_ELEMENTS // max(data.n_points, 1))
    for start in range(0, data.n_sites, step):
        block = data.cost[:, start : start + step]
        savings[start : start + step] = data.weights @ np.maximum(nearest[:, None] - block, 0.0)
    # one site's minutes in one contiguous row
    by_site = np.ascontiguousarray(data.cost.T) if rows is None else rows.by_site
    heap = [(-float(savings[j]), j) for j in np.flatnonzero(~is_open).tolist()]
    heapq.heapify(heap)
    fresh_round = np.full(data.n_sites, -1, dtype=np.int64)
    for opened in range(to_open):
        while True:
            _, site = heapq.heappop(heap)
            if fresh_round[site] == opened:
                break
            saving = float(data.weights @ np.maximum(nearest - by_site[site], 0.0))
            fresh_round[site] = opened
            heapq.heappush(heap, (-saving, site))
        is_open[site] = True
        nearest = np.minimum(nearest, by_site[site])
    return np.flatnonzero(is_open)


def interchange(
    data: PMedianData,
    open_positions: npt.NDArray[np.int64],
    deadline: Deadline,
    rows: SortedRows | None = None,
) -> npt.NDArray[np.int64]:
    """Teitz–Bart best-improvement swaps (one open non-fixed site out, one closed site in).

    The fast interchange of Whitaker (1983) as organised by Resende & Werneck (2007): the change
    of swapping the site in slot r out and site j in is ``loss(r) − gain(j) − extra(r, j)``,
    where only the sites nearer to a point than its second-nearest open site enter `gain` and
    `extra`. The three tables are kept up to date after a swap by taking out and putting back
    the points whose nearest two open sites change, so a swap costs a pass over a few points'
    neighbour lists and one over the p × m table, not over the whole matrix. The tables are
    rebuilt from scratch every `_REFRESH_SWAPS` swaps, and whenever a swap they chose does not
    lower the true cost (rounding drift), so every swap kept is a real improvement.

    Parameters
    ----------
    data
        The p-median arrays.
    open_positions
        Start plan (column positions, the fixed sites among them).
    deadline
        Stops the swaps when it expires (the plan so far is returned).
    rows
        Sorted neighbour lists of `data` (built here when None).

    Returns
    -------
    numpy.ndarray
        A plan no single swap improves (sorted column positions), unless time ran out.

    References
    ----------
    R. Whitaker (1983). A fast algorithm for the greedy interchange for large-scale clustering
    and median location problems. INFOR 21(2):95–108.
    M.G.C. Resende, R.F. Werneck (2007). A fast swap-based local search procedure for location
    problems. Annals of Operations Research 150:205–230.
    """
    current = np.sort(open_positions)
    removable = ~np.isin(current, data.fixed)
    if not removable.any() or current.size == data.n_sites:
        return current
    if rows is None:
        rows = SortedRows.build(data)
    tables = _SwapTables(data, rows, current)
    fresh, swaps = True, 0
    while not deadline.expired():
        cost_now = tables.cost()
        tolerance = RELATIVE_TOLERANCE * max(1.0, cost_now)
        slot, site, change = tables.best_swap(removable)
        if change >= -tolerance:
            if fresh:
                break
            tables, fresh = _SwapTables(data, rows, tables.current), True
            continue
        previous = tables.current.copy()
        tables.swap(slot, site)
        swaps += 1
        if tables.cost() > cost_now - 0.5 * tolerance:  # drift chose a swap that does not pay
            tables = _SwapTables(data, rows, previous)
            if fresh:
                break
            fresh = True
        elif swaps % _REFRESH_SWAPS == 0:
            tables, fresh = _SwapTables(data, rows, tables.current), True
        else:
            fresh = False
    return np.sort(tables.current)


class _SwapTables:
    """Nearest two open sites per point and the gain / loss / extra swap tables (private).

    Slots index the open sites (`current`); a swap puts the incoming site in the leaving one's
    slot.
    """

    def __init__(self, data: PMedianData, rows: SortedRows, current: npt.NDArray[np.int64]) -> None:
        self.data, self.rows = data, rows
        self.current = current.copy()
        n_open, n_sites = current.size, data.n_sites
        self.gain = np.zeros(n_sites)
        self.loss = np.zeros(n_open)
        self.extra = np.zeros((n_open, n_sites))
        self.is_open = np.zeros(n_sites, dtype=bool)
        self.is_open[current] = True
        everyone = np.arange(data.n_points, dtype=np.int64)
        self.first_slot, self.second_slot, self.first, self.second = self._nearest_two(everyone)
        self._add(everyone, 1.0)

    def cost(self) -> float:
        """Σ persons · minutes to the nearest open site (person-minutes, penalties included)."""
        return float(np.dot(self.data.weights, self.first))

    def best_swap(self, removable: npt.NDArray[np.bool_]) -> tuple[int, int, float]:
        """Slot out, site in, and the change of cost of the best swap (person-minutes)."""
        loss = np.where(removable, self.loss, np.inf)
        gain = np.where(self.is_open, -np.inf, self.gain)
        change = loss[:, None] - gain[None, :] - self.extra
        slot, site = np.unravel_index(int(np.argmin(change)), change.shape)
        return int(slot), int(site), float(change[slot, site])

    def swap(self, slot: int, site: int) -> None:
        """Close the site in `slot`, open `site` there, and update the tables."""
        affected = np.flatnonzero(
            (self.first_slot == slot)
            | (self.second_slot == slot)
            | (self.rows.by_site[site] < self.second)
        )
        self._add(affected, -1.0)
        self.is_open[self.current[slot]] = False
        self.is_open[site] = True
        self.current[slot] = site
        first_slot, second_slot, first, second = self._nearest_two(affected)
        self.first_slot[affected], self.second_slot[affected] = first_slot, second_slot
        self.first[affected], self.second[affected] = first, second
        self._add(affected, 1.0)

    def _nearest_two(
        self, points: npt.NDArray[np.int64]
    ) -> tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.float64],
        npt.NDArray[np.float64],
    ]:
        sub = self.data.cost[np.ix_(points, self.current)]
        local = np.arange(points.size)
        first_slot = np.argmin(sub, axis=1)
        first = sub[local, first_slot]
        if self.current.size == 1:
            second = np.full(points.size, 2.0 * self.data.penalty_minutes)
            return first_slot, np.full(points.size, -1, dtype=np.int64), first, second
        sub[local, first_slot] = np.inf
        second_slot = np.argmin(sub, axis=1)
        return first_slot, second_slot, first, sub[local, second_slot]

    def _add(self, points: npt.NDArray[np.int64], sign: float) -> None:
        if points.size == 0:
            return
        n_open, n_sites = self.current.size, self.data.n_sites
        weights = self.data.weights[points]
        first, second, owner = self.first[points], self.second[points], self.first_slot[points]
        counts = self.rows.count_below(second, points)
        local, site, site_cost = self.rows.entries(counts, points)
        entry_weight = weights[local]
        self.gain += sign * np.bincount(
            site,
            weights=entry_weight * np.maximum(first[local] - site_cost, 0.0),
            minlength=n_sites,
        )
        self.loss += sign * np.bincount(owner, weights=weights * (second - first), minlength=n_open)
        saved = np.maximum(second[local] - np.maximum(site_cost, first[local]), 0.0)
        self.extra += sign * np.bincount(
            owner[local] * n_sites + site, weights=entry_weight * saved, minlength=n_open * n_sites
        ).reshape(n_open, n_sites)


def best_single_addition(
    data: PMedianData, base_open: npt.NDArray[np.int64], candidates: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], float]:
    """Exact best of `base_open` plus one of `candidates`, by scanning every candidate.

    For p = 1 this is the column sums of persons × minutes and their argmin.

    Returns
    -------
    tuple
        Open positions (sorted; empty when no candidate reaches every point) and their cost
        (person-minutes; inf when none does).
    """
    base = (
        data.minutes[:, base_open].min(axis=1) if base_open.size else np.full(data.n_points, np.inf)
    )
    best_cost, best_site = np.inf, -1
    step = max(1, _CHUNK_ELEMENTS // max(data.n_points, 1))
    for start in range(0, candidates.size, step):
        block = candidates[start : start + step]
        totals = data.weights @ np.minimum(base[:, None], data.minutes[:, block])
        if not totals.size:
            continue
        k = int(np.argmin(totals))
        if totals[k] < best_cost:
            best_cost, best_site = float(totals[k]), int(block[k])
    if best_site < 0:
        return np.empty(0, dtype=np.int64), np.inf
    return np.sort(np.r_[base_open, best_site]).astype(np.int64), best_cost


def best_of_subsets(
    data: PMedianData,
    base_open: npt.NDArray[np.int64],
    subsets: npt.NDArray[np.int64],
    deadline: Deadline,
) -> tuple[npt.NDArray[np.int64], float, bool]:
    """Exact best of `base_open` plus one row of `subsets` (choices × k site positions).

    Returns
    -------
    tuple
        Open positions (empty when no choice reaches every point), their cost (person-minutes,
        inf when none does) and whether every choice was evaluated (False when out of time).
    """
    base = (
        data.minutes[:, base_open].min(axis=1) if base_open.size else np.full(data.n_points, np.inf)
    )
    k = subsets.shape[1]
    step = max(1, _CHUNK_ELEMENTS // max(data.n_points * max(k, 1), 1))
    best_cost, best_pick = np.inf, np.empty(0, dtype=np.int64)
    for start in range(0, subsets.shape[0], step):
        if deadline.expired():
            return _with_base(base_open, best_pick, best_cost), best_cost, False
        block = subsets[start : start + step]
        nearest = np.broadcast_to(base[:, None], (data.n_points, block.shape[0]))
        for t in range(k):
            nearest = np.minimum(nearest, data.minutes[:, block[:, t]])
        totals = data.weights @ nearest
        index = int(np.argmin(totals))
        if totals[index] < best_cost:
            best_cost, best_pick = float(totals[index]), block[index]
    return _with_base(base_open, best_pick, best_cost), best_cost, True


def _with_base(
    base_open: npt.NDArray[np.int64], pick: npt.NDArray[np.int64], cost: float
) -> npt.NDArray[np.int64]:
    if not np.isfinite(cost):
        return np.empty(0, dtype=np.int64)
    return np.sort(np.r_[base_open, pick]).astype(np.int64)
