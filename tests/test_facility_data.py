"""Checks of the bundled existing-facility tables (``data/geo/*/facilities.csv``, issue 13).

The rows are curated in ``scripts/facility_sources.csv`` and written by ``scripts/build_geo_data.py``
(the byte-for-byte rebuild is checked in ``tests/test_bundled_data.py``).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from facility_plan.schema import (
    FACILITY_TYPES,
    LAT_RANGE,
    LOCATION_PRECISIONS,
    LON_RANGE,
    MAX_FACILITY_PLACES,
    OWNERSHIPS,
)

REPO = Path(__file__).resolve().parents[1]
GEO = REPO / "data" / "geo"
SOURCES = REPO / "scripts" / "facility_sources.csv"
INDEX = pd.read_csv(GEO / "provinces.csv", dtype=str, keep_default_na=False)
FOLDERS = sorted(INDEX["folder"])
URL = re.compile(r"https?://\S+")
DOCUMENT = re.compile(r"\d+/[A-ZĐ]+-[A-ZĐ]+")  # e.g. 22/KH-UBND
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Rows citing only a provincial plan document (no public web page was found for them).
PLAN_ONLY = {"NB-E02"}
#: Distance (km) from the facility point to its commune's point: 0 for the early-2025 tables; in
#: the 2025 tables the point stays at the smaller legacy commune, inside the merged commune.
NEIGHBOURHOOD_KM = {"2019": 0.001, "2025": 25.0}


def _table(folder: str, name: str) -> pd.DataFrame:
    return pd.read_csv(
        GEO / folder / name,
        dtype={"admin_code": str, "district_code": str},
        keep_default_na=False,
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("folder", FOLDERS)
def test_vocabulary_and_numbers(folder: str) -> None:
    fac = _table(folder, "facilities.csv")
    assert fac["facility_id"].is_unique
    assert set(fac["facility_type"]) <= set(FACILITY_TYPES)
    assert set(fac["ownership"]) <= set(OWNERSHIPS)
    assert set(fac["location_precision"]) <= set(LOCATION_PRECISIONS)
    capacity = pd.to_numeric(fac["capacity_places"])
    assert capacity.between(10, MAX_FACILITY_PLACES).all(), "implausible capacity"
    occupancy = pd.to_numeric(fac["occupancy_persons"].replace("", None))
    assert (occupancy.isna() | (occupancy <= capacity)).all()


@pytest.mark.parametrize("folder", FOLDERS)
def test_located_in_known_commune(folder: str) -> None:
    era = folder.rsplit("_", 1)[1]
    fac = _table(folder, "facilities.csv")
    communes = _table(folder, "communes.csv").set_index("admin_code")
    for row in fac.itertuples():
        assert row.admin_code in communes.index, (row.facility_id, row.admin_code)
        commune = communes.loc[row.admin_code]
        assert row.district_code == commune["district_code"], row.facility_id
        assert LAT_RANGE[0] <= row.lat <= LAT_RANGE[1], row.facility_id
        assert LON_RANGE[0] <= row.lon <= LON_RANGE[1], row.facility_id
        distance = _km(row.lat, row.lon, commune["lat"], commune["lon"])
        assert distance <= NEIGHBOURHOOD_KM[era], (row.facility_id, distance)


@pytest.mark.parametrize("folder", FOLDERS)
def test_sources_cite_url_and_date(folder: str) -> None:
    for row in _table(folder, "facilities.csv").itertuples():
        assert YEAR.search(row.source), row.facility_id
        if row.facility_id in PLAN_ONLY:
            assert DOCUMENT.search(row.source), row.facility_id
        else:
            assert URL.search(row.source), row.facility_id


def test_both_eras_hold_the_same_facilities() -> None:
    """Every early-2025 facility reappears in the 2025 province holding its old province."""
    sources = pd.read_csv(SOURCES, dtype=str, keep_default_na=False)
    index = INDEX.set_index("folder")
    for new in INDEX[INDEX["era"] == "2025"].itertuples():
        old_codes = new.old_province_codes.split(";")
        expected = sorted(sources.loc[sources["old_province_code"].isin(old_codes), "facility_id"])
        assert sorted(_table(new.folder, "facilities.csv")["facility_id"]) == expected
        assert int(index.loc[new.folder, "facilities"]) == len(expected)
    for old in INDEX[INDEX["era"] == "2019"].itertuples():
        expected = sorted(
            sources.loc[sources["old_province_code"] == old.province_code, "facility_id"]
        )
        assert sorted(_table(old.folder, "facilities.csv")["facility_id"]) == expected


def test_curated_rows_match_output() -> None:
    """The shipped rows carry the curated facts unchanged (2019 era: source text too).

    In the 2025 folders only the commune moves (to the default successor) and the source gains a
    note naming it; rows of the merged-in provinces (no 2019 folder) are checked there only.
    """
    sources = pd.read_csv(SOURCES, dtype=str, keep_default_na=False).set_index("facility_id")
    facts = (
        "name_vi", "facility_type", "ownership", "capacity_places", "occupancy_persons",
        "address_vi", "location_precision",
    )  # fmt: skip
    for folder in INDEX.itertuples():
        fac = pd.read_csv(GEO / folder.folder / "facilities.csv", dtype=str, keep_default_na=False)
        for row in fac.to_dict("records"):
            fid = row["facility_id"]
            curated = sources.loc[fid]
            for column in facts:
                assert row[column] == curated[column], (folder.folder, fid, column)
            if folder.era == "2019":
                assert row["admin_code"] == curated["admin_code"], fid
                assert row["source"] == curated["source"], fid
            else:
                assert row["source"].startswith(curated["source"] + " 2025 unit: "), fid
                assert f"legacy commune {curated['admin_code']};" in row["source"], fid


#: Hand-checked from the curated rows (issue 13): (centres, places) per folder. Ninh Bình 2025 =
#: KH22 130 + 275 + 155 + Nam Định ND-E01 100 (Thánh An) + ND-E02 28 (Vinh Sơn - Phao Lô) = 688;
#: Vĩnh Long 2025 = VL-E01 170 + VL-E02 200 + BT-E01 90 (SOS Bến Tre) + TV-E01 38 (Liên Bửu) =
#: 498; Phú Thọ 2025 = VP-E01 280 + PT-E01 136 (SOS Việt Trì) = 416; An Giang 2025 = KG-E01 273 +
#: AG-E01 22 (Châu Đốc) = 295; Lạng Sơn = LS-E01 36 + LS-E02 21 = 57.
PINNED = {
    "ninh_binh_2019": (3, 560),
    "vinh_long_2019": (2, 370),
    "lang_son_2019": (2, 57),
    "kien_giang_2019": (1, 273),
    "vinh_phuc_2019": (1, 280),
    "ninh_binh_2025": (5, 688),
    "vinh_long_2025": (4, 498),
    "lang_son_2025": (2, 57),
    "an_giang_2025": (2, 295),
    "phu_tho_2025": (2, 416),
}


@pytest.mark.parametrize("folder", FOLDERS)
def test_pinned_centres_and_places(folder: str) -> None:
    """Counts and places are the hand-checked ones (none of them zero: no baseline starts empty)."""
    fac = _table(folder, "facilities.csv")
    assert (len(fac), int(fac["capacity_places"].sum())) == PINNED[folder]
