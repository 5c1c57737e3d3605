"""p-median arrays and exact shortcuts: greedy + Teitz–Bart interchange, one-site scan, enumeration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from facility_plan.models._uncapacitated import Deadline

RELATIVE_TOLERANCE = 1e-7
_CHUNK_ELEMENTS = 4_000_000  # matrix entries per vectorised block (32 MB of float64)


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


def greedy(data: PMedianData) -> npt.NDArray[np.int64]:
    """Greedy add from the fixed sites up to p open sites (column positions, sorted)."""
    is_open = np.zeros(data.n_sites, dtype=bool)
    is_open[data.fixed] = True
    if data.fixed.size:
        nearest = data.cost[:, data.fixed].min(axis=1)
    else:
        nearest = np.full(data.n_points, 2.0 * data.penalty_minutes)
    for _ in range(data.p - int(is_open.sum())):
        gains = data.weights @ np.maximum(nearest[:, None] - data.cost, 0.0)
        gains[is_open] = -np.inf
        chosen = int(np.argmax(gains))
        is_open[chosen] = True
        nearest = np.minimum(nearest, data.cost[:, chosen])
    return np.flatnonzero(is_open)


def interchange(
    data: PMedianData, open_positions: npt.NDArray[np.int64], deadline: Deadline
) -> npt.NDArray[np.int64]:
    """Teitz–Bart best-improvement swaps (one open non-fixed site out, one closed site in)."""
    current = np.sort(open_positions)
    removable = ~np.isin(current, data.fixed)
    if not removable.any() or current.size == data.n_sites:
        return current
    cost, weights, rows = data.cost, data.weights, np.arange(data.n_points)
    while not deadline.expired():
        sub = cost[:, current]
        order = np.argsort(sub, axis=1)[:, :2]
        first = sub[rows, order[:, 0]]
        second = (
            sub[rows, order[:, 1]]
            if current.size > 1
            else np.full(data.n_points, 2.0 * data.penalty_minutes)
        )
        cost_now = float(np.dot(weights, first))
        capped_first = np.minimum(cost, first[:, None])
        added = weights @ capped_first
        loss = weights[:, None] * (np.minimum(cost, second[:, None]) - capped_first)
        owner = sp.csr_matrix(
            (np.ones(data.n_points), (order[:, 0], rows)), shape=(current.size, data.n_points)
        )
        swap_cost = added[None, :] + owner @ loss
        swap_cost[~removable, :] = np.inf
        swap_cost[:, current] = np.inf
        out_index, in_site = np.unravel_index(int(np.argmin(swap_cost)), swap_cost.shape)
        if swap_cost[out_index, in_site] >= cost_now - RELATIVE_TOLERANCE * max(1.0, cost_now):
            break
        current = np.sort(np.r_[np.delete(current, out_index), in_site])
        removable = ~np.isin(current, data.fixed)
    return current


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
