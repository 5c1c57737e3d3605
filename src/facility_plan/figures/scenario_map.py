"""The scenario print map: one page (A4 or A3 landscape) with map, title, legends, key and the run's notes."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from facility_plan.figures.cartography import (
    draw_north_arrow,
    draw_scale_bar,
    figure_style,
    fit_limits,
    new_figure,
    number_text,
    percent_text,
    root_figure,
    stack_legends,
)
from facility_plan.figures.map_layers import draw_map_layers
from facility_plan.figures.map_legend import centre_key_handles, minute_handles, symbol_handles
from facility_plan.labels import Language, label, status_text
from facility_plan.labels.notes import imprecise_centres, map_notes, supplied_boundary_file
from facility_plan.scenario import ScenarioResult
from facility_plan.scenario.plain import run_notes

Paper = Literal["A4", "A3"]

#: Paper sizes in inches, landscape (width, height).
PAPER_SIZES_INCHES: dict[str, tuple[float, float]] = {
    "A4": (297 / 25.4, 210 / 25.4),
    "A3": (420 / 25.4, 297 / 25.4),
}
_MAP_BOX = (0.022, 0.105, 0.665, 0.775)
_PANEL_BOX = (0.705, 0.105, 0.28, 0.775)
#: Notes are written between the page's bottom edge and the map box (figure fraction).
_NOTES_TOP = 0.094
_NOTES_WRAP_CHARS = 190


@dataclass(frozen=True)
class _RunFacts:
    """What the page prints from `ScenarioResult.summary` (read in `_read_summary` only)."""

    centres: int
    places_total: float
    target_places: float | None
    served_persons: float
    demand_persons: float
    mean_travel_minutes: float | None
    status: str
    mip_gap: float | None
    pairs_by_method: Mapping[str, int]


def _read_summary(result: ScenarioResult) -> _RunFacts:
    summary = result.summary
    return _RunFacts(
        centres=int(summary.facilities_total),
        places_total=summary.places_total,
        target_places=summary.target_places,
        served_persons=summary.served_persons,
        demand_persons=summary.demand_persons,
        mean_travel_minutes=summary.mean_travel_minutes,
        status=str(summary.status),
        mip_gap=summary.mip_gap,
        pairs_by_method=dict(summary.travel_model.pairs_by_method),
    )


def _page_notes(result: ScenarioResult, facts: _RunFacts, language: Language) -> list[str]:
    """Notes of the page: boundaries, travel method with pair counts, approximate positions,
    demand basis (estimate with range, or calibrated), pooled capacity or idle places of the
    wrong type, source."""
    return map_notes(
        pairs_by_method=facts.pairs_by_method,
        detour_factor=result.config.travel.detour_factor,
        speed_kmh=result.config.travel.speed_kmh,
        boundary_source=supplied_boundary_file(result.inputs.boundary_source),
        imprecise_facilities=imprecise_centres(result.sites),
        language=language,
        run_notes=run_notes(result.summary, language),
        class_speeds=result.config.travel.class_speeds(),
    )


def plot_scenario_map(
    result: ScenarioResult,
    *,
    paper: Paper = "A4",
    language: Language | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Print map of a scenario: communes coloured by travel minutes to their assigned centre.

    Drawn in the scenario's projected CRS (``config.crs``, metres): the run's commune polygons
    (`ScenarioResult.inputs.cells`, the same as on the interactive map: supplied boundaries where
    given, approximate Voronoi cells otherwise) coloured by mean travel minutes to the assigned
    centre (classes `MINUTE_BINS`), district outlines and names, existing (blue) and proposed (red)
    centres with a marker per ownership (square public, diamond non-public) and codes E1…/N1… as
    on the interactive map, unserved demand as circles (area ∝ persons), a scale bar in km and a
    north arrow. On a new page it adds the title, key figures, legends, a key of the centres and
    notes stating what the run did: the boundary source, the travel method with its pair counts,
    centres drawn at an approximate point, the solver status and the sources.

    Parameters
    ----------
    result
        A scenario result.
    paper
        ``A4`` (297 × 210 mm) or ``A3`` (420 × 297 mm), landscape; A3 is A4 enlarged.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.
    ax
        Draw only the map (with a compact legend) into this axes instead of a new page.

    Returns
    -------
    matplotlib.figure.Figure
        The new page, or the figure of `ax`.

    Raises
    ------
    ValueError
        If `paper` is not ``A4`` or ``A3``.
    """
    lang: Language = language or result.config.outputs.language
    if paper not in PAPER_SIZES_INCHES:
        msg = f"paper must be one of {sorted(PAPER_SIZES_INCHES)}, got {paper!r}"
        raise ValueError(msg)
    with figure_style():
        if ax is not None:
            return _plot_map_into(ax, result, lang)
        return _plot_map_page(result, paper, lang)


