"""The report's assumptions table: every setting a figure rests on, with its source and status."""

from __future__ import annotations

from typing import Any

import pandas as pd

from facility_plan.labels import (
    Language,
    format_number,
    format_vnd,
    label,
    label_or,
)
from facility_plan.labels.notes import (
    boundary_note,
    imprecise_centres,
    imprecise_note,
    supplied_boundary_file,
    travel_note,
)
from facility_plan.report.cells import ReportTable, make_table, percent_text
from facility_plan.scenario import ScenarioResult

#: Sheets of ``report.xlsx``, by key (titles come from labels ``sheet_<key>``).


def assumption_status_text(status: str, language: Language) -> str:
    """An assumption status in words; placeholders flagged as in the rest of the table."""
    if status == "placeholder":
        return label("placeholder_flag", language)
    return label_or(f"assumption_{status}", language, status)


def _humanise(name: str) -> str:
    """A settings key in words: ``staff_salary_vnd`` → ``staff salary (VND)``."""
    return name.replace("_vnd", " (VND)").replace("_m2", " (m²)").replace("_", " ")


def assumptions_table(result: ScenarioResult, language: Language) -> ReportTable:
    """Every assumption behind the plan (demand groups, travel, model, resources), placeholders flagged."""
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

    for group in summary.demand_groups:
        placeholder = group.get("status") == "placeholder"
        group_status = (
            label("placeholder_flag", language)
            if placeholder
            else label_or(f"assumption_{group.get('status')}", language, str(group.get("status")))
        )
        value = label("group_shares", language).format(
            prevalence=percent_text(group["prevalence_share"], language, 2),
            eligible=percent_text(group["eligible_share"], language, 1),
            residential=percent_text(group["residential_share"], language, 1),
            persons=format_number(group["calibrated_persons"], decimals=0, language=language),
        )
        add(
            "topic_demand",
            f"{group['label_vi']} ({group['group']})",
            value,
            group_status,
            group.get("source", ""),
        )
        add(
            "topic_demand",
            f"{group['label_vi']} ({group['group']}): "
            + label("col_low", language).split(" (")[0]
            + "–"
            + label("col_high", language).split(" (")[0],
            f"{format_number(group.get('low_persons', float('nan')), language=language)}–"
            f"{format_number(group.get('high_persons', float('nan')), language=language)}",
            # Not flagged again: the group's own row above carries the placeholder flag.
            label_or(
                f"assumption_{group.get('range_status')}", language, str(group.get("range_status"))
            ),
            str(group.get("range_source", "")),
        )
    demand = summary.demand_range
    add(
        "topic_demand",
        label("calibration_item", language),
        demand.description(language)
        if demand is not None
        else summary.demand_calibration.description,
    )
    add(
        "topic_model",
        label("capacity_matching_item", language),
        label(f"matching_{summary.capacity_matching}", language),
    )
    travel = summary.travel_model
    add(
        "topic_travel",
        label("travel_method_item", language),
        travel_note(
            pairs_by_method=travel.pairs_by_method,
            detour_factor=travel.detour_factor,
            speed_kmh=travel.speed_kmh,
            language=language,
            class_speeds=config.travel.class_speeds(),
        ),
    )
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
            label_or(str(model.new_ownership), language),
        )
    target_places = getattr(model, "target_places", None)
    if target_places is not None:
        add(
            "topic_model",
            label("kf_places", language),
            format_number(target_places, language=language),
        )
    budget = getattr(model, "budget_vnd", None)
    if budget is not None:
        add("topic_model", label("kf_budget", language), format_vnd(budget, language=language))
    for tier in getattr(model, "size_tiers", ()):
        add(
            "topic_model",
            label("tier_item", language).format(tier=tier.tier_id),
            label("tier_value", language).format(
                places=format_number(tier.capacity_places, language=language),
                investment=format_vnd(tier.investment_vnd, language=language),
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
            format_vnd(value, language=language)
            if key.endswith("_vnd") or "_vnd_" in key
            else format_number(
                float(value), decimals=0 if float(value).is_integer() else 2, language=language
            )
        )
        add("topic_resources", label_or(f"resource_{key}", language, _humanise(key)), text)
    add(
        "topic_boundaries",
        label("h_map", language),
        boundary_note(supplied_boundary_file(result.inputs.boundary_source), language=language),
    )
    positions = imprecise_note(imprecise_centres(result.sites), language=language)
    if positions is not None:
        add("topic_boundaries", label("location_item", language), positions)
    for warning in summary.warnings:
        add("topic_boundaries", label("data_warning_item", language), warning)
    frame = pd.DataFrame(rows, columns=["topic", "item", "value", "status", "source"])
    flagged = [status == label("placeholder_flag", language) for status in frame["status"]]
    columns = [
        ("topic", "col_topic", "text"),
        ("item", "col_item", "text"),
        ("value", "col_value", "text"),
        ("status", "col_assumption_status", "text"),
        ("source", "col_source", "text"),
    ]
    return make_table(frame, columns, language, flagged=flagged)
