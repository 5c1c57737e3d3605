"""Figures to PNG/PDF bytes and files, and the sets of figures a report or a comparison embeds."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from matplotlib.figure import Figure

from facility_plan.figures.cartography import figure_style
from facility_plan.figures.charts import plot_pareto, plot_targets
from facility_plan.figures.scenario_map import plot_scenario_map
from facility_plan.io import write_bytes
from facility_plan.labels import Language
from facility_plan.scenario import ScenarioResult

#: Resolution of PNG figures (dots per inch).
PNG_DPI = 200


def figure_bytes(fig: Figure, fmt: Literal["png", "pdf"], *, dpi: int = PNG_DPI) -> bytes:
    """Render a figure to PNG (`dpi` dots per inch) or PDF bytes, at its own size (no cropping).

    PDFs carry no creation date, so the same figure gives the same bytes.
    """
    buffer = BytesIO()
    metadata: dict[str, Any] = {"CreationDate": None} if fmt == "pdf" else {"Software": None}
    with figure_style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


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
    return [write_bytes(target.with_suffix(f".{fmt}"), figure_bytes(fig, fmt)) for fmt in formats]


def render_report_figures(
    result: ScenarioResult,
    *,
    pareto: pd.DataFrame | None = None,
    language: Language | None = None,
) -> dict[str, bytes]:
    """Render the figures of a scenario report to bytes, keyed by file name.

    Keys: ``map_A4.png`` (200 dpi), ``map_A4.pdf``, ``map_A3.pdf``, ``targets.png`` and, when a
    budget sweep is given, ``pareto.png``. Pass the result to `facility_plan.report.write_report`.

    Parameters
    ----------
    result
        A scenario result.
    pareto
        A budget sweep (see `plot_pareto`), or None.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.
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
