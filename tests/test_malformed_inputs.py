"""A corpus of malformed inputs: each gives one specific InputDataError (file, row, field) and no traceback.

The inputs are built in code: a valid facility registry, candidate-site table, old-commune table or
boundary file, with one thing broken.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from conftest import NINH_BINH_DATA
from typer.testing import CliRunner

from facility_plan.cli import app
from facility_plan.errors import InputDataError
from facility_plan.io import (
    crosswalk_table,
    read_boundaries,
    read_candidate_sites,
    read_communes,
    read_crosswalk,
    read_facility_registry,
    read_table,
)
from facility_plan.schema import COMMUNES

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
COMMUNES_NB = read_communes(NINH_BINH_DATA / "communes.csv")
WALK = read_crosswalk(GEO / "ninh_binh_2025" / "crosswalk_2019_2025.csv")

REGISTRY = {
    "facility_id": ["F1", "F2"],
    "name_vi": ["Trung tâm Bảo trợ xã hội", "Cơ sở dưỡng lão Hoa Lư"],
    "facility_type": ["general", "elderly"],
    "ownership": ["public", "non_public"],
    "capacity_places": ["130", "40"],
    "occupancy_persons": ["", "35"],
    "admin_code": ["14332", "14701"],
    "lat": ["20.249203", "20.163285"],
    "lon": ["105.989983", "106.006713"],
    "address_vi": ["", "Thị trấn Yên Thịnh"],
    "source": ["KH 22/KH-UBND (2018)", "Sở Y tế list (example)"],
    "location_precision": ["district_seat", "commune"],
}
SITES = {
    "site_id": ["P1", "P2"],
    "admin_code": ["14332", "14701"],
    "lat": ["20.25", "20.16"],
    "lon": ["105.99", "106.0"],
    "area_m2": ["3000", "1500"],
    "open_cost_vnd": ["2.5e9", "1.0e9"],
    "year_available": ["2026", "2027"],
    "owner_code": ["374", "14701"],
}
OLD_TABLE = {"ma_xa": ["14320", "14503", "13285"], "nguoi": ["10", "20", "30"]}


def _csv(tmp: Path, name: str, data: dict[str, list[str]], **changes: object) -> Path:
    frame = pd.DataFrame(data)
    for key, value in changes.items():
        column, _, row = key.rpartition("_r")
        frame.loc[int(row), column] = value
    path = tmp / name
    frame.to_csv(path, index=False)
    return path


def registry(**changes: object) -> Callable[[Path], object]:
    return lambda tmp: read_facility_registry(
        _csv(tmp, "registry.csv", REGISTRY, **changes), communes=COMMUNES_NB
    )


def sites(**changes: object) -> Callable[[Path], object]:
    return lambda tmp: read_candidate_sites(
        _csv(tmp, "sites.csv", SITES, **changes), communes=COMMUNES_NB
    )


def old_table(
    data: dict[str, list[str]], columns: tuple[str, ...] = ("nguoi",)
) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        path = _csv(tmp, "old.csv", data)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return crosswalk_table(
            frame, WALK, code_column="ma_xa", value_columns=columns, source=str(path)
        )

    return run


def squares(**kwargs: object) -> gpd.GeoDataFrame:
    x0, y0 = 600_000.0, 2_240_000.0
    polygons = [shapely.box(x0 + i * 1000, y0, x0 + (i + 1) * 1000, y0 + 1000) for i in range(3)]
    frame = gpd.GeoDataFrame(
        {"ma_xa": ["14320", "14323", "14329"]}, geometry=polygons, crs="EPSG:32648"
    )
    for key, value in kwargs.items():
        column, _, row = key.rpartition("_r")
        frame.loc[int(row), column] = value
    return frame


def boundary(
    frame: gpd.GeoDataFrame,
    name: str = "xa.gpkg",
    *,
    level: str = "commune",
    code_column: str = "ma_xa",
) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        path = tmp / name
        frame.to_file(path, engine="pyogrio")
        if path.suffix == ".shp":
            path.with_suffix(".prj").unlink()
        return read_boundaries(
            path,
            code_column=code_column,
            level=level,
            known_codes=COMMUNES_NB.index,
            require_all=False,
        )

    return run


def raw_file(name: str, content: bytes, reader: str) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        path = tmp / name
        path.write_bytes(content)
        if reader == "boundaries":
            return read_boundaries(path, code_column="ma_xa", level="commune")
        if reader == "registry":
            return read_facility_registry(path)
        return read_table(path, COMMUNES)

    return run


def zip_without_shapefile(tmp: Path) -> object:
    path = tmp / "xa.zip"
    with zipfile.ZipFile(path, "w") as handle:
        handle.writestr("readme.txt", "no shapefile here")
    return read_boundaries(path, code_column="ma_xa", level="commune")


NON_UTF8 = pd.DataFrame(REGISTRY).to_csv(index=False).encode("cp1258", errors="replace")
POINT = shapely.Point(600_500, 2_240_500)
BOW_TIE = shapely.Polygon(
    [(600_000, 2_240_000), (601_000, 2_241_000), (601_000, 2_240_000), (600_000, 2_241_000)]
)

CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    # facility registry (schema.FACILITY_REGISTRY)
    "registry-missing-column": (
        lambda tmp: read_facility_registry(
            _csv(tmp, "r.csv", {k: v for k, v in REGISTRY.items() if k != "source"})
        ),
        "missing column(s) ['source']; found",
    ),
    "registry-wrong-type": (
        registry(capacity_places_r1="forty"),
        "row 2, field 'capacity_places': 'forty' is not a number",
    ),
    "registry-duplicate-id": (
        registry(facility_id_r1="F1"),
        "row 2, field 'facility_id': duplicate id 'F1'",
    ),
    "registry-negative-capacity": (
        registry(capacity_places_r0="-130"),
        "row 1, field 'capacity_places': -130 is below 0",
    ),
    "registry-occupancy-above-capacity": (
        registry(occupancy_persons_r1="45"),
        "row 2, field 'occupancy_persons': occupancy above capacity_places",
    ),
    "registry-unknown-type": (
        registry(facility_type_r0="hospital"),
        "row 1, field 'facility_type': 'hospital' is not one of",
    ),
    "registry-bad-ownership": (
        registry(ownership_r1="private"),
        "row 2, field 'ownership': 'private' is not one of",
    ),
    "registry-unknown-admin-code": (
        registry(admin_code_r0="99999"),
        "row 1, field 'admin_code': unknown admin code '99999'",
    ),
    "registry-short-admin-code": (
        registry(admin_code_r1="4701"),
        "row 2, field 'admin_code': '4701' has 4 digits; expected 5",
    ),
    "registry-projected-coordinates": (
        registry(lat_r0="2240000"),
        "row 1, field 'lat': 2.24e+06 is above 24",
    ),
    "registry-missing-source": (registry(source_r1=""), "row 2, field 'source': empty value"),
    "registry-non-utf8": (raw_file("registry.csv", NON_UTF8, "registry"), "not UTF-8 text"),
    "registry-empty-file": (raw_file("registry.csv", b"", "registry"), "not a readable CSV"),
    # candidate sites / land parcels (schema.CANDIDATE_SITES)
    "site-negative-area": (sites(area_m2_r0="-10"), "row 1, field 'area_m2': -10 is below 0"),
    "site-bad-owner-code": (
        sites(owner_code_r1="1470"),
        "row 2, field 'owner_code': '1470' has 4 digits; expected a district (3)",
    ),
    "site-year-out-of-range": (
        sites(year_available_r0="1890"),
        "row 1, field 'year_available': 1890 is below 2000",
    ),
    "site-cost-not-a-number": (
        sites(open_cost_vnd_r1="cheap"),
        "row 2, field 'open_cost_vnd': 'cheap' is not a number",
    ),
    # tables keyed by old commune codes (crosswalk)
    "old-table-unknown-code": (
        old_table({"ma_xa": ["14320", "99999"], "nguoi": ["1", "2"]}),
        "row 2, field 'ma_xa': unknown old commune code '99999'",
    ),
    "old-table-not-a-number": (
        old_table({"ma_xa": ["14320", "14503"], "nguoi": ["1", "many"]}),
        "row 2, field 'nguoi': 'many' is not a number",
    ),
    "old-table-missing-column": (
        old_table(OLD_TABLE, ("nguoi", "tre_em")),
        "missing column(s) ['tre_em']",
    ),
    "old-table-duplicate-code": (
        old_table({"ma_xa": ["14320", "14320"], "nguoi": ["1", "2"]}),
        "row 2, field 'ma_xa': duplicate code '14320'",
    ),
    "old-table-lost-leading-zero": (
        old_table({"ma_xa": ["14320", "6196"], "nguoi": ["1", "2"]}),
        "row 2, field 'ma_xa': '6196' is not a 5-digit commune code",
    ),
    # boundaries
    "boundary-bad-zip": (
        raw_file("xa.zip", b"PK\x03\x04 not really a zip", "boundaries"),
        "not a valid zip archive",
    ),
    "boundary-zip-without-shapefile": (zip_without_shapefile, "cannot read as a vector layer"),
    "boundary-not-geojson": (
        raw_file("xa.geojson", b"{ this is not json", "boundaries"),
        "cannot read as a vector layer",
    ),
    "boundary-missing-file": (
        lambda tmp: read_boundaries(tmp / "none.gpkg", code_column="ma_xa", level="commune"),
        "file not found",
    ),
    "boundary-empty-geometry": (
        boundary(squares(geometry_r1=shapely.Polygon())),
        "row 2, field 'geometry': empty geometry",
    ),
    "boundary-invalid-geometry": (
        boundary(squares(geometry_r0=BOW_TIE)),
        "row 1, field 'geometry': invalid geometry (Self-intersection",
    ),
    "boundary-point-geometry": (
        boundary(squares(geometry_r2=POINT), name="xa.geojson"),
        "row 3, field 'geometry': Point is not a Polygon or MultiPolygon",
    ),
    "boundary-unmatched-code": (
        boundary(squares(ma_xa_r2="99999")),
        "row 3, field 'ma_xa': unmatched code '99999': not a known commune",
    ),
    "boundary-duplicate-code": (
        boundary(squares(ma_xa_r1="14320")),
        "row 2, field 'ma_xa': duplicate code '14320'",
    ),
    "boundary-missing-code-column": (
        boundary(squares(), code_column="ward_code"),
        "field 'ward_code': missing code column; found ['ma_xa']",
    ),
    "boundary-no-crs": (boundary(squares(), name="xa.shp"), "field 'geometry': no CRS declared"),
    "boundary-wrong-level": (
        boundary(squares(), level="district"),
        "row 1, field 'ma_xa': '14320' has 5 digits; a district code has 3",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_input(tmp_path: Path, case: str) -> None:
    action, expected = CASES[case]
    with pytest.raises(InputDataError) as info:
        action(tmp_path)
    message = str(info.value)
    assert expected in message, message
    assert "Traceback" not in message
    assert str(tmp_path) in message or "no value columns" in message


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"capacity_places_r1": "-5"}, "field 'capacity_places': -5 is below 0"),
        (
            {"occupancy_persons_r0": "999"},
            "field 'occupancy_persons': occupancy above capacity_places",
        ),
    ],
)
def test_cli_validate_reports_bad_registry_without_traceback(
    scenario_copy: Callable[..., Path], tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    bad = _csv(
        tmp_path,
        "facilities_bad.csv",
        pd.read_csv(NINH_BINH_DATA / "facilities.csv", dtype=str, keep_default_na=False).to_dict(
            "list"
        ),
        **changes,
    )
    scenario = scenario_copy(
        "ninh_binh_2025", files={"facilities": bad.read_text(encoding="utf-8")}
    )
    result = CliRunner().invoke(app, ["validate", str(scenario)])
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output
