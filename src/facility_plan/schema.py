"""Column contracts for the input tables and `validate_frame`, which reports every problem at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from facility_plan.errors import DataProblem, InputDataError

ColumnKind = Literal["text", "code", "number"]

FACILITY_TYPES = (
    "elderly",
    "children",
    "disability",
    "mental_health",
    "general",
    "social_work",
    "other",
)
OWNERSHIPS = ("public", "non_public")
LOCATION_PRECISIONS = ("address", "commune", "district_seat")
UNIT_TYPES = ("xa", "phuong", "thi_tran", "dac_khu")
"""Commune-level unit types: xã, phường, thị trấn (until 30 Jun 2025) and đặc khu (from 1 Jul 2025)."""
CODE_DIGITS = {"province": 2, "district": 3, "commune": 5}
"""Digits of a GSO administrative code at each level (leading zeros kept)."""
MAX_COMMUNE_PERSONS = 2_000_000.0
"""Persons: more than this in one commune-level unit is a typing or unit error."""
MAX_AREA_PERSONS = 20_000_000.0
"""Persons: more than this in one district (or province) is a typing or unit error."""
MAX_FACILITY_PLACES = 5_000.0
"""Places: more than this in one centre is a typing or unit error."""
LAT_RANGE = (8.0, 24.0)
LON_RANGE = (102.0, 110.0)


@dataclass(frozen=True, slots=True)
class Column:
    """Contract of one column.

    Attributes
    ----------
    name
        Column name.
    kind
        ``text`` (any non-empty string), ``code`` (digits only, leading zeros kept) or ``number``.
    required
        Whether the column must exist.
    nullable
        Whether empty cells are allowed.
    minimum, maximum
        Bounds for numbers (inclusive).
    allowed
        Allowed values for text columns.
    digits
        Exact number of digits for codes.
    whole
        Whole numbers expected (counts of persons or places, m², VND, years): a value such as
        ``"9.830"`` or ``"9,830"`` is refused as a thousands separator instead of read as 9.83.
    reason
        Why `minimum`/`maximum` hold, added to the message of a value outside them.
    """

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    digits: int | None = None
    whole: bool = False
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TableContract:
    """Contract of a table: its columns and its id column (unique)."""

    name: str
    columns: tuple[Column, ...]
    id_column: str | None = None


COMMUNES = TableContract(
    "communes",
    (
        Column("admin_code", "code", digits=5),
        Column("name_vi"),
        Column("unit_type", allowed=UNIT_TYPES),
        Column("province_code", "code", digits=2),
        Column("district_code", "code", digits=3),
        Column("district_name_vi"),
        Column("lat", "number", minimum=8.0, maximum=24.0),
        Column("lon", "number", minimum=102.0, maximum=110.0),
        Column("area_km2", "number", minimum=0.0, nullable=True, required=False),
        Column(
            "population_persons",
            "number",
            whole=True,
            minimum=0.0,
            maximum=MAX_COMMUNE_PERSONS,
            reason="no commune-level unit has more than 2 million persons",
        ),
    ),
    id_column="admin_code",
)

DISTRICTS = TableContract(
    "districts",
    (
        Column("district_code", "code", digits=3),
        Column("name_vi"),
        *(
            Column(
                name,
                "number",
                whole=True,
                minimum=0.0,
                maximum=MAX_AREA_PERSONS,
                reason="no province or district has more than 20 million persons",
            )
            for name in (
                "population_persons",
                "age_0_14_persons",
                "age_60plus_persons",
                "age_80plus_persons",
            )
        ),
    ),
    id_column="district_code",
)

FACILITIES = TableContract(
    "facilities",
    (
        Column("facility_id"),
        Column("name_vi"),
        Column("facility_type", allowed=FACILITY_TYPES),
        Column("ownership", allowed=OWNERSHIPS),
        Column(
            "capacity_places",
            "number",
            whole=True,
            minimum=0.0,
            maximum=MAX_FACILITY_PLACES,
            reason="no social-assistance centre has more than 5,000 places",
        ),
        Column(
            "occupancy_persons", "number", whole=True, minimum=0.0, nullable=True, required=False
        ),
        Column("admin_code", "code", digits=5),
        Column("lat", "number", minimum=8.0, maximum=24.0),
        Column("lon", "number", minimum=102.0, maximum=110.0),
        Column("location_precision", allowed=LOCATION_PRECISIONS),
        Column("address_vi", required=False, nullable=True),
        Column("source", required=False, nullable=True),
    ),
    id_column="facility_id",
)

FACILITY_REGISTRY = TableContract(
    "facility_registry",
    (
        Column("facility_id"),
        Column("name_vi"),
        Column("facility_type", allowed=FACILITY_TYPES),
        Column("ownership", allowed=OWNERSHIPS),
        Column(
            "capacity_places",
            "number",
            whole=True,
            minimum=0.0,
            maximum=MAX_FACILITY_PLACES,
            reason="no social-assistance centre has more than 5,000 places",
        ),
        Column("occupancy_persons", "number", whole=True, minimum=0.0, nullable=True),
        Column("admin_code", "code", digits=5),
        Column("lat", "number", minimum=8.0, maximum=24.0),
        Column("lon", "number", minimum=102.0, maximum=110.0),
        Column("address_vi", nullable=True),
        Column("source"),
        Column("location_precision", allowed=LOCATION_PRECISIONS),
    ),
    id_column="facility_id",
)
"""Facility registry: every existing social-assistance facility (cơ sở trợ giúp xã hội).

