"""The robustness map: candidate sites sized and coloured by how often the draws choose them (folium, offline)."""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from facility_plan.labels import EXISTING_COLOUR, Language, format_number, format_percent, label
from facility_plan.maps.escaping import escape_text, escaped_copy, popup_html
from facility_plan.maps.legend import LEGEND_STYLE, legend_element
from facility_plan.maps.offline import add_metric_scale, make_offline
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps import RobustResult

#: Sequential palette of selection frequency (ColorBrewer YlOrRd), one colour per fifth of draws.
FREQUENCY_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Lighter fills of the districts by the share of draws that put a new centre there.
DISTRICT_COLOURS = ("#f7f7f7", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c")
_ROBUST_STYLE = (
    "<style>.fp-robust-legend{max-width:380px;max-height:62vh;overflow-y:auto}"
    ".fp-robust-legend i.fp-dot{border:1px solid #555}</style>"
)


def frequency_colour(share: float, colours: tuple[str, ...] = FREQUENCY_COLOURS) -> str:
    """The colour of a share of draws (0–1): one class per fifth, the last one closed at 100 %.

    Examples
    --------
    >>> frequency_colour(0.0), frequency_colour(0.2), frequency_colour(1.0)
    ('#ffffb2', '#fecc5c', '#bd0026')
    """
    index = min(int(np.floor(max(share, 0.0) * len(colours))), len(colours) - 1)
    return colours[index]


def site_radius(share: float) -> float:
    """Circle radius (pixels) of a site chosen in `share` (0–1) of the draws: area grows with it."""
    return float(5.0 + 14.0 * np.sqrt(max(share, 0.0)))


def _share_text(draws: float, samples: int, share: float, lang: Language) -> str:
    return label("robust_chosen_value", lang).format(
        draws=format_number(draws, language=lang),
        samples=format_number(samples, language=lang),
        share=format_percent(share, decimals=0, language=lang),
    )


def add_district_frequency(
    parent: folium.Map, result: RobustResult, cells: pd.DataFrame, lang: Language
) -> None:
    """Districts (commune polygons dissolved) filled by the share of draws with a new centre there."""
    frequency = result.district_frequency.set_index("district_code")
    districts = cells[["district_code", "district_name_vi", "geometry"]].dissolve(
        by="district_code"
    )
    draws = frequency["draws_with_new_centre"].reindex(districts.index).fillna(0.0)
    shares = frequency["share"].reindex(districts.index).fillna(0.0)
    districts = districts.assign(
        fill=[frequency_colour(float(s), DISTRICT_COLOURS) for s in shares],
        tooltip=[
            f"<b>{name}</b>: "
            + escape_text(
                label("robust_district_tooltip", lang).format(
                    draws=format_number(float(d), language=lang),
                    samples=format_number(result.samples, language=lang),
                    share=format_percent(float(s), decimals=0, language=lang),
                )
            )
            for name, d, s in zip(districts["district_name_vi"], draws, shares, strict=True)
        ],
    )
    layer = folium.FeatureGroup(name=escape_text(label("robust_districts_layer", lang)), show=True)
    folium.GeoJson(
        districts.reset_index()[["fill", "tooltip", "geometry"]].to_json(),
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#222222",
            "weight": 2.0,
            "fillOpacity": 0.55,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(layer)
    layer.add_to(parent)


def add_commune_outlines(parent: folium.Map, cells: pd.DataFrame, lang: Language) -> None:
    """Commune polygons as thin outlines (no fill, so the district tooltips stay reachable)."""
    layer = folium.FeatureGroup(name=escape_text(label("commune", lang)), show=True)
    folium.GeoJson(
        cells[["geometry"]].to_json(),
        style_function=lambda _feature: {"fill": False, "color": "#8c8c8c", "weight": 0.5},
    ).add_to(layer)
    layer.add_to(parent)


def add_existing_centres(parent: folium.Map, facilities: pd.DataFrame, lang: Language) -> None:
    """Existing centres as blue dots, tooltip: name, places and commune."""
    layer = folium.FeatureGroup(name=escape_text(label("existing_centre", lang)), show=True)
    for _, centre in facilities.iterrows():
        tooltip = popup_html(
            str(centre["name_vi"]),
            [
                (
                    label("capacity", lang),
                    format_number(float(centre["capacity_places"]), language=lang),
                )
            ],
        )
        folium.CircleMarker(
            [centre.geometry.y, centre.geometry.x],
            radius=7,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=EXISTING_COLOUR,
            fill_opacity=1.0,
            tooltip=tooltip,
        ).add_to(layer)
    layer.add_to(parent)


def add_site_frequency(parent: folium.Map, result: RobustResult, lang: Language) -> None:
    """Candidate sites ever chosen: circles sized and coloured by the share of draws choosing them."""
    sites = escaped_copy(result.site_frequency).sort_values("chosen_share", ascending=False)
    layer = folium.FeatureGroup(name=escape_text(label("robust_sites_layer", lang)), show=True)
    for _, site in sites.iterrows():
        share = float(site["chosen_share"])
        if not (np.isfinite(site["lat"]) and np.isfinite(site["lon"])):
            continue
        tooltip = popup_html(
            str(site["commune_name_vi"]),
            [
                (label("district", lang), str(site["district_name_vi"])),
                (
                    label("robust_chosen", lang),
                    escape_text(
                        _share_text(float(site["chosen_draws"]), result.samples, share, lang)
                    ),
                ),
                (label("col_most_frequent_tier", lang), escape_text(site["most_frequent_tier"])),
            ],
        )
        folium.CircleMarker(
            [float(site["lat"]), float(site["lon"])],
            radius=site_radius(share),
            color="#67000d",
            weight=1.5,
            fill=True,
            fill_color=frequency_colour(share),
            fill_opacity=0.9,
            tooltip=tooltip,
            class_name="fp-robust-site",
        ).add_to(layer)
    layer.add_to(parent)


def robust_legend_html(result: RobustResult, lang: Language) -> str:
    """The legend: frequency classes, symbols, draws and seed, compared scenario, the verdict."""
    swatches = []
    for index, colour in enumerate(FREQUENCY_COLOURS):
        low, high = index * 20, (index + 1) * 20
        text = f"{low}–{high} %" if index < len(FREQUENCY_COLOURS) - 1 else f"{low}–100 %"
        swatches.append(
            f"<div><i class='fp-dot' style='background:{colour}'></i>{escape_text(text)}</div>"
        )
    districts = "".join(
        f"<span style='background:{colour};margin-right:0'></span>" for colour in DISTRICT_COLOURS
    )
    swatches.append(
        f"<div>{escape_text(label('robust_districts_layer', lang))}:<br>"
        f"0 %&nbsp;{districts}&nbsp;100 % "
        f"<small>({escape_text(label('robust_district_classes', lang))})</small></div>"
        f"<div><i class='fp-dot' style='background:{EXISTING_COLOUR}'></i>"
        f"{escape_text(label('existing_centre', lang))}</div>"
    )
    notes = [
        label("robust_legend_size", lang),
        label("robust_legend_draws", lang).format(samples=result.samples, seed=result.seed),
    ]
    verdict = "".join(f"<li>{escape_text(line)}</li>" for line in result.verdict(lang))
    return (
        "<div id='fp-legend' class='fp-legend fp-robust-legend'>"
        f"<b>{escape_text(label('robust_legend_title', lang))}</b>{''.join(swatches)}"
        + "".join(f"<p>{escape_text(note)}</p>" for note in notes)
        + f"<p><b>{escape_text(label('h_robustness', lang))}</b></p>"
        f"<ul style='margin:2px 0 0 16px;padding:0;font-size:11px'>{verdict}</ul></div>"
    )


def map_robust(
    result: RobustResult, prepared: PreparedScenario, *, language: Language | None = None
) -> folium.Map:
    """Map of a robustness result on the scenario's communes, districts and existing centres.

    Districts are filled by the share of draws that put a new centre there; every candidate
    site that some draw chose is a circle whose size and colour grow with the share of draws
    choosing it (tooltip: commune, district, draws, most frequent size tier); the legend holds
    the classes, the draws and the verdict. Text from the inputs is HTML-escaped.

    Parameters
    ----------
    result
        The robustness result (`facility_plan.sweeps.run_robust`).
    prepared
        The scenario it was computed on (its inputs give the polygons and centres).
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.

    Returns
    -------
    folium.Map
        Works offline (Leaflet inlined); the OpenStreetMap base layer is optional and off.
    """
    lang: Language = language or prepared.config.outputs.language
    inputs = prepared.inputs
    cells = escaped_copy(inputs.cells)
    west, south, east, north = (float(v) for v in cells.total_bounds)
    folium_map = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=10,
        tiles=None,
        control_scale=False,
    )
    make_offline(folium_map)
    folium.TileLayer(
        "OpenStreetMap",
        name=escape_text(label("basemap_layer", lang)),
        overlay=True,
        show=False,
        attr="© OpenStreetMap contributors",
    ).add_to(folium_map)
    add_district_frequency(folium_map, result, cells, lang)
    add_commune_outlines(folium_map, cells, lang)
    add_existing_centres(folium_map, escaped_copy(inputs.facilities), lang)
    add_site_frequency(folium_map, result, lang)
    title = escape_text(label("robust_map_title", lang).format(title=prepared.config.title_vi))
    body = robust_legend_html(result, lang) + f"<div id='fp-title' class='fp-title'>{title}</div>"
    legend_element(LEGEND_STYLE + _ROBUST_STYLE, body).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    add_metric_scale(folium_map)
    folium_map.fit_bounds([[south, west], [north, east]], padding_bottom_right=(400, 0))
    return folium_map
