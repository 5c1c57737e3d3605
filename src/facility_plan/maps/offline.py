"""Maps that work offline: Leaflet inlined from the vendored copy, no CDN, written atomically."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from facility_plan.io import write_text

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
    assert isinstance(root, Figure)  # a folium.Map's root is always the page
    root.header.add_child(Element(f"<style>{_vendored('leaflet.css')}</style>"), name="leaflet_css")
    root.header.add_child(
        Element(f"<script>/* Leaflet 1.9.4\n{licence}*/\n{_vendored('leaflet.js')}</script>"),
        name="leaflet_js",
    )
    # folium's popup template calls jQuery as `$(`<div>…</div>`)[0]`; this shim does only that.
    root.header.add_child(Element(_DOLLAR_SHIM), name="dollar_shim")
    return folium_map


def add_metric_scale(folium_map: folium.Map) -> None:
    """A metric scale bar (km/m) in the lower left corner."""
    scale = MacroElement()  # type: ignore[no-untyped-call]  # branca leaves __init__ untyped
    scale._template = Template(_SCALE_TEMPLATE)
    folium_map.add_child(scale, name="metric_scale")


def write_map(folium_map: folium.Map, path: str | Path) -> Path:
    """Render a map to a self-contained HTML file, atomically.

    Raises
    ------
    ValueError
        If the rendered page still refers to a script or stylesheet on the network.
    """
    page: str = folium_map.get_root().render()
    for marker in ('<script src="http', '<link rel="stylesheet" href="http'):
        if marker in page:
            msg = f"map would load {marker!r} from the network; it must work offline"
            raise ValueError(msg)
    return write_text(path, page)
