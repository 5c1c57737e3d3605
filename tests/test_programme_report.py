"""The residential plan and the community programme appear together in one Ninh Bình report."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import bundled_run

from facility_plan.labels import label
from facility_plan.scenario import ScenarioResult


@pytest.fixture(scope="module")
def programme_run() -> ScenarioResult:
    result: ScenarioResult = bundled_run("ninh_binh_2025_programme")
    return result


@pytest.fixture(scope="module")
def report_folder(programme_run: ScenarioResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from facility_plan.outputs import write_scenario_outputs

    return write_scenario_outputs(
        programme_run, tmp_path_factory.mktemp("programme"), with_report=True
    )


def test_summary_carries_both_parts(report_folder: Path, programme_run: ScenarioResult) -> None:
    summary = json.loads((report_folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["new_sites"], "the residential plan is in the summary"
    programme = summary["programme"]
    assert programme is not None
    years = {row["year"] for row in programme["years"]}
    assert {2020, 2025} <= years
    assert programme == json.loads(json.dumps(dict(programme_run.programme.summary())))


def test_report_has_the_programme_section_and_sheets(
    report_folder: Path, programme_run: ScenarioResult
) -> None:
    page = (report_folder / "report.html").read_text(encoding="utf-8")
    assert label("h_programme", "vi") in page
    assert "22/KH-UBND" in page
    for line in programme_run.programme.closing_note("vi").splitlines()[1:3]:
        assert line.lstrip("- ").split(":")[0] in page
    workbook = openpyxl.load_workbook(report_folder / "report.xlsx", read_only=True)
    for key in ("years", "allowance", "districts", "norms"):
        assert label(f"programme_sheet_{key}", "vi") in workbook.sheetnames
    assert label("sheet_land", "vi") in workbook.sheetnames  # residential sheets stay


def _in_page(text: str, page: str) -> bool:
    """Text appears in the map page as written or as folium writes it in JSON (``\\u`` escapes)."""
    return text in page or json.dumps(text)[1:-1] in page


def test_map_has_the_programme_layer(report_folder: Path) -> None:
    page = (report_folder / "map.html").read_text(encoding="utf-8")
    assert _in_page(label("programme_layer", "vi"), page)
    # No staff table is bundled, so every commune says that its staff data is missing.
    assert _in_page(label("programme_status_no_data", "vi"), page)
