"""Column contracts for the input tables and `validate_frame`, which reports every problem at once."""

from __future__ import annotations

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
    """

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    digits: int | None = None


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
        Column("population_persons", "number", minimum=0.0),
    ),
    id_column="admin_code",
)

DISTRICTS = TableContract(
    "districts",
    (
        Column("district_code", "code", digits=3),
        Column("name_vi"),
        Column("population_persons", "number", minimum=0.0),
        Column("age_0_14_persons", "number", minimum=0.0),
        Column("age_60plus_persons", "number", minimum=0.0),
        Column("age_80plus_persons", "number", minimum=0.0),
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
        Column("capacity_places", "number", minimum=0.0),
        Column("occupancy_persons", "number", minimum=0.0, nullable=True, required=False),
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
        Column("capacity_places", "number", minimum=0.0),
        Column("occupancy_persons", "number", minimum=0.0, nullable=True),
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
        Column("max_places", "number", minimum=0.0, nullable=True, required=False),
        Column("area_m2", "number", minimum=0.0, nullable=True, required=False),
        Column("open_cost_vnd", "number", minimum=0.0, nullable=True, required=False),
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
        numbers = pd.to_numeric(present, errors="coerce")
        for label in present.index[numbers.isna()]:
            row = int(frame.index.get_loc(label)) + 1
            problems.append(
                DataProblem(source, row, column.name, f"{present[label]!r} is not a number")
            )
        for label, number in numbers.dropna().items():
            row = int(frame.index.get_loc(label)) + 1
            if column.minimum is not None and number < column.minimum:
                problems.append(
                    DataProblem(source, row, column.name, f"{number:g} is below {column.minimum:g}")
                )
            if column.maximum is not None and number > column.maximum:
                problems.append(
                    DataProblem(source, row, column.name, f"{number:g} is above {column.maximum:g}")
                )
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
