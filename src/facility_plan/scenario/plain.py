"""Plain-language sentences for the planner: demand basis, each district, capacity by centre type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd

from facility_plan.demand import DemandEstimate
from facility_plan.labels import Language, format_number, is_missing, label
from facility_plan.labels.catalogue import label_table
from facility_plan.labels.notes import capacity_note, demand_note
from facility_plan.problem import Problem
from facility_plan.scenario.summary import GroupService, ScenarioSummary, TypeCapacity

_PLACEHOLDER_STATUSES = ("placeholder", "recalled")


def _n(value: float, language: Language) -> str:
    return "–" if is_missing(value) else format_number(value, decimals=0, language=language)


def group_name(group: str, label_vi: str, language: Language) -> str:
    """A target group's name: its Vietnamese label, or the English catalogue label."""
    if language == "vi":
        return label_vi
    key = f"group_{group}"
    return label(key, language) if key in label_table() else group


def demand_sentences(demand: DemandEstimate, language: Language = "vi") -> tuple[str, ...]:
    """The demand basis (estimate with range, or calibrated) and the anchors beside it.

    Parameters
    ----------
    demand
        The run's demand estimate.
    language
        ``vi`` or ``en``.
    """
    parts = []
    for anchor in demand.anchors:
        persons = f"{_n(anchor.low_persons, language)}–{_n(anchor.high_persons, language)}"
        parts.append(
            f"{anchor.basis(language)} → {persons} " + ("người" if language == "vi" else "persons")
        )
    lead = (
        "Đối chiếu độc lập (số người đang ở cơ sở theo tỷ lệ toàn quốc, không phải nhu cầu): "
        if language == "vi"
        else "Independent anchors (residents at national ratios, not need): "
    )
    lines = [demand.describe_basis(language)]
    if parts:
        lines.append(lead + "; ".join(parts) + ".")
    return tuple(lines)


def capacity_sentences(
    by_type: Sequence[TypeCapacity],
    groups: Sequence[GroupService],
    *,
    matching: str,
    group_status: Mapping[str, str],
    language: Language = "vi",
) -> tuple[str, ...]:
    """Places, use and idle places per centre type; need, served, unserved per group; wrong type.

    Parameters
    ----------
    by_type
        Per centre type (`ScenarioSummary.capacity_by_type`).
    groups
        Per target group (`ScenarioSummary.groups_served`).
    matching
        ``by_type`` (groups matched to the centre types that take them) or ``pooled``.
    group_status
        Group name → status of its settings (``placeholder`` …), to flag results resting on them.
    language
        ``vi`` or ``en``.

    Returns
    -------
    tuple of str
        One sentence per type, one per group, and the "places of the wrong type" finding when
        idle places sit at types that take none of the people left unserved.
    """
    vi = language == "vi"
    lines = []
    if matching == "pooled":
        lines.append(
            "Số chỗ được gộp cho mọi loại cơ sở: mọi cơ sở nhận mọi nhóm đối tượng; số người được "
            "phục vụ theo nhóm dưới đây được chia theo cơ cấu nhóm của từng xã, không phải kết "
            "quả của mô hình."
            if vi
            else "Capacity pooled across centre types: every centre takes every group; served "
            "persons by group below are split by each commune's mix of groups, not found by the "
            "model."
        )
    for kind_row in by_type:
        kind = label(kind_row.facility_type, language)
        places, used = _n(kind_row.places, language), _n(kind_row.used_persons, language)
        idle_text = _n(kind_row.idle_places, language)
        lines.append(
            f"{kind}: {kind_row.centres} cơ sở, {places} chỗ, {used} người được phục vụ, "
            f"{idle_text} chỗ trống."
            if vi
            else f"{kind}: {kind_row.centres} centre(s), {places} places, {used} residents, "
            f"{idle_text} idle."
        )
    names = {row.group: group_name(row.group, row.label_vi, language) for row in groups}
    for row in groups:
        need, low, high = (
            _n(value, language) for value in (row.need_persons, row.low_persons, row.high_persons)
        )
        served, left = _n(row.served_persons, language), _n(row.unserved_persons, language)
        lines.append(
            f"{names[row.group]}: cần {need} người (khoảng {low}–{high}), được phục vụ "
            f"{served}, chưa được phục vụ {left}."
            if vi
            else f"{names[row.group]}: need {need} (range {low}–{high}), served {served}, "
            f"unserved {left}."
        )
    wrong = [row for row in by_type if row.idle_wrong_type_places > 0.5]
    if not wrong:
        return tuple(lines)
    left_out = [row for row in groups if row.unserved_persons > 0.5]
    idle = sum(row.idle_wrong_type_places for row in wrong)
    unserved = sum(row.unserved_persons for row in left_out)
    types = ", ".join(label(row.facility_type, language) for row in wrong)
    taken = sorted({g for row in wrong for g in row.groups_taken})
    taken_text = ", ".join(names.get(g, g) for g in taken)
    left_text = ", ".join(names[row.group] for row in left_out)
    if vi:
        lines.append(
            f"Chỗ không đúng loại: {_n(idle, language)} chỗ trống tại cơ sở loại {types} (chỉ "
            f"nhận {taken_text}) trong khi {_n(unserved, language)} người thuộc nhóm {left_text} "
            "chưa được phục vụ — có chỗ nhưng không đúng loại cơ sở."
        )
    else:
        lines.append(
            f"Places of the wrong type: {_n(idle, language)} idle places at {types} centres "
            f"(taking only {taken_text}) while {_n(unserved, language)} people of {left_text} "
            "go unserved — the places exist, but of the wrong type."
        )
    resting = sorted(
        g
        for g in {*taken, *(row.group for row in left_out)}
        if group_status.get(g) in _PLACEHOLDER_STATUSES
    )
    if resting:
        lines.append(
            "Kết quả này phụ thuộc vào giả định tạm của nhóm: "
            + ", ".join(names.get(g, g) for g in resting)
            + "."
            if vi
            else "This finding rests on placeholder settings of: "
            + ", ".join(names.get(g, g) for g in resting)
            + "."
        )
    return tuple(lines)


