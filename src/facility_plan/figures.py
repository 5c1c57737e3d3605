"""Static matplotlib figures for print: the scenario map (A4/A3 landscape), targets vs plan, budget curve.

Figures are built on `matplotlib.figure.Figure` with the Agg canvas, never through `pyplot`, so no
global figure state is created or leaked. Every ``plot_*`` function takes ``ax=None`` and returns
the `Figure` it drew on; none of them shows or saves. Files are written by `write_figure`
(temporary file in the same folder, then `os.replace`), and `render_report_figures` renders
the set of figures a report needs to bytes, for `facility_plan.report` to write and embed.

Text uses DejaVu Sans, which has every Vietnamese glyph; PDFs embed it as TrueType (selectable text).
"""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.ticker import (
    FixedLocator,
    FuncFormatter,
    MaxNLocator,
    NullFormatter,
    NullLocator,
)
from pyproj import Transformer

from facility_plan.io import compute_approximate_cells
from facility_plan.labels import (
    EXISTING_COLOUR,
    MINUTE_BINS,
    MINUTE_COLOURS,
    NEW_COLOUR,
    NO_DATA_COLOUR,
    Language,
    format_number,
    label,
    minutes_colour,
)
from facility_plan.scenario import ScenarioResult

Paper = Literal["A4", "A3"]

OWNERSHIP_MARKERS = {"public": "s", "non_public": "D"}
DEFAULT_MARKER = "o"

#: Paper sizes in inches, landscape (width, height).
PAPER_SIZES_INCHES: dict[str, tuple[float, float]] = {
    "A4": (297 / 25.4, 210 / 25.4),
    "A3": (420 / 25.4, 297 / 25.4),
}
PNG_DPI = 200
_RC = {
    "font.family": "DejaVu Sans",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": True,
    "hatch.linewidth": 0.6,
}
_HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
_SCALE_BAR_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500)


def centre_codes(sites: pd.DataFrame) -> pd.Series:
    """Short codes of open centres, as on the interactive map: existing ``E1, E2…``, new ``N1, N2…``.

    Parameters
    ----------
    sites
        `ScenarioResult.sites` (``status`` existing / new), in its order.

    Returns
    -------
    pandas.Series
        Code by the sites' index.
    """
    codes = {}
    for status, prefix in (("existing", "E"), ("new", "N")):
        members = sites.index[sites["status"] == status]
        codes.update({site: f"{prefix}{number}" for number, site in enumerate(members, start=1)})
    return pd.Series(codes, dtype=object).reindex(sites.index)


# ── shared helpers ───────────────────────────────────────────────────────────────────────────


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(_RC):
        yield


def _new_figure(size_inches: tuple[float, float]) -> Figure:
    figure = Figure(figsize=size_inches, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _fmt(value: float, language: Language, decimals: int = 0) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return format_number(value, decimals=decimals, language=language)


def _percent(share: float, language: Language) -> str:
    decimals = 0 if abs(share * 100 - round(share * 100)) < 1e-9 else 1
    return f"{format_number(share * 100, decimals=decimals, language=language)} %"


def _status_text(status: str, language: Language) -> str:
    try:
        text = label(f"solve_status_{status}", language)
    except KeyError:
        text = status
    return text if status == "optimal" else f"{text} ({label('not_proven_optimal', language)})"


def _geometry_path(geometry: Any) -> MplPath | None:
    """A matplotlib path of a (multi)polygon's rings, holes included (even-odd fill)."""
    paths = []
    for polygon in shapely.get_parts(geometry):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)[:, :2]
            codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
            codes[0] = MplPath.MOVETO
            codes[-1] = MplPath.CLOSEPOLY
            paths.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*paths) if paths else None


