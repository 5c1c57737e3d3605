"""Output files that open well: plan.xlsx formatted, CSV figures rounded, plan.gpkg layers with QGIS styles."""

from __future__ import annotations

import dataclasses
import sqlite3
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pytest
from openpyxl import load_workbook

from facility_plan.labels import EXISTING_COLOUR, MINUTE_COLOURS, NEW_COLOUR, NO_DATA_COLOUR, label
from facility_plan.labels.notes import boundary_note
from facility_plan.outputs import write_scenario_outputs
from facility_plan.outputs.plan_workbook import PLAN_SHEETS, plan_tables
from facility_plan.outputs.rounding import column_kind, round_figures
from facility_plan.report.workbook import workbook_bytes


@pytest.fixture(scope="module")
def result(bundled_result: Any) -> Any:
    return bundled_result("ninh_binh_2025")


@pytest.fixture(scope="module")
def folder(result: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scenario_outputs(result, tmp_path_factory.mktemp("outputs"))


def _rgba(colour: str) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


# --- rounding ---------------------------------------------------------------------------------


def test_column_kinds_follow_the_units_in_the_names() -> None:
    assert column_kind("recurring_cost_vnd_per_year") == "vnd"
    assert column_kind("served_persons") == "dec1"
    assert column_kind("mean_travel_minutes") == "dec1"
    assert column_kind("access_share_within_30_minutes") == "share"
    assert column_kind("land_m2") == "int"
    assert column_kind("district_name_vi") == "text"


def test_round_figures_rounds_by_unit_and_leaves_text() -> None:
    frame = pd.DataFrame(
        {
            "recurring_cost_vnd_per_year": [3119999999.9999766, 720000400.0],
            "served_persons": [6.041557, -0.0000001],
            "mean_travel_minutes": [4.985262, np.nan],
            "capacity_places": [130.0, 20.0],
            "name_vi": ["=1+1", "Xã Kim Mỹ"],
        }
    )
    rounded = round_figures(frame)
    assert rounded["recurring_cost_vnd_per_year"].tolist() == [3_120_000_000.0, 720_000_000.0]
    assert rounded["served_persons"].tolist() == [6.0, 0.0]
    assert str(rounded["served_persons"].iloc[1]) == "0.0"  # no "-0.0"
    assert rounded["mean_travel_minutes"].iloc[0] == 5.0
    assert np.isnan(rounded["mean_travel_minutes"].iloc[1])
    assert rounded["capacity_places"].dtype == "int64"
    assert rounded["name_vi"].tolist() == ["=1+1", "Xã Kim Mỹ"]
    assert frame["served_persons"].iloc[0] == 6.041557  # the input is not changed


def test_csv_figures_are_rounded_to_what_they_mean(folder: Path, result: Any) -> None:
    resources = pd.read_csv(folder / "resources.csv")
    assert (resources["recurring_cost_vnd_per_year"] % 1000 == 0).all()
    assert "3119999999" not in (folder / "resources.csv").read_text(encoding="utf-8-sig")
    communes = pd.read_csv(folder / "communes.csv", dtype={"admin_code": str})
    for column in ("demand_persons", "served_persons", "mean_travel_minutes"):
        values = communes[column].dropna()
        assert np.allclose(values, values.round(1), atol=1e-9), column
        raw = result.communes[column].reindex(communes["admin_code"]).to_numpy()
        assert np.allclose(values, raw[communes[column].notna()], atol=0.05 + 1e-9), column
    districts = pd.read_csv(folder / "districts.csv")
    total = result.summary.demand_persons
    assert districts["demand_persons"].sum() == pytest.approx(total, abs=0.05 * len(districts))


# --- plan.xlsx --------------------------------------------------------------------------------


def test_plan_xlsx_is_formatted_like_the_report(folder: Path) -> None:
    book = load_workbook(folder / "plan.xlsx")
    assert book.sheetnames == [label(f"plan_sheet_{key}") for key in PLAN_SHEETS]
    districts = book[label("plan_sheet_districts")]
    titles = [cell.value for cell in districts[1]]
    assert "Nhu cầu (người)" in titles
    assert "Thời gian đi trung bình (phút)" in titles
    assert all(cell.font.bold for cell in districts[1])
    need = districts.cell(row=2, column=titles.index("Nhu cầu (người)") + 1)
    assert need.data_type == "n"
    assert isinstance(need.value, float)
    assert need.number_format == "#,##0.0"
    assert round(need.value, 1) == need.value
    assert districts.freeze_panes == "B2"
    assert districts.column_dimensions["B"].width > 10
    resources = book[label("plan_sheet_resources")]
    titles = [cell.value for cell in resources[1]]
    recurring = [
        row[titles.index("Chi phí thường xuyên (đồng/năm)")]
        for row in resources.iter_rows(min_row=2, values_only=True)
    ]
    assert all(isinstance(v, int | float) and v % 1000 == 0 for v in recurring)
    statuses = {
        row[titles.index("Hiện trạng")] for row in resources.iter_rows(min_row=2, values_only=True)
    }
    assert statuses <= {label("status_existing"), label("status_new")}


def test_plan_xlsx_prints_on_a4_landscape_with_repeated_headers(folder: Path) -> None:
    book = load_workbook(folder / "plan.xlsx")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddFooter.center.text == "&P / &N"


def test_plan_xlsx_summary_in_words_with_numbers(folder: Path) -> None:
    sheet = load_workbook(folder / "plan.xlsx")[label("plan_sheet_summary")]
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    item, value, _ = rows["investment_new_vnd"]
    assert item == "Vốn đầu tư cơ sở mới (đồng)"
    assert value == 17_500_000_000
    assert rows["served_persons"][1] == round(rows["served_persons"][1], 1)
    assert rows["mean_travel_minutes"][1] == round(rows["mean_travel_minutes"][1], 1)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_plan_xlsx_summary_has_no_raw_records_codes_or_field_names(
    result: Any, language: str
) -> None:
    """Every summary item is named in the sheet's language, and its value is words and numbers:
    no JSON records, no group or model codes (the field column keeps the machine name)."""
    table = plan_tables(result, language)["summary"]  # type: ignore[arg-type]
    frame = table.frame
    assert not (frame["item"] == frame["field"]).any(), frame.loc[frame["item"] == frame["field"]]
    texts = [str(v) for v in frame["value"] if isinstance(v, str)]
    assert not [t for t in texts if t.lstrip().startswith(("[", "{"))]
    assert not [t for t in texts if '"group"' in t or "mental_illness" in t or t == "None"]
    by_field = dict(zip(frame["field"], frame["value"], strict=True))
    assert by_field["model"] == label("model_kind_capacitated", language)
    assert by_field["boundaries"] == boundary_note(None, language=language)  # approximate cells
    assert by_field["programme"] == "–"  # no programme in this run, not "None"
    summary = result.summary.to_dict()
    new_sites = str(by_field["new_sites"]).splitlines()
    assert len(new_sites) == len(summary["new_sites"]) == 2
    site = summary["new_sites"][0]
    places = int(site["capacity_places"])
    assert str(site["name"]) in new_sites[0]
    assert str(places) in new_sites[0]
    groups = str(by_field["groups_served"]).splitlines()
    assert len(groups) == len(summary["groups_served"])
    assert groups[0].startswith(label("group_elderly", language) + ":")
    years = str(by_field["targets"]).splitlines()
    assert [line.split(":")[0] for line in years] == [str(t["year"]) for t in summary["targets"]]


def test_plan_xlsx_text_never_becomes_a_formula(result: Any) -> None:
    resources = result.resources.copy()
    resources.loc[resources.index[0], "name_vi"] = '=HYPERLINK("http://x","y")'
    hostile = dataclasses.replace(result, resources=resources)
    tables = plan_tables(hostile, "vi")
    book = load_workbook(BytesIO(workbook_bytes({"t": tables["resources"]})))
    cell = book["t"]["B2"]
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"


# --- plan.gpkg --------------------------------------------------------------------------------


def test_plan_gpkg_has_polygons_districts_and_points(folder: Path, result: Any) -> None:
    layers = dict(pyogrio.list_layers(folder / "plan.gpkg"))
    assert layers["communes"] == "Polygon" or "Polygon" in str(layers["communes"])
    assert "Polygon" in str(layers["districts"])
    assert layers["demand"] == "Point"
    assert layers["facilities"] == "Point"
    assert layers["assignments"] == "LineString"
    communes = pyogrio.read_dataframe(folder / "plan.gpkg", layer="communes")
    assert len(communes) == 125
    assert communes.crs.to_epsg() == 4326
    assert {"mean_travel_minutes", "served_persons", "boundary_quality"} <= set(communes.columns)
    districts = pyogrio.read_dataframe(folder / "plan.gpkg", layer="districts")
    assert len(districts) == 8
    assert districts["demand_persons"].sum() == pytest.approx(result.summary.demand_persons)
    facilities = pyogrio.read_dataframe(folder / "plan.gpkg", layer="facilities")
    assert sorted(facilities["code"]) == ["E1", "E2", "E3", "N1", "N2"]


def test_plan_gpkg_stores_a_qgis_style_per_layer(folder: Path) -> None:
    with sqlite3.connect(folder / "plan.gpkg") as connection:
        geometry = dict(
            connection.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
        )
        rows = connection.execute(
            "SELECT f_table_name, f_geometry_column, styleName, styleQML, useAsDefault "
            "FROM layer_styles"
        ).fetchall()
        contents = connection.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
    assert contents == ("attributes",)
    styles = {row[0]: row for row in rows}
    assert set(styles) == set(geometry)
    for layer, (_, column, name, qml, default) in styles.items():
        assert column == geometry[layer]
        assert name == layer
        assert default == 1
        root = ET.fromstring(qml.split("\n", 1)[1])
        assert root.tag == "qgis"
        assert root.find("renderer-v2") is not None
    communes = styles["communes"][3]
    for colour in (*MINUTE_COLOURS, NO_DATA_COLOUR):
        assert _rgba(colour) in communes
    assert "mean_travel_minutes" in communes
    assert "&gt;= 60" in communes or ">= 60" in communes
    facilities = styles["facilities"][3]
    assert _rgba(EXISTING_COLOUR) in facilities
    assert _rgba(NEW_COLOUR) in facilities
    assert 'fieldName="code"' in facilities
