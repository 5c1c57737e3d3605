"""Unit conversions used across the package (km/h, minutes, metres, VND); no data, no state."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

METRES_PER_KM = 1000.0
MINUTES_PER_HOUR = 60.0


def kmh_to_metres_per_minute(speed_kmh: float) -> float:
    """Convert a speed in km/h to metres per minute."""
    return speed_kmh * METRES_PER_KM / MINUTES_PER_HOUR


def metres_to_minutes(length_m: npt.ArrayLike, *, speed_kmh: float) -> npt.NDArray[np.float64]:
    """Travel minutes to cover `length_m` metres at `speed_kmh` km/h."""
    if speed_kmh <= 0:
        msg = f"speed_kmh must be positive, got {speed_kmh}"
        raise ValueError(msg)
    return np.asarray(length_m, dtype=np.float64) / kmh_to_metres_per_minute(speed_kmh)
