"""Interactive folium maps that work offline: Leaflet is inlined from the vendored copy, no CDN.

`map_scenario`, `map_comparison` and `map_robust` (how often a robustness sweep chooses each
site) build the maps, `write_map` writes one to a self-contained
HTML file. Every text from the run reaches the page HTML-escaped (`facility_plan.maps.escaping`).
"""

from facility_plan.maps.escaping import escape_text
from facility_plan.maps.offline import make_offline, write_map
from facility_plan.maps.robust_map import map_robust
from facility_plan.maps.scenario_map import (
    interactive_map_polygons,
    map_comparison,
    map_scenario,
    scenario_notes,
)

__all__ = [
    "escape_text",
    "interactive_map_polygons",
    "make_offline",
    "map_comparison",
    "map_robust",
    "map_scenario",
    "scenario_notes",
    "write_map",
]
