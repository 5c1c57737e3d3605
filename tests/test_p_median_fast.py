"""p-median fast exact paths (scan, Lagrangian fixing, bounded enumeration, radius MIP) vs brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from facility_plan.models import SolverSettings, SolveStatus, p_median
from facility_plan.models import _p_median_lagrangian as lagrangian_module
from facility_plan.models._p_median_heuristic import PMedianData, SortedRows, greedy, interchange
from facility_plan.models._p_median_lagrangian import bounded_subsets, lagrangian_reduction
from facility_plan.models._p_median_radius import radius_search
from facility_plan.models._uncapacitated import Deadline
from facility_plan.problem import Problem

SEEDS = range(12)


def _random_problem(seed: int, *, n_demand: int, n_sites: int) -> Problem:
    """Random minutes (some unreachable pairs), persons with zeros and fractions, 0–2 existing sites."""
    rng = np.random.default_rng(seed)
    minutes = rng.integers(0, 60, size=(n_demand, n_sites)).astype(float)
    if seed % 2:
        minutes += rng.random((n_demand, n_sites)).round(2)  # non-integral costs
    minutes[rng.random((n_demand, n_sites)) < 0.08] = np.inf
    minutes[np.arange(n_demand), rng.integers(0, n_sites, n_demand)] = rng.integers(0, 60)
    persons = rng.integers(0, 20, n_demand).astype(float)
    if seed % 3 == 0:
        persons *= 0.37
    existing = sorted(rng.choice(n_sites, size=seed % 3, replace=False).tolist())
    return Problem.from_arrays(minutes, persons, existing=existing)


def _brute_force(problem: Problem, p: int) -> float:
    minutes = problem.travel.minutes
    persons = problem.demand["demand_persons"].to_numpy()
    existing = set(np.flatnonzero(problem.sites["status"].to_numpy() == "existing").tolist())
    best = np.inf
    for subset in itertools.combinations(range(minutes.shape[1]), p):
        if not existing <= set(subset):
            continue
        nearest = minutes[:, list(subset)].min(axis=1)
        served = persons > 0
        if np.isfinite(nearest[served]).all():
            best = min(best, float(persons[served] @ nearest[served]))
    return best


@pytest.mark.parametrize("p", [1, 2, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_matches_brute_force(seed: int, p: int) -> None:
    problem = _random_problem(seed, n_demand=25, n_sites=12)
    if p < len(problem.existing_site_ids):
        pytest.skip("fewer open sites than existing ones is infeasible by rule")
    best = _brute_force(problem, p)
    solution = p_median(problem, p)
    if not np.isfinite(best):
        assert solution.status is SolveStatus.INFEASIBLE
        return
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.mip_gap == 0.0
    assert solution.objective == pytest.approx(best, rel=1e-9)
    assert set(problem.existing_site_ids) <= set(solution.open_site_ids)


@pytest.mark.parametrize("seed", SEEDS)
def test_neighbour_list_path_matches_brute_force(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unreachable pairs, existing sites, fractional persons: the large-matrix path is exact too."""
    monkeypatch.setattr(lagrangian_module, "_DENSE_ELEMENTS", 0)
    problem = _random_problem(seed, n_demand=25, n_sites=12)
    best = _brute_force(problem, 3)
    solution = p_median(problem, 3)
    if not np.isfinite(best):
        assert solution.status is SolveStatus.INFEASIBLE
        return
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(best, rel=1e-9)


@pytest.mark.parametrize("solver_name", ["highs", "cbc"])
def test_both_solvers_agree_with_brute_force(solver_name: str) -> None:
    problem = _random_problem(5, n_demand=30, n_sites=11)
    solution = p_median(problem, 3, solver=SolverSettings(name=solver_name))
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(_brute_force(problem, 3), rel=1e-9)


def test_p_one_is_a_column_scan() -> None:
    rng = np.random.default_rng(0)
    minutes = rng.random((3000, 800)) * 90.0
    persons = rng.integers(1, 50, 3000).astype(float)
    solution = p_median(Problem.from_arrays(minutes, persons), 1)
    expected = int(np.argmin(persons @ minutes))
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.open_site_ids == (str(expected),)
    assert solution.objective == pytest.approx(float((persons @ minutes)[expected]))
    assert "scan" in solution.message
    assert solution.solve_seconds < 5.0


def _data(seed: int, n: int, p: int) -> PMedianData:
    problem = _random_problem(seed * 2, n_demand=n, n_sites=n)  # even seeds: integral costs
    weights = problem.demand["demand_persons"].to_numpy(dtype=float)
    active = weights > 0
    fixed = np.flatnonzero(problem.sites["status"].to_numpy() == "existing")
    return PMedianData.build(problem.travel.minutes[active], weights[active], p, fixed)


