"""The report's tables of one scenario: targets, centres, land, staffing, costs, access, assumptions, budget."""

from __future__ import annotations

from typing import Any

import pandas as pd

from facility_plan.labels import (
    Language,
    centre_codes,
    is_missing,
    label,
    label_or,
)
from facility_plan.report.accessibility import accessibility_table
from facility_plan.report.assumptions import assumption_status_text, assumptions_table
from facility_plan.report.cells import ReportTable, make_table
from facility_plan.scenario import ScenarioResult

#: Sheets of ``report.xlsx``, by key (titles come from labels ``sheet_<key>``).
REPORT_SHEETS = (
    "demand_basis",
    "capacity_by_type",
    "groups_served",
    "targets",
    "land",
    "staffing",
    "costs",
    "access_district",
    "accessibility",
    "access_commune",
    "assumptions",
)


def targets_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Targets against the plan by year (persons, places, shares 0–1); empty columns dropped."""
    targets = result.targets.copy()
    if "residents_served_method" in targets.columns:
        targets["residents_served_method"] = targets["residents_served_method"].map(
            lambda method: (
                label_or(f"served_method_{method}", language, method)
                if isinstance(method, str)
                else method
            )
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
    return make_table(targets, columns, language, drop_empty=True)


def sites_frame(result: ScenarioResult, language: Language) -> pd.DataFrame:
    """Open sites with their map code (E1…, N1…), status, ownership and type in words and location."""
    sites = pd.DataFrame(result.sites.drop(columns="geometry")).reset_index(drop=True)
    sites["code"] = centre_codes(result.sites).to_numpy()
    sites["status_text"] = sites["status"].map(lambda s: label_or(f"status_{s}", language, s))
    sites["ownership_text"] = sites["ownership"].map(lambda s: label_or(str(s), language, str(s)))
    sites["type_text"] = sites["facility_type"].map(lambda s: label_or(str(s), language, str(s)))
    sites["location"] = sites["commune_name_vi"] + ", " + sites["district_name_vi"]
    return sites


def centres_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Open centres: code, name, status, places, persons assigned, mean minutes; with a total row."""
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
    sites = sites_frame(result, language)
    total = {
        "capacity_places": sites["capacity_places"].sum(),
        "assigned_persons": sites["assigned_persons"].sum(),
    }
    return make_table(sites, columns, language, total=total)


def land_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Land to reserve per new centre (m², VND, year); with a total row when there is land to reserve."""
    land = result.land_reservation.copy()
    codes = centre_codes(result.sites)
    land["code"] = land["site_id"].map(codes)
    land["ownership_text"] = land["ownership"].map(lambda s: label_or(str(s), language, str(s)))
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
    return make_table(land, columns, language, total=total if len(land) else None)


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


def resources_frame(result: ScenarioResult, language: Language) -> pd.DataFrame:
    """Staff and costs per open site, with the site's code, status and ownership in words."""
    sites = sites_frame(result, language).set_index("site_id")
    frame = result.resources.copy()
    for column in ("code", "status_text", "ownership_text"):
        frame[column] = frame["site_id"].map(sites[column])
    return frame


def staffing_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Staff per centre by role (persons) and residents; with a total row."""
    frame = resources_frame(result, language)
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
    return make_table(frame, columns, language, total=total)


def costs_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Investment (VND) and recurring cost (VND per year) per centre; with a total row."""
    frame = resources_frame(result, language)
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
    return make_table(frame, columns, language, total={k: frame[k].sum() for k in sums})


def access_district_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Access per district: population, need, served, unserved (persons), minutes; with a total row."""
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
        "served_share": summary.served_share,
        "mean_travel_minutes": summary.mean_travel_minutes,
        "max_travel_minutes": summary.max_travel_minutes,
    }
    return make_table(districts, columns, language, total=total)


def access_commune_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Access per commune: need, served, unserved (persons), main centre, minutes."""
    communes = pd.DataFrame(result.communes.drop(columns="geometry"))
    communes.index.name = "admin_code"
    communes = communes.reset_index()
    codes = centre_codes(result.sites)
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
    return make_table(communes, columns, language)


def pareto_table(pareto: pd.DataFrame, language: Language) -> ReportTable:
    """The budget sweep: budget (VND), served and unserved (persons), solver status, new sites."""
    frame = pareto.sort_values("budget_vnd").copy()
    if "status" in frame.columns:
        frame["status"] = frame["status"].map(
            lambda s: label_or(f"solve_status_{s}", language, str(s))
        )
    if "new_sites" in frame.columns:
        frame["new_sites"] = frame["new_sites"].map(lambda v: None if is_missing(v) else str(v))
    columns = [
        ("budget_vnd", "col_budget", "vnd"),
        ("served_persons", "col_served", "dec1"),
        ("unserved_persons", "col_unserved", "dec1"),
        ("status", "col_solver_status", "text"),
        ("new_sites", "col_new_sites", "text"),
    ]
    if "new_site_ids" in frame.columns:
        frame["new_site_ids"] = frame["new_site_ids"].map(
            lambda v: None if is_missing(v) else str(v)
        )
        columns.append(("new_site_ids", "col_site_ids", "text"))
    return make_table(frame, columns, language)


