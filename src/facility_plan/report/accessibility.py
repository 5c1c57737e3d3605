"""The report's accessibility table: nearest minutes, shares within bands and 2SFCA/E2SFCA per district."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from facility_plan.labels import Language, format_number, label
from facility_plan.report.cells import ReportTable, make_table
from facility_plan.scenario import ScenarioResult
from facility_plan.scenario.access import (
    CATCHMENT_MINUTES,
    COMMUNE_COLUMNS,
    E2SFCA_ZONES,
    WITHIN_MINUTES,
)


def within_column(minutes: float) -> str:
    """The column of the share of persons in need within `minutes` (minutes) of a centre."""
    return f"access_share_within_{int(minutes)}_minutes"


def province_access(districts: pd.DataFrame) -> dict[str, float]:
    """The province's value of each accessibility column: district values weighted by need.

    Each district value is a persons-weighted mean over its demand rows, so weighting the
    districts by their persons in need (``demand_persons``) gives the province's mean over all
    rows; districts without a finite value are left out of that column's mean.

    Returns
    -------
    dict
        Column of `COMMUNE_COLUMNS` → value (minutes, shares 0–1, places per 1,000 persons).
    """
    weights = districts["demand_persons"].astype(float)
    totals = {}
    for column in COMMUNE_COLUMNS:
        values = districts[column].astype(float)
        finite = np.isfinite(values) & (weights > 0)
        weight = float(weights[finite].sum())
        totals[column] = (
            float((values[finite] * weights[finite]).sum() / weight) if weight > 0 else np.nan
        )
    return totals


def access_note(language: Language) -> str:
    """What the accessibility figures mean: the time bands, the 2SFCA catchment, the E2SFCA zones."""
    decimal = "," if language == "vi" else "."
    zones = "; ".join(
        label("access_zone", language).format(
            minutes=f"{minutes:g}", weight=f"{weight:g}".replace(".", decimal)
        )
        for minutes, weight in E2SFCA_ZONES
    )
    bands = "/".join(f"{minutes:g}" for minutes in WITHIN_MINUTES)
    return label("access_note", language).format(
        bands=bands, catchment=f"{CATCHMENT_MINUTES:g}", zones=zones
    )


def accessibility_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Accessibility per district and for the province (last row), with a note on the measures.

    Columns: district, persons in need, mean minutes to the nearest open centre, share of
    persons in need within each band of `WITHIN_MINUTES` (0–1), 2SFCA and E2SFCA (places per
    1,000 persons in need); values as `facility_plan.scenario.access.add_accessibility` gives them.
    """
    districts = result.districts
    columns = [
        ("district_name_vi", "district", "text"),
        ("demand_persons", "col_need", "dec1"),
        ("access_nearest_minutes", "col_access_nearest", "dec1"),
        *((within_column(minutes), "col_access_within", "share") for minutes in WITHIN_MINUTES),
        ("access_2sfca_places_per_1000", "col_access_2sfca", "dec1"),
        ("access_e2sfca_places_per_1000", "col_access_e2sfca", "dec1"),
    ]
    total: dict[str, object] = {"demand_persons": float(districts["demand_persons"].sum())}
    total.update(province_access(districts))
    table = make_table(districts, columns, language, total=total)
    frame = table.frame.copy()
    frame.iloc[-1, 0] = label("province_total", language)
    bands = iter(WITHIN_MINUTES)
    titles = tuple(
        title.format(minutes=format_number(next(bands), language=language))
        if "{minutes}" in title
        else title
        for title in table.titles
    )
    return dataclasses.replace(table, frame=frame, titles=titles, notes=(access_note(language),))
