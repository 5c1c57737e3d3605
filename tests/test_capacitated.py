"""The capacitated model on hand-computed cases, both solvers, and its pre-solve explanations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models import SolveStatus, available_solvers, capacitated
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

SOLVERS = [name for name in ("highs", "cbc") if name in available_solvers()]


def _line_problem() -> Problem:
    """3 villages at km 0, 10, 20 (10, 20, 10 persons); existing centre at km 0 (15 places);
    candidates at km 10 and km 20 with tiers S = 10 places (1 bn VND) and L = 30 places (3 bn VND).
    Travel minutes = km."""
    positions_km = {"a": 0.0, "b": 10.0, "c": 20.0}
    sites_km = {"E": 0.0, "C10": 10.0, "C20": 20.0}
    minutes = np.abs(
        np.array(list(positions_km.values()))[:, None] - np.array(list(sites_km.values()))[None, :]
    )
    demand = pd.DataFrame(
        {"demand_persons": [10.0, 20.0, 10.0], "admin_code": ["1", "2", "3"]},
        index=pd.Index(list(positions_km), name="demand_id"),
    )
    sites = pd.DataFrame(
        {
            "status": ["existing", "candidate", "candidate"],
            "capacity_places": [15.0, np.nan, np.nan],
            "open_cost_vnd": 0.0,
            "admin_code": ["1", "2", "3"],
        },
        index=pd.Index(list(sites_km), name="site_id"),
    )
    tiers = pd.DataFrame(
        [
            (site, tier, places, cost)
            for site in ("C10", "C20")
            for tier, places, cost in (("S", 10.0, 1e9), ("L", 30.0, 3e9))
        ],
        columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd"],
    )
    travel = TravelMatrix(demand.index, sites.index, minutes)
    return Problem(demand=demand, sites=sites, travel=travel, site_tiers=tiers)


@pytest.mark.parametrize("solver", SOLVERS)
def test_one_large_centre_in_the_middle(solver: str) -> None:
    # One new centre, any budget: L at km 10 serves b (20) + 5 of a... a goes to E (10 ≤ 15),
    # b (20) to C10 at 0 min, c (10) to C10 at 10 min → objective 100 person-minutes.
    solution = capacitated(
        _line_problem(), new_facilities=1, unserved_penalty=1000.0, solver=SolverSettings(solver)
    )
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(100.0)
    opened = solution.opened.set_index("site_id")
    assert opened.loc["C10", "tier_id"] == "L"
    assert solution.unserved_persons == pytest.approx(0.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_forces_a_small_tier_and_unserved_demand(solver: str) -> None:
    # Budget 1 bn: only tier S (10 places). Places 15 + 10 = 25 < 40 persons → 15 unserved.
    # Best: S at C10 serves 10 of b at 0 min; E serves a (10) at 0 min and 5 of b at 10 min
    # → 50 person-minutes + 15 × 1000 penalty.
    solution = capacitated(
        _line_problem(),
        new_facilities=1,
        budget_vnd=1e9,
        unserved_penalty=1000.0,
        solver=SolverSettings(solver),
    )
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.unserved_persons == pytest.approx(15.0)
    assert solution.objective == pytest.approx(50.0 + 15_000.0)
    assert solution.opened["open_cost_vnd"].sum() == pytest.approx(1e9)


def test_required_group_moves_the_centre() -> None:
    solution = capacitated(
        _line_problem(),
        new_facilities=1,
        unserved_penalty=1000.0,
        required_site_groups={"far": ["C20"]},
    )
    assert "C20" in solution.open_site_ids
    # L at C20: c at 0, b 20 persons at 10 min; a at E → 200 person-minutes.
    assert solution.objective == pytest.approx(200.0)


def test_single_source_assigns_whole_villages() -> None:
    solution = capacitated(
        _line_problem(), new_facilities=1, unserved_penalty=1000.0, single_source=True
    )
    served = solution.assignments.dropna(subset=["site_id"])
    assert served["demand_id"].is_unique
    assert solution.objective == pytest.approx(100.0)


def test_target_above_all_candidates_is_explained_before_solving() -> None:
    with pytest.raises(InfeasibleScenarioError) as info:
        capacitated(_line_problem(), new_facilities=1, target_places=100, unserved_penalty=1.0)
    message = str(info.value)
    assert "target 100 places needs 85 new places on top of 15 existing" in message
    assert "the 1 largest candidate tiers give 30" in message


def test_budget_below_cheapest_is_explained() -> None:
    with pytest.raises(
        InfeasibleScenarioError, match=r"budget 0\.5 bn VND cannot open 2 new centres"
    ):
        capacitated(_line_problem(), new_facilities=2, budget_vnd=0.5e9, unserved_penalty=1.0)


def test_all_demand_served_when_no_penalty() -> None:
    with pytest.raises(InfeasibleScenarioError, match="all demand must be served"):
        capacitated(_line_problem(), new_facilities=0)


def test_solver_infeasibility_is_reported_not_assumed() -> None:
    # Pre-checks pass, but required groups plus the budget leave no feasible choice.
    solution = capacitated(
        _line_problem(),
        new_facilities=1,
        budget_vnd=1e9,
        target_places=40,
        unserved_penalty=1.0,
        required_site_groups={"far": ["C20"]},
    )
    assert solution.status is SolveStatus.INFEASIBLE
    assert solution.open_site_ids == ()


def test_matrix_entry_point_expresses_warehouse_location() -> None:
    # Splittable capacitated warehouse location: fixed costs in the objective, all demand served.
    rng = np.random.default_rng(7)
    cost_per_unit = rng.integers(1, 20, size=(12, 5)).astype(float)
    problem = Problem.from_arrays(
        cost_per_unit,
        rng.integers(1, 10, 12),
        capacity_places=np.full(5, 25.0),
        open_cost=np.full(5, 50.0),
    )
    solution = capacitated(problem, open_cost_weight=1.0)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.unserved_persons == 0.0
    assigned = solution.assignments
    recomputed = (assigned["demand_persons"] * assigned["travel_minutes"]).sum() + 50.0 * (
        len(solution.open_site_ids)
    )
    assert solution.objective == pytest.approx(recomputed)


def _with(problem: Problem, **site_columns: object) -> Problem:
    sites = problem.sites.assign(**site_columns)
    return Problem(
        demand=problem.demand, sites=sites, travel=problem.travel, site_tiers=problem.site_tiers
    )


def test_existing_centre_can_be_expanded_instead_of_building() -> None:
    base = _line_problem()
    expansion = pd.DataFrame(
        {"site_id": ["E"], "tier_id": ["+10"], "capacity_places": [10.0], "open_cost_vnd": [0.5e9]}
    )
    problem = Problem(
        demand=base.demand,
        sites=base.sites,
        travel=base.travel,
        site_tiers=pd.concat([base.site_tiers, expansion], ignore_index=True),
    )
    # No new centre allowed; expanding E from 15 to 25 places serves a (10, 0 min) and 15 of b
    # (10 min) → 150 person-minutes, 15 unserved × 1000.
    solution = capacitated(problem, new_facilities=0, budget_vnd=1e9, unserved_penalty=1000.0)
    opened = solution.opened.set_index("site_id")
    assert opened.loc["E", "tier_id"] == "+10"
    assert opened.loc["E", "capacity_places"] == 25.0
    assert solution.objective == pytest.approx(150.0 + 15_000.0)


def test_budget_per_ownership() -> None:
    problem = _with(_line_problem(), ownership=["public", "public", "non_public"])
    # Public money 1 bn VND (tier S only at C10), non-public 3 bn (tier L at C20).
    solution = capacitated(
        problem,
        new_facilities=2,
        unserved_penalty=1000.0,
        budget_by_ownership_vnd={"public": 1e9, "non_public": 3e9},
    )
    opened = solution.opened.set_index("site_id")
    assert opened.loc["C10", "tier_id"] == "S"
    assert opened.loc["C20", "tier_id"] == "L"


def test_equity_maximum_minutes_and_minimum_share() -> None:
    problem = _line_problem()
    # Nobody travels more than 5 minutes: with one new centre at C10 (L), c (km 20) stays unserved.
    solution = capacitated(
        problem,
        new_facilities=1,
        unserved_penalty=1000.0,
        max_minutes_by_admin={"*": 5.0},
        required_site_groups={"middle": ["C10"]},
    )
    assert solution.assignments.dropna(subset=["site_id"])["travel_minutes"].max() <= 5.0
    assert solution.unserved_persons == pytest.approx(10.0)  # c: no centre within 5 minutes
    # Every unit gets at least 90 % served: with only 1 bn VND the model must still cover c.
    shares = capacitated(
        problem,
        new_facilities=1,
        budget_vnd=1e9,
        unserved_penalty=1.0,
        min_served_share_by_admin={"3": 0.9},
    )
    served_c = shares.assignments.dropna(subset=["site_id"]).query("demand_id == 'c'")
    assert served_c["demand_persons"].sum() >= 9.0 - 1e-6


def test_explanation_names_binding_constraints_and_marginal_values() -> None:
    from facility_plan.models.explain import explain_capacitated

    problem = _line_problem()
    # C10 and C20 (tier S) tie at 15,050: 15 persons unserved either way, 5 of b at 10 minutes.
    # The warm start makes the solver keep C10, whose explanation is checked below.
    spec = CapacitatedSpec(
        new_facilities=1, budget_vnd=1e9, unserved_penalty=1000.0, initial_open_site_ids=["C10"]
    )
    solution = spec.solve(problem)
    assert solution.objective == pytest.approx(15050.0)
    explanation = explain_capacitated(problem, solution, spec, SolverSettings())
    text = " | ".join(explanation.binding)
    assert "centres at full capacity: E, C10" in text
    assert "budget 1.0 bn VND" in text
    assert "15.0 persons left unserved" in text
    marginal = explanation.marginal.set_index("change")
    # One more place at C10 serves one more person of b at 0 minutes instead of a penalty of 1000.
    assert marginal.loc["one more place at C10", "saving"] == pytest.approx(1000.0)
    # One more place at E: 1 more person of b at 10 minutes instead of 1000.
    assert marginal.loc["one more place at E", "saving"] == pytest.approx(990.0)
    assert marginal.loc["one more new centre", "status"].startswith("infeasible")
    # Zero up to float noise of two solves (objectives ≈ 15,050; the solver's tolerance is 1e-6).
    assert marginal.loc["+1 million VND of budget", "saving"] == pytest.approx(0.0, abs=1e-6)


def test_explain_command() -> None:
    from conftest import SCENARIOS
    from typer.testing import CliRunner

    from facility_plan.cli import app

    result = CliRunner().invoke(
        app,
        ["explain", str(SCENARIOS / "ninh_binh_2025_plan_choice.toml"), "--quick", "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert "centres at full capacity" in result.output
    assert "one more place at" in result.output


@pytest.mark.parametrize("solver", SOLVERS)
def test_maximisation_objective_has_the_right_sign(solver: str) -> None:
    import pulp

    from facility_plan.models import run_solver

    lp = pulp.LpProblem("max", pulp.LpMaximize)
    x = pulp.LpVariable("x", 0, 2)
    lp += 2 * x + 1
    lp += x <= 2
    assert run_solver(lp, SolverSettings(solver)).objective == pytest.approx(5.0)


def test_existing_site_can_close_when_allowed() -> None:
    # Existing site 0 costs 1000 a year to keep; candidate 1 costs 10 to open and is 1 minute farther.
    problem = Problem.from_arrays(
        [[1.0, 2.0]], [5.0], capacity_places=[10.0, 10.0], open_cost=[1000.0, 10.0], existing=[0]
    )
    kept = capacitated(problem, open_cost_weight=1.0)
    assert "0" in kept.open_site_ids  # closing not allowed: the existing site serves at 1 minute
    closed = capacitated(problem, open_cost_weight=1.0, closable_existing=True)
    assert closed.open_site_ids == ("1",)
    assert closed.objective == pytest.approx(10.0 + 5 * 2.0)


def _transport_cost(minutes, demand, capacity, penalty) -> float:
    """Independent oracle: the assignment LP for fixed open sites, by scipy's linprog."""
    from scipy.optimize import linprog

    n_demand, n_sites = minutes.shape
    # variables: x (n_demand × n_sites) then u (n_demand)
    cost = np.concatenate([minutes.ravel(), np.full(n_demand, penalty)])
    equality = np.zeros((n_demand, n_demand * n_sites + n_demand))
    for i in range(n_demand):
        equality[i, i * n_sites : (i + 1) * n_sites] = 1.0
        equality[i, n_demand * n_sites + i] = 1.0
    capacity_rows = np.zeros((n_sites, n_demand * n_sites + n_demand))
    for j in range(n_sites):
        capacity_rows[j, j : n_demand * n_sites : n_sites] = 1.0
    result = linprog(
        cost, A_ub=capacity_rows, b_ub=capacity, A_eq=equality, b_eq=demand, method="highs"
    )
    assert result.status == 0
    return float(result.fun)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_demand=st.integers(1, 5),
    n_candidates=st.integers(2, 5),
    new=st.integers(1, 2),
)
def test_capacitated_matches_brute_force(
    seed: int, n_demand: int, n_candidates: int, new: int
) -> None:
    import itertools

    rng = np.random.default_rng(seed)
    n_sites = 1 + n_candidates  # site 0 is existing
    minutes = rng.integers(0, 30, size=(n_demand, n_sites)).astype(float)
    demand = rng.integers(1, 10, size=n_demand).astype(float)
    capacity = rng.integers(1, 12, size=n_sites).astype(float)
    penalty = 50.0
    problem = Problem.from_arrays(minutes, demand, capacity_places=capacity, existing=[0])
    solution = capacitated(problem, new_facilities=new, unserved_penalty=penalty)
    best = min(
        _transport_cost(minutes[:, [0, *subset]], demand, capacity[[0, *subset]], penalty)
        for subset in itertools.combinations(range(1, n_sites), new)
    )
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(best, abs=1e-6)
