"""``plan.xlsx``: the run's tables as formatted sheets (titles with units, numbers as numbers, A4 print setup)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from facility_plan.labels import Language, label, label_or, status_text
from facility_plan.outputs.rounding import column_kind, round_figures, round_value
from facility_plan.outputs.summary_lines import summary_text
from facility_plan.report.cells import ReportTable
from facility_plan.report.workbook import with_print_setup, workbook_bytes
from facility_plan.scenario import ScenarioResult

#: Sheets of ``plan.xlsx`` by table key (titles from labels ``plan_sheet_<key>``), in order.
PLAN_SHEETS = ("summary", "districts", "communes", "land_reservation", "resources", "targets")

#: Title label of each column that has one; others are titled by `column_title`'s rules.
_TITLE_KEYS = {
    "district_code": "col_district_code",
    "district_name_vi": "district",
    "admin_code": "col_admin_code",
    "name_vi": "col_name",
    "commune_name_vi": "commune",
    "unit_type": "col_unit_type",
    "population_persons": "col_population",
    "demand_persons": "col_need",
    "served_persons": "col_served",
    "unserved_persons": "col_unserved",
    "served_share": "col_served_share",
    "mean_travel_minutes": "col_mean_minutes",
    "max_travel_minutes": "col_max_minutes",
    "nearest_open_minutes": "col_nearest_minutes",
    "eligible_persons": "col_eligible",
    "community_persons": "col_community",
    "community_need_persons": "col_community_need",
    "main_site_id": "col_main_site_id",
    "site_id": "col_site_id",
    "status": "col_status",
    "facility_type": "type",
    "ownership": "ownership",
    "tier_id": "size_tier",
    "capacity_places": "col_places",
    "assigned_persons": "assigned",
    "utilisation_share": "col_utilisation",
    "open_cost_vnd": "col_open_cost",
    "location_precision": "location_precision",
    "land_norm_m2_per_place": "col_land_norm",
    "land_m2": "col_land_m2",
    "investment_vnd": "col_investment",
    "recurring_cost_vnd_per_year": "col_recurring",
    "year": "col_year",
    "residents": "col_residents",
    "managers": "col_managers",
    "social_workers": "col_social_workers",
    "psychologists": "col_psychologists",
    "health_workers": "col_health_workers",
    "nutrition_workers": "col_nutrition_workers",
    "carers": "col_carers",
    "direct_staff": "col_direct_staff",
    "indirect_staff": "col_indirect_staff",
    "total_staff": "col_total_staff",
    "people_in_need_persons": "col_people_in_need",
    "residential_need_persons": "col_residential_need",
    "places": "col_places_plan",
    "places_target": "col_places_target",
    "residents_served_persons": "col_residents_served",
    "residents_served_method": "col_served_method",
    "residents_served_share_of_need": "col_served_share_need",
    "staff_needed_in_facilities_persons": "col_staff_needed",
    "staff_trained_target_persons": "col_staff_trained_target",
    "service_share_target": "col_service_target",
    "service_share_target_persons": "col_service_persons",
    "comprehensive_share_target": "col_comprehensive_target",
    "comprehensive_share_target_persons": "col_comprehensive_persons",
    "case_management_share_target": "col_case_management_target",
    "case_management_share_target_persons": "col_case_management_persons",
    "access_nearest_minutes": "col_access_nearest",
    "access_2sfca_places_per_1000": "col_access_2sfca",
    "access_e2sfca_places_per_1000": "col_access_e2sfca",
}
#: Columns ``access_share_within_<minutes>_minutes`` (shares 0–1 of persons in need).
_WITHIN_COLUMN = re.compile(r"^access_share_within_(\d+)_minutes$")
#: Title of per-group columns ``<prefix><group>_persons``, by prefix.
_GROUP_TITLE_KEYS = {
    "demand_": "col_demand_group",
    "eligible_": "col_eligible_group",
    "residents_": "col_residents_group",
}
#: Label of the summary items that have one (else the field name is shown).
_ITEM_KEYS = {
    "scenario": "item_scenario",
    "title_vi": "item_title_vi",
    "year": "item_year",
    "model": "item_model",
    "status": "kf_status",
    "objective_person_minutes": "kf_objective",
    "mip_gap": "kf_gap",
    "solver": "kf_solver",
    "solve_seconds": "kf_solve_seconds",
    "demand_persons": "kf_demand",
    "places_existing": "item_places_existing",
    "places_new": "kf_new_places",
    "places_total": "item_places_total",
    "target_places": "item_target_places",
    "facilities_total": "kf_centres",
    "investment_new_vnd": "kf_investment",
    "served_persons": "kf_served",
    "unserved_persons": "kf_unserved",
    "served_share": "item_served_share",
    "mean_travel_minutes": "kf_mean_minutes",
    "max_travel_minutes": "kf_max_minutes",
    "demand_within_30_minutes_share": "kf_within_30",
    "demand_within_60_minutes_share": "kf_within_60",
    "boundaries": "item_boundaries",
    "staff_total_persons": "kf_staff",
    "recurring_cost_vnd_per_year": "kf_recurring",
    "demand_calibration": "item_demand_calibration",
    "demand_groups": "item_demand_groups",
    "assumptions_flagged": "item_assumptions_flagged",
    "travel_model": "item_travel_model",
    "new_sites": "item_new_sites",
    "targets": "item_targets",
    "plain_summary": "item_plain_summary",
    "facilities_imprecise": "item_facilities_imprecise",
    "warnings": "item_warnings",
    "programme": "item_programme",
    "demand_range": "item_demand_range",
    "capacity_matching": "capacity_matching_item",
    "capacity_by_type": "item_capacity_by_type",
    "groups_served": "item_groups_served",
}
#: Columns whose codes are shown in words (label of ``<prefix><value>``).
_WORDED_VALUES = {
    "status": "status_",
    "ownership": "",
    "facility_type": "",
    "residents_served_method": "served_method_",
}


def _unit(name: str, language: Language) -> str:
    """The unit of a column by the end of its name, as shown in a title (empty when none)."""
    units = (
        ("_vnd_per_year", "unit_vnd_per_year"),
        ("_vnd", "unit_vnd"),
        ("_persons", "persons"),
        ("_minutes", "minutes"),
        ("_seconds", "seconds"),
        ("_share_of_need", "unit_share"),
        ("_share_target", "unit_share"),
        ("_share", "unit_share"),
        ("_m2", "unit_m2"),
        ("_places", "places_unit"),
    )
    for suffix, key in units:
        if name.endswith(suffix):
            return label(key, language)
    return ""


def column_title(name: str, language: Language, group_labels: Mapping[str, str]) -> str:
    """The title of column `name` in `language`, with its unit in brackets when it has one.

    Per-group columns (``demand_elderly_persons`` …) name the group by `group_labels`
    (group key → label); columns without a label keep their name.
    """
    key = _TITLE_KEYS.get(name)
    within = _WITHIN_COLUMN.match(name)
    if within is not None:
        title = label("col_access_within", language).format(minutes=within.group(1))
    elif key is not None:
        title = label(key, language)
    else:
        title = name
        for prefix, group_key in _GROUP_TITLE_KEYS.items():
            group = name.removeprefix(prefix).removesuffix("_persons")
            if name.startswith(prefix) and name.endswith("_persons") and group in group_labels:
                title = label(group_key, language).format(group=group_labels[group])
    unit = _unit(name, language)
    if unit and "(" not in title:
        title = f"{title} ({unit})"
    return title


def _group_labels(result: ScenarioResult, language: Language) -> dict[str, str]:
    """Label of each demand group, by group key (Vietnamese from the run, else the catalogue)."""
    labels = {}
    for group in result.summary.demand_groups:
        key = str(group["group"])
        fallback = str(group.get("label_vi", key)) if language == "vi" else key
        labels[key] = label_or(f"group_{key}", language, fallback)
    return labels


def plan_table(
    frame: pd.DataFrame, language: Language, group_labels: Mapping[str, str]
) -> ReportTable:
    """`frame` (one of the run's tables) as a sheet: rounded figures, titles with units, kinds."""
    rounded = round_figures(frame).reset_index(drop=True)
    for column, prefix in _WORDED_VALUES.items():
        if column in rounded.columns:
            rounded[column] = rounded[column].map(
                lambda value, p=prefix: (
                    label_or(f"{p}{value}", language, str(value))
                    if isinstance(value, str)
                    else value
                )
            )
    rounded = rounded.astype(object).where(rounded.notna(), None)
    kinds = []
    for column in rounded.columns:
        kind = column_kind(str(column))
        kinds.append("text" if kind == "text" else kind)
    titles = tuple(column_title(str(c), language, group_labels) for c in rounded.columns)
    return ReportTable(rounded, titles, tuple(kinds))


def summary_table(result: ScenarioResult, language: Language) -> ReportTable:
    """The run's key figures, one per row: item in words, rounded value, field name."""
    items, values, fields, kinds = [], [], [], []
    groups = _group_labels(result, language)
    for field, raw in result.summary.to_dict().items():
        kind = column_kind(field)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            value: Any = summary_text(field, raw, language, groups)
            if field == "status" and isinstance(raw, str):
                value = status_text(raw, language=language)
            elif value is None:
                value = raw if isinstance(raw, str) else _readable(raw, language)
            kind = "text"
        else:
            value = round_value(float(raw), kind) if kind != "text" else raw
            if kind in ("int", "year") and value == int(value):
                value = int(value)
        key = _ITEM_KEYS.get(field)
        item = label(key, language) if key else field
        unit = _unit(field, language)
        items.append(f"{item} ({unit})" if unit and "(" not in item else item)
        values.append(value)
        fields.append(field)
        kinds.append("dec1" if kind == "text" and isinstance(value, float) else kind)
    frame = pd.DataFrame({"item": items, "value": values, "field": fields})
    titles = (
        label("col_item", language),
        label("col_value", language),
        label("col_field", language),
    )
    return ReportTable(frame, titles, ("text", "text", "text"), row_kinds=tuple(kinds))


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _readable(value: object, language: Language) -> str:
    """A nested summary field as a person reads it: its description in `language`, or its
    lines (a list of text); other nested values as JSON."""
    if isinstance(value, dict):
        for key in (f"description_{language}", "description"):
            if isinstance(value.get(key), str):
                return str(value[key])
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return _json_text(value)


def plan_tables(result: ScenarioResult, language: Language) -> dict[str, ReportTable]:
    """The sheets of ``plan.xlsx`` keyed as `PLAN_SHEETS`."""
    groups = _group_labels(result, language)
    communes = pd.DataFrame(result.communes.drop(columns="geometry")).reset_index()
    frames = {
        "districts": result.districts,
        "communes": communes,
        "land_reservation": result.land_reservation,
        "resources": result.resources,
        "targets": result.targets,
    }
    tables = {"summary": summary_table(result, language)}
    tables.update({key: plan_table(frame, language, groups) for key, frame in frames.items()})
    return tables


def plan_workbook_bytes(result: ScenarioResult, language: Language) -> bytes:
    """``plan.xlsx`` as bytes: one formatted sheet per table of `plan_tables`, ready to print."""
    tables = plan_tables(result, language)
    sheets = {label(f"plan_sheet_{key}", language): table for key, table in tables.items()}
    return with_print_setup(workbook_bytes(sheets), result.config.name)
