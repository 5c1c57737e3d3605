"""The optional accessibility layer of the scenario map: communes coloured by 2SFCA, with its own legend."""

from __future__ import annotations

import json
from typing import Any

import folium
import geopandas as gpd
import numpy as np
from branca.element import MacroElement
from jinja2 import Template

from facility_plan.labels import NO_DATA_COLOUR, Language, format_number, format_percent, label
from facility_plan.maps.escaping import EscapedRun, escape_text, popup_html
from facility_plan.maps.legend import legend_element
from facility_plan.scenario.access import CATCHMENT_MINUTES, WITHIN_MINUTES

#: Sequential palette (light: few places within reach; dark: many), ColorBrewer YlGnBu.
ACCESS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
ACCESS_COLUMN = "access_2sfca_places_per_1000"
LEGEND_ID = "fp-access-legend"
_TOGGLE_TEMPLATE = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var layer = {{ this.layer_name }};
  function show(on) {
    var box = document.getElementById("{{ this.legend_id }}");
    if (box) { box.style.display = on ? "block" : "none"; }
  }
  map.on("overlayadd", function (e) { if (e.layer === layer) { show(true); } });
  map.on("overlayremove", function (e) { if (e.layer === layer) { show(false); } });
})();
{% endmacro %}
"""


def access_breaks(values: np.ndarray) -> list[float]:
    """Upper class limits for `ACCESS_COLOURS` (places per 1,000): quintiles, rounded, distinct.

    Examples
    --------
    >>> access_breaks(np.array([0.0, 100.0, 200.0, 300.0, 400.0, 500.0]))
    [100.0, 200.0, 300.0, 400.0]
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return []
    quantiles = np.quantile(finite, [0.2, 0.4, 0.6, 0.8])
    rounded = sorted({float(np.round(q, -1 if q >= 100 else 0)) for q in quantiles})
    return [q for q in rounded if finite.min() < q < finite.max()]


def _class_colour(index: int, breaks: list[float]) -> str:
    """The colour of class `index` of ``len(breaks) + 1`` classes, spread over `ACCESS_COLOURS`."""
    if not breaks:
        return ACCESS_COLOURS[len(ACCESS_COLOURS) // 2]
    return ACCESS_COLOURS[round(index * (len(ACCESS_COLOURS) - 1) / len(breaks))]


def access_colour(value: float, breaks: list[float]) -> str:
    """The fill colour of `value` (places per 1,000) for class limits `breaks`; grey when missing."""
    if not np.isfinite(value):
        return NO_DATA_COLOUR
    return _class_colour(int(np.searchsorted(np.asarray(breaks), value, side="right")), breaks)


def _number(value: float, lang: Language, unit: str = "", decimals: int = 1) -> str:
    if not np.isfinite(value):
        return escape_text(label("no_data", lang))
    text = format_number(value, decimals=decimals, language=lang)
    return f"{text} {escape_text(unit)}" if unit else text


def access_features(run: EscapedRun, lang: Language, breaks: list[float]) -> list[dict[str, Any]]:
    """GeoJSON features: each commune polygon with its fill colour and a tooltip of its figures."""
    communes = run.communes
    geometries = json.loads(gpd.GeoSeries(run.cells.geometry).to_json())["features"]
    per_1000 = label("unit_places_per_1000", lang)
    features = []
    for admin_code, geometry in zip(run.cells.index, geometries, strict=True):
        row = communes.loc[admin_code]
        value = float(row[ACCESS_COLUMN])
        rows = [
            (label("district", lang), str(row["district_name_vi"])),
            ("2SFCA", _number(value, lang, per_1000)),
            ("E2SFCA", _number(float(row["access_e2sfca_places_per_1000"]), lang, per_1000)),
            (
                label("access_nearest", lang),
                _number(float(row["access_nearest_minutes"]), lang, label("minutes", lang)),
            ),
        ]
        for minutes in WITHIN_MINUTES:
            share = float(row[f"access_share_within_{int(minutes)}_minutes"])
            rows.append(
                (
                    label("access_within", lang).format(minutes=f"{minutes:g}"),
                    format_percent(share, language=lang)
                    if np.isfinite(share)
                    else escape_text(label("no_data", lang)),
                )
            )
        features.append(
            {
                "type": "Feature",
                "id": str(admin_code),
                "properties": {
                    "fill": access_colour(value, breaks),
                    "tooltip": popup_html(str(row["name_vi"]), rows),
                },
                "geometry": geometry["geometry"],
            }
        )
    return features


def access_legend_html(lang: Language, breaks: list[float]) -> str:
    """The layer's legend box (hidden until the layer is shown): classes, unit, catchment."""
    swatches = []
    for index in range(len(breaks) + 1):
        low = format_number(breaks[index - 1], language=lang) if index > 0 else None
        high = format_number(breaks[index], language=lang) if index < len(breaks) else None
        if low is None:
            text = f"< {high}" if high is not None else ""
        elif high is None:
            text = f"≥ {low}"
        else:
            text = f"{low}–{high}"
        swatches.append(
            f"<div><span style='background:{_class_colour(index, breaks)}'></span>"
            f"{escape_text(text)}</div>"
        )
    note = label("access_legend_note", lang).format(catchment=f"{CATCHMENT_MINUTES:g}")
    return (
        f"<div id='{LEGEND_ID}' class='fp-legend fp-access-legend' style='display:none'>"
        f"<b>{escape_text(label('access_legend_title', lang))}</b>{''.join(swatches)}"
        f"<div><span style='background:{NO_DATA_COLOUR}'></span>"
        f"{escape_text(label('no_data', lang))}</div><p>{escape_text(note)}</p></div>"
    )


def add_accessibility_layer(parent: folium.Map, run: EscapedRun, lang: Language) -> None:
    """Communes coloured by 2SFCA (places per 1,000 persons in need), off at first, with a legend
    shown only while the layer is on; tooltips give the commune's name and every access figure."""
    if ACCESS_COLUMN not in run.communes.columns:
        return
    values = run.communes[ACCESS_COLUMN].to_numpy(dtype=float)
    breaks = access_breaks(values)
    layer = folium.FeatureGroup(name=escape_text(label("access_layer", lang)), show=False)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": access_features(run, lang, breaks)},
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(layer)
    layer.add_to(parent)
    style = "<style>.fp-access-legend{right:auto;left:12px;bottom:48px}</style>"
    legend_element(style, access_legend_html(lang, breaks)).add_to(parent)
    parent.add_child(_LegendToggle(layer.get_name()), name="access_legend_toggle")


class _LegendToggle(MacroElement):
    """A script that shows the layer's legend while the layer is on and hides it otherwise."""

    _template = Template(_TOGGLE_TEMPLATE)

    def __init__(self, layer_name: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ untyped
        self._name = "AccessLegendToggle"
        self.layer_name = layer_name
        self.legend_id = LEGEND_ID
