"""Accessibility and robustness where planners look: report table, map layers, workbook sheets, kept folders."""

from __future__ import annotations

import dataclasses
import json
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import NINH_BINH_DATA, SCENARIOS
from openpyxl import load_workbook

from facility_plan.config import load_scenario
from facility_plan.labels import label
from facility_plan.maps import escape_text, map_scenario
from facility_plan.outputs import read_robust_verdict, write_scenario_outputs
from facility_plan.outputs.geopackage import plan_layers
from facility_plan.outputs.plan_workbook import plan_tables
from facility_plan.outputs.robust_files import ROBUST_OUTPUT_FILES, write_robust_outputs
from facility_plan.report import REQUIRED_FIGURES, write_report
from facility_plan.report.accessibility import accessibility_table
from facility_plan.report.robustness import read_robustness
from facility_plan.report.workbook import workbook_bytes
from facility_plan.scenario import prepare_scenario
from facility_plan.scenario.access import COMMUNE_COLUMNS
from facility_plan.sweeps import ExecutorSettings, run_robust
from facility_plan.sweeps.files import scenario_fingerprint

SCENARIO = "ninh_binh_2025"
SHEET = label("sheet_robustness", "vi")


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _block(rows: list[tuple[Any, ...]], title: str) -> pd.DataFrame:
    """The table under the section `title` of a stacked sheet (header row, rows to a blank row)."""
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    header = [c for c in rows[start] if c is not None]
    body = []
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        body.append(row[: len(header)])
    return pd.DataFrame(body, columns=header)


# ---------------------------------------------------------------- accessibility (issue 13)


def test_accessibility_table_figures_are_the_result_columns(bundled_result) -> None:
    result = bundled_result(SCENARIO)
    table = accessibility_table(result, "vi")
    districts = result.districts
    frame = table.frame
    assert table.total
    assert list(frame.iloc[:-1, 0]) == list(districts["district_name_vi"])
    assert frame.iloc[-1, 0] == "Toàn tỉnh"
    for column in COMMUNE_COLUMNS:
        assert np.allclose(frame[column].iloc[:-1].astype(float), districts[column], equal_nan=True)
    total = frame.iloc[-1]
    need = districts["demand_persons"]
    assert total["demand_persons"] == pytest.approx(need.sum())
    # The province's nearest minutes: the districts' values weighted by their persons in need.
    assert total["access_nearest_minutes"] == pytest.approx(
        (districts["access_nearest_minutes"] * need).sum() / need.sum()
    )
    # Every centre has persons in need within its 60-minute catchment and everyone is within
    # 60 minutes (share 100 %), so 2SFCA shares all places among all persons in need: the
    # province's need-weighted 2SFCA is 1,000 × places / persons in need (610 / 818.07).
    assert (districts["access_share_within_60_minutes"] == 1.0).all()
    places = result.summary.places_total
    assert total["access_2sfca_places_per_1000"] == pytest.approx(1000 * places / need.sum())
    assert 740 < total["access_2sfca_places_per_1000"] < 750
    # Units in the titles, bands and catchment in the note.
    assert "Trong vòng 30 phút (% người có nhu cầu)" in table.titles
    assert "2SFCA (chỗ/1.000 người có nhu cầu)" in table.titles
    assert "30/60 phút" in table.notes[0]
    assert "vùng phục vụ 60 phút" in table.notes[0]
    english = accessibility_table(result, "en")
    assert english.frame.iloc[-1, 0] == "Whole province"
    assert "2SFCA (places per 1,000 persons in need)" in english.titles


def test_accessibility_sheet_keeps_numbers_and_note(bundled_result) -> None:
    table = accessibility_table(bundled_result(SCENARIO), "vi")
    book = load_workbook(BytesIO(workbook_bytes({"Khả năng tiếp cận": table})))
    rows = _rows(book.active)
    assert rows[0][0] == "Huyện"
    assert rows[0][5] == "2SFCA (chỗ/1.000 người có nhu cầu)"
    total = rows[len(table.frame)]
    assert total[0] == "Toàn tỉnh"
    assert isinstance(total[5], float)
    assert total[5] == pytest.approx(float(table.frame.iloc[-1, 5]))
    assert book.active["D2"].number_format == "0.0%"
    assert rows[len(table.frame) + 2][0] == table.notes[0]


