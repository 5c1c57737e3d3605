"""The Ninh Bình 2025 plan end to end through the CLI, as a planner runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from conftest import NINH_BINH_DATA, SCENARIOS
from typer.testing import CliRunner

from facility_plan.cli import app
from facility_plan.outputs import OUTPUT_FILES


def test_run_writes_every_output(bundled_runs: dict[str, Path]) -> None:
    for folder in bundled_runs.values():
        for name in OUTPUT_FILES:
            assert (folder / name).stat().st_size > 0, name
        assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]


def test_optimised_plan_meets_the_targets(bundled_runs: dict[str, Path]) -> None:
    summary = json.loads((bundled_runs["ninh_binh_2025"] / "summary.json").read_text("utf-8"))
    assert summary["status"] == "optimal"
    assert summary["mip_gap"] == pytest.approx(0.0, abs=1e-4)
    assert summary["facilities_total"] == 5
    assert summary["places_existing"] == 560
    assert summary["places_total"] >= 600
    assert summary["investment_new_vnd"] <= 17.5e9
    assert len(summary["new_sites"]) == 2
    # Demand is the prevalence chain's central estimate (not scaled to the plan's 600), with its
    # range and the anchors beside it.
    demand = summary["demand_range"]
    assert demand["basis"] == "estimate"
    assert summary["demand_calibration"]["factor"] == 1.0
    assert summary["demand_persons"] == pytest.approx(demand["central_persons"])
    assert summary["demand_persons"] == pytest.approx(818.07, abs=0.01)
    assert demand["low_persons"] < summary["demand_persons"] < demand["high_persons"]
    assert [a["key"] for a in demand["anchors"]] == ["national_rate", "register"]
    assert summary["served_persons"] + summary["unserved_persons"] == pytest.approx(
        summary["demand_persons"]
    )
    assert summary["capacity_matching"] == "by_type"
    assert "mental_illness" in summary["assumptions_flagged"]


def test_plan_choice_puts_one_centre_in_yen_mo_and_one_in_kim_son(
    bundled_runs: dict[str, Path],
) -> None:
    gpkg = bundled_runs["ninh_binh_2025_plan_choice"] / "plan.gpkg"
    facilities = gpd.read_file(gpkg, layer="facilities")
    new = facilities[facilities["status"] == "new"]
    assert sorted(new["district_code"]) == ["376", "377"]
    assert len(facilities) == 5


def test_optimised_is_no_worse_than_plan_choice(bundled_runs: dict[str, Path]) -> None:
    optimised, plan = (
        json.loads((bundled_runs[name] / "summary.json").read_text("utf-8"))
        for name in ("ninh_binh_2025", "ninh_binh_2025_plan_choice")
    )
    # The plan choice is a restriction of the optimised model, so its objective cannot be lower.
    assert optimised["objective_person_minutes"] <= plan["objective_person_minutes"] + 1e-6


def test_districts_table_adds_up(bundled_runs: dict[str, Path]) -> None:
    districts = pd.read_csv(
        bundled_runs["ninh_binh_2025"] / "districts.csv", dtype={"district_code": str}
    )
    assert len(districts) == 8
    assert set(districts.columns) >= {
        "district_code",
        "demand_persons",
        "served_persons",
        "unserved_persons",
        "mean_travel_minutes",
        "max_travel_minutes",
    }
    summary = json.loads((bundled_runs["ninh_binh_2025"] / "summary.json").read_text("utf-8"))
    # districts.csv rounds each of the 8 districts to 0.1 person.
    assert districts["demand_persons"].sum() == pytest.approx(summary["demand_persons"], abs=0.4)
    totals = districts["served_persons"] + districts["unserved_persons"]
    assert totals.to_numpy() == pytest.approx(districts["demand_persons"].to_numpy())
    assert (districts["max_travel_minutes"] >= districts["mean_travel_minutes"] - 1e-9).all()


def test_geopackage_layers(bundled_runs: dict[str, Path]) -> None:
    gpkg = bundled_runs["ninh_binh_2025"] / "plan.gpkg"
    demand = gpd.read_file(gpkg, layer="demand")
    assignments = gpd.read_file(gpkg, layer="assignments")
    assert len(demand) == 125
    assert demand.crs.to_epsg() == 4326
    summary = json.loads((bundled_runs["ninh_binh_2025"] / "summary.json").read_text("utf-8"))
    # The assignments layer holds the served persons (people of the wrong type stay unserved).
    assert assignments["demand_persons"].sum() == pytest.approx(summary["served_persons"])


def test_land_reservation_uses_land_norms(bundled_runs: dict[str, Path]) -> None:
    land = pd.read_csv(bundled_runs["ninh_binh_2025"] / "land_reservation.csv")
    assert len(land) == 2
    assert (land["land_m2"] == land["capacity_places"] * land["land_norm_m2_per_place"]).all()
    assert set(land["land_norm_m2_per_place"]) <= {10.0, 30.0}


def test_compare_prints_both_scenarios(bundled_runs: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(bundled_runs["ninh_binh_2025"]),
            str(bundled_runs["ninh_binh_2025_plan_choice"]),
            "--lang",
            "en",
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    for text in (
        "places",
        "unserved",
        "mean travel",
        "Yên Mô",
        "Kim Sơn",
        "ninh_binh_2025_plan_choice",
    ):
        assert text in result.output


def test_validate_checks_without_solving() -> None:
    result = CliRunner().invoke(
        app,
        ["validate", str(SCENARIOS / "ninh_binh_2025.toml"), "--lang", "en"],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "125 communes" in result.output
    assert "560 places" in result.output


def test_console_script_is_installed() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "facility_plan", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert "run" in completed.stdout


def _facilities_text(**changes: str) -> str:
    frame = pd.read_csv(NINH_BINH_DATA / "facilities.csv", dtype=str, keep_default_na=False)
    for column, value in changes.items():
        frame.loc[0, column] = value
    return frame.to_csv(index=False)


@pytest.mark.parametrize(
    ("changes", "files", "expected"),
    [
        pytest.param(
            {"travel": {"speed_kmhh": 30}},
            None,
            "unknown key 'travel.speed_kmhh'",
            id="unknown-key",
        ),
        pytest.param(
            {"inputs": {"communes": "/nonexistent/communes.csv"}},
            None,
            "communes.csv: file not found",
            id="missing-file",
        ),
        pytest.param(
            None,
            {"facilities": _facilities_text(capacity_places="-20")},
            "row 1, field 'capacity_places': -20 is below 0",
            id="negative-capacity",
        ),
        pytest.param(
            None,
            {"facilities": _facilities_text(admin_code="99999")},
            "row 1, field 'admin_code': unknown admin code '99999'",
            id="unknown-admin-code",
        ),
        pytest.param(
            {"model": {"required_districts": ["377", "999"]}},
            None,
            "unknown district '999'",
            id="unknown-district",
        ),
        pytest.param(
            {"model": {"target_places": 1000}},
            None,
            "target 1,000 places needs 440 new places",
            id="target-above-candidates",
        ),
    ],
)
def test_bad_input_gives_one_clear_error_and_no_output(
    scenario_copy, tmp_path: Path, changes, files, expected: str
) -> None:
    scenario = scenario_copy("ninh_binh_2025_plan_choice", changes, files)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(out)], terminal_width=300)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert expected in " ".join(result.output.split()), result.output
    assert not (out / "ninh_binh_2025_plan_choice").exists()
    assert not out.exists() or not any(out.iterdir())
