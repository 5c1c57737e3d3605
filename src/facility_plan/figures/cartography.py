"""Cartographic kit of the print figures: style, polygons as paths, scale bar, north arrow, labels, legends.

Figures are built on `matplotlib.figure.Figure` with the Agg canvas, never through `pyplot`, so no
global figure state is created or leaked. Text uses DejaVu Sans, which has every Vietnamese glyph;
PDFs embed it as TrueType (selectable text).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Transformer

from facility_plan.labels import Language, format_number, format_percent, is_missing, label

#: White outline that keeps text readable over coloured polygons.
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
_SCALE_BAR_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
_ADMIN_PREFIXES = ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Thị trấn ")


@contextmanager
def figure_style() -> Iterator[None]:
    """Matplotlib settings of every print figure (font, embedded TrueType), for a `with` block."""
    with mpl.rc_context(
        {
            "font.family": "DejaVu Sans",
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
            "axes.unicode_minus": True,
            "hatch.linewidth": 0.6,
        }
    ):
        yield


def new_figure(size_inches: tuple[float, float]) -> Figure:
    """A white figure of `size_inches` (width, height, inches) on its own Agg canvas."""
    figure = Figure(figsize=size_inches, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def root_figure(ax: Axes) -> Figure:
    """The figure (page) `ax` is drawn on, also when `ax` sits in a sub-figure."""
    figure = ax.figure
    while not isinstance(figure, Figure):
        figure = figure.figure
    return figure


def number_text(value: float | None, language: Language, decimals: int = 0) -> str:
    """A number as printed on a figure; ``"–"`` when missing or infinite."""
    if value is None or is_missing(value) or not np.isfinite(value):
        return "–"
    return format_number(value, decimals=decimals, language=language)


def percent_text(share: float, language: Language) -> str:
    """A share (0–1) as a percentage, without decimals when it is a whole percent."""
    decimals = 0 if abs(share * 100 - round(share * 100)) < 1e-9 else 1
    return format_percent(share, decimals=decimals, language=language)


def geometry_path(geometry: Any) -> MplPath | None:
    """A matplotlib path of a (multi)polygon's rings, holes included (even-odd fill); None if empty."""
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


def fit_limits(
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


def label_point(polygon: Any, avoid: np.ndarray) -> tuple[float, float]:
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


def wrap_place_name(name: str, width: int = 15) -> str:
    """Break a long unit name after its prefix ("Thành phố\\nNinh Bình"), else by words."""
    if len(name) <= width:
        return name
    for prefix in _ADMIN_PREFIXES:
        if name.startswith(prefix):
            return prefix.strip() + "\n" + "\n".join(textwrap.wrap(name[len(prefix) :], width))
    return "\n".join(textwrap.wrap(name, width))


def draw_scale_bar(ax: Axes, scale: float) -> None:
    """Alternating black/white scale bar in km, lower left; the axes are in a metric CRS (metres).

    `scale` enlarges text and lines (1 on A4, √2 on A3).
    """
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
    ticks = [(0, "0"), (segments, f"{length_km:g} km")]
    if segments > 2:
        ticks.append((segments // 2, f"{length_km * (segments // 2) / segments:g}"))
    for position, text in ticks:
        ax.text(
            left + position * step,
            bottom + bar_height + 0.008 * height,
            text,
            ha="left" if position == segments else "center",
            va="bottom",
            fontsize=7.5 * scale,
            zorder=9,
        )


def draw_north_arrow(ax: Axes, crs: str, language: Language, scale: float) -> None:
    """North arrow, upper right, turned to true north (grid convergence of the projected `crs`)."""
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
        path_effects=HALO,
        zorder=9,
    )


def stack_legends(
    panel: Axes, groups: Sequence[tuple[str, Sequence[Artist]]], fontsize: float
) -> list[Legend]:
    """Legends one under the other in `panel` (axes coordinates), top to bottom.

    Parameters
    ----------
    panel
        Axes (usually with its axis off) that holds the legends.
    groups
        ``(title, handles)`` per legend; each handle's label is its text.
    fontsize
        Text size (points); titles are 10 % larger and bold.
    """
    renderer = panel.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    top = 1.0
    legends = []
    for title, handles in groups:
        legend = Legend(
            panel,
            list(handles),
            [str(h.get_label()) for h in handles],
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