def _all_plans(data: PMedianData) -> dict[tuple[int, ...], float]:
    plans = {}
    for subset in itertools.combinations(range(data.n_sites), data.p):
        if set(data.fixed.tolist()) <= set(subset):
            plans[subset] = data.true_cost(np.array(subset, dtype=np.int64))
    return plans


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_lagrangian_fixings_and_bounds_are_valid(
    seed: int, dense: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not dense:  # the neighbour-list path, used on large matrices
        monkeypatch.setattr(lagrangian_module, "_DENSE_ELEMENTS", 0)
    data = _data(seed, 14, 4)
    plans = _all_plans(data)
    optimum = min(plans.values())
    start = interchange(data, greedy(data), Deadline.start(None))
    if not np.isfinite(data.true_cost(start)):
        pytest.skip("heuristic found no plan reaching every point")
    reduction = lagrangian_reduction(data, start, Deadline.start(None))
    assert min(reduction.best_cost, reduction.lower_bound) <= optimum + 1e-9
    level = data.prune_level(reduction.best_cost)
    for subset, cost in plans.items():
        relaxed = reduction.multiplier_total + reduction.site_reduced_costs[list(subset)].sum()
        assert relaxed <= cost + 1e-9 * max(1.0, cost)  # Lagrangian bound of this plan
        if cost < level:  # a plan that beats the incumbent respects every fixing
            assert not reduction.excluded[list(subset)].any()
            assert set(np.flatnonzero(reduction.forced_open)) <= set(subset)
            assert cost >= reduction.lower_bound - 1e-9
    is_fixed = np.zeros(data.n_sites, dtype=bool)
    is_fixed[data.fixed] = True
    mandatory = np.flatnonzero(is_fixed | reduction.forced_open)
    free = np.flatnonzero(~(is_fixed | reduction.forced_open | reduction.excluded))
    k = data.p - mandatory.size
    if k >= 1:
        subsets = bounded_subsets(reduction, mandatory, free, k, level, max_subsets=10**6)
        assert subsets is not None
        kept = {tuple(sorted([*mandatory.tolist(), *row.tolist()])) for row in subsets}
        better = {s for s, cost in plans.items() if cost < level}
        assert better <= kept


@pytest.mark.parametrize("seed", range(4))
def test_radius_search_on_a_reduced_problem_is_exact(seed: int) -> None:
    data = _data(seed, 16, 3)
    columns = np.arange(0, data.n_sites, 2, dtype=np.int64)
    fixed = np.intersect1d(data.fixed, columns)
    reduced = data.restricted(columns, fixed)
    plans = _all_plans(reduced)
    optimum = min(plans.values())
    start = interchange(reduced, greedy(reduced), Deadline.start(None))
    outcome = radius_search(
        reduced, start, cutoff=np.inf, deadline=Deadline.start(None), solver=SolverSettings()
    )
    if not np.isfinite(optimum):
        assert outcome.infeasible
        return
    assert outcome.best_cost == pytest.approx(optimum)
    assert reduced.closed(outcome.best_cost, outcome.lower_bound, 0.0)
    stopped = radius_search(
        reduced, start, cutoff=optimum, deadline=Deadline.start(None), solver=SolverSettings()
    )
    assert stopped.lower_bound >= reduced.prune_level(optimum) or stopped.best_cost == optimum


def test_time_limit_reports_feasible_with_a_gap_or_optimal() -> None:
    problem = _random_problem(4, n_demand=400, n_sites=400)
    limited = p_median(problem, 12, solver=SolverSettings(time_limit_seconds=0.05))
    assert limited.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert len(limited.open_site_ids) == 12
    if limited.status is SolveStatus.FEASIBLE:
        assert limited.mip_gap is not None
        assert limited.mip_gap > 0.0


def test_sorted_rows_count_and_entries_match_the_matrix() -> None:
    data = _data(3, 30, 4)
    rows = SortedRows.build(data)
    rng = np.random.default_rng(3)
    thresholds = rng.random(data.n_points) * 70.0
    thresholds[:3] = [-1.0, 0.0, np.inf]
    counts = rows.count_below(thresholds)
    assert np.array_equal(counts, (data.cost < thresholds[:, None]).sum(axis=1))
    subset = np.array([4, 0, 17], dtype=np.int64)
    assert np.array_equal(rows.count_below(thresholds[subset], subset), counts[subset])
    local, sites, costs = rows.entries(counts[subset], subset)
    for k, point in enumerate(subset):
        mine = sites[local == k]
        assert set(mine.tolist()) == set(np.flatnonzero(data.cost[point] < thresholds[point]))
        assert np.array_equal(costs[local == k], data.cost[point, mine])
    plan = np.array([1, 5, 9], dtype=np.int64)
    assert rows.plan_cost(data, plan) == pytest.approx(data.true_cost(plan))


@pytest.mark.parametrize("seed", range(8))
def test_interchange_ends_where_no_swap_improves(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_points, n_sites, p = 40, 18, 2 + seed % 4
    minutes = rng.integers(0, 50, size=(n_points, n_sites)).astype(float)
    minutes += rng.random((n_points, n_sites)) * (seed % 2)
    minutes[rng.random((n_points, n_sites)) < 0.1] = np.inf
    weights = rng.integers(1, 500, n_points).astype(float)
    fixed = np.sort(rng.choice(n_sites, size=seed % 2, replace=False)).astype(np.int64)
    data = PMedianData.build(minutes, weights, p, fixed)
    start = np.sort(
        np.r_[
            fixed,
            rng.choice(np.setdiff1d(np.arange(n_sites), fixed), p - fixed.size, replace=False),
        ]
    )
    plan = interchange(data, start.astype(np.int64), Deadline.start(None))
    assert plan.size == p
    assert set(fixed.tolist()) <= set(plan.tolist())

    def penalised(sites: np.ndarray) -> float:
        return float(weights @ data.cost[:, sites].min(axis=1))

    cost = penalised(plan)
    assert cost <= penalised(start)
    for out in np.setdiff1d(plan, fixed):
        for site in np.setdiff1d(np.arange(n_sites), plan):
            swapped = np.r_[np.setdiff1d(plan, [out]), site]
            assert penalised(swapped) >= cost - 1e-7 * max(1.0, cost)


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("seed", range(10))
def test_lagrangian_bound_is_valid_with_uneven_weights(
    seed: int, dense: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways of computing the reduced costs give a bound ≤ every better plan (brute force)."""
    if not dense:
        monkeypatch.setattr(lagrangian_module, "_DENSE_ELEMENTS", 0)
    rng = np.random.default_rng(100 + seed)
    n, p = 16, 3 + seed % 3
    points = rng.random((n, 2)) * 100.0
    minutes = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    if seed % 2:
        minutes = np.round(minutes)  # integral costs: bounds are rounded up
    weights = np.round(rng.lognormal(5.0, 1.5, n)) + 1.0  # persons from 2 to thousands
    data = PMedianData.build(minutes, weights, p, np.empty(0, dtype=np.int64))
    plans = _all_plans(data)
    optimum = min(plans.values())
    start = greedy(data)  # no interchange: leave the bound work to do
    reduction = lagrangian_reduction(data, start, Deadline.start(None))
    assert reduction.best_cost >= optimum - 1e-9 * optimum
    assert min(reduction.best_cost, reduction.lower_bound) <= optimum * (1 + 1e-12)
    assert reduction.best_cost == pytest.approx(data.true_cost(reduction.best_open))
    level = data.prune_level(reduction.best_cost)
    for subset, cost in plans.items():
        # the best multipliers bound every plan, better than the incumbent or not
        relaxed = reduction.multiplier_total + reduction.site_reduced_costs[list(subset)].sum()
        assert relaxed <= cost * (1 + 1e-12)
        if cost < level:
            assert not reduction.excluded[list(subset)].any()
            assert set(np.flatnonzero(reduction.forced_open)) <= set(subset)
            assert cost >= reduction.lower_bound * (1 - 1e-12)
    solution = p_median(Problem.from_arrays(minutes, weights), p)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(optimum, rel=1e-9)


def test_large_instance_stays_within_its_time_limit_with_a_small_valid_gap() -> None:
    """1,500 × 1,500 with p = 60: the run ends near its limit, with a gap the bound backs."""
    rng = np.random.default_rng(7)
    points = rng.random((1500, 2)) * 300.0
    minutes = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    persons = np.round(rng.lognormal(7.0, 1.0, 1500))
    problem = Problem.from_arrays(minutes, persons)
    limit = 4.0
    solution = p_median(problem, 60, solver=SolverSettings(time_limit_seconds=limit))
    assert solution.solve_seconds <= limit + 4.0  # the old code ran 13.8 s; steps are short
    assert solution.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert len(solution.open_site_ids) == 60
    assert solution.mip_gap is not None
    assert 0.0 <= solution.mip_gap < 0.05
    if solution.status is SolveStatus.FEASIBLE:
        assert solution.mip_gap > 0.0
