"""Commune, district, assignment, demand, coverage and unserved layers of the interactive maps.

Every text these layers show comes from an `EscapedRun` (already HTML) or goes through
`escape_text`; numbers are formatted by `format_number` (digits and separators only).
"""

from __future__ import annotations

import json
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.labels import (
    EXISTING_COLOUR,
    NEW_COLOUR,
    Language,
    format_number,
    is_missing,
    label,
    minutes_colour,
)
from facility_plan.maps.escaping import EscapedRun, escape_text, popup_html
from facility_plan.scenario import ScenarioResult

#: Where a layer is added: the map itself, or a group (a before/after toggle).
Parent = folium.Map | folium.FeatureGroup
#: Communes with less unserved demand than this (persons) get no circle.
UNSERVED_THRESHOLD_PERSONS = 0.05


def _minutes_html(minutes: float, lang: Language) -> str:
    if is_missing(minutes) or not np.isfinite(minutes):
        return escape_text(label("no_data", lang))
    return (
        f"{format_number(minutes, decimals=1, language=lang)} {escape_text(label('minutes', lang))}"
    )


def commune_features(run: EscapedRun, lang: Language) -> list[dict[str, Any]]:
    """GeoJSON features of the commune layer: the run's polygons, fill colour and tooltip HTML.

    Parameters
    ----------
    run
        The run's escaped tables; the polygons are ``run.cells`` (EPSG:4326).
    lang
        ``vi`` or ``en``.

    Returns
    -------
    list of dict
        One feature per commune polygon, ``id`` the admin code.
    """
    communes = run.communes
    site_names = run.sites["name_vi"]
    none_html = escape_text(label("no_data", lang))
    geometries = json.loads(gpd.GeoSeries(run.cells.geometry).to_json())["features"]
    features = []
    for admin_code, geometry in zip(run.cells.index, geometries, strict=True):
        row = communes.loc[admin_code]
        minutes = float(row["mean_travel_minutes"])
        main = row["main_site_id"]
        tooltip = popup_html(
            row["name_vi"],
            [
                (label("district", lang), row["district_name_vi"]),
                (
                    label("demand", lang),
                    format_number(row["demand_persons"], decimals=1, language=lang),
                ),
                (
                    label("served", lang),
                    format_number(row["served_persons"], decimals=1, language=lang),
                ),
                (
                    label("unserved", lang),
                    format_number(row["unserved_persons"], decimals=1, language=lang),
                ),
                (
                    label("main_centre", lang),
                    str(site_names.get(main, none_html)) if isinstance(main, str) else none_html,
                ),
                (label("mean_minutes", lang), _minutes_html(minutes, lang)),
            ],
        )
        features.append(
            {
                "type": "Feature",
                "id": str(admin_code),
                "properties": {"fill": minutes_colour(minutes), "tooltip": tooltip},
                "geometry": geometry["geometry"],
            }
        )
    return features


