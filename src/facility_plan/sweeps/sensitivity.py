"""Sensitivity sweep: the scenario re-run end to end with one set of setting overrides per point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from facility_plan.config import load_scenario
from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError
from facility_plan.scenario import run_scenario
from facility_plan.sweeps.executor import ExecutorSettings, ProgressHook, open_sweep

SENSITIVITY_COLUMNS = (
    "point",
    "overrides",
    "status",
    "objective_person_minutes",
    "served_persons",
    "unserved_persons",
    "mean_travel_minutes",
    "places_total",
    "investment_new_vnd",
    "new_sites",
)


def run_point(scenario_path: Path, point: tuple[int, Mapping[str, object]]) -> dict[str, object]:
    """A sweep task: read the scenario with one point's overrides, run it, return its key figures."""
    number, overrides = point
    described = "; ".join(f"{key}={value}" for key, value in overrides.items())
    row: dict[str, object] = {"point": number, "overrides": described}
    try:
        summary = run_scenario(load_scenario(scenario_path, overrides=overrides)).summary
    except InfeasibleScenarioError:
        return row | {"status": "infeasible"}
    return row | {
        "status": summary.status,
        "objective_person_minutes": summary.objective_person_minutes,
        "served_persons": summary.served_persons,
        "unserved_persons": summary.unserved_persons,
        "mean_travel_minutes": summary.mean_travel_minutes,
        "places_total": summary.places_total,
        "investment_new_vnd": summary.investment_new_vnd,
        "new_sites": "; ".join(
            f"{site.commune} ({site.district}) {site.tier}" for site in summary.new_sites
        ),
    }


def sensitivity_sweep(
    scenario_path: str | Path,
    points: Sequence[Mapping[str, object]],
    *,
    executor: ExecutorSettings | None = None,
    on_progress: ProgressHook | None = None,
) -> pd.DataFrame:
    """Run a scenario once per set of overrides (dotted keys, e.g. ``{"travel.speed_kmh": 30}``).

    Each point reads the scenario file with its overrides and runs it end to end, so any
    setting can vary (speeds, tiers, budget, calibration); points run in parallel on the
    executor and come back in the order given.

    Returns
    -------
    pandas.DataFrame
        Columns `SENSITIVITY_COLUMNS`, one row per point; infeasible points have status
        ``infeasible`` and no figures.

    Raises
    ------
    ScenarioConfigError
        A missing scenario file or an override that makes the scenario invalid.
    """
    path = Path(scenario_path).resolve()
    if not path.is_file():
        msg = f"{path}: scenario file not found"
        raise ScenarioConfigError(msg)
    items = [(number, dict(overrides)) for number, overrides in enumerate(points)]
    with open_sweep(path, executor) as runner:
        rows = runner.map(run_point, items, on_progress=on_progress)
    return pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
