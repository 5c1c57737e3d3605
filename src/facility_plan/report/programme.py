"""The programme part of a report: case management, social-work staff, training and allowance budgets."""

from __future__ import annotations

import pandas as pd

from facility_plan.labels import Language, label
from facility_plan.programme import ProgrammeResult
from facility_plan.programme.headers import translate
from facility_plan.report.cells import ReportTable

# Columns of the programme's yearly table shown in the HTML report (keys of
# `ProgrammeResult.years_table`); the workbook keeps every column.
_SUMMARY_COLUMNS = (
    "year",
    "people_in_need_persons",
    "case_management_target_share",
    "persons_to_reach_persons",
    "social_workers_needed_persons",
    "social_workers_to_hire_persons",
    "trainees_persons",
    "allowance_vnd_per_year",
    "total_cost_vnd_per_year",
)

# Sheets of the workbook, by the programme model's table key (the commune × group table is long
# and stays in the programme's own CSV-ready frames).
_SHEETS = ("years", "allowance", "unit_kinds", "districts", "communes", "norms", "flags")


def _kind(title: str, values: pd.Series) -> str:
    lowered = title.lower()
    if lowered in ("năm", "year"):
        return "year"
    if not pd.api.types.is_numeric_dtype(values):
        return "text"
    if "đồng" in lowered or "vnd" in lowered:
        return "vnd"
    if "tỷ lệ" in lowered or "share" in lowered:
        return "share"
    if "(người)" in lowered or "(persons)" in lowered:
        return "dec1"
    return "int" if (values.dropna() % 1 == 0).all() else "dec1"


def programme_table(frame: pd.DataFrame) -> ReportTable:
    """A programme frame (headers already in the reader's language, units in brackets) as a table."""
    titles = tuple(str(column) for column in frame.columns)
    kinds = tuple(
        _kind(title, frame[column]) for title, column in zip(titles, frame.columns, strict=True)
    )
    return ReportTable(frame=frame.reset_index(drop=True), titles=titles, kinds=kinds)


def programme_sheets(programme: ProgrammeResult, language: Language) -> dict[str, ReportTable]:
    """Workbook sheets of the programme model: sheet title (``CT …``/``PG …``) → table."""
    tables = programme.tables(language)
    return {
        label(f"programme_sheet_{key}", language): programme_table(tables[key])
        for key in _SHEETS
        if key in tables
    }


def programme_summary_table(programme: ProgrammeResult, language: Language) -> ReportTable:
    """The yearly programme figures a meeting reads: need, case management, staff, training, money."""
    years = programme.years_table.reset_index()
    shown = translate(years[[key for key in _SUMMARY_COLUMNS if key in years.columns]], language)
    return programme_table(shown)


def programme_allowance_table(programme: ProgrammeResult, language: Language) -> ReportTable:
    """Monthly-allowance budget per year at each standard level (VND per year)."""
    return programme_table(programme.tables(language)["allowance"])