def add_commune_layer(parent: Parent, run: EscapedRun, lang: Language) -> None:
    """Communes (the run's polygons) coloured by travel minutes to their centre, with a tooltip."""
    layer = folium.FeatureGroup(name=escape_text(label("communes_layer", lang)), show=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": commune_features(run, lang)},
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.75,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(layer)
    layer.add_to(parent)


def add_district_layer(parent: Parent, run: EscapedRun, lang: Language) -> None:
    """District outlines (the commune polygons dissolved) with the district name as tooltip.

    The layer is called approximate only when some commune polygons are approximate cells.
    """
    cells = run.cells
    approximate = bool((cells["boundary_quality"] == "approximate").any())
    districts = cells[["district_code", "district_name_vi", "geometry"]].dissolve(
        by="district_code"
    )
    name = label("districts_layer" if approximate else "district_boundary", lang)
    layer = folium.FeatureGroup(name=escape_text(name), show=True)
    folium.GeoJson(
        districts.reset_index().to_json(),
        style_function=lambda _feature: {"fill": False, "color": "#222222", "weight": 2.2},
        tooltip=folium.GeoJsonTooltip(fields=["district_name_vi"], labels=False),
    ).add_to(layer)
    layer.add_to(parent)


def add_assignment_layer(parent: Parent, result: ScenarioResult, lang: Language) -> None:
    """Lines commune → centre, one per served pair, thicker for more persons (hidden at first)."""
    served = (
        result.assignments.dropna(subset=["site_id"])
        .groupby(["admin_code", "site_id"], as_index=False)["demand_persons"]
        .sum()
    )
    communes = result.communes
    sites = result.sites
    layer = folium.FeatureGroup(name=escape_text(label("assignment_layer", lang)), show=False)
    for row in served.itertuples(index=False):
        start = communes.geometry.loc[row.admin_code]
        end = sites.geometry.loc[row.site_id]
        colour = NEW_COLOUR if sites.loc[row.site_id, "status"] == "new" else EXISTING_COLOUR
        folium.PolyLine(  # type: ignore[no-untyped-call]  # folium leaves it untyped
            [[start.y, start.x], [end.y, end.x]],
            color=colour,
            weight=1 + min(4.0, float(row.demand_persons) / 5),
            opacity=0.6,
        ).add_to(layer)
    layer.add_to(parent)


def _persons_tooltip(name_html: str, persons: float, suffix: str, lang: Language) -> str:
    number = format_number(persons, decimals=1, language=lang)
    return f"{name_html}: {number} {escape_text(suffix)}"


def add_demand_layer(parent: Parent, run: EscapedRun, lang: Language) -> None:
    """Circles of demand per commune (area ∝ persons; hidden at first)."""
    layer = folium.FeatureGroup(name=escape_text(label("demand_layer", lang)), show=False)
    for _, row in run.communes.iterrows():
        persons = float(row["demand_persons"])
        if persons <= 0:
            continue
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x],
            radius=2 + 2.5 * float(np.sqrt(persons)),
            color="#54278f",
            weight=1,
            fill=True,
            fill_color="#9e9ac8",
            fill_opacity=0.55,
            tooltip=_persons_tooltip(row["name_vi"], persons, label("persons", lang), lang),
        ).add_to(layer)
    layer.add_to(parent)


def add_coverage_layer(
    parent: Parent, result: ScenarioResult, lang: Language, *, coverage_minutes: float
) -> None:
    """The commune polygons whose nearest open centre is within `coverage_minutes` (minutes)."""
    nearest = result.communes["nearest_open_minutes"]
    cells = result.inputs.cells
    covered = cells.loc[nearest.index[nearest <= coverage_minutes]]
    name = label("coverage_layer", lang).format(minutes=f"{coverage_minutes:g}")
    layer = folium.FeatureGroup(name=escape_text(name), show=False)
    if not covered.empty:
        folium.GeoJson(
            covered[["geometry"]].to_json(),
            style_function=lambda _feature: {
                "fillColor": "#2171b5",
                "color": "#08306b",
                "weight": 1,
                "fillOpacity": 0.35,
            },
        ).add_to(layer)
    layer.add_to(parent)


def add_unserved_layer(parent: Parent, run: EscapedRun, lang: Language) -> None:
    """Circles of unserved demand per commune (persons)."""
    communes = run.communes
    unserved: pd.DataFrame = communes[communes["unserved_persons"] > UNSERVED_THRESHOLD_PERSONS]
    suffix = f"{label('persons', lang)} {label('unserved', lang).lower()}"
    layer = folium.FeatureGroup(name=escape_text(label("unserved_layer", lang)), show=True)
    for _, row in unserved.iterrows():
        persons = float(row["unserved_persons"])
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x],
            radius=3 + 2 * float(np.sqrt(persons)),
            color="#000000",
            weight=1,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=0.7,
            tooltip=_persons_tooltip(row["name_vi"], persons, suffix, lang),
        ).add_to(layer)
    layer.add_to(parent)
