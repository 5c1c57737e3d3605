"""Programme model: hand-computed two-commune province, input checks, templates and the bundled scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from facility_plan.config import load_scenario, scenario_from_dict
from facility_plan.errors import InputDataError, ScenarioConfigError
from facility_plan.io import read_communes, read_facilities
from facility_plan.programme import compute_programme, programme_templates
from facility_plan.programme.templates import NOTES_FILE, template_notes_vi

REPO = Path(__file__).resolve().parents[1]
GROUPS = ("elderly", "disability", "mental_illness", "children", "emergency")

COMMUNES = """admin_code,name_vi,unit_type,province_code,district_code,district_name_vi,lat,lon,population_persons
10001,Xã A,xa,37,101,Huyện Một,20.25,105.97,10000
10002,Xã B,xa,37,101,Huyện Một,20.30,105.90,5000
"""
DISTRICTS = """district_code,name_vi,population_persons,age_0_14_persons,age_60plus_persons,age_80plus_persons
101,Huyện Một,15000,3000,1500,300
"""
FACILITIES = """facility_id,name_vi,facility_type,ownership,capacity_places,admin_code,lat,lon,location_precision
F1,Trung tâm F1,general,public,50,10001,20.25,105.97,commune
"""
# Register 2024 (persons): A elderly 300, disability 100, mental illness 20, children 10, emergency 5
# (435); B 100, 40, 5, 3, 2 (150). Province 585.
REGISTER_COUNTS = {"10001": (300, 100, 20, 10, 5), "10002": (100, 40, 5, 3, 2)}
SERVICE_UNITS = """admin_code,schools,health_stations,hospitals,source
10001,2,1,0,test
10002,1,1,1,test
"""
STAFF = """admin_code,unit_kind,units_with_staff,staff_persons,trained_staff_persons,source
10001,commune,1,1,1,test
10001,school,1,1,0,test
"""
ACCESS = """facility_id,meets_access_conditions,source
F1,false,test
"""


def _register_csv() -> str:
    lines = ["admin_code,target_group,year,persons,source"]
    for code, counts in REGISTER_COUNTS.items():
        lines += [f"{code},{g},2024,{n},test" for g, n in zip(GROUPS, counts, strict=True)]
    return "\n".join(lines) + "\n"


def _cited(value: float) -> dict[str, Any]:
    return {"value": value, "source": "test norm", "status": "plan"}


def _province(tmp_path: Path, **tables: str) -> dict[str, Any]:
    """Scenario mapping of the two-commune province; `tables` replace programme input files."""
    files = {
        "communes": COMMUNES,
        "districts": DISTRICTS,
        "facilities": FACILITIES,
        "registers": _register_csv(),
        "service_units": SERVICE_UNITS,
        "social_work_staff": STAFF,
        "facility_access": ACCESS,
        **tables,
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    inputs = {n: str(tmp_path / f"{n}.csv") for n in ("communes", "districts", "facilities")}
    programme_inputs = {
        n: str(tmp_path / f"{n}.csv")
        for n in ("registers", "service_units", "social_work_staff", "facility_access")
        if files[n]
    }
    return {
        "name": "two_communes",
        "title_vi": "Tỉnh thử",
        "year": 2025,
        "inputs": inputs,
        # Everyone in need lives in the community (community share 1) to keep the sums short.
        "demand": {"groups": {g: {"community_share": 1.0} for g in GROUPS}},
        "model": {
            "kind": "capacitated",
            "new_facilities": 1,
            "target_places": 50,
            "size_tiers": [{"tier_id": "S", "capacity_places": 50}],
        },
        "programme": {
            "plan_source": "Kế hoạch thử",
            "plan_target_vi": "80% đối tượng được quản lý trường hợp",
            "start_year": 2024,
            "inputs": programme_inputs,
            "targets": [
                {
                    "year": 2025,
                    "case_management_share": 0.8,
                    "staffed_unit_share": 1.0,
                    "trained_staff_share": 0.5,
                    "emergency_help_share": 1.0,
                    "accessible_facility_share": 1.0,
                }
            ],
            "norms": {
                "caseload_per_social_worker": _cited(50),
                "social_work_staff_per_unit": _cited(1),
                "trainees_per_cohort": _cited(10),
                "training_cost_vnd_per_trainee": _cited(2_000_000),
            },
        },
    }


@pytest.fixture
def two_communes(tmp_path: Path) -> Any:
    return compute_programme(scenario_from_dict(_province(tmp_path)))


def test_two_commune_province_2025_by_hand(two_communes: Any) -> None:
    row = two_communes.years_table.loc[2025]
    # Case management 80 %: A 0.8 × 435 = 348 → ⌈348/50⌉ = 7; B 0.8 × 150 = 120 → ⌈120/50⌉ = 3.
    assert row["persons_to_reach_persons"] == pytest.approx(468.0)
    assert row["case_management_social_workers_persons"] == 10
    # Units: communes 2, schools 3, health stations 2, hospitals 1, facilities 1 = 9; with staff
    # now: commune A and one school, so 1 + 2 + 2 + 1 + 1 = 7 units still to staff (1 each).
    assert row["units_in_scope_units"] == 9
    assert row["units_to_staff_units"] == 7
    # Communes: A max(7, 1) = 7, B max(3, 0 + 1) = 3; other units: schools 1 + 2, health
    # stations 2, hospital 1, facility 1 = 7. Needed 17; in post before: 2, so hire 15.
    assert row["social_workers_needed_persons"] == 17
    assert row["social_workers_in_post_persons"] == 17
    assert row["social_workers_to_hire_persons"] == 15
    # Training: ⌈0.5 × 17⌉ = 9 trained; 1 trained now → 8 trainees, ⌈8/10⌉ = 1 cohort, 16 M VND.
    assert row["trained_staff_target_persons"] == 9
    assert row["trainees_persons"] == 8
    assert row["training_cohorts"] == 1
    assert row["training_cost_vnd"] == pytest.approx(16_000_000)
    # Staff allowance: 17 × 2,340,000 (base salary from Jul 2024) × 1.0 × 12 = 477,360,000 VND.
    assert row["staff_allowance_vnd_per_year"] == pytest.approx(477_360_000)
    # Allowance: coefficients elderly 1.0 × 400 + disability 1.5 × 140 + mental 2.0 × 25 +
    # children 1.5 × 13 + emergency 0 × 7 = 679.5 standard levels; × 500,000 × 12 = 4,077,000,000.
    assert row["allowance_recipients_persons"] == pytest.approx(585)
    assert row["allowance_vnd_per_year"] == pytest.approx(4_077_000_000)
    # Emergency: 7 persons × 4.0 × 500,000 × 3 months = 42,000,000 VND.
    assert row["emergency_persons_to_help_persons"] == pytest.approx(7)
    assert row["emergency_help_vnd_per_year"] == pytest.approx(42_000_000)
    # Access: 1 facility, none accessible → 1 to upgrade.
    assert row["facilities_to_upgrade"] == 1
    # Total: 16,000,000 + 477,360,000 + 4,077,000,000 + 42,000,000.
    assert row["total_cost_vnd_per_year"] == pytest.approx(4_612_360_000)


def test_two_commune_province_baseline_year_by_hand(two_communes: Any) -> None:
    row = two_communes.years_table.loc[2024]
    # The start year describes today: no new requirement, the 2 staff in post stay.
    assert row["case_management_target_source"] == "baseline"
    assert row["social_workers_needed_persons"] == 2
    assert row["social_workers_to_hire_persons"] == 0
    assert row["trainees_persons"] == 0
    # Standard level 2024: 6 months at 360,000 and 6 at 500,000 = 430,000 a month on average;
    # 679.5 × 430,000 × 12 = 3,506,220,000 VND. Base salary 2024: (1.8 M + 2.34 M) / 2 = 2.07 M;
    # staff allowance 2 × 2,070,000 × 12 = 49,680,000 VND.
    assert row["standard_in_force_vnd_per_month"] == pytest.approx(430_000)
    assert row["allowance_vnd_per_year"] == pytest.approx(3_506_220_000)
    assert row["staff_allowance_vnd_per_year"] == pytest.approx(49_680_000)
    assert row["total_cost_vnd_per_year"] == pytest.approx(3_555_900_000)
    # At each standard level: 679.5 × level × 12.
    allowance = two_communes.allowance.loc[2024]
    assert allowance["allowance_vnd_per_year_at_270000"] == pytest.approx(2_201_580_000)
    assert allowance["allowance_vnd_per_year_at_500000"] == pytest.approx(4_077_000_000)


def test_two_commune_per_commune_and_district(two_communes: Any) -> None:
    communes = two_communes.communes.set_index(["year", "admin_code"])
    assert communes.loc[(2025, "10001"), "social_workers_to_hire_persons"] == 6
    assert communes.loc[(2025, "10002"), "social_workers_to_hire_persons"] == 3
    assert bool(communes.loc[(2025, "10002"), "newly_staffed_commune"])
    districts = two_communes.districts.set_index("year")
    assert districts.loc[2025, "case_management_social_workers_persons"] == 10
    # Map: A has 1 worker for 435 people (50/435 ≈ 11.5 % < 80 %), B has none.
    status = two_communes.commune_status(2025)
    assert status.loc["10001", "map_status"] == "below_target"
    assert status.loc["10001", "case_management_deliverable_share"] == pytest.approx(50 / 435)
    assert status.loc["10002", "map_status"] == "no_staff"


def test_deliverable_coverage_by_hand(two_communes: Any) -> None:
    delivered = two_communes.deliverable_coverage(
        5, 2_000_000_000, emergency_budget_vnd_per_year=12_000_000
    ).loc[2025]
    # 5 workers × 50 cases = 250 of 585; 5 of 9 units; 2 bn of 4.077 bn; 12 M / 6 M = 2 persons.
    assert delivered["persons_reached_persons"] == 250
    assert delivered["case_management_share"] == pytest.approx(250 / 585)
    assert delivered["units_staffable_units"] == 5
    assert delivered["allowance_share_paid"] == pytest.approx(2e9 / 4.077e9)
    assert delivered["emergency_persons_helped_persons"] == pytest.approx(2)


def test_tables_summary_and_languages(two_communes: Any) -> None:
    tables = two_communes.tables()
    assert "Người cần trợ giúp (người)" in tables["years"].columns
    assert "Cán bộ CTXH cần tuyển trong năm (người)" in tables["years"].columns
    assert any("270.000" in c for c in tables["allowance"].columns)
    english = two_communes.tables("en")
    assert "Social workers to hire in the year (persons)" in english["years"].columns
    assert all(len(name) <= 31 for name in tables)
    summary = two_communes.summary()
    json.dumps(summary, allow_nan=False)
    assert summary["totals"]["social_workers_to_hire_persons"] == 15
    levels = {r["standard_vnd_per_month"] for r in summary["allowance_by_standard"]}
    assert {270_000, 300_000, 360_000, 500_000} <= levels


def test_register_with_personal_data_column_is_refused(tmp_path: Path) -> None:
    text = "admin_code,target_group,year,persons,source,ho_ten\n10001,elderly,2024,3,test,Nguyễn Văn A\n"
    with pytest.raises(InputDataError) as caught:
        compute_programme(scenario_from_dict(_province(tmp_path, registers=text)))
    assert "ho_ten" in str(caught.value)
    assert "registers.csv" in str(caught.value)


def test_register_missing_a_commune_and_bad_staff_rows_are_refused(tmp_path: Path) -> None:
    registers = "admin_code,target_group,year,persons,source\n10001,elderly,2024,3,test\n"
    staff = (
        "admin_code,unit_kind,units_with_staff,staff_persons,trained_staff_persons,source\n"
        "10001,commune,1,1,2,test\n"
    )
    with pytest.raises(InputDataError) as caught:
        compute_programme(
            scenario_from_dict(_province(tmp_path, registers=registers, social_work_staff=staff))
        )
    message = str(caught.value)
    assert "10002" in message
    assert "social_work_staff.csv, row 1, field 'trained_staff_persons'" in message


def test_without_staff_table_the_map_says_no_data(tmp_path: Path) -> None:
    result = compute_programme(scenario_from_dict(_province(tmp_path, social_work_staff="")))
    assert set(result.commune_status(2025)["map_status"]) == {"no_data"}
    assert any("tối đa" in flag.vi for flag in result.flags)


def test_norm_needs_source_and_status(tmp_path: Path) -> None:
    raw = _province(tmp_path)
    raw["programme"]["norms"]["caseload_per_social_worker"] = {"value": 40}
    with pytest.raises(ScenarioConfigError, match="caseload_per_social_worker"):
        scenario_from_dict(raw)


def test_templates_match_the_bundled_files() -> None:
    folder = REPO / "data" / "geo" / "ninh_binh_2019"
    communes = read_communes(folder / "communes.csv")
    facilities = read_facilities(folder / "facilities.csv", communes=communes)
    for name, frame in programme_templates(communes, facilities).items():
        bundled = pd.read_csv(
            REPO / "data" / "templates" / "ninh_binh_2019" / name,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
        pd.testing.assert_frame_equal(bundled, frame.astype(str), check_dtype=False)
    notes = (REPO / "data" / "templates" / NOTES_FILE).read_text(encoding="utf-8")
    assert notes == template_notes_vi()


@pytest.mark.parametrize(
    ("scenario", "expect"),
    [
        ("ninh_binh_2025_programme", "quản lý trường hợp 80 %"),
        ("vinh_phuc_2025_programme", "100 % đơn vị có cán bộ CTXH"),
        ("kien_giang_2019_allowance", "270.000 đồng"),
    ],
)
def test_bundled_programme_scenarios_run(scenario: str, expect: str) -> None:
    config = load_scenario(REPO / "scenarios" / f"{scenario}.toml")
    assert config.programme is not None
    result = compute_programme(config)
    note = result.closing_note()
    assert config.programme.plan_target_vi in note
    assert expect in note
    assert result.years_table["total_cost_vnd_per_year"].gt(0).all()
    json.dumps(result.summary(), allow_nan=False)


def test_ninh_binh_programme_trains_320_by_2025_and_keeps_the_residential_plan() -> None:
    config = load_scenario(REPO / "scenarios" / "ninh_binh_2025_programme.toml")
    result = compute_programme(config)
    years = result.years_table
    assert years.loc[2025, "trained_staff_target_persons"] == 320
    assert years["trainees_persons"].sum() == 320
    assert config.model.target_places == 600  # the residential plan of the same scenario


def test_kien_giang_budget_rises_with_the_standard() -> None:
    result = compute_programme(load_scenario(REPO / "scenarios" / "kien_giang_2019_allowance.toml"))
    year_2019 = result.allowance.loc[2019]
    assert year_2019["allowance_vnd_per_year"] == pytest.approx(
        year_2019["allowance_vnd_per_year_at_270000"]
    )
    assert year_2019["allowance_vnd_per_year_at_500000"] == pytest.approx(
        year_2019["allowance_vnd_per_year_at_270000"] * 500 / 270
    )
