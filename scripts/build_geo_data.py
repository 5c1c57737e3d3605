#!/usr/bin/env python3
"""Build the bundled Ninh Bình (pre-2025, province code 37) data tables.

Outputs (under ``--out``, default ``data/geo``)::

    ninh_binh_2019/districts.csv   8 district-level units of the 2019 census, with age bands
    ninh_binh_2019/communes.csv    125 commune-level units valid 1 Jan 2025 - 1 Jul 2025
    ninh_binh_2019/facilities.csv  the 3 existing public centres of plan 22/KH-UBND (2018)

Inputs:

* PyPI package ``vietnamadminunits`` 1.0.4 (MIT, (c) 2025 Tran Ngoc Minh Hieu): the legacy
  commune list with codes and centroids (table ``admin_units_legacy``), the 2025 wards with
  their area (table ``admin_units``), the old -> new 2025 mapping (``converter_2025.json``)
  and the merged-name keywords of the legacy parser (``parser_legacy.json``).
* GSO 2019 Population and Housing Census (census date 1 Apr 2019), read from the reference
  copy under ``--shared`` (default ``../shared``): district population by age (Cube1b)
  and commune population (Cube1a).
* The official area of each 2025 ward (published with NQ 1674/NQ-UBTVQH15 via
  sapnhap.bando.com.vn), read from the attribute table of the reference 2025 ward layer
  under ``--shared``. It is only used to correct the package's ``wardAreaKm2`` where the
  two disagree (the package confused a few wards with same-named wards elsewhere).

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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import vietnamadminunits
from vietnamadminunits.database import query

PROVINCE_CODE = "37"
PROVINCE_KEY = "tinhninhbinh"

#: District-level units of the 2019 census (GSO codes) in province 37.
DISTRICTS_2019: dict[str, str] = {
    "369": "Thành phố Ninh Bình",
    "370": "Thành phố Tam Điệp",
    "372": "Huyện Nho Quan",
    "373": "Huyện Gia Viễn",
    "374": "Huyện Hoa Lư",
    "375": "Huyện Yên Khánh",
    "376": "Huyện Kim Sơn",
    "377": "Huyện Yên Mô",
}

#: 2019 district -> district of the package's early-2025 list. NQ 1318/NQ-UBTVQH15 merged
#: Ninh Bình city (369) and Hoa Lư district (374) into Hoa Lư city (374) on 1 Jan 2025.
DISTRICT_2019_TO_2025: dict[str, str] = {"369": "374"}

#: Province totals of the 2019 census (GSO), used as hard checks.
EXPECTED_POPULATION = 982_487
EXPECTED_60PLUS = 151_049
EXPECTED_80PLUS = 27_913
EXPECTED_COMMUNES = 125

#: Official province area (GSO), for the report only.
GSO_PROVINCE_AREA_KM2 = 1411.78

#: Relative difference above which the package's 2025 ward area is replaced by the official one.
AREA_TOLERANCE = 0.01

#: Bounding boxes smaller than this (km²) are geocoded points, not commune extents.
MIN_BBOX_KM2 = 0.5

UNIT_TYPES: dict[str, str] = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}

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

AREA_APPORTIONED = "apportioned_2025_bbox"
AREA_BBOX_ONLY = "bbox_only"

PLAN_22 = "Ninh Bình KH 22/KH-UBND (2018): capacity"
URL_BICH_DAO = (
    "https://bichdao.tpninhbinh.ninhbinh.gov.vn/tin-tuc-su-kien/"
    "lanh-dao-tinh-thanh-pho-tham-tang-qua-tai-trung-tam-bao-tro-va-cong-tac-xa-hoi-tinh-ninh-binh-290.html"
)
URL_VNPLUS = "https://en.vietnamplus.vn/president-visits-wounded-soldiers-in-ninh-binh/105615.vnp"
URL_VYEA = (
    "https://vyea.org.vn/"
    "hoi-doanh-nhan-tre-ninh-binh-tham-tang-qua-trung-tam-dieu-duong-thuong-binh-nho-quan"
)

#: The 3 existing public centres of plan 22/KH-UBND (2018). ``admin_code`` is where the
#: point is placed; no street address or commune was found in public pages for any of them.
FACILITIES: list[dict[str, str]] = [
    {
        "facility_id": "NB-E01",
        "name_vi": "Trung tâm Bảo trợ và Công tác xã hội tỉnh Ninh Bình",
        "facility_type": "general",
        "ownership": "public",
        "capacity_places": "130",
        "occupancy_persons": "",
        "admin_code": "14332",  # Phường Bích Đào, central ward of the former Ninh Bình city
        "address_vi": "Thành phố Ninh Bình (cũ), tỉnh Ninh Bình",
        "location_precision": "district_seat",
        "source": (
            f"{PLAN_22}. Commune not confirmed; placed at Phường Bích Đào, a central ward of "
            f"the former Ninh Bình city; that ward's portal reports a visit to the centre "
            f"({URL_BICH_DAO}), which suggests but does not state the ward."
        ),
    },
    {
        "facility_id": "NB-E02",
        "name_vi": "Trung tâm Phục hồi chức năng tâm thần",
        "facility_type": "mental_health",
        "ownership": "public",
        "capacity_places": "275",
        "occupancy_persons": "",
        "admin_code": "14701",  # Thị trấn Yên Thịnh, seat of Yên Mô district
        "address_vi": "Huyện Yên Mô, tỉnh Ninh Bình",
        "location_precision": "district_seat",
        "source": (
            f"{PLAN_22}. Commune not found in public pages; placed at the Yên Mô district "
            "seat (Thị trấn Yên Thịnh)."
        ),
    },
    {
        "facility_id": "NB-E03",
        "name_vi": "Trung tâm Điều dưỡng thương binh Nho Quan",
        "facility_type": "other",
        "ownership": "public",
        "capacity_places": "155",
        "occupancy_persons": "145",
        "admin_code": "14428",  # Thị trấn Nho Quan, seat of Nho Quan district
        "address_vi": "Huyện Nho Quan, tỉnh Ninh Bình",
        "location_precision": "district_seat",
        "source": (
            f"{PLAN_22}; 155 residents in Jan 2017 ({URL_VNPLUS}); occupancy 145 in Jul 2024, "
            f"incl. 58 social-protection cases with mental illness ({URL_VYEA}). Commune not "
            "found; placed at the Nho Quan district seat (Thị trấn Nho Quan)."
        ),
    },
]


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


def build_districts(shared: Path) -> list[dict[str, str]]:
    """District rows from the GSO 2019 census district-by-age table (Cube1b)."""
    src = shared / "data" / "population" / "vnm_district_population_by_age_census2019.csv"
    rows = [r for r in read_csv(src) if r["gso_prov_code"] == PROVINCE_CODE]
    if sorted(r["gso_dist_code"] for r in rows) != sorted(DISTRICTS_2019):
        fail(f"unexpected district codes in {src.name}")
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
                "name_vi": r["district"],
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
    totals = {
        col: sum(int(row[col]) for row in out)
        for col in ("population_persons", "age_60plus_persons", "age_80plus_persons")
    }
    expected = {
        "population_persons": EXPECTED_POPULATION,
        "age_60plus_persons": EXPECTED_60PLUS,
        "age_80plus_persons": EXPECTED_80PLUS,
    }
    if totals != expected:
        fail(f"province totals {totals} differ from the GSO totals {expected}")
    return out


# --------------------------------------------------------------------------------------
# communes
# --------------------------------------------------------------------------------------


@dataclass
class Commune:
    """A commune-level unit of the package's early-2025 list, with derived facts."""

    code: str
    name: str
    ward_type: str
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
        return f"{PROVINCE_KEY}_{self.district_key}_{self.ward_key}"