def figure_bytes(fig: Figure, fmt: Literal["png", "pdf"], *, dpi: int = PNG_DPI) -> bytes:
    """Render a figure to PNG (`dpi` dots per inch) or PDF bytes, at its own size (no cropping).

    PDFs carry no creation date, so the same figure gives the same bytes.
    """
    buffer = BytesIO()
    metadata: dict[str, Any] = {"CreationDate": None} if fmt == "pdf" else {"Software": None}
    with _style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_figure(
    fig: Figure, path: str | Path, *, formats: Sequence[Literal["png", "pdf"]] = ("png", "pdf")
) -> list[Path]:
    """Write a figure as PNG (200 dpi) and/or PDF, each atomically (temporary file, then rename).

    Parameters
    ----------
    fig
        The figure.
    path
        Target path; its suffix is replaced by each format's (``out/map_A4`` → ``map_A4.png``,
        ``map_A4.pdf``).
    formats
        ``png`` and/or ``pdf``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of `formats`.
    """
    target = Path(path)
    return [_write_bytes(target.with_suffix(f".{fmt}"), figure_bytes(fig, fmt)) for fmt in formats]


# ── scenario map ─────────────────────────────────────────────────────────────────────────────


def _fit_limits(
    bounds: Sequence[float], box_aspect: float, margin: float = 0.04
) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits around `bounds` whose height/width ratio equals `box_aspect` (equal scale)."""
    x0, y0, x1, y1 = bounds
    width, height = (x1 - x0) * (1 + 2 * margin), (y1 - y0) * (1 + 2 * margin)
    if height / width < box_aspect:
        height = width * box_aspect
    else:
        width = height / box_aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - width / 2, cx + width / 2), (cy - height / 2, cy + height / 2)


def _label_point(polygon: Any, avoid: np.ndarray) -> tuple[float, float]:
    """A point inside `polygon` (a shapely polygon) for its name, clear of the ellipses in `avoid`.

    `avoid` has rows ``x, y, radius_x, radius_y`` (metres): centres and names already placed. The
    representative point is used when it is clear; otherwise the inner grid point that is most
    clear, preferring points deep inside the polygon.
    """
    start = polygon.representative_point()

    def clearance_of(x: float, y: float) -> float:
        if len(avoid) == 0:
            return 1.0
        distance = np.hypot((avoid[:, 0] - x) / avoid[:, 2], (avoid[:, 1] - y) / avoid[:, 3])
        return float(min(np.min(distance), 1.0))

    if clearance_of(start.x, start.y) >= 1.0:
        return start.x, start.y
    x0, y0, x1, y1 = polygon.bounds
    grid_x, grid_y = np.meshgrid(np.linspace(x0, x1, 25), np.linspace(y0, y1, 25))
    best, best_score = (start.x, start.y), -1.0
    boundary = polygon.boundary
    size = max(x1 - x0, y1 - y0)
    for x, y in zip(grid_x.ravel(), grid_y.ravel(), strict=True):
        point = shapely.Point(x, y)
        if not polygon.contains(point):
            continue
        depth = float(boundary.distance(point)) / size
        score = clearance_of(x, y) + min(depth, 0.25)
        if score > best_score:
            best, best_score = (float(x), float(y)), score
    return best


_ADMIN_PREFIXES = ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Thị trấn ")


def _wrap_place_name(name: str, width: int = 15) -> str:
    """Break a long unit name after its prefix ("Thành phố\nNinh Bình"), else by words."""
    if len(name) <= width:
        return name
    for prefix in _ADMIN_PREFIXES:
        if name.startswith(prefix):
            return prefix.strip() + "\n" + "\n".join(textwrap.wrap(name[len(prefix) :], width))
    return "\n".join(textwrap.wrap(name, width))


def _unserved_size(persons: float, scale: float) -> float:
    """Marker area (points²) of an unserved-demand circle for `persons`."""
    return float((scale * (3 + 2 * math.sqrt(max(persons, 0.0)))) ** 2)


def _draw_scale_bar(ax: Axes, scale: float) -> None:
    """Alternating black/white scale bar in km, lower left; the axes are in a metric CRS."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width, height = x1 - x0, y1 - y0
    length_km = max([k for k in _SCALE_BAR_KM if k * 1000 <= 0.22 * width] or [_SCALE_BAR_KM[0]])
    segments = 4 if length_km in (2, 20, 200) else 5 if length_km in (5, 50, 500) else 2
    left, bottom = x0 + 0.035 * width, y0 + 0.045 * height
    bar_height = 0.011 * height
    ax.add_patch(
        Rectangle(
            (left - 0.015 * width, bottom - 0.025 * height),
            length_km * 1000 + 0.055 * width,
            0.085 * height,
            facecolor="white",
            edgecolor="#888888",
            linewidth=0.5,
            alpha=0.9,
            zorder=8,
        )
    )
    step = length_km * 1000 / segments
    for index in range(segments):
        ax.add_patch(
            Rectangle(
                (left + index * step, bottom),
                step,
                bar_height,
                facecolor="black" if index % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.6,
                zorder=9,
            )
        )
    for position, text in ((0, "0"), (segments, f"{length_km:g} km")):
        ax.text(
            left + position * step,
            bottom + bar_height + 0.008 * height,
            text,
            ha="center" if position == 0 else "left",
            va="bottom",
            fontsize=7.5 * scale,
            zorder=9,
        )
    if segments > 2:
        middle = segments // 2
        ax.text(
            left + middle * step,
            bottom + bar_height + 0.008 * height,
            f"{length_km * middle / segments:g}",
            ha="center",
            va="bottom",
            fontsize=7.5 * scale,
            zorder=9,
        )


