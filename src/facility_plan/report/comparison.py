"""Several scenarios side by side: key-figure and new-site tables, ``comparison.html`` and ``.xlsx``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from facility_plan.io import write_bytes
from facility_plan.labels import Language, label, label_or
from facility_plan.report.cells import ReportTable, make_table
from facility_plan.report.html import (
    generated_note,
    html_table,
    page_labels,
    placeholder_note,
    png_base64,
    render_page,
)
from facility_plan.report.tables import sites_frame
from facility_plan.report.workbook import workbook_bytes
from facility_plan.scenario import ScenarioResult

#: Rows of the key-figure table: (label key, summary key, cell kind).
COMPARISON_MEASURES = (
    ("kf_centres", "facilities_total", "int"),
    ("col_places_plan", "places_total", "int"),
    ("col_places_target", "target_places", "int"),
    ("kf_new_places", "places_new", "int"),
    ("kf_investment", "investment_new_vnd", "vnd"),
    ("kf_demand", "demand_persons", "dec1"),
    ("kf_served", "served_persons", "dec1"),
    ("kf_unserved", "unserved_persons", "dec1"),
    ("col_served_share", "served_share", "share"),
    ("kf_mean_minutes", "mean_travel_minutes", "dec1"),
    ("kf_max_minutes", "max_travel_minutes", "dec1"),
    ("kf_within_30", "demand_within_30_minutes_share", "share"),
    ("kf_within_60", "demand_within_60_minutes_share", "share"),
    ("kf_staff", "staff_total_persons", "int"),
    ("kf_recurring", "recurring_cost_vnd_per_year", "vnd"),
    ("kf_status", "status", "text"),
    ("kf_gap", "mip_gap", "share"),
)


def comparison_tables(
    results: Sequence[ScenarioResult], language: Language
) -> tuple[ReportTable, ReportTable]:
    """Key figures (one column per scenario, one measure per row) and the new sites of each."""
    names = [result.config.name for result in results]
    key = pd.DataFrame({"measure": [label(title, language) for title, _, _ in COMPARISON_MEASURES]})
    for name, result in zip(names, results, strict=True):
        values = []
        for _, summary_key, kind in COMPARISON_MEASURES:
            value = getattr(result.summary, summary_key)
            if summary_key == "status":
                value = label_or(f"solve_status_{value}", language, str(value))
            values.append(value if kind == "text" or value is None else float(value))
        key[name] = values
    key_table = ReportTable(
        key,
        (label("col_item", language), *names),
        ("text", *("text" for _ in names)),
        row_kinds=tuple(kind for _, _, kind in COMPARISON_MEASURES),
    )
    rows = []
    for result in results:
        sites = sites_frame(result, language)
        for site in sites[sites["status"] == "new"].to_dict(orient="records"):
            rows.append({"scenario": result.config.name, **site})
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(
            columns=["scenario", "code", "name_vi", "district_name_vi", "commune_name_vi"]
        )
    columns = [
        ("scenario", "col_scenario", "text"),
        ("code", "col_code", "text"),
        ("district_name_vi", "district", "text"),
        ("commune_name_vi", "commune", "text"),
        ("ownership_text", "ownership", "text"),
        ("tier_id", "size_tier", "text"),
        ("capacity_places", "col_places", "int"),
        ("assigned_persons", "assigned", "dec1"),
        ("mean_travel_minutes", "col_mean_minutes", "dec1"),
        ("open_cost_vnd", "col_investment", "vnd"),
    ]
    return key_table, make_table(frame, columns, language)


def write_comparison_report(
    results: Sequence[ScenarioResult],
    out_dir: str | Path,
    *,
    figures: Mapping[str, bytes],
    language: Language | None = None,
) -> list[Path]:
    """Write ``comparison.html`` and ``comparison.xlsx``: several scenarios side by side.

    Key figures (one column per scenario), the new sites of each, and the print maps side by
    side. Each file is written atomically; the map PNGs in `figures` are written too.

    Parameters
    ----------
    results
        Two or more scenario results (their names must differ).
    out_dir
        Folder to write into (created if missing).
    figures
        ``map_<scenario name>_A4.png`` for each scenario, from
        `facility_plan.figures.render_comparison_figures`.
    language
        ``vi`` or ``en``; defaults to the first scenario's ``outputs.language``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    if not results:
        msg = "write_comparison_report needs at least one scenario result"
        raise ValueError(msg)
    names = [result.config.name for result in results]
    if len(set(names)) != len(names):
        msg = f"scenario names must differ to be compared side by side: {names}"
        raise ValueError(msg)
    lang: Language = language or results[0].config.outputs.language
    missing = [f"map_{name}_A4.png" for name in names if f"map_{name}_A4.png" not in figures]
    if missing:
        msg = f"figures missing for the comparison: {missing}; render them with figures.render_comparison_figures"
        raise ValueError(msg)
    key_table, sites_table = comparison_tables(results, lang)
    context = {
        "lang": lang,
        "L": page_labels(lang),
        "page_title": label("comparison_title", lang),
        "subtitle": " · ".join(f"{r.config.name}: {r.config.title_vi}" for r in results),
        "placeholder_note": placeholder_note(results, lang),
        "key_table": html_table(key_table, lang),
        "sites_table": html_table(sites_table, lang),
        "maps": [
            {
                "title": f"{r.config.name}: {r.config.title_vi}",
                "image": png_base64(figures, f"map_{r.config.name}_A4.png"),
            }
            for r in results
        ],
        "generated": generated_note(", ".join(names), lang),
    }
    page = render_page("comparison.html.j2", context)
    folder = Path(out_dir)
    sheets = {
        label("sheet_key_figures", lang): key_table,
        label("sheet_new_sites", lang): sites_table,
    }
    written = [
        write_bytes(folder / "comparison.html", page.encode("utf-8")),
        write_bytes(folder / "comparison.xlsx", workbook_bytes(sheets)),
    ]
    written += [write_bytes(folder / name, data) for name, data in figures.items()]
    return written
