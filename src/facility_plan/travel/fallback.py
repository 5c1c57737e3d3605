"""The per-pair fallback chain: pair methods, straight-line speed and detour per area type, fallback minutes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import geopandas as gpd
import numpy as np
import numpy.typing as npt

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.travel.checks import raise_if_problems
from facility_plan.travel.road_graph import metres_per_minute
from facility_plan.travel.routing import Snaps

__all__ = ["AREA_TYPES", "DEFAULT_FALLBACK", "AreaTravel", "PairMethod", "StraightLineFallback"]

#: Area types that select the straight-line fallback speed and detour factor.
AREA_TYPES: tuple[str, ...] = ("urban", "rural", "mountainous")


class PairMethod(IntEnum):
    """How the minutes of one origin–destination pair were obtained (stored as int8)."""

    NETWORK = 0
    """Shortest path on the road graph plus connectors at both ends."""
    STRAIGHT_LINE_NO_ROUTE = 1
    """No road route (different network parts, one-way dead end): straight line × detour factor."""
    STRAIGHT_LINE_FAR_FROM_ROAD = 2
    """Origin or destination farther than ``max_snap_distance_m`` from any road: straight line."""
    BEYOND_CUTOFF = 3
    """Longer than ``cutoff_minutes`` (minutes are ``inf``)."""


@dataclass(frozen=True, slots=True)
class AreaTravel:
    """Straight-line travel in one area type.

    Attributes
    ----------
    speed_kmh
        Average door-to-door speed (km/h).
    detour_factor
        Road distance / straight-line distance (dimensionless, ≥ 1).
    """

    speed_kmh: float
    detour_factor: float

    def __post_init__(self) -> None:
        if not np.isfinite(self.speed_kmh) or self.speed_kmh <= 0:
            msg = f"AreaTravel: speed_kmh is {self.speed_kmh}; must be km/h > 0"
            raise InputDataError(msg)
        if not np.isfinite(self.detour_factor) or self.detour_factor < 1:
            msg = f"AreaTravel: detour_factor is {self.detour_factor}; must be ≥ 1"
            raise InputDataError(msg)


@dataclass(frozen=True, slots=True)
class StraightLineFallback:
    """Parameters of the straight-line fallback used when the road network gives no answer.

    Attributes
    ----------
    urban, rural, mountainous
        Speed (km/h) and detour factor per area type; the origin's area type picks one.
    max_snap_distance_m
        Points farther than this from every road (m) use the straight line for all their pairs.
    """

    urban: AreaTravel = AreaTravel(speed_kmh=20.0, detour_factor=1.3)
    rural: AreaTravel = AreaTravel(speed_kmh=30.0, detour_factor=1.4)
    mountainous: AreaTravel = AreaTravel(speed_kmh=20.0, detour_factor=1.8)
    max_snap_distance_m: float = 2000.0

    def __post_init__(self) -> None:
        if not self.max_snap_distance_m > 0:
            msg = (
                "StraightLineFallback: max_snap_distance_m is "
                f"{self.max_snap_distance_m}; must be m > 0"
            )
            raise InputDataError(msg)

    def for_area(self, area_type: str) -> AreaTravel:
        """Speed and detour factor of `area_type` (one of :data:`AREA_TYPES`)."""
        return {"urban": self.urban, "rural": self.rural, "mountainous": self.mountainous}[
            area_type
        ]


#: The default fallback parameters; frozen, so one shared instance is a safe default argument.
DEFAULT_FALLBACK = StraightLineFallback()


def origin_area_types(
    origins: gpd.GeoDataFrame, area_type_column: str | None, default_area_type: str
) -> npt.NDArray[np.object_]:
    """Area type of every origin (one of :data:`AREA_TYPES`), from a column or the default.

    Raises
    ------
    InputDataError
        Unknown default, missing column, or values outside :data:`AREA_TYPES` (row and field named).
    """
    if default_area_type not in AREA_TYPES:
        msg = f"default_area_type is {default_area_type!r}; must be one of {list(AREA_TYPES)}"
        raise InputDataError(msg)
    if area_type_column is None:
        return np.full(len(origins), default_area_type, dtype=object)
    if area_type_column not in origins.columns:
        found = [c for c in origins.columns if c != origins.geometry.name]
        msg = f"origins: field '{area_type_column}': area type column missing; found: {found}"
        raise InputDataError(msg)
    values: npt.NDArray[np.object_] = origins[area_type_column].to_numpy(dtype=object)
    problems = [
        DataProblem(
            "origins",
            position + 1,
            area_type_column,
            f"area type {value!r}; must be one of {list(AREA_TYPES)}",
        )
        for position, value in enumerate(values)
        if value not in AREA_TYPES
    ]
    raise_if_problems(problems)
    return values


def pair_minutes_and_methods(
    network: npt.NDArray[np.float64],
    origin_snaps: Snaps,
    destination_snaps: Snaps,
    origin_components: npt.NDArray[np.int64],
    destination_components: npt.NDArray[np.int64],
    straight_line: npt.NDArray[np.float64],
    *,
    cutoff_minutes: float | None,
    max_snap_distance_m: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """Apply the fallback chain to every pair: network, straight line, beyond the cutoff.

    Parameters
    ----------
    network
        Minutes on the road graph (``inf``: not reached), shape (n_origins, n_destinations).
    origin_snaps, destination_snaps
        Where the points join the road network (snap distances in m).
    origin_components, destination_components
        Network part of every point (0 = largest).
    straight_line
        Straight-line fallback minutes, same shape as `network`.
    cutoff_minutes
        Pairs longer than this many minutes become ``inf`` (``BEYOND_CUTOFF``); None: no cutoff.
    max_snap_distance_m
        Points farther than this from every road (m) use the straight line for all their pairs.

    Returns
    -------
    tuple
        Minutes of every pair and its :class:`PairMethod` as int8, both of the shape of `network`.
    """
    far = (origin_snaps.snap_distance_m > max_snap_distance_m)[:, None] | (
        destination_snaps.snap_distance_m > max_snap_distance_m
    )[None, :]
    unreached = ~np.isfinite(network)
    same_component = origin_components[:, None] == destination_components[None, :]
    pair_method = np.full(network.shape, PairMethod.NETWORK, dtype=np.int8)
    if cutoff_minutes is None:
        no_route = unreached & ~far
        beyond = np.zeros(network.shape, dtype=bool)
    else:
        no_route = unreached & ~far & ~same_component
        beyond = unreached & ~far & same_component
    pair_method[no_route] = PairMethod.STRAIGHT_LINE_NO_ROUTE
    pair_method[far] = PairMethod.STRAIGHT_LINE_FAR_FROM_ROAD
    minutes = np.where(no_route | far, straight_line, network)
    if cutoff_minutes is not None:
        beyond |= minutes > cutoff_minutes
        minutes[beyond] = np.inf
        pair_method[beyond] = PairMethod.BEYOND_CUTOFF
    return minutes, pair_method


def straight_line_minutes(
    origin_xy: npt.NDArray[np.float64],
    destination_xy: npt.NDArray[np.float64],
    area_types: npt.NDArray[np.object_],
    fallback: StraightLineFallback,
) -> npt.NDArray[np.float64]:
    """Straight-line minutes: distance (m) × the origin's detour factor at the origin's area speed.

    Parameters
    ----------
    origin_xy, destination_xy
        Projected coordinates (m), shape (n, 2).
    area_types
        Area type of every origin (one of :data:`AREA_TYPES`).
    fallback
        Speeds (km/h) and detour factors per area type.

    Returns
    -------
    numpy.ndarray
        Minutes, shape (n_origins, n_destinations).
    """
    deltas = origin_xy[:, None, :] - destination_xy[None, :, :]
    distance_m = np.hypot(deltas[..., 0], deltas[..., 1])
    detour = np.array([fallback.for_area(a).detour_factor for a in area_types])
    speed_m_per_min = metres_per_minute([fallback.for_area(a).speed_kmh for a in area_types])
    return distance_m * (detour / speed_m_per_min)[:, None]
