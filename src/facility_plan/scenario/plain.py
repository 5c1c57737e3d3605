"""Plain-language sentences for the planner: demand basis, each district, capacity by centre type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd

from facility_plan.demand import DemandEstimate
from facility_plan.labels import Language, format_number, is_missing, label, label_or
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
    return label_or(f"group_{group}", language, group)


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
            label("plain_anchor", language).format(basis=anchor.basis(language), persons=persons)
        )
    lines = [demand.describe_basis(language)]
    if parts:
        lines.append(label("plain_anchors", language).format(anchors="; ".join(parts)))
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
    lines = []
    if matching == "pooled":
        lines.append(label("plain_pooled", language))
    for kind_row in by_type:
        kind = label(kind_row.facility_type, language)
        places, used = _n(kind_row.places, language), _n(kind_row.used_persons, language)
        idle_text = _n(kind_row.idle_places, language)
        lines.append(
            label("plain_type", language).format(
                kind=kind, centres=kind_row.centres, places=places, used=used, idle=idle_text
            )
        )
    names = {row.group: group_name(row.group, row.label_vi, language) for row in groups}
    for row in groups:
        need, low, high = (
            _n(value, language) for value in (row.need_persons, row.low_persons, row.high_persons)
        )
        served, left = _n(row.served_persons, language), _n(row.unserved_persons, language)
        lines.append(
            label("plain_group", language).format(
                group=names[row.group], need=need, low=low, high=high, served=served, left=left
            )
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
    lines.append(
        label("plain_wrong_type", language).format(
            idle=_n(idle, language),
            types=types,
            taken=taken_text,
            unserved=_n(unserved, language),
            left=left_text,
        )
    )
    resting = sorted(
        g
        for g in {*taken, *(row.group for row in left_out)}
        if group_status.get(g) in _PLACEHOLDER_STATUSES
    )
    if resting:
        groups_text = ", ".join(names.get(g, g) for g in resting)
        lines.append(label("plain_resting", language).format(groups=groups_text))
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
        lines.append(
            label("plain_district", language).format(
                district=row.district_name_vi,
                need=n(row.demand_persons),
                year=year,
                reach=f"{reach_minutes:g}",
                places=n(places),
                served=n(row.served_persons),
                unserved=n(row.unserved_persons),
                minutes=n(row.mean_travel_minutes),
            )
        )
    flagged = demand.placeholder_groups
    if flagged:
        names = {key: entry[language] for key, entry in label_table().items()}
        groups_text = ", ".join(names.get(f"group_{g}", g) for g in flagged)
        lines.append(label("plain_placeholders", language).format(groups=groups_text))
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