``facility_type`` is one of the 7 types of Decree 103/2017/NĐ-CP (snake_case: elderly, children,
disability, mental_health, general, social_work, other); ``ownership`` public or non_public;
``capacity_places`` residential places; ``occupancy_persons`` residents (blank if unknown, never
above capacity); ``admin_code`` the 5-digit GSO commune code; ``lat``/``lon`` WGS84 degrees;
``address_vi`` street address (blank if unknown); ``source`` citation (required);
``location_precision`` address, commune or district_seat. A registry file is also a valid
`FACILITIES` table, so it can be given to a scenario as is.
"""

CANDIDATE_SITES = TableContract(
    "candidate_sites",
    (
        Column("site_id"),
        Column("admin_code", "code", digits=5),
        Column("name_vi", required=False, nullable=True),
        Column("lat", "number", minimum=8.0, maximum=24.0),
        Column("lon", "number", minimum=102.0, maximum=110.0),
        Column("max_places", "number", whole=True, minimum=0.0, nullable=True, required=False),
        Column("area_m2", "number", whole=True, minimum=0.0, nullable=True, required=False),
        Column("open_cost_vnd", "number", whole=True, minimum=0.0, nullable=True, required=False),
        Column(
            "year_available",
            "number",
            minimum=2000.0,
            maximum=2100.0,
            nullable=True,
            required=False,
        ),
        Column("owner_code", "code", nullable=True, required=False),
    ),
    id_column="site_id",
)
"""Candidate sites or land parcels.

