"""The capacitated LP with all strong links over a growing set of candidates, re-solved warm."""

from __future__ import annotations

import numpy as np

from facility_plan.models._capacitated_arrays import CapacitatedArrays, FloatArray, IntArray
from facility_plan.models._capacitated_highs import _link_rows


class RestrictedLP:
    """The LP relaxation with all strong links, over the existing sites and a growing set of
    candidates (the others' columns fixed to 0); one HiGHS instance, re-solved warm."""

    def __init__(self, arrays: CapacitatedArrays) -> None:
        import highspy

        self.arrays = arrays
        self.candidate = np.zeros(len(arrays.site_columns), dtype=bool)
        self.candidate[arrays.tier_site] = True
        self.active = ~self.candidate
        upper = arrays.column_upper.copy()
        self.closed_upper = arrays.column_upper.copy()
        upper[arrays.tier_start : arrays.expansion_start] = 0.0
        upper[: arrays.pair_site.size][self.candidate[arrays.pair_site]] = 0.0
        self.highs = highspy._Highs()  # type: ignore[attr-defined]
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(
            arrays.n_columns,
            arrays.n_rows,
            int(arrays.row_index.size),
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMinimize),
            0.0,
            arrays.column_cost,
            arrays.column_lower,
            upper,
            arrays.row_lower,
            arrays.row_upper,
            arrays.row_start[:-1].astype(np.int32),
            arrays.row_index.astype(np.int32),
            arrays.row_value,
            np.zeros(arrays.n_columns, dtype=np.int32),
        )
        sizes = np.array([c.size for c in arrays.site_columns], dtype=np.int64)
        self.site_start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.site_open = (
            np.concatenate(arrays.site_columns).astype(np.int64)
            if sizes.sum()
            else np.zeros(0, dtype=np.int64)
        )

    def activate(self, sites: IntArray) -> None:
        """Free the columns of candidate `sites` and add their strong links."""
        a = self.arrays
        sites = sites[self.candidate[sites] & ~self.active[sites]]
        if sites.size == 0:
            return
        self.active[sites] = True
        pairs = np.nonzero(np.isin(a.pair_site, sites))[0]
        tiers = a.tier_start + np.nonzero(np.isin(a.tier_site, sites))[0]
        columns = np.concatenate([pairs, tiers]).astype(np.int32)
        self.highs.changeColsBounds(
            int(columns.size), columns, np.zeros(columns.size), self.closed_upper[columns]
        )
        links = np.nonzero(np.isin(a.link_site, sites) & (a.column_upper[a.link_column] > 0))[0]
        if links.size:
            start, index, value = _link_rows(a, links, self.site_start, self.site_open)
            self.highs.addRows(
                int(links.size),
                np.full(links.size, -np.inf),
                np.zeros(links.size),
                int(index.size),
                start,
                index,
                value,
            )

    def solve(self, seconds: float) -> tuple[float, FloatArray, FloatArray] | None:
        """Objective, row duals and column values; None unless solved to optimality."""
        import highspy

        self.highs.setOptionValue("time_limit", max(seconds, 0.0))
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = self.highs.getSolution()
        return (
            float(self.highs.getInfo().objective_function_value),
            np.asarray(solution.row_dual, dtype=np.float64),
            np.asarray(solution.col_value, dtype=np.float64),
        )
