"""`facility-plan init`: a project folder whose parcels template, edited in XLSX or as a `;`/`,` CSV, runs."""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import REPO_ROOT
from typer.testing import CliRunner

from facility_plan.cli.app import app
from facility_plan.cli.init import register
from facility_plan.errors import InputDataError

PARCELS = [
    ("P-KS-1", "14686", "Lô đất Kim Mỹ", 20.03, 106.10, 1500),
    ("P-GV-1", "14488", "Lô đất Gia Lập", 20.34, 105.89, 1200),
]
"""Two land parcels in rural communes of Ninh Bình (2019): 1,500 m² and 1,200 m² (50 and 40
places at 30 m² per place)."""

if not any(command.name == "init" for command in app.registered_commands):
    register(app)


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash log (exit 3) goes to the test's folder, never into the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project") / "ninh_binh"
    result = CliRunner().invoke(
        app, ["init", str(folder), "--province", "Ninh Bình", "--era", "2019"]
    )
    assert result.exit_code == 0, result.output
    return folder


def _edit_parcels_xlsx(path: Path) -> None:
    """Replace the template's rows by `PARCELS`, as a planner would in a spreadsheet program."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["candidate_sites"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(3, sheet.max_row)
    for site_id, code, name, lat, lon, area in PARCELS:
        row = dict.fromkeys(header)
        row.update(
            {"site_id": site_id, "admin_code": code, "name_vi": name, "lat": lat, "lon": lon}
        )
        row["area_m2"] = area
        sheet.append([row[name] for name in header])
    workbook.save(path)


def test_init_writes_scenario_templates_and_notes(project: Path) -> None:
    data = project / "du_lieu"
    for stem in (
        "communes",
        "districts",
        "facilities",
        "candidate_sites",
        "priority_communes",
        "registers",
    ):
        assert (data / f"{stem}.csv").is_file()
        assert (data / f"{stem}.xlsx").is_file()
    text = (project / "scenario.toml").read_text(encoding="utf-8")
    assert "# Số cơ sở mới cần mở" in text
    settings = tomllib.loads(text)
    assert settings["inputs"]["candidate_sites"] == "du_lieu/candidate_sites.xlsx"
    assert settings["model"]["target_places"] == 580  # 0.59 per 1,000 × 982,487
    communes = pd.read_csv(data / "communes.csv", dtype=str)
    assert len(communes) == 125
    notes = (project / "GHI_CHU.md").read_text(encoding="utf-8")
    assert "## `candidate_sites` — Địa điểm dự kiến" in notes


def test_xlsx_template_has_notes_and_value_lists(project: Path) -> None:
    workbook = openpyxl.load_workbook(project / "du_lieu" / "facilities.xlsx")
    assert workbook.sheetnames == ["facilities", "ghi_chu"]
    sheet = workbook["facilities"]
    header = [cell.value for cell in sheet[1]]
    assert str(sheet.cell(row=2, column=1).value).startswith("#")
    lists = {
        header[openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0][0]) - 1]: (
            dv.formula1
        )
        for dv in sheet.data_validations.dataValidation
    }
    assert set(lists) == {"facility_type", "ownership", "location_precision"}
    assert "mental_health" in lists["facility_type"]
    assert sheet.cell(row=3, column=header.index("admin_code") + 1).data_type == "s"
    notes = [row[0].value for row in workbook["ghi_chu"].iter_rows(min_row=3)]
    assert notes == header


def test_edited_parcels_xlsx_validates_and_runs(project: Path, tmp_path: Path) -> None:
    _edit_parcels_xlsx(project / "du_lieu" / "candidate_sites.xlsx")
    scenario = project / "scenario.toml"
    checked = CliRunner().invoke(app, ["validate", str(scenario), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert "2 candidate sites" in checked.output
    ran = CliRunner().invoke(app, ["run", str(scenario), "--out", str(tmp_path)])
    assert ran.exit_code == 0, ran.output
    summary = json.loads((tmp_path / "ninh_binh_2019_plan" / "summary.json").read_text("utf-8"))
    assert summary["status"] == "optimal"
    assert {site["site_id"] for site in summary["new_sites"]} == {p[0] for p in PARCELS}


def test_semicolon_decimal_comma_parcels_run(project: Path, tmp_path: Path) -> None:
    parcels = tmp_path / "lo_dat.csv"
    lines = ["site_id;admin_code;name_vi;lat;lon;area_m2"]
    for site_id, code, name, lat, lon, area in PARCELS:
        # Excel set to Vietnamese: ';' between columns, decimal comma, '.' between thousands.
        vietnamese = [f"{lat:.2f}".replace(".", ","), f"{lon:.2f}".replace(".", ",")]
        lines.append(";".join([site_id, code, name, *vietnamese, f"{area:,}".replace(",", ".")]))
    parcels.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    text = (project / "scenario.toml").read_text(encoding="utf-8")
    scenario = project / "scenario_csv.toml"
    scenario.write_text(
        text.replace('"du_lieu/candidate_sites.xlsx"', json.dumps(str(parcels))),
        encoding="utf-8",
    )
    checked = CliRunner().invoke(app, ["validate", str(scenario), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert "2 candidate sites" in checked.output
    ran = CliRunner().invoke(app, ["run", str(scenario), "--out", str(tmp_path / "out")])
    assert ran.exit_code == 0, ran.output
    summary = json.loads((tmp_path / "out" / "ninh_binh_2019_plan" / "summary.json").read_text())
    assert {site["site_id"] for site in summary["new_sites"]} == {p[0] for p in PARCELS}


def test_semicolon_parcels_are_read_with_the_convention_logged(
    project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from facility_plan.io import read_candidate_sites

    path = tmp_path / "lo_dat.csv"
    path.write_text(
        "site_id;admin_code;name_vi;lat;lon;area_m2\n"
        "P-KS-1;14686;Lô đất Kim Mỹ;20,03;106,1;1.500\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO, logger="facility_plan.io.spreadsheets"):
        sites = read_candidate_sites(path)
    assert sites.loc["P-KS-1", "area_m2"] == 1500.0
    assert sites.loc["P-KS-1", "lat"] == pytest.approx(20.03)
    assert "separated by ';' (semicolon)" in caplog.text
    assert "',' decimal comma" in caplog.text
    path.write_text(
        "site_id;admin_code;lat;lon;area_m2\nP-KS-1;14686;20,03;106,1;-5\n", encoding="utf-8"
    )
    with pytest.raises(InputDataError, match=r"area_m2.*below 0.*';' \(semicolon\)"):
        read_candidate_sites(path)


def test_semicolon_file_with_decimal_points_is_refused_naming_the_separator(
    tmp_path: Path,
) -> None:
    from facility_plan.io import read_candidate_sites

    path = tmp_path / "lo_dat.csv"
    path.write_text("site_id;admin_code;lat;lon\nP1;14686;20.03;106.1\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"separated by ';' \(semicolon\).*'20\.03'"):
        read_candidate_sites(path)
    assert len(read_candidate_sites(path, separator=";")) == 1


def test_bundled_paths_run_from_anywhere(project: Path, tmp_path: Path) -> None:
    settings = (project / "scenario.toml").read_text(encoding="utf-8")
    for table in ("communes", "districts", "facilities"):
        settings = settings.replace(
            f'"du_lieu/{table}.xlsx"', f'"bundled:ninh_binh_2019/{table}.csv"'
        )
    settings = settings.replace('"du_lieu/candidate_sites.xlsx"', '"all_communes"')
    elsewhere = tmp_path / "copied" / "scenario.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(settings, encoding="utf-8")
    checked = CliRunner().invoke(app, ["validate", str(elsewhere), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert "125 communes" in checked.output
    wrong = elsewhere.with_name("wrong.toml")
    wrong.write_text(settings.replace("bundled:ninh_binh_2019/", "bundled:atlantis/"), "utf-8")
    refused = CliRunner().invoke(app, ["validate", str(wrong)])
    assert refused.exit_code == 2
    assert "names no bundled table" in refused.output


def test_workbook_cells_read_only_when_unambiguous(tmp_path: Path) -> None:
    from facility_plan.io import read_table
    from facility_plan.schema import CANDIDATE_SITES

    path = tmp_path / "parcels.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "notes"  # not a notes sheet name: the first sheet is read
    sheet.append(["site_id", "admin_code", "lat", "lon", "area_m2"])
    sheet.append(["# ghi chú", "mã xã", "vĩ độ", "kinh độ", "m²"])
    sheet.append(["P1", 1234, "20,5", 106.1, 900])
    sheet.append(["P2", "14686", 20.3, 106.2, "1.500"])
    workbook.save(path)
    with pytest.raises(InputDataError) as refused:
        read_table(path, CANDIDATE_SITES)
    text = str(refused.value)
    assert "row 2, field 'area_m2'" in text
    assert "could be 1500" in text
    assert "sheet row 4" in text
    sheet["E4"] = 1500
    workbook.save(path)
    table = read_table(path, CANDIDATE_SITES)
    assert table["admin_code"].tolist() == ["01234", "14686"]  # leading zero back
    assert table["lat"].tolist() == [20.5, 20.3]


def test_init_refuses_a_non_empty_folder_and_unknown_provinces(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    busy = CliRunner().invoke(
        app, ["init", str(tmp_path), "--province", "Ninh Bình", "--era", "2019"]
    )
    assert busy.exit_code == 2
    assert "not empty" in busy.output
    unknown = CliRunner().invoke(
        app, ["init", str(tmp_path / "x"), "--province", "Atlantis", "--era", "2019"]
    )
    assert unknown.exit_code == 2
    assert "unknown province" in unknown.output
    era = CliRunner().invoke(
        app, ["init", str(tmp_path / "y"), "--province", "Vĩnh Phúc", "--era", "2025"]
    )
    assert era.exit_code == 2
    assert "no bundled tables for era 2025" in era.output


def test_english_scenario_notes_come_from_the_docstrings(tmp_path: Path) -> None:
    from facility_plan.project import init_project

    made = init_project(tmp_path / "en", "ninh_binh", 2019, "en")
    text = made.scenario.read_text(encoding="utf-8")
    assert "# Number of new centres to open (exactly)" in text
    assert tomllib.loads(text)["outputs"]["language"] == "en"


def test_every_setting_and_column_is_documented() -> None:
    from facility_plan.config import ScenarioConfig
    from facility_plan.project import check_column_docs, scenario_toml
    from facility_plan.project.scenario_file import FULL_SECTIONS

    check_column_docs()
    values = {"name": "x", "title_vi": "x", "year": 2025}
    for language in ("vi", "en"):
        text = scenario_toml(values, language=language)
        settings = tomllib.loads(text)
        for section in FULL_SECTIONS:
            model = ScenarioConfig.model_fields[section].annotation
            if (
                section == "model"
            ):  # a union of model kinds: the template writes the capacitated one
                from facility_plan.config import CapacitatedConfig

                model = CapacitatedConfig
            written = set(settings.get(section, {}))
            commented = set(model.model_fields) - written  # type: ignore[union-attr]
            assert all(f"# {field} = " in text for field in commented), (section, commented)


def test_readme_section_is_the_generated_one() -> None:
    from facility_plan.project import README_START, replace_readme_section

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert README_START in readme
    assert readme.index(README_START) > readme.index("## Reading the outputs")
    assert replace_readme_section(readme) == readme, "run python scripts/input_tables_doc.py"
