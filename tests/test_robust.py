"""Regret, robustness sweeps and near-optimal alternatives: toy problems with known answers, Ninh Bình sweeps."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from facility_plan.config import load_scenario
from facility_plan.models import CapacitatedSpec, SolverSettings
from facility_plan.problem import Problem
from facility_plan.scenario import compute_budget_pareto, prepare_scenario
from facility_plan.sweeps import (
    DrawBase,
    ExecutorSettings,
    FixedPlan,
    budget_pareto,
    draw_inputs,
    evaluate_plan,
    realise_problem,
    regret_tables,
    run_robust,
    service_outcome,
    uncertainty_model,
)
from facility_plan.sweeps.alternatives import AlternativesBase, search_alternatives
from facility_plan.sweeps.draws import Draw, FacilityPosition

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = REPO_ROOT / "scenarios"
SERIAL = ExecutorSettings(kind="serial")

# Two demand points (10 persons each), one existing centre (10 places) and candidates of 10 places.
# Open candidate 1: A → 1 (1 min), B → existing (5 min): 60 person-minutes, the optimum.
# Open candidate 2: A → existing (5 min), B → 2 (2 min): 70. Open candidate 3: 80.
TOY_MINUTES = [[5.0, 1.0, 8.0, 3.0], [5.0, 9.0, 2.0, 3.0]]
TOY_SPEC = CapacitatedSpec(new_facilities=1, unserved_penalty=100.0)


def toy_problem() -> Problem:
    return Problem.from_arrays(
        TOY_MINUTES, [10, 10], capacity_places=[10, 10, 10, 10], existing=[0]
    )


def test_regret_is_zero_for_the_optimum_and_known_for_a_fixed_alternative() -> None:
    problem, solver = toy_problem(), SolverSettings()
    solution = TOY_SPEC.solve(problem, solver)
    optimum_plan = FixedPlan.from_solution(solution)
    assert optimum_plan.new_site_ids == ("1",)
    optimum = service_outcome(solution, TOY_SPEC.unserved_penalty)
    assert optimum.service_person_minutes == pytest.approx(60.0)
    other = FixedPlan("2", (("0", 10.0), ("2", 10.0)), (("2", ""),))
    evaluations = {
        optimum_plan.plan_id: [evaluate_plan(problem, optimum_plan, TOY_SPEC, solver)],
        other.plan_id: [evaluate_plan(problem, other, TOY_SPEC, solver)],
    }
    tables = regret_tables([optimum], [optimum_plan.plan_id], evaluations, indifference_share=0.01)
    by_plan = tables.by_plan.set_index("plan_id")
    assert by_plan.at[optimum_plan.plan_id, "regret_person_minutes_worst"] == pytest.approx(
        0.0, abs=1e-6
    )
    assert by_plan.at[other.plan_id, "regret_person_minutes_worst"] == pytest.approx(10.0)
    assert by_plan.at[other.plan_id, "regret_share_median"] == pytest.approx(10.0 / 60.0)
    assert by_plan.at[other.plan_id, "within_indifference_share"] == 0.0
    assert tables.minimax_plan_id == optimum_plan.plan_id


def test_regret_counts_unserved_persons_at_the_penalty() -> None:
    # A plan that leaves 5 persons unserved: regret = 5 × 100 (penalty) − the minutes saved.
    problem, solver = toy_problem(), SolverSettings()
    optimum = TOY_SPEC.solve(problem, solver)
    small = FixedPlan("1@small", (("0", 10.0), ("1", 5.0)), (("1", "small"),))
    outcome = evaluate_plan(problem, small, TOY_SPEC, solver)
    assert outcome.unserved_persons == pytest.approx(5.0)
    tables = regret_tables(
        [service_outcome(optimum, 100.0)], ["1"], {"1@small": [outcome]}, indifference_share=0.01
    )
    row = tables.by_plan.iloc[0]
    assert row["extra_unserved_persons_worst"] == pytest.approx(5.0)
    # 5 at 1 min + 10 at 5 min + 5 × 100 unserved = 555; the optimum is 60.
    assert row["regret_person_minutes_worst"] == pytest.approx(495.0)


@pytest.mark.parametrize("seed", range(8))
def test_fixed_plan_transport_lp_agrees_with_the_capacitated_model(seed: int) -> None:
    rng = np.random.default_rng(seed)
    minutes = rng.uniform(1, 90, (12, 5))
    minutes[rng.random((12, 5)) < 0.15] = np.inf  # pairs a centre's type does not serve
    problem = Problem.from_arrays(minutes, rng.uniform(0, 20, 12), existing=range(5))
    capacities = rng.uniform(5, 40, 5)
    plan = FixedPlan("p", tuple((str(j), float(c)) for j, c in enumerate(capacities)), ())
    for spec in (
        CapacitatedSpec(unserved_penalty=120.0),
        CapacitatedSpec(unserved_penalty=120.0, max_assign_minutes=60.0),
    ):
        fast = evaluate_plan(problem, plan, spec, SolverSettings())
        fixed = problem.with_fixed_sites(pd.Series(dict(plan.capacities)))
        model = service_outcome(
            dataclasses.replace(spec, new_facilities=0).solve(fixed, SolverSettings()),
            spec.unserved_penalty,
        )
        assert fast.service_person_minutes == pytest.approx(model.service_person_minutes, rel=1e-7)
        assert fast.unserved_persons == pytest.approx(model.unserved_persons, abs=1e-6)


@pytest.mark.parametrize(
    ("within", "max_plans", "expected", "complete"),
    [(0.5, 10, ["1", "2", "3"], True), (0.2, 10, ["1", "2"], True), (0.5, 2, ["1", "2"], False)],
)
def test_alternatives_are_listed_best_first_within_the_tolerance(
    within: float, max_plans: int, expected: list[str], complete: bool
) -> None:
    base = AlternativesBase(toy_problem(), TOY_SPEC, SolverSettings())
    search = search_alternatives(base, within_share=within, max_plans=max_plans, executor=SERIAL)
    assert [found.plan.new_site_ids[0] for found in search.plans if found.plan] == expected
    assert [found.objective for found in search.plans] == pytest.approx(
        [60.0, 70.0, 80.0][: len(expected)]
    )
    assert search.complete is complete


@pytest.fixture(scope="module")
def prepared():
    return prepare_scenario(load_scenario(SCENARIOS / "ninh_binh_2025.toml"))


@pytest.fixture(scope="module")
def prepared_plan_choice():
    return prepare_scenario(load_scenario(SCENARIOS / "ninh_binh_2025_plan_choice.toml"))


def test_a_draw_of_the_scenario_values_gives_the_scenario_problem(prepared) -> None:
    config, inputs = prepared.config, prepared.inputs
    model = uncertainty_model(config, inputs.facilities, inputs.communes, inputs.cells)
    identity = Draw(
        number=0,
        share_factors=tuple((r.group, r.share, 1.0) for r in model.shares),
        growth_per_year=tuple(
            (base, config.demand.growth_per_year[base]) for base, _, _ in model.growth
        ),
        speed_kmh=config.travel.speed_kmh,
        detour_factor=config.travel.detour_factor,
        positions=tuple(
            FacilityPosition(str(fid), str(row["admin_code"]), row.geometry.x, row.geometry.y)
            for fid, row in inputs.facilities.iterrows()
        ),
    )
    base = DrawBase.from_prepared(prepared)
    same = realise_problem(base, identity)
    assert np.allclose(same.travel.minutes, prepared.problem.travel.minutes)
    assert np.allclose(same.demand["demand_persons"], prepared.problem.demand["demand_persons"])
    # A real draw moves the centres and changes minutes and the mix of demand.
    drawn = realise_problem(base, draw_inputs(model, samples=1, seed=5)[0])
    assert not np.allclose(drawn.travel.minutes, prepared.problem.travel.minutes)
    persons = drawn.demand["demand_persons"]
    assert not np.allclose(persons, prepared.problem.demand["demand_persons"])
    assert np.isfinite(persons).all()
    assert (persons >= 0).all()


@pytest.mark.slow
def test_robust_sweep_is_the_same_on_dask_as_serial(prepared, prepared_plan_choice) -> None:
    runs = [
        run_robust(prepared, compare=prepared_plan_choice, samples=4, seed=11, executor=settings)
        for settings in (SERIAL, ExecutorSettings(kind="dask", workers=2, dask_address="local"))
    ]
    serial, dask = runs
    for name in ("draws", "plans", "regret_by_draw", "site_frequency", "district_sets"):
        pd.testing.assert_frame_equal(getattr(serial, name), getattr(dask, name))
    assert serial.verdict_vi == dask.verdict_vi
    regret = serial.regret_by_draw
    assert (regret["regret_person_minutes"] >= 0).all()
    # On a draw whose optimum is the optimised plan, that plan's regret is 0.
    optimised_draws = serial.draws.loc[
        serial.draws["optimum_plan_id"] == serial.optimised_plan_id, "draw"
    ]
    own = regret[
        (regret["plan_id"] == serial.optimised_plan_id) & regret["draw"].isin(optimised_draws)
    ]
    assert np.allclose(own["regret_person_minutes"], 0.0, atol=1e-3)
    assert serial.site_frequency["chosen_draws"].sum() == 2 * 4  # two new centres per draw
    assert serial.verdict_vi[0].startswith("Phương án của kế hoạch")
    assert json.dumps(serial.to_json(), allow_nan=False)


def test_budget_pareto_on_the_executor_matches_the_scenario_sweep(prepared) -> None:
    budgets = [0.0, 7.0e9]
    expected = compute_budget_pareto(prepared.config, budgets)
    got = budget_pareto(prepared, budgets, executor=ExecutorSettings(kind="processes", workers=2))
    pd.testing.assert_frame_equal(got, expected, check_like=True)


@pytest.mark.slow
def test_cli_robust_and_alternatives_write_their_files(tmp_path: Path) -> None:
    from facility_plan.cli.app import app
    from facility_plan.cli.sweeps import register

    if "robust" not in {command.name for command in app.registered_commands}:
        register(app)
    runner = CliRunner(env={"COLUMNS": "400"})  # wide: table cells are not folded
    scenario = str(SCENARIOS / "ninh_binh_2025.toml")
    result = runner.invoke(
        app,
        [
            "robust",
            scenario,
            "--compare",
            str(SCENARIOS / "ninh_binh_2025_plan_choice.toml"),
            "--samples",
            "3",
            "--seed",
            "1",
            "--serial",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ninh_binh_2025" / "robust"
    assert {p.name for p in folder.iterdir()} >= {"robust.json", "robust.csv", "robust_regret.png"}
    data = json.loads((folder / "robust.json").read_text(encoding="utf-8"))
    assert data["samples"] == 3
    assert data["verdict_vi"]
    sites = pd.read_csv(folder / "robust_sites.csv")
    assert list(sites.columns[:2]) == ["commune_name_vi", "district_name_vi"], "names, then ids"
    robust_plans = pd.read_csv(folder / "robust_plans.csv")
    assert list(robust_plans.columns[:3]) == ["role", "communes", "districts"]
    assert "Phương án tối ưu" in result.output, "roles in words, in the scenario's language"
    result = runner.invoke(
        app,
        [
            "alternatives",
            scenario,
            "--within",
            "2%",
            "--max",
            "3",
            "--serial",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    plans = pd.read_csv(tmp_path / "ninh_binh_2025" / "alternatives" / "alternatives.csv")
    assert len(plans) == 3
    assert plans["plan_id"].is_unique
    assert list(plans.columns[:3]) == ["rank", "communes", "districts"], "names, then ids"
    assert plans.loc[0, "communes"] in result.output, "plans by their communes' names"
    assert (plans["gap_share"].diff().dropna() >= -1e-12).all()
    bad = runner.invoke(app, ["alternatives", scenario, "--within", "two", "--serial"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_sensitivity_sweep_runs_each_point_with_its_overrides() -> None:
    from facility_plan.sweeps import sensitivity_sweep

    points = [{"travel.speed_kmh": 30.0}, {"travel.speed_kmh": 45.0}]
    table = sensitivity_sweep(SCENARIOS / "ninh_binh_2025.toml", points, executor=SERIAL)
    assert table["overrides"].tolist() == ["travel.speed_kmh=30.0", "travel.speed_kmh=45.0"]
    assert (table["status"] == "optimal").all()
    # Faster travel, shorter trips: minutes scale with 1 / speed for the same plan.
    slow, fast = table["mean_travel_minutes"]
    assert fast < slow
