"""The exact covering reductions agree with unreduced MIPs and brute force on random instances."""

from __future__ import annotations

import itertools

import numpy as np
import pulp
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facility_plan.examples import road_network_problem
from facility_plan.models import SolveStatus, max_coverage, p_center, set_covering
from facility_plan.models._cover_highs import ArrayMip, set_cover_lp_bound, solve_array_mip
from facility_plan.models._cover_search import (
    covered_persons,
    greedy_max_cover,
    improve_cover,
    swap_search,
)
from facility_plan.models._cover_solve import maximum_cover, minimum_cover
from facility_plan.models._lagrangian_cover import lagrangian_set_cover, remove_redundant
from facility_plan.models._reductions import (
    CoverMatrix,
    drop_dominated_columns,
    drop_dominated_rows,
    merge_equal_rows,
    reduce_max_cover,
    reduce_set_cover,
    split_components,
)
from facility_plan.models._status import SolverSettings
from facility_plan.models._uncapacitated import Deadline
from facility_plan.problem import Problem

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cover_matrices(draw: st.DrawFn, max_rows: int = 9, max_columns: int = 7) -> CoverMatrix:
    """A random 0/1 matrix in which every row has a column, with integer persons."""
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    density = draw(st.sampled_from([0.15, 0.3, 0.5]))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    reach = rng.random((n_rows, n_columns)) < density
    reach[np.arange(n_rows), rng.integers(0, n_columns, n_rows)] = True
    weights = rng.integers(1, 10, n_rows).astype(float)
    return CoverMatrix.from_dense(reach, weights)


def _brute_min_cover(reach: np.ndarray) -> int:
    for size in range(reach.shape[1] + 1):
        for subset in itertools.combinations(range(reach.shape[1]), size):
            if reach[:, list(subset)].any(axis=1).all():
                return size
    msg = "no cover"
    raise AssertionError(msg)


def _brute_max_cover(reach: np.ndarray, weights: np.ndarray, p: int) -> float:
    size = min(p, reach.shape[1])
    return max(
        float(weights[reach[:, list(subset)].any(axis=1)].sum())
        for subset in itertools.combinations(range(reach.shape[1]), size)
    )


def _unreduced_min_cover(reach: np.ndarray) -> float:
    """The textbook LSCP MIP on the full matrix, no reductions."""
    lp = pulp.LpProblem("lscp", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat=pulp.LpBinary) for j in range(reach.shape[1])]
    lp += pulp.lpSum(y)
    for row in reach:
        lp += pulp.lpSum(y[j] for j in np.flatnonzero(row)) >= 1
    lp.solve(pulp.HiGHS(msg=False))
    return float(pulp.value(lp.objective))


def _unreduced_max_cover(reach: np.ndarray, weights: np.ndarray, p: int) -> float:
    """The textbook MCLP MIP (exactly p sites) on the full matrix, no reductions."""
    lp = pulp.LpProblem("mclp", pulp.LpMaximize)
    y = [pulp.LpVariable(f"y{j}", cat=pulp.LpBinary) for j in range(reach.shape[1])]
    z = [pulp.LpVariable(f"z{i}", 0, 1) for i in range(reach.shape[0])]
    lp += pulp.lpSum(w * zi for w, zi in zip(weights, z, strict=True))
    for i, row in enumerate(reach):
        lp += z[i] <= pulp.lpSum(y[j] for j in np.flatnonzero(row))
    lp += pulp.lpSum(y) == p
    lp.solve(pulp.HiGHS(msg=False))
    return float(pulp.value(lp.objective))


@HYPOTHESIS
@given(cover_matrices())
def test_reduced_set_cover_matches_brute_force(cover: CoverMatrix) -> None:
    dense = cover.reach.toarray()
    best = _brute_min_cover(dense)
    reduction = reduce_set_cover(cover)
    remaining = reduction.remaining.reach.toarray()
    rest = _brute_min_cover(remaining) if remaining.shape[0] else 0
    assert reduction.forced.size + rest == best
    outcome = minimum_cover(cover, SolverSettings(), Deadline.start(None))
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.sites.size == best == outcome.lower_bound
    assert dense[:, outcome.sites].any(axis=1).all()


@HYPOTHESIS
@given(cover_matrices(), st.integers(0, 7))
def test_budget_check_decides_like_brute_force(cover: CoverMatrix, budget: int) -> None:
    best = _brute_min_cover(cover.reach.toarray())
    outcome = minimum_cover(cover, SolverSettings(), Deadline.start(None), budget=budget)
    if best <= budget:
        assert outcome.status is SolveStatus.OPTIMAL
        assert outcome.sites.size <= budget
        assert cover.reach.toarray()[:, outcome.sites].any(axis=1).all()
    else:
        assert outcome.status is SolveStatus.INFEASIBLE


