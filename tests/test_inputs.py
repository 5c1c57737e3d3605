"""Malformed input tables: each gives a specific InputDataError naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import NINH_BINH_DATA

from facility_plan.errors import InputDataError
from facility_plan.io import read_communes, read_districts, read_facilities

COMMUNES_TEXT = (NINH_BINH_DATA / "communes.csv").read_text(encoding="utf-8")
FACILITIES_TEXT = (NINH_BINH_DATA / "facilities.csv").read_text(encoding="utf-8")


def _edit(text: str, row: int, column: str, value: str) -> str:
    from io import StringIO

    frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    return frame.to_csv(index=False)


def _drop(text: str, column: str) -> str:
    from io import StringIO

    return (
        pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
        .drop(columns=column)
        .to_csv(index=False)
    )


CASES = [
    (
        "communes",
        _drop(COMMUNES_TEXT, "population_persons"),
        "missing column(s) ['population_persons']; found",
    ),
    (
        "communes",
        _edit(COMMUNES_TEXT, 4, "population_persons", "many"),
        "row 5, field 'population_persons': 'many' is not a number",
    ),
    (
        "communes",
        _edit(COMMUNES_TEXT, 2, "population_persons", "-5"),
        "row 3, field 'population_persons': -5 is below 0",
    ),
    (
        "communes",
        _edit(COMMUNES_TEXT, 1, "admin_code", "14320"),
        "row 2, field 'admin_code': duplicate id '14320'",
    ),
    (
        "communes",
        _edit(COMMUNES_TEXT, 0, "admin_code", "1432"),
        "row 1, field 'admin_code': '1432' has 4 digits; expected 5",
    ),
    ("communes", _edit(COMMUNES_TEXT, 0, "lat", "120.5"), "row 1, field 'lat': 120.5 is above 24"),
    (
        "communes",
        _edit(COMMUNES_TEXT, 0, "unit_type", "town"),
        "row 1, field 'unit_type': 'town' is not one of",
    ),
    ("communes", _edit(COMMUNES_TEXT, 3, "name_vi", ""), "row 4, field 'name_vi': empty value"),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 1, "capacity_places", "-20"),
        "row 2, field 'capacity_places': -20 is below 0",
    ),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 0, "facility_type", "hospital"),
        "row 1, field 'facility_type': 'hospital' is not one of",
    ),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 2, "ownership", "private"),
        "row 3, field 'ownership': 'private' is not one of",
    ),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 2, "occupancy_persons", "500"),
        "row 3, field 'occupancy_persons': occupancy above capacity_places",
    ),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 0, "admin_code", "99999"),
        "row 1, field 'admin_code': unknown admin code '99999'",
    ),
    (
        "facilities",
        _edit(FACILITIES_TEXT, 0, "location_precision", "gps"),
        "row 1, field 'location_precision': 'gps' is not one of",
    ),
    ("facilities", "", "not a readable CSV"),
]


@pytest.mark.parametrize(
    ("table", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_malformed_table(tmp_path: Path, table: str, text: str, expected: str) -> None:
    path = tmp_path / f"{table}.csv"
    path.write_text(text, encoding="utf-8")
    communes = read_communes(NINH_BINH_DATA / "communes.csv")

    def read() -> object:
        return (
            read_communes(path) if table == "communes" else read_facilities(path, communes=communes)
        )

    with pytest.raises(InputDataError) as info:
        read()
    message = str(info.value)
    assert expected in message
    assert message.startswith(str(path)) or str(path) in message.splitlines()[1]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = _edit(_edit(FACILITIES_TEXT, 0, "capacity_places", "-1"), 1, "ownership", "state")
    path = tmp_path / "facilities.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError) as info:
        read_facilities(path)
    assert len(info.value.problems) == 2
    assert str(info.value).startswith("2 problems in the input data")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "districts.csv"
    path.write_bytes((NINH_BINH_DATA / "districts.csv").read_text("utf-8").encode("utf-16"))
    with pytest.raises(InputDataError, match="not UTF-8 text"):
        read_districts(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match=r"districts\.csv: file not found"):
        read_districts(tmp_path / "districts.csv")


def test_bundled_tables_read_cleanly() -> None:
    communes = read_communes(NINH_BINH_DATA / "communes.csv")
    facilities = read_facilities(NINH_BINH_DATA / "facilities.csv", communes=communes)
    assert communes.index.is_unique
    assert communes.crs.to_epsg() == 4326
    assert facilities["capacity_places"].sum() == 560


def test_vietnamese_number_format_is_read_only_when_asked(tmp_path: Path) -> None:
    from io import StringIO

    from facility_plan.io import read_table
    from facility_plan.schema import COMMUNES

    frame = pd.read_csv(StringIO(COMMUNES_TEXT), dtype=str, keep_default_na=False)
    frame["population_persons"] = [
        f"{int(v):,}".replace(",", ".") for v in frame["population_persons"]
    ]
    for column in ("lat", "lon", "area_km2"):
        frame[column] = frame[column].str.replace(".", ",")
    path = tmp_path / "communes.csv"
    path.write_text(frame.to_csv(index=False, sep=";"), encoding="utf-8")
    with pytest.raises(InputDataError, match=r"row 1, field 'population_persons': '9\.830'"):
        read_table(path, COMMUNES, separator=";")
    read = read_table(path, COMMUNES, separator=";", number_format="vietnamese")
    assert read["population_persons"].iloc[0] == 9830.0
    assert read["lat"].iloc[0] == pytest.approx(20.263957)


def test_semicolon_file_is_read_with_its_separator_stated(tmp_path: Path) -> None:
    from io import StringIO

    path = tmp_path / "communes.csv"
    frame = pd.read_csv(StringIO(COMMUNES_TEXT), dtype=str, keep_default_na=False)
    path.write_text(frame.to_csv(index=False, sep=";"), encoding="utf-8")
    with pytest.raises(InputDataError, match=r"separated by ';' \(semicolon\)"):
        read_communes(path)
    assert len(read_communes(path, separator=";")) == len(frame)


def test_candidate_sites_with_only_required_columns_get_defaults(tmp_path: Path) -> None:
    from facility_plan.io import read_candidate_sites

    path = tmp_path / "sites.csv"
    path.write_text("site_id,admin_code,lat,lon\nP1,14320,20.26,105.97\n", encoding="utf-8")
    communes = read_communes(NINH_BINH_DATA / "communes.csv")
    sites = read_candidate_sites(path, communes=communes)
    assert np.isnan(sites.loc["P1", "max_places"])
    assert sites.loc["P1", "name_vi"] == communes.loc["14320", "name_vi"]


def test_csv_writer_neutralises_text_cells_only(tmp_path: Path) -> None:
    from facility_plan.io import write_csv

    frame = pd.DataFrame(
        {
            "name": ["=1+1", "+84", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "Phường A", None],
            "value": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, np.nan],
        }
    )
    path = write_csv(tmp_path / "t.csv", frame)
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["name"].tolist()[:7] == [
        "'=1+1",
        "'+84",
        "'-x",
        "'@SUM(A1)",
        "'\tcmd",
        "'\ncmd",
        "Phường A",
    ]
    assert back["value"].iloc[0] == "-5.0"


def test_xlsx_writer_stores_text_never_a_formula(tmp_path: Path) -> None:
    import openpyxl

    from facility_plan.io import write_xlsx

    frame = pd.DataFrame({"name": ['=HYPERLINK("http://x","y")', "=1+1"], "places": [20, np.nan]})
    path = write_xlsx(tmp_path / "plan.xlsx", {"sites": frame})
    sheet = openpyxl.load_workbook(path)["sites"]
    assert sheet["A2"].value == '=HYPERLINK("http://x","y")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["B2"].value == 20
    assert sheet["B3"].value is None


def test_json_writer_is_strict(tmp_path: Path) -> None:
    import json

    from facility_plan.io import write_json

    path = write_json(
        tmp_path / "s.json", {"a": float("nan"), "b": [np.float64("inf"), np.int64(3)], "c": 1.5}
    )
    data = json.loads(path.read_text("utf-8"), parse_constant=lambda c: pytest.fail(c))
    assert data == {"a": None, "b": [None, 3], "c": 1.5}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
