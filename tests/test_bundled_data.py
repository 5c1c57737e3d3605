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


@pytest.mark.slow
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


# ── all province-era folders ────────────────────────────────────────────────────────────────

#: GSO, 2019 Population and Housing Census (census date 1 Apr 2019), province totals: population,
#: aged 60+, aged 80+ (None: not checked). Published per province in the census results; the five
#: study provinces' 60+ / 80+ totals are those of the census district tables (shared/data/README.md).
GSO_2019: dict[str, tuple[int, int | None, int | None]] = {
    "37": (982_487, 151_049, 27_913),  # Ninh Bình
    "35": (852_800, None, None),  # Hà Nam
    "36": (1_780_393, None, None),  # Nam Định
    "86": (1_022_791, 153_222, 23_430),  # Vĩnh Long
    "83": (1_288_463, None, None),  # Bến Tre
    "84": (1_009_168, None, None),  # Trà Vinh
    "20": (781_655, 83_352, 11_921),  # Lạng Sơn
    "91": (1_723_067, 183_135, 25_091),  # Kiên Giang
    "89": (1_908_352, None, None),  # An Giang
    "26": (1_151_154, 139_715, 28_044),  # Vĩnh Phúc
    "25": (1_463_726, None, None),  # Phú Thọ
    "17": (854_131, None, None),  # Hòa Bình
}

#: folder -> (old provinces, commune-level units). 2025 counts: NQ 1674 (Ninh Bình 129),
#: NQ 1687 (Vĩnh Long 124), NQ 1672 (Lạng Sơn 65), NQ 1654 (An Giang 102), NQ 1676 (Phú Thọ 148).
FOLDERS: dict[str, tuple[tuple[str, ...], int]] = {
    "ninh_binh_2019": (("37",), 125),
    "vinh_long_2019": (("86",), 102),
    "lang_son_2019": (("20",), 194),
    "kien_giang_2019": (("91",), 143),
    "vinh_phuc_2019": (("26",), 121),
    "ninh_binh_2025": (("37", "35", "36"), 129),
    "vinh_long_2025": (("86", "83", "84"), 124),
    "lang_son_2025": (("20",), 65),
    "an_giang_2025": (("91", "89"), 102),
    "phu_tho_2025": (("25", "26", "17"), 148),
}
CODES = (
    "admin_code",
    "province_code",
    "district_code",
    "old_admin_code",
    "new_admin_code",
    "old_province_code",
    "old_district_code",
    "divided",
    "is_default",
)


def _table(folder: str, name: str) -> pd.DataFrame:
    return pd.read_csv(
        GEO / folder / name,
        dtype=dict.fromkeys((*CODES, "occupancy_persons"), str),
        keep_default_na=False,
    )


@pytest.mark.parametrize("folder", FOLDERS)
def test_census_totals_match_gso(folder: str) -> None:
    old_codes, n_communes = FOLDERS[folder]
    districts = _table(folder, "districts.csv")
    communes = _table(folder, "communes.csv")
    population = sum(GSO_2019[c][0] for c in old_codes)
    assert districts["population_persons"].sum() == population
    if all(GSO_2019[c][1] is not None for c in old_codes):
        assert districts["age_60plus_persons"].sum() == sum(GSO_2019[c][1] for c in old_codes)
        assert districts["age_80plus_persons"].sum() == sum(GSO_2019[c][2] for c in old_codes)
    assert len(communes) == n_communes
    assert communes["admin_code"].is_unique
    assert communes["admin_code"].str.fullmatch(r"\d{5}").all()
    assert set(communes["district_code"]) <= set(districts["district_code"])
    names = dict(zip(districts["district_code"], districts["name_vi"], strict=True))
    assert (communes["district_code"].map(names) == communes["district_name_vi"]).all()
    assert (communes["population_persons"] > 0).all()
    assert (communes["area_km2"] > 0).all()
    # the old → new roll-up keeps the census total within 0.1 % (it is exact by construction)
    assert abs(communes["population_persons"].sum() - population) <= 0.001 * population


@pytest.mark.parametrize("folder", [f for f in FOLDERS if f.endswith("_2025")])
def test_crosswalk_shares_and_rollup(folder: str) -> None:
    old_codes, _ = FOLDERS[folder]
    walk = _table(folder, "crosswalk_2019_2025.csv")
    communes = _table(folder, "communes.csv")
    shares = walk.groupby("old_admin_code")["area_share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0, abs=1e-5)
    assert set(walk["old_province_code"]) == set(old_codes)
    assert set(walk["new_admin_code"]) == set(communes["admin_code"])
    divided = walk[walk["divided"] == "true"]
    assert (divided.groupby("old_admin_code").size() >= 2).all()
    assert (walk.loc[walk["divided"] == "false", "area_share"] == 1.0).all()
    assert (
        walk.groupby("old_admin_code")["is_default"].apply(lambda s: (s == "true").sum()) == 1
    ).all()
    population = sum(GSO_2019[c][0] for c in old_codes)
    assert walk["population_persons"].sum() == pytest.approx(population, rel=1e-6)
    rolled = walk.groupby("new_admin_code")["population_persons"].sum()
    table = communes.set_index("admin_code")["population_persons"]
    assert (rolled.reindex(table.index) - table).abs().max() <= 1.0  # rounding to whole persons
    assert abs(table.sum() - population) <= 0.001 * population


def test_province_index_lists_every_folder() -> None:
    index = pd.read_csv(GEO / "provinces.csv", dtype=str, keep_default_na=False)
    assert sorted(index["folder"]) == sorted(FOLDERS)
    for row in index.itertuples():
        communes = _table(row.folder, "communes.csv")
        assert int(row.communes) == len(communes)
        assert int(row.population_persons) == communes["population_persons"].sum()
        assert row.projected_crs == "EPSG:32648"


def test_ninh_binh_facilities_in_2025_units() -> None:
    facilities = _table("ninh_binh_2025", "facilities.csv")
    communes = _table("ninh_binh_2025", "communes.csv")
    # KH22's 560 places (old Ninh Bình) + Nam Định's ND-E01 100 and ND-E02 28 (issue 13).
    assert facilities["capacity_places"].sum() == 560 + 100 + 28
    assert set(facilities["admin_code"]) <= set(communes["admin_code"])


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data not available")
def test_rebuild_all_folders_is_byte_identical(tmp_path: Path) -> None:
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
    shipped = sorted(p.relative_to(GEO) for p in GEO.rglob("*.csv"))
    rebuilt = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    assert shipped == rebuilt
    for relative in shipped:
        assert (tmp_path / relative).read_bytes() == (GEO / relative).read_bytes(), relative
