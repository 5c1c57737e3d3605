"""Straight-line travel minutes with a speed per commune class (terrain or area class) at each end."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.errors import ProblemError
from facility_plan.travel.matrix import TravelMatrix, compute_straight_line_matrix


def _speeds(classes: pd.Series, speed_kmh: Mapping[str, float], default_kmh: float) -> np.ndarray:
    return np.array([float(speed_kmh.get(str(c), default_kmh)) for c in classes], dtype=np.float64)


def compute_class_speed_matrix(
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    *,
    crs: str,
    detour_factor: float,
    speed_kmh_by_class: Mapping[str, float],
    default_speed_kmh: float,
    origin_classes: pd.Series,
    destination_classes: pd.Series,
) -> TravelMatrix:
    r"""Minutes = road km × (½ · 60 / v_origin + ½ · 60 / v_destination), road km = line km × detour.

    Half of each trip runs at the speed of the origin's class and half at the destination's, so
    a trip inside one class runs at that class's speed and the matrix stays symmetric.

    Parameters
    ----------
    origins, destinations
        Point GeoDataFrames indexed by id, in any CRS.
    crs
        Projected metric CRS (metres) of the distances.
    detour_factor
        Road distance / straight-line distance (dimensionless).
    speed_kmh_by_class
        Class → speed (km/h).
    default_speed_kmh
        Speed of a class not listed (km/h).
    origin_classes, destination_classes
        Class of each origin / destination, aligned with the frames (same order).

    Returns
    -------
    TravelMatrix
        Method ``straight_line``.

    Raises
    ------
    ProblemError
        Class series not aligned with the points.
    """
    if len(origin_classes) != len(origins) or len(destination_classes) != len(destinations):
        msg = "commune classes must give one class per origin and per destination"
        raise ProblemError(msg)
    # Minutes at 60 km/h with no detour are kilometres of straight line.
    kilometres = compute_straight_line_matrix(
        origins, destinations, crs=crs, detour_factor=1.0, speed_kmh=60.0
    )
    origin_hours_per_km = 1.0 / _speeds(origin_classes, speed_kmh_by_class, default_speed_kmh)
    destination_hours_per_km = 1.0 / _speeds(
        destination_classes, speed_kmh_by_class, default_speed_kmh
    )
    minutes_per_km = 30.0 * (origin_hours_per_km[:, None] + destination_hours_per_km[None, :])
    return TravelMatrix(
        kilometres.origin_ids,
        kilometres.destination_ids,
        kilometres.minutes * detour_factor * minutes_per_km,
        method="straight_line",
    )
