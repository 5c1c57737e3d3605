"""Interactive folium maps that work offline: Leaflet is inlined from the vendored copy, no CDN."""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, MacroElement, Template

from facility_plan.io import write_text
from facility_plan.labels import (
    EXISTING_COLOUR,
    MINUTE_BINS,
    MINUTE_COLOURS,
    NEW_COLOUR,
    Language,
    format_number,
    label,
    minutes_colour,
)
from facility_plan.scenario import ScenarioResult

_DOLLAR_SHIM = """<script>
window.$ = window.$ || function (markup) {
  var template = document.createElement("template");
  template.innerHTML = String(markup).trim();
  return Array.prototype.slice.call(template.content.childNodes);
};
</script>"""
_SCALE_TEMPLATE = """
{% macro script(this, kwargs) %}
L.control.scale({metric: true, imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


def escape_text(text: object) -> str:
    """Escape user text for HTML that folium places inside a JavaScript template literal.

    Besides ``& < > " '`` this escapes the backtick and ``$`` so that a name such as
    ``${alert(1)}`` or `` `); alert(1); (` `` stays text.
    """
    return html.escape(str(text), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def _vendored(name: str) -> str:
    return (
        resources.files("facility_plan")
        .joinpath("_vendor", "leaflet", name)
        .read_text(encoding="utf-8")
    )


def make_offline(folium_map: folium.Map) -> folium.Map:
    """Drop folium's CDN scripts and styles and inline the vendored Leaflet (BSD-2-Clause) instead.

    Only plain Leaflet features are used by this package's maps (GeoJSON, circle markers,
    DivIcon markers, layer and scale controls), so jQuery, Bootstrap and Font Awesome are not
    needed. The Leaflet licence is kept in a comment next to the inlined code.
    """
    folium_map.default_js = []
    folium_map.default_css = []
    licence = _vendored("LICENSE").replace("*/", "* /")
    root = folium_map.get_root()
    root.header.add_child(Element(f"<style>{_vendored('leaflet.css')}</style>"), name="leaflet_css")
    root.header.add_child(
        Element(f"<script>/* Leaflet 1.9.4\n{licence}*/\n{_vendored('leaflet.js')}</script>"),
        name="leaflet_js",
    )
    # folium's popup template calls jQuery as `$(`<div>…</div>`)[0]`; this shim does only that.
    root.header.add_child(Element(_DOLLAR_SHIM), name="dollar_shim")
    return folium_map


def _popup_html(rows: list[tuple[str, str]], title: str) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{escape_text(key)}</th>"
        f"<td>{escape_text(value)}</td></tr>"
        for key, value in rows
    )
    return f"<b>{escape_text(title)}</b><table class='fp-popup'>{cells}</table>"


def _legend(language: Language, title_text: str, notes: list[str]) -> MacroElement:
    swatches = []
    edges = [*MINUTE_BINS, None]
    for colour, low, high in zip(MINUTE_COLOURS, edges[:-1], edges[1:], strict=True):
        text = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
        swatches.append(
            f"<div><span style='background:{colour}'></span>{escape_text(text)} "
            f"{escape_text(label('minutes', language))}</div>"
        )
    swatches.append(
        f"<div><i style='background:{EXISTING_COLOUR}' class='fp-dot'></i>"
        f"{escape_text(label('existing_centre', language))}</div>"
        f"<div><i style='background:{NEW_COLOUR}' class='fp-dot'></i>"
        f"{escape_text(label('new_centre', language))}</div>"
        f"<div><i class='fp-dot'></i>{escape_text(label('public', language))} · "
        f"<i class='fp-dot fp-diamond'></i>{escape_text(label('non_public', language))}</div>"
    )
    note_html = "".join(f"<p>{escape_text(note)}</p>" for note in notes)
    body = (
        "<div id='fp-legend' class='fp-legend'>"
        f"<b>{escape_text(label('travel_minutes', language))}</b>{''.join(swatches)}{note_html}</div>"
        f"<div id='fp-title' class='fp-title'>{escape_text(title_text)}</div>"
    )
    style = """
    <style>
      .fp-legend{position:fixed;bottom:24px;right:12px;z-index:1000;background:#fff;padding:8px 10px;
        border:1px solid #888;border-radius:4px;font:12px/1.35 Arial,sans-serif;max-width:300px}
      .fp-legend span{display:inline-block;width:14px;height:12px;margin-right:6px;border:1px solid #555}
      .fp-legend .fp-dot{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;
        background:#777}
      .fp-legend .fp-diamond{border-radius:2px;transform:rotate(45deg);width:10px;height:10px}
      .fp-legend p{margin:4px 0 0 0;color:#444;font-size:11px}
      .fp-title{position:fixed;top:10px;left:60px;z-index:1000;background:rgba(255,255,255,.92);
        padding:6px 10px;border:1px solid #888;border-radius:4px;font:bold 15px Arial,sans-serif;max-width:60%}
      .fp-centre{border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px #000;color:#fff;
        font:bold 11px/22px Arial,sans-serif;text-align:center;width:22px;height:22px}
      .fp-centre.fp-non_public{border-radius:3px;transform:rotate(45deg)}
      .fp-centre.fp-non_public span{display:inline-block;transform:rotate(-45deg)}
      .fp-popup th,.fp-popup td{font:12px Arial,sans-serif;vertical-align:top}
      .leaflet-container{background:#eef2f5}
      @media print{.leaflet-control-layers{display:none}}
    </style>
    """
    template = Template(
        "{% macro header(this, kwargs) %}" + style + "{% endmacro %}"
        "{% macro html(this, kwargs) %}" + body + "{% endmacro %}"
    )
    element = MacroElement()
    element._template = template
    return element


def map_scenario(
    result: ScenarioResult, *, language: Language | None = None, coverage_minutes: float = 30.0
) -> folium.Map:
    """Map of a scenario: communes coloured by travel minutes, centres, assignments, unserved demand.

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
    communes = result.communes
    cells = result.inputs.cells
    approximate = bool((cells["boundary_quality"] == "approximate").any())
    bounds = communes.total_bounds
    folium_map = folium.Map(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
    )
    make_offline(folium_map)
    folium.TileLayer(
        "OpenStreetMap",
        name=label("basemap_layer", lang),
        overlay=True,
        show=False,
        attr="© OpenStreetMap contributors",
    ).add_to(folium_map)

    _add_commune_layer(folium_map, result, cells, lang)
    _add_district_layer(folium_map, cells, lang)
    _add_assignment_layer(folium_map, result, lang)
    _add_demand_layer(folium_map, result, lang)
    _add_coverage_layer(folium_map, result, cells, lang, coverage_minutes=coverage_minutes)
    _add_unserved_layer(folium_map, result, lang)
    _add_centres(folium_map, result, lang)

    travel = result.config.travel
    notes = [
        *([label("approximate_note", lang)] if approximate else []),
        label("travel_note", lang).format(detour=travel.detour_factor, speed=travel.speed_kmh),
        label("source_note", lang),
    ]
    _legend(lang, result.config.title_vi, notes).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    scale = MacroElement()
    scale._template = Template(_SCALE_TEMPLATE)
    folium_map.add_child(scale, name="metric_scale")
    folium_map.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return folium_map


def _add_commune_layer(
    folium_map: folium.Map | folium.FeatureGroup,
    result: ScenarioResult,
    cells: gpd.GeoDataFrame,
    lang: Language,
) -> None:
    communes = result.communes
    site_names = result.sites["name_vi"]
    features = []
    for admin_code, cell in cells.iterrows():
        row = communes.loc[admin_code]
        minutes = (
            float(row["mean_travel_minutes"]) if np.isfinite(row["mean_travel_minutes"]) else np.nan
        )
        main = row["main_site_id"]
        tooltip = _popup_html(
            [
                (label("district", lang), str(row["district_name_vi"])),
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
                    str(site_names.get(main, label("no_data", lang)))
                    if isinstance(main, str)
                    else label("no_data", lang),
                ),
                (
                    label("mean_minutes", lang),
                    f"{format_number(minutes, decimals=1, language=lang)} {label('minutes', lang)}"
                    if np.isfinite(minutes)
                    else label("no_data", lang),
                ),
            ],
            str(row["name_vi"]),
        )
        features.append(
            {
                "type": "Feature",
                "id": admin_code,
                "properties": {"fill": minutes_colour(minutes), "tooltip": tooltip},
                "geometry": json.loads(gpd.GeoSeries([cell.geometry]).to_json())["features"][0][
                    "geometry"
                ],
            }
        )
    layer = folium.FeatureGroup(name=label("communes_layer", lang), show=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.75,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(layer)
    layer.add_to(folium_map)


def _add_district_layer(folium_map: folium.Map, cells: gpd.GeoDataFrame, lang: Language) -> None:
    districts = cells[["district_code", "district_name_vi", "geometry"]].dissolve(
        by="district_code"
    )
    layer = folium.FeatureGroup(name=label("districts_layer", lang), show=True)
    folium.GeoJson(
        districts.reset_index().to_json(),
        style_function=lambda _feature: {"fill": False, "color": "#222222", "weight": 2.2},
        tooltip=folium.GeoJsonTooltip(fields=["district_name_vi"], labels=False),
    ).add_to(layer)
    layer.add_to(folium_map)


def _add_assignment_layer(folium_map: folium.Map, result: ScenarioResult, lang: Language) -> None:
    served = (
        result.assignments.dropna(subset=["site_id"])
        .groupby(["admin_code", "site_id"], as_index=False)["demand_persons"]
        .sum()
    )
    communes = result.communes
    sites = result.sites
    layer = folium.FeatureGroup(name=label("assignment_layer", lang), show=False)
    for row in served.itertuples(index=False):
        start = communes.geometry.loc[row.admin_code]
        end = sites.geometry.loc[row.site_id]
        colour = NEW_COLOUR if sites.loc[row.site_id, "status"] == "new" else EXISTING_COLOUR
        folium.PolyLine(
            [[start.y, start.x], [end.y, end.x]],
            color=colour,
            weight=1 + min(4.0, row.demand_persons / 5),
            opacity=0.6,
        ).add_to(layer)
    layer.add_to(folium_map)


def _add_demand_layer(folium_map: folium.Map, result: ScenarioResult, lang: Language) -> None:
    layer = folium.FeatureGroup(name=label("demand_layer", lang), show=False)
    for _, row in result.communes.iterrows():
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
            tooltip=escape_text(
                f"{row['name_vi']}: {format_number(persons, decimals=1, language=lang)} "
                f"{label('persons', lang)}"
            ),
        ).add_to(layer)
    layer.add_to(folium_map)


def _add_coverage_layer(
    folium_map: folium.Map,
    result: ScenarioResult,
    cells: gpd.GeoDataFrame,
    lang: Language,
    *,
    coverage_minutes: float,
) -> None:
    nearest = result.communes["nearest_open_minutes"]
    covered = cells.loc[nearest.index[nearest <= coverage_minutes]]
    layer = folium.FeatureGroup(
        name=label("coverage_layer", lang).format(minutes=f"{coverage_minutes:g}"), show=False
    )
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
    layer.add_to(folium_map)


def _add_unserved_layer(folium_map: folium.Map, result: ScenarioResult, lang: Language) -> None:
    communes = result.communes
    unserved = communes[communes["unserved_persons"] > 0.05]
    layer = folium.FeatureGroup(name=label("unserved_layer", lang), show=True)
    for _, row in unserved.iterrows():
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x],
            radius=3 + 2 * float(np.sqrt(row["unserved_persons"])),
            color="#000000",
            weight=1,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=0.7,
            tooltip=escape_text(
                f"{row['name_vi']}: {format_number(row['unserved_persons'], decimals=1, language=lang)} "
                f"{label('persons', lang)} {label('unserved', lang).lower()}"
            ),
        ).add_to(layer)
    layer.add_to(folium_map)


def _add_centres(
    folium_map: folium.Map | folium.FeatureGroup,
    result: ScenarioResult,
    lang: Language,
    *,
    prefix: str = "",
) -> None:
    served = result.assignments.dropna(subset=["site_id"])
    catchment = served.groupby("site_id")["travel_minutes"].max()
    occupancy = result.inputs.facilities.get("occupancy_persons")
    for status, layer_key, colour in (
        ("existing", "existing_centre", EXISTING_COLOUR),
        ("new", "new_centre", NEW_COLOUR),
    ):
        layer = folium.FeatureGroup(name=prefix + label(layer_key, lang), show=True)
        sites = result.sites[result.sites["status"] == status]
        for number, (site_id, site) in enumerate(sites.iterrows(), start=1):
            known_occupancy = (
                occupancy.get(site_id) if occupancy is not None and status == "existing" else None
            )
            rows = [
                (label("type", lang), label(site["facility_type"], lang)),
                (label("ownership", lang), label(site["ownership"], lang)),
                (label("capacity", lang), format_number(site["capacity_places"], language=lang)),
                (
                    label("assigned", lang),
                    format_number(site["assigned_persons"], decimals=1, language=lang),
                ),
                (
                    label("mean_minutes", lang),
                    f"{format_number(site['mean_travel_minutes'], decimals=1, language=lang)} "
                    f"{label('minutes', lang)}"
                    if np.isfinite(site["mean_travel_minutes"])
                    else label("no_data", lang),
                ),
                (
                    label("occupancy", lang),
                    format_number(float(known_occupancy), language=lang)
                    if known_occupancy is not None and np.isfinite(float(known_occupancy))
                    else label("no_data", lang),
                ),
                (
                    label("catchment_minutes", lang),
                    f"{format_number(float(catchment[site_id]), decimals=1, language=lang)} "
                    f"{label('minutes', lang)}"
                    if site_id in catchment.index
                    else label("no_data", lang),
                ),
                (label("commune", lang), f"{site['commune_name_vi']}, {site['district_name_vi']}"),
                (
                    label("location_precision", lang),
                    label(site["location_precision"], lang)
                    if site["location_precision"] != "commune"
                    else label("commune", lang),
                ),
            ]
            if status == "new":
                rows.insert(2, (label("size_tier", lang), str(site["tier_id"])))
            marker_text = ("E" if status == "existing" else "N") + str(number)
            icon = folium.DivIcon(
                html=(
                    f"<div class='fp-centre fp-{status} fp-{escape_text(site['ownership'])} "
                    f"fp-type-{escape_text(site['facility_type'])}' "
                    f"data-site-id='{escape_text(site_id)}' style='background:{colour}' "
                    f"title='{escape_text(label(site['facility_type'], lang))}'>"
                    f"<span>{escape_text(marker_text)}</span></div>"
                ),
                icon_size=(22, 22),
                icon_anchor=(11, 11),
            )
            folium.Marker(
                [site.geometry.y, site.geometry.x],
                icon=icon,
                popup=folium.Popup(
                    folium.Html(_popup_html(rows, str(site["name_vi"])), script=True), max_width=380
                ),
                tooltip=escape_text(str(site["name_vi"])),
            ).add_to(layer)
        layer.add_to(folium_map)


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
    """
    lang: Language = language or after.config.outputs.language
    bounds = after.communes.total_bounds
    folium_map = folium.Map(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=False,
    )
    make_offline(folium_map)
    for key, result, show in (("before", before, False), ("after", after, True)):
        name = f"{label(key, lang)}: {result.config.title_vi}"
        group = folium.FeatureGroup(name=name, overlay=False, show=show)
        _add_commune_layer(group, result, result.inputs.cells, lang)
        _add_centres(group, result, lang, prefix=f"{label(key, lang)} · ")
        group.add_to(folium_map)
    _add_district_layer(folium_map, after.inputs.cells, lang)
    title = f"{label('before', lang)} / {label('after', lang)}: {after.config.title_vi}"
    _legend(lang, title, [label("source_note", lang)]).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    scale = MacroElement()
    scale._template = Template(_SCALE_TEMPLATE)
    folium_map.add_child(scale, name="metric_scale")
    folium_map.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return folium_map


def write_map(folium_map: folium.Map, path: str | Path) -> Path:
    """Render a map to a self-contained HTML file, atomically.

    Raises
    ------
    ValueError
        If the rendered page still refers to a script or stylesheet on the network.
    """
    page = folium_map.get_root().render()
    for marker in ('<script src="http', '<link rel="stylesheet" href="http'):
        if marker in page:
            msg = f"map would load {marker!r} from the network; it must work offline"
            raise ValueError(msg)
    return write_text(path, page)
