"""Map notes that state the facts of a run: travel, boundaries, positions, demand basis, idle places."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from facility_plan.labels.catalogue import Language, label
from facility_plan.labels.formatting import centre_codes, format_number, format_short

# Texts of the notes, by key and language. ``{detour}`` is the detour factor, ``{speed}`` km/h.
_NOTE_TEXT: dict[str, dict[str, str]] = {
    "travel_pairs": {
        "vi": "Thời gian đi của {pairs} cặp xã – địa điểm: {parts}.",
        "en": "Travel time of {pairs} commune–site pairs: {parts}.",
    },
    "travel_single": {
        "vi": "Thời gian đi của cả {pairs} cặp xã – địa điểm {method}.",
        "en": "Travel time of all {pairs} commune–site pairs {method}.",
    },
    "travel_part": {"vi": "{pairs} cặp {method}", "en": "{pairs} pairs {method}"},
    "method_network": {"vi": "theo mạng lưới đường bộ", "en": "on the road network"},
    "method_straight_line": {
        "vi": "theo đường chim bay × {detour} ở {speed} km/h (giả định)",
        "en": "by straight line × {detour} at {speed} km/h (assumption)",
    },
    "method_straight_line_far_from_road": {
        "vi": "theo đường chim bay × {detour} ở {speed} km/h (xa đường bộ)",
        "en": "by straight line × {detour} at {speed} km/h (far from any road)",
    },
    "method_straight_line_no_route": {
        "vi": "theo đường chim bay × {detour} ở {speed} km/h (không có tuyến đường)",
        "en": "by straight line × {detour} at {speed} km/h (no road route)",
    },
    "method_beyond_cutoff": {
        "vi": "vượt ngưỡng thời gian tìm kiếm (không phục vụ)",
        "en": "beyond the search cutoff (not served)",
    },
    "method_given": {"vi": "theo ma trận cho sẵn", "en": "from a given matrix"},
    "class_speeds": {
        "vi": "Tốc độ theo loại xã ({column}): {speeds}; xã khác {speed} km/h (giả định).",
        "en": "Speeds by commune class ({column}): {speeds}; other communes {speed} km/h "
        "(assumption).",
    },
    "method_other": {"vi": "theo phương pháp “{method}”", "en": "by method “{method}”"},
    "travel_unknown": {
        "vi": "Thời gian đi: không có số liệu về phương pháp tính.",
        "en": "Travel time: the method used was not recorded.",
    },
    "boundaries_supplied": {
        "vi": "Ranh giới xã theo tệp được cung cấp: {source}.",
        "en": "Commune boundaries from the supplied file {source}.",
    },
    "precision_address": {"vi": "theo địa chỉ", "en": "at the address"},
    "precision_commune": {
        "vi": "trung tâm xã (gần đúng)",
        "en": "the commune centre (approximate)",
    },
    "precision_district_seat": {
        "vi": "trung tâm huyện (gần đúng)",
        "en": "the district seat (approximate)",
    },
    "imprecise_positions": {
        "vi": "Vị trí chưa xác minh địa chỉ: {centres}.",
        "en": "Locations without a verified address: {centres}.",
    },
    "imprecise_group": {"vi": "{codes} đặt tại {precision}", "en": "{codes} placed at {precision}"},
}

#: The only location precision that is exact; every other one is drawn at an approximate point.
EXACT_PRECISION = "address"


def _text(key: str, language: Language) -> str:
    return _NOTE_TEXT[key][language]


def location_precision_text(precision: str, *, language: Language = "vi") -> str:
    """Where a centre is drawn, in words: ``"trung tâm huyện (gần đúng)"`` for ``district_seat``.

    Parameters
    ----------
    precision
        A facility's ``location_precision``: ``address``, ``commune`` or ``district_seat``.
    language
        ``vi`` or ``en``.

    Returns
    -------
    str
        The phrase; an unknown precision is returned as given.
    """
    key = f"precision_{precision}"
    return _text(key, language) if key in _NOTE_TEXT else precision


def travel_note(
    *,
    pairs_by_method: Mapping[str, int],
    detour_factor: float,
    speed_kmh: float,
    language: Language = "vi",
    class_speeds: tuple[str, Mapping[str, float]] | None = None,
) -> str:
    """How travel minutes were computed in the run, with the number of pairs per method.

    Parameters
    ----------
    pairs_by_method
        Commune–site pairs per method actually used (``network``, ``straight_line``,
        ``straight_line_far_from_road``, ``straight_line_no_route``, ``beyond_cutoff``, ``given``).
    detour_factor
        Detour factor of the straight line (unitless).
    speed_kmh
        Speed of the straight line (km/h); with `class_speeds`, the speed of unlisted classes.
    language
        ``vi`` or ``en``.
    class_speeds
        ``(class column, {class: km/h})`` when speeds differ by commune class: the straight
        line's speed is then given as the range of speeds, and a sentence lists them.

    Returns
    -------
    str
        E.g. ``"Thời gian đi của 16.000 cặp xã – địa điểm: 15.000 cặp theo mạng lưới đường bộ;
        1.000 cặp theo đường chim bay × 1,3 ở 30 km/h (xa đường bộ)."``, methods by pairs,
        most first; one method: ``"Thời gian đi của cả 16.000 cặp xã – địa điểm theo …"``.
    """
    counts = [(method, int(pairs)) for method, pairs in pairs_by_method.items() if int(pairs) > 0]
    if not counts:
        return _text("travel_unknown", language)
    counts.sort(key=lambda item: -item[1])
    detour = format_short(detour_factor, language=language)
    speed = format_short(speed_kmh, max_decimals=1, language=language)
    by_class = ""
    if class_speeds is not None and class_speeds[1]:
        column, speeds = class_speeds
        values = [*speeds.values(), speed_kmh]
        speed = "–".join(
            format_short(v, max_decimals=1, language=language) for v in (min(values), max(values))
        )
        listed = ", ".join(
            f"{name} {format_short(v, max_decimals=1, language=language)} km/h"
            for name, v in speeds.items()
        )
        by_class = " " + _text("class_speeds", language).format(
            column=column,
            speeds=listed,
            speed=format_short(speed_kmh, max_decimals=1, language=language),
        )

    def phrase(method: str) -> str:
        key = f"method_{method}"
        if key in _NOTE_TEXT:
            return _text(key, language).format(detour=detour, speed=speed)
        return _text("method_other", language).format(method=method)

    total = format_number(sum(pairs for _, pairs in counts), language=language)
    if len(counts) == 1:
        single = _text("travel_single", language).format(pairs=total, method=phrase(counts[0][0]))
        return single + by_class
    parts = [
        _text("travel_part", language).format(
            pairs=format_number(pairs, language=language), method=phrase(method)
        )
        for method, pairs in counts
    ]
    return _text("travel_pairs", language).format(pairs=total, parts="; ".join(parts)) + by_class


def supplied_boundary_file(boundary_source: str) -> str | None:
    """The supplied boundary file named in a run's boundary source, or None for approximate cells.

    Examples
    --------
    >>> supplied_boundary_file("supplied: communes.gpkg"), supplied_boundary_file("approximate")
    ('communes.gpkg', None)
    """
    if boundary_source.startswith("supplied: "):
        return boundary_source.removeprefix("supplied: ")
    return None


def boundary_note(boundary_source: str | None, *, language: Language = "vi") -> str:
    """Where the commune polygons come from: the supplied file, or approximate Voronoi cells.

    Parameters
    ----------
    boundary_source
        File name of the supplied boundaries, or None when the cells are approximate.
    language
        ``vi`` or ``en``.
    """
    if boundary_source is None:
        return label("approximate_note", language)
    return _text("boundaries_supplied", language).format(source=boundary_source)


def imprecise_note(
    imprecise_facilities: Sequence[tuple[str, str]], *, language: Language = "vi"
) -> str | None:
    """One note naming the centres drawn at an approximate point, grouped by precision.

    Parameters
    ----------
    imprecise_facilities
        ``(code, location_precision)`` of each centre, e.g. ``("E1", "district_seat")``; centres
        with the exact precision (``address``) are left out.
    language
        ``vi`` or ``en``.

    Returns
    -------
    str or None
        None when every centre is at its address.
    """
    groups: dict[str, list[str]] = {}
    for code, precision in imprecise_facilities:
        if precision != EXACT_PRECISION:
            groups.setdefault(precision, []).append(code)
    if not groups:
        return None
    centres = "; ".join(
        _text("imprecise_group", language).format(
            codes=", ".join(codes),
            precision=location_precision_text(precision, language=language),
        )
        for precision, codes in groups.items()
    )
    return _text("imprecise_positions", language).format(centres=centres)


def imprecise_centres(sites: pd.DataFrame) -> list[tuple[str, str]]:
    """``(code, location_precision)`` of the existing centres not drawn at a verified address.

    Parameters
    ----------
    sites
        Open sites in display order with ``status`` and ``location_precision`` columns (as
        `ScenarioResult.sites`); new centres sit at their commune by design and are left out.

    Returns
    -------
    list of tuple of str
        E.g. ``[("E1", "district_seat")]``, in the order of the codes.
    """
    codes = centre_codes(sites)
    return [
        (str(codes[site_id]), str(site["location_precision"]))
        for site_id, site in sites.iterrows()
        if site["status"] == "existing" and site["location_precision"] != EXACT_PRECISION
    ]


def demand_note(
    *,
    calibrated: bool,
    central_persons: float,
    low_persons: float,
    high_persons: float,
    modelled_persons: float,
    anchors: Sequence[tuple[float, float]],
    language: Language = "vi",
) -> str:
    """The demand basis of a run in one note: estimate with range and anchors, or calibrated.

    Parameters
    ----------
    calibrated
        True when demand was set equal to the plan's scale.
    central_persons, low_persons, high_persons
        The prevalence-chain estimate and its range (persons).
    modelled_persons
        The total the model serves (persons).
    anchors
        ``(low, high)`` persons of each independent anchor.
    language
        ``vi`` or ``en``.

    Examples
    --------
    >>> demand_note(calibrated=False, central_persons=818, low_persons=515, high_persons=1239,
    ...             modelled_persons=818, anchors=[(484, 652), (451, 521)], language="en")
    'Demand: estimate 818 persons (range 515–1,239); independent anchors 484–652, 451–521.'
    """

    def n(value: float) -> str:
        return format_number(value, language=language)

    anchor_text = ", ".join(f"{n(low)}–{n(high)}" for low, high in anchors) or "–"
    key = "demand_note_calibrated" if calibrated else "demand_note_estimate"
    return label(key, language).format(
        central=n(central_persons),
        low=n(low_persons),
        high=n(high_persons),
        modelled=n(modelled_persons),
        anchors=anchor_text,
    )


def capacity_note(
    *,
    pooled: bool,
    idle_wrong_type_by_type: Mapping[str, float],
    unserved_persons: float,
    language: Language = "vi",
) -> str | None:
    """The note on capacity by centre type: pooled, or idle places of the wrong type, or None.

    Parameters
    ----------
    pooled
        True when capacity was pooled across centre types.
    idle_wrong_type_by_type
        Facility type → idle places of a type that takes none of the people left unserved.
    unserved_persons
        People left unserved (persons).
    language
        ``vi`` or ``en``.

    Examples
    --------
    >>> capacity_note(pooled=False, idle_wrong_type_by_type={"mental_health": 125.6},
    ...               unserved_persons=431.8, language="en")
    'Places of the wrong type: 126 idle at Mental-health care while 432 people of other groups go unserved.'
    """
    if pooled:
        return label("pooled_note", language)
    wrong = {kind: idle for kind, idle in idle_wrong_type_by_type.items() if idle > 0.5}
    if not wrong:
        return None
    types = ", ".join(
        f"{label(kind, language)} ({format_number(idle, language=language)})"
        if len(wrong) > 1
        else label(kind, language)
        for kind, idle in wrong.items()
    )
    return label("idle_note", language).format(
        idle=format_number(sum(wrong.values()), language=language),
        types=types,
        unserved=format_number(unserved_persons, language=language),
    )


def map_notes(
    *,
    pairs_by_method: Mapping[str, int],
    detour_factor: float,
    speed_kmh: float,
    boundary_source: str | None,
    imprecise_facilities: Sequence[tuple[str, str]],
    language: Language = "vi",
    run_notes: Sequence[str] = (),
    class_speeds: tuple[str, Mapping[str, float]] | None = None,
) -> list[str]:
    """The notes under a map (print and interactive), stating what the run actually did.

    Parameters
    ----------
    pairs_by_method
        Commune–site pairs per travel method used in the run (see `travel_note`).
    detour_factor
        Detour factor of the straight line (unitless).
    speed_kmh
        Speed of the straight line (km/h).
    boundary_source
        File name of the supplied commune boundaries, or None for approximate cells.
    imprecise_facilities
        ``(code, location_precision)`` of the centres (see `imprecise_note`).
    language
        ``vi`` or ``en``.
    run_notes
        Further facts of the run put before the source (the demand basis, `demand_note`; idle
        places of the wrong type or pooled capacity, `capacity_note`).
    class_speeds
        ``(class column, {class: km/h})`` when speeds differ by commune class (`travel_note`).

    Returns
    -------
    list of str
        Boundary note, travel note, the note on approximate positions (when any), the run's
        notes and the source.

    Examples
    --------
    >>> map_notes(pairs_by_method={"straight_line": 10}, detour_factor=1.3, speed_kmh=30,
    ...           boundary_source="xa.gpkg", imprecise_facilities=[("E1", "district_seat")],
    ...           language="en")[:3]  # doctest: +NORMALIZE_WHITESPACE
    ['Commune boundaries from the supplied file xa.gpkg.',
     'Travel time of all 10 commune–site pairs by straight line × 1.3 at 30 km/h (assumption).',
     'Locations without a verified address: E1 placed at the district seat (approximate).']
    """
    notes = [
        boundary_note(boundary_source, language=language),
        travel_note(
            pairs_by_method=pairs_by_method,
            detour_factor=detour_factor,
            speed_kmh=speed_kmh,
            language=language,
            class_speeds=class_speeds,
        ),
    ]
    positions = imprecise_note(imprecise_facilities, language=language)
    if positions is not None:
        notes.append(positions)
    notes.extend(run_notes)
    notes.append(label("source_note", language))
    return notes
