"""Create a planner's project folder for one bundled province: scenario file, input-table templates, notes."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from facility_plan.errors import DataProblem, InputDataError, OutputError
from facility_plan.io import (
    bundled_geo_dir,
    read_communes,
    read_districts,
    read_facilities,
    write_text,
)
from facility_plan.labels import Language
from facility_plan.programme.templates import programme_templates
from facility_plan.project.columns import (
    CANDIDATE_SITES_TABLE,
    COMMUNES_TABLE,
    DISTRICTS_TABLE,
    FACILITIES_TABLE,
    PRIORITY_COMMUNES_TABLE,
    REGISTERS_TABLE,
    InputTable,
)
from facility_plan.project.scenario_file import scenario_toml
from facility_plan.project.tables_doc import input_tables_markdown
from facility_plan.project.workbooks import template_frame, write_csv_template, write_xlsx_template

PLACES_PER_1000_PERSONS = 0.59
"""Provision rate of the Ninh Bình plan (KH 22/KH-UBND 2018, domain.md §4.3), places per 1,000
persons: the default target of a new project, as in the bundled baseline scenarios."""
NEW_FACILITIES = 2
"""New centres of a new project's scenario (the planner changes it)."""
SMALLEST_MEDIUM_TIER = 30
"""Places: the medium size tier is at least this (the Ninh Bình plan's 20/30/50 tiers)."""
INVESTMENT_PER_PLACE_VND = 350e6
"""VND per place: 240 M VND (2013, buildings only) indexed to ≈ 350 M (assumption, as in
`facility_plan.config.ResourcesConfig`)."""
DATA_FOLDER = "du_lieu"
SCENARIO_FILE = "scenario.toml"
NOTES_FILE = "GHI_CHU.md"
CANDIDATE_PREFIX = "XA-"
"""Site id prefix of the template's candidate sites (one at each commune centroid)."""


@dataclass(frozen=True, slots=True)
class ProjectFolder:
    """What `init_project` wrote.

    Attributes
    ----------
    folder
        The project folder.
    scenario
        Its scenario file (input paths point at the XLSX templates).
    tables
        Every template written (CSV and XLSX).
    notes
        The Vietnamese notes file.
    target_places
        Places the scenario aims at (places).
    """

    folder: Path
    scenario: Path
    tables: tuple[Path, ...]
    notes: Path
    target_places: int


@dataclass(frozen=True, slots=True)
class BundledProvince:
    """A bundled province table set (a row of ``data/geo/provinces.csv``)."""

    slug: str
    era: int
    folder: Path
    name_vi: str
    population_persons: int
    projected_crs: str


