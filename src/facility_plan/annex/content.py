"""What the annex says: its tables and figures as handed in, and the question and recommendation in words."""

from __future__ import annotations

from dataclasses import dataclass

from facility_plan.labels import (
    Language,
    centre_codes,
    format_number,
    format_percent,
    format_vnd,
    is_missing,
    label,
    status_text,
)
from facility_plan.scenario import ScenarioResult

#: Tables the annex needs, by key, in the order they appear (the first five are the key tables).
ANNEX_TABLES = ("centres", "land", "staffing", "costs", "targets", "assumptions")
#: Figures the annex needs (PNG bytes by file name, as `facility_plan.figures` renders them).
ANNEX_FIGURES = ("map_A4.png", "targets.png")


@dataclass(frozen=True)
class AnnexTable:
    """A table as the annex prints it: column titles and cell texts, already formatted.

    Attributes
    ----------
    columns
        Column titles.
    numeric
        Per column, True when its cells are figures (right-aligned).
    rows
        Cell texts, one tuple per row, as many cells as `columns`.
    total
        True when the last row is a total row (printed bold).
    """

    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    total: bool = False


@dataclass(frozen=True)
class RobustnessVerdict:
    """The verdict of a robustness analysis (``facility-plan robust``), in plain words.

    Attributes
    ----------
    samples
        Draws of the uncertain inputs that were solved.
    lines
        The verdict, one sentence per line.
    """

    samples: int
    lines: tuple[str, ...]


def _number(value: float | None, language: Language, decimals: int = 0) -> str:
    if value is None or is_missing(value):
        return "–"
    return format_number(float(value), decimals=decimals, language=language)


def question_paragraphs(result: ScenarioResult) -> list[str]:
    """The question the plan answers: the scenario's title, description and how demand was set."""
    config = result.config
    paragraphs = [config.title_vi]
    if config.description:
        paragraphs.append(config.description)
    paragraphs.append(result.summary.demand_calibration.description)
    return paragraphs


def recommendation_lines(result: ScenarioResult, language: Language) -> list[str]:
    """The recommendation in sentences: each new centre (where, places, land, money), the network
    it makes (places, persons served, minutes), money and staff, and how sure the solver is."""
    summary = result.summary
    codes = centre_codes(result.sites)
    lines = []
    for row in result.land_reservation.itertuples(index=False):
        lines.append(
            label("annex_new_centre_line", language).format(
                code=codes.get(row.site_id, row.site_id),
                commune=row.commune_name_vi,
                district=row.district_name_vi,
                places=_number(row.capacity_places, language),
                tier=row.tier_id,
                land=_number(row.land_m2, language),
                investment=format_vnd(float(row.investment_vnd), language=language),
            )
        )
    if not lines:
        lines.append(label("annex_no_new_centre", language))
    lines.append(
        label("annex_network_line", language).format(
            centres=len(result.sites),
            places=_number(summary.places_total, language),
            target=_number(summary.target_places, language),
            served=_number(summary.served_persons, language, 1),
            demand=_number(summary.demand_persons, language, 1),
            mean=_number(summary.mean_travel_minutes, language, 1),
            max=_number(summary.max_travel_minutes, language, 1),
        )
    )
    lines.append(
        label("annex_money_line", language).format(
            investment=format_vnd(summary.investment_new_vnd, language=language),
            recurring=format_vnd(summary.recurring_cost_vnd_per_year, language=language),
            staff=_number(summary.staff_total_persons, language),
        )
    )
    gap = "–" if summary.mip_gap is None else format_percent(summary.mip_gap, language=language)
    lines.append(
        label("annex_solver_line", language).format(
            status=status_text(summary.status, language=language), gap=gap
        )
    )
    lines.extend(f"! {warning}" for warning in summary.warnings)
    return lines
