"""The fast capacitated path (reduced arrays in highspy) agrees with the plain PuLP model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models import SolveStatus, available_solvers
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec, capacitated_with_pulp
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

pytestmark = pytest.mark.skipif("highs" not in available_solvers(), reason="highspy missing")

OR_LIBRARY = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "or_library"


def _random_problem(seed: int, n_demand: int, n_candidates: int, n_existing: int) -> Problem:
    """Villages and sites on a plane; tiers S/M/L; some demand rows duplicated (same travel row)
    and some pairs blocked (group matching) so that aggregation and pruning are exercised."""
    rng = np.random.default_rng(seed)
    n_sites = n_existing + n_candidates
    villages = rng.uniform(0, 100, size=(n_demand, 2))
    villages[n_demand // 2 :] = villages[: n_demand - n_demand // 2]  # duplicated rows
    site_points = rng.uniform(0, 100, size=(n_sites, 2))
    minutes = np.linalg.norm(villages[:, None, :] - site_points[None, :, :], axis=2).round(1)
    blocked = rng.random(minutes.shape) < 0.1
    minutes[blocked] = np.inf  # a centre type that does not take this group
    demand = pd.DataFrame(
        {
            "demand_persons": rng.integers(0, 12, n_demand).astype(float),
            "admin_code": [str(code) for code in rng.integers(0, 3, n_demand)],
        },
        index=pd.Index([f"d{i}" for i in range(n_demand)], name="demand_id"),
    )
    sites = pd.DataFrame(
        {
            "status": ["existing"] * n_existing + ["candidate"] * n_candidates,
            "capacity_places": [float(rng.integers(5, 25)) for _ in range(n_existing)]
            + [np.nan] * n_candidates,
            "open_cost_vnd": [float(rng.integers(1, 5)) * 1e8 for _ in range(n_sites)],
            "admin_code": [str(code) for code in rng.integers(0, 3, n_sites)],
            "ownership": rng.choice(["public", "non_public"], n_sites),
        },
        index=pd.Index([f"s{j}" for j in range(n_sites)], name="site_id"),
    )
    tier_rows = [
        (f"s{j}", tier, places, cost * float(rng.uniform(0.8, 1.2)))
        for j in range(n_existing, n_sites)
        for tier, places, cost in (("S", 10.0, 1e9), ("M", 20.0, 1.8e9), ("L", 35.0, 3e9))
    ]
    tier_rows += [(f"s{j}", "+5", 5.0, 0.5e9) for j in range(n_existing) if rng.random() < 0.5]
    tiers = pd.DataFrame(
        tier_rows, columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd"]
    )
    travel = TravelMatrix(demand.index, sites.index, minutes)
    return Problem(demand=demand, sites=sites, travel=travel, site_tiers=tiers)


_SPECS = st.fixed_dictionaries(
    {
        "new_facilities": st.sampled_from([None, 1, 2]),
        "budget_vnd": st.sampled_from([None, 2.5e9, 5e9]),
        "unserved_penalty": st.sampled_from([None, 40.0, 90.0]),
        "target_places": st.sampled_from([None, 30.0]),
        "open_cost_weight": st.sampled_from([0.0, 1e-8]),
        "max_assign_minutes": st.sampled_from([None, 70.0]),
        "single_source": st.booleans(),
        "closable_existing": st.booleans(),
        "equity": st.sampled_from(["none", "minutes", "share", "ownership", "group"]),
    }
)


def _spec(options: dict[str, object]) -> CapacitatedSpec:
    equity = options.pop("equity")
    extra: dict[str, object] = {}
    if equity == "minutes":
        extra["max_minutes_by_admin"] = {"*": 80.0, "0": 60.0}
    elif equity == "share":
        extra["min_served_share_by_admin"] = {"1": 0.5}
    elif equity == "ownership":
        extra["budget_by_ownership_vnd"] = {"public": 2e9, "non_public": 4e9}
    elif equity == "group":
        extra["required_site_groups"] = {"north": ["s3", "s4", "s5"]}
    if options["new_facilities"] is None:
        extra["max_new_facilities"] = 3
    return CapacitatedSpec(**options, **extra)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), options=_SPECS)
def test_fast_path_agrees_with_plain_pulp(seed: int, options: dict[str, object]) -> None:
    problem = _random_problem(seed, n_demand=12, n_candidates=6, n_existing=2)
    spec = _spec(dict(options))
    try:
        fast = spec.solve(problem, SolverSettings())
    except InfeasibleScenarioError:
        with pytest.raises(InfeasibleScenarioError):
            capacitated_with_pulp(problem, spec, SolverSettings())
        return
    plain = capacitated_with_pulp(problem, spec, SolverSettings())
    assert fast.status == plain.status
    if plain.status is SolveStatus.OPTIMAL:
        assert fast.objective is not None
        assert plain.objective is not None
        assert fast.objective == pytest.approx(plain.objective, rel=1e-6, abs=1e-6)
        assert fast.served_persons + fast.unserved_persons == pytest.approx(
            problem.demand["demand_persons"].sum()
        )


def test_pruned_pairs_are_never_needed() -> None:
    # One village 100 minutes from the only site, penalty 50: the pair is pruned, all unserved.
    problem = Problem.from_arrays(
        [[100.0], [10.0]], [3.0, 2.0], capacity_places=[10.0], existing=[0]
    )
    spec = CapacitatedSpec(unserved_penalty=50.0)
    fast = spec.solve(problem)
    assert fast.objective == pytest.approx(3 * 50.0 + 2 * 10.0)
    assert fast.objective == pytest.approx(capacitated_with_pulp(problem, spec).objective)
    # A minimum served share forces the dear pair back: pruning must not apply to that unit.
    forced = CapacitatedSpec(unserved_penalty=50.0, min_served_share_by_admin={"*": 1.0})
    assert forced.solve(problem).objective == pytest.approx(3 * 100.0 + 2 * 10.0)


def test_merged_rows_are_split_back_per_village() -> None:
    problem = _random_problem(3, n_demand=10, n_candidates=4, n_existing=1)
    solution = CapacitatedSpec(new_facilities=2, unserved_penalty=90.0).solve(problem)
    per_village = solution.assignments.groupby("demand_id")["demand_persons"].sum()
    expected = problem.demand["demand_persons"]
    assert per_village.reindex(expected.index, fill_value=0.0).to_numpy() == pytest.approx(
        expected.to_numpy()
    )


@pytest.mark.skipif(not (OR_LIBRARY / "cap41.txt").exists(), reason="OR-Library folder absent")
@pytest.mark.parametrize(("name", "optimum"), [("cap41", 1040444.375), ("cap71", 932615.750)])
def test_or_library_cap_optimum_on_the_fast_path(name: str, optimum: float) -> None:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "orlib.py"
    module_spec = importlib.util.spec_from_file_location("benchmarks_orlib", path)
    assert module_spec is not None
    assert module_spec.loader is not None
    orlib = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(orlib)
    read_cap = orlib.read_cap
    solution = CapacitatedSpec(open_cost_weight=1.0).solve(read_cap(OR_LIBRARY / f"{name}.txt"))
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(optimum, rel=1e-6)


def _brute_force_optimum(problem: Problem, spec: CapacitatedSpec) -> float:
    """Every choice of tiers and expansions meeting the count, budget and place target, priced by
    its own transportation LP (scipy, the full demand rows) plus weighted VND: the least found."""
    import itertools

    from scipy.optimize import linprog

    minutes = problem.travel.minutes
    persons = problem.demand["demand_persons"].to_numpy(dtype=float)
    sites = problem.sites
    existing = [str(s) for s in sites.index[sites["status"] == "existing"]]
    tiers = problem.site_tiers.astype({"site_id": str})
    options: list[list[tuple[str, float, float, bool]]] = []  # (site, places, VND, is_new)
    for site in (str(s) for s in sites.index):
        rows = tiers[tiers["site_id"] == site]
        choices = [
            (site, float(p), float(c), site not in existing)
            for p, c in zip(rows["capacity_places"], rows["open_cost_vnd"], strict=True)
        ]
        base = float(sites.loc[site, "capacity_places"]) if site in existing else 0.0
        options.append([(site, base, 0.0, False)] + [(s, base + p, c, n) for s, p, c, n in choices])
    penalty = float(spec.unserved_penalty or 0.0)
    n_demand, n_sites = minutes.shape
    best = np.inf
    for pick in itertools.product(*options):
        count = sum(1 for option in pick if option[3])
        if spec.new_facilities is not None and count != spec.new_facilities:
            continue
        if spec.max_new_facilities is not None and count > spec.max_new_facilities:
            continue
        if spec.budget_vnd is not None and sum(o[2] for o in pick) > spec.budget_vnd + 1e-6:
            continue
        places = np.array([o[1] for o in pick])
        if spec.target_places is not None and places.sum() < spec.target_places - 1e-9:
            continue
        # Variables x_ij (persons, finite pairs only) then u_i; demand rows, capacity rows.
        pairs = [
            (i, j) for i in range(n_demand) for j in range(n_sites) if np.isfinite(minutes[i, j])
        ]
        cost = [minutes[i, j] for i, j in pairs] + [penalty] * n_demand
        equality = np.zeros((n_demand, len(cost)))
        capacity_rows = np.zeros((n_sites, len(cost)))
        for n, (i, j) in enumerate(pairs):
            equality[i, n] = 1.0
            capacity_rows[j, n] = 1.0
        equality[np.arange(n_demand), len(pairs) + np.arange(n_demand)] = 1.0
        result = linprog(cost, A_ub=capacity_rows, b_ub=places, A_eq=equality, b_eq=persons)
        if result.status == 0:
            opening = spec.open_cost_weight * sum(o[2] for o in pick)
            best = min(best, float(result.fun) + opening)
    return best


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "spec",
    [
        CapacitatedSpec(new_facilities=2, unserved_penalty=60.0, budget_vnd=4e9),
        CapacitatedSpec(max_new_facilities=3, unserved_penalty=60.0, open_cost_weight=1e-7),
    ],
)
def test_mip_or_swaps_after_column_generation_reach_the_brute_force_optimum(
    monkeypatch: pytest.MonkeyPatch, seed: int, spec: CapacitatedSpec
) -> None:
    # _NEAR_GAP 1.0: swaps and subgradient steps are always skipped and the MIP (started from
    # the incumbent, tiers fixed by the Lagrangian bound) must prove the optimum; 0.0: never.
    from facility_plan.models import _capacitated_lagrangian

    problem = _random_problem(seed, n_demand=10, n_candidates=4, n_existing=1)
    expected = _brute_force_optimum(problem, spec)
    for near_gap in (0.0, 1.0):
        monkeypatch.setattr(_capacitated_lagrangian, "_NEAR_GAP", near_gap)
        solution = spec.solve(problem, SolverSettings())
        assert solution.status is SolveStatus.OPTIMAL, near_gap
        assert solution.objective == pytest.approx(expected, rel=1e-7, abs=1e-6), near_gap
