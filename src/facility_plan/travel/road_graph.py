"""Road-graph format and the edge builder shared by the line and OSM readers.

Road networks are ``networkx.MultiDiGraph`` objects in a projected metric CRS. Every node has
``x`` and ``y`` (metres). Every edge has these attributes:

``length_m``
    Length of the edge (m).
``speed_kmh``
    Average travel speed on the edge (km/h).
``travel_minutes``
    ``length_m`` at ``speed_kmh`` (minutes).
``road_class``
    One of :data:`~facility_plan.travel.road_classes.ROAD_CLASSES` or a class name of your own that
    is a key of the speeds you passed.
``geometry``
    ``shapely.LineString`` in the graph CRS from the edge's start node to its end node (optional; a
    straight segment between the nodes is assumed when it is missing).

``graph.graph["crs"]`` holds the CRS. Two-way roads are two edges (u→v and v→u); one-way roads
are one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import numpy.typing as npt
import shapely

from facility_plan.units import METRES_PER_KM, MINUTES_PER_HOUR


def metres_per_minute(speed_kmh: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Metres covered in one minute at `speed_kmh` (km/h), element-wise."""
    return np.asarray(speed_kmh, dtype=np.float64) * METRES_PER_KM / MINUTES_PER_HOUR


class RoadPiece(NamedTuple):
    """One stretch of road between two graph nodes, before it becomes one or two edges."""

    from_node: Any
    to_node: Any
    geometry: shapely.LineString
    road_class: str
    speed_kmh: float
    forward: bool
    backward: bool
    source: dict[str, Any]


def add_road_pieces(graph: nx.MultiDiGraph, pieces: Iterable[RoadPiece]) -> None:
    """Add every piece as one edge per allowed direction (minutes from length and speed); skip length 0."""
    for piece in pieces:
        length_m = float(piece.geometry.length)
        if length_m <= 0:
            continue
        attributes = {
            "length_m": length_m,
            "speed_kmh": piece.speed_kmh,
            "travel_minutes": length_m / float(metres_per_minute(piece.speed_kmh)),
            "road_class": piece.road_class,
            **piece.source,
        }
        if piece.forward:
            graph.add_edge(piece.from_node, piece.to_node, geometry=piece.geometry, **attributes)
        if piece.backward:
            graph.add_edge(
                piece.to_node, piece.from_node, geometry=piece.geometry.reverse(), **attributes
            )


def parse_oneway(value: object) -> tuple[bool, bool] | None:
    """(forward, backward) for a oneway value, or None when the value is not understood."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return True, True
    text = str(value).strip().lower()
    if text in {"", "no", "false", "0", "n", "f", "khong", "không", "reversible", "alternating"}:
        return True, True
    if text in {"yes", "true", "1", "y", "t", "co", "có", "1.0"}:
        return True, False
    if text in {"-1", "reverse", "-1.0"}:
        return False, True
    return None
