#!/usr/bin/env python3
"""Build the bundled province tables under ``data/geo`` for both administrative eras.

Outputs (under ``--out``, default ``data/geo``)::

    <slug>_2019/   one folder per study province before the 1 Jul 2025 reform (with districts):
                   ninh_binh, vinh_long, lang_son, kien_giang, vinh_phuc
        districts.csv    district-level units of the 2019 census, with age bands
        communes.csv     commune-level units valid 1 Jan 2025 - 30 Jun 2025, 2019 population
        facilities.csv   existing facilities (curated in scripts/facility_sources.csv)
    <slug>_2025/   one folder per post-reform province holding a study province:
                   ninh_binh, vinh_long, lang_son, an_giang, phu_tho
        districts.csv    2019 census age structure of every legacy district involved
        communes.csv     2025 communes/wards with the 2019 census rolled up to them
        facilities.csv   as above, on the 2025 units
        crosswalk_2019_2025.csv  legacy commune -> 2025 commune, with the share apportioned
    provinces.csv  index of the ten folders (province, era, counts, totals, projected CRS)

Inputs:

* PyPI package ``vietnamadminunits`` 1.0.4 (MIT, (c) 2025 Tran Ngoc Minh Hieu): the legacy
  commune list with codes and centroids (table ``admin_units_legacy``), the 2025 wards with
  their area and centroid (table ``admin_units``), the old -> new 2025 mapping
  (``converter_2025.json``) and the merged-name keywords of the legacy parser
  (``parser_legacy.json``).
* GSO 2019 Population and Housing Census (census date 1 Apr 2019), read from the reference
  copy under ``--shared`` (default ``../shared``): district population by age (Cube1b)
  and commune population (Cube1a).
* The official area of each 2025 ward (published with the NQ 16xx/NQ-UBTVQH15 resolutions via
  sapnhap.bando.com.vn) and the 2025 ward polygons, read from the reference 2025 ward layer
  under ``--shared``. The area only corrects the package's ``wardAreaKm2`` where the two
  disagree; the polygons only give the area shares of the few legacy communes that were
  divided between several 2025 communes (numbers, not geometry, are written).

Nothing from ``--shared`` is copied: the outputs are new, aggregated tables (different
rows, columns and units of aggregation), and no geometry is written.

Run from the repository root::

    python scripts/build_geo_data.py --shared ../shared --out data/geo

The script is deterministic: rows are sorted by code, numbers have fixed formats, files are
written as UTF-8 with LF line ends through a temporary file and ``os.replace``. It fails
loudly (non-zero exit) if a consistency check on the census totals or the mappings fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import vietnamadminunits
from vietnamadminunits.database import query


@dataclass(frozen=True)
class OldProvince:
    """A province before 1 Jul 2025 and its published 2019 census totals (GSO)."""

    code: str
    key: str
    slug: str
    name_vi: str
    population: int
    age_60plus: int | None
    age_80plus: int | None
    communes: int  # commune-level units in the package's early-2025 list
    shipped: bool  # write a <slug>_2019 folder


@dataclass(frozen=True)
class NewProvince:
    """A province from 1 Jul 2025 and the old provinces it was formed from."""

    code: str
    key: str
    slug: str
    name_vi: str
    old_codes: tuple[str, ...]
    communes: int  # 2025 commune-level units (NQ 16xx/NQ-UBTVQH15)


#: Province totals of the 2019 census (GSO, census date 1 Apr 2019), used as hard checks. The
#: 60+ and 80+ totals are checked for the five study provinces (shared/data/README.md).
OLD_PROVINCES: dict[str, OldProvince] = {
    p.code: p
    for p in (
        OldProvince("37", "tinhninhbinh", "ninh_binh", "Tỉnh Ninh Bình", 982_487, 151_049, 27_913, 125, True),
        OldProvince("35", "tinhhanam", "ha_nam", "Tỉnh Hà Nam", 852_800, None, None, 98, False),
        OldProvince("36", "tinhnamdinh", "nam_dinh", "Tỉnh Nam Định", 1_780_393, None, None, 175, False),
        OldProvince("86", "tinhvinhlong", "vinh_long", "Tỉnh Vĩnh Long", 1_022_791, 153_222, 23_430, 102, True),
        OldProvince("83", "tinhbentre", "ben_tre", "Tỉnh Bến Tre", 1_288_463, None, None, 148, False),
        OldProvince("84", "tinhtravinh", "tra_vinh", "Tỉnh Trà Vinh", 1_009_168, None, None, 104, False),
        OldProvince("20", "tinhlangson", "lang_son", "Tỉnh Lạng Sơn", 781_655, 83_352, 11_921, 194, True),
        OldProvince("91", "tinhkiengiang", "kien_giang", "Tỉnh Kiên Giang", 1_723_067, 183_135, 25_091, 143, True),
        OldProvince("89", "tinhangiang", "an_giang", "Tỉnh An Giang", 1_908_352, None, None, 155, False),
        OldProvince("26", "tinhvinhphuc", "vinh_phuc", "Tỉnh Vĩnh Phúc", 1_151_154, 139_715, 28_044, 121, True),
        OldProvince("25", "tinhphutho", "phu_tho", "Tỉnh Phú Thọ", 1_463_726, None, None, 207, False),
        OldProvince("17", "tinhhoabinh", "hoa_binh", "Tỉnh Hòa Bình", 854_131, None, None, 151, False),
    )
}  # fmt: skip

NEW_PROVINCES: dict[str, NewProvince] = {
    p.code: p
    for p in (
        NewProvince("37", "tinhninhbinh", "ninh_binh", "Tỉnh Ninh Bình", ("37", "35", "36"), 129),
        NewProvince("86", "tinhvinhlong", "vinh_long", "Tỉnh Vĩnh Long", ("86", "83", "84"), 124),
        NewProvince("20", "tinhlangson", "lang_son", "Tỉnh Lạng Sơn", ("20",), 65),
        NewProvince("91", "tinhangiang", "an_giang", "Tỉnh An Giang", ("91", "89"), 102),
        NewProvince("25", "tinhphutho", "phu_tho", "Tỉnh Phú Thọ", ("25", "26", "17"), 148),
    )
}

#: All five provinces lie between 102°E and 108°E: UTM zone 48N (metres) suits them all.
PROJECTED_CRS = "EPSG:32648"

#: Official province area of old Ninh Bình (GSO), for the report only.
GSO_PROVINCE_AREA_KM2 = {"37": 1411.78}

#: Relative difference above which the package's 2025 ward area is replaced by the official one.
AREA_TOLERANCE = 0.01

#: Bounding boxes smaller than this (km²) are geocoded points, not commune extents.
MIN_BBOX_KM2 = 0.5

#: Census district rows whose code is missing or wrong in the reference copy are re-coded by
#: the district of their wards in the commune table (e.g. Kỳ Sơn 151, Thị xã Duyên Hải 851).
#: Names are cleaned of doubled spaces and these typos of the census export:
DISTRICT_NAME_FIXES = {"Huyện ý Yên": "Huyện Ý Yên"}

#: 2019 census wards that neither their 2024 code nor the parser's merged-name keywords place
#: in an early-2025 commune: 2019 code -> (early-2025 commune code, evidence).
MANUAL_MATCHES: dict[str, tuple[str, str]] = {
    "28825": (
        "28828",
        "Xã Phú An Hòa (Châu Thành, Bến Tre) is missing from the package's early-2025 list; the "
        "package parser lists 'xaanhoa'/'anhoa' (the name without 'Phú') among the keywords of "
        "the neighbouring Xã An Phước, i.e. the two were merged",
    ),
}

UNIT_TYPES: dict[str, str] = {
    "Xã": "xa",
    "Phường": "phuong",
    "Thị trấn": "thi_tran",
    "Đặc khu": "dac_khu",
}

AGE_BANDS_5Y = (
    "0_04", "05_09", "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44",
    "45_49", "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85plus",
)  # fmt: skip

DISTRICT_COLUMNS = [
    "district_code",
    "name_vi",
    "population_persons",
    "urban_persons",
    "age_0_14_persons",
    "age_15_59_persons",
    "age_60plus_persons",
    "age_80plus_persons",
    "age_60_64_persons",
    "age_65_69_persons",
    "age_70_74_persons",
    "age_75_79_persons",
    "age_80_84_persons",
    "age_85plus_persons",
]

COMMUNE_COLUMNS = [
    "admin_code",
    "name_vi",
    "unit_type",
    "province_code",
    "district_code",
    "district_name_vi",
    "lat",
    "lon",
    "area_km2",
    "area_method",
    "population_persons",
    "census_ward_codes_2019",
]

COMMUNE_COLUMNS_2025 = [
    "admin_code",
    "name_vi",
    "unit_type",
    "province_code",
    "district_code",
    "district_name_vi",
    "lat",
    "lon",
    "area_km2",
    "area_method",
    "population_persons",
    "population_method",
    "legacy_admin_codes",
]

CROSSWALK_COLUMNS = [
    "old_admin_code",
    "old_name_vi",
    "old_province_code",
    "old_district_code",
    "new_admin_code",
    "new_name_vi",
    "divided",
    "is_default",
    "area_share",
    "population_share",
    "population_persons",
    "share_method",
]

FACILITY_COLUMNS = [
    "facility_id",
    "name_vi",
    "facility_type",
    "ownership",
    "capacity_places",
    "occupancy_persons",
    "admin_code",
    "district_code",
    "lat",
    "lon",
    "address_vi",
    "location_precision",
    "source",
]

PROVINCE_INDEX_COLUMNS = [
    "slug",
    "era",
    "folder",
    "province_code",
    "name_vi",
    "old_province_codes",
    "communes",
    "districts",
    "facilities",
    "population_persons",
    "area_km2",
    "projected_crs",
]

AREA_APPORTIONED = "apportioned_2025_bbox"
AREA_BBOX_ONLY = "bbox_only"
AREA_VAU = "vau_2025"
AREA_OFFICIAL = "official_area"

SHARE_WHOLE = "whole"
SHARE_OVERLAP = "bbox_overlap_2025_polygons"
SHARE_EQUAL = "equal_split"

#: Curated facility rows (issue 13): one row per existing facility of the 12 old provinces, with
#: ``old_province_code`` and ``admin_code`` = its early-2025 (legacy) commune. Facts and citations
#: are in ``source``; see ``data/geo/SOURCE.md``. Read by `load_facility_sources`.
FACILITY_SOURCES = Path(__file__).resolve().with_name("facility_sources.csv")
FACILITY_SOURCE_COLUMNS = [
    "facility_id",
    "old_province_code",
    "name_vi",
    "facility_type",
    "ownership",
    "capacity_places",
    "occupancy_persons",
    "admin_code",
    "address_vi",
    "location_precision",
    "source",
]
FACILITY_TYPES = (
    "elderly", "children", "disability", "mental_health", "general", "social_work", "other",
)  # fmt: skip
OWNERSHIPS = ("public", "non_public")
LOCATION_PRECISIONS = ("address", "commune", "district_seat")
#: A citation is a URL or a numbered Vietnamese document (e.g. ``KH 22/KH-UBND``), with a year.
CITED = re.compile(r"https?://\S+|\d+/[A-ZĐ]+-[A-ZĐ]+")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def normalise(name: str) -> str:
    """Strip accents, spaces and punctuation and lower-case ("Xã Gia Tân" -> "xagiatan")."""
    text = name.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def bbox_area_km2(bounds: str) -> float:
    """Area in km² of a ``"lat,lon – lat,lon"`` bounding box (spherical, equal-area)."""
    numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", bounds)]
    if len(numbers) != 4:
        msg = f"cannot parse bounds {bounds!r}"
        raise ValueError(msg)
    lat1, lon1, lat2, lon2 = numbers
    radius = 6371.0088
    dlon = math.radians(abs(lon2 - lon1))
    band = abs(math.sin(math.radians(lat2)) - math.sin(math.radians(lat1)))
    return radius * radius * dlon * band


def write_csv_atomic(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` as UTF-8 CSV with LF line ends, via a temp file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o644)  # mkstemp creates 0600; shipped data must be world-readable
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        tmp.replace(path)  # os.replace: atomic on POSIX
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file into a list of string dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def package_json(name: str) -> dict[str, Any]:
    """Load one of the JSON data files shipped inside ``vietnamadminunits``."""
    path = Path(vietnamadminunits.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def fail(message: str) -> NoReturn:
    """Abort the build with ``message``."""
    msg = f"build_geo_data: ERROR: {message}"
    raise SystemExit(msg)


# --------------------------------------------------------------------------------------
# districts
# --------------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """Collapse doubled spaces and fix known typos of the census export."""
    text = " ".join(name.split())
    return DISTRICT_NAME_FIXES.get(text, text)


def census_district_codes(shared: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(province name, district name) -> (province code, district code) from the commune table."""
    src = shared / "data" / "population" / "vnm_ward_population_census2019.csv"
    codes: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for r in read_csv(src):
        key = (normalise(r["province"]), normalise(r["district"]))
        codes[key].add((r["gso_prov_code"], r["gso_dist_code"]))
    return {k: next(iter(v)) for k, v in codes.items() if len(v) == 1}


