"""Exact reductions of covering matrices: merged/dominated rows and columns, forced sites, components.

A *cover matrix* has one row per demand group that still needs covering and one column per
candidate site; entry (k, j) is True when site j is within the coverage minutes of every point
of row k. Every reduction here keeps the optimum of the model it is used for:

* equal rows are merged (persons added) — for both models;
* a column whose covered rows are a subset of another column's is dropped (of equal columns
  the first is kept): any solution opening it can open the other instead and covers at least as
  much — for both models (maximal covering then opens *at most* p of the kept columns);
* a row whose columns include all columns of another row is dropped: covering the other row
  covers it — for set covering only (it ignores persons);
* a row with a single column forces that column open, and every row it covers is dropped —
  for set covering only;
* rows and columns split into connected components (rows linked through shared columns) that
  can be solved independently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

BoolMatrix: TypeAlias = sp.csr_array


@dataclass(frozen=True, slots=True)
class CoverMatrix:
    """Rows still to be covered, the sites that can cover them, and the persons at stake.

    Attributes
    ----------
    reach
        Sparse boolean (rows × columns): column j covers row k.
    row_weights
        Persons of each row (persons).
    columns
        Site position (in the problem) of each column.
    """

    reach: BoolMatrix
    row_weights: npt.NDArray[np.float64]
    columns: npt.NDArray[np.int64]

    @classmethod
    def from_dense(
        cls,
        reach: npt.NDArray[np.bool_],
        row_weights: npt.NDArray[np.float64],
        columns: npt.NDArray[np.int64] | None = None,
    ) -> CoverMatrix:
        """Build from a dense boolean matrix (columns default to 0..n-1)."""
        positions = np.arange(reach.shape[1], dtype=np.int64) if columns is None else columns
        return cls(
            sp.csr_array(reach.astype(bool)),
            np.asarray(row_weights, dtype=np.float64),
            np.asarray(positions, dtype=np.int64),
        )

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.reach.shape[0])

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return int(self.reach.shape[1])

    def take(self, rows: npt.NDArray[np.int64], columns: npt.NDArray[np.int64]) -> CoverMatrix:
        """The sub-matrix of the given row and column indices (positions, not masks)."""
        reach = sp.csr_array(self.reach[rows][:, columns])
        return CoverMatrix(reach, self.row_weights[rows], self.columns[columns])

    def row_columns(self, row: int) -> npt.NDArray[np.int64]:
        """Column indices (in this matrix) that cover `row`."""
        start, stop = self.reach.indptr[row], self.reach.indptr[row + 1]
        return np.asarray(self.reach.indices[start:stop], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class SetCoverReduction:
    """A set-covering instance after the exact reductions.

    Attributes
    ----------
    forced
        Site positions that every minimum cover of the reduced instance contains (opened).
    remaining
        Rows still uncovered by `forced`, over the non-dominated columns.
    """

    forced: npt.NDArray[np.int64]
    remaining: CoverMatrix


def merge_equal_rows(cover: CoverMatrix) -> CoverMatrix:
    """Merge rows covered by the same columns, adding their persons; drop rows no column covers."""
    reach = sp.csr_array(cover.reach, dtype=np.int8)
    reach.sum_duplicates()
    reach.sort_indices()
    counts = np.diff(reach.indptr)
    keep = np.flatnonzero(counts > 0)
    if keep.size == 0:
        return CoverMatrix(
            sp.csr_array((0, cover.n_columns), dtype=bool), np.zeros(0), cover.columns
        )
    keys = [reach.indices[reach.indptr[k] : reach.indptr[k + 1]].tobytes() for k in keep]
    first_of: dict[bytes, int] = {}
    group = np.empty(keep.size, dtype=np.int64)
    for position, key in enumerate(keys):
        group[position] = first_of.setdefault(key, len(first_of))
    representatives = np.empty(len(first_of), dtype=np.int64)
    representatives[group[::-1]] = keep[::-1]
    weights = np.bincount(group, weights=cover.row_weights[keep], minlength=len(first_of))
    merged = sp.csr_array(cover.reach[representatives], dtype=bool)
    return CoverMatrix(merged, weights.astype(np.float64), cover.columns)


def _subset_pairs(
    matrix: sp.csr_array,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Pairs (a, b), a ≠ b, of rows of a 0/1 matrix whose supports satisfy S_a ⊆ S_b (S_a ≠ ∅).

    Returns
    -------
    tuple
        Arrays ``subset``, ``superset`` and ``equal`` (S_a = S_b), one entry per pair.
    """
    ones = sp.csr_array(matrix, dtype=np.int32)
    sizes = np.diff(ones.indptr)
    overlap = sp.coo_array(ones @ ones.T)
    first = np.asarray(overlap.row, dtype=np.int64)
    second = np.asarray(overlap.col, dtype=np.int64)
    shared = overlap.data
    pair = (first != second) & (shared == sizes[first]) & (shared > 0)
    first, second = first[pair], second[pair]
    return first, second, sizes[first] == sizes[second]