def _draw_north_arrow(ax: Axes, crs: str, language: Language, scale: float) -> None:
    """North arrow, upper right, turned to true north (grid convergence of the projected CRS)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width, height = x1 - x0, y1 - y0
    to_geographic = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    to_projected = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    base_x, base_y = x1 - 0.06 * width, y1 - 0.17 * height
    lon, lat = to_geographic.transform(base_x, base_y)
    north_x, north_y = to_projected.transform(lon, min(lat + 0.05, 89.9))
    angle = math.atan2(north_x - base_x, north_y - base_y)
    length = 0.09 * height
    tip = (base_x + length * math.sin(angle), base_y + length * math.cos(angle))
    ax.annotate(
        "",
        xy=tip,
        xytext=(base_x, base_y),
        arrowprops={
            "arrowstyle": "-|>,head_length=0.8,head_width=0.4",
            "linewidth": 2.2 * scale,
            "color": "black",
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=9,
    )
    ax.text(
        tip[0],
        tip[1] + 0.012 * height,
        label("north_letter", language),
        ha="center",
        va="bottom",
        fontsize=12 * scale,
        fontweight="bold",
        path_effects=_HALO,
        zorder=9,
    )


def _centre_style(status: str, ownership: str) -> tuple[str, str]:
    colour = NEW_COLOUR if status == "new" else EXISTING_COLOUR
    return colour, OWNERSHIP_MARKERS.get(ownership, DEFAULT_MARKER)


def _centre_kind_label(status: str, ownership: str, language: Language) -> str:
    kind = label("new_centre" if status == "new" else "existing_centre", language)
    try:
        owner = label(ownership, language).lower()
    except KeyError:
        owner = str(ownership)
    return f"{kind} – {owner}"


def _draw_map_layers(ax: Axes, result: ScenarioResult, scale: float) -> dict[str, Any]:
    """Cells, districts, unserved circles and centres on `ax` (in `config.crs`); returns legend data."""
    crs = result.config.crs
    communes = result.communes
    cells = compute_approximate_cells(communes, crs=crs).to_crs(crs)
    minutes = communes["mean_travel_minutes"].reindex(cells.index).astype(float)
    patches, colours = [], []
    for geometry, value in zip(cells.geometry, minutes, strict=True):
        path = _geometry_path(geometry)
        if path is not None:
            patches.append(PathPatch(path))
            colours.append(minutes_colour(value))
    ax.add_collection(
        PatchCollection(
            patches,
            facecolors=colours,
            edgecolors="white",
            linewidths=0.35 * scale,
            zorder=1,
            match_original=False,
        )
    )
    districts = cells[["district_code", "district_name_vi", "geometry"]].dissolve(
        by="district_code"
    )
    projected_sites = result.sites.to_crs(crs)
    site_points = np.column_stack([projected_sites.geometry.x, projected_sites.geometry.y])
    bounds = cells.total_bounds
    map_width = float(max(bounds[2] - bounds[0], bounds[3] - bounds[1]))
    for _, district in districts.iterrows():
        path = _geometry_path(district.geometry)
        if path is not None:
            ax.add_patch(
                PathPatch(
                    path, facecolor="none", edgecolor="#303030", linewidth=1.3 * scale, zorder=3
                )
            )
    # Names: small districts first (they have the least room), clear of centres and other names.
    avoid = [(x, y, 0.06 * map_width, 0.05 * map_width) for x, y in site_points]
    for _, district in districts.iloc[np.argsort(districts.area.to_numpy())].iterrows():
        point = _label_point(district.geometry, np.array(avoid).reshape(-1, 4))
        avoid.append((point[0], point[1], 0.12 * map_width, 0.045 * map_width))
        ax.text(
            point[0],
            point[1],
            _wrap_place_name(str(district["district_name_vi"])),
            ha="center",
            va="center",
            fontsize=7 * scale,
            fontstyle="italic",
            color="#333333",
            path_effects=_HALO,
            zorder=4,
        )

    projected = communes.to_crs(crs)
    unserved = projected[projected["unserved_persons"] > 0.05]
    if not unserved.empty:
        ax.scatter(
            unserved.geometry.x,
            unserved.geometry.y,
            s=[_unserved_size(p, scale) for p in unserved["unserved_persons"]],
            facecolors=(1, 1, 1, 0.55),
            edgecolors="black",
            linewidths=0.9 * scale,
            zorder=5,
        )

    sites = result.sites.to_crs(crs)
    codes = centre_codes(sites)
    kinds: dict[tuple[str, str], None] = {}
    for site_id, site in sites.iterrows():
        colour, marker = _centre_style(site["status"], site["ownership"])
        kinds[(site["status"], site["ownership"])] = None
        ax.scatter(
            [site.geometry.x],
            [site.geometry.y],
            s=(9.5 * scale) ** 2,
            marker=marker,
            c=colour,
            edgecolors="white",
            linewidths=1.3 * scale,
            zorder=7,
        )
        ax.annotate(
            codes[site_id],
            (site.geometry.x, site.geometry.y),
            xytext=(6 * scale, 5 * scale),
            textcoords="offset points",
            fontsize=9 * scale,
            fontweight="bold",
            color=colour,
            path_effects=_HALO,
            zorder=8,
        )
    return {
        "cells": cells,
        "minutes": minutes,
        "sites": sites,
        "codes": codes,
        "kinds": list(kinds),
        "unserved": unserved["unserved_persons"],
    }


def _minute_handles(language: Language, any_missing: bool) -> list[Patch]:
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


def _symbol_handles(drawn: dict[str, Any], language: Language, scale: float) -> list[Line2D]:
    handles = []
    for status, ownership in sorted(drawn["kinds"], key=lambda k: (k[0] != "existing", k[1])):
        colour, marker = _centre_style(status, ownership)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=8 * scale,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=_centre_kind_label(status, ownership, language),
            )
        )
    unserved = drawn["unserved"]
    if len(unserved):
        largest = float(unserved.max())
        samples = [v for v in (1, 5, 10, 20, 50, 100, 200) if v <= max(largest, 1)][-2:]
        for value in samples:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=math.sqrt(_unserved_size(value, scale)),
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


def _centre_key_handles(
    drawn: dict[str, Any], language: Language, scale: float, width: int
) -> list[Line2D]:
    sites = drawn["sites"]
    handles = []
    for site_id, site in sites.iterrows():
        colour, marker = _centre_style(site["status"], site["ownership"])
        name = textwrap.shorten(str(site["name_vi"]), width=2 * width, placeholder="…")
        first = f"{drawn['codes'][site_id]}  " + "\n      ".join(textwrap.wrap(name, width))
        details = (
            f"{_fmt(site['capacity_places'], language)} {label('places_unit', language)}"
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


def _stack_legends(
    panel: Axes, groups: Sequence[tuple[str, list[Any]]], fontsize: float
) -> list[Legend]:
    """Legends one under the other in `panel` (axes coordinates), top to bottom."""
    renderer = panel.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    top = 1.0
    legends = []
    for title, handles in groups:
        legend = Legend(
            panel,
            handles,
            [h.get_label() for h in handles],
            loc="upper left",
            bbox_to_anchor=(0.0, top),
            bbox_transform=panel.transAxes,
            frameon=False,
            title=title,
            fontsize=fontsize,
            title_fontproperties={"size": fontsize * 1.1, "weight": "bold"},
            alignment="left",
            borderaxespad=0.0,
            handletextpad=0.6,
            labelspacing=0.45,
        )
        panel.add_artist(legend)
        legends.append(legend)
        extent = legend.get_window_extent(renderer).transformed(panel.transAxes.inverted())
        top = extent.y0 - 0.035
    return legends


def plot_scenario_map(
    result: ScenarioResult,
    *,
    paper: Paper = "A4",
    language: Language | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Print map of a scenario: communes coloured by travel minutes to their assigned centre.

    Drawn in the scenario's projected CRS (``config.crs``, metres): approximate commune cells
    (Voronoi) coloured by mean travel minutes to the assigned centre (classes `MINUTE_BINS`),
    district outlines and names, existing (blue) and proposed (red) centres with a marker per
    ownership (square public, diamond non-public) and codes E1…/N1… as on the interactive map,
    unserved demand as circles (area ∝ persons), a scale bar in km and a north arrow. On a new
    page it adds the title, key figures, legends, a key of the centres and the source, travel and
    "approximate boundaries" notes.

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
    """
    lang: Language = language or result.config.outputs.language
    if paper not in PAPER_SIZES_INCHES:
        msg = f"paper must be one of {sorted(PAPER_SIZES_INCHES)}, got {paper!r}"
        raise ValueError(msg)
    with _style():
        if ax is not None:
            return _plot_map_into(ax, result, lang)
        return _plot_map_page(result, paper, lang)


