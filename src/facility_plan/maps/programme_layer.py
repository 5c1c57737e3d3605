"""Map layer of the community programme: communes without social-work staff or below the target."""

from __future__ import annotations

import folium

from facility_plan.labels import Language, label
from facility_plan.maps.escaping import escape_text
from facility_plan.scenario import ScenarioResult

# Fill colour per programme status of a commune (see `ProgrammeResult.commune_status`).
PROGRAMME_STATUS_COLOURS = {
    "no_staff": "#d73027",
    "below_target": "#fc8d59",
    "meets_target": "#1a9850",
    "no_data": "#bdbdbd",
}


def add_programme_layer(parent: folium.Map, result: ScenarioResult, lang: Language) -> None:
    """Communes coloured by social-work staff and case-management coverage (programme runs only).

    Each commune's tooltip names it and says its status: no social-work staff, staff below the
    case-management target of the last programme year, target met, or no staff data supplied.
    """
    if result.programme is None:
        return
    status = result.programme.commune_status()
    cells = result.inputs.cells.join(status[["map_status"]], how="inner")
    if cells.empty:
        return
    names = result.communes["name_vi"].reindex(cells.index).fillna("")
    cells = cells.assign(
        tooltip=[
            f"{escape_text(name)}: {escape_text(label(f'programme_status_{code}', lang))}"
            for name, code in zip(names, cells["map_status"], strict=True)
        ]
    )
    layer = folium.FeatureGroup(name=escape_text(label("programme_layer", lang)), show=False)
    folium.GeoJson(
        cells[["map_status", "tooltip", "geometry"]].to_json(),
        style_function=lambda feature: {
            "fillColor": PROGRAMME_STATUS_COLOURS.get(
                feature["properties"]["map_status"], "#bdbdbd"
            ),
            "color": "#555555",
            "weight": 0.5,
            "fillOpacity": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(layer)
    layer.add_to(parent)
