"""Move tables keyed by old (pre-July-2025) commune codes onto the new communes, and back to legacy districts.

The bundled crosswalks (``data/geo/<province>_2025/crosswalk_2019_2025.csv``) list, for every old
commune, the new commune(s) it went to on 1 Jul 2025 and the share of its area (and so of its
population) apportioned to each. Counts are apportioned by that share, so a commune divided between
two new communes gives each the part of its count that lies in it; totals are kept exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.io.tables import read_table
from facility_plan.schema import CROSSWALK, raise_for_problems

#: Shares of one old commune must add up to 1 within this tolerance.
SHARE_TOLERANCE = 1e-4


def read_crosswalk(path: str | Path) -> pd.DataFrame:
    """Read and check an old → new commune crosswalk (`schema.CROSSWALK`).

    Parameters
    ----------
    path
        CSV with ``old_admin_code``, ``new_admin_code``, ``divided``, ``area_share`` and
        ``population_share`` (0–1).

    Returns
    -------
    pandas.DataFrame
        One row per (old, new) pair; shares as floats.

    Raises
    ------
    InputDataError
        Contract violations, a repeated (old, new) pair, or shares of an old commune that do not
        add up to 1.
    """
    frame = read_table(path, CROSSWALK)
    source = str(path)
    problems: list[DataProblem] = []
    pairs = frame[["old_admin_code", "new_admin_code"]].astype(str)
    for position in np.flatnonzero(pairs.duplicated().to_numpy()).tolist():
        old, new = pairs.iloc[position]
        problems.append(
            DataProblem(source, int(position) + 1, "new_admin_code", f"pair {old} → {new} repeated")
        )
    sums = frame.groupby("old_admin_code")["area_share"].sum()
    for code, total in sums.items():
        if abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(
                DataProblem(
                    source,
                    None,
                    "area_share",
                    f"shares of old commune {code!r} add up to {total:.6f}, not 1",
                )
            )
    raise_for_problems(problems)
    return frame.reset_index(drop=True)


def crosswalk_table(
    table: pd.DataFrame,
    crosswalk: pd.DataFrame,
    *,
    code_column: str,
    value_columns: Sequence[str],
    source: str = "table",
    share_column: str = "area_share",
) -> pd.DataFrame:
    """Move counts keyed by old commune codes onto new communes.

    ``value[new] = Σ_old value[old] × share[old, new]``: whole communes move as they are,
    divided communes are apportioned by area share (see ``data/geo/SOURCE.md``).

    Parameters
    ----------
    table
        One row per old commune: `code_column` (5-digit code, text) and numeric `value_columns`
        (counts: persons, places, …; shares and rates must not be summed).
    crosswalk
        From `read_crosswalk`.
    code_column
        Column of `table` with the old commune codes.
    value_columns
        Columns to move (numbers; blank cells count as 0 and are reported).
    source
        Name used in error messages (usually the file path).
    share_column
        Share used to apportion (``area_share`` by default).

    Returns
    -------
    pandas.DataFrame
        One row per new commune receiving a value: ``new_admin_code``, ``new_name_vi`` (if the
        crosswalk has it), the value columns, and ``from_divided`` (whether part of a value came
        from a divided commune).

    Raises
    ------
    InputDataError
        Missing columns, non-numeric values, duplicate or unknown old codes, all listed at once.
    """
    problems: list[DataProblem] = []
    missing = [c for c in (code_column, *value_columns) if c not in table.columns]
    if missing:
        raise InputDataError(
            [
                DataProblem(
                    source,
                    None,
                    ", ".join(missing),
                    f"missing column(s) {missing}; found {list(table.columns)}",
                )
            ]
        )
    if not value_columns:
        raise InputDataError([DataProblem(source, None, None, "no value columns given")])
    codes = table[code_column].astype(str).str.strip()
    known = set(crosswalk["old_admin_code"].astype(str))
    for position, code in enumerate(codes, start=1):
        if not (code.isdigit() and len(code) == 5):
            problems.append(
                DataProblem(
                    source, position, code_column, f"{code!r} is not a 5-digit commune code"
                )
            )
        elif code not in known:
            problems.append(
                DataProblem(
                    source,
                    position,
                    code_column,
                    f"unknown old commune code {code!r} (not in the crosswalk)",
                )
            )
    for position in np.flatnonzero(codes.duplicated().to_numpy()).tolist():
        problems.append(
            DataProblem(
                source, int(position) + 1, code_column, f"duplicate code {codes.iloc[position]!r}"
            )
        )
    values = pd.DataFrame(index=table.index)
    for column in value_columns:
        raw = table[column]
        numbers = pd.to_numeric(raw, errors="coerce")
        blank = raw.isna() | raw.astype(str).str.strip().eq("")
        for position in np.flatnonzero((numbers.isna() & ~blank).to_numpy()).tolist():
            problems.append(
                DataProblem(
                    source, int(position) + 1, column, f"{raw.iloc[position]!r} is not a number"
                )
            )
        values[column] = numbers.fillna(0.0)
    raise_for_problems(problems)
    values["old_admin_code"] = codes.to_numpy()
    walk = pd.DataFrame(
        {
            "old_admin_code": crosswalk["old_admin_code"].astype(str).to_numpy(),
            "_new_admin_code": crosswalk["new_admin_code"].astype(str).to_numpy(),
            "_share": crosswalk[share_column].astype(float).to_numpy(),
            "_divided": crosswalk["divided"].astype(str).str.lower().eq("true").to_numpy(),
        }
    )
    merged = values.merge(walk, on="old_admin_code", how="inner")
    moved = merged[list(value_columns)].mul(merged["_share"], axis=0)
    moved["new_admin_code"] = merged["_new_admin_code"]
    moved["from_divided"] = merged["_divided"]
    grouped = moved.groupby("new_admin_code", sort=True).agg(
        {**dict.fromkeys(value_columns, "sum"), "from_divided": "any"}
    )
    if "new_name_vi" in crosswalk.columns:
        names = (
            crosswalk.assign(new_admin_code=crosswalk["new_admin_code"].astype(str))
            .drop_duplicates("new_admin_code")
            .set_index("new_admin_code")["new_name_vi"]
        )
        grouped.insert(0, "new_name_vi", names.reindex(grouped.index).to_numpy())
    return grouped.reset_index()
