"""The capacitated incumbent heuristic and Lagrangian bound: never "optimal" unproven; warm starts."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from facility_plan.models import SolveStatus, available_solvers
from facility_plan.models._capacitated_arrays import CapacitatedArrays, build_capacitated_arrays
from facility_plan.models._capacitated_heuristic import evaluate, openings
from facility_plan.models._capacitated_lagrangian import lagrangian_search
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec, capacitated_with_pulp
from facility_plan.problem import Problem

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_capacitated_fast import _random_problem

pytestmark = pytest.mark.skipif("highs" not in available_solvers(), reason="highspy missing")

_SPECS = [
    CapacitatedSpec(new_facilities=2, unserved_penalty=90.0),
    CapacitatedSpec(new_facilities=2, unserved_penalty=90.0, target_places=40.0),
    CapacitatedSpec(new_facilities=2, unserved_penalty=90.0, budget_vnd=3e9),
    CapacitatedSpec(max_new_facilities=3, open_cost_weight=1e-8, unserved_penalty=60.0),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("spec", _SPECS)
def test_bound_never_exceeds_the_optimum_nor_the_incumbent(
    seed: int, spec: CapacitatedSpec
) -> None:
    problem = _random_problem(seed, n_demand=14, n_candidates=7, n_existing=2)
    arrays = build_capacitated_arrays(problem, spec)
    structure = openings(arrays)
    assert structure is not None
    result = lagrangian_search(arrays, structure, [], time.perf_counter() + 10.0)
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert plain.status is SolveStatus.OPTIMAL
    assert plain.objective is not None
    tolerance = 1e-6 * max(1.0, abs(plain.objective))
    assert result.lower_bound <= plain.objective + tolerance
    if result.incumbent is not None:
        assert result.incumbent.objective >= plain.objective - tolerance
        assert result.lower_bound <= result.incumbent.objective + tolerance
        # Fixing never removes an optimal solution: the fast path (which fixes) agrees.
    fast = spec.solve(problem, SolverSettings())
    assert fast.objective == pytest.approx(plain.objective, rel=1e-6, abs=1e-6)


def test_heuristic_alone_is_not_reported_optimal_without_a_proof() -> None:
    # No time for the bound: whatever the incumbent, the status is only "optimal" if proven.
    problem = _random_problem(11, n_demand=16, n_candidates=8, n_existing=1)
    spec = CapacitatedSpec(new_facilities=2, unserved_penalty=90.0)
    arrays = build_capacitated_arrays(problem, spec)
    structure = openings(arrays)
    assert structure is not None
    result = lagrangian_search(arrays, structure, [], time.perf_counter() - 1.0)
    # Past the deadline the search returns at once; its bound is the first Lagrangian value.
    assert result.incumbent is None or result.lower_bound <= result.incumbent.objective + 1e-6
    solution = spec.solve(problem, SolverSettings())
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(plain.objective, rel=1e-6)


def test_a_poor_fixed_opening_is_priced_not_proven() -> None:
    problem = _random_problem(5, n_demand=14, n_candidates=7, n_existing=2)
    spec = CapacitatedSpec(new_facilities=2, unserved_penalty=90.0)
    arrays = build_capacitated_arrays(problem, spec)
    structure = openings(arrays)
    assert structure is not None
    tiers = np.arange(arrays.tier_start, arrays.expansion_start)
    open_tiers = tiers[arrays.column_upper[tiers] > 0][:2]
    priced = evaluate(arrays, structure, open_tiers)
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert priced is not None
    assert plain.objective is not None
    assert priced.objective >= plain.objective - 1e-6


@pytest.mark.parametrize("seed", range(2))
def test_warm_starts_do_not_change_the_optimum(seed: int) -> None:
    problem = _random_problem(seed, n_demand=14, n_candidates=7, n_existing=2)
    base = CapacitatedSpec(new_facilities=2, unserved_penalty=90.0, target_places=40.0)
    reference = base.solve(problem, SolverSettings())
    candidates = [str(s) for s in problem.sites.index[problem.sites["status"] == "candidate"]]
    for warm in (candidates[:2], candidates[-2:], candidates[:1], []):
        spec = CapacitatedSpec(
            new_facilities=2, unserved_penalty=90.0, target_places=40.0, initial_open_site_ids=warm
        )
        solution = spec.solve(problem, SolverSettings())
        assert solution.status is reference.status
        assert solution.objective == pytest.approx(reference.objective, rel=1e-6, abs=1e-6)


def test_unknown_warm_start_ids_are_rejected() -> None:
    from facility_plan.errors import ProblemError

    problem = _random_problem(1, n_demand=8, n_candidates=4, n_existing=1)
    spec = CapacitatedSpec(new_facilities=1, unserved_penalty=90.0, initial_open_site_ids=["x"])
    with pytest.raises(ProblemError):
        spec.solve(problem, SolverSettings())


def _full_links_lp(a: CapacitatedArrays, active: npt.NDArray[np.bool_]) -> float:
    """The LP with every pair and every strong link of the `active` sites (others closed)."""
    import highspy

    from facility_plan.models._capacitated_highs import _link_rows, _site_sums

    upper = a.column_upper.copy()
    upper[: a.pair_site.size][~active[a.pair_site]] = 0.0
    tiers = np.arange(a.tier_start, a.expansion_start)
    upper[tiers[~active[a.tier_site]]] = 0.0
    highs = highspy._Highs()  # type: ignore[attr-defined]
    highs.setOptionValue("output_flag", False)
    highs.passModel(
        a.n_columns,
        a.n_rows,
        int(a.row_index.size),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        a.column_cost,
        a.column_lower,
        upper,
        a.row_lower,
        a.row_upper,
        a.row_start[:-1].astype(np.int32),
        a.row_index.astype(np.int32),
        a.row_value,
        np.zeros(a.n_columns, dtype=np.int32),
    )
    links = np.arange(a.link_column.size)
    if links.size:
        start, index, value = _link_rows(a, links, *_site_sums(a))
        highs.addRows(
            int(links.size),
            np.full(links.size, -np.inf),
            np.zeros(links.size),
            int(index.size),
            start,
            index,
            value,
        )
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(highs.getInfo().objective_function_value)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("spec", _SPECS)
def test_restricted_lp_with_priced_pairs_equals_the_lp_with_every_pair(
    seed: int, spec: CapacitatedSpec
) -> None:
    """Pairs priced in on the duals give the value of the LP holding every pair and link of the
    active sites, after each batch of candidates enters (the bound arguments rely on it)."""
    from facility_plan.models._capacitated_restricted import RestrictedLP

    problem = _random_problem(seed, 40, 30, 3)  # 30 candidates: more than the near pairs
    arrays = build_capacitated_arrays(problem, spec)
    restricted = RestrictedLP(arrays)
    candidates = np.flatnonzero(restricted.candidate)
    for batch in (candidates[:5], candidates[5:15], candidates[15:]):
        restricted.activate(batch.astype(np.int64))
        solved = restricted.solve(30.0)
        assert solved is not None
        value, _, values = solved
        assert value == pytest.approx(_full_links_lp(arrays, restricted.active.copy()), rel=1e-7)
        assert values.size == arrays.n_columns
        assert float(arrays.column_cost @ values) == pytest.approx(value, rel=1e-7)
    assert restricted.columns.size < int((arrays.column_upper > 0).sum())  # pairs left out


@pytest.mark.parametrize("seed", range(3))
def test_restricted_lp_priced_in_part_is_an_upper_bound_that_reaches_the_full_lp(
    seed: int,
) -> None:
    """One solve per round (pairs priced after it wait for the next): each value is at least the
    LP with every pair of the active sites, and re-solving reaches it (the column generation's
    stopping test relies on the first, the bound on the second)."""
    from facility_plan.models._capacitated_restricted import RestrictedLP

    problem = _random_problem(seed, 40, 30, 3)
    arrays = build_capacitated_arrays(problem, _SPECS[0])
    restricted = RestrictedLP(arrays)
    candidates = np.flatnonzero(restricted.candidate)
    restricted.activate(candidates[:12].astype(np.int64))
    full = _full_links_lp(arrays, restricted.active.copy())
    values, sizes = [], [restricted.columns.size]
    for _ in range(60):
        solved = restricted.solve(30.0, pricing_rounds=1)
        assert solved is not None
        values.append(solved[0])
        sizes.append(restricted.columns.size)
        if sizes[-1] == sizes[-2]:
            break  # no pair priced out: this solve was over every pair that matters
    assert len(values) >= 2  # pairs did enter after the first solve
    assert all(v >= full - 1e-7 * abs(full) for v in values)
    assert values[-1] == pytest.approx(full, rel=1e-7)


def test_rank_within_groups_counts_from_the_smallest_key_per_group() -> None:
    from facility_plan.models._capacitated_highs import rank_within_groups

    groups = np.array([2, 0, 2, 0, 1, 2], dtype=np.int64)
    keys = np.array([5.0, 3.0, 1.0, 4.0, 9.0, 3.0])
    assert rank_within_groups(groups, keys).tolist() == [2, 0, 0, 1, 0, 1]


def _warehouse_instance(
    seed: int, spec: CapacitatedSpec | None = None
) -> tuple[Problem, CapacitatedSpec]:
    """Many candidates, no cap on new centres, every person served: capa's shape, small."""
    problem = _random_problem(seed, n_demand=40, n_candidates=20, n_existing=0)
    return problem, spec or CapacitatedSpec(open_cost_weight=1e-7)