@HYPOTHESIS
@given(cover_matrices(), st.integers(1, 7))
def test_reduced_max_cover_matches_brute_force(cover: CoverMatrix, p: int) -> None:
    dense, weights = cover.reach.toarray(), cover.row_weights
    best = _brute_max_cover(dense, weights, p)
    reduced = reduce_max_cover(cover)
    assert reduced.row_weights.sum() == pytest.approx(weights.sum())
    assert _brute_max_cover(reduced.reach.toarray(), reduced.row_weights, p) == pytest.approx(best)
    outcome = maximum_cover(cover, p, SolverSettings())
    assert outcome.sites.size <= p
    assert float(weights[dense[:, outcome.sites].any(axis=1)].sum()) == pytest.approx(best)


@pytest.mark.parametrize("seed", range(6))
def test_reductions_match_unreduced_mips_on_geographic_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.random((60, 2)) * 100.0
    minutes = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    weights = rng.integers(1, 50, 60).astype(float)
    for radius in (12.0, 20.0):
        cover = CoverMatrix.from_dense(minutes <= radius, weights)
        exact = minimum_cover(cover, SolverSettings(), Deadline.start(None))
        assert exact.status is SolveStatus.OPTIMAL
        assert exact.sites.size == _unreduced_min_cover(minutes <= radius)
        for p in (2, 5):
            reduced = maximum_cover(cover, p, SolverSettings())
            covered = float(weights[(minutes[:, reduced.sites] <= radius).any(axis=1)].sum())
            assert covered == pytest.approx(_unreduced_max_cover(minutes <= radius, weights, p))


def test_each_reduction_on_a_hand_made_matrix() -> None:
    reach = np.array(
        [
            [1, 1, 0, 0],  # a superset of row 1: dropped for set covering
            [1, 0, 0, 0],
            [0, 0, 1, 1],
            [0, 0, 1, 1],  # equal to row 2: merged
        ],
        dtype=bool,
    )
    cover = CoverMatrix.from_dense(reach, np.array([1.0, 2.0, 3.0, 4.0]))
    merged = merge_equal_rows(cover)
    assert merged.reach.toarray().tolist() == reach[:3].tolist()
    assert merged.row_weights.tolist() == [1.0, 2.0, 7.0]
    columns = drop_dominated_columns(merged)
    assert columns.columns.tolist() == [0, 2]  # 1 ⊂ 0; 3 = 2 (first kept)
    rows = drop_dominated_rows(merged)
    assert rows.reach.toarray().tolist() == [[1, 0, 0, 0], [0, 0, 1, 1]]
    reduction = reduce_set_cover(cover)
    assert reduction.forced.tolist() == [0, 2]
    assert reduction.remaining.n_rows == 0
    parts = split_components(merged)
    assert sorted(part.n_rows for part in parts) == [1, 2]


def test_components_partition_rows_and_columns() -> None:
    reach = np.zeros((6, 6), dtype=bool)
    reach[:3, :3] = np.eye(3, dtype=bool) | np.eye(3, k=1, dtype=bool)
    reach[3:, 3:] = True
    parts = split_components(CoverMatrix.from_dense(reach, np.ones(6)))
    assert [part.n_rows for part in parts] == [3, 3]
    assert sorted(np.concatenate([part.columns for part in parts]).tolist()) == list(range(6))


def test_models_agree_with_reductions_on_a_road_network() -> None:
    problem = road_network_problem(120, seed=3)
    minutes = problem.travel.minutes
    persons = problem.demand["demand_persons"].to_numpy()
    covering = set_covering(problem, 20.0)
    assert covering.status is SolveStatus.OPTIMAL
    positive = persons > 0
    assert covering.objective == _unreduced_min_cover(minutes[positive] <= 20.0)
    coverage = max_coverage(problem, 4, 15.0)
    assert coverage.status is SolveStatus.OPTIMAL
    reach = minutes <= 15.0
    assert coverage.objective == pytest.approx(_unreduced_max_cover(reach, persons, 4))


def test_p_center_keeps_existing_sites_and_is_optimal() -> None:
    rng = np.random.default_rng(4)
    points = rng.random((25, 2)) * 50.0
    minutes = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    problem = Problem.from_arrays(minutes, np.ones(25), existing=[0])
    solution = p_center(problem, 3)
    assert solution.status is SolveStatus.OPTIMAL
    best = min(
        float(minutes[:, [0, *pair]].min(axis=1).max())
        for pair in itertools.combinations(range(1, 25), 2)
    )
    assert solution.objective == pytest.approx(best)
    assert "0" in solution.open_site_ids


@HYPOTHESIS
@given(cover_matrices())
def test_lagrangian_bound_and_cover_bracket_the_minimum(cover: CoverMatrix) -> None:
    reach = cover.reach.toarray()
    minimum = _brute_min_cover(reach)
    found = lagrangian_set_cover(cover, Deadline.start(None), max_iterations=300)
    assert found.lower_bound <= minimum <= found.best.size
    assert found.bound_value <= minimum + 1e-6
    assert reach[:, found.best].any(axis=1).all()
    irredundant = remove_redundant(cover, np.arange(cover.n_columns, dtype=np.int64))
    assert reach[:, irredundant].any(axis=1).all()
    for j in irredundant:  # no column can be left out
        assert not reach[:, np.setdiff1d(irredundant, [j])].any(axis=1).all()