def demand_basis_table(result: ScenarioResult, language: Language) -> ReportTable:
    """The demand estimate (low, central, high) with the independent anchors beside it (persons).

    The last row is the demand the model serves: the central estimate, or the plan's scale
    when demand was calibrated (labelled so).
    """
    demand = result.summary.demand_range
    rows: list[dict[str, Any]] = []
    if demand is not None:
        rows.append(
            {
                "item": label("row_prevalence_chain", language),
                "low": demand.low_persons,
                "central": demand.central_persons,
                "high": demand.high_persons,
                "basis": "",
                "status": "",
                "source": "",
            }
        )
        for anchor in demand.anchors:
            rows.append(
                {
                    "item": label_or(f"anchor_{anchor.key}", language, anchor.key),
                    "low": anchor.low_persons,
                    "central": None,
                    "high": anchor.high_persons,
                    "basis": anchor.basis_vi if language == "vi" else anchor.basis_en,
                    "status": assumption_status_text(anchor.status, language),
                    "source": anchor.source,
                }
            )
        rows.append(
            {
                "item": f"{label('row_modelled_demand', language)} "
                f"({label(f'basis_{demand.basis}', language)})",
                "low": None,
                "central": demand.modelled_persons,
                "high": None,
                "basis": "",
                "status": "",
                "source": "",
            }
        )
    frame = pd.DataFrame(
        rows, columns=["item", "low", "central", "high", "basis", "status", "source"]
    )
    columns = [
        ("item", "col_estimate_item", "text"),
        ("low", "col_low", "int"),
        ("central", "col_central", "int"),
        ("high", "col_high", "int"),
        ("basis", "col_basis", "text"),
        ("status", "col_assumption_status", "text"),
        ("source", "col_source", "text"),
    ]
    frame = frame.astype(object).where(frame.notna(), None)
    return make_table(frame, columns, language)


def capacity_by_type_report_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Per centre type: centres, places, residents, idle places, idle of the wrong type; total row."""
    summary = result.summary
    frame = pd.DataFrame(
        [
            {
                "type_text": label_or(row.facility_type, language, row.facility_type),
                "centres": row.centres,
                "places": row.places,
                "used": row.used_persons,
                "idle": row.idle_places,
                "idle_wrong": row.idle_wrong_type_places,
                "groups": ", ".join(label_or(f"group_{g}", language, g) for g in row.groups_taken),
            }
            for row in summary.capacity_by_type
        ],
        columns=["type_text", "centres", "places", "used", "idle", "idle_wrong", "groups"],
    )
    columns = [
        ("type_text", "col_facility_type", "text"),
        ("centres", "col_centres", "int"),
        ("places", "col_places", "int"),
        ("used", "col_used", "dec1"),
        ("idle", "col_idle", "dec1"),
        ("idle_wrong", "col_idle_wrong_type", "dec1"),
        ("groups", "col_groups_taken", "text"),
    ]
    total = {key: frame[key].sum() for key in ("centres", "places", "used", "idle", "idle_wrong")}
    flagged = [value > 0.5 for value in frame["idle_wrong"]]
    return make_table(frame, columns, language, total=total, flagged=flagged)


def groups_served_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Per target group: need as modelled, its range, served, unserved (persons), types taking it."""
    summary = result.summary
    frame = pd.DataFrame(
        [
            {
                "group": row.label_vi
                if language == "vi"
                else label_or(f"group_{row.group}", language, row.group),
                "need": row.need_persons,
                "low": row.low_persons,
                "high": row.high_persons,
                "served": row.served_persons,
                "unserved": row.unserved_persons,
                "types": ", ".join(label_or(t, language, t) for t in row.served_by_types),
            }
            for row in summary.groups_served
        ],
        columns=["group", "need", "low", "high", "served", "unserved", "types"],
    )
    columns = [
        ("group", "col_group", "text"),
        ("need", "col_need", "dec1"),
        ("low", "col_low", "int"),
        ("high", "col_high", "int"),
        ("served", "col_served", "dec1"),
        ("unserved", "col_unserved", "dec1"),
        ("types", "col_types_taking", "text"),
    ]
    total = {key: frame[key].sum() for key in ("need", "low", "high", "served", "unserved")}
    flagged = [value > 0.5 for value in frame["unserved"]]
    return make_table(frame, columns, language, total=total, flagged=flagged)


def report_tables(result: ScenarioResult, language: Language) -> dict[str, ReportTable]:
    """The tables of ``report.xlsx`` keyed as `REPORT_SHEETS`."""
    return {
        "demand_basis": demand_basis_table(result, language),
        "capacity_by_type": capacity_by_type_report_table(result, language),
        "groups_served": groups_served_table(result, language),
        "targets": targets_table(result, language),
        "land": land_table(result, language),
        "staffing": staffing_table(result, language),
        "costs": costs_table(result, language),
        "access_district": access_district_table(result, language),
        "accessibility": accessibility_table(result, language),
        "access_commune": access_commune_table(result, language),
        "assumptions": assumptions_table(result, language),
    }


def compute_report_tables(
    result: ScenarioResult, *, language: Language | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of ``report.xlsx``, keyed as `REPORT_SHEETS`, with labelled column titles.

    Values stay numbers (persons, places, m², VND, minutes; shares from 0 to 1); tables with a
    total have it as their last row.
    """
    lang: Language = language or result.config.outputs.language
    return {key: table.labelled() for key, table in report_tables(result, lang).items()}
