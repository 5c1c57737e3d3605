"""The interactive scenario map and the before/after comparison map (folium, offline)."""

from __future__ import annotations

import folium
import geopandas as gpd

from facility_plan.labels import Language, label
from facility_plan.labels.notes import imprecise_centres, map_notes, supplied_boundary_file
from facility_plan.maps.access_layer import add_accessibility_layer
from facility_plan.maps.centres import add_centres, add_idle_layer
from facility_plan.maps.escaping import escape_run, escape_text
from facility_plan.maps.layers import (
    add_assignment_layer,
    add_commune_layer,
    add_coverage_layer,
    add_demand_layer,
    add_district_layer,
    add_unserved_layer,
)
from facility_plan.maps.legend import map_legend
from facility_plan.maps.offline import add_metric_scale, make_offline
from facility_plan.maps.programme_layer import add_programme_layer
from facility_plan.scenario import ScenarioResult
from facility_plan.scenario.plain import run_notes


def interactive_map_polygons(result: ScenarioResult) -> gpd.GeoDataFrame:
    """The commune polygons the interactive map draws: the run's `inputs.cells` (EPSG:4326).

    Supplied boundaries where the scenario gives them, approximate Voronoi cells otherwise
    (``boundary_quality`` says which); the print map draws the same polygons.
    """
    return result.inputs.cells


def scenario_notes(result: ScenarioResult, language: Language) -> list[str]:
    """The notes of a run's map: boundaries, travel method with pair counts, positions, demand
    basis (estimate with range, or calibrated), pooled capacity or idle places of the wrong type,
    source.

    The only place the interactive maps read `ScenarioResult.summary`.
    """
    pairs_by_method = result.summary.travel_model.pairs_by_method
    return map_notes(
        pairs_by_method=dict(pairs_by_method),
        detour_factor=result.config.travel.detour_factor,
        speed_kmh=result.config.travel.speed_kmh,
        boundary_source=supplied_boundary_file(result.inputs.boundary_source),
        imprecise_facilities=imprecise_centres(result.sites),
        language=language,
        run_notes=run_notes(result.summary, language),
        class_speeds=result.config.travel.class_speeds(),
    )


def _new_map(result: ScenarioResult) -> tuple[folium.Map, list[list[float]]]:
    """An offline map centred on the run's communes, and the bounds to fit ([[S, W], [N, E]])."""
    west, south, east, north = (float(v) for v in result.communes.total_bounds)
    folium_map = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
    )
    make_offline(folium_map)
    return folium_map, [[south, west], [north, east]]


def map_scenario(
    result: ScenarioResult, *, language: Language | None = None, coverage_minutes: float = 30.0
) -> folium.Map:
    """Map of a scenario: communes coloured by travel minutes, centres, assignments, unserved demand.

    Optional layers (off at first): assignments, demand, coverage, accessibility (communes
    coloured by 2SFCA places per 1,000 persons in need, with their own legend).

    Every text from the run's tables and scenario file is HTML-escaped where it enters the map
    (`escape_run`). The notes state what the run did (`scenario_notes`).

    Parameters
    ----------
    result
        A scenario result.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.
    coverage_minutes
        Travel minutes of the "within reach" layer (communes whose nearest open centre is closer).

    Returns
    -------
    folium.Map
        Works offline (Leaflet inlined); the OpenStreetMap base layer is optional and off.
    """
    lang: Language = language or result.config.outputs.language
    run = escape_run(result)
    folium_map, bounds = _new_map(result)
    folium.TileLayer(
        "OpenStreetMap",
        name=escape_text(label("basemap_layer", lang)),
        overlay=True,
        show=False,
        attr="© OpenStreetMap contributors",
    ).add_to(folium_map)

    add_commune_layer(folium_map, run, lang)
    add_district_layer(folium_map, run, lang)
    add_assignment_layer(folium_map, result, lang)
    add_demand_layer(folium_map, run, lang)
    add_coverage_layer(folium_map, result, lang, coverage_minutes=coverage_minutes)
    add_unserved_layer(folium_map, run, lang)
    add_idle_layer(folium_map, result, run, lang)
    add_programme_layer(folium_map, result, lang)
    add_accessibility_layer(folium_map, run, lang)
    add_centres(folium_map, result, run, lang)

    map_legend(lang, run.title, scenario_notes(result, lang)).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    add_metric_scale(folium_map)
    folium_map.fit_bounds(bounds)
    return folium_map


def map_comparison(
    before: ScenarioResult, after: ScenarioResult, *, language: Language | None = None
) -> folium.Map:
    """Before/after map of two scenarios as toggled layers (radio buttons): communes and centres.

    Parameters
    ----------
    before, after
        Two results on the same communes (e.g. the plan's choice and the optimised plan).
    language
        ``vi`` or ``en``; defaults to `after`'s ``outputs.language``.

    Returns
    -------
    folium.Map
        Works offline; notes of both runs (once when they are the same).
    """
    lang: Language = language or after.config.outputs.language
    folium_map, bounds = _new_map(after)
    notes: dict[str, list[str]] = {}
    runs = {}
    for key, result, show in (("before", before, False), ("after", after, True)):
        run = escape_run(result)
        runs[key] = run
        prefix = escape_text(label(key, lang))
        group = folium.FeatureGroup(name=f"{prefix}: {run.title}", overlay=False, show=show)
        add_commune_layer(group, run, lang)
        add_centres(group, result, run, lang, prefix_html=f"{prefix} · ")
        group.add_to(folium_map)
        notes[key] = scenario_notes(result, lang)
    add_district_layer(folium_map, runs["after"], lang)
    if notes["before"] == notes["after"]:
        legend_notes = notes["after"]
    else:
        legend_notes = [f"{label(key, lang)}: {note}" for key in notes for note in notes[key]]
    title = escape_text(f"{label('before', lang)} / {label('after', lang)}: ") + runs["after"].title
    map_legend(lang, title, legend_notes).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    add_metric_scale(folium_map)
    folium_map.fit_bounds(bounds)
    return folium_map
