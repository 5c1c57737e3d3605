"""Boundaries reader: formats, CRS, code matching, geometry checks; approximate cells; real files if present."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from facility_plan.errors import InputDataError
from facility_plan.io import (
    boundaries_or_cells,
    choose_projected_crs,
    compute_approximate_cells,
    read_boundaries,
    read_communes,
    read_districts,
)
from facility_plan.io import compute_approximate_cells as io_cells

REPO = Path(__file__).resolve().parents[1]
GEO = REPO / "data" / "geo"
SHARED_BOUNDARIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "boundaries"
CODES = ["14320", "14323", "14326"]


def squares(crs: str = "EPSG:32648", size_m: float = 1000.0) -> gpd.GeoDataFrame:
    """Three 1 km squares side by side near Ninh Bình (UTM 48N), with 5-digit codes."""
    x0, y0 = 600_000.0, 2_240_000.0
    polygons = [
        shapely.box(x0 + i * size_m, y0, x0 + (i + 1) * size_m, y0 + size_m) for i in range(3)
    ]
    frame = gpd.GeoDataFrame(
        {"ma_xa": CODES, "ten": ["A", "B", "C"]}, geometry=polygons, crs="EPSG:32648"
    )
    return frame.to_crs(crs)


def write_shapefile_zip(frame: gpd.GeoDataFrame, folder: Path) -> Path:
    shp = folder / "shp" / "xa.shp"
    shp.parent.mkdir()
    frame.to_file(shp, engine="pyogrio")
    archive = folder / "xa.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in shp.parent.iterdir():
            handle.write(part, part.name)
    return archive


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".shp", ".zip"])
def test_reads_every_format(tmp_path: Path, suffix: str) -> None:
    frame = squares()
    if suffix == ".zip":
        path = write_shapefile_zip(frame, tmp_path)
    else:
        path = tmp_path / f"xa{suffix}"
        frame.to_file(path, engine="pyogrio")
    result = read_boundaries(path, code_column="ma_xa", level="commune", known_codes=CODES)
    assert list(result.index) == CODES
    assert result.crs.to_epsg() == 4326
    assert result["area_km2"].to_numpy() == pytest.approx(1.0, rel=1e-3)
    assert (result["boundary_quality"] == "supplied").all()
    assert result.attrs["projected_crs"] == "EPSG:32648"


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3405", "EPSG:3857"])
def test_any_input_crs(tmp_path: Path, crs: str) -> None:
    path = tmp_path / "xa.gpkg"
    squares(crs).to_file(path, engine="pyogrio")
    result = read_boundaries(path, code_column="ma_xa", level="commune")
    assert result.crs.to_epsg() == 4326
    assert result.attrs["source_crs"].endswith(crs.split(":")[1])
    assert result["area_km2"].sum() == pytest.approx(3.0, rel=1e-3)


def test_integer_codes_get_their_leading_zeros(tmp_path: Path) -> None:
    frame = squares()
    frame["ma_xa"] = [6196, 6325, 6475]  # what a spreadsheet makes of 06196 …
    path = tmp_path / "xa.geojson"
    frame.to_file(path, engine="pyogrio")
    result = read_boundaries(path, code_column="ma_xa", level="commune")
    assert list(result.index) == ["06196", "06325", "06475"]


def test_make_valid_repairs_a_bow_tie(tmp_path: Path) -> None:
    frame = squares()
    x0, y0 = 600_000.0, 2_240_000.0
    frame.loc[1, "geometry"] = shapely.Polygon(
        [(x0, y0), (x0 + 1000, y0 + 1000), (x0 + 1000, y0), (x0, y0 + 1000)]
    )
    path = tmp_path / "xa.gpkg"
    frame.to_file(path, engine="pyogrio")
    with pytest.raises(
        InputDataError, match=r"row 2, field 'geometry': invalid geometry \(Self-intersection"
    ):
        read_boundaries(path, code_column="ma_xa", level="commune")
    result = read_boundaries(path, code_column="ma_xa", level="commune", make_valid=True)
    assert result.attrs["repaired_codes"] == ("14323",)
    assert result.geometry.is_valid.all()
    assert result.loc["14323", "area_km2"] == pytest.approx(0.5, rel=1e-3)


def test_optional_missing_codes(tmp_path: Path) -> None:
    path = tmp_path / "xa.gpkg"
    squares().to_file(path, engine="pyogrio")
    known = [*CODES, "14329"]
    with pytest.raises(InputDataError, match=r"1 known commune code\(s\) have no polygon: 14329"):
        read_boundaries(path, code_column="ma_xa", level="commune", known_codes=known)
    result = read_boundaries(
        path, code_column="ma_xa", level="commune", known_codes=known, require_all=False
    )
    assert len(result) == 3


def test_approximate_cells_still_importable_from_io() -> None:
    assert io_cells is compute_approximate_cells


def test_boundaries_or_cells_mixes_supplied_and_approximate(tmp_path: Path) -> None:
    communes = read_communes(GEO / "ninh_binh_2019" / "communes.csv")
    codes = list(communes.index[:3])
    supplied = squares().to_crs("EPSG:4326")
    supplied.index = pd.Index(codes, name="admin_code")
    result = boundaries_or_cells(communes, supplied, crs="EPSG:32648")
    quality = result["boundary_quality"]
    assert set(quality[quality == "supplied"].index) == set(codes)
    assert (quality.drop(codes) == "approximate").all()
    assert result.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert len(boundaries_or_cells(communes, None, crs="EPSG:32648")) == len(communes)


@pytest.mark.parametrize(
    ("lon_min", "lon_max", "expected"),
    [
        (105.5, 106.3, "EPSG:32648"),
        (103.4, 106.8, "EPSG:32648"),
        (106.0, 107.4, "EPSG:32648"),
        (108.2, 109.5, "EPSG:32649"),
    ],
)
def test_choose_projected_crs(lon_min: float, lon_max: float, expected: str) -> None:
    assert choose_projected_crs(lon_min, lon_max) == expected


# ── real files from ../shared/data/boundaries (skipped when absent) ───────────────────────────


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_BOUNDARIES.is_dir(), reason="../shared/data not available")
def test_real_2025_wards_match_the_bundled_2025_communes() -> None:
    known = pd.concat(
        [
            read_communes(GEO / f"{slug}_2025" / "communes.csv")
            for slug in ("ninh_binh", "vinh_long", "lang_son", "an_giang", "phu_tho")
        ]
    ).index
    result = read_boundaries(
        SHARED_BOUNDARIES / "wards_2025_five_provinces.geojson",
        code_column="ward_code",
        level="commune",
        known_codes=known,
        make_valid=True,
    )
    assert len(result) == 568 == len(known)
    assert result.loc[known, "area_km2"].sum() == pytest.approx(result["area_km2"].sum())
    # the simplified polygons' areas agree with the official areas to within a few per cent
    official = result["area_km2"].sum()
    assert 0.95 * official < result.geometry.to_crs("EPSG:32648").area.sum() / 1e6 < 1.05 * official


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_BOUNDARIES.is_dir(), reason="../shared/data not available")
def test_real_districts_match_the_bundled_2019_districts() -> None:
    known = pd.concat(
        [
            read_districts(GEO / f"{slug}_2019" / "districts.csv")
            for slug in ("ninh_binh", "vinh_long", "lang_son", "kien_giang", "vinh_phuc")
        ]
    ).index
    result = read_boundaries(
        SHARED_BOUNDARIES / "adm2_five_provinces_gov.geojson",
        code_column="dist_code",
        level="district",
        known_codes=known,
    )
    assert len(result) == 51 == len(known)
    assert result.loc["377", "area_km2"] == pytest.approx(146.1, rel=0.05)  # Yên Mô, domain.md §4.2


def test_zipped_shapefile_in_a_folder_of_the_zip(tmp_path: Path) -> None:
    frame = squares()
    shp = tmp_path / "shp" / "xa.shp"
    shp.parent.mkdir()
    frame.to_file(shp, engine="pyogrio")
    archive = tmp_path / "xa.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in shp.parent.iterdir():
            handle.write(part, f"ranh_gioi/2025/{part.name}")
    result = read_boundaries(archive, code_column="ma_xa", level="commune", known_codes=CODES)
    assert list(result.index) == CODES


def test_metres_declared_as_degrees_are_refused(tmp_path: Path) -> None:
    import json

    path = tmp_path / "xa.geojson"
    squares().to_file(path, engine="pyogrio")
    data = json.loads(path.read_text("utf-8"))
    data.pop("crs", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputDataError, match=r"they are metres"):
        read_boundaries(path, code_column="ma_xa", level="commune")
