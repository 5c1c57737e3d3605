"""Layers of the print map on an axes: commune polygons by travel minutes, districts, unserved demand, centres."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch

from facility_plan.figures.cartography import HALO, geometry_path, label_point, wrap_place_name
from facility_plan.labels import EXISTING_COLOUR, NEW_COLOUR, centre_codes, minutes_colour
from facility_plan.scenario import ScenarioResult

OWNERSHIP_MARKERS = {"public": "s", "non_public": "D"}
DEFAULT_MARKER = "o"
#: Communes with less unserved demand than this (persons) get no circle.
UNSERVED_THRESHOLD_PERSONS = 0.05


@dataclass(frozen=True)
class DrawnMap:
    """What `draw_map_layers` drew, for the legends and the map extent.

    Attributes
    ----------
    cells
        Commune polygons as drawn, in the scenario's projected CRS (metres).
    minutes
        Mean travel minutes per commune polygon (NaN: not served).
    sites
        Open centres in the projected CRS.
    codes
        Code of each centre (``E1…``, ``N1…``) by site id.
    kinds
        ``(status, ownership)`` pairs drawn, in drawing order.
    unserved_persons
        Unserved persons of the communes drawn with a circle.
    """

    cells: gpd.GeoDataFrame
    minutes: pd.Series
    sites: gpd.GeoDataFrame
    codes: pd.Series
    kinds: tuple[tuple[str, str], ...]
    unserved_persons: pd.Series


def print_map_polygons(result: ScenarioResult) -> gpd.GeoDataFrame:
    """The commune polygons the print map draws: the run's `inputs.cells`, in ``config.crs``.

    These are the same polygons as on the interactive map: supplied boundaries where the scenario
    gives them, approximate Voronoi cells otherwise (``boundary_quality`` says which).
    """
    return result.inputs.cells.to_crs(result.config.crs)


def centre_style(status: str, ownership: str) -> tuple[str, str]:
    """Colour (by status) and matplotlib marker (by ownership) of a centre."""
    colour = NEW_COLOUR if status == "new" else EXISTING_COLOUR
    return colour, OWNERSHIP_MARKERS.get(ownership, DEFAULT_MARKER)


def unserved_size(persons: float, scale: float) -> float:
    """Marker area (points²) of an unserved-demand circle for `persons`."""
    return float((scale * (3 + 2 * math.sqrt(max(persons, 0.0)))) ** 2)


def _draw_districts(
    ax: Axes, cells: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, scale: float
) -> None:
    """District outlines (cells dissolved) and names, placed clear of the centres and each other."""
    districts = cells[["district_code", "district_name_vi", "geometry"]].dissolve(
        by="district_code"
    )
    for geometry in districts.geometry:
        path = geometry_path(geometry)
        if path is not None:
            ax.add_patch(
                PathPatch(
                    path, facecolor="none", edgecolor="#303030", linewidth=1.3 * scale, zorder=3
                )
            )
    bounds = cells.total_bounds
    map_width = float(max(bounds[2] - bounds[0], bounds[3] - bounds[1]))
    # Names: small districts first (they have the least room), clear of centres and other names.
    avoid = [
        (x, y, 0.06 * map_width, 0.05 * map_width)
        for x, y in zip(sites.geometry.x, sites.geometry.y, strict=True)
    ]
    for _, district in districts.iloc[np.argsort(districts.area.to_numpy())].iterrows():
        point = label_point(district.geometry, np.array(avoid).reshape(-1, 4))
        avoid.append((point[0], point[1], 0.12 * map_width, 0.045 * map_width))
        ax.text(
            point[0],
            point[1],
            wrap_place_name(str(district["district_name_vi"])),
            ha="center",
            va="center",
            fontsize=7 * scale,
            fontstyle="italic",
            color="#333333",
            path_effects=HALO,
            zorder=4,
        )


def _draw_centres(ax: Axes, sites: gpd.GeoDataFrame, codes: pd.Series, scale: float) -> None:
    for site_id, site in sites.iterrows():
        colour, marker = centre_style(site["status"], site["ownership"])
        ax.scatter(
            [site.geometry.x],
            [site.geometry.y],
            s=(9.5 * scale) ** 2,
            marker=marker,
            c=colour,
            edgecolors="white",
            linewidths=1.3 * scale,
            zorder=7,
        )
        ax.annotate(
            codes[site_id],
            (site.geometry.x, site.geometry.y),
            xytext=(6 * scale, 5 * scale),
            textcoords="offset points",
            fontsize=9 * scale,
            fontweight="bold",
            color=colour,
            path_effects=HALO,
            zorder=8,
        )


def draw_map_layers(ax: Axes, result: ScenarioResult, scale: float) -> DrawnMap:
    """Draw the run's commune polygons, districts, unserved circles and centres on `ax`.

    Parameters
    ----------
    ax
        Axes in the scenario's projected CRS (``config.crs``, metres).
    result
        A scenario result.
    scale
        Enlargement of lines, markers and text (1 on A4).

    Returns
    -------
    DrawnMap
        What was drawn, for legends and limits.
    """
    crs = result.config.crs
    communes = result.communes
    cells = print_map_polygons(result)
    minutes = communes["mean_travel_minutes"].reindex(cells.index).astype(float)
    patches, colours = [], []
    for geometry, value in zip(cells.geometry, minutes, strict=True):
        path = geometry_path(geometry)
        if path is not None:
            patches.append(PathPatch(path))
            colours.append(minutes_colour(value))
    ax.add_collection(
        PatchCollection(
            patches,
            facecolors=colours,
            edgecolors="white",
            linewidths=0.35 * scale,
            zorder=1,
            match_original=False,
        )
    )
    sites = result.sites.to_crs(crs)
    _draw_districts(ax, cells, sites, scale)

    projected = communes.to_crs(crs)
    unserved = projected[projected["unserved_persons"] > UNSERVED_THRESHOLD_PERSONS]
    if not unserved.empty:
        ax.scatter(
            unserved.geometry.x,
            unserved.geometry.y,
            s=[unserved_size(p, scale) for p in unserved["unserved_persons"]],
            facecolors=(1, 1, 1, 0.55),
            edgecolors="black",
            linewidths=0.9 * scale,
            zorder=5,
        )

    codes = centre_codes(sites)
    _draw_centres(ax, sites, codes, scale)
    kinds = dict.fromkeys(zip(sites["status"], sites["ownership"], strict=True))
    return DrawnMap(
        cells=cells,
        minutes=minutes,
        sites=sites,
        codes=codes,
        kinds=tuple(kinds),
        unserved_persons=unserved["unserved_persons"],
    )
