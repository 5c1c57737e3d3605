"""Write the sweeps' outputs atomically: robust.json, robust.csv, the regret chart and alternatives.csv."""

from __future__ import annotations

from pathlib import Path

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


def write_robust(result: RobustResult, folder: str | Path, *, language: Language = "vi") -> Path:
    """Write a robustness result to `folder` (replaced whole, or left untouched on failure).

    Files: ``robust.json`` (verdict, ranges, frequencies, plans), ``robust.csv`` (one row per
    draw), ``robust_plans.csv`` (regret distribution per plan), ``robust_sites.csv`` (selection
    frequency per site, with points) and ``robust_regret.png`` (the chart).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    target = Path(folder)
    with atomic_output_dir(target) as staging:
        write_json(staging / "robust.json", result.to_json())
        write_csv(staging / "robust.csv", result.draws)
        write_csv(staging / "robust_plans.csv", result.plans)
        write_csv(staging / "robust_sites.csv", result.site_frequency)
        write_bytes(
            staging / "robust_regret.png", chart_png(regret_chart(result, language=language))
        )
    return target


def write_alternatives(result: AlternativesResult, folder: str | Path) -> Path:
    """Write ``alternatives.json`` and ``alternatives.csv`` to `folder` (replaced whole)."""
    target = Path(folder)
    with atomic_output_dir(target) as staging:
        write_json(staging / "alternatives.json", result.to_json())
        write_csv(staging / "alternatives.csv", result.plans)
    return target
