"""The national benchmark problem (benchmarks/national.py) and the models on a province of it."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from facility_plan.models import SolveStatus
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec
from facility_plan.models.coverage import MaxCoverageSpec, SetCoveringSpec
from facility_plan.models.p_center import PCenterSpec

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "national.py"


@pytest.fixture(scope="module")
def national() -> ModuleType:
    spec = importlib.util.spec_from_file_location("national_benchmark", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_national_problem_has_every_post_2025_commune(national: ModuleType) -> None:
    built = national.build_national_problem()
    problem = built.problem
    assert len(problem.demand) == len(problem.sites) == 3321
    assert np.unique(built.province_codes).size == 34
    assert built.bundled_communes == 568
    persons = problem.demand["demand_persons"]
    assert (persons == built.uniform_persons).sum() >= 3321 - 568
    assert persons.loc["30292"] == 63397.0  # Phường Bình Đức, bundled an_giang_2025
    minutes = problem.travel.minutes
    assert np.allclose(minutes, minutes.T)
    assert np.all(np.diag(minutes) == 0.0)
    # 1.3 × straight line at 35 km/h: the farthest pair (Hà Giang to Cà Mau, ~1,650 km) takes
    # roughly 60 hours.
    assert 3000.0 < minutes.max() < 4500.0


def test_models_on_one_province_match_their_specs(national: ModuleType) -> None:
    built = national.build_national_problem()
    positions = np.flatnonzero(built.province_codes == "37")  # Ninh Bình (2025)
    part = national.province_problem(built.problem, positions)
    solver = SolverSettings(time_limit_seconds=60.0)
    covering = SetCoveringSpec(30.0).solve(part, solver)
    assert covering.status is SolveStatus.OPTIMAL
    coverage = MaxCoverageSpec(3, 30.0).solve(part, solver)
    assert coverage.status is SolveStatus.OPTIMAL
    center = PCenterSpec(3).solve(part, solver)
    assert center.status is SolveStatus.OPTIMAL
    assert center.objective is not None
    assert coverage.objective is not None
    # Three sites covering everyone within 30 min exist iff the 3-center radius is ≤ 30 min.
    total = float(part.demand["demand_persons"].sum())
    assert (coverage.objective == pytest.approx(total)) == (center.objective <= 30.0)
    assert (covering.objective is not None and covering.objective <= 3) == (
        center.objective <= 30.0
    )


def test_models_option_selects_the_models(
    national: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    measured = national.Measured(1.0, "optimal", 3.0, 0.0, 10.0, "note")
    timed: list[str] = []

    def fake_measure(child: object, spec: object, built: object, limit: float) -> object:
        timed.append(type(spec).__name__)
        return measured

    monkeypatch.setattr(national, "measure", fake_measure)
    monkeypatch.setattr(sys, "argv", ["national.py", "--models", "set_covering", "p_center"])
    national.main()
    # national and by-province for each: set covering at 30 and 60 minutes, then p-center
    assert timed == ["SetCoveringSpec"] * 4 + ["PCenterSpec"] * 2
    output = capsys.readouterr().out
    assert "set_covering 30 min" in output
    assert "p_center p=100" in output
    assert "max_coverage" not in output


def test_capacitated_province_needs_places_and_is_solved_within_its_gap(
    national: ModuleType,
) -> None:
    """One province of the national capacitated run: residents needing a place (0.62 per
    1,000 persons), every commune a candidate with three tiers, the target met within 1 %."""
    built = national.build_national_problem()
    positions = np.flatnonzero(built.province_codes == "37")  # Ninh Bình (2025)
    part = national.capacitated_province(built.problem, positions)
    persons = built.problem.demand["demand_persons"].to_numpy()[positions]
    assert part.demand["demand_persons"].sum() == pytest.approx(persons.sum() * 0.62 / 1000)
    assert len(part.site_tiers) == 3 * positions.size
    target = float(np.ceil(part.demand["demand_persons"].sum()))
    spec = dataclasses.replace(
        CapacitatedSpec(unserved_penalty=240.0, open_cost_weight=1e-6), target_places=target
    )
    solution = spec.solve(part, SolverSettings(time_limit_seconds=60.0, mip_gap=0.01))
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.mip_gap is not None
    assert solution.mip_gap <= 0.01
    assert solution.opened["capacity_places"].sum() >= target
