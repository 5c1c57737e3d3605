"""Hostile names from input tables stay text: string cells in the workbooks, escaped text in the HTML."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import NINH_BINH_DATA, SCENARIOS, dump_toml
from openpyxl import load_workbook

from facility_plan import report
from facility_plan.config import load_scenario
from facility_plan.labels import label
from facility_plan.report.html import template_environment
from facility_plan.scenario import ScenarioResult, run_scenario

FORMULA = '=HYPERLINK("http://x","y")'
MARKUP = "<img src=x onerror=alert(1)>"
#: What autoescape makes of each hostile name in the HTML.
ESCAPED = {
    FORMULA: "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)",
    MARKUP: "&lt;img src=x onerror=alert(1)&gt;",
}
BASE_SCENARIO = "ninh_binh_2025_plan_choice"  # the quick one (≈4 s)
HOSTILE_DISTRICT = "377"  # Yên Mô: an existing centre and a required new one
HOSTILE_FACILITY = "NB-E01"
TEMPLATES = Path(report.__file__).parent / "templates"


def _hostile_scenario(folder: Path, name: str, hostile: str) -> Path:
    """The base scenario with one district and one existing facility named `hostile`."""
    tables = {}
    for table in ("communes", "districts", "facilities"):
        tables[table] = pd.read_csv(
            NINH_BINH_DATA / f"{table}.csv", dtype=str, keep_default_na=False
        )
    communes, districts, facilities = tables["communes"], tables["districts"], tables["facilities"]
    communes.loc[communes["district_code"] == HOSTILE_DISTRICT, "district_name_vi"] = hostile
    districts.loc[districts["district_code"] == HOSTILE_DISTRICT, "name_vi"] = hostile
    facilities.loc[facilities["facility_id"] == HOSTILE_FACILITY, "name_vi"] = hostile
    raw = tomllib.loads((SCENARIOS / f"{BASE_SCENARIO}.toml").read_text(encoding="utf-8"))
    raw["name"] = name
    for table, frame in tables.items():
        path = folder / f"{table}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        raw["inputs"][table] = str(path)
    scenario = folder / f"{name}.toml"
    scenario.write_text(dump_toml(raw), encoding="utf-8")
    return scenario


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScenarioResult]:
    """One run per hostile name, shared by the tests of this module."""
    results = {}
    for name, hostile in (("hostile_formula", FORMULA), ("hostile_markup", MARKUP)):
        folder = tmp_path_factory.mktemp(name)
        results[hostile] = run_scenario(load_scenario(_hostile_scenario(folder, name, hostile)))
    return results


@pytest.fixture(scope="module")
def written(
    hostile_results: dict[str, ScenarioResult], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Each hostile scenario's report folder, and the comparison of both (key ``comparison``)."""
    folders = {}
    fake_png = b"\x89PNG\r\n\x1a\n"
    for hostile, result in hostile_results.items():
        folder = tmp_path_factory.mktemp("report")
        report.write_report(
            result, folder, figures=dict.fromkeys(report.REQUIRED_FIGURES, fake_png)
        )
        folders[hostile] = folder
    comparison = tmp_path_factory.mktemp("comparison")
    results = list(hostile_results.values())
    maps = {f"map_{r.config.name}_A4.png": fake_png for r in results}
    report.write_comparison_report(results, comparison, figures=maps)
    folders["comparison"] = comparison
    return folders


def _text_cells(path: Path) -> Iterator[tuple[str, str, object, str]]:
    """(sheet, coordinate, value, data type) of every cell holding text, as openpyxl reads it."""
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield sheet.title, cell.coordinate, cell.value, cell.data_type


def test_hostile_names_reach_the_scenario(hostile_results):
    for hostile, result in hostile_results.items():
        assert (result.sites["name_vi"] == hostile).sum() == 1
        assert (result.districts["district_name_vi"] == hostile).sum() == 1


@pytest.mark.parametrize("hostile", [FORMULA, MARKUP])
def test_report_workbook_keeps_names_as_text(written, hostile):
    cells = list(_text_cells(written[hostile] / "report.xlsx"))
    formulas = [(sheet, where) for sheet, where, _, kind in cells if kind != "s"]
    assert not formulas, f"text stored as non-string cells: {formulas[:5]}"
    hits = {sheet for sheet, _, value, _ in cells if value == hostile}
    # The centres' sheets carry the facility name, the access sheets the district name.
    for key in ("land", "staffing", "costs", "access_district", "access_commune"):
        assert label(f"sheet_{key}", "vi") in hits, key


def test_comparison_workbook_keeps_names_as_text(written):
    cells = list(_text_cells(written["comparison"] / "comparison.xlsx"))
    assert all(kind == "s" for _, _, _, kind in cells)
    assert {FORMULA, MARKUP} <= {value for _, _, value, _ in cells}


@pytest.mark.parametrize("hostile", [FORMULA, MARKUP])
def test_report_html_escapes_names(written, hostile):
    page = (written[hostile] / "report.html").read_text(encoding="utf-8")
    assert ESCAPED[hostile] in page
    assert hostile not in page
    assert "<img src=x" not in page
    assert page.count("<img") == 2  # the map and the targets chart, nothing injected


def test_comparison_html_escapes_names(written):
    page = (written["comparison"] / "comparison.html").read_text(encoding="utf-8")
    assert ESCAPED[MARKUP] in page
    assert ESCAPED[FORMULA] in page
    assert "<img src=x" not in page
    assert page.count("<img") == 2  # one map per scenario


def test_templates_autoescape_and_never_mark_text_safe():
    assert template_environment().autoescape is True
    names = sorted(path.name for path in TEMPLATES.glob("*.j2"))
    assert names == ["base.html.j2", "comparison.html.j2", "macros.html.j2", "report.html.j2"]
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b", text), path.name
