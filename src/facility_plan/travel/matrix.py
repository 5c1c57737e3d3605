"""Travel minutes between demand points and sites: the `TravelMatrix` type and the straight-line model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import InputDataError
from facility_plan.units import metres_to_minutes

TravelMethod = Literal["network", "straight_line", "mixed", "given"]


@dataclass(frozen=True, slots=True)
class TravelMatrix:
    """Travel minutes from every origin to every destination, with the labels kept beside the numbers.

    Attributes
    ----------
    origin_ids
        Origin ids (usually ``demand_id``), one per row.
    destination_ids
        Destination ids (usually ``site_id``), one per column.
    minutes
        Array of shape (n_origins, n_destinations), travel minutes; ``np.inf`` means unreachable.
    method
        How the minutes were obtained.
    """

    origin_ids: pd.Index
    destination_ids: pd.Index
    minutes: npt.NDArray[np.float64]
    method: TravelMethod = "given"

    def __post_init__(self) -> None:
        shape = (len(self.origin_ids), len(self.destination_ids))
        if self.minutes.shape != shape:
            msg = f"TravelMatrix: minutes has shape {self.minutes.shape}, ids give {shape}"
            raise ValueError(msg)
        if np.isnan(self.minutes).any():
            msg = "TravelMatrix: minutes contains NaN; use np.inf for unreachable pairs"
            raise ValueError(msg)
        if (self.minutes < 0).any():
            msg = "TravelMatrix: minutes contains negative values"
            raise ValueError(msg)
        self.minutes.flags.writeable = False

    def within(self, max_minutes: float) -> npt.NDArray[np.bool_]:
        """Boolean array: True where the pair is reachable within `max_minutes` minutes."""
        return self.minutes <= max_minutes

    def to_long(self, max_minutes: float | None = None) -> pd.DataFrame:
        """Long table with columns origin_id, destination_id, travel_minutes (finite pairs only).

        Parameters
        ----------
        max_minutes
            Keep only pairs at or below this many minutes.
        """
        rows, cols = np.nonzero(np.isfinite(self.minutes))
        values = self.minutes[rows, cols]
        if max_minutes is not None:
            keep = values <= max_minutes
            rows, cols, values = rows[keep], cols[keep], values[keep]
        return pd.DataFrame(
            {
                "origin_id": self.origin_ids.to_numpy()[rows],
                "destination_id": self.destination_ids.to_numpy()[cols],
                "travel_minutes": values,
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """Wide DataFrame: index origin ids, columns destination ids, values minutes."""
        return pd.DataFrame(self.minutes, index=self.origin_ids, columns=self.destination_ids)


def _projected_xy(points: gpd.GeoDataFrame, crs: str, what: str) -> npt.NDArray[np.float64]:
    if points.crs is None:
        msg = f"{what}: no CRS set; set one (e.g. EPSG:4326 for lon/lat)"
        raise InputDataError(msg)
    projected = points.to_crs(crs)
    if not projected.crs.is_projected:
        msg = f"{what}: CRS {crs} is not projected; distances need metres (e.g. EPSG:32648)"
        raise InputDataError(msg)
    if not projected.geom_type.eq("Point").all():
        msg = f"{what}: all geometries must be points"
        raise InputDataError(msg)
    return np.column_stack([projected.geometry.x.to_numpy(), projected.geometry.y.to_numpy()])


def compute_straight_line_matrix(
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    *,
    crs: str,
    detour_factor: float,
    speed_kmh: float,
) -> TravelMatrix:
    """Travel minutes as straight-line distance × detour factor at an assumed speed.

    Parameters
    ----------
    origins, destinations
        Point GeoDataFrames indexed by id, in any CRS.
    crs
        Projected metric CRS in which distances are measured (metres).
    detour_factor
        Road distance / straight-line distance (≥ 1).
    speed_kmh
        Average travel speed (km/h).

    Returns
    -------
    TravelMatrix
        Minutes, method ``straight_line``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoDataFrame(geometry=[Point(0, 0)], index=["a"], crs="EPSG:32648")
    >>> b = gpd.GeoDataFrame(geometry=[Point(3000, 4000)], index=["b"], crs="EPSG:32648")
    >>> compute_straight_line_matrix(a, b, crs="EPSG:32648", detour_factor=1.2,
    ...                              speed_kmh=36).minutes.round(2).tolist()
    [[10.0]]
    """
    origin_xy = _projected_xy(origins, crs, "origins")
    destination_xy = _projected_xy(destinations, crs, "destinations")
    deltas = origin_xy[:, None, :] - destination_xy[None, :, :]
    distance_m = np.hypot(deltas[..., 0], deltas[..., 1]) * detour_factor
    minutes = metres_to_minutes(distance_m, speed_kmh=speed_kmh)
    return TravelMatrix(
        origin_ids=pd.Index(origins.index.astype(str), name="origin_id"),
        destination_ids=pd.Index(destinations.index.astype(str), name="destination_id"),
        minutes=minutes,
        method="straight_line",
    )
