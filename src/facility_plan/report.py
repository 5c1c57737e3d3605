"""What planners take into the meeting: a self-contained HTML report and an XLSX workbook per scenario.

`write_report` writes ``report.html`` (offline: inline CSS, figures embedded as base64 PNG, no
script, every piece of user text HTML-escaped), ``report.xlsx`` (sheets for officials: targets vs
plan, land fund, staffing and training, costs, access by district and by commune, assumptions)
and the print figures into a scenario's folder. `write_comparison_report` puts several scenarios
side by side.

This module and `facility_plan.figures` are independent siblings (import-linter), so the figures
arrive already rendered, as bytes keyed by file name: call
``write_report(result, out_dir, figures=render_report_figures(result, pareto=...))`` from a layer
that may import both (`facility_plan.outputs`, `facility_plan.cli`).
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from facility_plan.labels import Language, format_number, label, label_table
from facility_plan.scenario import ScenarioResult

#: Figure files `write_report` needs (the figures layer renders them).
REQUIRED_FIGURES = ("map_A4.png", "map_A4.pdf", "map_A3.pdf", "targets.png")
#: Sheets of ``report.xlsx``, by key (titles come from labels ``sheet_<key>``).
REPORT_SHEETS = (
    "targets",
    "land",
    "staffing",
    "costs",
    "access_district",
    "access_commune",
    "assumptions",
)
_XLSX_FORMATS = {
    "int": "#,##0",
    "dec1": "#,##0.0",
    "share": "0.0%",
    "vnd": "#,##0",
    "year": "0",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_FLAG_FILL = PatternFill("solid", fgColor="FFF4D6")


# ── tables ───────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Table:
    """Raw values (columns = keys) plus how to title and format each column."""

    frame: pd.DataFrame
    titles: tuple[str, ...]
    kinds: tuple[str, ...]
    total: bool = False
    flagged: tuple[bool, ...] = ()
    row_kinds: tuple[str, ...] = field(default=())  # per row, for columns after the first

    def kind(self, row: int, column: int) -> str:
        if self.row_kinds and column > 0:
            return self.row_kinds[row]
        return self.kinds[column]

    def labelled(self) -> pd.DataFrame:
        """The raw values with the display titles as column names."""
        table = self.frame.copy()
        table.columns = list(self.titles)
        return table


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _vnd_text(amount_vnd: float, language: Language) -> str:
    if _missing(amount_vnd):
        return "–"
    if amount_vnd == 0:
        return "0"
    if abs(amount_vnd) >= 1e9:
        number = format_number(amount_vnd / 1e9, decimals=1, language=language)
        return f"{number} tỷ đồng" if language == "vi" else f"{number} bn VND"
    if abs(amount_vnd) < 1e6:
        number = format_number(amount_vnd, decimals=0, language=language)
        return f"{number} đồng" if language == "vi" else f"{number} VND"
    number = format_number(amount_vnd / 1e6, decimals=0, language=language)
    return f"{number} triệu đồng" if language == "vi" else f"{number} M VND"


def _percent(share: float, language: Language, decimals: int = 1) -> str:
    text = format_number(share * 100, decimals=decimals, language=language)
    if decimals > 1:  # drop trailing zeros of a precise setting: 100,00 → 100; 0,20 → 0,2
        separator = "," if language == "vi" else "."
        text = text.rstrip("0").rstrip(separator) if separator in text else text
    return f"{text} %"


def _cell_text(value: Any, kind: str, language: Language) -> str:
    if _missing(value):
        return "–"
    if kind == "text":
        return str(value)
    if kind == "year":
        return str(int(value))
    if kind == "int":
        return format_number(float(value), decimals=0, language=language)
    if kind == "dec1":
        return format_number(float(value), decimals=1, language=language)
    if kind == "share":
        return _percent(float(value), language)
    if kind == "vnd":
        return _vnd_text(float(value), language)
    return str(value)


def _label_or(key: str, language: Language, default: str | None = None) -> str:
    try:
        return label(key, language)
    except KeyError:
        return default if default is not None else key


def _centre_codes(sites: pd.DataFrame) -> pd.Series:
    """E1, E2… for existing and N1, N2… for new centres, in the order of `sites` (as on the maps)."""
    codes = {}
    for status, prefix in (("existing", "E"), ("new", "N")):
        members = sites.index[sites["status"] == status]
        codes.update({site: f"{prefix}{number}" for number, site in enumerate(members, start=1)})
    return pd.Series(codes, dtype=object).reindex(sites.index)


def _make_table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str, str]],
    language: Language,
    *,
    total: dict[str, Any] | None = None,
    flagged: Sequence[bool] = (),
    drop_empty: bool = False,
) -> _Table:
    """Select `columns` (key, label key, kind) from `frame`; append a total row if given."""
    present = [c for c in columns if c[0] in frame.columns]
    if drop_empty:
        present = [c for c in present if frame[c[0]].notna().any()]
    table = frame[[c[0] for c in present]].reset_index(drop=True)
    flags = list(flagged)
    if total is not None:
        total_row = {key: total.get(key) for key, _, _ in present}
        total_row[present[0][0]] = label("total", language)
        table = pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)
        flags = [*flags, False] if flags else []
    return _Table(
        frame=table,
        titles=tuple(label(title, language) for _, title, _ in present),
        kinds=tuple(kind for _, _, kind in present),
        total=total is not None,
        flagged=tuple(flags),
    )


def _targets_table(result: ScenarioResult, language: Language) -> _Table:
    targets = result.targets.copy()
    if "residents_served_method" in targets.columns:
        targets["residents_served_method"] = targets["residents_served_method"].map(
            {
                "model": label("model_method", language),
                "capacity bound": label("capacity_bound", language),
            }
        )
    columns = [
        ("year", "col_year", "year"),
        ("people_in_need_persons", "col_people_in_need", "int"),
        ("residential_need_persons", "col_residential_need", "int"),
        ("places_target", "col_places_target", "int"),
        ("places", "col_places_plan", "int"),
        ("residents_served_persons", "col_residents_served", "int"),
        ("residents_served_method", "col_served_method", "text"),
        ("residents_served_share_of_need", "col_served_share_need", "share"),
        ("case_management_share_target", "col_case_management_target", "share"),
        ("case_management_share_target_persons", "col_case_management_persons", "int"),
        ("service_share_target", "col_service_target", "share"),
        ("service_share_target_persons", "col_service_persons", "int"),
        ("comprehensive_share_target", "col_comprehensive_target", "share"),
        ("comprehensive_share_target_persons", "col_comprehensive_persons", "int"),
        ("staff_trained_target_persons", "col_staff_trained_target", "int"),
        ("staff_needed_in_facilities_persons", "col_staff_needed", "int"),
    ]
    targets = targets.astype(object).where(targets.notna(), None)
    return _make_table(targets, columns, language, drop_empty=True)


def _sites_frame(result: ScenarioResult, language: Language) -> pd.DataFrame:
    sites = pd.DataFrame(result.sites.drop(columns="geometry")).reset_index(drop=True)
    sites["code"] = _centre_codes(result.sites).to_numpy()
    sites["status_text"] = sites["status"].map(lambda s: _label_or(f"status_{s}", language, s))
    sites["ownership_text"] = sites["ownership"].map(lambda s: _label_or(str(s), language, str(s)))
    sites["type_text"] = sites["facility_type"].map(lambda s: _label_or(str(s), language, str(s)))
    sites["location"] = sites["commune_name_vi"] + ", " + sites["district_name_vi"]
    return sites


def _centres_table(result: ScenarioResult, language: Language) -> _Table:
    columns = [
        ("code", "col_code", "text"),
        ("name_vi", "col_name", "text"),
        ("status_text", "col_status", "text"),
        ("type_text", "type", "text"),
        ("ownership_text", "ownership", "text"),
        ("tier_id", "size_tier", "text"),
        ("capacity_places", "col_places", "int"),
        ("assigned_persons", "assigned", "dec1"),
        ("mean_travel_minutes", "col_mean_minutes", "dec1"),
        ("location", "commune", "text"),
    ]
    sites = _sites_frame(result, language)
    total = {
        "capacity_places": sites["capacity_places"].sum(),
        "assigned_persons": sites["assigned_persons"].sum(),
    }
    return _make_table(sites, columns, language, total=total)


def _land_table(result: ScenarioResult, language: Language) -> _Table:
    land = result.land_reservation.copy()
    codes = _centre_codes(result.sites)
    land["code"] = land["site_id"].map(codes)
    land["ownership_text"] = land["ownership"].map(lambda s: _label_or(str(s), language, str(s)))
    columns = [
        ("code", "col_code", "text"),
        ("district_name_vi", "district", "text"),
        ("commune_name_vi", "commune", "text"),
        ("admin_code", "col_admin_code", "text"),
        ("site_id", "col_site_id", "text"),
        ("ownership_text", "ownership", "text"),
        ("tier_id", "size_tier", "text"),
        ("capacity_places", "col_places", "int"),
        ("land_norm_m2_per_place", "col_land_norm", "int"),
        ("land_m2", "col_land_m2", "int"),
        ("investment_vnd", "col_investment", "vnd"),
        ("year", "col_year", "year"),
    ]
    total = {
        "capacity_places": land["capacity_places"].sum(),
        "land_m2": land["land_m2"].sum(),
        "investment_vnd": land["investment_vnd"].sum(),
    }
    return _make_table(land, columns, language, total=total if len(land) else None)


_STAFF_COLUMNS = (
    ("managers", "col_managers"),
    ("social_workers", "col_social_workers"),
    ("psychologists", "col_psychologists"),
    ("health_workers", "col_health_workers"),
    ("nutrition_workers", "col_nutrition_workers"),
    ("carers", "col_carers"),
    ("direct_staff", "col_direct_staff"),
    ("indirect_staff", "col_indirect_staff"),
    ("total_staff", "col_total_staff"),
)


def _resources_frame(result: ScenarioResult, language: Language) -> pd.DataFrame:
    sites = _sites_frame(result, language).set_index("site_id")
    frame = result.resources.copy()
    for column in ("code", "status_text", "ownership_text"):
        frame[column] = frame["site_id"].map(sites[column])
    return frame


def _staffing_table(result: ScenarioResult, language: Language) -> _Table:
    frame = _resources_frame(result, language)
    columns = [
        ("code", "col_code", "text"),
        ("name_vi", "col_name", "text"),
        ("status_text", "col_status", "text"),
        ("capacity_places", "col_places", "int"),
        ("residents", "col_residents", "dec1"),
        *((key, title, "int") for key, title in _STAFF_COLUMNS),
    ]
    sums = ["capacity_places", "residents", *(key for key, _ in _STAFF_COLUMNS)]
    total = {key: frame[key].sum() for key in sums if key in frame.columns}
    return _make_table(frame, columns, language, total=total)


def _costs_table(result: ScenarioResult, language: Language) -> _Table:
    frame = _resources_frame(result, language)
    columns = [
        ("code", "col_code", "text"),
        ("name_vi", "col_name", "text"),
        ("status_text", "col_status", "text"),
        ("ownership_text", "ownership", "text"),
        ("capacity_places", "col_places", "int"),
        ("investment_vnd", "col_investment", "vnd"),
        ("recurring_cost_vnd_per_year", "col_recurring", "vnd"),
    ]
    sums = ["capacity_places", "investment_vnd", "recurring_cost_vnd_per_year"]
    return _make_table(frame, columns, language, total={k: frame[k].sum() for k in sums})


def _access_district_table(result: ScenarioResult, language: Language) -> _Table:
    districts = result.districts
    summary = result.summary
    columns = [
        ("district_name_vi", "district", "text"),
        ("population_persons", "col_population", "int"),
        ("demand_persons", "col_need", "dec1"),
        ("served_persons", "col_served", "dec1"),
        ("unserved_persons", "col_unserved", "dec1"),
        ("served_share", "col_served_share", "share"),
        ("mean_travel_minutes", "col_mean_minutes", "dec1"),
        ("max_travel_minutes", "col_max_minutes", "dec1"),
    ]
    total = {
        "population_persons": districts["population_persons"].sum(),
        "demand_persons": districts["demand_persons"].sum(),
        "served_persons": districts["served_persons"].sum(),
        "unserved_persons": districts["unserved_persons"].sum(),
        "served_share": summary.get("served_share"),
        "mean_travel_minutes": summary.get("mean_travel_minutes"),
        "max_travel_minutes": summary.get("max_travel_minutes"),
    }
    return _make_table(districts, columns, language, total=total)


def _access_commune_table(result: ScenarioResult, language: Language) -> _Table:
    communes = pd.DataFrame(result.communes.drop(columns="geometry"))
    communes.index.name = "admin_code"
    communes = communes.reset_index()
    codes = _centre_codes(result.sites)
    names = result.sites["name_vi"]
    communes["main_centre"] = communes["main_site_id"].map(
        lambda s: f"{codes[s]} {names[s]}" if isinstance(s, str) and s in codes.index else None
    )
    columns = [
        ("admin_code", "col_admin_code", "text"),
        ("name_vi", "commune", "text"),
        ("district_name_vi", "district", "text"),
        ("population_persons", "col_population", "int"),
        ("demand_persons", "col_need", "dec1"),
        ("served_persons", "col_served", "dec1"),
        ("unserved_persons", "col_unserved", "dec1"),
        ("main_centre", "col_main_centre", "text"),
        ("mean_travel_minutes", "col_mean_minutes", "dec1"),
        ("nearest_open_minutes", "col_nearest_minutes", "dec1"),
    ]
    return _make_table(communes, columns, language)


def _humanise(name: str) -> str:
    return name.replace("_vnd", " (VND)").replace("_m2", " (m²)").replace("_", " ")


def _assumptions_table(result: ScenarioResult, language: Language) -> _Table:
    config = result.config
    summary = result.summary
    setting = label("assumption_setting", language)
    rows: list[dict[str, Any]] = []

    def add(topic: str, item: str, value: str, status: str = setting, source: str = "") -> None:
        rows.append(
            {
                "topic": label(topic, language),
                "item": item,
                "value": value,
                "status": status,
                "source": source,
            }
        )

    for group in summary.get("demand_groups", []):
        placeholder = group.get("status") == "placeholder"
        status_text = (
            label("placeholder_flag", language)
            if placeholder
            else _label_or(f"assumption_{group.get('status')}", language, str(group.get("status")))
        )
        value = label("group_shares", language).format(
            prevalence=_percent(group["prevalence_share"], language, 2),
            eligible=_percent(group["eligible_share"], language, 1),
            residential=_percent(group["residential_share"], language, 1),
            persons=format_number(group["calibrated_persons"], decimals=0, language=language),
        )
        add(
            "topic_demand",
            f"{group['label_vi']} ({group['group']})",
            value,
            status_text,
            group.get("source", ""),
        )
    add(
        "topic_demand",
        label("calibration_item", language),
        summary["demand_calibration"]["description"],
    )
    travel = summary.get("travel_model", {})
    add("topic_travel", label("travel_method_item", language), str(travel.get("method", "")))
    add(
        "topic_travel",
        label("detour_item", language),
        format_number(config.travel.detour_factor, decimals=2, language=language),
    )
    add(
        "topic_travel",
        label("speed_item", language),
        format_number(config.travel.speed_kmh, decimals=0, language=language),
    )
    model = config.model
    if hasattr(model, "new_facilities"):
        add("topic_model", label("new_facilities_item", language), str(model.new_facilities))
    if hasattr(model, "new_ownership"):
        add(
            "topic_model",
            label("ownership_item", language),
            _label_or(str(model.new_ownership), language),
        )
    if hasattr(model, "target_places"):
        add(
            "topic_model",
            label("kf_places", language),
            format_number(model.target_places, language=language),
        )
    budget = getattr(model, "budget_vnd", None)
    if budget is not None:
        add("topic_model", label("kf_budget", language), _vnd_text(budget, language))
    for tier in getattr(model, "size_tiers", ()):
        add(
            "topic_model",
            label("tier_item", language).format(tier=tier.tier_id),
            label("tier_value", language).format(
                places=format_number(tier.capacity_places, language=language),
                investment=_vnd_text(tier.investment_vnd, language),
            ),
        )
    penalty = getattr(model, "unserved_penalty_minutes", None)
    if penalty is not None:
        add(
            "topic_model",
            label("penalty_item", language),
            format_number(penalty, language=language),
        )
    for key, value in config.resources.model_dump().items():
        text = (
            _vnd_text(value, language)
            if key.endswith("_vnd") or "_vnd_" in key
            else format_number(
                float(value), decimals=0 if float(value).is_integer() else 2, language=language
            )
        )
        add("topic_resources", _humanise(key), text)
    add("topic_boundaries", label("h_map", language), label("boundaries_value", language))
    frame = pd.DataFrame(rows, columns=["topic", "item", "value", "status", "source"])
    flagged = [status == label("placeholder_flag", language) for status in frame["status"]]
    columns = [
        ("topic", "col_topic", "text"),
        ("item", "col_item", "text"),
        ("value", "col_value", "text"),
        ("status", "col_assumption_status", "text"),
        ("source", "col_source", "text"),
    ]
    return _make_table(frame, columns, language, flagged=flagged)


def _pareto_table(pareto: pd.DataFrame, language: Language) -> _Table:
    frame = pareto.sort_values("budget_vnd").copy()
    if "status" in frame.columns:
        frame["status"] = frame["status"].map(
            lambda s: _label_or(f"solve_status_{s}", language, str(s))
        )
    if "new_sites" in frame.columns:
        frame["new_sites"] = frame["new_sites"].map(lambda v: None if _missing(v) else str(v))
    columns = [
        ("budget_vnd", "col_budget", "vnd"),
        ("served_persons", "col_served", "dec1"),
        ("unserved_persons", "col_unserved", "dec1"),
        ("status", "col_solver_status", "text"),
        ("new_sites", "col_new_sites", "text"),
    ]
    return _make_table(frame, columns, language)


def _report_tables(result: ScenarioResult, language: Language) -> dict[str, _Table]:
    return {
        "targets": _targets_table(result, language),
        "land": _land_table(result, language),
        "staffing": _staffing_table(result, language),
        "costs": _costs_table(result, language),
        "access_district": _access_district_table(result, language),
        "access_commune": _access_commune_table(result, language),
        "assumptions": _assumptions_table(result, language),
    }


def compute_report_tables(
    result: ScenarioResult, *, language: Language | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of ``report.xlsx``, keyed as `REPORT_SHEETS`, with labelled column titles.

    Values stay numbers (persons, places, m², VND, minutes; shares from 0 to 1); tables with a
    total have it as their last row.
    """
    lang: Language = language or result.config.outputs.language
    return {key: table.labelled() for key, table in _report_tables(result, lang).items()}


