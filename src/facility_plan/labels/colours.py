"""Travel-minute classes and centre colours shared by the interactive and the print maps."""

from __future__ import annotations

import numpy as np

# Travel-minutes classes (lower edges, minutes) and colours shared by the interactive and print maps.
MINUTE_BINS = (0.0, 10.0, 20.0, 30.0, 45.0, 60.0)
MINUTE_COLOURS = ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027")
NO_DATA_COLOUR = "#bdbdbd"
EXISTING_COLOUR = "#08519c"
NEW_COLOUR = "#a50f15"


def minutes_colour(minutes: float | None) -> str:
    """Colour of the travel-minutes class (`MINUTE_BINS`, minutes) that `minutes` falls in; grey if NaN."""
    if minutes is None or not np.isfinite(minutes):
        return NO_DATA_COLOUR
    index = int(np.searchsorted(MINUTE_BINS, minutes, side="right")) - 1
    return MINUTE_COLOURS[max(0, min(index, len(MINUTE_COLOURS) - 1))]
