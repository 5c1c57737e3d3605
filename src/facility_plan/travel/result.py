"""Travel minutes for a scenario from its travel settings, as a typed result with pair counts per method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import geopandas as gpd

from facility_plan.config import TravelConfig
from facility_plan.errors import ScenarioConfigError
from facility_plan.travel.fallback import AreaTravel, PairMethod, StraightLineFallback
from facility_plan.travel.matrix import TravelMatrix, compute_straight_line_matrix
from facility_plan.travel.network import compute_travel_from_roads

__all__ = ["TravelResult", "compute_travel"]

#: Key of ``TravelResult.pairs_by_method`` for straight-line-only runs.
STRAIGHT_LINE_PAIRS = "straight_line"
_REQUESTED_METHODS = ("straight_line", "network")
_NETWORK = PairMethod.NETWORK.name.lower()
_BEYOND_CUTOFF = PairMethod.BEYOND_CUTOFF.name.lower()
_FALLBACK_METHODS = (
    PairMethod.STRAIGHT_LINE_NO_ROUTE.name.lower(),
    PairMethod.STRAIGHT_LINE_FAR_FROM_ROAD.name.lower(),
)


@dataclass(frozen=True, slots=True)
class TravelResult:
    """Travel minutes of a scenario, how every pair got them, and what a planner reads about it.

    Attributes
    ----------
    matrix
        Minutes origin → destination.
    method_requested
        The travel method of the settings: ``straight_line`` or ``network``.
    pairs_by_method
        Number of origin–destination pairs per method actually used (read-only): ``straight_line``
        for straight-line runs; ``network``, ``straight_line_no_route``,
        ``straight_line_far_from_road`` and ``beyond_cutoff`` (zeros included) for network runs.
        The counts add up to the size of ``matrix``.

    The sentence a planner reads about it is written in one place for every output:
    `facility_plan.labels.notes.travel_note`.
    """

    matrix: TravelMatrix
    method_requested: str
    pairs_by_method: Mapping[str, int]

    def __post_init__(self) -> None:
        if self.method_requested not in _REQUESTED_METHODS:
            msg = (
                f"TravelResult: method_requested is {self.method_requested!r}; "
                f"must be one of {list(_REQUESTED_METHODS)}"
            )
            raise ValueError(msg)
        pairs = {str(method): int(count) for method, count in self.pairs_by_method.items()}
        if any(count < 0 for count in pairs.values()) or sum(pairs.values()) != (
            self.matrix.minutes.size
        ):
            msg = (
                f"TravelResult: pairs_by_method {pairs} must be counts ≥ 0 adding up to the "
                f"{self.matrix.minutes.size} pairs of the matrix"
            )
            raise ValueError(msg)
        object.__setattr__(self, "pairs_by_method", MappingProxyType(pairs))


def compute_travel(
    settings: TravelConfig,
    *,
    crs: str,
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
) -> TravelResult:
    """Travel minutes origin → destination by the method of `settings`, with pair counts per method.

    ``straight_line``: straight-line distance × ``settings.detour_factor`` at ``settings.speed_kmh``.
    ``network``: shortest paths on the roads in ``settings.roads``; pairs without a road route or
    with a point farther than ``settings.max_snap_distance_m`` from any road use that same straight
    line (one speed and detour factor for every area type); pairs longer than
    ``settings.cutoff_minutes`` get ``inf``.

    Parameters
    ----------
    settings
        Travel settings of the scenario.
    crs
        Projected metric CRS (metres) of the distances, e.g. ``"EPSG:32648"``.
    origins, destinations
        Point GeoDataFrames indexed by id (communes, sites), in any CRS.

    Returns
    -------
    TravelResult
        Minutes and pairs per method.

    Raises
    ------
    ScenarioConfigError
        Method ``network`` without a road file.
    InputDataError
        Unreadable road file or points (file, row and field named).
    """
    if settings.method == "straight_line":
        matrix = compute_straight_line_matrix(
            origins,
            destinations,
            crs=crs,
            detour_factor=settings.detour_factor,
            speed_kmh=settings.speed_kmh,
        )
        pairs = {STRAIGHT_LINE_PAIRS: int(matrix.minutes.size)}
    else:
        if settings.roads is None:
            msg = "travel.roads: method 'network' needs 'roads' (a road-line file)"
            raise ScenarioConfigError(msg)
        fallback_speed = AreaTravel(
            speed_kmh=settings.speed_kmh, detour_factor=settings.detour_factor
        )
        network = compute_travel_from_roads(
            settings.roads,
            origins,
            destinations,
            crs=crs,
            class_column=settings.road_class_column,
            speed_column=settings.speed_column,
            oneway_column=settings.oneway_column,
            cutoff_minutes=settings.cutoff_minutes,
            fallback=StraightLineFallback(
                urban=fallback_speed,
                rural=fallback_speed,
                mountainous=fallback_speed,
                max_snap_distance_m=settings.max_snap_distance_m,
            ),
        )
        matrix = network.travel
        pairs = {str(method): int(count) for method, count in network.method_counts().items()}
    return TravelResult(
        matrix=matrix,
        method_requested=settings.method,
        pairs_by_method=pairs,
    )
