"""Legend entries of the print map: travel-minute classes, symbols, and the key of the centres."""

from __future__ import annotations

import math
import textwrap

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from facility_plan.figures.cartography import number_text
from facility_plan.figures.map_layers import DrawnMap, centre_style, unserved_size
from facility_plan.labels import MINUTE_BINS, MINUTE_COLOURS, NO_DATA_COLOUR, Language, label

#: Sample sizes (persons) of the unserved-demand circles shown in the legend.
_UNSERVED_SAMPLES_PERSONS = (1, 5, 10, 20, 50, 100, 200)


def minute_handles(language: Language, any_missing: bool) -> list[Patch]:
    """One swatch per travel-minutes class (`MINUTE_BINS`), plus "not served" when `any_missing`."""
    edges = [*MINUTE_BINS, None]
    unit = label("minutes", language)
    handles = []
    for colour, low, high in zip(MINUTE_COLOURS, edges[:-1], edges[1:], strict=True):
        text = f"{low:g}–{high:g} {unit}" if high is not None else f"≥ {low:g} {unit}"
        handles.append(Patch(facecolor=colour, edgecolor="#777777", linewidth=0.5, label=text))
    if any_missing:
        handles.append(
            Patch(
                facecolor=NO_DATA_COLOUR,
                edgecolor="#777777",
                linewidth=0.5,
                label=label("not_served", language),
            )
        )
    return handles


def centre_kind_label(status: str, ownership: str, language: Language) -> str:
    """``"Cơ sở hiện có – công lập"``: status and ownership of a kind of centre."""
    kind = label("new_centre" if status == "new" else "existing_centre", language)
    try:
        owner = label(ownership, language).lower()
    except KeyError:
        owner = str(ownership)
    return f"{kind} – {owner}"


def symbol_handles(drawn: DrawnMap, language: Language, scale: float) -> list[Line2D]:
    """Centre kinds drawn, two sample unserved circles (persons) and the district boundary."""
    handles = []
    for status, ownership in sorted(drawn.kinds, key=lambda k: (k[0] != "existing", k[1])):
        colour, marker = centre_style(status, ownership)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=8 * scale,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=centre_kind_label(status, ownership, language),
            )
        )
    if len(drawn.unserved_persons):
        largest = float(drawn.unserved_persons.max())
        samples = [v for v in _UNSERVED_SAMPLES_PERSONS if v <= max(largest, 1)][-2:]
        for value in samples:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=math.sqrt(unserved_size(value, scale)),
                    markerfacecolor="white",
                    markeredgecolor="black",
                    label=f"{label('unserved_layer', language)}: {value:g} {label('persons', language)}",
                )
            )
    handles.append(
        Line2D(
            [],
            [],
            color="#303030",
            linewidth=1.3 * scale,
            label=label("district_boundary", language),
        )
    )
    return handles


def centre_key_handles(
    drawn: DrawnMap, language: Language, scale: float, width: int
) -> list[Line2D]:
    """One entry per centre: code, name, places (places), commune and district.

    `width` is the wrap width in characters.
    """
    handles = []
    for site_id, site in drawn.sites.iterrows():
        colour, marker = centre_style(site["status"], site["ownership"])
        name = textwrap.shorten(str(site["name_vi"]), width=2 * width, placeholder="…")
        first = f"{drawn.codes[site_id]}  " + "\n      ".join(textwrap.wrap(name, width))
        details = (
            f"{number_text(site['capacity_places'], language)} {label('places_unit', language)}"
            f" · {site['commune_name_vi']}, {site['district_name_vi']}"
        )
        text = first + "\n      " + "\n      ".join(textwrap.wrap(details, width))
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=7 * scale,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=text,
            )
        )
    return handles