def build_districts(shared: Path, province: OldProvince) -> tuple[list[dict[str, str]], list[str]]:
    """District rows from the GSO 2019 census district-by-age table (Cube1b), and log lines."""
    src = shared / "data" / "population" / "vnm_district_population_by_age_census2019.csv"
    by_name = census_district_codes(shared)
    log = []
    rows = []
    for r in read_csv(src):
        prov_code, dist_code = r["gso_prov_code"], r["gso_dist_code"]
        fixed = by_name.get((normalise(r["province"]), normalise(r["district"])))
        if fixed is not None and fixed != (prov_code, dist_code):
            log.append(
                f"  census district {r['district']!r}: code {prov_code}/{dist_code or '-'} -> "
                f"{fixed[0]}/{fixed[1]} (code of its wards in the commune table)"
            )
            prov_code, dist_code = fixed
        if prov_code == province.code:
            rows.append({**r, "gso_prov_code": prov_code, "gso_dist_code": dist_code})
    codes = [r["gso_dist_code"] for r in rows]
    if len(set(codes)) != len(codes) or not all(re.fullmatch(r"\d{3}", c) for c in codes):
        fail(f"{province.name_vi}: bad or duplicate district codes {sorted(codes)}")
    out = []
    for r in rows:
        band = {b: int(r[f"age_{b}"]) for b in AGE_BANDS_5Y}
        total = int(r["total"])
        if sum(band.values()) != total:
            fail(f"age bands do not add up for district {r['gso_dist_code']}")
        age_0_14 = sum(band[b] for b in AGE_BANDS_5Y[:3])
        age_15_59 = sum(band[b] for b in AGE_BANDS_5Y[3:12])
        age_60 = sum(band[b] for b in AGE_BANDS_5Y[12:])
        age_80 = band["80_84"] + band["85plus"]
        out.append(
            {
                "district_code": r["gso_dist_code"],
                "name_vi": clean_name(r["district"]),
                "population_persons": str(total),
                "urban_persons": str(int(r["urban_total"])),
                "age_0_14_persons": str(age_0_14),
                "age_15_59_persons": str(age_15_59),
                "age_60plus_persons": str(age_60),
                "age_80plus_persons": str(age_80),
                "age_60_64_persons": str(band["60_64"]),
                "age_65_69_persons": str(band["65_69"]),
                "age_70_74_persons": str(band["70_74"]),
                "age_75_79_persons": str(band["75_79"]),
                "age_80_84_persons": str(band["80_84"]),
                "age_85plus_persons": str(band["85plus"]),
            }
        )
    out.sort(key=lambda row: row["district_code"])
    checks = {
        "population_persons": province.population,
        "age_60plus_persons": province.age_60plus,
        "age_80plus_persons": province.age_80plus,
    }
    for column, expected in checks.items():
        total = sum(int(row[column]) for row in out)
        if expected is not None and total != expected:
            fail(f"{province.name_vi}: {column} sums to {total:,d}; GSO gives {expected:,d}")
    return out, log