# Every person served (capacity must cover them), or a place target with unserved demand allowed.
_WARM_UP_SPECS = [
    CapacitatedSpec(open_cost_weight=1e-7),
    CapacitatedSpec(open_cost_weight=1e-7, unserved_penalty=200.0, target_places=150.0),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("warm_spec", _WARM_UP_SPECS)
def test_warm_up_prices_only_plans_that_meet_the_targets(
    seed: int, warm_spec: CapacitatedSpec
) -> None:
    from facility_plan.models._capacitated_heuristic import site_capacity
    from facility_plan.models._capacitated_lagrangian import _warm_up
    from facility_plan.models._capacitated_relaxation import LagrangianFunction

    problem, spec = _warehouse_instance(seed, warm_spec)
    arrays = build_capacitated_arrays(problem, spec)
    structure = openings(arrays)
    assert structure is not None
    function = LagrangianFunction(arrays, structure)
    plans: list[npt.NDArray[np.int64]] = []
    found: list[float] = []

    def price(columns: npt.NDArray[np.int64]) -> None:
        plans.append(columns)
        priced = evaluate(arrays, structure, columns)
        if priced is not None:
            found.append(priced.objective)

    relaxed, _ = _warm_up(
        function,
        price,
        lambda: min(found) if found else None,
        lambda _: False,
        time.perf_counter() + 10.0,
    )
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert plain.objective is not None
    needed = float(arrays.group_demand.sum()) if spec.unserved_penalty is None else 0.0
    needed = max(needed, spec.target_places or 0.0)
    assert plans
    for columns in plans:
        assert site_capacity(arrays, structure, columns).sum() >= needed - 1e-9
    assert found  # every repaired plan is feasible here (no blocked group lacks a site)
    assert relaxed.value <= plain.objective + 1e-6 * abs(plain.objective)
    assert min(found) >= plain.objective - 1e-6 * abs(plain.objective)
    # Not every candidate: the repaired plans are the relaxed openings plus what they lack.
    assert min(len(c) for c in plans) < int(function.option_candidate.sum()) // 3


@pytest.mark.parametrize("seed", range(3))
def test_fast_path_on_a_warehouse_instance_matches_the_plain_model(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facility_plan.models._capacitated_lagrangian as lagrangian

    # The warm-up is for large models (capa's 100,000 pairs); take it here at 800 pairs.
    monkeypatch.setattr(lagrangian, "_WARM_UP_PAIRS", 0)
    warm_ups: list[int] = []
    original = lagrangian._warm_up

    def counted(*args: Any) -> Any:
        warm_ups.append(1)
        return original(*args)

    monkeypatch.setattr(lagrangian, "_warm_up", counted)
    problem, spec = _warehouse_instance(seed)
    fast = spec.solve(problem, SolverSettings())
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert plain.status is SolveStatus.OPTIMAL
    assert fast.status is SolveStatus.OPTIMAL
    assert fast.objective == pytest.approx(plain.objective, rel=1e-6)
    assert warm_ups == [1]


def test_local_search_from_every_centre_open_ends_where_no_drop_helps() -> None:
    from facility_plan.models._capacitated_heuristic import local_search

    problem, spec = _warehouse_instance(7)
    arrays = build_capacitated_arrays(problem, spec)
    structure = openings(arrays)
    assert structure is not None
    # Every candidate at its largest tier (the options of a site are sorted by tier column).
    largest = {
        int(site): int(column)
        for site, column in zip(structure.option_site, structure.option_column, strict=True)
        if column >= 0
    }
    start = evaluate(arrays, structure, np.asarray(sorted(largest.values()), dtype=np.int64))
    assert start is not None
    rank = np.zeros(structure.option_site.size)
    found = local_search(arrays, structure, start, rank, time.perf_counter() + 30.0)
    assert found.objective < start.objective
    assert len(found.columns) < len(start.columns)
    current = np.asarray(found.columns, dtype=np.int64)
    for column in current.tolist():
        dropped = evaluate(arrays, structure, current[current != column])
        assert dropped is None or dropped.objective >= found.objective - 1e-9 * found.objective
