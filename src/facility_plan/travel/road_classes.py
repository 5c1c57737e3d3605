"""Vietnamese road classes: default speeds (km/h), OSM highway mapping and class-name normalisation."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import numpy as np

from facility_plan.errors import DataProblem, InputDataError

__all__ = [
    "ROAD_CLASSES",
    "default_osm_highway_classes",
    "default_speeds_kmh",
    "normalise_road_class",
    "validated_speeds",
]

#: Road classes of the Vietnamese road system, from fastest to slowest.
ROAD_CLASSES: tuple[str, ...] = (
    "expressway",  # đường cao tốc
    "national",  # quốc lộ
    "provincial",  # đường tỉnh / tỉnh lộ
    "district",  # đường huyện / huyện lộ
    "commune",  # đường xã
    "urban",  # đường đô thị / đường phố
    "track",  # đường mòn, đường đất, đường nội đồng
)


def default_speeds_kmh() -> dict[str, float]:
    """Default average travel speeds per Vietnamese road class (km/h); a fresh dict on every call.

    These are planning speeds for a car or motorbike trip including junctions, villages and mixed
    traffic, not legal limits. The legal limits (Thông tư 38/2024/TT-BGTVT) are 60 km/h on two-lane
    roads inside residential areas, 80–90 km/h outside them and up to 120 km/h on expressways.

    ======================  ============================  ======
    class                   Vietnamese                    km/h
    ======================  ============================  ======
    ``expressway``          đường cao tốc                 80
    ``national``            quốc lộ (QL)                  50
    ``provincial``          đường tỉnh / tỉnh lộ (ĐT)     40
    ``district``            đường huyện / huyện lộ (ĐH)   30
    ``commune``             đường xã (ĐX)                 25
    ``urban``               đường đô thị / đường phố      25
    ``track``               đường mòn, đường đất          10
    ======================  ============================  ======

    Returns
    -------
    dict[str, float]
        Road class → speed (km/h). Change the copy you get; the defaults never change.

    Examples
    --------
    >>> speeds = default_speeds_kmh()
    >>> speeds["national"], speeds["track"]
    (50.0, 10.0)
    """
    return {
        "expressway": 80.0,
        "national": 50.0,
        "provincial": 40.0,
        "district": 30.0,
        "commune": 25.0,
        "urban": 25.0,
        "track": 10.0,
    }


def default_osm_highway_classes() -> dict[str, str]:
    """OSM ``highway=*`` values mapped onto Vietnamese road classes; a fresh dict on every call.

    The mapping follows the Vietnamese OSM tagging guideline: ``trunk`` and ``primary`` are quốc lộ,
    ``secondary`` is đường tỉnh, ``tertiary`` is đường huyện, ``unclassified`` is đường xã.
    Footways, cycleways, steps, paths and construction are left out (not for cars or motorbikes).

    Returns
    -------
    dict[str, str]
        OSM highway value → road class (a key of :func:`default_speeds_kmh`).
    """
    return {
        "motorway": "expressway",
        "motorway_link": "expressway",
        "trunk": "national",
        "trunk_link": "national",
        "primary": "national",
        "primary_link": "national",
        "secondary": "provincial",
        "secondary_link": "provincial",
        "tertiary": "district",
        "tertiary_link": "district",
        "unclassified": "commune",
        "road": "commune",
        "residential": "urban",
        "living_street": "urban",
        "service": "urban",
        "track": "track",
    }


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _road_class_aliases() -> dict[str, str]:
    aliases = {
        "cao toc": "expressway",
        "duong cao toc": "expressway",
        "ct": "expressway",
        "motorway": "expressway",
        "quoc lo": "national",
        "ql": "national",
        "national road": "national",
        "tinh lo": "provincial",
        "duong tinh": "provincial",
        "dt": "provincial",
        "tl": "provincial",
        "provincial road": "provincial",
        "huyen lo": "district",
        "duong huyen": "district",
        "dh": "district",
        "hl": "district",
        "district road": "district",
        "duong xa": "commune",
        "xa lo": "commune",
        "dx": "commune",
        "commune road": "commune",
        "duong do thi": "urban",
        "do thi": "urban",
        "duong pho": "urban",
        "pho": "urban",
        "street": "urban",
        "quoc gia": "national",
        "cap quoc gia": "national",
        "asean": "national",
        "cap tinh": "provincial",
        "cap huyen": "district",
        "cap xa": "commune",
        "duong mon": "track",
        "duong dat": "track",
        "duong noi dong": "track",
    }
    aliases.update(default_osm_highway_classes())
    aliases.update({name: name for name in ROAD_CLASSES})
    return aliases


def normalise_road_class(value: object, speeds_kmh: Mapping[str, float]) -> str | None:
    """Map a road-class label (English, Vietnamese with or without accents, OSM) to a speed key.

    Parameters
    ----------
    value
        Label as found in the data, e.g. ``"Quốc lộ"``, ``"QL"``, ``"tinh lo"``, ``"secondary"``.
    speeds_kmh
        Road class → speed (km/h); its keys are the classes that count as known.

    Returns
    -------
    str or None
        A key of `speeds_kmh`, or None when the label is not recognised.

    Examples
    --------
    >>> normalise_road_class("Quốc lộ", default_speeds_kmh())
    'national'
    >>> normalise_road_class("ĐT", default_speeds_kmh())
    'provincial'
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    if text in speeds_kmh:
        return text
    key = " ".join(_strip_diacritics(text).lower().replace("_", " ").replace(".", " ").split())
    if key in speeds_kmh:
        return key
    alias = _road_class_aliases().get(key) or _road_class_aliases().get(key.replace(" ", "_"))
    if alias is not None and alias in speeds_kmh:
        return alias
    return None


def validated_speeds(speeds_kmh: Mapping[str, float] | None) -> dict[str, float]:
    """A fresh dict of road class → speed (km/h), the defaults when None; every speed must be > 0."""
    speeds = default_speeds_kmh() if speeds_kmh is None else dict(speeds_kmh)
    problems = [
        DataProblem(
            "speeds_kmh", None, road_class, f"speed is {speed!r} km/h; must be a number > 0"
        )
        for road_class, speed in speeds.items()
        if not isinstance(speed, int | float) or not np.isfinite(speed) or speed <= 0
    ]
    if problems:
        raise InputDataError(problems)
    return {road_class: float(speed) for road_class, speed in speeds.items()}
