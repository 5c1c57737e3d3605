"""run_solver reads status and gap honestly from HiGHS and CBC, also when stopped on the time limit."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pulp
import pytest

from facility_plan.models import SolverSettings, SolveStatus, available_solvers, run_solver
from facility_plan.models._status import cbc_log_gap


def _hard_knapsack(seed: int = 1, n_items: int = 150, n_constraints: int = 10) -> pulp.LpProblem:
    """Multi-dimensional knapsack with correlated profits: an incumbent at once, no proof in 1 s."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 1000, size=(n_constraints, n_items))
    profits = weights.sum(axis=0) // n_constraints + rng.integers(1, 500, size=n_items)
    capacities = weights.sum(axis=1) // 2
    lp = pulp.LpProblem("knapsack", pulp.LpMaximize)
    take = [pulp.LpVariable(f"take_{j}", cat=pulp.LpBinary) for j in range(n_items)]
    lp += pulp.lpSum(int(profits[j]) * take[j] for j in range(n_items))
    for i in range(n_constraints):
        lp += pulp.lpSum(int(weights[i, j]) * take[j] for j in range(n_items)) <= int(capacities[i])
    return lp


@pytest.mark.parametrize("solver_name", ["highs", "cbc"])
def test_time_limit_gives_feasible_with_a_numeric_gap(solver_name: str) -> None:
    if solver_name not in available_solvers():
        pytest.skip(f"{solver_name} is not installed")
    lp = _hard_knapsack()
    run = run_solver(lp, SolverSettings(name=solver_name, time_limit_seconds=1.0))
    assert run.solver_name == solver_name
    assert run.status is SolveStatus.FEASIBLE
    assert run.objective is not None
    assert run.objective == pytest.approx(pulp.value(lp.objective))
    assert run.mip_gap is not None
    assert 0.0 < run.mip_gap < 1.0


@pytest.mark.parametrize("solver_name", ["highs", "cbc"])
def test_small_model_is_optimal_with_zero_gap(solver_name: str) -> None:
    lp = _hard_knapsack(seed=3, n_items=12, n_constraints=2)
    run = run_solver(lp, SolverSettings(name=solver_name))
    assert run.status is SolveStatus.OPTIMAL
    assert run.mip_gap == pytest.approx(0.0, abs=1e-9)


def test_cbc_log_gap_reads_the_summary_and_the_partial_line() -> None:
    summary = (
        "Result - Stopped on time limit\n\nObjective value:                66286.00000000\n"
        "Upper bound:                    66773.207\nGap:                            -0.01\n"
    )
    assert cbc_log_gap(summary, 66286.0) == pytest.approx(487.207 / 66286.0)
    partial = "Cbc0005I Partial search - best objective 120 (best possible 100), took 9 iterations"
    assert cbc_log_gap(partial, None) == pytest.approx(20 / 120)
    assert cbc_log_gap("Result - Optimal solution found\n", 5.0) is None


def test_highs_banner_stays_off_unless_verbose() -> None:
    script = (
        "import pulp\n"
        "from facility_plan.models import SolverSettings, run_solver\n"
        "lp = pulp.LpProblem('tiny', pulp.LpMinimize)\n"
        "x = pulp.LpVariable('x', 0, 3, cat=pulp.LpInteger)\n"
        "lp += x\n"
        "lp += x >= 1\n"
        "run = run_solver(lp, SolverSettings(verbose={verbose}))\n"
        "print('objective', run.objective)\n"
    )
    quiet, loud = (
        subprocess.run(
            [sys.executable, "-c", script.format(verbose=verbose)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for verbose in (False, True)
    )
    assert quiet.strip() == "objective 1.0"
    assert "HiGHS" in loud
