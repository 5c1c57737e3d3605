"""Every model kind from a scenario TOML gives the answer of the same model called from Python."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO_ROOT

from facility_plan.config import MODEL_KINDS, load_scenario
from facility_plan.errors import ScenarioConfigError
from facility_plan.models import (
    CapacitatedSpec,
    MaxCoverageSpec,
    PCenterSpec,
    PhasedSpec,
    PMedianSpec,
    SetCoveringSpec,
)
from facility_plan.scenario import prepare_scenario
from facility_plan.scenario.kinds import solve_plan

DATA = REPO_ROOT / "data" / "geo" / "lang_son_2025"
TIERS = """size_tiers = [
  { tier_id = "S", capacity_places = 90, investment_vnd = 31.5e9 },
  { tier_id = "L", capacity_places = 150, investment_vnd = 52.5e9 },
]"""

MODEL_TABLES = {
    "capacitated": "new_facilities = 2\ntarget_places = 300\nbudget_vnd = 105.0e9",
    "phased": (
        "max_new_facilities = 3\nperiods = [ { year = 2025, places = 200 }, "
        "{ year = 2030, places = 350, budget_vnd = 60.0e9 } ]\n"
        # New centres in four districts only (30 candidate communes): the two-period model is then
        # proven optimal in seconds, so the comparison below is between two optima.
        'allowed_districts = ["180", "181", "186", "188"]'
    ),
    "p_median": "new_facilities = 2",
    "max_coverage": "new_facilities = 2\ncoverage_minutes = 45.0",
    "set_covering": "coverage_minutes = 90.0",
    "p_center": "new_facilities = 2",
}


def _scenario(tmp_path: Path, kind: str, extra: str = "") -> Path:
    text = f"""
name = "kind_{kind}"
title_vi = "Lạng Sơn: {kind}"
year = 2025

[inputs]
communes = "{DATA / "communes.csv"}"
districts = "{DATA / "districts.csv"}"
facilities = "{DATA / "facilities.csv"}"

[demand]
calibrate_total_persons = 461

[model]
kind = "{kind}"
match_groups_to_types = false
{TIERS}
{MODEL_TABLES[kind]}
{extra}

[solver]
time_limit_seconds = 60
"""
    path = tmp_path / f"{kind}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _python_spec(kind: str, prepared) -> object:  # type: ignore[no-untyped-def]
    existing = len(prepared.problem.existing_site_ids)
    if kind == "capacitated":
        return CapacitatedSpec(
            new_facilities=2,
            target_places=300,
            budget_vnd=105.0e9,
            unserved_penalty=240.0,
            required_site_groups={},
        )
    if kind == "p_median":
        return PMedianSpec(p=existing + 2)
    if kind == "max_coverage":
        return MaxCoverageSpec(p=existing + 2, coverage_minutes=45.0)
    if kind == "set_covering":
        return SetCoveringSpec(coverage_minutes=90.0)
    if kind == "p_center":
        return PCenterSpec(p=existing + 2)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", [k for k in MODEL_KINDS if k != "phased"])
def test_kind_from_toml_matches_python(tmp_path: Path, kind: str) -> None:
    prepared = prepare_scenario(load_scenario(_scenario(tmp_path, kind)))
    from_toml = solve_plan(prepared).solution
    direct = _python_spec(kind, prepared).solve(prepared.problem, prepared.solver)  # type: ignore[attr-defined]
    assert from_toml.objective == pytest.approx(direct.objective, rel=1e-6)
    assert set(from_toml.open_site_ids) == set(direct.open_site_ids)


@pytest.mark.slow
def test_phased_from_toml_matches_python(tmp_path: Path) -> None:
    prepared = prepare_scenario(load_scenario(_scenario(tmp_path, "phased")))
    run = solve_plan(prepared)
    persons = {}
    from facility_plan.scenario.kinds import _period_persons

    for year in (2025, 2030):
        persons[str(year)] = _period_persons(prepared, year)
    direct = PhasedSpec(
        demand_by_period=pd.DataFrame(persons),
        budgets_vnd={"2030": 60.0e9},
        target_places={"2025": 200.0, "2030": 350.0},
        max_new_facilities=3,
    ).solve_plan(prepared.problem, prepared.solver)
    # The same model from TOML and from Python: the same optimum (several site sets may reach
    # it, so the plans are compared by objective and places, not by site ids).
    assert direct.status == "optimal"
    served = [direct.periods[p].served_persons for p in ("2025", "2030")]
    assert run.periods["served_persons"].tolist() == pytest.approx(served, rel=1e-6)
    assert run.periods["places"].tolist() == [
        float(direct.periods[p].opened["capacity_places"].sum()) for p in ("2025", "2030")
    ]


@pytest.mark.slow
def test_least_cost_is_cheapest_then_best_travel(tmp_path: Path) -> None:
    path = _scenario(
        tmp_path,
        "capacitated",
        'objective = { kind = "least_cost" }\nmax_new_facilities = 3',
    )
    text = path.read_text(encoding="utf-8").replace("new_facilities = 2\n", "", 1)
    text = text.replace("budget_vnd = 105.0e9", "")
    path.write_text(text, encoding="utf-8")
    prepared = prepare_scenario(load_scenario(path))
    run = solve_plan(prepared)
    cost = float(run.solution.opened["open_cost_vnd"].sum())
    assert run.least_cost_vnd == pytest.approx(cost)
    # 57 existing places; 300 needs ≥ 243 more: 3 × S (270 places, 94.5 bn) is the cheapest
    # (S + L = 240 is short; L + L costs 105 bn).
    assert cost == pytest.approx(94.5e9)
    travel_only = dataclasses.replace(
        prepared.spec, target_places=300, new_facilities=None, max_new_facilities=3
    ).solve(prepared.problem, prepared.solver)
    assert float(travel_only.opened["open_cost_vnd"].sum()) >= cost
    same_cost = dataclasses.replace(
        prepared.spec,
        target_places=300,
        new_facilities=None,
        max_new_facilities=3,
        budget_vnd=cost + 1.0,
    ).solve(prepared.problem, prepared.solver)
    assert run.solution.objective == pytest.approx(same_cost.objective, rel=1e-6)


def test_unknown_key_and_bad_kind_are_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioConfigError, match=r"model\.coverage_minutes"):
        load_scenario(_scenario(tmp_path, "p_median", "coverage_minutes = 3.0"))
    with pytest.raises(ScenarioConfigError, match="periods"):
        load_scenario(
            _scenario(tmp_path, "phased"),
            overrides={"model.periods": [{"year": 2030}, {"year": 2025}]},
        )