Required: ``site_id``, ``admin_code`` (5-digit commune), ``lat``/``lon`` (WGS84 degrees).
Optional: ``name_vi``; ``max_places`` (places, cap from the planner); ``area_m2`` (land area, m²;
with a land norm in m² per resident it caps the places, see `facility_plan.io.compute_land_places`);
``open_cost_vnd`` (cost of using the site, VND); ``year_available`` (first year it can be used);
``owner_code`` (the district (3 digits) or commune (5 digits) that owns or reserves the land).
"""

CROSSWALK = TableContract(
    "crosswalk",
    (
        Column("old_admin_code", "code", digits=5),
        Column("new_admin_code", "code", digits=5),
        Column("divided", allowed=("true", "false")),
        Column("area_share", "number", minimum=0.0, maximum=1.0),
        Column("population_share", "number", minimum=0.0, maximum=1.0),
    ),
)
"""Old (pre-July-2025) commune → new commune table: one row per (old, new) pair; the shares of an
old commune add up to 1 (``divided`` is true when it was split between several new communes)."""

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")


def number_format_problem(text: str, *, whole: bool) -> str | None:
    """Why `text` is refused as a number written in a regional format, or None.

    Parameters
    ----------
    text
        The cell as read (stripped).
    whole
        Whether the column holds whole numbers (counts), where ``"9.830"`` can only be 9830 written
        with a thousands separator (Vietnamese style), never 9.83.

    Returns
    -------
    str or None
        A message with the fix, or None when `text` is not in a regional format.
    """
    plain = re.sub(r"[.,\s\u00a0\u202f]", "", text)
    if whole and _THOUSANDS_DOT.match(text):
        return (
            f"{text!r} looks like {plain} written with '.' as thousands separator (Vietnamese "
            f"style), which would be read as {float(text):g}; write {plain} without separators, "
            "or read the file with number_format='vietnamese'"
        )
    if whole and _THOUSANDS_COMMA.match(text):
        return (
            f"{text!r} is written with ',' as thousands separator; write {plain} without separators"
        )
    if _THOUSANDS_SPACE.match(text):
        return f"{text!r} is written with spaces between digits; write {plain} without separators"
    if _DECIMAL_COMMA.match(text):
        return (
            f"{text!r} uses a decimal comma; write {text.replace(',', '.')} with a decimal point, "
            "or read the file with number_format='vietnamese'"
        )
    return None


def _check_numbers(
    frame: pd.DataFrame, present: pd.Series, column: Column, source: str
) -> list[DataProblem]:
    problems: list[DataProblem] = []
    text = present.astype(str).str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    reason = f" ({column.reason})" if column.reason else ""
    for label, cell in text.items():
        row = int(frame.index.get_loc(label)) + 1
        number = numbers[label]
        regional = number_format_problem(cell, whole=column.whole)
        if regional is not None:
            problems.append(DataProblem(source, row, column.name, regional))
        elif pd.isna(number):
            problems.append(DataProblem(source, row, column.name, f"{cell!r} is not a number"))
        elif not np.isfinite(number):
            problems.append(
                DataProblem(source, row, column.name, f"{cell!r} is not a finite number")
            )
        elif column.minimum is not None and number < column.minimum:
            problems.append(
                DataProblem(
                    source, row, column.name, f"{number:g} is below {column.minimum:g}{reason}"
                )
            )
        elif column.maximum is not None and number > column.maximum:
            problems.append(
                DataProblem(
                    source, row, column.name, f"{number:g} is above {column.maximum:g}{reason}"
                )
            )
    return problems


def _is_blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(str).str.strip().eq("")


def _check_column(frame: pd.DataFrame, column: Column, source: str) -> list[DataProblem]:
    problems: list[DataProblem] = []
    values = frame[column.name]
    blank = _is_blank(values)
    for position in np.nonzero(blank.to_numpy())[0]:
        if not column.nullable:
            problems.append(DataProblem(source, int(position) + 1, column.name, "empty value"))
    present = values[~blank]
    if column.kind == "number":
        problems.extend(_check_numbers(frame, present, column, source))
    elif column.kind == "code":
        for label, value in present.astype(str).str.strip().items():
            row = int(frame.index.get_loc(label)) + 1
            if not value.isdigit():
                problems.append(
                    DataProblem(source, row, column.name, f"{value!r} is not a code of digits")
                )
            elif column.digits is not None and len(value) != column.digits:
                problems.append(
                    DataProblem(
                        source,
                        row,
                        column.name,
                        f"{value!r} has {len(value)} digits; expected {column.digits} "
                        "(read codes as text so leading zeros are kept)",
                    )
                )
    elif column.allowed is not None:
        for label, value in present.astype(str).str.strip().items():
            if value not in column.allowed:
                row = int(frame.index.get_loc(label)) + 1
                problems.append(
                    DataProblem(
                        source, row, column.name, f"{value!r} is not one of {list(column.allowed)}"
                    )
                )
    return problems


def validate_frame(
    frame: pd.DataFrame, contract: TableContract, *, source: str
) -> list[DataProblem]:
    """Check a table against its contract and return every problem found (empty list if none).

    Parameters
    ----------
    frame
        The table as read (codes as text).
    contract
        Its contract.
    source
        File name used in messages.

    Returns
    -------
    list of DataProblem
        Each names the file, the 1-based data row and the field.
    """
    problems: list[DataProblem] = []
    missing = [c.name for c in contract.columns if c.required and c.name not in frame.columns]
    if missing:
        problems.append(
            DataProblem(
                source,
                None,
                ", ".join(missing),
                f"missing column(s) {missing}; found {list(frame.columns)}",
            )
        )
    for column in contract.columns:
        if column.name in frame.columns:
            problems.extend(_check_column(frame, column, source))
    if contract.id_column and contract.id_column in frame.columns:
        ids = frame[contract.id_column].astype(str).str.strip()
        duplicated = ids.duplicated(keep="first")
        for position in np.nonzero(duplicated.to_numpy())[0]:
            problems.append(
                DataProblem(
                    source,
                    int(position) + 1,
                    contract.id_column,
                    f"duplicate id {ids.iloc[position]!r}",
                )
            )
    return problems


def raise_for_problems(problems: Sequence[DataProblem]) -> None:
    """Raise `InputDataError` listing all problems, if there are any."""
    if problems:
        raise InputDataError(problems)