def drop_dominated_columns(cover: CoverMatrix) -> CoverMatrix:
    """Drop empty columns and columns whose rows are a subset of another column's rows.

    Of columns with equal rows the first is kept.
    """
    by_column = sp.csr_array(cover.reach.T)
    subset, superset, equal = _subset_pairs(by_column)
    dominated = np.diff(by_column.indptr) == 0
    dominated[subset[~equal | (superset < subset)]] = True
    keep = np.flatnonzero(~dominated)
    return cover.take(np.arange(cover.n_rows, dtype=np.int64), keep)


def drop_dominated_rows(cover: CoverMatrix) -> CoverMatrix:
    """Drop rows whose columns include all columns of another row (set covering only).

    Covering the other row covers the dropped one. Of rows with equal columns the first is kept.
    """
    subset, superset, equal = _subset_pairs(cover.reach)
    dominated = np.zeros(cover.n_rows, dtype=bool)
    dominated[superset[~equal | (subset < superset)]] = True
    keep = np.flatnonzero(~dominated)
    return cover.take(keep, np.arange(cover.n_columns, dtype=np.int64))


def reduce_max_cover(cover: CoverMatrix) -> CoverMatrix:
    """Merge equal rows and drop dominated columns until nothing changes (maximal covering)."""
    current = merge_equal_rows(cover)
    while True:
        reduced = merge_equal_rows(drop_dominated_columns(current))
        if reduced.reach.shape == current.reach.shape:
            return reduced
        current = reduced


def reduce_set_cover(cover: CoverMatrix) -> SetCoverReduction:
    """Apply row, column and forced-site reductions until nothing changes (set covering).

    Parameters
    ----------
    cover
        Rows that must all be covered; every row must have at least one column.

    Returns
    -------
    SetCoverReduction
        Sites forced open and the rows left for the solver.
    """
    forced: list[npt.NDArray[np.int64]] = []
    current = merge_equal_rows(cover)
    while current.n_rows:
        before = current.reach.shape
        current = drop_dominated_rows(drop_dominated_columns(current))
        counts = np.diff(current.reach.indptr)
        singles = np.flatnonzero(counts == 1)
        if singles.size:
            essential = np.unique(current.reach.indices[current.reach.indptr[singles]])
            forced.append(current.columns[essential])
            column_mask = np.zeros(current.n_columns, dtype=bool)
            column_mask[essential] = True
            covered = np.asarray(current.reach[:, np.flatnonzero(column_mask)].sum(axis=1)) > 0
            rows = np.flatnonzero(~covered.reshape(-1))
            current = current.take(rows, np.flatnonzero(~column_mask))
        elif current.reach.shape == before:
            break
    current = drop_dominated_columns(current)
    opened = np.concatenate(forced) if forced else np.zeros(0, dtype=np.int64)
    return SetCoverReduction(np.sort(opened).astype(np.int64), current)


def split_components(cover: CoverMatrix) -> list[CoverMatrix]:
    """Independent parts: rows linked when they share a column; every column covers some row.

    Columns that cover no row are left out. Parts come largest first.
    """
    if cover.n_rows == 0:
        return []
    ones = sp.csr_array(cover.reach, dtype=np.int8)
    n_rows = ones.shape[0]
    graph = sp.block_array([[None, ones], [ones.T, None]], format="csr")
    _, labels = connected_components(graph, directed=False)
    row_labels, column_labels = labels[:n_rows], labels[n_rows:]
    useful = np.diff(sp.csc_array(ones).indptr) > 0
    parts = []
    for label in np.unique(row_labels):
        rows = np.flatnonzero(row_labels == label)
        columns = np.flatnonzero((column_labels == label) & useful)
        parts.append(cover.take(rows, columns))
    parts.sort(key=lambda part: -part.n_rows)
    return parts


def greedy_cover(cover: CoverMatrix) -> npt.NDArray[np.int64]:
    """A cover of every row by the greedy rule (most uncovered rows first); column indices."""
    by_column = sp.csc_array(cover.reach, dtype=np.int8)
    by_row = sp.csr_array(cover.reach, dtype=np.int8)
    uncovered = np.ones(cover.n_rows, dtype=bool)
    counts = np.diff(by_column.indptr).astype(np.int64)
    chosen: list[int] = []
    while uncovered.any():
        best = int(np.argmax(counts))
        if counts[best] <= 0:
            break
        chosen.append(best)
        rows = by_column.indices[by_column.indptr[best] : by_column.indptr[best + 1]]
        newly = rows[uncovered[rows]]
        uncovered[newly] = False
        if newly.size:
            counts -= np.asarray(by_row[newly].sum(axis=0)).reshape(-1).astype(np.int64)
    return np.asarray(sorted(chosen), dtype=np.int64)


def disjoint_rows_bound(cover: CoverMatrix) -> int:
    """A lower bound on the cover size: rows picked greedily so that no two share a column."""
    by_row = sp.csr_array(cover.reach, dtype=np.int8)
    counts = np.diff(by_row.indptr)
    used = np.zeros(cover.n_columns, dtype=bool)
    picked = 0
    for row in np.argsort(counts, kind="stable"):
        columns = by_row.indices[by_row.indptr[row] : by_row.indptr[row + 1]]
        if columns.size and not used[columns].any():
            used[columns] = True
            picked += 1
    return picked
