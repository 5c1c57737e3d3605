"""The centres layers of the interactive maps: existing and proposed centres; idle places by type."""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from facility_plan.labels import (
    EXISTING_COLOUR,
    NEW_COLOUR,
    Language,
    centre_codes,
    format_number,
    is_missing,
    label,
)
from facility_plan.labels.notes import location_precision_text
from facility_plan.maps.escaping import EscapedRun, escape_text, popup_html
from facility_plan.maps.layers import Parent
from facility_plan.scenario import ScenarioResult


def _number_html(value: float | None, lang: Language, *, decimals: int = 0, unit: str = "") -> str:
    """A formatted number (and unit label), or "none" when missing or infinite."""
    if value is None or is_missing(value) or not np.isfinite(float(value)):
        return escape_text(label("no_data", lang))
    number = format_number(float(value), decimals=decimals, language=lang)
    return f"{number} {escape_text(unit)}" if unit else number


def centre_popup_rows(
    site: pd.Series,
    *,
    catchment_minutes: float | None,
    occupancy_persons: float | None,
    lang: Language,
    wrong_type: bool = False,
) -> list[tuple[str, str]]:
    """``(label, value HTML)`` rows of a centre's popup; `site` is a row of `EscapedRun.sites`.

    Parameters
    ----------
    site
        The centre (escaped text, numbers as is).
    catchment_minutes
        Longest travel (minutes) of the persons it serves, or None.
    occupancy_persons
        Residents today (persons) for an existing centre, or None.
    lang
        ``vi`` or ``en``.
    wrong_type
        True when the centre's type takes none of the people left unserved: its idle places
        are shown as "idle places of the wrong type".
    """
    minutes = label("minutes", lang)
    rows = [
        (label("type", lang), escape_text(label(site["facility_type"], lang))),
        (label("ownership", lang), escape_text(label(site["ownership"], lang))),
        (label("capacity", lang), _number_html(site["capacity_places"], lang)),
        (label("assigned", lang), _number_html(site["assigned_persons"], lang, decimals=1)),
        (
            label("mean_minutes", lang),
            _number_html(site["mean_travel_minutes"], lang, decimals=1, unit=minutes),
        ),
        (label("occupancy", lang), _number_html(occupancy_persons, lang)),
        (
            label("catchment_minutes", lang),
            _number_html(catchment_minutes, lang, decimals=1, unit=minutes),
        ),
        (label("commune", lang), f"{site['commune_name_vi']}, {site['district_name_vi']}"),
        (
            label("location_precision", lang),
            escape_text(location_precision_text(str(site["location_precision"]), language=lang)),
        ),
    ]
    idle = float(site["capacity_places"]) - float(site["assigned_persons"])
    idle_key = "col_idle_wrong_type" if wrong_type and idle > 0.5 else "col_idle"
    rows.insert(4, (label(idle_key, lang), _number_html(max(idle, 0.0), lang, decimals=1)))
    if site["status"] == "new":
        rows.insert(2, (label("size_tier", lang), str(site["tier_id"])))
    return rows


def wrong_type_kinds(result: ScenarioResult) -> set[str]:
    """Centre types whose idle places none of the people left unserved may use."""
    return {
        row.facility_type
        for row in result.summary.capacity_by_type
        if row.idle_wrong_type_places > 0.5
    }


def add_idle_layer(parent: Parent, result: ScenarioResult, run: EscapedRun, lang: Language) -> None:
    """A layer of idle places: one circle per centre with empty places, area ∝ idle places.

    Red where the centre's type takes none of the people left unserved (places of the wrong
    type), grey otherwise; the tooltip states the type, idle places and whether they are of the
    wrong type.
    """
    wrong = wrong_type_kinds(result)
    layer = folium.FeatureGroup(name=escape_text(label("idle_layer", lang)), show=bool(wrong))
    sites = run.sites
    for _, site in sites.iterrows():
        idle = float(site["capacity_places"]) - float(site["assigned_persons"])
        if idle <= 0.5:
            continue
        is_wrong = str(site["facility_type"]) in wrong
        key = "col_idle_wrong_type" if is_wrong else "col_idle"
        tooltip = (
            f"{escape_text(label(str(site['facility_type']), lang))}: "
            f"{escape_text(label(key, lang))} {format_number(idle, language=lang)}"
        )
        folium.CircleMarker(
            [site.geometry.y, site.geometry.x],
            radius=float(4.0 + np.sqrt(idle)),
            color="#b2182b" if is_wrong else "#777777",
            weight=2,
            fill=True,
            fill_opacity=0.25,
            tooltip=tooltip,
        ).add_to(layer)
    layer.add_to(parent)


def add_centres(
    parent: Parent,
    result: ScenarioResult,
    run: EscapedRun,
    lang: Language,
    *,
    prefix_html: str = "",
) -> None:
    """Two layers, existing and proposed centres: a coded marker each, name tooltip, details popup.

    Parameters
    ----------
    parent
        Map or group to add the layers to.
    result
        The run (numbers: assignments, occupancy).
    run
        The run's escaped tables (text).
    lang
        ``vi`` or ``en``.
    prefix_html
        HTML put before the layer names (e.g. "Trước · ").
    """
    served = result.assignments.dropna(subset=["site_id"])
    catchment = served.groupby("site_id")["travel_minutes"].max()
    wrong = wrong_type_kinds(result)
    occupancy = result.inputs.facilities.get("occupancy_persons")
    codes = centre_codes(run.sites)
    for status, layer_key, colour in (
        ("existing", "existing_centre", EXISTING_COLOUR),
        ("new", "new_centre", NEW_COLOUR),
    ):
        layer = folium.FeatureGroup(
            name=prefix_html + escape_text(label(layer_key, lang)), show=True
        )
        sites = run.sites[run.sites["status"] == status]
        for site_id, site in sites.iterrows():
            rows = centre_popup_rows(
                site,
                catchment_minutes=catchment.get(site_id),
                occupancy_persons=occupancy.get(site_id)
                if occupancy is not None and status == "existing"
                else None,
                lang=lang,
                wrong_type=str(site["facility_type"]) in wrong,
            )
            icon = folium.DivIcon(
                html=(
                    f"<div class='fp-centre fp-{escape_text(status)} "
                    f"fp-{escape_text(site['ownership'])} "
                    f"fp-type-{escape_text(site['facility_type'])}' "
                    f"data-site-id='{site['site_id']}' style='background:{colour}' "
                    f"title='{escape_text(label(site['facility_type'], lang))}'>"
                    f"<span>{escape_text(codes[site_id])}</span></div>"
                ),
                icon_size=(22, 22),
                icon_anchor=(11, 11),
            )
            folium.Marker(
                [site.geometry.y, site.geometry.x],
                icon=icon,
                popup=folium.Popup(
                    folium.Html(popup_html(site["name_vi"], rows), script=True), max_width=380
                ),
                tooltip=site["name_vi"],
            ).add_to(layer)
        layer.add_to(parent)
