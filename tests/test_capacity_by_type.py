"""Capacity by centre type: a toy where a psychiatric centre's places sit idle while general need
goes unserved, and every output says so; pooling is an explicit, labelled option."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facility_plan.config import scenario_from_dict
from facility_plan.labels.notes import map_notes
from facility_plan.scenario import ScenarioResult, explain_scenario, run_scenario
from facility_plan.scenario.plain import run_notes

COMMUNES = (
    "admin_code,name_vi,unit_type,province_code,district_code,district_name_vi,lat,lon,area_km2,"
    "population_persons\n"
    "00001,Xã A,xa,99,001,Huyện Một,20.00,106.00,50,100000\n"
    "00002,Xã B,xa,99,001,Huyện Một,20.09,106.00,50,100000\n"
)
DISTRICTS = """district_code,name_vi,population_persons,age_0_14_persons,age_60plus_persons,age_80plus_persons
001,Huyện Một,200000,40000,30000,5000
"""
FACILITIES = (
    "facility_id,name_vi,facility_type,ownership,capacity_places,admin_code,district_code,lat,lon,"
    "location_precision,source\n"
    "T-01,Trung tâm tâm thần,mental_health,public,500,00001,001,20.00,106.00,address,toy\n"
)

# Hand-computed demand (default groups, not calibrated; 200,000 people, 30,000 aged 60+,
# 40,000 aged 0–14):
#   elderly        30,000 × 0.14 × 0.014            = 58.80
#   disability    200,000 × 0.031 × 0.289 × 0.014   = 25.0852
#   children       40,000 × 0.0009 × 0.36           = 12.96
#   emergency     200,000 × 0.0001 × 0.25           =  5.00
#   → general-care need (groups the psychiatric centre does not take) = 101.8452
#   mental_illness 200,000 × 0.002 × 0.98 × 0.1     = 39.20
# The psychiatric centre (500 places) takes only mental_illness: 39.2 used, 460.8 idle.
# The one new centre is general, 20 places: serves 20 of the 101.8452 → 81.8452 unserved.
GENERAL_NEED = 58.80 + 25.0852 + 12.96 + 5.00
MENTAL_NEED = 39.20
IDLE = 500.0 - MENTAL_NEED
UNSERVED = GENERAL_NEED - 20.0


def _toy(tmp_path: Path, *, pooled: bool = False, language: str = "vi") -> ScenarioResult:
    for name, text in (
        ("communes", COMMUNES),
        ("districts", DISTRICTS),
        ("facilities", FACILITIES),
    ):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    raw: dict[str, Any] = {
        "name": "toy_wrong_type",
        "title_vi": "Toy",
        "year": 2019,
        "crs": "EPSG:32648",
        "inputs": {
            "communes": "communes.csv",
            "districts": "districts.csv",
            "facilities": "facilities.csv",
        },
        "model": {
            "kind": "capacitated",
            "new_facilities": 1,
            "target_places": 520,
            "size_tiers": [{"tier_id": "S", "capacity_places": 20, "investment_vnd": 7e9}],
        },
        "outputs": {"language": language},
    }
    if pooled:
        raw["model"]["match_groups_to_types"] = False
    config = scenario_from_dict(raw, source="toy.toml", base_dir=tmp_path)
    return run_scenario(config)


def test_idle_psychiatric_places_while_general_need_goes_unserved(tmp_path: Path) -> None:
    result = _toy(tmp_path)
    summary = result.summary
    assert summary.capacity_matching == "by_type"
    assert summary.demand_persons == pytest.approx(GENERAL_NEED + MENTAL_NEED)
    by_type = {row.facility_type: row for row in summary.capacity_by_type}
    assert by_type["mental_health"].places == 500
    assert by_type["mental_health"].used_persons == pytest.approx(MENTAL_NEED)
    assert by_type["mental_health"].idle_places == pytest.approx(IDLE)
    assert by_type["mental_health"].idle_wrong_type_places == pytest.approx(IDLE)
    assert by_type["mental_health"].groups_taken == ("mental_illness",)
    assert by_type["general"].idle_places == pytest.approx(0.0)
    assert summary.idle_wrong_type_places == pytest.approx(IDLE)
    groups = {row.group: row for row in summary.groups_served}
    assert groups["mental_illness"].unserved_persons == pytest.approx(0.0, abs=1e-6)
    assert summary.unserved_persons == pytest.approx(UNSERVED)
    assert sum(row.unserved_persons for row in groups.values()) == pytest.approx(UNSERVED)
    assert sum(row.need_persons for row in groups.values()) == pytest.approx(
        GENERAL_NEED + MENTAL_NEED
    )
    assert not any(row.apportioned for row in groups.values())
    # The plain-language summary, the map notes and explain all say it.
    assert any(
        line.startswith("Chỗ không đúng loại: 461 chỗ trống") for line in summary.plain_summary
    )
    assert any("phụ thuộc vào giả định tạm" in line for line in summary.plain_summary)
    notes = run_notes(summary, "en")
    assert "Places of the wrong type: 461 idle at Mental-health care while 82 people" in notes[1]
    explanation = explain_scenario(result, try_extra_site=False)
    finding = [line for line in explanation.binding if line.startswith("places of the wrong type")]
    assert len(finding) == 1
    assert "T-01 (mental_health, 461)" in finding[0]
    assert explanation.wrong_type_places == pytest.approx(IDLE)


def test_pooling_is_explicit_and_labelled(tmp_path: Path) -> None:
    result = _toy(tmp_path, pooled=True, language="en")
    summary = result.summary
    # Pooled, the psychiatric centre takes everyone: nobody unserved, no place of the wrong type.
    assert summary.capacity_matching == "pooled"
    assert summary.unserved_persons == pytest.approx(0.0, abs=1e-6)
    assert summary.idle_wrong_type_places == 0.0
    assert all(row.apportioned for row in summary.groups_served)
    assert any(
        line.startswith("Capacity pooled across centre types") for line in summary.plain_summary
    )
    assert "Capacity pooled across centre types" in " ".join(run_notes(summary, "en"))
    explanation = explain_scenario(result, try_extra_site=False)
    assert explanation.wrong_type_places == 0.0


def test_map_notes_carry_the_run_notes() -> None:
    notes = map_notes(
        pairs_by_method={"straight_line": 4},
        detour_factor=1.3,
        speed_kmh=35,
        boundary_source=None,
        imprecise_facilities=[],
        language="en",
        run_notes=["Demand: estimate 818 persons (range 515–1,239)."],
    )
    assert notes[-2] == "Demand: estimate 818 persons (range 515–1,239)."


def test_ninh_binh_shows_idle_places_by_type(bundled_result: Callable[[str], Any]) -> None:
    result = bundled_result("ninh_binh_2025")
    summary = result.summary
    assert summary.capacity_matching == "by_type"
    by_type = {row.facility_type: row for row in summary.capacity_by_type}
    assert set(by_type) == {"general", "mental_health", "other"}
    assert by_type["mental_health"].places == 275
    # People with mental illness (206 central) fill part of the 275 + 155 places of the two centres
    # that take them; the rest sit idle while general-care need goes unserved.
    assert by_type["mental_health"].idle_wrong_type_places > 100
    assert by_type["general"].idle_places == pytest.approx(0.0, abs=1e-6)
    for row in summary.capacity_by_type:
        assert row.places == pytest.approx(row.used_persons + row.idle_places)
    groups = {row.group: row for row in summary.groups_served}
    assert groups["mental_illness"].unserved_persons == pytest.approx(0.0, abs=1e-6)
    assert groups["elderly"].unserved_persons > 100
    assert sum(g.served_persons for g in groups.values()) == pytest.approx(summary.served_persons)


def test_cli_summary_prints_anchors_and_idle_places(
    bundled_result: Callable[[str], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from facility_plan.cli.app import _print_summary
    from facility_plan.labels import label

    summary = bundled_result("ninh_binh_2025").summary
    _print_summary(summary, "en")
    out = " ".join(capsys.readouterr().out.split())
    for text in (
        "central estimate 818 persons (range",
        "Anchor: residents per 1,000 people (national)",
        "Anchor: allowance recipients × share living in a facility",
        "Places by centre type",
        "Mental-health care",
        "Places of the wrong type:",
    ):
        assert text in out, text
    # The planner's default: the same figures in Vietnamese, with no English label left.
    _print_summary(summary, "vi")
    out_vi = " ".join(capsys.readouterr().out.split())
    for key in ("anchor_national_rate", "cli_by_type", "mental_health", "cli_by_group"):
        assert label(key, "vi") in out_vi, key
    for english in ("Places by centre type", "Anchor:", "served (persons)", "new centre"):
        assert english not in out_vi, english
