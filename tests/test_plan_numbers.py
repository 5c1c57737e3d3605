"""The plan's numbers as a model: staffing, costs, targets per year, group matching (issue 4)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import SCENARIOS, bundled_run
from typer.testing import CliRunner

from facility_plan.cli import app
from facility_plan.config import ResourcesConfig, TargetGroupSettings, load_scenario
from facility_plan.labels import label
from facility_plan.resources import compute_recurring_cost_vnd, compute_staffing, split_by_group_mix
from facility_plan.scenario import run_scenario


def test_staffing_hand_computed() -> None:
    # 100 elderly residents, 40 % dependent: carers ⌈60/10⌉ + ⌈40/4⌉ = 16; social workers ⌈100/100⌉ = 1;
    # psychologist 1; health ⌈100/50⌉ = 2; nutrition ⌈100/20⌉ = 5; managers 3 → direct 28;
    # indirect ≤ 20 % → total ⌈28 / 0.8⌉ = 35, indirect 7.
    elderly = TargetGroupSettings(
        label_vi="NCT", base="age_60plus", residential_share=0.01, dependent_share=0.4
    )
    residents = pd.DataFrame({"elderly": [100.0, 0.0]}, index=["centre", "empty"])
    staff = compute_staffing(residents, {"elderly": elderly}, ResourcesConfig())
    row = staff.loc["centre"]
    assert (row["carers"], row["social_workers"], row["psychologists"]) == (16, 1, 1)
    assert (row["health_workers"], row["nutrition_workers"], row["managers"]) == (2, 5, 3)
    assert (row["direct_staff"], row["indirect_staff"], row["total_staff"]) == (28, 7, 35)
    assert staff.loc["empty", "total_staff"] == 0
    # 100 residents × coefficient 4.0 × 500,000 VND × 12 months = 2.4 bn VND a year.
    cost = compute_recurring_cost_vnd(residents, {"elderly": elderly}, ResourcesConfig())
    assert cost["centre"] == pytest.approx(2.4e9)


def test_split_by_group_mix() -> None:
    pooled = pd.DataFrame(
        {
            "admin_code": ["1", "1", "2"],
            "site_id": ["A", "B", "A"],
            "demand_persons": [6.0, 4.0, 5.0],
        }
    )
    mix = pd.DataFrame({"elderly": [3.0, 0.0], "children": [1.0, 5.0]}, index=["1", "2"])
    split = split_by_group_mix(pooled, mix)
    assert split.loc["A", "elderly"] == pytest.approx(4.5)
    assert split.loc["A", "children"] == pytest.approx(1.5 + 5.0)
    assert split.loc["B"].sum() == pytest.approx(4.0)


@pytest.fixture(scope="module")
def by_group_result():
    return bundled_run("ninh_binh_2025_by_group")


def test_mental_health_centre_takes_only_its_groups(by_group_result) -> None:
    served = by_group_result.assignments.dropna(subset=["site_id"])
    groups_at = served.groupby("site_id")["target_group"].unique()
    assert set(groups_at["NB-E02"]) <= {"mental_illness"}
    assert "children" not in set(groups_at["NB-E02"])
    # Places do not match the groups in need: the result reports who is left unserved.
    assert by_group_result.solution.unserved_persons > 0
    summary = by_group_result.summary
    assert summary.served_persons + summary.unserved_persons == pytest.approx(
        summary.demand_persons
    )
    # The idle places of the mental-health centre are reported as places of the wrong type.
    assert summary.idle_wrong_type_places > 0


def test_targets_per_year_next_to_delivery(by_group_result) -> None:
    targets = by_group_result.targets.set_index("year")
    assert list(targets.index) == [2020, 2025]
    assert targets.loc[2020, "places"] == 560
    assert targets.loc[2025, "places"] >= 600
    assert targets.loc[2025, "places_target"] == 600
    assert targets.loc[2025, "staff_trained_target_persons"] == 320
    for year, share in ((2020, 0.6), (2025, 0.8)):
        row = targets.loc[year]
        assert row["case_management_share_target_persons"] == pytest.approx(
            share * row["people_in_need_persons"]
        )
    # Ageing: more people in need in 2025 than in 2020.
    assert targets.loc[2025, "people_in_need_persons"] > targets.loc[2020, "people_in_need_persons"]
    assert targets.loc[2025, "residents_served_persons"] == pytest.approx(
        by_group_result.solution.served_persons
    )
    # Not calibrated: the 2025 residential need is the central estimate, not the plan's 600.
    assert targets.loc[2025, "residential_need_persons"] == pytest.approx(
        by_group_result.summary.demand_persons
    )


def test_one_setting_changes_demand_and_answer(by_group_result) -> None:
    changed = run_scenario(
        load_scenario(
            SCENARIOS / "ninh_binh_2025_by_group.toml",
            overrides={
                "demand.groups.disability.prevalence_share": 0.0706,
                "demand.calibrate_total_persons": None,
            },
        )
    )
    base = run_scenario(
        load_scenario(
            SCENARIOS / "ninh_binh_2025_by_group.toml",
            overrides={"demand.calibrate_total_persons": None},
        )
    )
    assert changed.demand.groups.loc["disability", "raw_persons"] == pytest.approx(
        base.demand.groups.loc["disability", "raw_persons"] * 0.0706 / 0.031
    )
    assert changed.summary.unserved_persons > base.summary.unserved_persons
    assert "mental_illness" in changed.summary.assumptions_flagged
    # The scenario's language is Vietnamese: "giá trị tạm" is "placeholder".
    assert any("giá trị tạm" in line for line in changed.plain_summary)


def test_report_files_open(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(SCENARIOS / "ninh_binh_2025_plan_choice.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    folder = out / "ninh_binh_2025_plan_choice"
    sheets = pd.read_excel(folder / "plan.xlsx", sheet_name=None)
    keys = ("summary", "districts", "communes", "land_reservation", "resources", "targets")
    titles = {key: label(f"plan_sheet_{key}", "vi") for key in keys}
    assert set(sheets) >= set(titles.values())  # Vietnamese sheet titles
    assert len(sheets[titles["communes"]]) == 125
    resources = pd.read_csv(folder / "resources.csv")
    # resources.csv rounds persons to 0.1 per row.
    assert resources["residents"].sum() == pytest.approx(
        json.loads((folder / "summary.json").read_text("utf-8"))["served_persons"],
        abs=0.05 * len(resources),
    )
    assert (resources["total_staff"] >= resources["direct_staff"]).all()
    assert (resources["indirect_staff"] <= 0.2 * resources["total_staff"] + 1e-9).all()
    text = (folder / "summary.txt").read_text("utf-8")
    assert "Huyện Kim Sơn:" in text
    assert "người cần chăm sóc tại cơ sở đến năm 2025" in text
    assert math.isfinite(resources["recurring_cost_vnd_per_year"].sum())


@pytest.mark.slow
def test_vinh_long_targets_per_year() -> None:
    result = bundled_run("vinh_long_2019_baseline")
    targets = result.targets.set_index("year")
    assert list(targets.index) == [2020, 2025, 2030]
    for year, service, comprehensive in ((2020, 0.5, 0.1), (2025, 0.7, 0.3), (2030, 0.9, 0.5)):
        row = targets.loc[year]
        need = row["people_in_need_persons"]
        assert row["service_share_target_persons"] == pytest.approx(service * need)
        assert row["comprehensive_share_target_persons"] == pytest.approx(comprehensive * need)
        assert row["comprehensive_gap_persons"] == pytest.approx(
            comprehensive * need - row["residents_served_persons"]
        )
    # Before the plan only the centres public sources list deliver places (Vĩnh Long: 370).
    existing = float(result.inputs.facilities["capacity_places"].sum())
    assert existing > 0
    assert targets.loc[2020, "places"] == pytest.approx(existing)
    assert targets.loc[2030, "people_in_need_persons"] > targets.loc[2025, "people_in_need_persons"]


@pytest.mark.slow
def test_phased_plan_counts_an_expansion_only_from_its_period() -> None:
    """Vĩnh Long KH 18 least cost expands VL-E01 by 50 places in 2030: the 2020 row (before the
    plan) has today's 370 places, 2025 adds the new centres, 2030 the expansion."""
    result = bundled_run("vinh_long_2019_kh18_phased")
    opened = result.solution.opened.set_index("site_id")
    existing = result.inputs.facilities["capacity_places"].astype(float)
    expanded = [s for s in existing.index if str(opened.loc[s, "tier_id"]) != ""]
    assert expanded, (
        "the least-cost plan expands an existing centre (else this test proves nothing)"
    )
    targets = result.targets.set_index("year")
    assert targets.loc[2020, "places"] == pytest.approx(float(existing.sum()))
    assert targets.loc[2030, "places"] == pytest.approx(float(opened["capacity_places"].sum()))
    assert targets.loc[2020, "places"] < targets.loc[2025, "places"] <= targets.loc[2030, "places"]