def load_communes() -> dict[str, Commune]:
    """The province's commune-level units from ``admin_units_legacy``, keyed by ward code."""
    rows = query(
        "SELECT wardCode, ward, wardType, districtCode, districtKey, wardKey, wardLat, wardLon, "
        f"wardBounds FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}'"
    )
    communes = {
        r["wardCode"]: Commune(
            code=r["wardCode"],
            name=r["ward"],
            ward_type=r["wardType"],
            district_2025=r["districtCode"],
            district_key=r["districtKey"],
            ward_key=r["wardKey"],
            lat=float(r["wardLat"]),
            lon=float(r["wardLon"]),
            bounds=r["wardBounds"],
        )
        for r in rows
    }
    if len(communes) != EXPECTED_COMMUNES or len(rows) != EXPECTED_COMMUNES:
        fail(f"expected {EXPECTED_COMMUNES} communes in admin_units_legacy, got {len(rows)}")
    bad = [c.code for c in communes.values() if not re.fullmatch(r"\d{5}", c.code)]
    if bad or any(c.ward_type not in UNIT_TYPES for c in communes.values()):
        fail(f"unexpected commune codes or types: {bad}")
    return communes


def merged_name_index(communes: dict[str, Commune]) -> dict[str, dict[str, list[str]]]:
    """Map package district code -> normalised old unit name -> successor ward codes.

    Built from ``wardKeywords`` of ``parser_legacy.json``, which lists the full names
    (``xa…``, ``phuong…``, ``thitran…``) of units merged into each ward.
    """
    parser = package_json("parser_legacy.json")["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    district_code_by_key = {c.district_key: c.district_2025 for c in communes.values()}
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for district_key, wards in parser[PROVINCE_KEY].items():
        district_code = district_code_by_key[district_key]
        for ward in wards.values():
            for keyword in ward["wardKeywords"]:
                if keyword.startswith(("xa", "phuong", "thitran")):
                    index[district_code][keyword].append(ward["wardCode"])
    return index


def assign_census_wards(shared: Path, communes: dict[str, Commune]) -> list[str]:
    """Attach each 2019 census ward (GSO Cube1a) to exactly one commune; return log lines."""
    src = shared / "data" / "population" / "vnm_ward_population_census2019.csv"
    wards = [r for r in read_csv(src) if r["gso_prov_code"] == PROVINCE_CODE]
    index = merged_name_index(communes)
    log = []
    seen: set[str] = set()
    for w in sorted(wards, key=lambda r: r["gso_ward_code_2019"]):
        code_2019, code_2024 = w["gso_ward_code_2019"], w["gso_ward_code_2024"]
        district_2019 = w["gso_dist_code"]
        if district_2019 not in DISTRICTS_2019:
            fail(f"ward {code_2019} has unknown district {district_2019}")
        if code_2019 in seen:
            fail(f"ward {code_2019} listed twice in {src.name}")
        seen.add(code_2019)
        district_2025 = DISTRICT_2019_TO_2025.get(district_2019, district_2019)
        if code_2024 in communes:
            target = code_2024
        else:
            matches = sorted(set(index[district_2025].get(normalise(w["ward"]), [])))
            if len(matches) != 1:
                fail(
                    f"2019 ward {code_2019} {w['ward']} (2024 code {code_2024!r}) matches "
                    f"{len(matches)} communes by merged-name keywords: {matches}"
                )
            target = matches[0]
            log.append(
                f"  merged 1 Jan 2025: {code_2019} {w['ward']} -> {target} {communes[target].name}"
            )
        if communes[target].district_2025 != district_2025:
            fail(f"ward {code_2019} maps to {target} in another district")
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


def official_2025_areas(shared: Path) -> dict[str, float]:
    """Official area (km²) of the province's 2025 wards, from the reference layer's attributes."""
    src = shared / "data" / "boundaries" / "wards_2025_five_provinces.geojson"
    with src.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {
        str(f["properties"]["ward_code"]).zfill(5): float(f["properties"]["area_km2"])
        for f in features
        if str(f["properties"]["prov_code"]).zfill(2) == PROVINCE_CODE
    }


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


def apportion_areas(communes: dict[str, Commune], official: dict[str, float]) -> list[str]:
    """Set ``area_km2``/``area_method`` by splitting 2025 ward areas over legacy constituents.

    Each new 2025 ward's area is shared among its legacy constituents in proportion to the
    area of their bounding boxes (cleaned by :func:`robust_weights`); an old ward divided
    among several new wards contributes its bounding-box area divided by its number of
    successors to each of them. The package's ``wardAreaKm2`` is used unless it differs by
    more than ``AREA_TOLERANCE`` from the official area (flag ``official_area``).
    """
    converter = package_json("converter_2025.json")
    no_divided: dict[str, list[str]] = converter["DICT_PROVINCE_WARD_NO_DIVIDED"][PROVINCE_KEY]
    divided: dict[str, list[dict[str, Any]]] = converter["DICT_PROVINCE_WARD_DIVIDED"].get(
        PROVINCE_KEY, {}
    )
    new_wards = {
        r["wardKey"]: r
        for r in query(
            "SELECT wardKey, wardCode, ward, wardAreaKm2 FROM admin_units "
            f"WHERE provinceCode = '{PROVINCE_CODE}'"
        )
    }
    legacy = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r
        for r in query(
            "SELECT provinceKey, districtKey, wardKey, ward, wardBounds FROM admin_units_legacy"
        )
    }
    constituents: dict[str, dict[str, float]] = defaultdict(dict)  # new key -> old key -> share
    for new_key, old_keys in no_divided.items():
        for old_key in old_keys:
            constituents[new_key][old_key] = 1.0
    for old_key, successors in divided.items():
        for successor in successors:
            constituents[successor["newWardKey"]][old_key] = 1.0 / len(successors)

    by_key = {c.key: c for c in communes.values()}
    log = []
    area_sum: dict[str, float] = defaultdict(float)
    flags: dict[str, set[str]] = defaultdict(set)
    for new_key in sorted(constituents):
        parts = constituents[new_key]
        if not any(k in by_key for k in parts):
            continue
        ward = new_wards[new_key]
        area = float(ward["wardAreaKm2"])
        ward_flags = set()
        ref = official.get(ward["wardCode"])
        if ref is not None and abs(area - ref) > AREA_TOLERANCE * ref:
            log.append(
                f"  2025 ward {ward['wardCode']} {ward['ward']}: package area {area:.2f} km² "
                f"replaced by official {ref:.2f} km²"
            )
            area = ref
            ward_flags.add("official_area")
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


