"""Console views of ``explain`` and ``compare`` in the reader's language, names first and ids second."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from facility_plan.cli._common import console

if TYPE_CHECKING:
    from facility_plan.labels import Language
    from facility_plan.models.explain import Explanation
    from facility_plan.scenario import ScenarioResult, ScenarioSummary

_TOLERANCE = 0.05


def _name(key: str, language: Language) -> str:
    from facility_plan.labels import label

    try:
        return label(key, language)
    except KeyError:
        return key


def binding_lines(
    result: ScenarioResult, explanation: Explanation, language: Language
) -> list[str]:
    """The constraints that hold the answer back, as sentences naming centres by name.

    Parameters
    ----------
    result
        The run explained.
    explanation
        Its explanation (`facility_plan.scenario.explain_scenario`).
    language
        ``vi`` or ``en``.

    Returns
    -------
    list of str
        Full centres, place target, budget, unserved persons and places of the wrong type.
    """
    from facility_plan.labels import format_number, format_vnd, label
    from facility_plan.scenario.tables import site_names

    names = site_names(result.inputs)
    opened = result.solution.opened
    lines = []
    if explanation.full_sites:
        sites = ", ".join(names.get(site, site) for site in explanation.full_sites)
        lines.append(label("explain_full", language).format(sites=sites))
    target = result.spec.target_places
    places = float(opened["capacity_places"].sum())
    if target is not None:
        spare = places - float(target)
        slack = (
            label("explain_binding", language)
            if spare <= _TOLERANCE
            else label("explain_spare", language).format(
                count=format_number(spare, language=language)
            )
        )
        lines.append(
            label("explain_target", language).format(
                target=format_number(float(target), language=language),
                places=format_number(places, language=language),
                slack=slack,
            )
        )
    budget = result.spec.budget_vnd
    if budget is not None:
        spent = float(opened["open_cost_vnd"].sum())
        text = label("explain_budget", language).format(
            budget=format_vnd(float(budget), language=language),
            spent=format_vnd(spent, language=language),
            left=format_vnd(float(budget) - spent, language=language),
        )
        if float(budget) - spent < 1.0:
            text += f" ({label('explain_binding', language)})"
        lines.append(text)
    unserved = result.solution.unserved_persons
    if unserved > _TOLERANCE:
        persons = format_number(unserved, decimals=1, language=language)
        lines.append(label("explain_unserved", language).format(persons=persons))
    if explanation.wrong_type_sites:
        types = result.sites.get("facility_type")
        where = ", ".join(
            f"{names.get(site, site)} — "
            f"{_name(str(types.get(site)) if types is not None else '', language)}, "
            f"{format_number(idle, language=language)} {label('unit_places', language)}"
            for site, idle in explanation.wrong_type_sites
        )
        groups = ", ".join(
            _name(f"group_{row.group}", language)
            for row in result.summary.groups_served
            if row.unserved_persons > _TOLERANCE
        )
        lines.append(
            label("explain_wrong_type", language).format(
                idle=format_number(explanation.wrong_type_places, language=language),
                where=where,
                persons=format_number(unserved, decimals=1, language=language),
                groups=groups,
            )
        )
    return lines


def _change_text(row: dict[str, Any], names: dict[str, str], language: Language) -> str:
    from facility_plan.labels import format_vnd, label

    kind = row.get("kind")
    if kind == "place":
        site = str(row.get("site_id"))
        return label("explain_more_place", language).format(site=names.get(site, site))
    if kind == "centre":
        return label("explain_more_centre", language)
    if kind == "budget":
        return label("explain_more_budget", language).format(
            amount=format_vnd(1e6, language=language)
        )
    return str(row.get("change"))


def print_explanation(result: ScenarioResult, explanation: Explanation, language: Language) -> None:
    """Print the binding constraints and the marginal-value table of `explanation`."""
    from rich.markup import escape
    from rich.table import Table

    from facility_plan.labels import format_number, is_missing, label, status_text
    from facility_plan.scenario.tables import site_names

    def n(value: Any) -> str:
        return (
            "–" if is_missing(value) else format_number(float(value), decimals=1, language=language)
        )

    out = console()
    for line in binding_lines(result, explanation, language):
        out.print(f"• {escape(line)}")
    names = site_names(result.inputs)
    table = Table(title=label("explain_title", language))
    for key in (
        "explain_change",
        "cli_site_id",
        "explain_saving",
        "explain_unserved_before",
        "explain_unserved_after",
        "cmp_status",
    ):
        table.add_column(label(key, language), overflow="fold")
    for row in explanation.marginal.to_dict(orient="records"):
        status = str(row.get("status"))
        if status.startswith("infeasible"):
            status = label("solve_status_infeasible", language)
        else:
            status = status_text(status, language=language)
        site_id = row.get("site_id")
        table.add_row(
            escape(_change_text(row, names, language)),
            "" if is_missing(site_id) else escape(str(site_id)),
            n(row.get("saving")),
            n(row.get("unserved_before")),
            n(row.get("unserved_after")),
            escape(status),
        )
    out.print(table)


def _figure(key: str, value: Any, language: Language) -> str:
    from facility_plan.labels import (
        format_number,
        format_percent,
        format_vnd,
        is_missing,
        status_text,
    )

    if is_missing(value):
        return "–"
    if key == "status":
        return status_text(str(value), language=language)
    if key.endswith("_share"):
        return format_percent(float(value), language=language)
    if key.endswith("_vnd"):
        return format_vnd(float(value), language=language)
    if key.endswith(("_persons", "_minutes")):
        return format_number(float(value), decimals=1, language=language)
    return format_number(float(value), language=language)


def print_comparison(pairs: Sequence[tuple[str, ScenarioSummary]], language: Language) -> None:
    """Print scenario summaries side by side: one row per measure, one column per scenario."""
    from rich.markup import escape
    from rich.table import Table

    from facility_plan.labels import format_number, label
    from facility_plan.scenario import COMPARE_ROWS

    table = Table(title=label("cli_compare_title", language))
    table.add_column(label("cli_measure", language))
    for name, _summary in pairs:
        table.add_column(escape(name), overflow="fold")
    figures = [summary.to_dict() for _name_, summary in pairs]
    for key, _english in COMPARE_ROWS:
        table.add_row(
            label(f"cmp_{key}", language), *(_figure(key, f.get(key), language) for f in figures)
        )
    table.add_row(
        label("cmp_new_sites", language),
        *(
            escape(
                "; ".join(
                    f"{site.commune} ({site.district}, {site.tier}, "
                    f"{format_number(site.capacity_places, language=language)})"
                    for site in summary.new_sites
                )
            )
            for _name_, summary in pairs
        ),
    )
    console().print(table)