# ── writers ──────────────────────────────────────────────────────────────────────────────────


def _write_bytes(path: Path, data: bytes) -> Path:
    """Write bytes atomically: a temporary file in the same folder, then `os.replace`."""
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
        temporary.replace(path)  # os.replace: atomic within the folder
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _workbook_bytes(sheets: Mapping[str, _Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for title, table in sheets.items():
        name = "".join(c for c in title if c not in "[]:*?/\\")[:31]
        while name in used:
            name = name[:29] + f"_{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(list(table.titles))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [min(max(len(t) * 0.9, 8), 40) for t in table.titles]
        last = len(table.frame) - 1
        for row_number, values in enumerate(table.frame.itertuples(index=False)):
            row = [
                None if _missing(v) else (v.item() if isinstance(v, np.generic) else v)
                for v in values
            ]
            sheet.append(row)
            excel_row = row_number + 2
            for column_number, value in enumerate(row):
                cell = sheet.cell(row=excel_row, column=column_number + 1)
                kind = table.kind(row_number, column_number)
                if kind in _XLSX_FORMATS and isinstance(value, (int, float)):
                    cell.number_format = _XLSX_FORMATS[kind]
                if kind == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if table.total and row_number == last:
                    cell.font = Font(bold=True)
                if table.flagged and table.flagged[row_number]:
                    cell.fill = _FLAG_FILL
                length = len(str(value)) if value is not None else 0
                widths[column_number] = min(max(widths[column_number], length * 1.1 + 2), 60)
        for column_number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column_number)].width = width
        sheet.freeze_panes = "B2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _html_table(table: _Table, language: Language) -> dict[str, Any]:
    last = len(table.frame) - 1
    rows = []
    for row_number, values in enumerate(table.frame.itertuples(index=False)):
        css = "total" if table.total and row_number == last else ""
        if table.flagged and table.flagged[row_number]:
            css = "flag"
        is_total = table.total and row_number == last
        rows.append(
            {
                "cells": [
                    ""
                    if is_total and _missing(value)
                    else _cell_text(value, table.kind(row_number, column), language)
                    for column, value in enumerate(values)
                ],
                "css": css,
            }
        )
    columns = [
        {"title": title, "numeric": kind not in ("text", "year") and not table.row_kinds}
        for title, kind in zip(table.titles, table.kinds, strict=True)
    ]
    if table.row_kinds:
        columns = [
            {"title": title, "numeric": index > 0} for index, title in enumerate(table.titles)
        ]
    return {"columns": columns, "rows": rows}


