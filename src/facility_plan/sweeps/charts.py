"""The robustness chart: regret distributions of the plans and how often each commune is chosen (PNG)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from facility_plan.labels import NEW_COLOUR, Language, format_number
from facility_plan.sweeps.result import RobustResult

TOP_SITES = 10
PNG_DPI = 150
_ROLE_COLOURS = {"optimised": NEW_COLOUR, "compare": "#1f4e9c", "minimax": "#6a6a6a"}
_TEXT: dict[str, dict[str, str]] = {
    "title": {
        "vi": "{scenario}: độ vững của khuyến nghị qua {samples} lần rút mẫu số liệu",
        "en": "{scenario}: robustness of the recommendation over {samples} draws of the data",
    },
    "regret_axis": {
        "vi": "Thiệt hại so với phương án tốt nhất của lần rút mẫu (% người·phút)",
        "en": "Regret against the draw's best plan (% of person-minutes)",
    },
    "draws_axis": {"vi": "Tỷ lệ số lần rút mẫu (lũy kế)", "en": "Share of draws (cumulative)"},
    "tolerance": {"vi": "ngưỡng {share}", "en": "{share} threshold"},
    "frequency_axis": {
        "vi": "Tỷ lệ số lần được chọn (%)",
        "en": "Share of draws chosen (%)",
    },
    "frequency_title": {"vi": "Xã được chọn nhiều nhất", "en": "Communes chosen most often"},
    "regret_title": {"vi": "Phân phối thiệt hại", "en": "Regret distribution"},
    "optimised": {"vi": "Phương án tối ưu", "en": "Optimised plan"},
    "compare": {"vi": "Phương án của kế hoạch", "en": "Plan's choice"},
    "minimax": {"vi": "Thiệt hại lớn nhất nhỏ nhất", "en": "Min–max regret"},
}


def _text(key: str, language: Language) -> str:
    return _TEXT[key][language]


def _percent(value: float, language: Language) -> str:
    return f"{format_number(value, decimals=1, language=language)} %"


def regret_chart(result: RobustResult, *, language: Language = "vi") -> Figure:
    """Left: cumulative regret (% of each draw's optimum) of the optimised, compared and min–max
    plans, with the indifference threshold; right: the communes chosen most often.
    """
    figure = Figure(figsize=(12.0, 5.0), layout="constrained")
    regret_axes, frequency_axes = figure.subplots(1, 2, width_ratios=(1.3, 1.0))
    shown = [
        (role, plan_id)
        for role, plan_id in (
            ("optimised", result.optimised_plan_id),
            ("compare", result.compare_plan_id),
            ("minimax", result.minimax_plan_id),
        )
        if plan_id is not None
    ]
    drawn: set[str] = set()
    for role, plan_id in shown:
        if plan_id in drawn:
            continue
        drawn.add(plan_id)
        shares = result.regret_by_draw.loc[
            result.regret_by_draw["plan_id"] == plan_id, "regret_share"
        ].to_numpy(dtype=float)
        values = np.sort(np.nan_to_num(shares, nan=0.0)) * 100
        if values.size == 0:
            continue
        cumulative = np.arange(1, values.size + 1) / values.size
        regret_axes.step(
            values, cumulative, where="post", color=_ROLE_COLOURS[role], label=_text(role, language)
        )
    threshold = result.indifference_share * 100
    regret_axes.axvline(threshold, color="#999999", linestyle="--", linewidth=1)
    regret_axes.annotate(
        _text("tolerance", language).format(share=_percent(threshold, language)),
        xy=(threshold, 1.0),
        xytext=(-4, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=8,
        color="#555555",
    )
    regret_axes.set_xlabel(_text("regret_axis", language))
    regret_axes.set_ylabel(_text("draws_axis", language))
    regret_axes.set_ylim(0, 1.02)
    regret_axes.set_title(_text("regret_title", language), fontsize=10)
    regret_axes.legend(loc="lower right", fontsize=8, frameon=False)
    regret_axes.grid(alpha=0.3)

    top = result.site_frequency.head(TOP_SITES).iloc[::-1]
    names = [f"{row.commune_name_vi} ({row.district_name_vi})" for row in top.itertuples()]
    frequency_axes.barh(names, top["chosen_share"].to_numpy(dtype=float) * 100, color=NEW_COLOUR)
    frequency_axes.set_xlabel(_text("frequency_axis", language))
    frequency_axes.set_xlim(0, 100)
    frequency_axes.set_title(_text("frequency_title", language), fontsize=10)
    frequency_axes.tick_params(axis="y", labelsize=8)
    figure.suptitle(
        _text("title", language).format(scenario=result.scenario, samples=result.samples),
        fontsize=11,
    )
    return figure


def chart_png(figure: Figure, *, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG bytes (Agg canvas; no display needed)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
