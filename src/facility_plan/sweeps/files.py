"""Write the sweeps' outputs atomically (robust.json with the scenario's fingerprint, CSVs, chart, alternatives)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from facility_plan.config import ScenarioConfig
from facility_plan.io import atomic_output_dir, write_bytes, write_csv, write_json
from facility_plan.labels import Language
from facility_plan.sweeps.charts import chart_png, regret_chart
from facility_plan.sweeps.result import AlternativesResult, RobustResult

ROBUST_FILES = (
    "robust.json",
    "robust.csv",
    "robust_plans.csv",
    "robust_sites.csv",
    "robust_regret.png",
)
ALTERNATIVES_FILES = ("alternatives.json", "alternatives.csv")
#: Key of the scenario's fingerprint in ``robust.json`` (see `scenario_fingerprint`).
FINGERPRINT_KEY = "scenario_fingerprint"
#: Key of the scenario's title in ``robust.json`` (what a person reads instead of its name).
TITLE_KEY = "scenario_title_vi"
#: Settings that do not change a robustness result (where files go, the output language).
_UNFINGERPRINTED = frozenset({"scenario_path", "outputs"})


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, of a folder's files (by relative name), or ``missing``."""
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    if path.is_dir():
        digest = hashlib.sha256()
        for inner in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(inner.relative_to(path).as_posix().encode("utf-8"))
            digest.update(hashlib.sha256(inner.read_bytes()).digest())
        return digest.hexdigest()
    return "missing"


def _content_of(value: Any, base: Path | None) -> Any:
    """`value` (a dumped setting) with every path replaced by its file name and content digest."""
    if isinstance(value, Path):
        path = value if value.is_absolute() or base is None else base / value
        return {"file": value.name, "sha256": _file_digest(path)}
    if isinstance(value, dict):
        return {str(k): _content_of(v, base) for k, v in sorted(value.items(), key=str)}
    if isinstance(value, (list, tuple)):
        return [_content_of(v, base) for v in value]
    return value


def scenario_fingerprint(config: ScenarioConfig) -> str:
    """A digest of a scenario's settings and the contents of its input files (SHA-256, hex).

    Two configurations get the same fingerprint when every setting that shapes the solution is
    equal and every input file (tables, boundaries, roads, registers) has the same bytes, wherever
    the files are; the output language and the scenario file's own path do not count. A
    robustness result records it, so a report can tell whether the result still fits the data.
    """
    dumped = config.model_dump(mode="python", exclude=set(_UNFINGERPRINTED))
    base = config.scenario_path.parent if config.scenario_path is not None else None
    text = json.dumps(_content_of(dumped, base), sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_robust_files(
    result: RobustResult,
    folder: str | Path,
    *,
    language: Language = "vi",
    config: ScenarioConfig | None = None,
) -> list[Path]:
    """Write the robustness files into an existing `folder`, each file atomically.

    Files: ``robust.json`` (verdict, ranges, frequencies, plans and, given `config`, the
    scenario's fingerprint under `FINGERPRINT_KEY` and its title under `TITLE_KEY`), ``robust.csv`` (one row per draw),
    ``robust_plans.csv`` (regret distribution per plan), ``robust_sites.csv`` (selection
    frequency per site, with points) and ``robust_regret.png`` (the chart).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    target = Path(folder)
    data = result.to_json()
    if config is not None:
        data[FINGERPRINT_KEY] = scenario_fingerprint(config)
        data[TITLE_KEY] = config.title_vi
    return [
        write_json(target / "robust.json", data),
        write_csv(target / "robust.csv", result.draws),
        write_csv(target / "robust_plans.csv", result.plans),
        write_csv(target / "robust_sites.csv", result.site_frequency),
        write_bytes(
            target / "robust_regret.png", chart_png(regret_chart(result, language=language))
        ),
    ]


def write_robust(
    result: RobustResult,
    folder: str | Path,
    *,
    language: Language = "vi",
    config: ScenarioConfig | None = None,
) -> Path:
    """Write a robustness result to `folder` (replaced whole, or left untouched on failure).

    The files are those of `write_robust_files`; pass the scenario's `config` so that
    ``robust.json`` records its fingerprint (reports include only results whose fingerprint
    matches the scenario they report on).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    target = Path(folder)
    with atomic_output_dir(target) as staging:
        write_robust_files(result, staging, language=language, config=config)
    return target


def write_alternatives(result: AlternativesResult, folder: str | Path) -> Path:
    """Write ``alternatives.json`` and ``alternatives.csv`` to `folder` (replaced whole)."""
    target = Path(folder)
    with atomic_output_dir(target) as staging:
        write_json(staging / "alternatives.json", result.to_json())
        write_csv(staging / "alternatives.csv", result.plans)
    return target