def build_communes(shared: Path) -> tuple[list[dict[str, str]], dict[str, Commune], list[str]]:
    """Commune rows plus the Commune objects and the log lines for the report."""
    communes = load_communes()
    log = ["2019 census wards merged on 1 Jan 2025 (mapped by merged-name keywords):"]
    log += assign_census_wards(shared, communes)
    log.append("2025 ward areas:")
    log += apportion_areas(communes, official_2025_areas(shared))
    rows = []
    for c in sorted(communes.values(), key=lambda x: x.code):
        district = district_of(c)
        rows.append(
            {
                "admin_code": c.code,
                "name_vi": c.name,
                "unit_type": UNIT_TYPES[c.ward_type],
                "province_code": PROVINCE_CODE,
                "district_code": district,
                "district_name_vi": DISTRICTS_2019[district],
                "lat": f"{c.lat:.6f}",
                "lon": f"{c.lon:.6f}",
                "area_km2": f"{c.area_km2:.2f}",
                "area_method": c.area_method,
                "population_persons": str(sum(p for _, _, p in c.wards_2019)),
                "census_ward_codes_2019": ";".join(sorted(code for code, _, _ in c.wards_2019)),
            }
        )
    total = sum(int(r["population_persons"]) for r in rows)
    if total != EXPECTED_POPULATION:
        fail(f"commune populations sum to {total}, expected {EXPECTED_POPULATION}")
    return rows, communes, log


