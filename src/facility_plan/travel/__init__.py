"""Travel minutes between demand points and sites: straight line, road networks, accessibility measures.

Modules, from the bottom up: :mod:`~facility_plan.travel.matrix` (the `TravelMatrix` type and the
straight-line model), :mod:`~facility_plan.travel.road_classes`, :mod:`~facility_plan.travel.road_graph`
(the road-graph format), the readers :mod:`~facility_plan.travel.road_lines` and
:mod:`~facility_plan.travel.osm`, :mod:`~facility_plan.travel.routing` (index and snapping),
:mod:`~facility_plan.travel.fallback`, :mod:`~facility_plan.travel.cache`,
:mod:`~facility_plan.travel.network` (network matrices), :mod:`~facility_plan.travel.result` (the
typed result a scenario uses) and :mod:`~facility_plan.travel.accessibility`.

The public names below are loaded on first use, so ``from facility_plan.travel import TravelMatrix``
does not import networkx or scipy's graph routines; the optional packages ``osmium`` and ``osmnx``
are imported only inside the functions that read ``.pbf`` files or download from OpenStreetMap.
"""

from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

#: Public name → submodule that defines it (read-only).
_MODULE_OF_NAME = MappingProxyType(
    {
        "LUO_QI_ZONES": "facility_plan.travel.accessibility",
        "DecayFunction": "facility_plan.travel.accessibility",
        "aggregate_by_admin": "facility_plan.travel.accessibility",
        "compute_enhanced_two_step_fca": "facility_plan.travel.accessibility",
        "compute_nearest_minutes": "facility_plan.travel.accessibility",
        "compute_share_within": "facility_plan.travel.accessibility",
        "compute_two_step_fca": "facility_plan.travel.accessibility",
        "gaussian_decay": "facility_plan.travel.accessibility",
        "linear_decay": "facility_plan.travel.accessibility",
        "step_decay": "facility_plan.travel.accessibility",
        "zonal_decay": "facility_plan.travel.accessibility",
        "AREA_TYPES": "facility_plan.travel.fallback",
        "AreaTravel": "facility_plan.travel.fallback",
        "PairMethod": "facility_plan.travel.fallback",
        "StraightLineFallback": "facility_plan.travel.fallback",
        "TravelMatrix": "facility_plan.travel.matrix",
        "TravelMethod": "facility_plan.travel.matrix",
        "compute_straight_line_matrix": "facility_plan.travel.matrix",
        "NetworkTravelResult": "facility_plan.travel.network",
        "compute_network_matrix": "facility_plan.travel.network",
        "compute_travel_from_roads": "facility_plan.travel.network",
        "graph_from_osmnx": "facility_plan.travel.osm",
        "graph_from_place": "facility_plan.travel.osm",
        "read_osm_xml": "facility_plan.travel.osm",
        "TravelResult": "facility_plan.travel.result",
        "compute_travel": "facility_plan.travel.result",
        "ROAD_CLASSES": "facility_plan.travel.road_classes",
        "default_osm_highway_classes": "facility_plan.travel.road_classes",
        "default_speeds_kmh": "facility_plan.travel.road_classes",
        "normalise_road_class": "facility_plan.travel.road_classes",
        "read_road_lines": "facility_plan.travel.road_lines",
        "snap_points": "facility_plan.travel.routing",
    }
)

__all__ = [
    "AREA_TYPES",
    "LUO_QI_ZONES",
    "ROAD_CLASSES",
    "AreaTravel",
    "DecayFunction",
    "NetworkTravelResult",
    "PairMethod",
    "StraightLineFallback",
    "TravelMatrix",
    "TravelMethod",
    "TravelResult",
    "aggregate_by_admin",
    "compute_enhanced_two_step_fca",
    "compute_nearest_minutes",
    "compute_network_matrix",
    "compute_share_within",
    "compute_straight_line_matrix",
    "compute_travel",
    "compute_travel_from_roads",
    "compute_two_step_fca",
    "default_osm_highway_classes",
    "default_speeds_kmh",
    "gaussian_decay",
    "graph_from_osmnx",
    "graph_from_place",
    "linear_decay",
    "normalise_road_class",
    "read_osm_xml",
    "read_road_lines",
    "snap_points",
    "step_decay",
    "zonal_decay",
]

if TYPE_CHECKING:
    from facility_plan.travel.accessibility import (
        LUO_QI_ZONES,
        DecayFunction,
        aggregate_by_admin,
        compute_enhanced_two_step_fca,
        compute_nearest_minutes,
        compute_share_within,
        compute_two_step_fca,
        gaussian_decay,
        linear_decay,
        step_decay,
        zonal_decay,
    )
    from facility_plan.travel.fallback import (
        AREA_TYPES,
        AreaTravel,
        PairMethod,
        StraightLineFallback,
    )
    from facility_plan.travel.matrix import TravelMatrix, TravelMethod, compute_straight_line_matrix
    from facility_plan.travel.network import (
        NetworkTravelResult,
        compute_network_matrix,
        compute_travel_from_roads,
    )
    from facility_plan.travel.osm import graph_from_osmnx, graph_from_place, read_osm_xml
    from facility_plan.travel.result import TravelResult, compute_travel
    from facility_plan.travel.road_classes import (
        ROAD_CLASSES,
        default_osm_highway_classes,
        default_speeds_kmh,
        normalise_road_class,
    )
    from facility_plan.travel.road_lines import read_road_lines
    from facility_plan.travel.routing import snap_points


def __getattr__(name: str) -> Any:
    module = _MODULE_OF_NAME.get(name)
    if module is None:
        msg = f"module 'facility_plan.travel' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return list(__all__)
