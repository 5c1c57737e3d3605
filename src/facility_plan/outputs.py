"""Write a scenario's output folder (map, GeoPackage, tables, workbook, summary), all or nothing."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.figures import render_comparison_figures, render_report_figures
from facility_plan.io import (
    atomic_output_dir,
    write_csv,
    write_geopackage,
    write_json,
    write_text,
    write_xlsx,
)
from facility_plan.maps import map_comparison, map_scenario, write_map
from facility_plan.report import write_comparison_report, write_report
from facility_plan.scenario import (
    ProgressCallback,
    ScenarioResult,
    compute_budget_pareto,
    no_progress,
    run_scenario,
)

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


def _assignment_lines(result: ScenarioResult) -> gpd.GeoDataFrame:
    from shapely.geometry import LineString

    assignments = result.assignments
    served = assignments.dropna(subset=["site_id"])
    communes = result.communes
    sites = result.sites
    geometries = [
        LineString([communes.geometry.loc[row.admin_code], sites.geometry.loc[row.site_id]])
        for row in served.itertuples(index=False)
    ]
    lines = gpd.GeoDataFrame(served, geometry=geometries, crs=communes.crs)
    unserved = assignments[assignments["site_id"].isna()]
    if not unserved.empty:
        unserved_points = gpd.GeoDataFrame(
            unserved, geometry=list(communes.geometry.loc[unserved["admin_code"]]), crs=communes.crs
        )
        lines = pd.concat([lines, unserved_points], ignore_index=True)
    return gpd.GeoDataFrame(lines, geometry="geometry", crs=communes.crs)


def _summary_text(result: ScenarioResult) -> str:
    summary = result.summary
    lines = [
        result.config.title_vi,
        "",
        summary["demand_calibration"]["description"],
        f"solver status: {summary['status']} (gap {summary['mip_gap']})",
        f"places: {summary['places_total']:,.0f} (target {summary['target_places']:,}); "
        f"served {summary['served_persons']:,.1f}, unserved {summary['unserved_persons']:,.1f} persons; "
        f"mean travel {summary['mean_travel_minutes']:,.1f} minutes, max {summary['max_travel_minutes']:,.1f}",
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

    Files: ``map.html`` (offline folium map), ``plan.gpkg`` (layers demand, facilities,
    assignments; EPSG:4326), ``summary.json`` and ``summary.txt`` (plain language),
    ``districts.csv``, ``communes.csv`` (per unit, by group), ``land_reservation.csv``,
    ``resources.csv`` (staff, recurring and investment cost per centre), ``targets.csv`` (plan
    targets per year against what the plan delivers) and ``plan.xlsx`` (all tables as sheets).
    With `with_report`: also ``report.html``, ``report.xlsx`` and the print maps and charts
    (``map_A4.png/pdf``, ``map_A3.pdf``, ``targets.png``, ``pareto.png`` when `pareto` is given).

    Returns
    -------
    pathlib.Path
        The scenario's output folder.
    """
    final_dir = Path(out_dir) / result.config.name
    communes_table = pd.DataFrame(result.communes.drop(columns="geometry")).reset_index()
    tables = {
        "districts": result.districts,
        "communes": communes_table,
        "land_reservation": result.land_reservation,
        "resources": result.resources,
        "targets": result.targets,
    }
    with atomic_output_dir(final_dir) as staging:
        on_step("writing the map")
        write_map(map_scenario(result), staging / "map.html")
        write_geopackage(
            staging / "plan.gpkg",
            {
                "demand": result.communes.reset_index(),
                "facilities": result.sites.reset_index(drop=True),
                "assignments": _assignment_lines(result),
            },
        )
        write_json(staging / "summary.json", result.summary)
        write_text(staging / "summary.txt", _summary_text(result))
        for name, table in tables.items():
            write_csv(staging / f"{name}.csv", table)
        summary_sheet = pd.DataFrame(
            {"item": list(result.summary), "value": [str(v) for v in result.summary.values()]}
        )
        write_xlsx(staging / "plan.xlsx", {"summary": summary_sheet, **tables})
        if with_report:
            on_step("drawing print maps and writing the report")
            figures = render_report_figures(result, pareto=pareto)
            write_report(result, staging, figures=figures, pareto=pareto)
            if pareto is not None:
                write_csv(staging / "pareto.csv", pareto)
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