def _environment() -> jinja2.Environment:
    folder = resources.files("facility_plan").joinpath("templates")

    def load(name: str) -> str:
        return folder.joinpath(name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _labels(language: Language) -> dict[str, str]:
    return {key: values[language] for key, values in label_table().items()}


def _generated(scenario: str, language: Language) -> str:
    try:
        version = metadata.version("facility_plan")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "?"
    note = label("generated_note", language).format(version=version, scenario=scenario)
    return f"{note} {dt.date.today().isoformat()}"


def _check_offline(page: str) -> None:
    lowered = page.lower()
    for marker in ("<script", '<link rel="stylesheet" href="http', 'src="http', "url(http"):
        if marker in lowered:
            msg = f"report would contain {marker!r}; it must be a static page that works offline"
            raise ValueError(msg)


def _key_items(result: ScenarioResult, language: Language) -> list[dict[str, str]]:
    summary = result.summary
    minutes = label("minutes", language)
    persons = label("persons", language)
    existing = int((result.sites["status"] == "existing").sum())
    new = int((result.sites["status"] == "new").sum())
    places = (
        f"{format_number(summary['places_total'], language=language)} "
        f"({format_number(summary['target_places'], language=language)})"
    )
    items = [
        ("kf_centres", f"{existing + new} ({existing} + {new})"),
        ("kf_places", places),
        ("kf_new_places", format_number(summary["places_new"], language=language)),
        ("kf_investment", _vnd_text(summary["investment_new_vnd"], language)),
    ]
    budget = getattr(result.config.model, "budget_vnd", None)
    if budget is not None:
        items.append(("kf_budget", _vnd_text(budget, language)))
    served_share = summary.get("served_share")
    items += [
        ("kf_demand", f"{format_number(summary['demand_persons'], language=language)} {persons}"),
        (
            "kf_served",
            f"{format_number(summary['served_persons'], language=language)} {persons}"
            + (f" ({_percent(served_share, language)})" if served_share is not None else ""),
        ),
        (
            "kf_unserved",
            f"{format_number(summary['unserved_persons'], decimals=1, language=language)} {persons}",
        ),
        (
            "kf_mean_minutes",
            f"{_cell_text(summary['mean_travel_minutes'], 'dec1', language)} {minutes}",
        ),
        (
            "kf_max_minutes",
            f"{_cell_text(summary['max_travel_minutes'], 'dec1', language)} {minutes}",
        ),
        (
            "kf_within_30",
            _cell_text(summary.get("demand_within_30_minutes_share"), "share", language),
        ),
        (
            "kf_within_60",
            _cell_text(summary.get("demand_within_60_minutes_share"), "share", language),
        ),
        (
            "kf_staff",
            f"{_cell_text(summary.get('staff_total_persons'), 'int', language)} {persons}",
        ),
        ("kf_recurring", _vnd_text(summary.get("recurring_cost_vnd_per_year", math.nan), language)),
    ]
    return [{"label": label(key, language), "value": value} for key, value in items]


def _solver_table(result: ScenarioResult, language: Language) -> _Table:
    summary = result.summary
    gap = summary.get("mip_gap")
    rows = [
        (
            "kf_status",
            _label_or(f"solve_status_{summary['status']}", language, str(summary["status"])),
        ),
        ("kf_gap", _percent(gap, language, 2) if gap is not None else "–"),
        ("kf_solver", str(summary.get("solver", ""))),
        (
            "kf_solve_seconds",
            f"{_cell_text(summary.get('solve_seconds'), 'dec1', language)} {label('seconds', language)}",
        ),
        ("kf_objective", _cell_text(summary.get("objective_person_minutes"), "int", language)),
    ]
    frame = pd.DataFrame(
        {"item": [label(k, language) for k, _ in rows], "value": [v for _, v in rows]}
    )
    return _Table(
        frame, (label("col_item", language), label("col_value", language)), ("text", "text")
    )


def _placeholder_note(results: Sequence[ScenarioResult], language: Language) -> str:
    groups: dict[str, None] = {}
    for result in results:
        labels_by_group = {
            g["group"]: g["label_vi"] for g in result.summary.get("demand_groups", [])
        }
        for group in result.summary.get("assumptions_flagged", []):
            groups[f"{labels_by_group.get(group, group)} ({group})"] = None
    if not groups:
        return ""
    return (
        label("placeholder_flag", language)
        + ". "
        + label("placeholder_groups_note", language).format(groups=", ".join(groups))
    )


def _base64(figures: Mapping[str, bytes], name: str) -> str:
    return base64.b64encode(figures[name]).decode("ascii")


def write_report(
    result: ScenarioResult,
    out_dir: str | Path,
    *,
    figures: Mapping[str, bytes],
    pareto: pd.DataFrame | None = None,
    language: Language | None = None,
) -> list[Path]:
    """Write the meeting report of a scenario into `out_dir` (its output folder), file by file.

    Files: ``report.html`` (self-contained and offline: inline CSS, figures as base64 PNG, no
    script; sections: the question, key figures, solver status and gap, print map and centres,
    targets vs plan, budget curve when `pareto` is given, access per district, land fund,
    staffing and training, investment and recurring cost, assumptions with placeholder groups
    flagged, plain-language summary), ``report.xlsx`` (sheets `REPORT_SHEETS`, plus the budget
    sweep when given) and every file in `figures` (``map_A4.png``, ``map_A4.pdf``,
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
    tables = _report_tables(result, lang)
    summary = result.summary
    status = str(summary["status"])
    targets = result.targets
    training_text = ""
    if "staff_trained_target_persons" in targets.columns:
        trained = targets.dropna(subset=["staff_trained_target_persons"])
        if not trained.empty:
            last = trained.iloc[-1]
            training_text = label("staff_training_text", lang).format(
                year=int(last["year"]),
                trained=format_number(last["staff_trained_target_persons"], language=lang),
                needed=_cell_text(summary.get("staff_total_persons"), "int", lang),
            )
    budget = getattr(result.config.model, "budget_vnd", None)
    context = {
        "lang": lang,
        "L": _labels(lang),
        "page_title": f"{label('report_title', lang)}: {result.config.title_vi}",
        "title": result.config.title_vi,
        "province": getattr(result.config, "province_name_vi", "") or "",
        "year": result.config.year,
        "description": result.config.description or "",
        "calibration": summary["demand_calibration"]["description"],
        "placeholder_note": _placeholder_note([result], lang),
        "key_items": _key_items(result, lang),
        "optimal": status == "optimal",
        "status_text": label(
            "status_optimal_text" if status == "optimal" else "status_feasible_text", lang
        ),
        "solver_table": _html_table(_solver_table(result, lang), lang),
        "centres_table": _html_table(_centres_table(result, lang), lang),
        "targets_table": _html_table(tables["targets"], lang),
        "pareto_table": _html_table(_pareto_table(pareto, lang), lang)
        if pareto is not None
        else None,
        "access_table": _html_table(tables["access_district"], lang),
        "land_table": _html_table(tables["land"], lang),
        "staffing_table": _html_table(tables["staffing"], lang),
        "training_text": training_text,
        "costs_text": label("costs_text", lang).format(
            investment=_vnd_text(summary["investment_new_vnd"], lang),
            budget=_vnd_text(budget, lang) if budget is not None else "–",
            recurring=_vnd_text(summary.get("recurring_cost_vnd_per_year", math.nan), lang),
        ),
        "costs_table": _html_table(tables["costs"], lang),
        "assumptions_table": _html_table(tables["assumptions"], lang),
        "plain_summary": list(result.plain_summary),
        "images": {
            "map": _base64(figures, "map_A4.png"),
            "targets": _base64(figures, "targets.png"),
            "pareto": _base64(figures, "pareto.png") if pareto is not None else "",
        },
        "generated": _generated(result.config.name, lang),
    }
    page = _environment().get_template("report.html.j2").render(**context)
    _check_offline(page)
    sheets = {label(f"sheet_{key}", lang): table for key, table in tables.items()}
    if pareto is not None:
        sheets[label("sheet_pareto", lang)] = _pareto_table(pareto, lang)
    written = [
        _write_bytes(folder / "report.html", page.encode("utf-8")),
        _write_bytes(folder / "report.xlsx", _workbook_bytes(sheets)),
    ]
    written += [_write_bytes(folder / name, data) for name, data in figures.items()]
    return written


_COMPARE_MEASURES = (
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


def _comparison_tables(
    results: Sequence[ScenarioResult], language: Language
) -> tuple[_Table, _Table]:
    names = [result.config.name for result in results]
    key = pd.DataFrame({"measure": [label(title, language) for title, _, _ in _COMPARE_MEASURES]})
    for name, result in zip(names, results, strict=True):
        values = []
        for _, summary_key, kind in _COMPARE_MEASURES:
            value = result.summary.get(summary_key)
            if summary_key == "status":
                value = _label_or(f"solve_status_{value}", language, str(value))
            values.append(value if kind == "text" or value is None else float(value))
        key[name] = values
    key_table = _Table(
        key,
        (label("col_item", language), *names),
        ("text", *("text" for _ in names)),
        row_kinds=tuple(kind for _, _, kind in _COMPARE_MEASURES),
    )
    rows = []
    for result in results:
        sites = _sites_frame(result, language)
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
    return key_table, _make_table(frame, columns, language)


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
    key_table, sites_table = _comparison_tables(results, lang)
    context = {
        "lang": lang,
        "L": _labels(lang),
        "page_title": label("comparison_title", lang),
        "subtitle": " · ".join(f"{r.config.name}: {r.config.title_vi}" for r in results),
        "placeholder_note": _placeholder_note(results, lang),
        "key_table": _html_table(key_table, lang),
        "sites_table": _html_table(sites_table, lang),
        "maps": [
            {
                "title": f"{r.config.name}: {r.config.title_vi}",
                "image": _base64(figures, f"map_{r.config.name}_A4.png"),
            }
            for r in results
        ],
        "generated": _generated(", ".join(names), lang),
    }
    page = _environment().get_template("comparison.html.j2").render(**context)
    _check_offline(page)
    folder = Path(out_dir)
    sheets = {
        label("sheet_key_figures", lang): key_table,
        label("sheet_new_sites", lang): sites_table,
    }
    written = [
        _write_bytes(folder / "comparison.html", page.encode("utf-8")),
        _write_bytes(folder / "comparison.xlsx", _workbook_bytes(sheets)),
    ]
    written += [_write_bytes(folder / name, data) for name, data in figures.items()]
    return written