def _plot_map_into(ax: Axes, result: ScenarioResult, lang: Language) -> Figure:
    drawn = _draw_map_layers(ax, result, 1.0)
    bounds = drawn["cells"].total_bounds
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal", adjustable="datalim")
    ax.apply_aspect()
    ax.set_xticks([])
    ax.set_yticks([])
    _draw_scale_bar(ax, 1.0)
    _draw_north_arrow(ax, result.config.crs, lang, 1.0)
    handles = [*_minute_handles(lang, bool(drawn["minutes"].isna().any()))]
    handles += _symbol_handles(drawn, lang, 1.0)
    ax.legend(handles=handles, loc="lower right", fontsize=6.5, framealpha=0.9)
    ax.set_title(result.config.title_vi, fontsize=10)
    figure = ax.figure
    return figure if isinstance(figure, Figure) else figure.figure  # type: ignore[return-value]


def _plot_map_page(result: ScenarioResult, paper: Paper, lang: Language) -> Figure:
    scale = PAPER_SIZES_INCHES[paper][0] / PAPER_SIZES_INCHES["A4"][0]
    fig = _new_figure(PAPER_SIZES_INCHES[paper])
    map_box = (0.022, 0.105, 0.665, 0.775)
    ax = fig.add_axes(map_box)
    drawn = _draw_map_layers(ax, result, scale)
    width_in, height_in = fig.get_size_inches()
    box_aspect = (map_box[3] * height_in) / (map_box[2] * width_in)
    xlim, ylim = _fit_limits(drawn["cells"].total_bounds, box_aspect)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_linewidth(0.8 * scale)
    _draw_scale_bar(ax, scale)
    _draw_north_arrow(ax, result.config.crs, lang, scale)

    summary = result.summary
    fig.text(
        0.022,
        0.965,
        "\n".join(textwrap.wrap(result.config.title_vi, 110)),
        fontsize=15 * scale,
        fontweight="bold",
        va="top",
    )
    subtitle = label("map_subtitle", lang).format(
        centres=summary["facilities_total"],
        places=_fmt(summary["places_total"], lang),
        target=_fmt(summary["target_places"], lang),
        served=_fmt(summary["served_persons"], lang),
        demand=_fmt(summary["demand_persons"], lang),
        minutes=_fmt(summary["mean_travel_minutes"], lang, 1),
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

    panel = fig.add_axes((0.705, 0.105, 0.28, 0.775))
    panel.axis("off")
    n_sites = len(drawn["sites"])
    fontsize = (7.6 if n_sites <= 8 else 6.6 if n_sites <= 14 else 5.8) * scale
    _stack_legends(
        panel,
        [
            (
                label("travel_minutes", lang),
                _minute_handles(lang, bool(drawn["minutes"].isna().any())),
            ),
            (label("symbols", lang), _symbol_handles(drawn, lang, scale)),
            (label("centres_key", lang), _centre_key_handles(drawn, lang, scale, 44)),
        ],
        fontsize,
    )

    travel = result.config.travel
    gap = summary.get("mip_gap")
    notes = [
        label("approximate_note", lang),
        label("travel_note", lang).format(
            detour=_fmt(travel.detour_factor, lang, 1), speed=_fmt(travel.speed_kmh, lang)
        )
        + "  "
        + label("solver_line", lang).format(
            status=_status_text(str(summary["status"]), lang),
            gap=_percent(gap, lang) if gap is not None else "–",
        ),
        label("source_note", lang),
    ]
    for row, note in enumerate(notes):
        fig.text(0.022, 0.072 - row * 0.024, note, fontsize=7.2 * scale, color="#333333", va="top")
    return fig


# ── charts ───────────────────────────────────────────────────────────────────────────────────


def _axes_or_new(ax: Axes | None, size_inches: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    if ax is not None:
        figure = ax.figure
        return figure, ax, False  # type: ignore[return-value]
    figure = _new_figure(size_inches)
    return figure, figure.add_subplot(), True


def _budget_label(value_vnd: float, language: Language) -> str:
    billions = value_vnd / 1e9
    decimals = 0 if abs(billions - round(billions)) < 1e-9 else 1
    return format_number(billions, decimals=decimals, language=language)


def plot_pareto(
    frame: pd.DataFrame,
    *,
    x: str = "budget_vnd",
    y: str = "served_persons",
    language: Language = "vi",
    ax: Axes | None = None,
) -> Figure:
    """Budget (VND) against people served (persons) from a budget sweep, each point labelled.

    Parameters
    ----------
    frame
        One row per budget: ``budget_vnd`` (VND), ``served_persons``, ``unserved_persons``
        (persons), ``status`` (solver status) and ``new_sites`` (text or count). Points whose
        status is not ``optimal`` are drawn hollow; rows without a value of `y` (infeasible
        budgets) are marked × on the axis.
    x, y
        Columns to plot; a column ending in ``_vnd`` is shown in billions of VND.
    language
        ``vi`` or ``en``.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with _style():
        fig, axes, new = _axes_or_new(ax, (9.0, 5.6))
        data = frame.sort_values(x).reset_index(drop=True)
        xs = data[x].astype(float)
        ys = pd.to_numeric(data[y], errors="coerce").astype(float)
        solved = ys.notna()
        axes.plot(xs[solved], ys[solved], color=NEW_COLOUR, linewidth=1.8, zorder=2)
        status = (
            data["status"].astype(str)
            if "status" in data.columns
            else pd.Series("optimal", index=data.index)
        )
        optimal = solved & (status == "optimal")
        axes.scatter(xs[optimal], ys[optimal], s=45, color=NEW_COLOUR, zorder=3)
        other = solved & ~optimal
        if other.any():
            axes.scatter(
                xs[other],
                ys[other],
                s=45,
                facecolors="white",
                edgecolors=NEW_COLOUR,
                zorder=3,
                label=label("not_proven_optimal", language),
            )
        floor = float(ys[solved].min()) if solved.any() else 0.0
        for index in data.index[~solved]:
            axes.scatter([xs[index]], [floor], marker="x", s=50, color="#444444", zorder=3)
            axes.annotate(
                label("infeasible", language),
                (xs[index], floor),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                fontsize=7.5,
                color="#444444",
            )
        for order, index in enumerate(data.index[solved]):
            text = _fmt(ys[index], language)
            sites = data.at[index, "new_sites"] if "new_sites" in data.columns else None
            if isinstance(sites, str) and sites:
                text += "\n" + "\n".join(textwrap.wrap(sites, 28)[:3])
            elif isinstance(sites, (int, float, np.integer, np.floating)) and np.isfinite(sites):
                text += f"\n{int(sites)} {label('new_centre', language).lower()}"
            axes.annotate(
                text,
                (xs[index], ys[index]),
                xytext=(0, 8 if order % 2 == 0 else -10),
                textcoords="offset points",
                ha="center",
                va="bottom" if order % 2 == 0 else "top",
                fontsize=7.5,
                path_effects=_HALO,
            )
        if x.endswith("_vnd"):
            axes.xaxis.set_major_formatter(
                FuncFormatter(lambda v, _pos: _budget_label(v, language))
            )
            axes.set_xlabel(label("budget_axis", language))
        else:
            axes.set_xlabel(x)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _fmt(v, language)))
        axes.set_ylabel(
            label("served_axis", language)
            if y == "served_persons"
            else label("unserved_axis", language)
            if y == "unserved_persons"
            else y
        )
        axes.margins(x=0.08, y=0.25)
        axes.grid(True, color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if new:
            axes.set_title(
                label("pareto_title", language), fontsize=12, fontweight="bold", loc="left"
            )
            if other.any():
                axes.legend(loc="lower right", fontsize=8, frameon=False)
            fig.tight_layout()
    return fig


_SHARE_ROWS = ("case_management_share", "service_share", "comprehensive_share")


def compute_target_rows(targets: pd.DataFrame, *, language: Language = "vi") -> pd.DataFrame:
    """Target-vs-plan pairs per year, as drawn by `plot_targets`.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``measure`` (label), ``target`` and ``plan`` (places or persons).
    """
    rows = []
    for record in targets.sort_values("year").to_dict(orient="records"):
        year = int(record["year"])

        def present(key: str, record: Mapping[str, Any] = record) -> bool:
            value = record.get(key)
            return value is not None and not (isinstance(value, float) and math.isnan(value))

        if present("places_target"):
            rows.append(
                (year, label("row_places", language), record["places_target"], record["places"])
            )
        for key in _SHARE_ROWS:
            if present(f"{key}_target"):
                share = float(record[f"{key}_target"])
                rows.append(
                    (
                        year,
                        label(f"row_{key}", language).format(share=_percent(share, language)),
                        share * float(record["people_in_need_persons"]),
                        record["residents_served_persons"],
                    )
                )
        if present("staff_trained_target_persons") and present(
            "staff_needed_in_facilities_persons"
        ):
            rows.append(
                (
                    year,
                    label("row_staff", language),
                    record["staff_trained_target_persons"],
                    record["staff_needed_in_facilities_persons"],
                )
            )
    return pd.DataFrame(rows, columns=["year", "measure", "target", "plan"]).astype(
        {"target": float, "plan": float}
    )


def plot_targets(
    targets: pd.DataFrame, *, language: Language = "vi", ax: Axes | None = None
) -> Figure:
    """Plan targets against what the plan delivers, per year (dot pairs on a log scale).

    One row per target and year (see `compute_target_rows`): places target vs places in the plan;
    people in need × target share (counselling / case management, assistance, comprehensive care)
    vs residents served; staff-trained target vs staff needed in the centres. The line joining the
    pair is green where the plan reaches the target and red where it falls short; both values are
    printed. A log scale keeps hundreds of places and tens of thousands of people readable.

    Parameters
    ----------
    targets
        `ScenarioResult.targets`.
    language
        ``vi`` or ``en``.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rows = compute_target_rows(targets, language=language)
    with _style():
        fig, axes, new = _axes_or_new(ax, (10.0, 1.9 + 0.62 * max(len(rows), 1)))
        if rows.empty:
            axes.text(
                0.5,
                0.5,
                label("no_data", language),
                ha="center",
                va="center",
                transform=axes.transAxes,
            )
            axes.set_axis_off()
            return fig
        positions = np.arange(len(rows))[::-1].astype(float)
        for position, row in zip(positions, rows.itertuples(index=False), strict=True):
            reached = row.plan >= row.target
            axes.plot(
                [row.target, row.plan],
                [position, position],
                color="#1a9850" if reached else "#d73027",
                linewidth=2.4,
                zorder=1,
                alpha=0.8,
            )
            axes.scatter(
                [row.target],
                [position],
                s=70,
                facecolors="white",
                edgecolors="#333333",
                linewidths=1.6,
                zorder=3,
            )
            axes.scatter([row.plan], [position], s=70, color=EXISTING_COLOUR, zorder=4)
            left_is_target = row.target <= row.plan
            for value, is_target in ((row.target, True), (row.plan, False)):
                on_left = is_target == left_is_target
                axes.annotate(
                    _fmt(value, language),
                    (value, position),
                    xytext=(-9 if on_left else 9, 0),
                    textcoords="offset points",
                    ha="right" if on_left else "left",
                    va="center",
                    fontsize=8.5,
                    color="#333333" if is_target else EXISTING_COLOUR,
                    fontweight="normal" if is_target else "bold",
                    path_effects=_HALO,
                )
        axes.set_yticks(positions)
        axes.set_yticklabels(
            [f"{row.year} · {row.measure}" for row in rows.itertuples(index=False)], fontsize=8.5
        )
        axes.set_xscale("log")
        low = float(np.nanmin(rows[["target", "plan"]].to_numpy()))
        high = float(np.nanmax(rows[["target", "plan"]].to_numpy()))
        axes.set_xlim(low / 2.2, high * 2.2)
        ticks = [
            m * 10**e
            for e in range(0, 8)
            for m in (1, 2, 5)
            if low / 2.2 <= m * 10**e <= high * 2.2
        ]
        axes.xaxis.set_major_locator(FixedLocator(ticks))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _fmt(v, language)))
        axes.xaxis.set_minor_locator(NullLocator())
        axes.xaxis.set_minor_formatter(NullFormatter())
        axes.set_ylim(-0.7, len(rows) - 0.3)
        axes.grid(True, axis="x", color="#e3e3e3", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        axes.tick_params(axis="y", length=0)
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor="#333333",
                label=label("target_marker", language),
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                color=EXISTING_COLOUR,
                label=label("plan_marker", language),
            ),
        ]
        if new:
            axes.set_title(
                label("targets_title", language), fontsize=12, fontweight="bold", loc="left", pad=24
            )
            axes.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                ncols=2,
                frameon=False,
                fontsize=8.5,
            )
            fig.text(
                0.01,
                0.012,
                label("targets_note", language),
                fontsize=7.5,
                color="#444444",
                va="bottom",
            )
            fig.tight_layout(rect=(0, 0.05, 1, 1))
        else:
            axes.legend(handles=handles, loc="best", fontsize=7.5)
    return fig