# --------------------------------------------------------------------------------------
# legacy (early-2025) communes
# --------------------------------------------------------------------------------------


@dataclass
class Commune:
    """A commune-level unit of the package's early-2025 list, with derived facts."""

    code: str
    name: str
    ward_type: str
    province_code: str
    province_key: str
    district_2025: str
    district_key: str
    ward_key: str
    lat: float
    lon: float
    bounds: str
    wards_2019: list[tuple[str, str, int]] = field(default_factory=list)  # code, district, pop
    area_km2: float = 0.0
    area_method: str = ""

    @property
    def key(self) -> str:
        """The package's ``province_district_ward`` key of this unit."""
        return f"{self.province_key}_{self.district_key}_{self.ward_key}"

    @property
    def population(self) -> int:
        """2019 census population (persons) of the unit."""
        return sum(p for _, _, p in self.wards_2019)


def load_communes(province: OldProvince) -> dict[str, Commune]:
    """The province's commune-level units from ``admin_units_legacy``, keyed by ward code."""
    rows = query(
        "SELECT wardCode, ward, wardType, districtCode, districtKey, wardKey, wardLat, wardLon, "
        f"wardBounds FROM admin_units_legacy WHERE provinceCode = '{province.code}'"
    )
    communes = {
        r["wardCode"]: Commune(
            code=r["wardCode"],
            name=r["ward"],
            ward_type=r["wardType"],
            province_code=province.code,
            province_key=province.key,
            district_2025=r["districtCode"],
            district_key=r["districtKey"],
            ward_key=r["wardKey"],
            lat=float(r["wardLat"]),
            lon=float(r["wardLon"]),
            bounds=r["wardBounds"],
        )
        for r in rows
    }
    if len(communes) != province.communes or len(rows) != province.communes:
        fail(
            f"{province.name_vi}: expected {province.communes} communes in "
            f"admin_units_legacy, got {len(rows)}"
        )
    bad = [c.code for c in communes.values() if not re.fullmatch(r"\d{5}", c.code)]
    if bad or any(c.ward_type not in UNIT_TYPES for c in communes.values()):
        fail(f"unexpected commune codes or types: {bad}")
    return communes


