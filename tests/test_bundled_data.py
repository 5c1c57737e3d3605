"""Checks on the bundled Ninh Bình tables under ``data/geo/ninh_binh_2019``.

All tests but the last read only the shipped CSV files. The last one (marked
``shared_data``) rebuilds the tables from ``../shared/data`` with
``scripts/build_geo_data.py`` and checks that the output is byte-identical.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
GEO = REPO / "data" / "geo"
DATA = GEO / "ninh_binh_2019"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FILES = ("districts.csv", "communes.csv", "facilities.csv")

PROVINCE_POPULATION = 982_487
PROVINCE_60PLUS = 151_049
PROVINCE_80PLUS = 27_913

#: Documented in data/geo/SOURCE.md: Xã Ninh Nhất (14347, district 369) absorbed Xã Ninh Xuân
#: (2019 code 14545, district 374, 4,167 people) on 1 Jan 2025.
DISTRICT_EXCEPTIONS = {"369": 4_167, "374": -4_167}

LAT_RANGE = (19.9, 20.6)
LON_RANGE = (105.5, 106.3)


def _read(name: str, codes: tuple[str, ...]) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=dict.fromkeys(codes, str), keep_default_na=False)


@pytest.fixture(scope="module")
def districts() -> pd.DataFrame:
    return _read("districts.csv", ("district_code",))


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return _read(
        "communes.csv",
        ("admin_code", "province_code", "district_code", "census_ward_codes_2019"),
    )


@pytest.fixture(scope="module")
def facilities() -> pd.DataFrame:
    return _read("facilities.csv", ("admin_code", "district_code", "occupancy_persons"))


def test_eight_districts(districts: pd.DataFrame) -> None:
    assert districts["district_code"].tolist() == [
        "369", "370", "372", "373", "374", "375", "376", "377",
    ]  # fmt: skip
    assert districts["name_vi"].is_unique


def test_province_totals(districts: pd.DataFrame) -> None:
    assert districts["population_persons"].sum() == PROVINCE_POPULATION
    assert districts["age_60plus_persons"].sum() == PROVINCE_60PLUS
    assert districts["age_80plus_persons"].sum() == PROVINCE_80PLUS


def test_district_age_bands_consistent(districts: pd.DataFrame) -> None:
    bands_60 = ["age_60_64", "age_65_69", "age_70_74", "age_75_79", "age_80_84", "age_85plus"]
    cols_60 = [f"{b}_persons" for b in bands_60]
    assert (districts[cols_60].sum(axis=1) == districts["age_60plus_persons"]).all()
    cols_80 = ["age_80_84_persons", "age_85plus_persons"]
    assert (districts[cols_80].sum(axis=1) == districts["age_80plus_persons"]).all()
    broad = ["age_0_14_persons", "age_15_59_persons", "age_60plus_persons"]
    assert (districts[broad].sum(axis=1) == districts["population_persons"]).all()
    assert (districts["urban_persons"] <= districts["population_persons"]).all()


def test_commune_codes(communes: pd.DataFrame) -> None:
    assert len(communes) == 125
    assert communes["admin_code"].is_unique
    assert communes["admin_code"].str.fullmatch(r"\d{5}").all()
    assert communes["admin_code"].is_monotonic_increasing
    assert (communes["province_code"] == "37").all()
    assert set(communes["unit_type"]) <= {"xa", "phuong", "thi_tran"}
    assert communes["unit_type"].value_counts().to_dict() == {
        "xa": 101,
        "phuong": 18,
        "thi_tran": 6,
    }


def test_commune_districts_are_2019_districts(
    communes: pd.DataFrame, districts: pd.DataFrame
) -> None:
    names = dict(zip(districts["district_code"], districts["name_vi"], strict=True))
    assert set(communes["district_code"]) == set(names)
    assert (communes["district_code"].map(names) == communes["district_name_vi"]).all()


def test_commune_population_sums_to_province(communes: pd.DataFrame) -> None:
    assert (communes["population_persons"] > 0).all()
    assert communes["population_persons"].sum() == PROVINCE_POPULATION


def test_commune_population_per_district(communes: pd.DataFrame, districts: pd.DataFrame) -> None:
    by_district = communes.groupby("district_code")["population_persons"].sum()
    for row in districts.itertuples():
        diff = by_district[row.district_code] - row.population_persons
        assert diff == DISTRICT_EXCEPTIONS.get(row.district_code, 0), row.district_code
    ninh_nhat = communes.set_index("admin_code").loc["14347"]
    assert ninh_nhat["district_code"] == "369"
    assert "14545" in ninh_nhat["census_ward_codes_2019"].split(";")


def test_census_ward_codes_unique(communes: pd.DataFrame) -> None:
    codes = [c for cell in communes["census_ward_codes_2019"] for c in cell.split(";")]
    assert len(codes) == len(set(codes)) == 145
    assert all(len(c) == 5 and c.isdigit() for c in codes)


def test_commune_coordinates_in_province(communes: pd.DataFrame) -> None:
    assert communes["lat"].between(*LAT_RANGE).all()
    assert communes["lon"].between(*LON_RANGE).all()


def test_commune_areas(communes: pd.DataFrame) -> None:
    assert (communes["area_km2"] > 0).all()
    assert communes["area_km2"].sum() == pytest.approx(1411.8, abs=5.0)
    assert communes["area_method"].str.startswith(("apportioned_2025_bbox", "bbox_only")).all()


def test_facilities(facilities: pd.DataFrame, communes: pd.DataFrame) -> None:
    assert facilities["facility_id"].tolist() == ["NB-E01", "NB-E02", "NB-E03"]
    assert set(facilities["admin_code"]) <= set(communes["admin_code"])
    assert facilities["capacity_places"].tolist() == [130, 275, 155]
    assert facilities["capacity_places"].sum() == 560
    assert (facilities["ownership"] == "public").all()
    allowed_types = {
        "elderly", "children", "disability", "mental_health", "general", "social_work", "other",
    }  # fmt: skip
    assert set(facilities["facility_type"]) <= allowed_types
    assert set(facilities["location_precision"]) <= {"address", "commune", "district_seat"}
    located = facilities.merge(communes, on="admin_code", suffixes=("", "_commune"))
    assert (located["district_code"] == located["district_code_commune"]).all()
    assert (located["lat"] == located["lat_commune"]).all()
    assert (located["lon"] == located["lon_commune"]).all()
    assert facilities["lat"].between(*LAT_RANGE).all()
    assert facilities["lon"].between(*LON_RANGE).all()


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data not available")
def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_geo_data.py"),
            "--shared",
            str(SHARED_DATA.parent),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    for name in FILES:
        rebuilt = (tmp_path / "ninh_binh_2019" / name).read_bytes()
        assert rebuilt == (DATA / name).read_bytes(), name
