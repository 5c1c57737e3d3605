"""The capacitated LP with all strong links over a growing set of candidates and pairs, re-solved warm."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
from scipy.sparse import csc_matrix, csr_matrix

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray
from facility_plan.models._capacitated_highs import _link_rows, rank_within_groups

BoolArray = npt.NDArray[np.bool_]

_NEAREST_PAIRS = 12  # candidate sites per demand group whose pairs go in up front
_EXTRA_PER_GROUP = 3  # pairs priced in beyond the negative ones, per group that has one
_MAX_PRICING_ROUNDS = 100
_REDUCED_COST_TOLERANCE = 1e-7  # relative to the column's cost (or 1)


class RestrictedLP:
    """The LP relaxation with all strong links, over the existing sites and a growing set of
    candidates; one HiGHS instance holding only the columns priced in, re-solved warm.

    Sites enter through `activate` (the column generation over candidates in
    `facility_plan.models._capacitated_lagrangian`). Within the active sites, assignment pairs
    are generated too: the model starts with every pair of an existing site and, for each
    active candidate, the pairs of the demand groups that have it among their
    ``_NEAREST_PAIRS`` nearest candidates; `solve` then prices every other pair of an active
    site on the rows' duals (``cost − Aᵀy``) and adds those with a negative reduced cost
    (with their strong link) until none is left. A new pair enters with its own new link row,
    whose slack is basic, so the duals of the other rows price it exactly: when no pair prices
    out, the value is that of the LP with every pair and every link of the active sites, which
    is what the caller's bound arguments need. Columns are absent rather than fixed at 0, so
    every simplex iteration works on the few hundred pairs that matter, not on all of them.
    """

    def __init__(self, arrays: CapacitatedArrays) -> None:
        import highspy

        self.arrays = arrays
        n_sites = len(arrays.site_columns)
        n_pairs = int(arrays.pair_site.size)
        self.candidate: BoolArray = np.zeros(n_sites, dtype=bool)
        self.candidate[arrays.tier_site] = True
        self.active: BoolArray = ~self.candidate
        self.matrix = csc_matrix(
            csr_matrix(
                (arrays.row_value, arrays.row_index, arrays.row_start),
                shape=(arrays.n_rows, arrays.n_columns),
            )
        )
        self.position = np.full(arrays.n_columns, -1, dtype=np.int64)
        self.columns = np.zeros(0, dtype=np.int64)  # model column → column of `arrays`
        self.usable = arrays.column_upper > 0
        self.is_pair = np.zeros(arrays.n_columns, dtype=bool)
        self.is_pair[:n_pairs] = True
        self.link_of = np.full(arrays.n_columns, -1, dtype=np.int64)
        self.link_of[arrays.link_column] = np.arange(arrays.link_column.size)
        sizes = np.array([c.size for c in arrays.site_columns], dtype=np.int64)
        self.site_start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.site_open = (
            np.concatenate(arrays.site_columns).astype(np.int64)
            if sizes.sum()
            else np.zeros(0, dtype=np.int64)
        )
        self.near = self._near_pairs(n_pairs)
        self.highs = highspy._Highs()  # type: ignore[attr-defined]
        self.highs.setOptionValue("output_flag", False)
        self.highs.addRows(
            arrays.n_rows,
            arrays.row_lower,
            arrays.row_upper,
            0,
            np.zeros(arrays.n_rows, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.float64),
        )
        first = np.arange(n_pairs, arrays.n_columns)
        first = first[(first < arrays.tier_start) | (first >= arrays.expansion_start)]
        existing_pairs = np.nonzero(~self.candidate[arrays.pair_site])[0]
        self._add(np.concatenate([existing_pairs, first]).astype(np.int64))

    def _near_pairs(self, n_pairs: int) -> BoolArray:
        """Per pair: its site is among the group's nearest candidates (by cost per share)."""
        a = self.arrays
        near = np.zeros(n_pairs, dtype=bool)
        of_candidate = np.nonzero(self.candidate[a.pair_site] & self.usable[:n_pairs])[0]
        if of_candidate.size == 0:
            return near
        rank = rank_within_groups(a.pair_group[of_candidate], a.column_cost[of_candidate])
        near[of_candidate[rank < _NEAREST_PAIRS]] = True
        return near

    def _add(self, columns: IntArray) -> None:
        """Put `columns` (of `arrays`, usable, not yet in) into the model, then their links."""
        a = self.arrays
        columns = np.unique(columns[self.usable[columns] & (self.position[columns] < 0)])
        if columns.size == 0:
            return
        block = self.matrix[:, columns]
        self.position[columns] = self.columns.size + np.arange(columns.size)
        self.columns = np.concatenate([self.columns, columns])
        self.highs.addCols(
            int(columns.size),
            a.column_cost[columns],
            a.column_lower[columns],
            a.column_upper[columns],
            int(block.nnz),
            block.indptr[:-1].astype(np.int32),
            block.indices.astype(np.int32),
            block.data.astype(np.float64),
        )
        links = self.link_of[columns]
        links = links[links >= 0]
        if links.size == 0:
            return
        start, index, value = _link_rows(a, links, self.site_start, self.site_open)
        mapped = self.position[index]
        keep = mapped >= 0  # a closed tier column is not in the model: it is 0 in the link
        counts = np.add.reduceat(keep.astype(np.int32), start) if index.size else start
        new_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int32)
        self.highs.addRows(
            int(links.size),
            np.full(links.size, -np.inf),
            np.zeros(links.size),
            int(keep.sum()),
            new_start,
            mapped[keep].astype(np.int32),
            value[keep],
        )

    def activate(self, sites: IntArray) -> None:
        """Bring candidate `sites` in: their tiers and their near pairs (links with them)."""
        a = self.arrays
        sites = sites[self.candidate[sites] & ~self.active[sites]]
        if sites.size == 0:
            return
        self.active[sites] = True
        tiers = a.tier_start + np.nonzero(np.isin(a.tier_site, sites))[0]
        self._add(tiers.astype(np.int64))
        pairs = np.nonzero(np.isin(a.pair_site, sites) & self.near)[0]
        self._add(pairs.astype(np.int64))

    def _priced_pairs(self, duals: FloatArray) -> IntArray:
        """Pairs of active sites outside the model to add: every pair whose reduced cost is
        negative and, for the demand groups that have one, their next ``_EXTRA_PER_GROUP``
        lowest (a pair priced near 0 now is likely to price out after the next solve; taking
        it now saves a re-solve)."""
        a = self.arrays
        n_pairs = int(a.pair_site.size)
        outside = (self.position[:n_pairs] < 0) & self.usable[:n_pairs] & self.active[a.pair_site]
        if not outside.any():
            return np.zeros(0, dtype=np.int64)
        pairs = np.nonzero(outside)[0]
        priced = np.asarray(self.matrix[:, pairs].T @ duals, dtype=np.float64)
        reduced = a.column_cost[pairs] - priced
        tolerance = _REDUCED_COST_TOLERANCE * np.maximum(1.0, np.abs(a.column_cost[pairs]))
        negative = reduced < -tolerance
        if not negative.any():
            return np.zeros(0, dtype=np.int64)
        groups = a.pair_group[pairs]
        wanted = np.bincount(groups[negative], minlength=a.n_groups) + _EXTRA_PER_GROUP
        wanted[np.bincount(groups[negative], minlength=a.n_groups) == 0] = 0
        rank = rank_within_groups(groups, reduced)
        return pairs[negative | (rank < wanted[groups])].astype(np.int64)

    def solve(
        self, seconds: float, pricing_rounds: int = _MAX_PRICING_ROUNDS
    ) -> tuple[float, FloatArray, FloatArray] | None:
        """Objective, duals of the rows of `arrays` and the value of every column of `arrays`.

        None unless solved to optimality within `seconds`. Pairs are priced in until none is
        left, or for at most `pricing_rounds` re-solves: the value is then that of the LP over
        the pairs in so far, an upper bound on the LP with every pair of the active sites.
        """
        import highspy

        stop = time.perf_counter() + max(seconds, 0.0)
        n_rows = self.arrays.n_rows
        for round_number in range(max(pricing_rounds, 1)):
            self.highs.setOptionValue("time_limit", max(stop - time.perf_counter(), 0.0))
            self.highs.run()
            status = self.highs.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible and self._add_all_pairs():
                continue  # the pairs left out may be what makes it feasible
            if status != highspy.HighsModelStatus.kOptimal:
                return None
            solution = self.highs.getSolution()
            duals = np.asarray(solution.row_dual, dtype=np.float64)[:n_rows]
            entering = self._priced_pairs(duals)
            if entering.size and round_number + 1 < pricing_rounds:
                self._add(entering)
                continue
            values = np.zeros(self.arrays.n_columns)
            values[self.columns] = np.asarray(solution.col_value, dtype=np.float64)
            objective = float(self.highs.getInfo().objective_function_value)
            self._add(entering)  # (if any) in for the next solve; this one's values stand
            return objective, duals, values
        return None

    def _add_all_pairs(self) -> bool:
        """Add every usable pair of the active sites; False when they were all in already."""
        a = self.arrays
        n_pairs = int(a.pair_site.size)
        missing = np.nonzero(
            (self.position[:n_pairs] < 0) & self.usable[:n_pairs] & self.active[a.pair_site]
        )[0]
        self._add(missing.astype(np.int64))
        return bool(missing.size)