def merged_name_index(
    province: OldProvince, communes: dict[str, Commune]
) -> dict[str, dict[str, list[str]]]:
    """Map package district code -> normalised old unit name -> successor ward codes.

    Built from ``wardKeywords`` of ``parser_legacy.json``, which lists the full names
    (``xa…``, ``phuong…``, ``thitran…``) of units merged into each ward.
    """
    parser = package_json("parser_legacy.json")["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    district_code_by_key = {c.district_key: c.district_2025 for c in communes.values()}
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for district_key, wards in parser[province.key].items():
        district_code = district_code_by_key[district_key]
        for ward in wards.values():
            for keyword in ward["wardKeywords"]:
                index[district_code][keyword].append(ward["wardCode"])
    return index


def short_name(name: str) -> str:
    """The name without its unit type ("Xã Mộc Nam" -> "Mộc Nam")."""
    return re.sub(r"^(xã|phường|thị trấn)\s+", "", name.strip(), flags=re.IGNORECASE)


def census_wards(shared: Path, province: OldProvince) -> tuple[list[dict[str, str]], list[str]]:
    """The province's 2019 census wards (GSO Cube1a) with their 2019 and 2024 codes checked.

    The reference copy matched names to the GSO change record after stripping accents, so a
    few pairs of wards that differ only by accent or unit type ("Xã Trực Hưng"/"Xã Trực Hùng",
    "Thị trấn Bắc Sơn"/"Xã Bắc Sơn") got the same code. The codes are re-derived here by
    exact (accented, case-insensitive) name match against the GSO change record
    1 Jan 2019 -> 10 Nov 2024 within the province, preferring the same district.
    """
    src = shared / "data" / "population" / "vnm_ward_population_census2019.csv"
    changes = shared / "data" / "admin_units" / "gso_ward_changes_2019_to_2024.csv"

    def exact(name: str) -> str:
        return " ".join(name.lower().split())

    record: dict[str, list[dict[str, str]]] = defaultdict(list)
    successors: dict[str, set[str]] = defaultdict(set)
    for r in read_csv(changes):
        if r["prov_code_2019"] == province.code:
            record[exact(r["ward_name_2019"])].append(r)
            successors[r["ward_code_2019"]].add(r["ward_code_2024"])
    log = []
    wards = []
    for w in read_csv(src):
        if w["gso_prov_code"] != province.code:
            continue
        candidates = record.get(exact(w["ward"]), [])
        if len(candidates) > 1:
            candidates = [r for r in candidates if r["dist_code_2019"] == w["gso_dist_code"]]
        if len(candidates) == 1:
            code_2019, code_2024 = candidates[0]["ward_code_2019"], candidates[0]["ward_code_2024"]
            if (code_2019, code_2024) != (w["gso_ward_code_2019"], w["gso_ward_code_2024"]):
                log.append(
                    f"  census ward {w['ward']} ({w['district']}): codes "
                    f"{w['gso_ward_code_2019']}/{w['gso_ward_code_2024']} -> {code_2019}/{code_2024}"
                    " (exact name in the GSO change record)"
                )
                w = {**w, "gso_ward_code_2019": code_2019, "gso_ward_code_2024": code_2024}
        code_2019 = w["gso_ward_code_2019"]
        divided_2024 = len(successors[code_2019]) > 1 and code_2019 in successors[code_2019]
        if divided_2024 and w["gso_ward_code_2024"] != code_2019:
            log.append(
                f"  census ward {code_2019} {w['ward']}: divided 2019-2024 between "
                f"{sorted(successors[code_2019])}; counted whole in the successor that kept "
                f"its code ({code_2019}), not in {w['gso_ward_code_2024']}"
            )
            w = {**w, "gso_ward_code_2024": code_2019}
        wards.append(w)
    return wards, log


def assign_census_wards(
    shared: Path, province: OldProvince, communes: dict[str, Commune], districts: set[str]
) -> list[str]:
    """Attach each 2019 census ward (GSO Cube1a) to exactly one commune; return log lines.

    A ward whose 2024 code is a package code goes there. The others were merged after
    10 Nov 2024 and are matched by their normalised full name against the merged-name keywords
    of the package's legacy parser, within the package district that holds most of the
    directly matched wards of the same 2019 district (then, if that fails, province-wide).
    """
    src = shared / "data" / "population" / "vnm_ward_population_census2019.csv"
    wards, log = census_wards(shared, province)
    index = merged_name_index(province, communes)
    seen: set[tuple[str, str]] = set()
    district_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for w in wards:
        if w["gso_ward_code_2024"] in communes:
            target = communes[w["gso_ward_code_2024"]]
            district_votes[w["gso_dist_code"]][target.district_2025] += 1
    district_2025_of = {d: votes.most_common(1)[0][0] for d, votes in district_votes.items()}
    for w in sorted(wards, key=lambda r: r["gso_ward_code_2019"]):
        code_2019, code_2024 = w["gso_ward_code_2019"], w["gso_ward_code_2024"]
        district_2019 = w["gso_dist_code"]
        if district_2019 not in districts:
            fail(f"ward {code_2019} has unknown district {district_2019}")
        if (code_2019, w["ward"]) in seen:
            fail(f"ward {code_2019} {w['ward']} listed twice in {src.name}")
        if any(code == code_2019 for code, _ in seen):
            log.append(
                f"  census ward {code_2019} {w['ward']}: 2019 code shared with another census "
                "ward (ambiguous in the GSO change record too); both are counted"
            )
        seen.add((code_2019, w["ward"]))
        district_2025 = district_2025_of.get(district_2019, district_2019)
        if code_2019 in MANUAL_MATCHES:
            target, reason = MANUAL_MATCHES[code_2019]
            log.append(
                f"  manual: {code_2019} {w['ward']} -> {target} {communes[target].name}: {reason}"
            )
        elif code_2024 in communes:
            target = code_2024
        else:
            full, short = normalise(w["ward"]), normalise(short_name(w["ward"]))
            matches, scope = [], ""
            for name, where in ((full, ""), (short, " (short name)")):
                matches = sorted(set(index[district_2025].get(name, [])))
                scope = where
                if len(matches) == 1:
                    break
            if len(matches) != 1:
                matches = sorted({c for d in index.values() for c in d.get(full, [])})
                scope = " (province-wide)"
            if len(matches) != 1:
                fail(
                    f"2019 ward {code_2019} {w['ward']} (2024 code {code_2024!r}) matches "
                    f"{len(matches)} communes by merged-name keywords: {matches}"
                )
            target = matches[0]
            log.append(
                f"  merged after Nov 2024: {code_2019} {w['ward']} -> {target} "
                f"{communes[target].name}{scope}"
            )
        communes[target].wards_2019.append((code_2019, district_2019, int(w["total"])))
    empty = sorted(c.code for c in communes.values() if not c.wards_2019)
    if empty:
        fail(f"communes without any 2019 census ward: {empty}")
    return log


def district_of(commune: Commune) -> str:
    """2019 district holding most of the commune's 2019 population (ties: lowest code)."""
    by_district: dict[str, int] = defaultdict(int)
    for _, district, pop in commune.wards_2019:
        by_district[district] += pop
    return min(by_district, key=lambda d: (-by_district[d], d))


# --------------------------------------------------------------------------------------
# 2025 wards: official areas, polygons (for divided shares), package data
# --------------------------------------------------------------------------------------


def read_2025_layer(shared: Path) -> list[dict[str, Any]]:
    """Features of the reference 2025 ward layer of the five new provinces."""
    src = shared / "data" / "boundaries" / "wards_2025_five_provinces.geojson"
    with src.open(encoding="utf-8") as handle:
        return list(json.load(handle)["features"])


def official_2025_areas(features: list[dict[str, Any]]) -> dict[str, float]:
    """Official area (km²) of the 2025 wards, from the reference layer's attributes."""
    return {
        str(f["properties"]["ward_code"]).zfill(5): float(f["properties"]["area_km2"])
        for f in features
    }


def new_wards_by_key() -> dict[tuple[str, str], dict[str, Any]]:
    """2025 wards of the package, keyed by (province key, ward key)."""
    rows = query(
        "SELECT provinceKey, provinceCode, wardKey, wardCode, ward, wardType, wardLat, wardLon, "
        "wardAreaKm2 FROM admin_units"
    )
    return {(r["provinceKey"], r["wardKey"]): r for r in rows}


def converter_constituents() -> tuple[
    dict[tuple[str, str], dict[str, float]], dict[str, list[tuple[str, bool]]]
]:
    """Constituents of each 2025 ward, and the successors of each divided legacy unit.

    Returns
    -------
    tuple
        (new province key, new ward key) -> legacy key -> 1 / number of successors; and
        legacy key -> [(new ward key, is default successor), ...] for divided units.
    """
    converter = package_json("converter_2025.json")
    constituents: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    divided: dict[str, list[tuple[str, bool]]] = {}
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                constituents[(province_key, new_key)][old_key] = 1.0
    for province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, successors in olds.items():
            divided[old_key] = [(s["newWardKey"], bool(s["isDefaultNewWard"])) for s in successors]
            for s in successors:
                constituents[(province_key, s["newWardKey"])][old_key] = 1.0 / len(successors)
    return constituents, divided


def robust_weights(raw: dict[str, float], ward_area: float) -> dict[str, tuple[float, str]]:
    """Clean bounding-box weights of the legacy constituents of one 2025 ward.

    Some geocoded bounding boxes are unusable: a point (< ``MIN_BBOX_KM2``) or a box around a
    whole district. A weight larger than the 2025 ward itself is capped at the ward's area
    (flag ``weight_capped``); a point-sized weight is replaced by the median of its siblings'
    (capped) weights, or by an equal share if there are none (flag ``weight_imputed``).
    """
    capped = {
        k: (min(w, ward_area), "weight_capped" if w > ward_area else "") for k, w in raw.items()
    }
    usable = sorted(w for w, _ in capped.values() if w >= MIN_BBOX_KM2)
    if usable:
        mid = len(usable) // 2
        fill = usable[mid] if len(usable) % 2 else (usable[mid - 1] + usable[mid]) / 2
    else:
        fill = ward_area / len(raw)
    return {
        k: (w, flag) if w >= MIN_BBOX_KM2 else (fill, "weight_imputed")
        for k, (w, flag) in capped.items()
    }


def apportion_areas(
    communes: dict[str, Commune],
    official: dict[str, float],
    constituents: dict[tuple[str, str], dict[str, float]],
    new_wards: dict[tuple[str, str], dict[str, Any]],
) -> list[str]:
    """Set ``area_km2``/``area_method`` by splitting 2025 ward areas over legacy constituents.

    Each new 2025 ward's area is shared among its legacy constituents in proportion to the
    area of their bounding boxes (cleaned by :func:`robust_weights`); an old ward divided
    among several new wards contributes its bounding-box area divided by its number of
    successors to each of them. The package's ``wardAreaKm2`` is used unless it differs by
    more than ``AREA_TOLERANCE`` from the official area (flag ``official_area``).
    """
    legacy = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r
        for r in query(
            "SELECT provinceKey, districtKey, wardKey, ward, wardBounds FROM admin_units_legacy"
        )
    }
    by_key = {c.key: c for c in communes.values()}
    log = []
    area_sum: dict[str, float] = defaultdict(float)
    flags: dict[str, set[str]] = defaultdict(set)
    for new_id in sorted(constituents):
        parts = constituents[new_id]
        if not any(k in by_key for k in parts):
            continue
        ward = new_wards[new_id]
        area = float(ward["wardAreaKm2"])
        ward_flags = set()
        ref = official.get(ward["wardCode"])
        if ref is not None and abs(area - ref) > AREA_TOLERANCE * ref:
            log.append(
                f"  2025 ward {ward['wardCode']} {ward['ward']}: package area {area:.2f} km² "
                f"replaced by official {ref:.2f} km²"
            )
            area = ref
            ward_flags.add(AREA_OFFICIAL)
        raw = {}
        for old_key, share in parts.items():
            bounds = (legacy.get(old_key) or {}).get("wardBounds")
            if not bounds:
                fail(f"no bounding box for legacy unit {old_key}")
            raw[old_key] = bbox_area_km2(bounds) * share
        weights = robust_weights(raw, area)
        total_weight = sum(w for w, _ in weights.values())
        for old_key, (weight, flag) in sorted(weights.items()):
            if flag:
                log.append(
                    f"  {flag}: {legacy[old_key]['ward']} in {ward['ward']}: bbox "
                    f"{raw[old_key]:.1f} km² -> weight {weight:.1f} km²"
                )
            if old_key in by_key:
                code = by_key[old_key].code
                area_sum[code] += area * weight / total_weight
                flags[code] |= ward_flags | ({flag} if flag else set())
    for c in communes.values():
        if c.code in area_sum:
            c.area_km2 = area_sum[c.code]
            c.area_method = "+".join([AREA_APPORTIONED, *sorted(flags[c.code])])
        else:
            c.area_km2 = bbox_area_km2(c.bounds)
            c.area_method = AREA_BBOX_ONLY
            log.append(f"  commune {c.code} {c.name}: no 2025 successor, bbox area used")
    return log