@HYPOTHESIS
@given(cover_matrices(), st.integers(1, 7))
def test_swap_search_never_loses_persons_and_stays_within_the_optimum(
    cover: CoverMatrix, p: int
) -> None:
    count = min(p, cover.n_columns)
    greedy = greedy_max_cover(cover, count)
    swapped = swap_search(cover, greedy, Deadline.start(None))
    assert swapped.size == greedy.size == count
    assert covered_persons(cover, swapped) >= covered_persons(cover, greedy)
    best = _brute_max_cover(cover.reach.toarray(), cover.row_weights, count)
    assert covered_persons(cover, swapped) <= best + 1e-9


def test_array_mip_solves_the_same_with_highs_and_cbc() -> None:
    rng = np.random.default_rng(3)
    reach = rng.random((12, 9)) < 0.3
    reach[np.arange(12), rng.integers(0, 9, 12)] = True
    mip = ArrayMip(
        cost=np.ones(9),
        matrix=sp.csc_array(reach.astype(float)),
        row_lower=np.ones(12),
        row_upper=np.full(12, np.inf),
        upper=np.ones(9),
        integer=np.ones(9, dtype=bool),
    )
    start = np.ones(9)  # every column: a feasible MIP start
    highs = solve_array_mip(mip, SolverSettings(), start=start)
    cbc = solve_array_mip(mip, SolverSettings(name="cbc"))
    assert highs.run.status is cbc.run.status is SolveStatus.OPTIMAL
    assert highs.run.objective == pytest.approx(_brute_min_cover(reach))
    assert cbc.run.objective == pytest.approx(_brute_min_cover(reach))
    assert highs.dual_bound == pytest.approx(highs.run.objective)


@HYPOTHESIS
@given(cover_matrices())
def test_lp_bound_never_exceeds_the_minimum_cover(cover: CoverMatrix) -> None:
    minimum = _brute_min_cover(cover.reach.toarray())
    bound = set_cover_lp_bound(cover.reach, None)
    assert bound is not None
    assert 0.0 <= bound <= minimum + 1e-9


def test_lp_bound_is_above_one_where_the_integrality_gap_is_known() -> None:
    # An odd cycle of 5 rows, each column covering two neighbours: LP 2.5, minimum 3.
    reach = np.zeros((5, 5), dtype=bool)
    for j in range(5):
        reach[[j, (j + 1) % 5], j] = True
    bound = set_cover_lp_bound(CoverMatrix.from_dense(reach, np.ones(5)).reach, None)
    assert bound == pytest.approx(2.5)
    assert _brute_min_cover(reach) == 3


@HYPOTHESIS
@given(cover_matrices(max_rows=12, max_columns=9), st.integers(1, 4), st.integers(0, 5))
def test_neighbourhood_search_keeps_a_cover_and_never_grows(
    cover: CoverMatrix, region: int, seed: int
) -> None:
    dense = cover.reach.toarray()
    start = np.arange(cover.n_columns, dtype=np.int64)  # every column: a (poor) cover
    improved = improve_cover(
        cover,
        start,
        Deadline.start(None),
        SolverSettings(),
        max_seconds=0.3,
        region_columns=region,
        seed=seed,
    )
    assert dense[:, improved].any(axis=1).all()
    assert _brute_min_cover(dense) <= improved.size <= start.size


@pytest.mark.parametrize("seed", range(3))
def test_neighbourhood_search_improves_a_geographic_cover(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.random((150, 2)) * 100.0
    minutes = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    cover = CoverMatrix.from_dense(minutes <= 15.0, np.ones(150))
    start = np.arange(cover.n_columns, dtype=np.int64)
    improved = improve_cover(cover, start, Deadline.start(None), SolverSettings(), max_seconds=2.0)
    dense = cover.reach.toarray()
    assert dense[:, improved].any(axis=1).all()
    exact = minimum_cover(cover, SolverSettings(), Deadline.start(None))
    assert exact.status is SolveStatus.OPTIMAL
    assert exact.sites.size <= improved.size < start.size


@HYPOTHESIS
@given(cover_matrices(), st.integers(0, 7), st.integers(0, 2**31 - 1))
def test_budget_check_with_a_hint_decides_like_brute_force(
    cover: CoverMatrix, budget: int, seed: int
) -> None:
    dense = cover.reach.toarray()
    best = _brute_min_cover(dense)
    rng = np.random.default_rng(seed)
    hint = np.flatnonzero(rng.random(cover.n_columns) < 0.4).astype(np.int64)
    outcome = minimum_cover(cover, SolverSettings(), Deadline.start(None), budget=budget, hint=hint)
    if best <= budget:
        assert outcome.status is SolveStatus.OPTIMAL
        assert outcome.sites.size <= budget
        assert dense[:, outcome.sites].any(axis=1).all()
    else:
        assert outcome.status is SolveStatus.INFEASIBLE
        assert outcome.lower_bound <= best