# ── figure sets for the report ───────────────────────────────────────────────────────────────


def render_report_figures(
    result: ScenarioResult,
    *,
    pareto: pd.DataFrame | None = None,
    language: Language | None = None,
) -> dict[str, bytes]:
    """Render the figures of a scenario report to bytes, keyed by file name.

    Keys: ``map_A4.png`` (200 dpi), ``map_A4.pdf``, ``map_A3.pdf``, ``targets.png`` and, when a
    budget sweep is given, ``pareto.png``. Pass the result to `facility_plan.report.write_report`.
    """
    lang: Language = language or result.config.outputs.language
    map_a4 = plot_scenario_map(result, paper="A4", language=lang)
    rendered = {
        "map_A4.png": figure_bytes(map_a4, "png"),
        "map_A4.pdf": figure_bytes(map_a4, "pdf"),
        "map_A3.pdf": figure_bytes(plot_scenario_map(result, paper="A3", language=lang), "pdf"),
        "targets.png": figure_bytes(plot_targets(result.targets, language=lang), "png"),
    }
    if pareto is not None:
        rendered["pareto.png"] = figure_bytes(plot_pareto(pareto, language=lang), "png")
    return rendered


def render_comparison_figures(
    results: Sequence[ScenarioResult], *, language: Language | None = None
) -> dict[str, bytes]:
    """A4 print maps of several scenarios as PNG bytes, keyed ``map_<scenario name>_A4.png``.

    Pass the result to `facility_plan.report.write_comparison_report`.
    """
    return {
        f"map_{result.config.name}_A4.png": figure_bytes(
            plot_scenario_map(result, paper="A4", language=language), "png"
        )
        for result in results
    }