# --------------------------------------------------------------------------------------
# facilities
# --------------------------------------------------------------------------------------


def build_facilities(communes: list[dict[str, str]]) -> list[dict[str, str]]:
    """Facility rows, located at the package coordinates of their commune."""
    by_code = {r["admin_code"]: r for r in communes}
    rows = []
    for fac in FACILITIES:
        commune = by_code.get(fac["admin_code"])
        if commune is None:
            fail(f"facility {fac['facility_id']}: unknown commune {fac['admin_code']}")
        rows.append(
            {
                **fac,
                "district_code": commune["district_code"],
                "lat": commune["lat"],
                "lon": commune["lon"],
            }
        )
    return sorted(rows, key=lambda r: r["facility_id"])


# --------------------------------------------------------------------------------------
# report and main
# --------------------------------------------------------------------------------------


def report(
    districts: list[dict[str, str]], communes: list[dict[str, str]], log: list[str]
) -> list[str]:
    """Human-readable summary of the checks; also lists district/commune mismatches."""
    lines = list(log)
    census = {r["district_code"]: int(r["population_persons"]) for r in districts}
    by_district: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in communes:
        by_district[r["district_code"]].append(r)
    lines.append("Per 2019 district: communes, commune population vs census, area km²:")
    mismatches = 0
    for code, name in DISTRICTS_2019.items():
        rows = by_district[code]
        pop = sum(int(r["population_persons"]) for r in rows)
        area = sum(float(r["area_km2"]) for r in rows)
        flag = ""
        if pop != census[code]:
            mismatches += 1
            flag = f"  MISMATCH {pop - census[code]:+,d}"
        lines.append(
            f"  {code} {name:<22} {len(rows):3d} communes  {pop:8,d} / {census[code]:8,d}"
            f"  {area:8.2f}{flag}"
        )
    if mismatches:
        lines.append(
            "  MISMATCH rows: a commune that merges 2019 wards of two districts is counted "
            "whole in the district with more 2019 population (see the list above)."
        )
    total_area = sum(float(r["area_km2"]) for r in communes)
    total_pop = sum(int(r["population_persons"]) for r in communes)
    lines.append(
        f"Province: {len(communes)} communes, population {total_pop:,d} "
        f"(census {EXPECTED_POPULATION:,d}), area {total_area:.2f} km² "
        f"(GSO {GSO_PROVINCE_AREA_KM2:,.2f} km²)"
    )
    methods: dict[str, int] = defaultdict(int)
    for r in communes:
        methods[r["area_method"]] += 1
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


def main(argv: list[str] | None = None) -> int:
    """Build all tables and print the report."""
    args = parse_args(argv)
    districts = build_districts(args.shared)
    communes, commune_objs, log = build_communes(args.shared)
    log.append("Communes merging 2019 wards from two districts (assigned to the larger share):")
    log += cross_district_communes(commune_objs)
    facilities = build_facilities(communes)
    out = args.out / "ninh_binh_2019"
    write_csv_atomic(out / "districts.csv", DISTRICT_COLUMNS, districts)
    write_csv_atomic(out / "communes.csv", COMMUNE_COLUMNS, communes)
    write_csv_atomic(out / "facilities.csv", FACILITY_COLUMNS, facilities)
    for line in report(districts, communes, log):
        print(line)
    capacity = sum(int(r["capacity_places"]) for r in facilities)
    print(f"Facilities: {len(facilities)}, {capacity} places")
    print(f"Wrote {out}/districts.csv, communes.csv, facilities.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
