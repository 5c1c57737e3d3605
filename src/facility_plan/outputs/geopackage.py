"""The plan's GeoPackage: commune polygons, districts, demand, centres and assignments, styled for QGIS."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString

from facility_plan.errors import OutputError
from facility_plan.io import write_geopackage
from facility_plan.labels import Language, centre_codes, label
from facility_plan.outputs.qgis_styles import (
    assignments_style,
    centres_style,
    districts_style,
    minutes_style,
    unserved_style,
)
from facility_plan.scenario import ScenarioResult

#: Layers of ``plan.gpkg`` in drawing order (bottom first); ``unserved`` only when there is any.
GPKG_LAYERS = ("communes", "districts", "demand", "assignments", "unserved", "facilities")
WGS84 = "EPSG:4326"

_LAYER_STYLES_TABLE = """
CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  f_table_catalog TEXT(256),
  f_table_schema TEXT(256),
  f_table_name TEXT(256),
  f_geometry_column TEXT(256),
  styleName TEXT(30),
  styleQML TEXT,
  styleSLD TEXT,
  useAsDefault BOOLEAN,
  description TEXT,
  owner TEXT(30),
  ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)
"""


def _sites_with_codes(result: ScenarioResult) -> gpd.GeoDataFrame:
    """Open sites with their map code (E1…, N1…)."""
    sites = result.sites.copy()
    sites.insert(0, "code", centre_codes(result.sites).to_numpy())
    return sites.reset_index(drop=True).to_crs(WGS84)


def commune_polygons(result: ScenarioResult) -> gpd.GeoDataFrame:
    """The commune polygons the run used (supplied boundaries or approximate cells) with its figures.

    Columns: the polygon's own (code, names, ``boundary_quality``) and the commune table's
    (demand, served, unserved in persons; travel minutes; main centre).
    """
    cells = result.inputs.cells.to_crs(WGS84)
    figures = pd.DataFrame(result.communes.drop(columns="geometry"))
    own = [c for c in cells.columns if c == "geometry" or c not in figures.columns]
    polygons = cells[own].set_index("admin_code")
    joined = polygons.join(figures, how="left")
    joined.index.name = "admin_code"
    return gpd.GeoDataFrame(joined.reset_index(), geometry="geometry", crs=WGS84)


def district_polygons(result: ScenarioResult) -> gpd.GeoDataFrame:
    """Districts as the commune polygons dissolved, with the district table's figures."""
    cells = result.inputs.cells.to_crs(WGS84)
    shapes = cells[["district_code", "geometry"]].dissolve(by="district_code")
    figures = result.districts.set_index("district_code")
    joined = figures.join(shapes, how="left")
    joined.index.name = "district_code"
    return gpd.GeoDataFrame(joined.reset_index(), geometry="geometry", crs=WGS84)


def assignment_lines(result: ScenarioResult) -> gpd.GeoDataFrame:
    """One line per served assignment, commune point → centre, with the centre's code and status."""
    served = result.assignments.dropna(subset=["site_id"]).reset_index(drop=True)
    communes = result.communes.to_crs(WGS84)
    sites = result.sites.to_crs(WGS84)
    codes = centre_codes(result.sites)
    lines = [
        LineString([communes.geometry.loc[row.admin_code], sites.geometry.loc[row.site_id]])
        for row in served.itertuples(index=False)
    ]
    frame = served.assign(
        site_code=served["site_id"].map(codes), site_status=served["site_id"].map(sites["status"])
    )
    return gpd.GeoDataFrame(frame, geometry=lines, crs=WGS84)


def unserved_points(result: ScenarioResult) -> gpd.GeoDataFrame:
    """Demand left without a centre, at its commune's point (persons)."""
    unserved = result.assignments[result.assignments["site_id"].isna()].reset_index(drop=True)
    communes = result.communes.to_crs(WGS84)
    points = list(communes.geometry.loc[unserved["admin_code"]])
    return gpd.GeoDataFrame(unserved, geometry=points, crs=WGS84)


def plan_layers(result: ScenarioResult) -> dict[str, gpd.GeoDataFrame]:
    """The layers of ``plan.gpkg`` in `GPKG_LAYERS` order (EPSG:4326)."""
    layers = {
        "communes": commune_polygons(result),
        "districts": district_polygons(result),
        "demand": result.communes.to_crs(WGS84).reset_index(),
        "assignments": assignment_lines(result),
        "unserved": unserved_points(result),
        "facilities": _sites_with_codes(result),
    }
    return {name: layer for name, layer in layers.items() if not layer.empty}


def layer_styles(language: Language) -> dict[str, tuple[str, str]]:
    """QML style and description per layer of `GPKG_LAYERS`, in the HTML map's colours."""
    return {
        "communes": (
            minutes_style("mean_travel_minutes", "fill", language),
            label("communes_layer", language),
        ),
        "districts": (districts_style(), label("district_boundary", language)),
        "demand": (
            minutes_style("mean_travel_minutes", "marker", language),
            label("demand_layer", language),
        ),
        "assignments": (assignments_style(language), label("assignment_layer", language)),
        "unserved": (unserved_style(), label("unserved_layer", language)),
        "facilities": (centres_style(language), label("centres_key", language)),
    }


def store_layer_styles(path: str | Path, styles: Mapping[str, tuple[str, str]]) -> None:
    """Store QML styles in the GeoPackage's ``layer_styles`` table, as QGIS does, default per layer.

    Parameters
    ----------
    path
        An existing GeoPackage.
    styles
        Layer name → (QML text, description); layers absent from the file are skipped.

    Raises
    ------
    OutputError
        The file is not a GeoPackage that SQLite can write.
    """
    try:
        with closing(sqlite3.connect(path)) as connection, connection:
            geometry_columns = dict(
                connection.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
            )
            connection.execute(_LAYER_STYLES_TABLE)
            connection.execute(
                "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier) "
                "VALUES ('layer_styles', 'attributes', 'layer_styles')"
            )
            for layer, (qml, description) in styles.items():
                if layer not in geometry_columns:
                    continue
                connection.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (layer,))
                connection.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                    "owner) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, 'facility_plan')",
                    (layer, geometry_columns[layer], layer, qml, description),
                )
    except sqlite3.Error as err:
        msg = f"{path}: cannot store the QGIS layer styles ({err})"
        raise OutputError(msg) from None


def write_plan_geopackage(result: ScenarioResult, path: str | Path, language: Language) -> Path:
    """Write ``plan.gpkg``: the layers of `plan_layers` with their QGIS styles (`layer_styles`)."""
    target = write_geopackage(path, plan_layers(result))
    store_layer_styles(target, layer_styles(language))
    return target