def _plain(text: str) -> str:
    """`text` lower-cased without diacritics, ``Tỉnh`` or underscores (for matching names)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = ascii_text.replace("_", " ").split()
    return " ".join(w for w in words if w != "tinh")


def find_province(province: str, era: int) -> BundledProvince:
    """The bundled province named `province` (``"Ninh Bình"``, ``"ninh_binh"``, ``"Tỉnh Ninh Bình"``) in `era`.

    Raises
    ------
    InputDataError
        Unknown province, or no bundled tables for that era; the message lists what is bundled.
    """
    root = bundled_geo_dir()
    provinces = pd.read_csv(root / "provinces.csv", dtype=str, keep_default_na=False)
    wanted = _plain(province)
    rows = provinces[
        provinces["slug"].map(_plain).eq(wanted) | provinces["name_vi"].map(_plain).eq(wanted)
    ]
    bundled = sorted(
        f"{name} {e}" for name, e in zip(provinces["name_vi"], provinces["era"], strict=True)
    )
    source = str(root / "provinces.csv")
    if rows.empty:
        msg = f"unknown province {province!r}; bundled: {bundled}"
        raise InputDataError([DataProblem(source, None, "name_vi", msg)])
    match = rows[rows["era"] == str(era)]
    if match.empty:
        msg = f"{province!r} has no bundled tables for era {era}; bundled: {bundled}"
        raise InputDataError([DataProblem(source, None, "era", msg)])
    row = match.iloc[0]
    return BundledProvince(
        slug=row["slug"],
        era=era,
        folder=root / row["folder"],
        name_vi=row["name_vi"],
        population_persons=int(row["population_persons"]),
        projected_crs=row["projected_crs"] or "EPSG:32648",
    )


def size_tiers(gap_places: float, new_facilities: int) -> list[dict[str, Any]]:
    """Small, medium and large tiers around the places each new centre must add (places, VND).

    Medium = the gap ÷ new centres rounded up to 10 (at least `SMALLEST_MEDIUM_TIER`), small and
    large = 0.75 and 1.25 × medium rounded to 10, as in the bundled baseline scenarios.
    """
    medium = max(SMALLEST_MEDIUM_TIER, 10 * math.ceil(max(gap_places, 0) / new_facilities / 10))
    tiers = {"S": 10 * round(0.075 * medium), "M": medium, "L": 10 * round(0.125 * medium)}
    return [
        {
            "tier_id": tier,
            "capacity_places": places,
            "investment_vnd": places * INVESTMENT_PER_PLACE_VND,
        }
        for tier, places in tiers.items()
    ]


def _frames(province: BundledProvince) -> list[tuple[InputTable, pd.DataFrame]]:
    communes = read_communes(province.folder / "communes.csv")
    districts = read_districts(province.folder / "districts.csv")
    facilities = read_facilities(province.folder / "facilities.csv", communes=communes)
    codes = communes.index.astype(str)
    sites = pd.DataFrame(
        {
            "site_id": [f"{CANDIDATE_PREFIX}{code}" for code in codes],
            "admin_code": codes,
            "name_vi": communes["name_vi"].to_numpy(),
            "lat": communes["lat"].to_numpy(),
            "lon": communes["lon"].to_numpy(),
        }
    )
    priority = pd.DataFrame({"admin_code": codes, "name_vi": communes["name_vi"].to_numpy()})
    registers = programme_templates(communes, facilities)["registers.csv"]
    return [
        (COMMUNES_TABLE, pd.DataFrame(communes.drop(columns="geometry"))),
        (DISTRICTS_TABLE, districts),
        (FACILITIES_TABLE, pd.DataFrame(facilities.drop(columns="geometry"))),
        (CANDIDATE_SITES_TABLE, sites),
        (PRIORITY_COMMUNES_TABLE, priority),
        (REGISTERS_TABLE, registers),
    ]


def _vi_number(value: float) -> str:
    """A whole number with '.' between thousands (Vietnamese style)."""
    return f"{round(value):,}".replace(",", ".")


def _scenario_values(
    province: BundledProvince, existing_places: float, language: Language
) -> tuple[dict[str, Any], list[str], int]:
    target = round(PLACES_PER_1000_PERSONS * province.population_persons / 1000)
    tiers = size_tiers(target - existing_places, NEW_FACILITIES)
    before = "trước" if province.era == 2019 else "từ"
    data = f"{DATA_FOLDER}/"
    values: dict[str, Any] = {
        "name": f"{province.slug}_{province.era}_plan",
        "title_vi": f"{province.name_vi}: mạng lưới cơ sở trợ giúp xã hội, {NEW_FACILITIES} cơ sở mới",
        "description": (
            "Dự án của người lập kế hoạch, tạo bởi facility-plan init."
            if language == "vi"
            else "Planner's project created by facility-plan init."
        ),
        "year": 2025,
        "province_name_vi": f"{province.name_vi} ({before} 1/7/2025)",
        "crs": province.projected_crs,
        "inputs": {
            "communes": f"{data}communes.xlsx",
            "districts": f"{data}districts.xlsx",
            "facilities": f"{data}facilities.xlsx",
            "candidate_sites": f"{data}candidate_sites.xlsx",
        },
        "demand": {"calibrate_total_persons": float(target)},
        "model": {"new_facilities": NEW_FACILITIES, "target_places": target, "size_tiers": tiers},
        "solver": {"time_limit_seconds": 60.0},
        "outputs": {"language": language},
    }
    rate = (
        f"{PLACES_PER_1000_PERSONS:g}".replace(".", ",")
        if language == "vi"
        else f"{PLACES_PER_1000_PERSONS:g}"
    )
    if language == "vi":
        preamble = [
            f"Kịch bản của dự án {province.name_vi} (dữ liệu {province.era}), tạo bởi facility-plan init.",
            f"Chỉ tiêu: {rate} chỗ/1.000 dân (KH 22/KH-UBND 2018 của Ninh Bình) × dân số "
            f"{_vi_number(province.population_persons)} = {_vi_number(target)} chỗ; hiện có "
            f"{_vi_number(existing_places)} chỗ.",
            "Các bảng đầu vào nằm trong thư mục du_lieu (CSV và XLSX); xem GHI_CHU.md.",
            "Chạy: facility-plan validate scenario.toml, rồi facility-plan run scenario.toml.",
        ]
    else:
        preamble = [
            f"Scenario of the {province.name_vi} project ({province.era} data), made by facility-plan init.",
            f"Target: {rate} places per 1,000 people (Ninh Bình plan KH 22/KH-UBND 2018) × population "
            f"{province.population_persons:,} = {target:,} places; {existing_places:,.0f} places exist.",
            "Input tables are in the du_lieu folder (CSV and XLSX); see GHI_CHU.md.",
            "Run: facility-plan validate scenario.toml, then facility-plan run scenario.toml.",
        ]
    return values, preamble, target


def _notes_text(province: BundledProvince, language: Language) -> str:
    if language == "vi":
        intro = (
            f"# Dự án {province.name_vi} (dữ liệu {province.era})\n\n"
            "- `scenario.toml`: kịch bản, mỗi thiết lập có ghi chú.\n"
            f"- `{DATA_FOLDER}/`: các bảng đầu vào, mỗi bảng một tệp CSV và một tệp XLSX, đã điền sẵn "
            "số liệu có sẵn của tỉnh. Kịch bản đọc các tệp XLSX; muốn dùng CSV thì sửa đường dẫn trong "
            "mục [inputs]. Dòng thứ hai của XLSX (bắt đầu bằng #) là ghi chú, không được đọc; trang "
            "`ghi_chu` giải thích từng cột.\n"
            "- `candidate_sites`: mỗi xã một địa điểm tại trung tâm xã; thay bằng các lô đất dự kiến.\n"
            "- CSV: phân cách ',' với số thập phân '.', hoặc ';' với số thập phân ',' (Excel tiếng "
            "Việt); mã xã, mã huyện giữ số 0 đầu.\n"
            "- `priority_communes` là mẫu có mô tả, chưa mô hình nào đọc; `registers` dùng cho mục "
            "[programme.inputs].\n\n"
            "Kiểm tra: `facility-plan validate scenario.toml`; chạy: `facility-plan run scenario.toml`.\n\n"
        )
    else:
        intro = (
            f"# Project {province.name_vi} ({province.era} data)\n\n"
            "- `scenario.toml`: the scenario, every setting with a note.\n"
            f"- `{DATA_FOLDER}/`: the input tables, each as CSV and XLSX, filled with the bundled "
            "province's rows. The scenario reads the XLSX files; to use the CSV ones change the "
            "paths in [inputs]. Row 2 of each XLSX (starting with #) is a note and is not read; the "
            "`ghi_chu` sheet explains each column.\n"
            "- `candidate_sites`: one site at each commune centroid; replace them with your parcels.\n"
            "- `priority_communes` is a documented template no model reads yet; `registers` is for "
            "[programme.inputs].\n\n"
            "Check: `facility-plan validate scenario.toml`; run: `facility-plan run scenario.toml`.\n\n"
        )
    return intro + input_tables_markdown(language, heading_level=2)


def init_project(
    folder: str | Path,
    province: str,
    era: int,
    language: Language = "vi",
    *,
    force: bool = False,
) -> ProjectFolder:
    """Write a ready project folder for one bundled province.

    ``scenario.toml`` (every setting with a note in `language`, input paths pointing at the XLSX
    templates), ``du_lieu/<table>.csv`` and ``.xlsx`` for communes, districts, facilities,
    candidate sites (one per commune centroid), priority communes and registers, filled with the
    bundled rows, and ``GHI_CHU.md`` (notes and one table per input).

    Parameters
    ----------
    folder
        The project folder (created; must be empty unless `force`).
    province
        Province name as bundled, with or without diacritics or ``Tỉnh`` (``"Ninh Bình"``).
    era
        2019 (provinces and districts before 1 Jul 2025) or 2025 (after).
    language
        ``vi`` or ``en``: notes and labels.
    force
        Write into a non-empty folder, replacing files of the same name.

    Raises
    ------
    InputDataError
        Unknown province or era.
    OutputError
        `folder` is a file, or not empty without `force`.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        msg = f"{target}: not a folder"
        raise OutputError(msg)
    if target.is_dir() and any(target.iterdir()) and not force:
        msg = f"{target}: folder is not empty; choose an empty folder or pass --force"
        raise OutputError(msg)
    bundled = find_province(province, era)
    frames = _frames(bundled)
    facilities = next(rows for table, rows in frames if table is FACILITIES_TABLE)
    existing = float(facilities["capacity_places"].sum())
    values, preamble, target_places = _scenario_values(bundled, existing, language)
    data = target / DATA_FOLDER
    data.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table, rows in frames:
        frame = template_frame(table, rows)
        written.append(write_csv_template(data, table, frame))
        written.append(write_xlsx_template(data, table, frame, language))
    scenario = write_text(
        target / SCENARIO_FILE, scenario_toml(values, language=language, preamble=preamble)
    )
    notes = write_text(target / NOTES_FILE, _notes_text(bundled, language))
    return ProjectFolder(target, scenario, tuple(written), notes, target_places)
