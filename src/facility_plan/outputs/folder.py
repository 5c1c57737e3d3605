"""Write a scenario's output folder (map, GeoPackage, tables, workbook, summary), all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.figures import render_comparison_figures, render_report_figures
from facility_plan.io import atomic_output_dir, write_bytes, write_csv, write_text
from facility_plan.labels import format_number, format_percent, is_missing, label, status_text
from facility_plan.maps import map_comparison, map_scenario, write_map
from facility_plan.outputs.geopackage import write_plan_geopackage
from facility_plan.outputs.plan_workbook import plan_workbook_bytes
from facility_plan.outputs.rounding import round_figures
from facility_plan.report import write_comparison_report, write_report
from facility_plan.report.robustness import read_robustness
from facility_plan.scenario import (
    ProgressCallback,
    ScenarioResult,
    compute_budget_pareto,
    run_scenario,
)
from facility_plan.scenario.result import no_progress

OUTPUT_FILES = (
    "map.html",
    "plan.gpkg",
    "summary.json",
    "summary.txt",
    "districts.csv",
    "communes.csv",
    "land_reservation.csv",
    "resources.csv",
    "targets.csv",
    "plan.xlsx",
)
#: Sub-folders of a scenario's output folder written by other commands (``robust``,
#: ``alternatives``): a new run keeps them; a fingerprint says whether they still fit.
KEPT_SUBFOLDERS = ("robust", "alternatives")


def keep_subfolders(final_dir: Path, staging: Path) -> list[Path]:
    """Copy the `KEPT_SUBFOLDERS` of an existing output folder into the run's staging folder.

    A run replaces its output folder whole; without this it would delete the results of
    ``facility-plan robust`` and ``alternatives`` for the same scenario. They are copied (not
    moved), so the old folder stays complete if the run fails.

    Returns
    -------
    list of pathlib.Path
        The sub-folders copied into `staging`.
    """
    kept = []
    for name in KEPT_SUBFOLDERS:
        source = final_dir / name
        if source.is_dir() and not (staging / name).exists():
            kept.append(Path(shutil.copytree(source, staging / name, symlinks=True)))
    return kept


def _summary_text(result: ScenarioResult) -> str:
    summary = result.summary
    language = result.config.outputs.language

    def n(value: float | None, decimals: int = 1) -> str:
        if value is None or is_missing(value):
            return "–"
        return format_number(value, decimals=decimals, language=language)

    status = status_text(summary.status, language=language)
    gap = "–" if summary.mip_gap is None else format_percent(summary.mip_gap, language=language)
    figures = [
        label("summary_status", language).format(status=status, gap=gap),
        label("summary_figures", language).format(
            places=n(summary.places_total, 0),
            target=n(summary.target_places, 0),
            served=n(summary.served_persons),
            unserved=n(summary.unserved_persons),
            mean=n(summary.mean_travel_minutes),
            max=n(summary.max_travel_minutes),
        ),
    ]
    lines = [
        result.config.title_vi,
        "",
        summary.demand_calibration.description,
        *figures,
        *(f"! {warning}" for warning in summary.warnings),
        "",
        *result.plain_summary,
    ]
    return "\n".join(lines) + "\n"


def write_scenario_outputs(
    result: ScenarioResult,
    out_dir: str | Path,
    *,
    with_report: bool = False,
    pareto: pd.DataFrame | None = None,
    on_step: ProgressCallback = no_progress,
) -> Path:
    """Write ``<out_dir>/<scenario name>/`` with every output file, atomically.

    Files: ``map.html`` (offline folium map), ``plan.gpkg`` (layers communes (the polygons
    used), districts, demand, assignments, unserved, facilities; EPSG:4326; each with a QGIS
    style in ``layer_styles``), ``summary.json`` and ``summary.txt`` (plain language),
    ``districts.csv``, ``communes.csv`` (per unit, by group), ``land_reservation.csv``,
    ``resources.csv`` (staff, recurring and investment cost per centre), ``targets.csv`` (plan
    targets per year against what the plan delivers) and ``plan.xlsx`` (all tables as formatted
    sheets, ready to print). CSV and XLSX figures are rounded to what they mean: persons and
    minutes to 0.1, VND to 1,000, shares to 0.001.
    With `with_report`: also ``report.html``, ``report.xlsx`` and the print maps and charts
    (``map_A4.png/pdf``, ``map_A3.pdf``, ``targets.png``, ``pareto.png`` when `pareto` is given);
    a ``facility-plan robust`` result in the folder's ``robust/`` is shown in the report when it
    was computed on this scenario and its input files as they are now, else a warning says so.
    The ``robust/`` and ``alternatives/`` sub-folders of an earlier run are kept.

    Returns
    -------
    pathlib.Path
        The scenario's output folder.
    """
    final_dir = Path(out_dir) / result.config.name
    language = result.config.outputs.language
    communes_table = pd.DataFrame(result.communes.drop(columns="geometry")).reset_index()
    tables = {
        "districts": result.districts,
        "communes": communes_table,
        "land_reservation": result.land_reservation,
        "resources": result.resources,
        "targets": result.targets,
    }
    robustness = read_robustness(final_dir) if with_report else None
    with atomic_output_dir(final_dir) as staging:
        keep_subfolders(final_dir, staging)
        on_step("writing the map")
        write_map(map_scenario(result), staging / "map.html")
        write_plan_geopackage(result, staging / "plan.gpkg", language)
        write_text(staging / "summary.json", result.summary.to_json())
        write_text(staging / "summary.txt", _summary_text(result))
        for name, table in tables.items():
            write_csv(staging / f"{name}.csv", round_figures(table))
        write_bytes(staging / "plan.xlsx", plan_workbook_bytes(result, language))
        if with_report:
            on_step("drawing print maps and writing the report")
            figures = render_report_figures(result, pareto=pareto)
            write_report(result, staging, figures=figures, pareto=pareto, robustness=robustness)
            if pareto is not None:
                write_csv(staging / "pareto.csv", round_figures(pareto))
    return final_dir


def report_to_folder(
    config: ScenarioConfig,
    out_dir: str | Path,
    *,
    pareto_budgets_vnd: list[float] | None = None,
    on_step: ProgressCallback = no_progress,
) -> tuple[ScenarioResult, Path]:
    """Run a scenario and write its outputs plus the meeting report (HTML, XLSX, print maps).

    Parameters
    ----------
    config
        The scenario.
    out_dir
        Parent folder; files go to ``out_dir/<scenario name>/`` (all or nothing).
    pareto_budgets_vnd
        Budgets (VND) for a budget-vs-served curve; None skips it.
    on_step
        Progress callback (see `facility_plan.scenario.run_scenario`).
    """
    result = run_scenario(config, on_step=on_step)
    pareto = None
    if pareto_budgets_vnd:
        on_step(f"budget sweep ({len(pareto_budgets_vnd)} solves)")
        pareto = compute_budget_pareto(config, pareto_budgets_vnd, result=result)
    return result, write_scenario_outputs(
        result, out_dir, with_report=True, pareto=pareto, on_step=on_step
    )


def write_comparison(results: list[ScenarioResult], out_dir: str | Path) -> Path:
    """Write a side-by-side comparison report (HTML, XLSX, print maps) into `out_dir`, atomically."""
    final_dir = Path(out_dir)
    with atomic_output_dir(final_dir) as staging:
        write_comparison_report(results, staging, figures=render_comparison_figures(results))
        if len(results) == 2:
            write_map(map_comparison(results[0], results[1]), staging / "comparison_map.html")
    return final_dir


def run_to_folder(
    config: ScenarioConfig, out_dir: str | Path, *, on_step: ProgressCallback = no_progress
) -> tuple[ScenarioResult, Path]:
    """Run a scenario and write its output folder; nothing is written if any step fails."""
    result = run_scenario(config, on_step=on_step)
    return result, write_scenario_outputs(result, out_dir, on_step=on_step)