def commune_rows(
    province: OldProvince, communes: dict[str, Commune], district_names: dict[str, str]
) -> list[dict[str, str]]:
    """The rows of ``<slug>_2019/communes.csv``."""
    rows = []
    for c in sorted(communes.values(), key=lambda x: x.code):
        district = district_of(c)
        rows.append(
            {
                "admin_code": c.code,
                "name_vi": c.name,
                "unit_type": UNIT_TYPES[c.ward_type],
                "province_code": province.code,
                "district_code": district,
                "district_name_vi": district_names[district],
                "lat": f"{c.lat:.6f}",
                "lon": f"{c.lon:.6f}",
                "area_km2": f"{c.area_km2:.2f}",
                "area_method": c.area_method,
                "population_persons": str(c.population),
                "census_ward_codes_2019": ";".join(sorted({code for code, _, _ in c.wards_2019})),
            }
        )
    total = sum(int(r["population_persons"]) for r in rows)
    if total != province.population:
        fail(
            f"{province.name_vi}: commune populations sum to {total}, expected {province.population}"
        )
    return rows


# --------------------------------------------------------------------------------------
# 2025 era: crosswalk and roll-up
# --------------------------------------------------------------------------------------


def overlap_shares(
    bounds: str, successors: list[tuple[str, str]], polygons: dict[str, Any]
) -> tuple[list[float], str]:
    """Area shares of a divided legacy unit among its 2025 successors.

    The legacy unit's extent is approximated by its geocoded bounding box (package
    ``wardBounds``); each successor gets the area of the box that lies in its 2025 polygon
    (reference layer, projected to UTM 48N), normalised to sum to 1. When the box misses all
    the polygons (or a polygon is unavailable) the unit is split equally.
    """
    import shapely
    from pyproj import Transformer

    numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", bounds or "")]
    codes = [code for code, _ in successors]
    if len(numbers) == 4 and all(code in polygons for code in codes):
        lat1, lon1, lat2, lon2 = numbers
        to_utm = Transformer.from_crs("EPSG:4326", PROJECTED_CRS, always_xy=True)
        box = shapely.box(min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2))
        box = shapely.transform(box, lambda xy: _to_utm(to_utm, xy))
        overlaps = [box.intersection(polygons[code]).area for code in codes]
        total = sum(overlaps)
        if total > 0 and all(o > 0 for o in overlaps):
            return [o / total for o in overlaps], SHARE_OVERLAP
    return [1.0 / len(codes)] * len(codes), SHARE_EQUAL


