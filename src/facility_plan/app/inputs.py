"""A project's input tables in the app: shown as read by the validated readers, replaced by checked uploads."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from facility_plan.app.store import ProjectStore
from facility_plan.config import ScenarioConfig, load_scenario
from facility_plan.errors import DataProblem, InputDataError, ScenarioConfigError
from facility_plan.io import read_csv_text, read_scenario_inputs
from facility_plan.io.spreadsheets import WORKBOOK_SUFFIXES, read_workbook_text
from facility_plan.schema import CANDIDATE_SITES, COMMUNES, DISTRICTS, FACILITIES, TableContract

TABLES: dict[str, TableContract] = {
    "communes": COMMUNES,
    "districts": DISTRICTS,
    "facilities": FACILITIES,
    "candidate_sites": CANDIDATE_SITES,
}
"""The input tables a project can replace, by their key in ``[inputs]``."""
UPLOAD_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)
MAX_UPLOAD_BYTES = 20_000_000
SHOWN_ROWS = 300
"""Rows of a table shown on the page (the file holds them all)."""
UPLOAD_FOLDER = ".tai_len"
"""Uploads wait in ``du_lieu/.tai_len/`` while they are checked."""
DATA_FOLDER = "du_lieu"


@dataclass(frozen=True, slots=True)
class TableView:
    """A table as the page shows it: header, rows (text), and the problems found, by row.

    Attributes
    ----------
    name
        Key in ``[inputs]`` (communes, districts, …).
    file
        The file read, or None (``all_communes`` candidates).
    columns, rows
        Header and the first `SHOWN_ROWS` rows as text.
    total_rows
        Data rows in the file.
    row_problems
        Data row (1-based, header excluded) → messages.
    table_problems
        Messages not tied to a shown row.
    """

    name: str
    file: Path | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: int
    row_problems: dict[int, tuple[str, ...]]
    table_problems: tuple[str, ...]


def table_file(config: ScenarioConfig, name: str) -> Path | None:
    """The file the scenario reads table `name` from (None for ``all_communes`` candidates).

    Raises
    ------
    ScenarioConfigError
        `name` is not a replaceable input table.
    """
    if name not in TABLES:
        msg = f"unknown input table {name!r}; tables: {sorted(TABLES)}"
        raise ScenarioConfigError(msg)
    value = getattr(config.inputs, name)
    return None if value == "all_communes" else Path(value)


def _text_frame(path: Path, contract: TableContract) -> pd.DataFrame:
    """The file's cells as text, through the package's own readers (no contract check yet)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_workbook_text(path, contract).frame
    return read_csv_text(path)


def _problem_text(problem: DataProblem) -> str:
    where = f"{problem.field}: " if problem.field else ""
    return f"{where}{problem.message}"


def table_view(name: str, path: Path | None, problems: Sequence[DataProblem]) -> TableView:
    """`path` as text with `problems` (those about this file) placed on their rows."""
    mine = [p for p in problems if path is not None and Path(p.source).name == path.name]
    by_row: dict[int, list[str]] = {}
    loose: list[str] = []
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    total = 0
    if path is not None:
        try:
            frame = _text_frame(path, TABLES[name])
        except InputDataError as err:
            loose += [_problem_text(p) for p in err.problems] or [str(err)]
        else:
            total = len(frame)
            columns = tuple(str(c) for c in frame.columns)
            rows = tuple(
                tuple("" if v is None else str(v) for v in record)
                for record in frame.head(SHOWN_ROWS).itertuples(index=False)
            )
    for problem in mine:
        if problem.row is not None and 1 <= problem.row <= len(rows):
            by_row.setdefault(problem.row, []).append(_problem_text(problem))
        else:
            prefix = f"row {problem.row}: " if problem.row is not None else ""
            loose.append(prefix + _problem_text(problem))
    return TableView(
        name, path, columns, rows, total, {k: tuple(v) for k, v in by_row.items()}, tuple(loose)
    )


def check_inputs(config: ScenarioConfig) -> tuple[DataProblem, ...]:
    """Every problem `facility-plan validate` would report on the scenario's tables (errors and warnings)."""
    try:
        inputs = read_scenario_inputs(config)
    except InputDataError as err:
        return err.problems or (DataProblem("inputs", None, None, str(err)),)
    return tuple(inputs.warnings)


@dataclass(frozen=True, slots=True)
class UploadOutcome:
    """What became of an upload: accepted (and where it now is) or refused with its problems."""

    accepted: bool
    view: TableView
    problems: tuple[DataProblem, ...]
    saved_as: Path | None


def replace_table(store: ProjectStore, name: str, filename: str, content: bytes) -> UploadOutcome:
    """Check an uploaded table with the same readers and checks as the CLI; keep it only if it passes.

    The upload is checked as part of the base scenario (``scenario.toml``) with the table replaced,
    so codes are checked against the other tables as in ``facility-plan validate``. Accepted, it
    becomes ``du_lieu/<name><suffix>`` and the base scenario reads it.

    Raises
    ------
    ScenarioConfigError
        Unknown table, a file type other than CSV or XLSX, or a file too large.
    """
    suffix = Path(filename).suffix.lower()
    if name not in TABLES:
        msg = f"unknown input table {name!r}"
        raise ScenarioConfigError(msg)
    if suffix not in UPLOAD_SUFFIXES:
        msg = f"{filename}: upload a CSV or an Excel workbook ({', '.join(UPLOAD_SUFFIXES)})"
        raise ScenarioConfigError(msg)
    if len(content) > MAX_UPLOAD_BYTES:
        msg = f"{filename}: larger than {MAX_UPLOAD_BYTES // 1_000_000} MB"
        raise ScenarioConfigError(msg)
    base = store.scenarios()[0]
    staging = store.folder / DATA_FOLDER / UPLOAD_FOLDER
    staging.mkdir(parents=True, exist_ok=True)
    upload = staging / f"{name}{suffix}"
    upload.write_bytes(content)
    config = load_scenario(base.file, overrides={f"inputs.{name}": str(upload)})
    problems = check_inputs(config)
    errors = tuple(p for p in problems if p.severity == "error")
    view = table_view(name, upload, problems)
    if errors:
        upload.unlink(missing_ok=True)
        return UploadOutcome(False, view, problems, None)
    final = store.folder / DATA_FOLDER / f"{name}{suffix}"
    shutil.move(upload, final)
    raw = store.raw_scenario(base.name)
    relative = f"{DATA_FOLDER}/{final.name}"
    if raw.get("inputs", {}).get(name) != relative:
        raw["inputs"] = {**raw.get("inputs", {}), name: relative}
        store.save_scenario(raw, header=("Scenario saved by the facility-plan app.",))
    return UploadOutcome(True, table_view(name, final, problems), problems, final)