def plain_summary(
    demand: DemandEstimate,
    problem: Problem,
    communes: gpd.GeoDataFrame,
    districts: pd.DataFrame,
    *,
    year: int,
    language: Language = "vi",
    reach_minutes: float = 45.0,
) -> tuple[str, ...]:
    """The demand basis and anchors, then one sentence per district: need, existing places
    within reach, served, unserved, travel.

    Parameters
    ----------
    demand
        The run's demand estimate (for the flagged placeholder groups).
    problem
        The solved problem (existing sites, travel minutes).
    communes
        Per-commune table of the run (demand, district).
    districts
        Per-district table of the run (demand, served, unserved persons, mean minutes).
    year
        Plan year.
    language
        ``vi`` (default) or ``en``.
    reach_minutes
        Travel minutes within which an existing centre counts as "within reach".
    """
    minutes = problem.travel.to_frame()
    admin_of = problem.demand["admin_code"]
    commune_minutes = minutes.groupby(admin_of.reindex(minutes.index).to_numpy()).min()
    existing = problem.sites[problem.sites["status"] == "existing"]

    def n(value: float) -> str:
        if is_missing(value):
            return "–"
        return format_number(value, decimals=0, language=language)

    lines = list(demand_sentences(demand, language))
    for row in districts.itertuples(index=False):
        members = communes.index[communes["district_code"] == row.district_code]
        weights = communes.loc[members, "demand_persons"]
        mean_minutes = commune_minutes.loc[members, existing.index].mul(weights, axis=0).sum()
        mean_minutes = mean_minutes / max(float(weights.sum()), 1e-9)
        reachable = existing.index[mean_minutes <= reach_minutes]
        places = float(existing.loc[reachable, "capacity_places"].sum())
        if language == "vi":
            lines.append(
                f"{row.district_name_vi}: {n(row.demand_persons)} người cần chăm sóc tại cơ sở "
                f"đến năm {year}; số chỗ hiện có trong vòng {reach_minutes:g} phút: {n(places)}; "
                f"được phục vụ theo phương án: {n(row.served_persons)}, chưa được phục vụ: "
                f"{n(row.unserved_persons)}; thời gian đi lại trung bình "
                f"{n(row.mean_travel_minutes)} phút."
            )
        else:
            lines.append(
                f"{row.district_name_vi}: {n(row.demand_persons)} people need residential care by "
                f"{year}; existing places within {reach_minutes:g} minutes: {n(places)}; "
                f"served in this plan: {n(row.served_persons)}, unserved: "
                f"{n(row.unserved_persons)}; mean travel {n(row.mean_travel_minutes)} minutes."
            )
    flagged = demand.placeholder_groups
    if flagged:
        lead = (
            "Giả định còn là giá trị tạm (cần kiểm tra trước khi dùng): "
            if language == "vi"
            else "Assumptions still placeholders (check before use): "
        )
        lines.append(lead + ", ".join(flagged) + ".")
    return tuple(lines)


def run_notes(summary: ScenarioSummary, language: Language = "vi") -> list[str]:
    """The notes every map of a run states: demand basis; pooled capacity or idle wrong-type places.

    Parameters
    ----------
    summary
        The run's summary.
    language
        ``vi`` or ``en``.
    """
    notes = []
    demand = summary.demand_range
    if demand is not None:
        notes.append(
            demand_note(
                calibrated=demand.basis == "calibrated",
                central_persons=demand.central_persons,
                low_persons=demand.low_persons,
                high_persons=demand.high_persons,
                modelled_persons=demand.modelled_persons,
                anchors=[(a.low_persons, a.high_persons) for a in demand.anchors],
                language=language,
            )
        )
    capacity = capacity_note(
        pooled=summary.capacity_matching == "pooled",
        idle_wrong_type_by_type={
            row.facility_type: row.idle_wrong_type_places for row in summary.capacity_by_type
        },
        unserved_persons=summary.unserved_persons,
        language=language,
    )
    if capacity is not None:
        notes.append(capacity)
    return notes