def test_access_layer_is_on_the_map_and_off_at_first(bundled_result) -> None:
    result = bundled_result(SCENARIO)
    html = map_scenario(result).get_root().render()
    name = json.dumps(escape_text(label("access_layer", "vi")))
    match = re.search(re.escape(name) + r"\s*:\s*(feature_group_\w+)", html)
    assert match, "the accessibility layer is not in the layer control"
    assert f"{match.group(1)}.addTo(" not in html  # hidden until the planner ticks it
    assert "fp-access-legend" in html
    assert escape_text(label("access_legend_title", "vi")) in html
    commune = result.communes.iloc[0]
    assert escape_text(commune["name_vi"]) in html


def test_access_columns_reach_plan_workbook_geopackage_and_csv(bundled_result) -> None:
    result = bundled_result(SCENARIO)
    tables = plan_tables(result, "vi")
    for key in ("districts", "communes"):
        titles = tables[key].titles
        assert "Đến cơ sở gần nhất, bình quân (phút)" in titles
        assert "Trong vòng 60 phút (% người có nhu cầu)" in titles
        assert "E2SFCA (chỗ/1.000 người có nhu cầu)" in titles
        kinds = dict(zip(titles, tables[key].kinds, strict=True))
        assert kinds["Trong vòng 30 phút (% người có nhu cầu)"] == "share"
    layers = plan_layers(result)
    for layer in ("communes", "districts", "demand"):
        assert set(COMMUNE_COLUMNS) <= set(layers[layer].columns)


# ---------------------------------------------------------------- robustness (issue 11)


