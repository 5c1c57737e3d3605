"""End-to-end corpus of malformed and awkward inputs (issue 12), each built from the bundled Ninh Bình 2019 tables.

Every case mutates a copy of the bundled tables (or adds a boundary or candidate-site file), runs it
through the command line (``validate``; ``run`` or ``compare`` where the failure shows at solve or
write time) and checks the exit code (2 for a refusal, 0 for accepted input, with the warning
printed), the words the message must hold (file, row, field) and that no output folder or temporary
file is left behind. Cases decided at the input boundary are also run through
`facility_plan.io.read_scenario_inputs` directly. Kinds follow the issue: ``silent`` (impossible
values), ``injection`` (output safety), ``traceback``, ``refusal`` (vague or wrongful) and ``other``.
"""

from __future__ import annotations

import csv
import json
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from conftest import NINH_BINH_DATA, SCENARIOS, dump_toml
from typer.testing import CliRunner

from facility_plan.cli import app
from facility_plan.config import load_scenario
from facility_plan.errors import FacilityPlanError
from facility_plan.io import (
    FORMULA_TRIGGERS,
    compute_approximate_cells,
    read_communes,
    read_scenario_inputs,
)

Kind = Literal["silent", "injection", "traceback", "refusal", "other"]
SCENARIO = "ninh_binh_2025"
TABLES = ("communes", "districts", "facilities")
COMMUNES_NB = read_communes(NINH_BINH_DATA / "communes.csv")
CELLS = compute_approximate_cells(COMMUNES_NB, crs="EPSG:32648")[["admin_code", "geometry"]]
FREE_COMMUNE_ROW = 60  # a commune with no existing centre


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(NINH_BINH_DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@dataclass
class Inputs:
    """Copies of the bundled tables and scenario settings, mutated by a case, then written."""

    folder: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=lambda: {t: _table(t) for t in TABLES})
    raw: dict[str, bytes] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def path(self, name: str, suffix: str = ".csv") -> Path:
        return self.folder / f"{name}{suffix}"

    def set(self, table: str, row: int, column: str, value: str) -> Inputs:
        self.frames[table].loc[row, column] = value
        return self

    def text(self, table: str) -> str:
        return self.frames[table].to_csv(index=False)

    def write(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        raw = tomllib.loads((SCENARIOS / f"{SCENARIO}.toml").read_text(encoding="utf-8"))
        for name, frame in self.frames.items():
            target = self.path(name)
            if name in self.raw:
                target.write_bytes(self.raw[name])
            else:
                frame.to_csv(target, index=False)
            raw["inputs"][name] = str(target)
        for name, data in self.raw.items():
            if name not in self.frames:
                self.path(name, "").write_bytes(data)
        for table, values in self.settings.items():
            raw.setdefault(table, {}).update(values)
        scenario = self.folder / f"{SCENARIO}.toml"
        scenario.write_text(dump_toml(raw), encoding="utf-8")
        return scenario


@dataclass(frozen=True)
class Case:
    """One corpus entry: how to break the inputs and what the planner must see."""

    kind: Kind
    mutate: Callable[[Inputs], object]
    exit_code: int
    words: tuple[str, ...] = ()
    command: Literal["validate", "run", "compare"] = "validate"
    at_input_boundary: bool = True
    absent: tuple[str, ...] = ()


def cell(table: str, row: int, column: str, value: str) -> Callable[[Inputs], object]:
    return lambda inputs: inputs.set(table, row, column, value)


def raw_text(table: str, edit: Callable[[str], bytes]) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        inputs.raw[table] = edit(inputs.text(table))

    return run


def duplicate_header(table: str, column: str) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        frame = inputs.frames[table]
        copy = frame[[column]].copy()
        copy[column] = "1"
        inputs.raw[table] = pd.concat([frame, copy], axis=1).to_csv(index=False).encode("utf-8")

    return run


def header_only(table: str) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        inputs.frames[table] = inputs.frames[table].iloc[0:0]

    return run


def all_zero_population(inputs: Inputs) -> None:
    inputs.frames["communes"]["population_persons"] = "0"


def sites(frame: pd.DataFrame | None = None, **tiers: object) -> Callable[[Inputs], object]:
    """Use a candidate-site file (default: three parcels of 3 000 m² at commune points)."""

    def run(inputs: Inputs) -> None:
        table = frame if frame is not None else _parcels()
        target = inputs.path("candidate_sites")
        inputs.folder.mkdir(parents=True, exist_ok=True)
        table.to_csv(target, index=False)
        inputs.settings.setdefault("inputs", {})["candidate_sites"] = str(target)
        if tiers:
            inputs.settings.setdefault("model", {}).update(tiers)

    return run


def _parcels(**changes: str) -> pd.DataFrame:
    communes = _table("communes")
    chosen = communes.iloc[[10, 40, 80]]
    frame = pd.DataFrame(
        {
            "site_id": ["P1", "P2", "P3"],
            "admin_code": chosen["admin_code"].to_numpy(),
            "lat": chosen["lat"].to_numpy(),
            "lon": chosen["lon"].to_numpy(),
            "area_m2": ["3000", "3000", "3000"],
        }
    )
    for key, value in changes.items():
        column, _, row = key.rpartition("_r")
        frame.loc[int(row), column] = value
    return frame


def boundaries(
    make: Callable[[Path], Path], code_column: str = "admin_code"
) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        inputs.folder.mkdir(parents=True, exist_ok=True)
        path = make(inputs.folder)
        inputs.settings.setdefault("inputs", {}).update(
            {"boundaries": str(path), "boundary_code_column": code_column}
        )

    return run


def cells_file(
    name: str = "xa.gpkg",
    crs: str = "EPSG:4326",
    edit: Callable[[gpd.GeoDataFrame], Any] | None = None,
) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        frame = CELLS.reset_index(drop=True).to_crs(crs)
        if edit is not None:
            frame = edit(frame)
        path = folder / name
        frame.to_file(path, engine="pyogrio")
        return path

    return make


def shifted(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame["admin_code"] = [*frame["admin_code"].iloc[1:], frame["admin_code"].iloc[0]]
    return frame


def swapped(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    codes = list(frame["admin_code"])
    codes[3], codes[4] = codes[4], codes[3]
    frame["admin_code"] = codes
    return frame


def metres_geojson_without_crs(folder: Path) -> Path:
    path = cells_file("xa.geojson", "EPSG:32648")(folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("crs", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def shapefile_without_prj(folder: Path) -> Path:
    path = cells_file("xa.shp", "EPSG:32648")(folder)
    path.with_suffix(".prj").unlink()
    return path


def wrong_declared_crs(folder: Path) -> Path:
    frame = (
        CELLS.reset_index(drop=True).to_crs("EPSG:32648").set_crs("EPSG:32748", allow_override=True)
    )
    path = folder / "xa.gpkg"
    frame.to_file(path, engine="pyogrio")
    return path


def zipped_shapefile(inner_folder: str | None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        shp = folder / "shp" / "xa.shp"
        shp.parent.mkdir()
        CELLS.reset_index(drop=True).to_file(shp, engine="pyogrio")
        archive = folder / "xa.zip"
        with zipfile.ZipFile(archive, "w") as handle:
            if inner_folder is None:
                handle.writestr("readme.txt", "no shapefile here")
            for part in shp.parent.iterdir():
                if inner_folder is not None:
                    handle.write(part, f"{inner_folder}/{part.name}")
        return archive

    return make


def without_first_polygon(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.iloc[1:]


def renamed_code(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.rename(columns={"admin_code": "ma_xa"})


def move_point(table: str, row: int, lat: float, lon: float) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        inputs.set(table, row, "lat", f"{lat:.6f}").set(table, row, "lon", f"{lon:.6f}")

    return run


def chain(*steps: Callable[[Inputs], object]) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        for step in steps:
            step(inputs)

    return run


def reorder_columns(table: str) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        frame = inputs.frames[table]
        inputs.frames[table] = frame[list(reversed(frame.columns))]

    return run


def pad_cells(table: str) -> Callable[[Inputs], object]:
    def run(inputs: Inputs) -> None:
        frame = inputs.frames[table]
        inputs.frames[table] = frame.map(lambda v: f"  {v} " if v else v).rename(
            columns=lambda c: f" {c} "
        )

    return run


def extra_column(inputs: Inputs) -> None:
    inputs.frames["communes"]["ghi_chu"] = "ghi chú của cán bộ"


def ragged_row(text: str) -> bytes:
    lines = text.splitlines()
    lines[2] += ",extra,cells"
    return ("\n".join(lines) + "\n").encode("utf-8")


def directory_instead_of_file(inputs: Inputs) -> None:
    inputs.settings.setdefault("inputs", {})["facilities"] = str(inputs.folder)


def workbook_bytes(text: str) -> bytes:
    out = BytesIO()
    pd.read_csv(StringIO(text), dtype=str).to_excel(out, index=False)
    return out.getvalue()


def separated(separator: str) -> Callable[[str], bytes]:
    return lambda text: (
        pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
        .to_csv(index=False, sep=separator)
        .encode("utf-8")
    )


WARNING_WORDS = ("warning",)
CASES: dict[str, Case] = {
    # 1. silent wrong results: impossible values are refused or warned about
    "commune-population-1e308": Case(
        "silent",
        cell("communes", 4, "population_persons", "1e308"),
        2,
        ("communes.csv", "row 5", "population_persons", "above 2e+06"),
    ),
    "commune-population-3-million": Case(
        "silent",
        cell("communes", 2, "population_persons", "3000000"),
        2,
        ("communes.csv", "row 3", "population_persons", "2 million"),
    ),
    "commune-population-thousands-dot": Case(
        "silent",
        cell("communes", 0, "population_persons", "9.830"),
        2,
        ("communes.csv", "row 1", "population_persons", "thousands separator", "9830"),
    ),
    "commune-population-thousands-comma": Case(
        "silent",
        cell("communes", 0, "population_persons", "9,830"),
        2,
        ("communes.csv", "row 1", "population_persons", "thousands separator"),
    ),
    "commune-population-thousands-space": Case(
        "silent",
        cell("communes", 1, "population_persons", "10 124"),
        2,
        ("communes.csv", "row 2", "population_persons", "10124"),
    ),
    "district-population-thousands-dot": Case(
        "silent",
        cell("districts", 0, "population_persons", "128.480"),
        2,
        ("districts.csv", "row 1", "population_persons", "thousands separator"),
    ),
    "facility-capacity-thousands-dot": Case(
        "silent",
        cell("facilities", 0, "capacity_places", "1.300"),
        2,
        ("facilities.csv", "row 1", "capacity_places", "thousands separator"),
    ),
    "commune-lat-decimal-comma": Case(
        "silent",
        cell("communes", 3, "lat", "20,25"),
        2,
        ("communes.csv", "row 4", "lat", "decimal comma", "20.25"),
    ),
    "district-60plus-above-total": Case(
        "silent",
        cell("districts", 1, "age_60plus_persons", "90000"),
        2,
        ("districts.csv", "row 2", "age_60plus_persons", "above the district's total"),
    ),
    "district-80plus-above-60plus": Case(
        "silent",
        cell("districts", 0, "age_80plus_persons", "25000"),
        2,
        ("districts.csv", "row 1", "age_80plus_persons", "age_60plus_persons"),
    ),
    "district-young-and-old-above-total": Case(
        "silent",
        cell("districts", 2, "age_0_14_persons", "150000"),
        2,
        ("districts.csv", "row 3", "age_0_14_persons + age_60plus_persons"),
    ),
    "facility-capacity-50000": Case(
        "silent",
        cell("facilities", 1, "capacity_places", "50000"),
        2,
        ("facilities.csv", "row 2", "capacity_places", "5,000 places"),
    ),
    "facility-in-laos": Case(
        "silent",
        move_point("facilities", 0, 19.89, 102.14),
        2,
        ("facilities.csv", "row 1", "field 'lat'", "km from its commune", "NB-E01"),
    ),
    "facility-in-cambodia": Case(
        "silent",
        move_point("facilities", 2, 11.56, 104.92),
        2,
        ("facilities.csv", "row 3", "field 'lat'", "another province or country"),
    ),
    "facility-30-km-from-its-commune": Case(
        "silent",
        move_point("facilities", 1, 20.43, 106.00),
        0,
        ("facilities.csv", "row 2", "km from the point of its commune", *WARNING_WORDS),
    ),
    "commune-moved-to-laos": Case(
        "silent",
        move_point("communes", FREE_COMMUNE_ROW, 19.89, 102.14),
        0,
        (
            "communes.csv",
            f"row {FREE_COMMUNE_ROW + 1}",
            "nearest other commune of its district",
            *WARNING_WORDS,
        ),
    ),
    "commune-population-sum-far-above-district": Case(
        "silent",
        cell("communes", 0, "population_persons", "1500000"),
        0,
        ("communes.csv", "district '369'", "× the district's", *WARNING_WORDS),
        absent=("error:",),
    ),
    "boundary-geojson-metres-without-crs": Case(
        "silent",
        boundaries(metres_geojson_without_crs),
        2,
        ("xa.geojson", "field 'geometry'", "metres", "crs"),
    ),
    "boundary-shapefile-without-prj": Case(
        "silent",
        boundaries(shapefile_without_prj),
        2,
        ("xa.shp", "field 'geometry'", "no CRS declared", "look like metres"),
    ),
    "boundary-wrong-declared-crs": Case(
        "silent",
        boundaries(wrong_declared_crs),
        2,
        ("xa.gpkg", "field 'geometry'", "outside Viet Nam"),
    ),
    "boundary-codes-shifted-by-one-row": Case(
        "silent",
        boundaries(cells_file(edit=shifted)),
        2,
        ("xa.gpkg", "row ", "field 'admin_code'", "codes look shifted"),
    ),
    "boundary-two-codes-swapped": Case(
        "silent",
        boundaries(cells_file(edit=swapped)),
        2,
        ("xa.gpkg", "row 4", "field 'admin_code'", "holds the point of commune"),
    ),
    "communes-duplicate-header": Case(
        "silent",
        duplicate_header("communes", "population_persons"),
        2,
        ("communes.csv", "field 'population_persons'", "appears 2 times"),
    ),
    "facilities-duplicate-header": Case(
        "silent",
        duplicate_header("facilities", "capacity_places"),
        2,
        ("facilities.csv", "field 'capacity_places'", "appears 2 times"),
    ),
    "districts-duplicate-header": Case(
        "silent",
        duplicate_header("districts", "age_60plus_persons"),
        2,
        ("districts.csv", "field 'age_60plus_persons'", "appears 2 times"),
    ),
    # 3. tracebacks: inputs that used to crash later now stop (or pass) at the input boundary
    "commune-population-inf": Case(
        "traceback",
        cell("communes", 6, "population_persons", "inf"),
        2,
        ("communes.csv", "row 7", "population_persons", "not a finite number"),
    ),
    "commune-population-minus-inf": Case(
        "traceback",
        cell("communes", 6, "population_persons", "-inf"),
        2,
        ("communes.csv", "row 7", "population_persons", "not a finite number"),
    ),
    "commune-population-overflow": Case(
        "traceback",
        cell("communes", 7, "population_persons", "1e999"),
        2,
        ("communes.csv", "row 8", "population_persons", "not a finite number"),
    ),
    "commune-population-nan": Case(
        "traceback",
        cell("communes", 8, "population_persons", "NaN"),
        2,
        ("communes.csv", "row 9", "population_persons", "not a number"),
    ),
    "district-population-inf": Case(
        "traceback",
        cell("districts", 3, "population_persons", "Infinity"),
        2,
        ("districts.csv", "row 4", "population_persons", "not a finite number"),
    ),
    "district-population-zero": Case(
        "traceback",
        cell("districts", 4, "population_persons", "0"),
        2,
        ("districts.csv", "row 5", "population_persons", "0 persons"),
    ),
    "all-communes-zero-population": Case(
        "traceback",
        all_zero_population,
        2,
        ("communes.csv", "population_persons", "have 0 persons"),
    ),
    "facility-capacity-inf": Case(
        "traceback",
        cell("facilities", 0, "capacity_places", "inf"),
        2,
        ("facilities.csv", "row 1", "capacity_places", "not a finite number"),
    ),
    "facility-occupancy-nan": Case(
        "traceback",
        cell("facilities", 2, "occupancy_persons", "nan"),
        2,
        ("facilities.csv", "row 3", "occupancy_persons", "not a number"),
    ),
    "sites-only-required-columns": Case(
        "traceback",
        sites(_parcels().drop(columns="area_m2")),
        0,
        ("OK",),
        absent=("max_places", "KeyError"),
    ),
    "sites-area-inf": Case(
        "traceback",
        sites(_parcels(area_m2_r1="inf")),
        2,
        ("candidate_sites.csv", "row 2", "area_m2", "not a finite number"),
    ),
    "sites-parcel-too-small-for-smallest-tier": Case(
        "traceback",
        sites(_parcels(area_m2_r0="150")),
        0,
        ("candidate_sites.csv", "row 1", "'P1'", "smallest size tier", *WARNING_WORDS),
        absent=("NaN/inf",),
    ),
    "sites-every-parcel-too-small": Case(
        "traceback",
        sites(_parcels(area_m2_r0="150", area_m2_r1="150", area_m2_r2="150")),
        2,
        ("candidate_sites.csv", "smallest size tier", "max_places"),
        absent=("NaN/inf",),
    ),
    "compare-truncated-summary-json": Case(
        "traceback", lambda inputs: None, 2, ("summary.json",), "compare", False
    ),
    # 4. vague or wrongful refusals
    "communes-header-only": Case(
        "refusal",
        header_only("communes"),
        2,
        ("communes.csv", "no data rows"),
        absent=("facilities.csv",),
    ),
    "districts-header-only": Case(
        "refusal", header_only("districts"), 2, ("districts.csv", "no data rows")
    ),
    "facility-id-looks-internal": Case(
        "refusal", cell("facilities", 0, "facility_id", "C-14332"), 0, ("OK",)
    ),
    "facility-id-is-internal-candidate-id": Case(
        "refusal",
        cell("facilities", 1, "facility_id", "commune:14332"),
        2,
        ("facilities.csv", "row 2", "facility_id", "'commune:14332'", "another id"),
        absent=("not consistent",),
    ),
    "site-id-equals-facility-id": Case(
        "refusal",
        sites(_parcels(site_id_r1="NB-E02")),
        2,
        ("candidate_sites.csv", "row 2", "field 'site_id'", "facilities.csv row 2"),
        absent=("not consistent",),
    ),
    "boundary-zip-shapefile-in-folder": Case(
        "refusal", boundaries(zipped_shapefile("ranh_gioi/xa")), 0, ("OK",), absent=("GDAL",)
    ),
    "boundary-zip-without-shapefile": Case(
        "refusal",
        boundaries(zipped_shapefile(None)),
        2,
        ("xa.zip", "no Shapefile (.shp) inside the zip", "readme.txt"),
        absent=("/vsizip/",),
    ),
    "communes-semicolon-separated": Case(
        "refusal",
        raw_text("communes", separated(";")),
        2,
        ("communes.csv", "';' (semicolon)", "separator"),
        absent=("missing column",),
    ),
    "facilities-semicolon-separated": Case(
        "refusal",
        raw_text("facilities", separated(";")),
        2,
        ("facilities.csv", "';' (semicolon)"),
        absent=("missing column",),
    ),
    "districts-tab-separated": Case(
        "refusal",
        raw_text("districts", separated("\t")),
        2,
        ("districts.csv", "tab"),
        absent=("missing column",),
    ),
    "communes-utf16": Case(
        "refusal",
        raw_text("communes", lambda t: t.encode("utf-16")),
        2,
        ("communes.csv", "UTF-16", "UTF-8"),
    ),
    "facilities-cp1258": Case(
        "refusal",
        raw_text("facilities", lambda t: t.encode("cp1258", errors="replace")),
        2,
        ("facilities.csv", "not UTF-8 text"),
    ),
    "districts-excel-workbook-named-csv": Case(
        "refusal",
        raw_text("districts", workbook_bytes),
        2,
        ("districts.csv", "Excel workbook", "CSV UTF-8"),
    ),
    "facilities-empty-file": Case(
        "refusal", raw_text("facilities", lambda t: b""), 2, ("facilities.csv", "empty")
    ),
    "facilities-ragged-row": Case(
        "refusal",
        raw_text("facilities", ragged_row),
        2,
        ("facilities.csv", "not a readable CSV"),
    ),
    "facilities-path-is-a-folder": Case("refusal", directory_instead_of_file, 2, ("not a file",)),
    # other awkward inputs: accepted as they are, or refused naming file, row and field
    "communes-with-bom": Case(
        "other", raw_text("communes", lambda t: ("\ufeff" + t).encode("utf-8")), 0, ("OK",)
    ),
    "districts-crlf-line-endings": Case(
        "other", raw_text("districts", lambda t: t.replace("\n", "\r\n").encode()), 0, ("OK",)
    ),
    "facilities-padded-cells-and-headers": Case("other", pad_cells("facilities"), 0, ("OK",)),
    "communes-columns-reordered": Case("other", reorder_columns("communes"), 0, ("OK",)),
    "communes-extra-column": Case("other", extra_column, 0, ("OK",)),
    "facility-name-with-newline": Case(
        "other", cell("facilities", 0, "name_vi", "Trung tâm\nBảo trợ"), 0, ("OK",)
    ),
    "commune-unknown-district": Case(
        "other",
        cell("communes", 5, "district_code", "999"),
        2,
        ("communes.csv", "row 6", "district_code", "unknown district '999'"),
    ),
    "facility-admin-code-lost-digit": Case(
        "other",
        cell("facilities", 0, "admin_code", "1433"),
        2,
        ("facilities.csv", "row 1", "admin_code", "4 digits"),
    ),
    "facility-lat-lon-swapped": Case(
        "other",
        move_point("facilities", 1, 106.006713, 20.163285),
        2,
        ("facilities.csv", "row 2", "field 'lat'", "above 24"),
    ),
    "communes-missing-population-column": Case(
        "other",
        lambda inputs: inputs.frames.update(
            communes=inputs.frames["communes"].drop(columns="population_persons")
        ),
        2,
        ("communes.csv", "missing column(s) ['population_persons']"),
    ),
    "sites-unknown-admin-code": Case(
        "other",
        sites(_parcels(admin_code_r2="99999")),
        2,
        ("candidate_sites.csv", "row 3", "admin_code", "unknown admin code '99999'"),
    ),
    "sites-area-thousands-dot": Case(
        "other",
        sites(_parcels(area_m2_r0="3.000")),
        2,
        ("candidate_sites.csv", "row 1", "area_m2", "thousands separator"),
    ),
    "boundary-missing-a-polygon": Case(
        "other",
        boundaries(cells_file(edit=without_first_polygon)),
        2,
        ("xa.gpkg", "field 'admin_code'", "have no polygon", "14320"),
    ),
    "boundary-missing-code-column": Case(
        "other",
        boundaries(cells_file(edit=renamed_code)),
        2,
        ("xa.gpkg", "field 'admin_code'", "missing code column"),
    ),
    "boundary-supplied-geojson": Case("other", boundaries(cells_file("xa.geojson")), 0, ("OK",)),
}
RUN_PAYLOADS = {
    "district-name-formula": ("communes", 0, "district_name_vi", '=HYPERLINK("http://x","ok")'),
    "commune-name-plus": ("communes", 1, "name_vi", "+84 Phường Tân Thành"),
    "facility-name-minus": ("facilities", 1, "name_vi", "-2+3 Trung tâm"),
    "facility-name-at": ("facilities", 2, "name_vi", "@SUM(1,2)"),
    "commune-name-tab": ("communes", 2, "name_vi", "\t=1+1"),
    "district-name-script": ("communes", 3, "district_name_vi", "<img src=x onerror=alert(1)>"),
}


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_through_cli(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    inputs = Inputs(tmp_path / "in")
    case.mutate(inputs)
    scenario = inputs.write()
    monkeypatch.chdir(tmp_path)
    if case.command == "compare":
        folder = tmp_path / "out" / SCENARIO
        folder.mkdir(parents=True)
        (folder / "summary.json").write_text('{"scenario": "ninh_binh_2025", "places_', "utf-8")
        arguments = ["compare", str(folder), str(folder)]
    else:
        arguments = [case.command, str(scenario)]
    arguments += ["--lang", "en"]  # the corpus states its words in English (errors, warnings)
    before = _files(tmp_path)
    result = CliRunner().invoke(app, arguments)
    output = _flat(result.output)
    assert result.exit_code == case.exit_code, result.output
    for word in case.words:
        assert word in output, f"{word!r} not in: {output}"
    for word in (*case.absent, "Traceback"):
        assert word not in output, output
    assert _files(tmp_path) == before, "files left behind"


@pytest.fixture(scope="module")
def bundled_warnings(tmp_path_factory: pytest.TempPathFactory) -> set[object]:
    """Warnings the unmutated bundled tables already give (two pairs of Ninh Bình communes share
    a point), by catalogue key and arguments: a case is judged on the warnings it adds."""
    inputs = Inputs(tmp_path_factory.mktemp("unmutated") / "in")
    warnings = read_scenario_inputs(load_scenario(inputs.write())).warnings
    return {(w.label_key, w.label_args) for w in warnings if w.label_key is not None}


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.at_input_boundary])
def test_corpus_through_read_scenario_inputs(
    name: str, tmp_path: Path, bundled_warnings: set[object]
) -> None:
    case = CASES[name]
    inputs = Inputs(tmp_path / "in")
    case.mutate(inputs)
    config = load_scenario(inputs.write())
    words = [w for w in case.words if w not in ("OK", *WARNING_WORDS)]
    if case.exit_code == 2:
        with pytest.raises(FacilityPlanError) as info:
            read_scenario_inputs(config)
        message = _flat(str(info.value))
    else:
        result = read_scenario_inputs(config)
        added = [w for w in result.warnings if (w.label_key, w.label_args) not in bundled_warnings]
        message = _flat(" ".join(str(w) for w in added))
        assert bool(words) == bool(added), message
        if config.inputs.boundaries is not None:
            assert result.boundary_source == f"supplied: {config.inputs.boundaries.name}"
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    for word in case.absent:
        assert word not in message, message


def test_corpus_covers_every_kind() -> None:
    kinds = pd.Series([case.kind for case in CASES.values()]).value_counts()
    assert set(kinds.index) == {"silent", "traceback", "refusal", "other"}
    assert len(CASES) + len(RUN_PAYLOADS) >= 60


@pytest.fixture(scope="module")
def injected_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """One `run` with every formula or script payload in names; exit code, output, folder."""
    tmp = tmp_path_factory.mktemp("injection")
    inputs = Inputs(tmp / "in")
    for table, row, column, value in RUN_PAYLOADS.values():
        inputs.set(table, row, column, value)
    scenario = inputs.write()
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(tmp / "out")])
    return result.exit_code, result.output, tmp / "out" / SCENARIO


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUN_PAYLOADS))
def test_corpus_injection_through_run(name: str, injected_run: tuple[int, str, Path]) -> None:
    exit_code, output, folder = injected_run
    assert exit_code == 0, output
    payload = RUN_PAYLOADS[name][3]
    cells = [
        value
        for path in sorted(folder.glob("*.csv"))
        for row in csv.reader(StringIO(path.read_text("utf-8-sig")))
        for value in row
    ]
    for value in cells:
        if value.startswith(FORMULA_TRIGGERS):
            float(value)  # only a number may start with "-" or "+"
    if payload.startswith(FORMULA_TRIGGERS):
        assert payload not in cells
    workbook = openpyxl.load_workbook(folder / "plan.xlsx")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title
    json.loads(
        (folder / "summary.json").read_text("utf-8"),
        parse_constant=lambda text: pytest.fail(f"summary.json holds {text}"),
    )
    if payload.startswith("<"):
        assert payload not in (folder / "map.html").read_text("utf-8")
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