def _to_utm(transformer: Any, xy: Any) -> Any:
    """Project an (n, 2) array of lon/lat degrees to metres."""
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def projected_polygons(features: list[dict[str, Any]]) -> dict[str, Any]:
    """2025 ward polygons of the reference layer in UTM 48N, keyed by ward code."""
    import shapely
    import shapely.geometry
    from pyproj import Transformer

    to_utm = Transformer.from_crs("EPSG:4326", PROJECTED_CRS, always_xy=True)
    polygons = {}
    for f in features:
        geometry = shapely.make_valid(shapely.geometry.shape(f["geometry"]))
        polygons[str(f["properties"]["ward_code"]).zfill(5)] = shapely.transform(
            geometry, lambda xy: _to_utm(to_utm, xy)
        )
    return polygons


def largest_remainder(values: dict[str, float], total: int) -> dict[str, int]:
    """Round ``values`` to integers that add up to ``total`` (largest-remainder method)."""
    floors = {k: math.floor(v) for k, v in values.items()}
    short = total - sum(floors.values())
    order = sorted(values, key=lambda k: (-(values[k] - floors[k]), k))
    for k in order[:short]:
        floors[k] += 1
    return floors


@dataclass
class NewCommune:
    """A 2025 commune of the package, with the legacy units rolled up into it."""

    code: str
    name: str
    ward_type: str
    lat: float
    lon: float
    area_km2: float
    area_method: str
    parts: list[tuple[Commune, float]] = field(default_factory=list)  # legacy unit, share


def build_2025(
    new: NewProvince,
    legacy: dict[str, dict[str, Commune]],
    constituents: dict[tuple[str, str], dict[str, float]],
    divided: dict[str, list[tuple[str, bool]]],
    new_wards: dict[tuple[str, str], dict[str, Any]],
    official: dict[str, float],
    polygons: dict[str, Any],
    district_names: dict[str, str],
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, str], list[str]]:
    """Communes and crosswalk rows of a 2025 province, the default successor of each legacy
    code, and log lines."""
    log = []
    by_key = {c.key: c for code in new.old_codes for c in legacy[code].values()}
    units: dict[str, NewCommune] = {}
    for (province_key, ward_key), ward in new_wards.items():
        if province_key != new.key:
            continue
        area = float(ward["wardAreaKm2"])
        method = AREA_VAU
        ref = official.get(ward["wardCode"])
        if ref is not None and abs(area - ref) > AREA_TOLERANCE * ref:
            log.append(
                f"  2025 ward {ward['wardCode']} {ward['ward']}: package area {area:.2f} km² "
                f"replaced by official {ref:.2f} km²"
            )
            area, method = ref, AREA_OFFICIAL
        units[ward_key] = NewCommune(
            code=ward["wardCode"],
            name=ward["ward"],
            ward_type=ward["wardType"],
            lat=float(ward["wardLat"]),
            lon=float(ward["wardLon"]),
            area_km2=area,
            area_method=method,
        )
    if len(units) != new.communes:
        fail(f"{new.name_vi}: expected {new.communes} 2025 communes, got {len(units)}")
    crosswalk = []
    default_successor: dict[str, str] = {}
    for (province_key, _), parts in sorted(constituents.items()):
        if province_key != new.key:
            continue
        for old_key in parts:
            if old_key not in by_key:
                fail(f"{new.name_vi}: constituent {old_key} is not a legacy unit of its provinces")
    for old_key, commune in sorted(by_key.items(), key=lambda kv: kv[1].code):
        if old_key in divided:
            successors = [(units[k].code, k, is_default) for k, is_default in divided[old_key]]
            shares, method = overlap_shares(
                commune.bounds, [(code, k) for code, k, _ in successors], polygons
            )
            log.append(
                f"  divided {commune.code} {commune.name}: "
                + ", ".join(
                    f"{units[k].name} {share:.3f}"
                    for (_, k, _), share in zip(successors, shares, strict=True)
                )
                + f" ({method})"
            )
            entries = [
                (k, is_default, share, method)
                for (_, k, is_default), share in zip(successors, shares, strict=True)
            ]
        else:
            homes = [
                k for (p, k), parts in constituents.items() if p == new.key and old_key in parts
            ]
            if len(homes) != 1:
                fail(
                    f"legacy unit {commune.code} {commune.name} maps to {len(homes)} 2025 communes"
                )
            entries = [(homes[0], True, 1.0, SHARE_WHOLE)]
        for ward_key, is_default, share, method in entries:
            unit = units[ward_key]
            unit.parts.append((commune, share))
            if is_default:
                default_successor[commune.code] = unit.code
            crosswalk.append(
                {
                    "old_admin_code": commune.code,
                    "old_name_vi": commune.name,
                    "old_province_code": commune.province_code,
                    "old_district_code": district_of(commune),
                    "new_admin_code": unit.code,
                    "new_name_vi": unit.name,
                    "divided": "true" if len(entries) > 1 else "false",
                    "is_default": "true" if is_default else "false",
                    "area_share": f"{share:.6f}",
                    "population_share": f"{share:.6f}",
                    "population_persons": f"{commune.population * share:.2f}",
                    "share_method": method,
                }
            )
    expected_total = sum(OLD_PROVINCES[code].population for code in new.old_codes)
    exact = {u.code: sum(c.population * s for c, s in u.parts) for u in units.values()}
    rounded = largest_remainder(exact, expected_total)
    rows = []
    for unit in sorted(units.values(), key=lambda u: u.code):
        if not unit.parts:
            fail(f"2025 commune {unit.code} {unit.name} has no legacy constituent")
        contribution: dict[str, float] = defaultdict(float)
        for commune, share in unit.parts:
            contribution[commune.code] += commune.population * share
        by_code = {c.code: c for c, _ in unit.parts}
        main = min(contribution, key=lambda code: (-contribution[code], code))
        district = district_of(by_code[main])
        partial = any(s < 1.0 for _, s in unit.parts)
        rows.append(
            {
                "admin_code": unit.code,
                "name_vi": unit.name,
                "unit_type": UNIT_TYPES[unit.ward_type],
                "province_code": new.code,
                "district_code": district,
                "district_name_vi": district_names[district],
                "lat": f"{unit.lat:.6f}",
                "lon": f"{unit.lon:.6f}",
                "area_km2": f"{unit.area_km2:.2f}",
                "area_method": unit.area_method,
                "population_persons": str(rounded[unit.code]),
                "population_method": "census_2019_sum" + ("+area_apportioned" if partial else ""),
                "legacy_admin_codes": ";".join(sorted(by_code)),
            }
        )
    crosswalk.sort(key=lambda r: (r["old_admin_code"], r["new_admin_code"]))
    total = sum(int(r["population_persons"]) for r in rows)
    if total != expected_total or abs(sum(exact.values()) - expected_total) > 0.5:
        fail(f"{new.name_vi}: rolled-up population {total} differs from census {expected_total}")
    return rows, crosswalk, default_successor, log


