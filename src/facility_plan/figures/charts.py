"""Charts of a plan: budget against people served (Pareto) and targets against what the plan delivers."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import (
    FixedLocator,
    FuncFormatter,
    MaxNLocator,
    NullFormatter,
    NullLocator,
)

from facility_plan.figures.cartography import (
    HALO,
    figure_style,
    new_figure,
    number_text,
    percent_text,
    root_figure,
)
from facility_plan.labels import (
    EXISTING_COLOUR,
    NEW_COLOUR,
    Language,
    format_number,
    is_missing,
    label,
)


def _axes_or_new(ax: Axes | None, size_inches: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """`ax` and its figure, or a new figure of `size_inches` with one axes; True when new."""
    if ax is not None:
        return root_figure(ax), ax, False
    figure = new_figure(size_inches)
    return figure, figure.add_subplot(), True


def _budget_label(value_vnd: float, language: Language) -> str:
    """An amount (VND) in billions for the budget axis, without decimals when whole."""
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
    with figure_style():
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
            text = number_text(ys[index], language)
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
                path_effects=HALO,
            )
        if x.endswith("_vnd"):
            axes.xaxis.set_major_formatter(
                FuncFormatter(lambda v, _pos: _budget_label(v, language))
            )
            axes.set_xlabel(label("budget_axis", language))
        else:
            axes.set_xlabel(x)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_text(v, language)))
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
            return not is_missing(record.get(key))

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
                        label(f"row_{key}", language).format(share=percent_text(share, language)),
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
    with figure_style():
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
                    number_text(value, language),
                    (value, position),
                    xytext=(-9 if on_left else 9, 0),
                    textcoords="offset points",
                    ha="right" if on_left else "left",
                    va="center",
                    fontsize=8.5,
                    color="#333333" if is_target else EXISTING_COLOUR,
                    fontweight="normal" if is_target else "bold",
                    path_effects=HALO,
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
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_text(v, language)))
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