def _plot_map_into(ax: Axes, result: ScenarioResult, lang: Language) -> Figure:
    drawn = draw_map_layers(ax, result, 1.0)
    bounds = drawn.cells.total_bounds
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal", adjustable="datalim")
    ax.apply_aspect()
    ax.set_xticks([])
    ax.set_yticks([])
    draw_scale_bar(ax, 1.0)
    draw_north_arrow(ax, result.config.crs, lang, 1.0)
    handles = [
        *minute_handles(lang, bool(drawn.minutes.isna().any())),
        *symbol_handles(drawn, lang, 1.0),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=6.5, framealpha=0.9)
    ax.set_title(result.config.title_vi, fontsize=10)
    return root_figure(ax)


def _plot_map_page(result: ScenarioResult, paper: Paper, lang: Language) -> Figure:
    scale = PAPER_SIZES_INCHES[paper][0] / PAPER_SIZES_INCHES["A4"][0]
    fig = new_figure(PAPER_SIZES_INCHES[paper])
    ax = fig.add_axes(_MAP_BOX)
    drawn = draw_map_layers(ax, result, scale)
    width_in, height_in = fig.get_size_inches()
    box_aspect = (_MAP_BOX[3] * height_in) / (_MAP_BOX[2] * width_in)
    xlim, ylim = fit_limits(drawn.cells.total_bounds, box_aspect)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_linewidth(0.8 * scale)
    draw_scale_bar(ax, scale)
    draw_north_arrow(ax, result.config.crs, lang, scale)

    facts = _read_summary(result)
    fig.text(
        0.022,
        0.965,
        "\n".join(textwrap.wrap(result.config.title_vi, 110)),
        fontsize=15 * scale,
        fontweight="bold",
        va="top",
    )
    subtitle = label("map_subtitle", lang).format(
        centres=facts.centres,
        places=number_text(facts.places_total, lang),
        target=number_text(facts.target_places, lang),
        served=number_text(facts.served_persons, lang),
        demand=number_text(facts.demand_persons, lang),
        minutes=number_text(facts.mean_travel_minutes, lang, 1),
    )
    province = getattr(result.config, "province_name_vi", None)
    fig.text(
        0.022,
        0.912,
        f"{province} · {subtitle}" if province else subtitle,
        fontsize=10 * scale,
        va="top",
        color="#222222",
    )

    panel = fig.add_axes(_PANEL_BOX)
    panel.axis("off")
    n_sites = len(drawn.sites)
    fontsize = (7.6 if n_sites <= 8 else 6.6 if n_sites <= 14 else 5.8) * scale
    stack_legends(
        panel,
        [
            (label("travel_minutes", lang), minute_handles(lang, bool(drawn.minutes.isna().any()))),
            (label("symbols", lang), symbol_handles(drawn, lang, scale)),
            (label("centres_key", lang), centre_key_handles(drawn, lang, scale, 44)),
        ],
        fontsize,
    )

    solver = label("solver_line", lang).format(
        status=status_text(facts.status, language=lang),
        gap=percent_text(facts.mip_gap, lang) if facts.mip_gap is not None else "–",
    )
    notes = _page_notes(result, facts, lang)
    lines = [
        line
        for note in [*notes[:-1], solver, notes[-1]]
        for line in textwrap.wrap(note, _NOTES_WRAP_CHARS)
    ]
    spacing = min(0.024, (_NOTES_TOP - 0.006) / max(len(lines), 1))
    for row, line in enumerate(lines):
        fig.text(
            0.022, _NOTES_TOP - row * spacing, line, fontsize=7.2 * scale, color="#333333", va="top"
        )
    return fig