@pytest.fixture(scope="module")
def robust_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4-draw robustness run of the bundled scenario, written as ``robust`` writes it."""
    prepared = prepare_scenario(load_scenario(SCENARIOS / f"{SCENARIO}.toml"))
    result = run_robust(prepared, samples=4, seed=7, executor=ExecutorSettings(kind="serial"))
    out = tmp_path_factory.mktemp("robust_out")
    write_robust_outputs(result, prepared, out / SCENARIO / "robust")
    (out / SCENARIO / "alternatives").mkdir()
    (out / SCENARIO / "alternatives" / "alternatives.csv").write_text("rank\n1\n")
    return out


def test_robust_writes_map_and_workbook_matching_the_sites_csv(robust_out: Path) -> None:
    folder = robust_out / SCENARIO / "robust"
    assert {p.name for p in folder.iterdir()} == set(ROBUST_OUTPUT_FILES)
    sites = pd.read_csv(folder / "robust_sites.csv")
    assert sites["chosen_draws"].sum() == 2 * 4  # two new centres in each of 4 draws
    book = load_workbook(folder / "robust.xlsx")
    assert book.sheetnames == [SHEET]
    sheet = book[SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape"
    rows = _rows(sheet)
    data = json.loads((folder / "robust.json").read_text(encoding="utf-8"))
    assert rows[1][0] == data["verdict_vi"][0]
    block = _block(rows, label("robust_h_sites", "vi"))
    assert list(block["Xã/phường"]) == list(sites["commune_name_vi"])
    assert list(block["Số lần được chọn (lần)"]) == list(sites["chosen_draws"])
    assert np.allclose(block["Tỷ lệ số lần được chọn (%)"], sites["chosen_share"])
    html = (folder / "robust_map.html").read_text(encoding="utf-8")
    assert '<script src="http' not in html
    assert html.count('"className": "fp-robust-site"') == len(sites)
    for name in sites["commune_name_vi"]:
        assert escape_text(name) in html
    assert escape_text(data["verdict_vi"][0]) in html
    assert data["scenario_fingerprint"] == scenario_fingerprint(
        load_scenario(SCENARIOS / f"{SCENARIO}.toml")
    )


def test_run_after_robust_keeps_it_and_report_includes_the_sheet(
    robust_out: Path, bundled_result
) -> None:
    folder = robust_out / SCENARIO
    before = (folder / "robust" / "robust.json").read_bytes()
    write_scenario_outputs(bundled_result(SCENARIO), robust_out, with_report=True)
    assert (folder / "robust" / "robust.json").read_bytes() == before
    assert (folder / "robust" / "robust_map.html").is_file()
    assert (folder / "alternatives" / "alternatives.csv").read_text() == "rank\n1\n"
    assert (folder / "map.html").is_file()
    for table in ("districts.csv", "communes.csv"):
        assert set(COMMUNE_COLUMNS) <= set(pd.read_csv(folder / table).columns)
    book = load_workbook(folder / "report.xlsx")
    assert SHEET in book.sheetnames
    assert label("sheet_accessibility", "vi") in book.sheetnames
    sites = pd.read_csv(folder / "robust" / "robust_sites.csv")
    block = _block(_rows(book[SHEET]), label("robust_h_sites", "vi"))
    assert list(block["Số lần được chọn (lần)"]) == list(sites["chosen_draws"])
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert label("h_robustness", "vi") in page
    assert label("h_accessibility", "vi") in page
    assert "Kết quả độ vững được tính với dữ liệu khác" not in page


def test_stale_robust_result_gives_a_warning_and_no_sheet(
    robust_out: Path, bundled_result, tmp_path: Path
) -> None:
    result = bundled_result(SCENARIO)
    record = read_robustness(robust_out / SCENARIO)
    assert record is not None
    assert record.fits(result.config)
    stale = dataclasses.replace(record, fingerprint="0" * 64)
    figures = {name: b"png" for name in REQUIRED_FIGURES}
    write_report(result, tmp_path, figures=figures, robustness=stale)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Kết quả độ vững được tính với dữ liệu khác; chạy lại facility-plan robust" in page
    assert record.verdict_vi[0] not in page
    assert SHEET not in load_workbook(tmp_path / "report.xlsx").sheetnames


def test_fingerfingerprintfollows_settings_and_file_contents(scenario_copy) -> None:
    original = load_scenario(SCENARIOS / f"{SCENARIO}.toml")
    fingerprint = scenario_fingerprint(original)
    english = original.model_copy(
        update={"outputs": original.outputs.model_copy(update={"language": "en"})}
    )
    assert scenario_fingerprint(english) == fingerprint
    faster = original.model_copy(
        update={"travel": original.travel.model_copy(update={"speed_kmh": 40.0})}
    )
    assert scenario_fingerprint(faster) != fingerprint
    text = (NINH_BINH_DATA / "facilities.csv").read_text(encoding="utf-8")
    moved = load_scenario(scenario_copy(SCENARIO, files={"facilities": text}))
    assert scenario_fingerprint(moved) == fingerprint  # same bytes elsewhere: same data
    edited = load_scenario(
        scenario_copy(SCENARIO, files={"facilities": text.replace("130", "131", 1)})
    )
    assert scenario_fingerprint(edited) != fingerprint


@pytest.mark.browser
def test_robust_map_renders_offline(browser, robust_out: Path, artifacts_dir: Path) -> None:
    folder = robust_out / SCENARIO / "robust"
    sites = pd.read_csv(folder / "robust_sites.csv")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: messages.append(str(e)))
    page.on("requestfailed", lambda r: messages.append(f"requestfailed: {r.url}"))
    page.goto((folder / "robust_map.html").as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir / "robust_map.png"))
    assert messages == []
    assert page.locator("path.fp-robust-site").count() == len(sites)
    legend = page.locator("#fp-legend").inner_text()
    assert legend.startswith(label("robust_legend_title", "vi"))
    assert label("h_robustness", "vi") in legend
    assert page.locator(".leaflet-control-layers").count() == 1
    page.locator("path.fp-robust-site").first.hover(force=True)
    page.wait_for_timeout(200)
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert sites["commune_name_vi"].iloc[0] in tooltip
    context.close()


def test_annex_leaves_out_a_verdict_recorded_for_other_data(tmp_path: Path) -> None:
    config = load_scenario(SCENARIOS / f"{SCENARIO}.toml")
    path = tmp_path / "robust" / "robust.json"
    path.parent.mkdir()
    data = {"samples": 4, "verdict_vi": ["vững"], "verdict_en": ["holds"]}
    for fingerprint, expected in (
        (scenario_fingerprint(config), ("vững",)),
        ("0" * 64, None),
    ):
        path.write_text(json.dumps({**data, "scenario_fingerprint": fingerprint}), encoding="utf-8")
        verdict = read_robust_verdict(tmp_path, "vi", config=config)
        assert (verdict.lines if verdict is not None else None) == expected
