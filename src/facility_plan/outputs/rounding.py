"""Round output tables to what their figures mean: persons and minutes to 0.1, VND to 1,000."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Decimals kept per kind of figure (`facility_plan.report.cells.CELL_KINDS`); VND to 1,000.
KIND_DECIMALS = {"int": 0, "dec1": 1, "share": 3, "vnd": -3, "year": 0}

#: Kind of a column by the end of its name, first match wins (units as in the column names).
_SUFFIX_KINDS = (
    ("_vnd_per_year", "vnd"),
    ("_vnd", "vnd"),
    ("_persons", "dec1"),
    ("_minutes", "dec1"),
    ("_share_of_need", "share"),
    ("_share_target", "share"),
    ("_share", "share"),
    ("_m2_per_place", "dec1"),
    ("_km2", "dec1"),
    ("_m2", "int"),
    ("_places", "int"),
    ("_seconds", "dec1"),
    ("_kmh", "dec1"),
    ("_per_1000", "dec1"),
)
#: Kind of the columns whose name carries no unit.
_NAMED_KINDS = {
    "year": "year",
    "places": "int",
    "places_target": "int",
    "target_places": "int",
    "facilities_total": "int",
    "residents": "dec1",
    "managers": "dec1",
    "social_workers": "dec1",
    "psychologists": "dec1",
    "health_workers": "dec1",
    "nutrition_workers": "dec1",
    "carers": "dec1",
    "direct_staff": "dec1",
    "indirect_staff": "dec1",
    "total_staff": "dec1",
    "new_sites": "int",
    "mip_gap": "share",
}


def column_kind(name: str) -> str:
    """Kind of the figures in a column named `name` (``text`` when the name carries no unit).

    Examples
    --------
    >>> column_kind("investment_vnd"), column_kind("served_persons"), column_kind("name_vi")
    ('vnd', 'dec1', 'text')
    """
    if name in _NAMED_KINDS:
        return _NAMED_KINDS[name]
    if "_share_within_" in name:
        return "share"
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix):
            return kind
    return "text"


def round_value(value: float, kind: str) -> float:
    """`value` rounded to what a figure of `kind` means (see `KIND_DECIMALS`); other kinds unchanged.

    Examples
    --------
    >>> round_value(3119999999.9999766, "vnd"), round_value(6.041557, "dec1")
    (3120000000.0, 6.0)
    """
    decimals = KIND_DECIMALS.get(kind)
    if decimals is None or not np.isfinite(value):
        return value
    return float(np.round(value, decimals)) + 0.0  # + 0.0 turns -0.0 into 0.0


def round_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every numeric column rounded by its unit (`column_kind`).

    Persons and minutes keep one decimal, VND are rounded to 1,000, shares (0–1) to 0.001,
    places and m² to whole numbers; text columns and numbers without a unit stay as they are.
    Whole-number columns stay integers when they hold no missing value.
    """
    rounded = frame.copy()
    for column in rounded.columns:
        kind = column_kind(str(column))
        values = rounded[column]
        if kind == "text" or kind not in KIND_DECIMALS:
            continue
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        numbers = values.astype(float).round(KIND_DECIMALS[kind]) + 0.0
        if kind in ("int", "year") and numbers.notna().all():
            rounded[column] = numbers.astype("int64")
        else:
            rounded[column] = numbers
    return rounded