# --------------------------------------------------------------------------------------
# facilities
# --------------------------------------------------------------------------------------


def load_facility_sources(path: Path = FACILITY_SOURCES) -> list[dict[str, str]]:
    """The curated facility rows, checked for vocabulary, numbers and a cited URL."""
    rows = read_csv(path)
    if not rows or list(rows[0]) != FACILITY_SOURCE_COLUMNS:
        fail(f"{path}: columns must be {FACILITY_SOURCE_COLUMNS}")
    seen: set[str] = set()
    for row in rows:
        fid = row["facility_id"]
        if fid in seen:
            fail(f"facility {fid}: duplicate id")
        seen.add(fid)
        if row["old_province_code"] not in OLD_PROVINCES:
            fail(f"facility {fid}: unknown old province {row['old_province_code']}")
        for column, allowed in (
            ("facility_type", FACILITY_TYPES),
            ("ownership", OWNERSHIPS),
            ("location_precision", LOCATION_PRECISIONS),
        ):
            if row[column] not in allowed:
                fail(f"facility {fid}: {column} {row[column]!r} not in {allowed}")
        capacity = int(row["capacity_places"])
        if not 1 <= capacity <= 5000:
            fail(f"facility {fid}: implausible capacity {capacity}")
        if row["occupancy_persons"] and int(row["occupancy_persons"]) > capacity:
            fail(f"facility {fid}: occupancy above capacity")
        if not CITED.search(row["source"]) or not YEAR.search(row["source"]):
            fail(f"facility {fid}: source cites no URL or numbered document, or no year")
    return rows


