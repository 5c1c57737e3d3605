"""The run summary's nested and coded fields in words: one readable line per record, for the summary sheet."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from facility_plan.labels import Language, format_number, format_percent, label, label_or
from facility_plan.labels.notes import (
    boundary_note,
    location_precision_text,
    supplied_boundary_file,
)

#: A renderer: one record (a dict of the summary's list field) → one line in `language`.
_Render = Callable[[Mapping[str, Any], Language, Mapping[str, str]], str]


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value: Any, language: Language) -> str:
    """Persons, places or a count, rounded to a whole number; "–" when missing."""
    return format_number(float(value), language=language) if _is_figure(value) else "–"


def _share(value: Any, language: Language) -> str:
    """A share 0–1 as a percentage; "–" when missing."""
    return format_percent(float(value), language=language) if _is_figure(value) else "–"


def _group(key: Any, language: Language, groups: Mapping[str, str]) -> str:
    return groups.get(str(key), label_or(f"group_{key}", language, str(key)))


def _demand_group(record: Mapping[str, Any], language: Language, groups: Mapping[str, str]) -> str:
    return label("sum_demand_group", language).format(
        group=_group(record.get("group"), language, groups),
        persons=_number(record.get("calibrated_persons", record.get("raw_persons")), language),
        low=_number(record.get("low_persons"), language),
        high=_number(record.get("high_persons"), language),
    )


def _new_site(record: Mapping[str, Any], language: Language, _groups: Mapping[str, str]) -> str:
    name = str(record.get("name") or record.get("site_id", ""))
    where = ", ".join(
        str(record[k]) for k in ("commune", "district") if record.get(k) and record[k] not in name
    )
    return label("sum_new_site", language).format(
        name=name,
        where=where or "–",
        tier=record.get("tier") or "–",
        places=_number(record.get("capacity_places"), language),
        assigned=_number(record.get("assigned_persons"), language),
    )


def _target_year(record: Mapping[str, Any], language: Language, _groups: Mapping[str, str]) -> str:
    return label("sum_target_year", language).format(
        year=record.get("year", "–"),
        places=_number(record.get("places"), language),
        target=_number(record.get("places_target"), language),
        served=_number(record.get("residents_served_persons"), language),
        share=_share(record.get("residents_served_share_of_residential_need"), language),
    )


def _capacity_type(
    record: Mapping[str, Any], language: Language, _groups: Mapping[str, str]
) -> str:
    kind = str(record.get("facility_type", ""))
    return label("sum_capacity_type", language).format(
        type=label_or(kind, language, kind),
        centres=_number(record.get("centres"), language),
        places=_number(record.get("places"), language),
        used=_number(record.get("used_persons"), language),
        idle=_number(record.get("idle_places"), language),
    )


def _group_served(record: Mapping[str, Any], language: Language, groups: Mapping[str, str]) -> str:
    return label("sum_group_served", language).format(
        group=_group(record.get("group"), language, groups),
        need=_number(record.get("need_persons"), language),
        low=_number(record.get("low_persons"), language),
        high=_number(record.get("high_persons"), language),
        served=_number(record.get("served_persons"), language),
        unserved=_number(record.get("unserved_persons"), language),
    )


def _imprecise(record: Mapping[str, Any], language: Language, _groups: Mapping[str, str]) -> str:
    precision = str(record.get("location_precision", ""))
    return f"{record.get('name', '–')}: {location_precision_text(precision, language=language)}"


#: Renderer of each list-of-records field of the summary.
_RECORDS: dict[str, _Render] = {
    "demand_groups": _demand_group,
    "new_sites": _new_site,
    "targets": _target_year,
    "capacity_by_type": _capacity_type,
    "groups_served": _group_served,
    "facilities_imprecise": _imprecise,
}
#: Fields holding codes, and the label prefix that puts each code in words.
_CODED = {"model": "model_kind_", "capacity_matching": "matching_"}


def summary_text(
    field: str, value: Any, language: Language, groups: Mapping[str, str]
) -> str | None:
    """`value` of summary `field` as a person reads it, or None when it needs no words.

    Parameters
    ----------
    field
        The summary field (``new_sites``, ``targets`` …).
    value
        Its value in the run summary.
    language
        ``"vi"`` or ``"en"``.
    groups
        Label of each demand group, by group key.

    Returns
    -------
    str or None
        One line per record for lists of records; group keys as group names; coded values
        (model kind, capacity matching, boundary source) in words; "–" for no value or an empty
        list; None for plain numbers and other text, which the caller formats itself.
    """
    if value is None or (isinstance(value, list | tuple) and not value):
        return "–"
    render = _RECORDS.get(field)
    if render is not None and isinstance(value, list | tuple):
        return "\n".join(
            render(record, language, groups) if isinstance(record, Mapping) else str(record)
            for record in value
        )
    if field == "assumptions_flagged" and isinstance(value, list | tuple):
        return "\n".join(_group(key, language, groups) for key in value)
    if field in _CODED and isinstance(value, str):
        return label_or(f"{_CODED[field]}{value}", language, value)
    if field == "boundaries" and isinstance(value, str):
        return boundary_note(supplied_boundary_file(value), language=language)
    return None
