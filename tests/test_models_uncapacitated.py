"""p-median, p-center, max coverage and set covering against brute force and hand-made optima."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facility_plan.errors import InfeasibleScenarioError, SolverError
from facility_plan.examples import grid_problem, line_problem, road_network_problem
from facility_plan.models import (
    SolverSettings,
    SolveStatus,
    max_coverage,
    p_center,
    p_median,
    set_covering,
    verify_p_median,
)
from facility_plan.problem import Problem

HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_problems(draw: st.DrawFn) -> tuple[Problem, int]:
    """≤ 10 demand points, ≤ 8 sites, integer minutes, some zero persons, maybe existing sites."""
    n_demand = draw(st.integers(1, 10))
    n_sites = draw(st.integers(1, 8))
    minutes = draw(
        st.lists(
            st.lists(st.integers(0, 30), min_size=n_sites, max_size=n_sites),
            min_size=n_demand,
            max_size=n_demand,
        )
    )
    persons = draw(st.lists(st.integers(0, 9), min_size=n_demand, max_size=n_demand))
    n_existing = draw(st.integers(0, min(2, n_sites)))
    existing = draw(
        st.lists(st.integers(0, n_sites - 1), min_size=n_existing, max_size=n_existing, unique=True)
    )
    p = draw(st.integers(max(1, len(existing)), n_sites))
    problem = Problem.from_arrays(minutes, persons, existing=existing)
    return problem, p


def _subsets(problem: Problem, p: int) -> list[tuple[int, ...]]:
    existing = set(np.flatnonzero(problem.sites["status"].to_numpy() == "existing").tolist())
    return [
        subset
        for subset in itertools.combinations(range(len(problem.sites)), p)
        if existing <= set(subset)
    ]


def _nearest(problem: Problem, subset: tuple[int, ...]) -> np.ndarray:
    return problem.travel.minutes[:, list(subset)].min(axis=1)


def _persons(problem: Problem) -> np.ndarray:
    return problem.demand["demand_persons"].to_numpy()


@HYPOTHESIS
@given(small_problems())
def test_p_median_matches_brute_force(case: tuple[Problem, int]) -> None:
    problem, p = case
    best = min(float(_persons(problem) @ _nearest(problem, s)) for s in _subsets(problem, p))
    solution = p_median(problem, p)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(best)
    assert set(problem.existing_site_ids) <= set(solution.open_site_ids)


@HYPOTHESIS
@given(small_problems())
def test_p_center_matches_brute_force(case: tuple[Problem, int]) -> None:
    problem, p = case
    positive = _persons(problem) > 0
    best = min(
        float(_nearest(problem, s)[positive].max()) if positive.any() else 0.0
        for s in _subsets(problem, p)
    )
    solution = p_center(problem, p)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(best)
    assert len(solution.open_site_ids) == p


@HYPOTHESIS
@given(small_problems(), st.integers(0, 30))
def test_max_coverage_matches_brute_force(case: tuple[Problem, int], coverage_minutes: int) -> None:
    problem, p = case
    best = max(
        float(_persons(problem)[_nearest(problem, s) <= coverage_minutes].sum())
        for s in _subsets(problem, p)
    )
    solution = max_coverage(problem, p, coverage_minutes)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(best)
    assert solution.served_persons == pytest.approx(best)


@HYPOTHESIS
@given(small_problems(), st.integers(0, 30))
def test_set_covering_matches_brute_force(case: tuple[Problem, int], coverage_minutes: int) -> None:
    problem, _ = case
    positive = _persons(problem) > 0
    coverable = (problem.travel.minutes[positive] <= coverage_minutes).any(axis=1).all()
    if not coverable:
        with pytest.raises(InfeasibleScenarioError, match="no site within"):
            set_covering(problem, coverage_minutes)
        return

    def covers(subset: tuple[int, ...]) -> bool:
        if not positive.any():
            return True
        return bool(subset) and bool(
            (_nearest(problem, subset)[positive] <= coverage_minutes).all()
        )

    best = next(
        size
        for size in range(len(problem.sites) + 1)
        if any(covers(subset) for subset in _subsets(problem, size))
    )
    solution = set_covering(problem, coverage_minutes)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == best


@pytest.mark.parametrize(
    ("p", "objective", "sites"),
    [(1, 900.0, ("s2",)), (2, 625.0, ("s2", "s3")), (3, 375.0, ("s1", "s2", "s3"))],
)
def test_line_problem_p_median(p: int, objective: float, sites: tuple[str, ...]) -> None:
    solution = p_median(line_problem(), p)
    assert (solution.status, solution.objective, solution.open_site_ids) == (
        SolveStatus.OPTIMAL,
        objective,
        sites,
    )
    assignments = solution.assignments.set_index("demand_id")
    assert list(assignments.columns) == ["site_id", "demand_persons", "travel_minutes"]
    assert set(solution.opened["tier_id"]) == {""}


def test_line_problem_other_models() -> None:
    problem = line_problem()
    assert p_center(problem, 1).objective == 20.0
    assert p_center(problem, 2).open_site_ids == ("s1", "s3")
    assert max_coverage(problem, 1, 10.0).open_site_ids == ("s2",)
    covered = max_coverage(problem, 2, 10.0)
    assert (covered.objective, covered.open_site_ids) == (100.0, ("s1", "s2"))
    assert covered.unserved_persons == 5.0
    assert set_covering(problem, 10.0).objective == 3.0
    assert set_covering(problem, 15.0).open_site_ids == ("s1", "s3")


def test_existing_site_is_kept_and_counts_towards_p() -> None:
    problem = line_problem(existing_site_ids=frozenset({"s1"}))
    solution = p_median(problem, 2)
    assert solution.open_site_ids == ("s1", "s2")
    assert solution.objective == 650.0
    assert p_center(problem, 1).open_site_ids == ("s1",)
    assert "s1" in max_coverage(problem, 2, 10.0).open_site_ids
    assert "s1" in set_covering(problem, 15.0).open_site_ids


@pytest.mark.parametrize("model", [p_median, p_center])
@pytest.mark.parametrize("p", [0, 4])
def test_impossible_p_is_infeasible(model, p: int) -> None:  # type: ignore[no-untyped-def]
    solution = model(line_problem(), p)
    assert solution.status is SolveStatus.INFEASIBLE
    assert solution.assignments.empty
    assert solution.objective is None
    assert solution.open_site_ids == ()


def test_more_existing_sites_than_p_is_infeasible() -> None:
    problem = line_problem(existing_site_ids=frozenset({"s1", "s3"}))
    for solution in (p_median(problem, 1), p_center(problem, 1), max_coverage(problem, 1, 10.0)):
        assert solution.status is SolveStatus.INFEASIBLE
        assert solution.assignments.empty
        assert "existing" in solution.message


def test_unreachable_demand_is_infeasible_but_zero_persons_is_not() -> None:
    minutes = np.array([[1.0, np.inf], [np.inf, np.inf], [np.inf, 2.0]])
    stranded = Problem.from_arrays(minutes, [1, 5, 1])
    solution = p_median(stranded, 2)
    assert solution.status is SolveStatus.INFEASIBLE
    assert "'1'" in solution.message
    with pytest.raises(InfeasibleScenarioError, match=r"'1' \(nearest site inf min\)"):
        set_covering(stranded, 10.0)
    harmless = Problem.from_arrays(minutes, [1, 0, 1])
    solved = p_median(harmless, 2)
    assert (solved.status, solved.objective) == (SolveStatus.OPTIMAL, 3.0)
    assert solved.assignments.set_index("demand_id")["site_id"].isna().loc["1"]


def test_partly_reachable_demand_forces_a_reaching_site() -> None:
    # Point 0 can only reach site 2 (far); p = 1 must open site 2 despite the cost.
    minutes = np.array([[np.inf, np.inf, 50.0], [1.0, 2.0, 40.0], [1.0, 2.0, 40.0]])
    solution = p_median(Problem.from_arrays(minutes, [1, 10, 10]), 1)
    assert solution.open_site_ids == ("2",)
    assert solution.objective == 850.0
    assert p_median(Problem.from_arrays(minutes, [1, 10, 10]), 2).open_site_ids == ("0", "2")


def test_verifier_rejects_a_tampered_solution() -> None:
    problem = line_problem()
    solution = p_median(problem, 2)
    tampered = type(solution)(
        **{
            **{name: getattr(solution, name) for name in solution.__slots__},
            "objective": 600.0,
        }
    )
    with pytest.raises(SolverError, match="objective"):
        verify_p_median(problem, tampered, p=2)
    with pytest.raises(SolverError, match="expected exactly 3"):
        verify_p_median(problem, solution, p=3)


def test_grid_problem_is_seeded() -> None:
    first, second = grid_problem(4, seed=7), grid_problem(4, seed=7)
    assert np.array_equal(first.travel.minutes, second.travel.minutes)
    assert not np.array_equal(first.travel.minutes, grid_problem(4, seed=8).travel.minutes)
    solution = p_median(first, 2)
    assert solution.status is SolveStatus.OPTIMAL


def test_time_limit_reports_feasible_or_optimal_honestly() -> None:
    problem = road_network_problem(250, seed=11)
    limited = p_median(problem, 20, solver=SolverSettings(time_limit_seconds=0.05))
    assert limited.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert limited.objective is not None
    assert len(limited.open_site_ids) == 20
    if limited.status is SolveStatus.FEASIBLE:
        assert limited.mip_gap is None or limited.mip_gap >= 0.0
    reference = p_median(problem, 20)
    assert reference.status is SolveStatus.OPTIMAL
    assert reference.objective is not None
    assert reference.objective <= limited.objective + 1e-6 * reference.objective
    if limited.status is SolveStatus.OPTIMAL:
        assert limited.objective == pytest.approx(reference.objective)


def test_time_limited_max_coverage_is_honest() -> None:
    problem = road_network_problem(300, seed=5)
    limited = max_coverage(problem, 5, 15.0, solver=SolverSettings(time_limit_seconds=0.01))
    assert limited.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL, SolveStatus.NOT_SOLVED)
    reference = max_coverage(problem, 5, 15.0)
    assert reference.status is SolveStatus.OPTIMAL
    if limited.status is SolveStatus.OPTIMAL:
        assert limited.objective == pytest.approx(reference.objective)
    elif limited.status is SolveStatus.FEASIBLE:
        assert limited.objective is not None
        assert limited.objective <= reference.objective + 1e-9