def build_facilities(
    sources: list[dict[str, str]], province_code: str, communes: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Facility rows of one old province, located at the package coordinates of their commune."""
    by_code = {r["admin_code"]: r for r in communes}
    rows = []
    for fac in sources:
        if fac["old_province_code"] != province_code:
            continue
        commune = by_code.get(fac["admin_code"])
        if commune is None:
            fail(f"facility {fac['facility_id']}: unknown commune {fac['admin_code']}")
        row = {k: v for k, v in fac.items() if k != "old_province_code"}
        rows.append(
            {
                **row,
                "district_code": commune["district_code"],
                "lat": commune["lat"],
                "lon": commune["lon"],
            }
        )
    return sorted(rows, key=lambda r: r["facility_id"])


def facilities_2025(
    facilities_2019: list[dict[str, str]],
    default_successor: dict[str, str],
    communes_2025: list[dict[str, str]],
) -> list[dict[str, str]]:
    """The same facilities on the 2025 units: the default successor of their legacy commune.

    The point stays at the legacy commune's coordinates (a smaller unit than the 2025 commune,
    so no less precise); ``district_code`` is the 2025 commune's legacy district.
    """
    by_code = {r["admin_code"]: r for r in communes_2025}
    rows = []
    for fac in facilities_2019:
        new_code = default_successor[fac["admin_code"]]
        rows.append(
            {
                **fac,
                "admin_code": new_code,
                "district_code": by_code[new_code]["district_code"],
                "source": fac["source"]
                + f" 2025 unit: {by_code[new_code]['name_vi']} ({new_code}), successor of the "
                f"legacy commune {fac['admin_code']}; point kept at the legacy commune.",
            }
        )
    return sorted(rows, key=lambda r: r["facility_id"])


# --------------------------------------------------------------------------------------
# report and main
# --------------------------------------------------------------------------------------


def report(
    province: OldProvince,
    districts: list[dict[str, str]],
    communes: list[dict[str, str]],
) -> list[str]:
    """Human-readable summary of the checks; also lists district/commune mismatches."""
    lines = [f"== {province.name_vi} ({province.code}), early-2025 communes, 2019 census"]
    census = {r["district_code"]: int(r["population_persons"]) for r in districts}
    names = {r["district_code"]: r["name_vi"] for r in districts}
    by_district: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in communes:
        by_district[r["district_code"]].append(r)
    lines.append("Per 2019 district: communes, commune population vs census, area km²:")
    for code, name in names.items():
        rows = by_district[code]
        pop = sum(int(r["population_persons"]) for r in rows)
        area = sum(float(r["area_km2"]) for r in rows)
        flag = f"  MISMATCH {pop - census[code]:+,d}" if pop != census[code] else ""
        lines.append(
            f"  {code} {name:<24} {len(rows):3d} communes  {pop:9,d} / {census[code]:9,d}"
            f"  {area:8.2f}{flag}"
        )
    total_area = sum(float(r["area_km2"]) for r in communes)
    total_pop = sum(int(r["population_persons"]) for r in communes)
    gso_area = GSO_PROVINCE_AREA_KM2.get(province.code)
    lines.append(
        f"Province: {len(communes)} communes, population {total_pop:,d} "
        f"(census {province.population:,d}), area {total_area:.2f} km²"
        + (f" (GSO {gso_area:,.2f} km²)" if gso_area else "")
    )
    methods: Counter[str] = Counter(r["area_method"] for r in communes)
    lines.append("Area methods: " + ", ".join(f"{k}={v}" for k, v in sorted(methods.items())))
    return lines


def cross_district_communes(communes: dict[str, Commune]) -> list[str]:
    """Log lines for communes whose 2019 wards lie in more than one 2019 district."""
    lines = []
    for c in sorted(communes.values(), key=lambda x: x.code):
        districts = sorted({d for _, d, _ in c.wards_2019})
        if len(districts) > 1:
            parts = ", ".join(f"{code} ({d}) {pop:,d}" for code, d, pop in sorted(c.wards_2019))
            lines.append(f"  {c.code} {c.name}: {parts} -> district {district_of(c)}")
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path("../shared"),
        help="reference data folder holding data/population and data/boundaries "
        "(default: ../shared)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("data/geo"), help="output folder (default: data/geo)"
    )
    return parser.parse_args(argv)


def index_row(
    slug: str,
    era: str,
    code: str,
    name: str,
    old_codes: tuple[str, ...],
    tables: dict[str, list[dict[str, str]]],
) -> dict[str, str]:
    """One row of ``provinces.csv``."""
    communes = tables["communes"]
    return {
        "slug": slug,
        "era": era,
        "folder": f"{slug}_{era}",
        "province_code": code,
        "name_vi": name,
        "old_province_codes": ";".join(old_codes),
        "communes": str(len(communes)),
        "districts": str(len(tables["districts"])),
        "facilities": str(len(tables["facilities"])),
        "population_persons": str(sum(int(r["population_persons"]) for r in communes)),
        "area_km2": f"{sum(float(r['area_km2']) for r in communes):.2f}",
        "projected_crs": PROJECTED_CRS,
    }


def main(argv: list[str] | None = None) -> int:
    """Build all tables and print the report."""
    args = parse_args(argv)
    features = read_2025_layer(args.shared)
    official = official_2025_areas(features)
    constituents, divided = converter_constituents()
    new_wards = new_wards_by_key()
    legacy: dict[str, dict[str, Commune]] = {}
    districts: dict[str, list[dict[str, str]]] = {}
    communes_2019: dict[str, list[dict[str, str]]] = {}
    district_names: dict[str, str] = {}
    index: list[dict[str, str]] = []
    for province in OLD_PROVINCES.values():
        districts[province.code], log = build_districts(args.shared, province)
        names = {r["district_code"]: r["name_vi"] for r in districts[province.code]}
        district_names.update(names)
        communes = load_communes(province)
        log.append("2019 census wards merged after Nov 2024 (mapped by merged-name keywords):")
        log += assign_census_wards(args.shared, province, communes, set(names))
        log.append("2025 ward areas:")
        log += apportion_areas(communes, official, constituents, new_wards)
        legacy[province.code] = communes
        communes_2019[province.code] = commune_rows(province, communes, names)
        log.append("Communes merging 2019 wards from two districts (assigned to the larger share):")
        log += cross_district_communes(communes)
        lines = report(province, districts[province.code], communes_2019[province.code])
        print("\n".join(lines[:1] + log + lines[1:]))
    sources = load_facility_sources()
    facilities_2019 = {
        code: build_facilities(sources, code, communes_2019[code]) for code in OLD_PROVINCES
    }
    written = []
    for province in OLD_PROVINCES.values():
        if not province.shipped:
            continue
        tables = {
            "districts": districts[province.code],
            "communes": communes_2019[province.code],
            "facilities": facilities_2019[province.code],
        }
        out = args.out / f"{province.slug}_2019"
        write_csv_atomic(out / "districts.csv", DISTRICT_COLUMNS, tables["districts"])
        write_csv_atomic(out / "communes.csv", COMMUNE_COLUMNS, tables["communes"])
        write_csv_atomic(out / "facilities.csv", FACILITY_COLUMNS, tables["facilities"])
        written.append(out)
        index.append(
            index_row(
                province.slug, "2019", province.code, province.name_vi, (province.code,), tables
            )
        )
    polygons = projected_polygons(features)
    for new in NEW_PROVINCES.values():
        rows, crosswalk, successors, log = build_2025(
            new, legacy, constituents, divided, new_wards, official, polygons, district_names
        )
        print(f"== {new.name_vi} ({new.code}) from 1 Jul 2025, old provinces {new.old_codes}")
        print("\n".join(log))
        tables = {
            "districts": sorted(
                (r for code in new.old_codes for r in districts[code]),
                key=lambda r: r["district_code"],
            ),
            "communes": rows,
            "facilities": facilities_2025(
                [f for code in new.old_codes for f in facilities_2019[code]], successors, rows
            ),
        }
        total = sum(int(r["population_persons"]) for r in rows)
        divided_count = len({r["old_admin_code"] for r in crosswalk if r["divided"] == "true"})
        print(
            f"Province: {len(rows)} communes, population {total:,d} (sum of the census totals of "
            f"{', '.join(OLD_PROVINCES[c].name_vi for c in new.old_codes)}), "
            f"{len(crosswalk)} crosswalk rows, {divided_count} divided legacy communes"
        )
        out = args.out / f"{new.slug}_2025"
        write_csv_atomic(out / "districts.csv", DISTRICT_COLUMNS, tables["districts"])
        write_csv_atomic(out / "communes.csv", COMMUNE_COLUMNS_2025, rows)
        write_csv_atomic(out / "facilities.csv", FACILITY_COLUMNS, tables["facilities"])
        write_csv_atomic(out / "crosswalk_2019_2025.csv", CROSSWALK_COLUMNS, crosswalk)
        written.append(out)
        index.append(index_row(new.slug, "2025", new.code, new.name_vi, new.old_codes, tables))
    index.sort(key=lambda r: (r["era"], r["slug"]))
    write_csv_atomic(args.out / "provinces.csv", PROVINCE_INDEX_COLUMNS, index)
    print(f"Wrote {args.out}/provinces.csv and " + ", ".join(p.name for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
