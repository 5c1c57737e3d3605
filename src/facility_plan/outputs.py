"""Write a scenario's output folder (map, GeoPackage, tables, summary), all or nothing."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.io import atomic_output_dir, write_csv, write_geopackage, write_json
from facility_plan.maps import map_scenario, write_map
from facility_plan.scenario import ScenarioResult, run_scenario

OUTPUT_FILES = ("map.html", "plan.gpkg", "summary.json", "districts.csv", "land_reservation.csv")


def _assignment_lines(result: ScenarioResult) -> gpd.GeoDataFrame:
    from shapely.geometry import LineString

    assignments = result.solution.assignments.copy()
    served = assignments.dropna(subset=["site_id"])
    communes = result.communes
    sites = result.sites
    geometries = [
        LineString([communes.geometry.loc[row.demand_id], sites.geometry.loc[row.site_id]])
        for row in served.itertuples(index=False)
    ]
    lines = gpd.GeoDataFrame(
        served.rename(columns={"demand_id": "admin_code"}), geometry=geometries, crs=communes.crs
    )
    unserved = assignments[assignments["site_id"].isna()].rename(
        columns={"demand_id": "admin_code"}
    )
    if not unserved.empty:
        unserved_points = gpd.GeoDataFrame(
            unserved, geometry=list(communes.geometry.loc[unserved["admin_code"]]), crs=communes.crs
        )
        lines = pd.concat([lines, unserved_points], ignore_index=True)
    return gpd.GeoDataFrame(lines, geometry="geometry", crs=communes.crs)


def write_scenario_outputs(result: ScenarioResult, out_dir: str | Path) -> Path:
    """Write ``<out_dir>/<scenario name>/`` with every output file, atomically.

    Files: ``map.html`` (offline folium map), ``plan.gpkg`` (layers demand, facilities,
    assignments; EPSG:4326), ``summary.json``, ``districts.csv``, ``land_reservation.csv``.

    Returns
    -------
    pathlib.Path
        The scenario's output folder.
    """
    final_dir = Path(out_dir) / result.config.name
    with atomic_output_dir(final_dir) as staging:
        write_map(map_scenario(result), staging / "map.html")
        demand_layer = result.communes.reset_index()
        facilities_layer = result.sites.reset_index(drop=True)
        write_geopackage(
            staging / "plan.gpkg",
            {
                "demand": demand_layer,
                "facilities": facilities_layer,
                "assignments": _assignment_lines(result),
            },
        )
        write_json(staging / "summary.json", result.summary)
        write_csv(staging / "districts.csv", result.districts)
        write_csv(staging / "land_reservation.csv", result.land_reservation)
    return final_dir


def run_to_folder(config: ScenarioConfig, out_dir: str | Path) -> tuple[ScenarioResult, Path]:
    """Run a scenario and write its output folder; nothing is written if any step fails."""
    result = run_scenario(config)
    return result, write_scenario_outputs(result, out_dir)
