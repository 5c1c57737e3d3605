"""Read the planner's commune table: priority weights per commune and a class per commune (terrain, area)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.io.tables import read_csv_text

PRIORITY_TEMPLATE = "data/templates/priority_communes.csv"
"""Template of the priority-commune table (repository path)."""

_FLAG_VALUES = {"0": 0.0, "1": 1.0, "": 0.0}


def resolve_planner_path(path: Path, scenario_path: Path | None) -> Path:
    """A path from the scenario file, relative to its folder (to the working folder without one)."""
    if path.is_absolute() or scenario_path is None:
        return path
    return (scenario_path.parent / path).resolve()


def _read_commune_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """The table as text, indexed by ``admin_code``; missing file, columns or codes are named."""
    source = str(path)
    if not path.is_file():
        raise InputDataError([DataProblem(source, None, None, "file not found")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str).fillna("")
    else:
        frame = read_csv_text(path).fillna("")
    missing = [c for c in ("admin_code", *columns) if c not in frame.columns]
    if missing:
        message = f"missing column(s) {missing}; found {list(frame.columns)}"
        raise InputDataError([DataProblem(source, None, missing[0], message)])
    codes = frame["admin_code"].astype(str).str.strip()
    problems = [
        DataProblem(source, row + 1, "admin_code", f"{code!r} is not a 5-digit commune code")
        for row, code in enumerate(codes)
        if not (len(code) == 5 and code.isdigit())
    ]
    duplicated = codes[codes.duplicated()].unique().tolist()
    if duplicated:
        problems.append(DataProblem(source, None, "admin_code", f"duplicate codes {duplicated}"))
    if problems:
        raise InputDataError(problems)
    return frame.assign(admin_code=codes).set_index("admin_code")


def _unknown_codes(table: pd.DataFrame, communes: pd.Index, source: str) -> None:
    unknown = table.index.difference(communes.astype(str))
    if len(unknown):
        message = f"codes not in the scenario's communes table: {list(unknown[:10])}"
        raise InputDataError([DataProblem(source, None, "admin_code", message)])


def read_priority_weights(
    path: Path, weights: Mapping[str, float], communes: pd.Index
) -> pd.Series:
    """Priority weight of every commune: the largest weight of its classes, 1 where it has none.

    Parameters
    ----------
    path
        Planner table (CSV or XLSX): ``admin_code`` and one 0/1 column per class in `weights`.
    weights
        Class column → weight (≥ 1).
    communes
        Admin codes of the scenario's communes; the table may list a subset.

    Returns
    -------
    pandas.Series
        ``priority_weight`` (dimensionless, ≥ 1) by admin code, for every commune.

    Raises
    ------
    InputDataError
        Missing file or column, bad or unknown codes, flags other than 0/1 (file, row, field).
    """
    table = _read_commune_table(path, tuple(weights))
    _unknown_codes(table, communes, str(path))
    weight = pd.Series(1.0, index=communes.astype(str), name="priority_weight")
    problems = []
    for column, value in weights.items():
        cells = table[column].astype(str).str.strip()
        flags = cells.map(_FLAG_VALUES)
        for row, (code, flag) in enumerate(flags.items()):
            if np.isnan(flag):
                message = f"{cells[code]!r} is not a flag; write 1 (in the class) or 0"
                problems.append(DataProblem(str(path), row + 1, column, message))
            elif flag:
                weight[code] = max(weight[code], float(value))
    if problems:
        raise InputDataError(problems)
    return weight


def read_commune_classes(path: Path, column: str, communes: pd.Index) -> pd.Series:
    """The class (e.g. ``terrain_class``) of each commune listed in a planner table.

    Parameters
    ----------
    path
        Planner table (CSV or XLSX) with ``admin_code`` and `column`.
    column
        Class column.
    communes
        Admin codes of the scenario's communes.

    Returns
    -------
    pandas.Series
        Class text by admin code; communes the table omits get ``""`` (the default speed).

    Raises
    ------
    InputDataError
        Missing file or column, bad or unknown codes (file, row, field).
    """
    table = _read_commune_table(path, (column,))
    _unknown_codes(table, communes, str(path))
    classes = table[column].astype(str).str.strip()
    return classes.reindex(communes.astype(str), fill_value="").rename(column)
