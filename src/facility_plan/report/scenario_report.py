"""Write one scenario's meeting report: ``report.html``, ``report.xlsx`` and its print figures."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from facility_plan.io import write_bytes
from facility_plan.labels import Language, format_number, format_vnd, label, label_or
from facility_plan.labels.notes import capacity_note
from facility_plan.report.cells import ReportTable, cell_text, percent_text
from facility_plan.report.html import (
    generated_note,
    html_table,
    page_labels,
    placeholder_note,
    png_base64,
    render_page,
)
from facility_plan.report.programme import (
    programme_allowance_table,
    programme_sheets,
    programme_summary_table,
)
from facility_plan.report.robustness import (
    RobustnessRecord,
    robustness_section,
    robustness_sheet,
)
from facility_plan.report.tables import centres_table, pareto_table, report_tables
from facility_plan.report.workbook import StackedSheet, workbook_bytes
from facility_plan.scenario import ScenarioResult

#: Figure files `write_report` needs (the figures layer renders them).
REQUIRED_FIGURES = ("map_A4.png", "map_A4.pdf", "map_A3.pdf", "targets.png")


def key_items(result: ScenarioResult, language: Language) -> list[dict[str, str]]:
    """The key figures of the report (centres, places, money, persons, minutes) as label and text."""
    summary = result.summary
    minutes = label("minutes", language)
    persons = label("persons", language)
    existing = int((result.sites["status"] == "existing").sum())
    new = int((result.sites["status"] == "new").sum())
    places = (
        f"{format_number(summary.places_total, language=language)} "
        f"({cell_text(summary.target_places, 'int', language)})"
    )
    items = [
        ("kf_centres", f"{existing + new} ({existing} + {new})"),
        ("kf_places", places),
        ("kf_new_places", format_number(summary.places_new, language=language)),
        ("kf_investment", format_vnd(summary.investment_new_vnd, language=language)),
    ]
    budget = getattr(result.config.model, "budget_vnd", None)
    if budget is not None:
        items.append(("kf_budget", format_vnd(budget, language=language)))
    served_share = summary.served_share
    demand = summary.demand_range
    demand_items = []
    if demand is not None:
        demand_items.append(
            (
                "kf_demand_range",
                f"{format_number(demand.central_persons, language=language)} "
                f"({format_number(demand.low_persons, language=language)}–"
                f"{format_number(demand.high_persons, language=language)}) {persons}",
            )
        )
    items += [
        *demand_items,
        ("kf_demand", f"{format_number(summary.demand_persons, language=language)} {persons}"),
        (
            "kf_served",
            f"{format_number(summary.served_persons, language=language)} {persons}"
            + (f" ({percent_text(served_share, language)})" if served_share is not None else ""),
        ),
        (
            "kf_unserved",
            f"{format_number(summary.unserved_persons, decimals=1, language=language)} {persons}",
        ),
        (
            "kf_mean_minutes",
            f"{cell_text(summary.mean_travel_minutes, 'dec1', language)} {minutes}",
        ),
        (
            "kf_max_minutes",
            f"{cell_text(summary.max_travel_minutes, 'dec1', language)} {minutes}",
        ),
        (
            "kf_within_30",
            cell_text(summary.demand_within_30_minutes_share, "share", language),
        ),
        (
            "kf_within_60",
            cell_text(summary.demand_within_60_minutes_share, "share", language),
        ),
        (
            "kf_idle_wrong_type",
            format_number(summary.idle_wrong_type_places, language=language),
        ),
        (
            "kf_staff",
            f"{cell_text(summary.staff_total_persons, 'int', language)} {persons}",
        ),
        (
            "kf_recurring",
            format_vnd(summary.recurring_cost_vnd_per_year, language=language),
        ),
    ]
    return [{"label": label(key, language), "value": value} for key, value in items]


def solver_table(result: ScenarioResult, language: Language) -> ReportTable:
    """How the plan was solved: status, optimality gap, solver, seconds, objective (person-minutes)."""
    summary = result.summary
    gap = summary.mip_gap
    rows = [
        (
            "kf_status",
            label_or(f"solve_status_{summary.status}", language, str(summary.status)),
        ),
        ("kf_gap", percent_text(gap, language, 2) if gap is not None else "–"),
        ("kf_solver", str(summary.solver)),
        (
            "kf_solve_seconds",
            f"{cell_text(summary.solve_seconds, 'dec1', language)} {label('seconds', language)}",
        ),
        ("kf_objective", cell_text(summary.objective_person_minutes, "int", language)),
    ]
    frame = pd.DataFrame(
        {"item": [label(k, language) for k, _ in rows], "value": [v for _, v in rows]}
    )
    return ReportTable(
        frame, (label("col_item", language), label("col_value", language)), ("text", "text")
    )


def training_text(result: ScenarioResult, language: Language) -> str:
    """Staff to train by the last target year against staff needed (persons); empty without a target."""
    targets = result.targets
    if "staff_trained_target_persons" not in targets.columns:
        return ""
    trained = targets.dropna(subset=["staff_trained_target_persons"])
    if trained.empty:
        return ""
    last = trained.iloc[-1]
    return label("staff_training_text", language).format(
        year=int(last["year"]),
        trained=format_number(last["staff_trained_target_persons"], language=language),
        needed=cell_text(result.summary.staff_total_persons, "int", language),
    )


def _robustness_context(
    record: RobustnessRecord | None, result: ScenarioResult, language: Language
) -> dict[str, Any] | None:
    """The template's robustness section (see `robustness_section`), its table ready to render."""
    section = robustness_section(record, result.config, language)
    if section is not None and section["sites"] is not None:
        section["sites"] = html_table(section["sites"], language)
    return section


