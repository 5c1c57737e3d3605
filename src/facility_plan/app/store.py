"""The project folder as the app and the CLI see it: scenario files, result folders and the SQLite index."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facility_plan.errors import ScenarioConfigError
from facility_plan.io import write_text
from facility_plan.project.scenario_file import toml_value

BASE_SCENARIO_FILE = "scenario.toml"
"""The scenario `facility-plan init` writes at the top of a project."""
SCENARIO_FOLDER = "kich_ban"
"""Named scenarios the app makes (what-ifs, saved copies): ``kich_ban/<name>.toml``."""
RESULTS_FOLDER = "ket_qua"
"""Result folders: ``ket_qua/<scenario name>/`` (``facility-plan report FILE --out ket_qua``)."""
COMPARISONS_FOLDER = "_so_sanh"
"""Comparisons inside the results folder: ``ket_qua/_so_sanh/<a>__<b>/``."""
INDEX_FILE = "facility_plan.sqlite"
"""The project's SQLite index (scenarios, their parents and what-if changes, runs)."""
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{1,80}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    name TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    parent TEXT,
    change TEXT NOT NULL DEFAULT '',
    required_sites TEXT NOT NULL DEFAULT '[]',
    excluded_sites TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    finished TEXT,
    seconds REAL
);
"""
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ScenarioEntry:
    """A scenario of the project.

    Attributes
    ----------
    name
        The scenario's ``name`` (also its result folder).
    file
        Its TOML file.
    parent
        The scenario it was derived from (what-if), or None.
    change
        What the what-if changed, in plain words.
    required_sites, excluded_sites
        Candidate site ids forced into or out of the plan.
    has_result
        True when ``ket_qua/<name>/summary.json`` exists.
    """

    name: str
    file: Path
    parent: str | None
    change: str
    required_sites: tuple[str, ...]
    excluded_sites: tuple[str, ...]
    has_result: bool


@dataclass(frozen=True, slots=True)
class RunEntry:
    """A background job: a solve, a comparison or a sweep, with its progress."""

    id: int
    kind: str
    target: str
    status: str
    step: str
    message: str
    started: str
    finished: str | None
    seconds: float | None


def scenario_name_of(file: Path) -> str:
    """The ``name`` key of a scenario file, or the file stem when it has none or cannot be read."""
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return file.stem
    name = raw.get("name")
    return name if isinstance(name, str) and NAME_PATTERN.match(name) else file.stem


def check_name(name: str) -> str:
    """`name` if it is a valid scenario name (letters, digits, ``_``, ``-``; at most 80).

    Raises
    ------
    ScenarioConfigError
        Otherwise.
    """
    if not NAME_PATTERN.match(name):
        msg = f"scenario name {name!r}: use 1–80 letters, digits, '_' or '-'"
        raise ScenarioConfigError(msg)
    return name


class ProjectStore:
    """One project folder: its scenario files, result folders and SQLite index.

    Files are the truth: scenario files and result folders made by the CLI in the same places
    are picked up at each listing; the index adds what files do not hold (parents, what-if
    changes, run progress).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.folder / INDEX_FILE, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    @property
    def results_dir(self) -> Path:
        """``ket_qua/``."""
        return self.folder / RESULTS_FOLDER

    def result_dir(self, name: str) -> Path:
        """``ket_qua/<name>/``."""
        return self.results_dir / check_name(name)

    def comparison_dir(self, names: tuple[str, ...]) -> Path:
        """``ket_qua/_so_sanh/<a>__<b>…/``."""
        return self.results_dir / COMPARISONS_FOLDER / "__".join(check_name(n) for n in names)

    def _scenario_files(self) -> list[Path]:
        files = [self.folder / BASE_SCENARIO_FILE]
        files += sorted((self.folder / SCENARIO_FOLDER).glob("*.toml"))
        return [f for f in files if f.is_file()]

    def scenarios(self) -> list[ScenarioEntry]:
        """Every scenario file of the project (the base first), with its index record."""
        with self._connect() as db:
            rows = {row["name"]: row for row in db.execute("SELECT * FROM scenarios")}
            entries = []
            seen: set[str] = set()
            for file in self._scenario_files():
                name = scenario_name_of(file)
                if name in seen:
                    continue
                seen.add(name)
                row = rows.get(name)
                if row is None or row["file"] != str(file):
                    db.execute(
                        "INSERT OR REPLACE INTO scenarios (name, file, created) VALUES (?, ?, ?)",
                        (name, str(file), _now()),
                    )
                    row = None
                entries.append(
                    ScenarioEntry(
                        name=name,
                        file=file,
                        parent=row["parent"] if row else None,
                        change=row["change"] if row else "",
                        required_sites=tuple(json.loads(row["required_sites"])) if row else (),
                        excluded_sites=tuple(json.loads(row["excluded_sites"])) if row else (),
                        has_result=(self.results_dir / name / "summary.json").is_file(),
                    )
                )
            for stale in set(rows) - seen:
                db.execute("DELETE FROM scenarios WHERE name = ?", (stale,))
        return entries

    def scenario(self, name: str) -> ScenarioEntry:
        """The scenario called `name`.

        Raises
        ------
        ScenarioConfigError
            No such scenario in the project.
        """
        for entry in self.scenarios():
            if entry.name == name:
                return entry
        msg = f"{self.folder}: no scenario named {name!r}"
        raise ScenarioConfigError(msg)

    def raw_scenario(self, name: str) -> dict[str, Any]:
        """The scenario file's tables as written (input paths relative to the project)."""
        file = self.scenario(name).file
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
        if file.parent != self.folder:
            raw = _rebase_inputs(raw, file.parent, self.folder)
        return raw

    def save_scenario(
        self,
        raw: Mapping[str, Any],
        *,
        parent: str | None = None,
        change: str = "",
        required_sites: tuple[str, ...] = (),
        excluded_sites: tuple[str, ...] = (),
        header: tuple[str, ...] = (),
    ) -> ScenarioEntry:
        """Write `raw` (paths relative to the project) as a scenario file and index it.

        The base scenario keeps its file (``scenario.toml``); any other name is written to
        ``kich_ban/<name>.toml`` with its input paths made relative to that folder, so
        ``facility-plan run kich_ban/<name>.toml`` runs it.
        """
        name = check_name(str(raw.get("name", "")))
        existing = {entry.name: entry for entry in self.scenarios()}
        if name in existing and existing[name].file.parent == self.folder:
            file = existing[name].file
            data = dict(raw)
        else:
            file = self.folder / SCENARIO_FOLDER / f"{name}.toml"
            data = _rebase_inputs(raw, self.folder, file.parent)
        lines = [f"# {line}" for line in header]
        write_text(file, "\n".join([*lines, dump_toml(data)]))
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO scenarios "
                "(name, file, parent, change, required_sites, excluded_sites, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    str(file),
                    parent,
                    change,
                    json.dumps(list(required_sites)),
                    json.dumps(list(excluded_sites)),
                    _now(),
                ),
            )
        return self.scenario(name)

    def start_run(self, kind: str, target: str) -> int:
        """Record a new job as running; its id."""
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO runs (kind, target, status, started) VALUES (?, ?, ?, ?)",
                (kind, target, RUNNING, _now()),
            )
            return int(cursor.lastrowid or 0)

    def update_run(
        self, run_id: int, *, step: str | None = None, status: str | None = None, message: str = ""
    ) -> None:
        """Record a job's step, or its end (status done, failed or cancelled, and a message)."""
        with self._connect() as db:
            if step is not None:
                db.execute(
                    "UPDATE runs SET step = ? WHERE id = ? AND status = ?",
                    (step, run_id, RUNNING),
                )
            if status is not None:
                row = db.execute("SELECT started FROM runs WHERE id = ?", (run_id,)).fetchone()
                seconds = (
                    (dt.datetime.now() - dt.datetime.fromisoformat(row["started"])).total_seconds()
                    if row
                    else None
                )
                db.execute(
                    "UPDATE runs SET status = ?, message = ?, finished = ?, seconds = ? "
                    "WHERE id = ? AND status = ?",
                    (status, message, _now(), seconds, run_id, RUNNING),
                )

    def run(self, run_id: int) -> RunEntry:
        """The job `run_id`.

        Raises
        ------
        KeyError
            No such job.
        """
        with self._connect() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise KeyError(run_id)
        return RunEntry(**{key: row[key] for key in row.keys()})  # noqa: SIM118 (sqlite3.Row)

    def recent_runs(self, limit: int = 20) -> list[RunEntry]:
        """The latest jobs, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [RunEntry(**{key: row[key] for key in row.keys()}) for row in rows]  # noqa: SIM118


def _rebase_inputs(raw: Mapping[str, Any], old: Path, new: Path) -> dict[str, Any]:
    """`raw` with relative input paths (``inputs`` and ``travel.roads``) re-expressed from `old` to `new`."""

    def rebase(value: object) -> object:
        if not isinstance(value, str) or value == "all_communes" or value.startswith("bundled:"):
            return value
        path = Path(value)
        if path.is_absolute():
            return value
        return Path(os.path.relpath((old / path).resolve(), new.resolve())).as_posix()

    data = dict(raw)
    if isinstance(data.get("inputs"), dict):
        data["inputs"] = {
            k: rebase(v) if k != "boundary_code_column" else v for k, v in data["inputs"].items()
        }
    if isinstance(data.get("travel"), dict) and "roads" in data["travel"]:
        data["travel"] = {**data["travel"], "roads": rebase(data["travel"]["roads"])}
    return data


def dump_toml(data: Mapping[str, Any]) -> str:
    """`data` as TOML: plain keys first, then one ``[table]`` per nested mapping (arrays inline).

    None values are left out (a missing key means "not set" in a scenario file).
    """

    def key(name: str) -> str:
        return name if re.match(r"^[A-Za-z0-9_\-]+$", name) else json.dumps(name)

    def table(prefix: str, node: Mapping[str, Any]) -> list[str]:
        lines = [f"{key(k)} = {toml_value(v)}" for k, v in node.items() if _is_leaf(v)]
        header = [f"[{prefix}]"] if prefix and (lines or not node) else []
        out = [*header, *lines]
        for k, v in node.items():
            if isinstance(v, Mapping):
                inner = f"{prefix}.{key(k)}" if prefix else key(k)
                out += ["", *table(inner, v)]
        return out

    return "\n".join(table("", _drop_none(data))) + "\n"


def toml_text(value: object) -> str:
    """`value` as a TOML value, None entries left out (TOML has no null)."""
    return toml_value(_drop_none(value))


def _is_leaf(value: object) -> bool:
    return not isinstance(value, Mapping)


def _drop_none(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value if v is not None]
    return value