def write_report(
    result: ScenarioResult,
    out_dir: str | Path,
    *,
    figures: Mapping[str, bytes],
    pareto: pd.DataFrame | None = None,
    language: Language | None = None,
    robustness: RobustnessRecord | None = None,
) -> list[Path]:
    """Write the meeting report of a scenario into `out_dir` (its output folder), file by file.

    Files: ``report.html`` (self-contained and offline: inline CSS, figures as base64 PNG, no
    script; sections: the question, key figures, solver status and gap, print map and centres,
    targets vs plan, budget curve when `pareto` is given, access per district, land fund,
    staffing and training, investment and recurring cost, assumptions with placeholder groups
    flagged, plain-language summary), ``report.xlsx`` (sheets `REPORT_SHEETS`, plus the budget
    sweep when given, the robustness sheet when `robustness` fits the scenario) and every file
    in `figures` (``map_A4.png``, ``map_A4.pdf``,
    ``map_A3.pdf``, ``targets.png``, ``pareto.png``). Each file is written atomically.

    Parameters
    ----------
    result
        A scenario result.
    out_dir
        Folder to write into (created if missing).
    figures
        Rendered figures by file name, from `facility_plan.figures.render_report_figures`; must
        hold `REQUIRED_FIGURES`, and ``pareto.png`` when `pareto` is given.
    pareto
        Optional budget sweep: ``budget_vnd`` (VND), ``served_persons``, ``unserved_persons``
        (persons), ``status``, ``new_sites``.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.
    robustness
        A ``facility-plan robust`` result of this scenario (`read_robustness`): shown as a
        section and a sheet when its fingerprint matches the scenario and its input files, else
        replaced by a warning to run it again.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    ValueError
        A required figure is missing, or the page would load anything from the network.
    """
    lang: Language = language or result.config.outputs.language
    needed = [*REQUIRED_FIGURES, *(["pareto.png"] if pareto is not None else [])]
    missing = [name for name in needed if name not in figures]
    if missing:
        msg = f"figures missing for the report: {missing}; render them with figures.render_report_figures"
        raise ValueError(msg)
    folder = Path(out_dir)
    tables = report_tables(result, lang)
    summary = result.summary
    status = str(summary.status)
    budget = getattr(result.config.model, "budget_vnd", None)
    context = {
        "lang": lang,
        "L": page_labels(lang),
        "page_title": f"{label('report_title', lang)}: {result.config.title_vi}",
        "title": result.config.title_vi,
        "province": getattr(result.config, "province_name_vi", "") or "",
        "year": result.config.year,
        "description": result.config.description or "",
        "calibration": summary.demand_range.description(lang)
        if summary.demand_range is not None
        else summary.demand_calibration.description,
        "demand_basis_table": html_table(tables["demand_basis"], lang),
        "capacity_by_type_table": html_table(tables["capacity_by_type"], lang),
        "groups_served_table": html_table(tables["groups_served"], lang),
        "capacity_note": capacity_note(
            pooled=summary.capacity_matching == "pooled",
            idle_wrong_type_by_type={
                row.facility_type: row.idle_wrong_type_places for row in summary.capacity_by_type
            },
            unserved_persons=summary.unserved_persons,
            language=lang,
        ),
        "placeholder_note": placeholder_note([result], lang),
        "key_items": key_items(result, lang),
        "optimal": status == "optimal",
        "status_text": label(
            "status_optimal_text" if status == "optimal" else "status_feasible_text", lang
        ),
        "solver_table": html_table(solver_table(result, lang), lang),
        "centres_table": html_table(centres_table(result, lang), lang),
        "targets_table": html_table(tables["targets"], lang),
        "pareto_table": html_table(pareto_table(pareto, lang), lang)
        if pareto is not None
        else None,
        "access_table": html_table(tables["access_district"], lang),
        "accessibility_table": html_table(tables["accessibility"], lang),
        "robustness": _robustness_context(robustness, result, lang),
        "land_table": html_table(tables["land"], lang),
        "staffing_table": html_table(tables["staffing"], lang),
        "training_text": training_text(result, lang),
        "costs_text": label("costs_text", lang).format(
            investment=format_vnd(summary.investment_new_vnd, language=lang),
            budget=format_vnd(budget, language=lang) if budget is not None else "–",
            recurring=format_vnd(summary.recurring_cost_vnd_per_year, language=lang),
        ),
        "costs_table": html_table(tables["costs"], lang),
        "assumptions_table": html_table(tables["assumptions"], lang),
        "programme": None
        if result.programme is None
        else {
            "years_table": html_table(programme_summary_table(result.programme, lang), lang),
            "allowance_table": html_table(programme_allowance_table(result.programme, lang), lang),
            "closing_note": result.programme.closing_note(lang).splitlines(),
            "flags": [flag.text(lang) for flag in result.programme.flags],
            "title": label("h_programme", lang),
            "allowance_title": label("h_programme_allowance", lang),
        },
        "plain_summary": list(result.plain_summary),
        "images": {
            "map": png_base64(figures, "map_A4.png"),
            "targets": png_base64(figures, "targets.png"),
            "pareto": png_base64(figures, "pareto.png") if pareto is not None else "",
        },
        "generated": generated_note(result.config.name, lang),
    }
    page = render_page("report.html.j2", context)
    sheets: dict[str, ReportTable | StackedSheet] = {
        label(f"sheet_{key}", lang): table for key, table in tables.items()
    }
    if robustness is not None and robustness.fits(result.config):
        sheets[label("sheet_robustness", lang)] = robustness_sheet(robustness, lang)
    if result.programme is not None:
        sheets.update(programme_sheets(result.programme, lang))
    if pareto is not None:
        sheets[label("sheet_pareto", lang)] = pareto_table(pareto, lang)
    written = [
        write_bytes(folder / "report.html", page.encode("utf-8")),
        write_bytes(folder / "report.xlsx", workbook_bytes(sheets)),
    ]
    written += [write_bytes(folder / name, data) for name, data in figures.items()]
    return written
