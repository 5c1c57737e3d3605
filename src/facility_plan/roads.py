"""Road networks, snapping and network travel-time matrices.

Road networks are ``networkx.MultiDiGraph`` objects in a projected metric CRS. Every node has
``x`` and ``y`` (metres). Every edge has these attributes:

``length_m``
    Length of the edge (m).
``speed_kmh``
    Average travel speed on the edge (km/h).
``travel_minutes``
    ``length_m`` at ``speed_kmh`` (minutes).
``road_class``
    One of :data:`ROAD_CLASSES` or a class name of your own that is a key of the speeds you passed.
``geometry``
    ``shapely.LineString`` in the graph CRS from the edge's start node to its end node (optional; a
    straight segment between the nodes is assumed when it is missing).

``graph.graph["crs"]`` holds the CRS. Two-way roads are two edges (u→v and v→u); one-way roads
are one.

The graphs come from a line layer (:func:`read_road_lines`), from OSM XML or PBF
(:func:`read_osm_xml`) or, when ``osmnx`` is installed and the machine is online, from a place name
(:func:`graph_from_place`). :func:`compute_network_matrix` turns a graph and two point layers into
travel minutes with the fallback chain network → straight line × detour factor, and says for every
pair which method gave its minutes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyproj
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.travel import TravelMatrix
from facility_plan.units import METRES_PER_KM, MINUTES_PER_HOUR

log = logging.getLogger(__name__)

__all__ = [
    "AREA_TYPES",
    "ROAD_CLASSES",
    "AreaTravel",
    "NetworkTravelResult",
    "PairMethod",
    "StraightLineFallback",
    "compute_network_matrix",
    "compute_travel_from_roads",
    "default_osm_highway_classes",
    "default_speeds_kmh",
    "graph_from_osmnx",
    "graph_from_place",
    "normalise_road_class",
    "read_osm_xml",
    "read_road_lines",
    "snap_points",
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

#: Area types that select the straight-line fallback speed and detour factor.
AREA_TYPES: tuple[str, ...] = ("urban", "rural", "mountainous")

_OPTIONAL_EXTRA_HINT = 'pip install "facility_plan[osm]"'
_CACHE_FORMAT_VERSION = "facility_plan.roads/1"
#: Dijkstra works on blocks of sources; one block's dense distance rows stay below this many bytes.
_DIJKSTRA_BLOCK_BYTES = 256 * 1024 * 1024
_MAX_LISTED_PROBLEMS = 50


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


def _validated_speeds(speeds_kmh: Mapping[str, float] | None) -> dict[str, float]:
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


def _projected_crs(crs: str | pyproj.CRS, what: str) -> pyproj.CRS:
    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as err:
        msg = f"{what}: cannot parse CRS {crs!r} ({err})"
        raise InputDataError(msg) from err
    if not parsed.is_projected:
        msg = f"{what}: CRS {crs} is not projected; distances need metres (e.g. EPSG:32648)"
        raise InputDataError(msg)
    return parsed


def _metres_per_minute(speed_kmh: npt.ArrayLike) -> npt.NDArray[np.float64]:
    return np.asarray(speed_kmh, dtype=np.float64) * METRES_PER_KM / MINUTES_PER_HOUR


def _raise_if_problems(problems: Sequence[DataProblem]) -> None:
    if not problems:
        return
    if len(problems) > _MAX_LISTED_PROBLEMS:
        hidden = len(problems) - _MAX_LISTED_PROBLEMS
        problems = [
            *problems[:_MAX_LISTED_PROBLEMS],
            DataProblem(problems[0].source, None, None, f"… and {hidden} more problems"),
        ]
    raise InputDataError(problems)


# ---------------------------------------------------------------------------------------------
# Graph building
# ---------------------------------------------------------------------------------------------


class _RoadPiece(NamedTuple):
    """One stretch of road between two graph nodes, before it becomes one or two edges."""

    from_node: Any
    to_node: Any
    geometry: shapely.LineString
    road_class: str
    speed_kmh: float
    forward: bool
    backward: bool
    source: dict[str, Any]


def _add_road_pieces(graph: nx.MultiDiGraph, pieces: Iterable[_RoadPiece]) -> None:
    for piece in pieces:
        length_m = float(piece.geometry.length)
        if length_m <= 0:
            continue
        attributes = {
            "length_m": length_m,
            "speed_kmh": piece.speed_kmh,
            "travel_minutes": length_m / float(_metres_per_minute(piece.speed_kmh)),
            "road_class": piece.road_class,
            **piece.source,
        }
        if piece.forward:
            graph.add_edge(piece.from_node, piece.to_node, geometry=piece.geometry, **attributes)
        if piece.backward:
            graph.add_edge(
                piece.to_node, piece.from_node, geometry=piece.geometry.reverse(), **attributes
            )


def _parse_oneway(value: object) -> tuple[bool, bool] | None:
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


def read_road_lines(
    path: str | Path,
    *,
    crs: str | pyproj.CRS,
    speed_column: str | None = None,
    class_column: str | None = None,
    speeds_kmh: Mapping[str, float] | None = None,
    oneway_column: str | None = None,
    default_road_class: str = "district",
    snap_tolerance_m: float = 1.0,
    layer: str | None = None,
) -> nx.MultiDiGraph:
    """Read a road line layer (GeoPackage, GeoJSON, Shapefile, …) into a road graph.

    Nodes are the line endpoints; endpoints closer than `snap_tolerance_m` become one node. Lines
    that cross without sharing an endpoint are not connected (bridges and overpasses stay apart), so
    split lines at junctions before reading.

    Parameters
    ----------
    path
        Vector file of LineString or MultiLineString features in any CRS (the file must declare it).
    crs
        Projected metric CRS of the graph (metres), e.g. ``"EPSG:32648"`` (UTM 48N).
    speed_column
        Column with the speed of each line (km/h). Empty cells fall back to the class speed.
    class_column
        Column with the road class: English (``national``), Vietnamese (``Quốc lộ``, ``QL``,
        ``tinh lo``) or OSM (``secondary``), or any key of `speeds_kmh`.
    speeds_kmh
        Road class → speed (km/h); defaults to :func:`default_speeds_kmh`.
    oneway_column
        Column saying whether the line is one-way: ``yes``/``true``/``1`` (digitised direction
        only), ``-1`` (against the digitised direction), ``no``/empty (both ways).
    default_road_class
        Class of every line when `class_column` is None.
    snap_tolerance_m
        Endpoints closer than this (m) are merged into one node.
    layer
        Layer name in multi-layer files (GeoPackage).

    Returns
    -------
    networkx.MultiDiGraph
        Road graph; edges also carry ``source_row`` (1-based data row of the file).

    Raises
    ------
    InputDataError
        File unreadable, no CRS, missing column, non-line geometry, unknown road class, or a speed
        that is not a number > 0; every problem names file, row and field.
    """
    source = str(path)
    speeds = _validated_speeds(speeds_kmh)
    target_crs = _projected_crs(crs, source)
    if not Path(path).exists():
        msg = f"{source}: file not found"
        raise InputDataError(msg)
    try:
        lines = gpd.read_file(path, layer=layer)
    except Exception as err:  # pyogrio raises several types; all mean "cannot read this file"
        msg = (
            f"{source}: cannot read as a vector layer ({err}). "
            "Expected GeoPackage, GeoJSON or Shapefile."
        )
        raise InputDataError(msg) from err
    _check_line_table(lines, source, speed_column, class_column, oneway_column)
    lines = lines.reset_index(drop=True).to_crs(target_crs)

    problems: list[DataProblem] = []
    classes = _line_classes(lines, source, class_column, default_road_class, speeds, problems)
    line_speeds = _line_speeds(lines, source, speed_column, classes, speeds, problems)
    directions = _line_directions(lines, source, oneway_column, problems)
    for position, geometry in enumerate(lines.geometry):
        if geometry is None or geometry.is_empty:
            problems.append(DataProblem(source, position + 1, "geometry", "geometry is empty"))
        elif geometry.geom_type not in {"LineString", "MultiLineString"}:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    "geometry",
                    f"geometry is a {geometry.geom_type}; roads must be LineString or "
                    "MultiLineString",
                )
            )
    _raise_if_problems(problems)

    parts = lines.geometry.explode(index_parts=False)
    parts = parts[~parts.is_empty & (shapely.get_num_points(parts.to_numpy()) >= 2)]
    part_rows = parts.index.to_numpy()
    part_geometries = parts.to_numpy()
    starts = shapely.get_coordinates(shapely.get_point(part_geometries, 0))
    ends = shapely.get_coordinates(shapely.get_point(part_geometries, -1))
    endpoint_xy = np.vstack([starts, ends])
    node_of_endpoint = _cluster_points(endpoint_xy, snap_tolerance_m)
    n_parts = len(part_geometries)

    graph = nx.MultiDiGraph(crs=target_crs.to_string(), source=source)
    for node, index in zip(*np.unique(node_of_endpoint, return_index=True), strict=True):
        graph.add_node(int(node), x=float(endpoint_xy[index, 0]), y=float(endpoint_xy[index, 1]))
    _add_road_pieces(
        graph,
        (
            _RoadPiece(
                from_node=int(node_of_endpoint[i]),
                to_node=int(node_of_endpoint[n_parts + i]),
                geometry=part_geometries[i],
                road_class=classes[row],
                speed_kmh=line_speeds[row],
                forward=directions[row][0],
                backward=directions[row][1],
                source={"source_row": int(row) + 1},
            )
            for i, row in enumerate(part_rows)
        ),
    )
    return graph


def _check_line_table(
    lines: gpd.GeoDataFrame,
    source: str,
    speed_column: str | None,
    class_column: str | None,
    oneway_column: str | None,
) -> None:
    problems: list[DataProblem] = []
    if lines.crs is None:
        problems.append(
            DataProblem(source, None, "geometry", "no CRS declared; set one (e.g. EPSG:4326)")
        )
    found = [column for column in lines.columns if column != lines.geometry.name]
    for role, column in (
        ("speed", speed_column),
        ("road class", class_column),
        ("oneway", oneway_column),
    ):
        if column is not None and column not in lines.columns:
            problems.append(
                DataProblem(source, None, column, f"{role} column missing; found: {found}")
            )
    if len(lines) == 0:
        problems.append(DataProblem(source, None, None, "the layer has no features"))
    _raise_if_problems(problems)


def _line_classes(
    lines: gpd.GeoDataFrame,
    source: str,
    class_column: str | None,
    default_road_class: str,
    speeds: Mapping[str, float],
    problems: list[DataProblem],
) -> list[str]:
    if class_column is None:
        road_class = normalise_road_class(default_road_class, speeds)
        if road_class is None:
            msg = (
                f"{source}: default_road_class {default_road_class!r} is not a key of speeds_kmh "
                f"{sorted(speeds)}"
            )
            raise InputDataError(msg)
        return [road_class] * len(lines)
    classes: list[str] = []
    for position, value in enumerate(lines[class_column]):
        road_class = normalise_road_class(value, speeds)
        if road_class is None:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    class_column,
                    f"road class {value!r} is unknown; use one of {sorted(speeds)} or a "
                    "Vietnamese name such as 'Quốc lộ'",
                )
            )
            road_class = default_road_class
        classes.append(road_class)
    return classes


def _line_speeds(
    lines: gpd.GeoDataFrame,
    source: str,
    speed_column: str | None,
    classes: Sequence[str],
    speeds: Mapping[str, float],
    problems: list[DataProblem],
) -> list[float]:
    class_speeds = [speeds.get(road_class, np.nan) for road_class in classes]
    if speed_column is None:
        return class_speeds
    raw = lines[speed_column]
    numeric = pd.to_numeric(raw, errors="coerce")
    result: list[float] = []
    for position, (value, number, class_speed) in enumerate(
        zip(raw, numeric, class_speeds, strict=True)
    ):
        if pd.isna(value) or (isinstance(value, str) and not value.strip()):
            result.append(class_speed)
        elif pd.isna(number) or not np.isfinite(number) or number <= 0:
            problems.append(
                DataProblem(
                    source, position + 1, speed_column, f"speed is {value!r}; must be km/h > 0"
                )
            )
            result.append(class_speed)
        else:
            result.append(float(number))
    return result


def _line_directions(
    lines: gpd.GeoDataFrame,
    source: str,
    oneway_column: str | None,
    problems: list[DataProblem],
) -> list[tuple[bool, bool]]:
    if oneway_column is None:
        return [(True, True)] * len(lines)
    directions: list[tuple[bool, bool]] = []
    for position, value in enumerate(lines[oneway_column]):
        direction = _parse_oneway(value)
        if direction is None:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    oneway_column,
                    f"oneway value {value!r} not understood; use yes, no or -1",
                )
            )
            direction = (True, True)
        directions.append(direction)
    return directions


def _cluster_points(xy: npt.NDArray[np.float64], tolerance_m: float) -> npt.NDArray[np.int64]:
    """Label points so that points closer than `tolerance_m` (chained) share a label."""
    if len(xy) == 0:
        return np.zeros(0, dtype=np.int64)
    pairs = cKDTree(xy).query_pairs(r=max(tolerance_m, 0.0), output_type="ndarray")
    adjacency = sp.coo_matrix(
        (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(xy), len(xy))
    )
    _, labels = connected_components(adjacency, directed=False)
    # Relabel in order of first appearance so node ids do not depend on scipy's numbering.
    _, first_index, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_index))
    return order[inverse].astype(np.int64)


# ---------------------------------------------------------------------------------------------
# OpenStreetMap
# ---------------------------------------------------------------------------------------------


class _OsmWay(NamedTuple):
    way_id: int
    node_refs: tuple[int, ...]
    tags: dict[str, str]


def _parse_maxspeed_kmh(value: object) -> float | None:
    """Speed (km/h) from an OSM ``maxspeed`` value (``"50"``, ``"30 mph"``, ``"60;80"``) or None."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    speeds: list[float] = []
    for item in values:
        for part in re.split(r"[;|,]", str(item)):
            match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*", part)
            if match:
                number = float(match.group(1))
                speeds.append(number * 1.609344 if match.group(2) == "mph" else number)
    positive = [speed for speed in speeds if speed > 0]
    return min(positive) if positive else None


def _osm_direction(tags: Mapping[str, str]) -> tuple[bool, bool]:
    oneway = tags.get("oneway")
    if oneway is not None:
        parsed = _parse_oneway(oneway)
        if parsed is not None:
            return parsed
    if tags.get("highway") in {"motorway", "motorway_link"}:
        return True, False
    if tags.get("junction") in {"roundabout", "circular"}:
        return True, False
    return True, True


def _graph_from_osm_ways(
    ways: Sequence[_OsmWay],
    node_lonlat: Mapping[int, tuple[float, float]],
    *,
    source: str,
    crs: pyproj.CRS,
    speeds: Mapping[str, float],
    highway_classes: Mapping[str, str],
    use_maxspeed: bool,
) -> nx.MultiDiGraph:
    problems = [
        DataProblem(source, None, "nd", f"way {way.way_id}: node {ref} has no location")
        for way in ways
        for ref in way.node_refs
        if ref not in node_lonlat
    ]
    _raise_if_problems(problems)
    use_count: dict[int, int] = {}
    for way in ways:
        for ref in way.node_refs:
            use_count[ref] = use_count.get(ref, 0) + 1
        for end in (way.node_refs[0], way.node_refs[-1]):
            use_count[end] = use_count.get(end, 0) + 2
    used_refs = np.fromiter(use_count.keys(), dtype=np.int64, count=len(use_count))
    lonlat = np.array([node_lonlat[int(ref)] for ref in used_refs], dtype=np.float64)
    transformer = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    xs, ys = transformer.transform(lonlat[:, 0], lonlat[:, 1])
    node_xy = {int(ref): (float(x), float(y)) for ref, x, y in zip(used_refs, xs, ys, strict=True)}

    graph = nx.MultiDiGraph(crs=crs.to_string(), source=source)
    for ref, count in use_count.items():
        if count >= 2:
            graph.add_node(ref, x=node_xy[ref][0], y=node_xy[ref][1])

    def pieces() -> Iterable[_RoadPiece]:
        for way in ways:
            road_class = highway_classes[way.tags["highway"]]
            maxspeed = _parse_maxspeed_kmh(way.tags.get("maxspeed")) if use_maxspeed else None
            speed_kmh = maxspeed if maxspeed is not None else speeds[road_class]
            forward, backward = _osm_direction(way.tags)
            start = 0
            for position in range(1, len(way.node_refs)):
                ref = way.node_refs[position]
                if use_count[ref] < 2 and position < len(way.node_refs) - 1:
                    continue
                refs = way.node_refs[start : position + 1]
                start = position
                if len(refs) < 2:
                    continue
                yield _RoadPiece(
                    from_node=refs[0],
                    to_node=refs[-1],
                    geometry=shapely.LineString([node_xy[r] for r in refs]),
                    road_class=road_class,
                    speed_kmh=speed_kmh,
                    forward=forward,
                    backward=backward,
                    source={"osm_way_id": way.way_id, "highway": way.tags["highway"]},
                )

    _add_road_pieces(graph, pieces())
    return graph


def _read_osm_xml_ways(
    path: Path, highway_classes: Mapping[str, str]
) -> tuple[list[_OsmWay], dict[int, tuple[float, float]]]:
    node_lonlat: dict[int, tuple[float, float]] = {}
    ways: list[_OsmWay] = []
    problems: list[DataProblem] = []
    root: ET.Element | None = None
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = element
                continue
            if element.tag == "node":
                try:
                    node_lonlat[int(element.attrib["id"])] = (
                        float(element.attrib["lon"]),
                        float(element.attrib["lat"]),
                    )
                except (KeyError, ValueError) as err:
                    problems.append(
                        DataProblem(
                            str(path), None, "node", f"node {element.attrib.get('id')!r}: {err!r}"
                        )
                    )
            elif element.tag == "way":
                tags = {tag.attrib["k"]: tag.attrib["v"] for tag in element.iter("tag")}
                if tags.get("highway") in highway_classes and tags.get("area") != "yes":
                    refs = tuple(int(nd.attrib["ref"]) for nd in element.iter("nd"))
                    if len(refs) >= 2:
                        ways.append(_OsmWay(int(element.attrib["id"]), refs, tags))
            else:
                continue
            if root is not None:
                root.clear()
    except ET.ParseError as err:
        line, column = err.position
        msg = f"{path}: not valid OSM XML at line {line}, column {column} ({err})"
        raise InputDataError(msg) from err
    _raise_if_problems(problems)
    return ways, node_lonlat


def _read_osm_pbf_ways(
    path: Path, highway_classes: Mapping[str, str]
) -> tuple[list[_OsmWay], dict[int, tuple[float, float]]]:
    try:
        import osmium  # optional dependency, imported lazily
    except ImportError as err:
        msg = (
            f"{path}: reading .pbf needs the optional package 'osmium' (pyosmium); install it with "
            f"{_OPTIONAL_EXTRA_HINT} or 'pip install osmium', or convert the file to .osm XML"
        )
        raise ImportError(msg) from err
    node_lonlat: dict[int, tuple[float, float]] = {}
    ways: list[_OsmWay] = []
    processor = osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
    for entity in processor.with_locations():
        if not entity.is_way():
            continue
        tags = {tag.k: tag.v for tag in entity.tags}
        if tags.get("highway") not in highway_classes or tags.get("area") == "yes":
            continue
        refs: list[int] = []
        for way_node in entity.nodes:
            refs.append(int(way_node.ref))
            if way_node.location.valid():
                node_lonlat[int(way_node.ref)] = (way_node.location.lon, way_node.location.lat)
        if len(refs) >= 2:
            ways.append(_OsmWay(int(entity.id), tuple(refs), tags))
    return ways, node_lonlat


def read_osm_xml(
    path: str | Path,
    *,
    crs: str | pyproj.CRS,
    speeds_kmh: Mapping[str, float] | None = None,
    highway_classes: Mapping[str, str] | None = None,
    use_maxspeed: bool = True,
) -> nx.MultiDiGraph:
    """Read OpenStreetMap roads from ``.osm`` XML (offline), or ``.pbf`` when pyosmium is installed.

    Ways whose ``highway`` tag is a key of `highway_classes` become edges; ways are split at every
    node that two ways share. ``oneway=yes|true|1`` keeps the drawn direction, ``oneway=-1`` the
    reverse one; motorways and roundabouts are one-way unless tagged ``oneway=no``. The edge speed
    is ``maxspeed`` (km/h; mph converted) when present and `use_maxspeed` is True, else the class
    speed.

    Parameters
    ----------
    path
        ``.osm`` XML (read with the standard library) or ``.pbf`` (needs the ``osmium`` package).
    crs
        Projected metric CRS of the graph (metres), e.g. ``"EPSG:32648"``.
    speeds_kmh
        Road class → speed (km/h); defaults to :func:`default_speeds_kmh`.
    highway_classes
        OSM highway value → road class; defaults to :func:`default_osm_highway_classes`.
    use_maxspeed
        Use the ``maxspeed`` tag (a legal limit, km/h) as the edge speed where it is present.

    Returns
    -------
    networkx.MultiDiGraph
        Road graph keyed by OSM node ids; edges also carry ``osm_way_id`` and ``highway``.

    Raises
    ------
    InputDataError
        Missing or malformed file, a way referring to a node without location, unknown classes.
    ImportError
        A ``.pbf`` file and ``osmium`` is not installed.
    """
    source = Path(path)
    speeds = _validated_speeds(speeds_kmh)
    classes = default_osm_highway_classes() if highway_classes is None else dict(highway_classes)
    unknown = sorted({c for c in classes.values() if c not in speeds})
    if unknown:
        msg = f"highway_classes: classes {unknown} have no speed in speeds_kmh {sorted(speeds)}"
        raise InputDataError(msg)
    target_crs = _projected_crs(crs, str(source))
    if not source.exists():
        msg = f"{source}: file not found"
        raise InputDataError(msg)
    if source.name.endswith(".pbf"):
        ways, node_lonlat = _read_osm_pbf_ways(source, classes)
    else:
        ways, node_lonlat = _read_osm_xml_ways(source, classes)
    if not ways:
        msg = f"{source}: no ways with a highway tag in {sorted(classes)}"
        raise InputDataError(msg)
    return _graph_from_osm_ways(
        ways,
        node_lonlat,
        source=str(source),
        crs=target_crs,
        speeds=speeds,
        highway_classes=classes,
        use_maxspeed=use_maxspeed,
    )


def graph_from_place(
    place_name: str,
    cache_dir: str | Path,
    *,
    crs: str | pyproj.CRS,
    network_type: str = "drive",
    speeds_kmh: Mapping[str, float] | None = None,
    highway_classes: Mapping[str, str] | None = None,
) -> nx.MultiDiGraph:
    """Download the roads of a place with osmnx (online), cached on disk, as a road graph.

    The raw osmnx graph is saved as GraphML in `cache_dir`; later calls for the same place and
    network type read the file and never go online. Needs the optional package ``osmnx``.

    Parameters
    ----------
    place_name
        Place known to Nominatim, e.g. ``"Tỉnh Ninh Bình, Việt Nam"``.
    cache_dir
        Folder for the cached GraphML file (created if missing).
    crs
        Projected metric CRS of the graph (metres).
    network_type
        osmnx network type (``"drive"`` includes motorbike-usable roads in Vietnam).
    speeds_kmh
        Road class → speed (km/h); defaults to :func:`default_speeds_kmh`.
    highway_classes
        OSM highway value → road class; unmapped values become ``commune`` roads.

    Returns
    -------
    networkx.MultiDiGraph
        Road graph with the attributes described in the module docstring.

    Raises
    ------
    ImportError
        osmnx is not installed.
    """
    try:
        import osmnx  # optional dependency, imported lazily
    except ImportError as err:
        msg = (
            "graph_from_place needs the optional package 'osmnx'; install it with "
            f"{_OPTIONAL_EXTRA_HINT} or 'pip install osmnx', or read a downloaded .osm file with "
            "read_osm_xml"
        )
        raise ImportError(msg) from err
    target_crs = _projected_crs(crs, place_name)
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{place_name}|{network_type}".encode()).hexdigest()[:16]
    cache_path = folder / f"osmnx-{key}.graphml"
    if cache_path.exists():
        raw = osmnx.load_graphml(cache_path)
    else:
        raw = osmnx.graph_from_place(place_name, network_type=network_type)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".graphml.tmp")
        os.close(handle)
        try:
            osmnx.save_graphml(raw, temporary)
            Path(temporary).replace(cache_path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    projected = osmnx.project_graph(raw, to_crs=target_crs)
    return graph_from_osmnx(projected, speeds_kmh=speeds_kmh, highway_classes=highway_classes)


def graph_from_osmnx(
    osmnx_graph: nx.MultiDiGraph,
    *,
    speeds_kmh: Mapping[str, float] | None = None,
    highway_classes: Mapping[str, str] | None = None,
    use_maxspeed: bool = True,
) -> nx.MultiDiGraph:
    """Convert a projected osmnx graph (``x``, ``y`` in metres; ``highway``, ``length`` on edges).

    Parameters
    ----------
    osmnx_graph
        Graph from ``osmnx.project_graph``; its edges are already one per allowed direction.
    speeds_kmh
        Road class → speed (km/h); defaults to :func:`default_speeds_kmh`.
    highway_classes
        OSM highway value → road class; unmapped values become ``commune`` roads.
    use_maxspeed
        Use the ``maxspeed`` tag (km/h) as edge speed where present.

    Returns
    -------
    networkx.MultiDiGraph
        Road graph with the attributes described in the module docstring.
    """
    speeds = _validated_speeds(speeds_kmh)
    classes = default_osm_highway_classes() if highway_classes is None else dict(highway_classes)
    crs = _projected_crs(osmnx_graph.graph.get("crs", "EPSG:4326"), "osmnx graph")
    graph = nx.MultiDiGraph(crs=crs.to_string(), source="osmnx")
    for node, data in osmnx_graph.nodes(data=True):
        graph.add_node(node, x=float(data["x"]), y=float(data["y"]))
    fallback_class = "commune" if "commune" in speeds else next(iter(speeds))
    for u, v, data in osmnx_graph.edges(data=True):
        highways = data.get("highway", [])
        highways = highways if isinstance(highways, list) else [highways]
        mapped = [classes[h] for h in highways if classes.get(h) in speeds]
        road_class = mapped[0] if mapped else fallback_class
        maxspeed = _parse_maxspeed_kmh(data.get("maxspeed")) if use_maxspeed else None
        speed_kmh = maxspeed if maxspeed is not None else speeds[road_class]
        geometry = data.get("geometry")
        if geometry is None:
            geometry = shapely.LineString(
                [
                    (graph.nodes[u]["x"], graph.nodes[u]["y"]),
                    (graph.nodes[v]["x"], graph.nodes[v]["y"]),
                ]
            )
        length_m = float(data.get("length", geometry.length))
        if length_m <= 0:
            continue
        graph.add_edge(
            u,
            v,
            length_m=length_m,
            speed_kmh=speed_kmh,
            travel_minutes=length_m / float(_metres_per_minute(speed_kmh)),
            road_class=road_class,
            geometry=geometry,
        )
    return graph


# ---------------------------------------------------------------------------------------------
# Routing index: CSR matrix, road segments for snapping, connected components
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RoadIndex:
    """Arrays derived once from a road graph; positions, never node ids, inside."""

    crs: pyproj.CRS
    node_ids: npt.NDArray[np.object_]
    node_xy: npt.NDArray[np.float64]
    adjacency_minutes: sp.csr_matrix  # (n_nodes, n_nodes), minimum over parallel edges
    segment_a: npt.NDArray[np.int64]
    segment_b: npt.NDArray[np.int64]
    segment_geometry: npt.NDArray[np.object_]  # LineStrings oriented a → b
    segment_length_m: npt.NDArray[np.float64]
    segment_ab_minutes: npt.NDArray[np.float64]  # inf where no edge a → b
    segment_ba_minutes: npt.NDArray[np.float64]  # inf where no edge b → a
    segment_tree: shapely.STRtree
    component_of_node: npt.NDArray[np.int64]  # 0 = largest weakly connected component
    component_size_nodes: npt.NDArray[np.int64]
    edge_u: npt.NDArray[np.int64]
    edge_v: npt.NDArray[np.int64]
    edge_minutes: npt.NDArray[np.float64]
    edge_geometry: npt.NDArray[np.object_]


def _csr_minimum(
    rows: npt.NDArray[np.int64],
    columns: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    size: int,
) -> sp.csr_matrix:
    """CSR matrix keeping the minimum weight of duplicate (row, column) entries (zeros kept)."""
    order = np.lexsort((weights, columns, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (columns[1:] != columns[:-1])
    matrix = sp.csr_matrix(
        (weights[first], (rows[first], columns[first])), shape=(size, size), dtype=np.float64
    )
    matrix.sort_indices()
    return matrix


def _graph_problems(graph: nx.MultiDiGraph) -> list[DataProblem]:
    problems: list[DataProblem] = []
    if not isinstance(graph, nx.DiGraph):
        problems.append(DataProblem("graph", None, None, "must be a directed networkx graph"))
    elif next(iter(graph.edges()), None) is None:
        problems.append(DataProblem("graph", None, None, "has no edges"))
    if "crs" not in graph.graph:
        problems.append(
            DataProblem(
                "graph",
                None,
                "crs",
                "graph.graph['crs'] is missing; build the graph "
                "with read_road_lines or read_osm_xml",
            )
        )
    return problems


def _minutes_or_nan(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan


def _build_road_index(graph: nx.MultiDiGraph) -> _RoadIndex:
    _raise_if_problems(_graph_problems(graph))
    crs = _projected_crs(graph.graph["crs"], "graph")
    node_ids = np.empty(graph.number_of_nodes(), dtype=object)
    node_ids[:] = list(graph.nodes)
    position_of = {node: position for position, node in enumerate(node_ids)}
    problems: list[DataProblem] = []
    node_xy = np.empty((len(node_ids), 2), dtype=np.float64)
    for position, (node, data) in enumerate(graph.nodes(data=True)):
        try:
            node_xy[position] = (float(data["x"]), float(data["y"]))
        except (KeyError, TypeError, ValueError):
            problems.append(DataProblem("graph", None, "x/y", f"node {node!r} has no x and y"))
    _raise_if_problems(problems)

    edges = list(graph.edges(data=True))
    edge_u = np.fromiter((position_of[u] for u, _, _ in edges), dtype=np.int64, count=len(edges))
    edge_v = np.fromiter((position_of[v] for _, v, _ in edges), dtype=np.int64, count=len(edges))
    edge_minutes = np.fromiter(
        (_minutes_or_nan(data.get("travel_minutes")) for _, _, data in edges),
        dtype=np.float64,
        count=len(edges),
    )
    edge_geometry = np.empty(len(edges), dtype=object)
    edge_geometry[:] = [data.get("geometry") for _, _, data in edges]
    for position in np.flatnonzero(~np.isfinite(edge_minutes) | (edge_minutes < 0))[:50]:
        u, v, data = edges[position]
        problems.append(
            DataProblem(
                "graph",
                None,
                "travel_minutes",
                f"edge {u!r}→{v!r}: travel_minutes is {data.get('travel_minutes')!r}; "
                "must be minutes ≥ 0",
            )
        )
    _raise_if_problems(problems)

    missing = np.array([g is None for g in edge_geometry], dtype=bool)
    if missing.any():
        straight = np.stack([node_xy[edge_u[missing]], node_xy[edge_v[missing]]], axis=1)
        edge_geometry[missing] = shapely.linestrings(straight)

    loops = edge_u == edge_v
    adjacency = _csr_minimum(edge_u[~loops], edge_v[~loops], edge_minutes[~loops], len(node_ids))
    segments = _build_segments(edge_u, edge_v, edge_minutes, edge_geometry)
    n_components, labels = connected_components(adjacency, directed=True, connection="weak")
    sizes = np.bincount(labels, minlength=n_components)
    rank = np.empty(n_components, dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(n_components)
    return _RoadIndex(
        crs=crs,
        node_ids=node_ids,
        node_xy=node_xy,
        adjacency_minutes=adjacency,
        segment_tree=shapely.STRtree(segments["geometry"]),
        component_of_node=rank[labels],
        component_size_nodes=np.sort(sizes)[::-1].astype(np.int64),
        edge_u=edge_u,
        edge_v=edge_v,
        edge_minutes=edge_minutes,
        edge_geometry=edge_geometry,
        segment_a=segments["a"],
        segment_b=segments["b"],
        segment_geometry=segments["geometry"],
        segment_length_m=segments["length_m"],
        segment_ab_minutes=segments["ab_minutes"],
        segment_ba_minutes=segments["ba_minutes"],
    )


def _build_segments(
    edge_u: npt.NDArray[np.int64],
    edge_v: npt.NDArray[np.int64],
    edge_minutes: npt.NDArray[np.float64],
    edge_geometry: npt.NDArray[np.object_],
) -> dict[str, npt.NDArray[Any]]:
    """Group directed edges into physical road segments (a ≤ b, same length to 0.1 m)."""
    segment_a = np.minimum(edge_u, edge_v)
    segment_b = np.maximum(edge_u, edge_v)
    along_ab = edge_u <= edge_v
    length_m = shapely.length(edge_geometry)
    keys = np.column_stack([segment_a, segment_b, np.round(length_m * 10).astype(np.int64)])
    _, first_edge, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group = group.ravel()
    n_segments = len(first_edge)
    geometry = edge_geometry[first_edge].copy()
    flip = ~along_ab[first_edge]
    geometry[flip] = shapely.reverse(geometry[flip])
    ab_minutes = np.full(n_segments, np.inf)
    ba_minutes = np.full(n_segments, np.inf)
    np.minimum.at(ab_minutes, group[along_ab], edge_minutes[along_ab])
    np.minimum.at(ba_minutes, group[~along_ab], edge_minutes[~along_ab])
    return {
        "a": segment_a[first_edge],
        "b": segment_b[first_edge],
        "geometry": geometry,
        "length_m": length_m[first_edge],
        "ab_minutes": ab_minutes,
        "ba_minutes": ba_minutes,
    }


def _graph_digest(index: _RoadIndex) -> str:
    """sha256 of the edges sorted by coordinates and minutes, independent of node ids and order."""
    u_xy = index.node_xy[index.edge_u]
    v_xy = index.node_xy[index.edge_v]
    order = np.lexsort((index.edge_minutes, v_xy[:, 1], v_xy[:, 0], u_xy[:, 1], u_xy[:, 0]))
    digest = hashlib.sha256()
    digest.update(index.crs.to_wkt().encode())
    for array in (u_xy[order], v_xy[order], index.edge_minutes[order]):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(b"".join(shapely.to_wkb(index.edge_geometry[order], include_srid=False)))
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Snapping
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Snaps:
    """Where each point joins the road network; arrays of one entry per point."""

    point_ids: pd.Index
    xy: npt.NDArray[np.float64]
    segment: npt.NDArray[np.int64]
    fraction: npt.NDArray[np.float64]  # 0 at segment end a, 1 at end b
    snap_distance_m: npt.NDArray[np.float64]
    connector_minutes: npt.NDArray[np.float64]
    minutes_to_a: npt.NDArray[np.float64]  # leaving the point along the segment to end a
    minutes_to_b: npt.NDArray[np.float64]
    minutes_from_a: npt.NDArray[np.float64]  # arriving at the point along the segment from end a
    minutes_from_b: npt.NDArray[np.float64]
    minutes_per_fraction_ab: npt.NDArray[np.float64]
    minutes_per_fraction_ba: npt.NDArray[np.float64]


def _point_xy(points: gpd.GeoDataFrame, crs: pyproj.CRS, what: str) -> npt.NDArray[np.float64]:
    problems: list[DataProblem] = []
    if not isinstance(points, gpd.GeoDataFrame):
        msg = f"{what}: must be a GeoDataFrame of points, got {type(points).__name__}"
        raise InputDataError(msg)
    if points.crs is None:
        msg = f"{what}: no CRS set; set one (e.g. EPSG:4326 for lon/lat)"
        raise InputDataError(msg)
    if len(points) == 0:
        problems.append(DataProblem(what, None, None, "no points"))
    duplicated = points.index[points.index.astype(str).duplicated()].unique()
    if len(duplicated):
        problems.append(
            DataProblem(what, None, "index", f"duplicate ids {list(duplicated[:10].astype(str))}")
        )
    for position, geometry in enumerate(points.geometry):
        if geometry is None or geometry.is_empty or geometry.geom_type != "Point":
            kind = "empty" if geometry is None or geometry.is_empty else geometry.geom_type
            problems.append(
                DataProblem(
                    what,
                    position + 1,
                    "geometry",
                    f"id {points.index[position]!r}: geometry is {kind}; must be a Point",
                )
            )
    _raise_if_problems(problems)
    projected = points.geometry.to_crs(crs)
    return shapely.get_coordinates(projected.to_numpy())


def _snap(
    index: _RoadIndex,
    point_ids: pd.Index,
    xy: npt.NDArray[np.float64],
    connector_speed_kmh: float,
) -> _Snaps:
    if not np.isfinite(connector_speed_kmh) or connector_speed_kmh <= 0:
        msg = f"connector_speed_kmh is {connector_speed_kmh}; must be km/h > 0"
        raise InputDataError(msg)
    connector_m_per_min = float(_metres_per_minute(connector_speed_kmh))
    geometries = shapely.points(xy)
    (point_position, segment), distance_m = index.segment_tree.query_nearest(
        geometries, return_distance=True, all_matches=False
    )
    order = np.argsort(point_position, kind="stable")
    segment = segment[order].astype(np.int64)
    distance_m = distance_m[order]
    fraction = shapely.line_locate_point(
        index.segment_geometry[segment], geometries, normalized=True
    )
    fraction = np.clip(np.nan_to_num(fraction, nan=0.0), 0.0, 1.0)
    length_m = index.segment_length_m[segment]
    # Against a one-way direction a point moves along the road at connector speed (walking the
    # motorbike to the nearer end); this is never a shortcut for anyone else's trip.
    against_minutes = length_m / connector_m_per_min
    per_fraction_ab = np.where(
        np.isfinite(index.segment_ab_minutes[segment]),
        index.segment_ab_minutes[segment],
        against_minutes,
    )
    per_fraction_ba = np.where(
        np.isfinite(index.segment_ba_minutes[segment]),
        index.segment_ba_minutes[segment],
        against_minutes,
    )
    return _Snaps(
        point_ids=point_ids,
        xy=xy,
        segment=segment,
        fraction=fraction,
        snap_distance_m=distance_m,
        connector_minutes=distance_m / connector_m_per_min,
        minutes_to_a=fraction * per_fraction_ba,
        minutes_to_b=(1 - fraction) * per_fraction_ab,
        minutes_from_a=fraction * per_fraction_ab,
        minutes_from_b=(1 - fraction) * per_fraction_ba,
        minutes_per_fraction_ab=per_fraction_ab,
        minutes_per_fraction_ba=per_fraction_ba,
    )


def _snap_frame(index: _RoadIndex, snaps: _Snaps) -> pd.DataFrame:
    node_a = index.segment_a[snaps.segment]
    node_b = index.segment_b[snaps.segment]
    nearest = np.where(snaps.fraction <= 0.5, node_a, node_b)
    component = index.component_of_node[node_a]
    return pd.DataFrame(
        {
            "nearest_node": index.node_ids[nearest],
            "segment_from_node": index.node_ids[node_a],
            "segment_to_node": index.node_ids[node_b],
            "snap_distance_m": snaps.snap_distance_m,
            "connector_minutes": snaps.connector_minutes,
            "along_segment_m": snaps.fraction * index.segment_length_m[snaps.segment],
            "component_id": component,
            "component_size_nodes": index.component_size_nodes[component],
            "in_largest_component": component == 0,
        },
        index=pd.Index(snaps.point_ids, name="point_id"),
    )


def snap_points(
    graph: nx.MultiDiGraph,
    points: gpd.GeoDataFrame,
    *,
    connector_speed_kmh: float = 15.0,
) -> pd.DataFrame:
    """Snap points to the nearest point of the nearest road edge; report how they join the network.

    A point joins the road at the closest point of the closest edge (not merely the closest node),
    over a straight connector travelled at `connector_speed_kmh`, and then moves along that edge to
    its end nodes. Points on small disconnected road pieces are reported
    (``in_largest_component`` False), never dropped.

    Parameters
    ----------
    graph
        Road graph (see module docstring) in a projected CRS.
    points
        Point GeoDataFrame indexed by id, in any CRS.
    connector_speed_kmh
        Speed off the road, from the point to the road (km/h).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``point_id`` (the point index), with columns ``nearest_node``,
        ``segment_from_node``, ``segment_to_node``, ``snap_distance_m`` (m), ``connector_minutes``
        (minutes), ``along_segment_m`` (m from ``segment_from_node``), ``component_id`` (0 = largest
        weakly connected part of the network), ``component_size_nodes``, ``in_largest_component``.
    """
    index = _build_road_index(graph)
    xy = _point_xy(points, index.crs, "points")
    snaps = _snap(index, pd.Index(points.index.astype(str)), xy, connector_speed_kmh)
    return _snap_frame(index, snaps)


# ---------------------------------------------------------------------------------------------
# Network matrix with fallback chain
# ---------------------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class NetworkTravelResult:
    """Travel minutes from a road network with the method of every pair and snapping diagnostics.

    Attributes
    ----------
    travel
        Minutes origin → destination; method ``network`` when every pair with finite minutes came
        from the road network, else ``mixed``.
    pair_method
        int8 array, same shape as ``travel.minutes``; values of :class:`PairMethod`.
    origin_snaps, destination_snaps
        Snapping diagnostics per point (see :func:`snap_points`) plus ``beyond_max_snap`` (bool).
    from_cache
        True when the minutes were read from the disk cache.
    """

    travel: TravelMatrix
    pair_method: npt.NDArray[np.int8]
    origin_snaps: pd.DataFrame
    destination_snaps: pd.DataFrame
    from_cache: bool = False

    def __post_init__(self) -> None:
        if self.pair_method.shape != self.travel.minutes.shape:
            msg = (
                f"NetworkTravelResult: pair_method has shape {self.pair_method.shape}, minutes "
                f"{self.travel.minutes.shape}"
            )
            raise ValueError(msg)
        self.pair_method.flags.writeable = False

    def method_counts(self) -> pd.Series:
        """Number of pairs per :class:`PairMethod` name (all methods listed, zeros included)."""
        counts = np.bincount(self.pair_method.ravel(), minlength=len(PairMethod))
        return pd.Series(
            {method.name.lower(): int(counts[method]) for method in PairMethod},
            name="pairs",
            dtype=np.int64,
        )

    def pair_method_frame(self) -> pd.DataFrame:
        """Wide DataFrame of method names: index origin ids, columns destination ids."""
        names = np.array([method.name.lower() for method in PairMethod], dtype=object)
        return pd.DataFrame(
            names[self.pair_method],
            index=self.travel.origin_ids,
            columns=self.travel.destination_ids,
        )


def _area_types(
    origins: gpd.GeoDataFrame, area_type_column: str | None, default_area_type: str
) -> npt.NDArray[np.object_]:
    if default_area_type not in AREA_TYPES:
        msg = f"default_area_type is {default_area_type!r}; must be one of {list(AREA_TYPES)}"
        raise InputDataError(msg)
    if area_type_column is None:
        return np.full(len(origins), default_area_type, dtype=object)
    if area_type_column not in origins.columns:
        found = [c for c in origins.columns if c != origins.geometry.name]
        msg = f"origins: field '{area_type_column}': area type column missing; found: {found}"
        raise InputDataError(msg)
    values = origins[area_type_column].to_numpy(dtype=object)
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
    _raise_if_problems(problems)
    return values


def _network_minutes(
    index: _RoadIndex,
    origin_snaps: _Snaps,
    destination_snaps: _Snaps,
    cutoff_minutes: float | None,
) -> npt.NDArray[np.float64]:
    """Dense minutes origin → destination on the graph via virtual point nodes; inf: unreached."""
    n_nodes = len(index.node_ids)
    n_origins = len(origin_snaps.segment)
    n_destinations = len(destination_snaps.segment)
    origin_nodes = n_nodes + np.arange(n_origins)
    destination_nodes = n_nodes + n_origins + np.arange(n_destinations)
    adjacency = index.adjacency_minutes.tocoo()
    o_a = index.segment_a[origin_snaps.segment]
    o_b = index.segment_b[origin_snaps.segment]
    d_a = index.segment_a[destination_snaps.segment]
    d_b = index.segment_b[destination_snaps.segment]
    rows = np.concatenate([adjacency.row, origin_nodes, origin_nodes, d_a, d_b]).astype(np.int64)
    columns = np.concatenate(
        [adjacency.col, o_a, o_b, destination_nodes, destination_nodes]
    ).astype(np.int64)
    weights = np.concatenate(
        [
            adjacency.data,
            origin_snaps.connector_minutes + origin_snaps.minutes_to_a,
            origin_snaps.connector_minutes + origin_snaps.minutes_to_b,
            destination_snaps.minutes_from_a + destination_snaps.connector_minutes,
            destination_snaps.minutes_from_b + destination_snaps.connector_minutes,
        ]
    )
    n_total = n_nodes + n_origins + n_destinations
    routing = _csr_minimum(rows, columns, weights, n_total)
    # Run Dijkstra from the smaller side; from the destinations on the reversed graph, so that the
    # minutes stay origin → destination for asymmetric (one-way) networks.
    from_destinations = n_destinations < n_origins
    if from_destinations:
        routing = routing.transpose().tocsr()
        sources, targets = destination_nodes, origin_nodes
    else:
        sources, targets = origin_nodes, destination_nodes
    limit = np.inf if cutoff_minutes is None else float(cutoff_minutes)
    block = max(1, _DIJKSTRA_BLOCK_BYTES // (8 * n_total))
    minutes = np.empty((len(sources), len(targets)), dtype=np.float64)
    for start in range(0, len(sources), block):
        stop = min(start + block, len(sources))
        distances = dijkstra(routing, directed=True, indices=sources[start:stop], limit=limit)
        minutes[start:stop] = distances[:, targets]
    if from_destinations:
        minutes = np.ascontiguousarray(minutes.T)
    _apply_same_segment_minutes(minutes, origin_snaps, destination_snaps)
    return minutes


def _apply_same_segment_minutes(
    minutes: npt.NDArray[np.float64], origin_snaps: _Snaps, destination_snaps: _Snaps
) -> None:
    """Lower the minutes of pairs that sit on the same road segment to the direct trip along it."""
    origins = pd.DataFrame({"segment": origin_snaps.segment, "origin": np.arange(len(minutes))})
    destinations = pd.DataFrame(
        {"segment": destination_snaps.segment, "destination": np.arange(minutes.shape[1])}
    )
    pairs = origins.merge(destinations, on="segment")
    if pairs.empty:
        return
    o = pairs["origin"].to_numpy()
    d = pairs["destination"].to_numpy()
    delta = destination_snaps.fraction[d] - origin_snaps.fraction[o]
    along = np.where(
        delta >= 0,
        delta * origin_snaps.minutes_per_fraction_ab[o],
        -delta * origin_snaps.minutes_per_fraction_ba[o],
    )
    direct = origin_snaps.connector_minutes[o] + along + destination_snaps.connector_minutes[d]
    minutes[o, d] = np.minimum(minutes[o, d], direct)


def _cache_key(
    index: _RoadIndex,
    origin_snaps: _Snaps,
    destination_snaps: _Snaps,
    parameters: Mapping[str, object],
) -> str:
    digest = hashlib.sha256()
    digest.update(_CACHE_FORMAT_VERSION.encode())
    digest.update(_graph_digest(index).encode())
    for snaps in (origin_snaps, destination_snaps):
        digest.update("\x1f".join(snaps.point_ids).encode())
        digest.update(np.ascontiguousarray(snaps.xy).tobytes())
    digest.update(repr(sorted(parameters.items())).encode())
    return digest.hexdigest()


def _read_cache(
    path: Path, shape: tuple[int, int]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]] | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            minutes = stored["minutes"].astype(np.float64)
            pair_method = stored["pair_method"].astype(np.int8)
    except (OSError, ValueError, KeyError) as err:
        log.warning("Travel cache %s unreadable (%s); recomputing.", path, err)
        return None
    if minutes.shape != shape or pair_method.shape != shape:
        log.warning(
            "Travel cache %s has shape %s, expected %s; recomputing.", path, minutes.shape, shape
        )
        return None
    return minutes, pair_method


def _write_cache(
    path: Path, minutes: npt.NDArray[np.float64], pair_method: npt.NDArray[np.int8]
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, minutes=minutes, pair_method=pair_method)
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _pair_minutes_and_methods(
    network: npt.NDArray[np.float64],
    origin_snaps: _Snaps,
    destination_snaps: _Snaps,
    origin_components: npt.NDArray[np.int64],
    destination_components: npt.NDArray[np.int64],
    straight_line_minutes: npt.NDArray[np.float64],
    *,
    cutoff_minutes: float | None,
    max_snap_distance_m: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
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
    minutes = np.where(no_route | far, straight_line_minutes, network)
    if cutoff_minutes is not None:
        beyond |= minutes > cutoff_minutes
        minutes[beyond] = np.inf
        pair_method[beyond] = PairMethod.BEYOND_CUTOFF
    return minutes, pair_method


def compute_network_matrix(
    graph: nx.MultiDiGraph,
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    *,
    crs: str | pyproj.CRS,
    cutoff_minutes: float | None = None,
    fallback: StraightLineFallback = StraightLineFallback(),  # frozen, so a shared default is safe
    connector_speed_kmh: float = 15.0,
    area_type_column: str | None = None,
    default_area_type: str = "rural",
    cache_dir: str | Path | None = None,
) -> NetworkTravelResult:
    """Travel minutes origin → destination on a road graph, with a per-pair fallback chain.

    Every point is snapped to the nearest point of the nearest road edge (:func:`snap_points`). The
    minutes of a pair are, in this order:

    1. ``network``: connector + along-edge minutes at the origin, the shortest path on the graph
       (``scipy.sparse.csgraph.dijkstra``; one-way edges respected, parallel edges at their
       minimum),
       along-edge + connector minutes at the destination;
    2. ``straight_line_far_from_road`` when the origin or the destination is farther than
       ``fallback.max_snap_distance_m`` from every road, and ``straight_line_no_route`` when the
       graph has no route: straight-line distance × detour factor at the speed of the origin's area
       type (urban, rural, mountainous);
    3. ``beyond_cutoff`` (``inf`` minutes) for pairs longer than `cutoff_minutes`. With a cutoff,
       an unreached pair in the same network part counts as beyond the cutoff; only pairs in
       different parts fall back to the straight line.

    Parameters
    ----------
    graph
        Road graph in a projected CRS equal to `crs` (see module docstring).
    origins, destinations
        Point GeoDataFrames indexed by id (e.g. ``demand_id``, ``site_id``), in any CRS.
    crs
        Projected metric CRS (metres) of the graph and of the straight-line distances.
    cutoff_minutes
        Stop searching beyond this many minutes; longer pairs get ``inf``.
    fallback
        Straight-line speeds (km/h), detour factors and the maximum snap distance (m).
    connector_speed_kmh
        Speed from a point to the road and against one-way traffic along its edge (km/h).
    area_type_column
        Column of `origins` with ``urban``, ``rural`` or ``mountainous``; None uses
        `default_area_type` for all origins.
    default_area_type
        Area type when `area_type_column` is None.
    cache_dir
        Folder for cached results (``.npz``). The key is the sha256 of the graph's edges, the
        points and every parameter, so a changed input never reads a stale matrix.

    Returns
    -------
    NetworkTravelResult
        TravelMatrix (minutes), the method of each pair and the snapping diagnostics.

    Raises
    ------
    InputDataError
        Graph without CRS or edges, CRS mismatch, points without CRS or not points, duplicate ids,
        unknown area types.
    """
    index = _build_road_index(graph)
    requested_crs = _projected_crs(crs, "crs")
    if requested_crs != index.crs:
        msg = (
            f"graph CRS {index.crs.to_string()} differs from crs {requested_crs.to_string()}; "
            "read the roads again with crs=... or pass the graph's CRS"
        )
        raise InputDataError(msg)
    origin_ids = pd.Index(origins.index.astype(str), name="origin_id")
    destination_ids = pd.Index(destinations.index.astype(str), name="destination_id")
    origin_snaps = _snap(
        index, origin_ids, _point_xy(origins, index.crs, "origins"), connector_speed_kmh
    )
    destination_snaps = _snap(
        index,
        destination_ids,
        _point_xy(destinations, index.crs, "destinations"),
        connector_speed_kmh,
    )
    area_types = _area_types(origins, area_type_column, default_area_type)
    if cutoff_minutes is not None and not cutoff_minutes > 0:
        msg = f"cutoff_minutes is {cutoff_minutes}; must be minutes > 0 or None"
        raise InputDataError(msg)

    origin_frame = _snap_frame(index, origin_snaps)
    destination_frame = _snap_frame(index, destination_snaps)
    origin_frame["beyond_max_snap"] = origin_snaps.snap_distance_m > fallback.max_snap_distance_m
    destination_frame["beyond_max_snap"] = (
        destination_snaps.snap_distance_m > fallback.max_snap_distance_m
    )
    _log_snap_warnings(origin_frame, "origins", fallback.max_snap_distance_m)
    _log_snap_warnings(destination_frame, "destinations", fallback.max_snap_distance_m)

    shape = (len(origin_ids), len(destination_ids))
    cache_path: Path | None = None
    cached = None
    if cache_dir is not None:
        parameters = {
            "cutoff_minutes": cutoff_minutes,
            "fallback": repr(fallback),
            "connector_speed_kmh": float(connector_speed_kmh),
            "area_types": "\x1f".join(map(str, area_types)),
        }
        key = _cache_key(index, origin_snaps, destination_snaps, parameters)
        cache_path = Path(cache_dir) / f"travel-{key[:40]}.npz"
        cached = _read_cache(cache_path, shape)
    if cached is not None:
        minutes, pair_method = cached
    else:
        network = _network_minutes(index, origin_snaps, destination_snaps, cutoff_minutes)
        minutes, pair_method = _pair_minutes_and_methods(
            network,
            origin_snaps,
            destination_snaps,
            origin_frame["component_id"].to_numpy(),
            destination_frame["component_id"].to_numpy(),
            _straight_line_minutes(origin_snaps.xy, destination_snaps.xy, area_types, fallback),
            cutoff_minutes=cutoff_minutes,
            max_snap_distance_m=fallback.max_snap_distance_m,
        )
        if cache_path is not None:
            _write_cache(cache_path, minutes, pair_method)
    fallback_used = np.isin(
        pair_method,
        [PairMethod.STRAIGHT_LINE_NO_ROUTE, PairMethod.STRAIGHT_LINE_FAR_FROM_ROAD],
    )
    travel = TravelMatrix(
        origin_ids=origin_ids,
        destination_ids=destination_ids,
        minutes=minutes,
        method="mixed" if fallback_used.any() else "network",
    )
    return NetworkTravelResult(
        travel=travel,
        pair_method=pair_method,
        origin_snaps=origin_frame,
        destination_snaps=destination_frame,
        from_cache=cached is not None,
    )


def _straight_line_minutes(
    origin_xy: npt.NDArray[np.float64],
    destination_xy: npt.NDArray[np.float64],
    area_types: npt.NDArray[np.object_],
    fallback: StraightLineFallback,
) -> npt.NDArray[np.float64]:
    deltas = origin_xy[:, None, :] - destination_xy[None, :, :]
    distance_m = np.hypot(deltas[..., 0], deltas[..., 1])
    detour = np.array([fallback.for_area(a).detour_factor for a in area_types])
    metres_per_minute = _metres_per_minute([fallback.for_area(a).speed_kmh for a in area_types])
    return distance_m * (detour / metres_per_minute)[:, None]


def _log_snap_warnings(frame: pd.DataFrame, what: str, max_snap_distance_m: float) -> None:
    isolated = frame.index[~frame["in_largest_component"]]
    if len(isolated):
        log.warning(
            "%d %s snap to a road piece cut off from the main network (e.g. %s); pairs without a "
            "route use the straight-line fallback.",
            len(isolated),
            what,
            list(isolated[:5]),
        )
    far = frame.index[frame["beyond_max_snap"]]
    if len(far):
        log.warning(
            "%d %s are more than %.0f m from any road (e.g. %s); their pairs use a straight line.",
            len(far),
            what,
            max_snap_distance_m,
            list(far[:5]),
        )


def compute_travel_from_roads(
    roads_path: str | Path,
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    *,
    crs: str | pyproj.CRS,
    speeds_kmh: Mapping[str, float] | None = None,
    class_column: str | None = None,
    speed_column: str | None = None,
    oneway_column: str | None = None,
    cutoff_minutes: float | None = None,
    fallback: StraightLineFallback = StraightLineFallback(),  # frozen, so a shared default is safe
    area_type_column: str | None = None,
    cache_dir: str | Path | None = None,
) -> NetworkTravelResult:
    """Read a road file and compute network travel minutes in one call (the scenario entry point).

    ``.osm`` and ``.pbf`` files go through :func:`read_osm_xml` (the column options are ignored);
    every other file through :func:`read_road_lines`. Then :func:`compute_network_matrix`.

    Parameters
    ----------
    roads_path
        Road lines (GeoPackage, GeoJSON, Shapefile) or OSM (``.osm``, ``.pbf``).
    origins, destinations
        Point GeoDataFrames indexed by id (demand points, sites), in any CRS.
    crs
        Projected metric CRS (metres), e.g. ``"EPSG:32648"``.
    speeds_kmh
        Road class → speed (km/h); defaults to :func:`default_speeds_kmh`.
    class_column, speed_column, oneway_column
        Columns of the line layer (see :func:`read_road_lines`).
    cutoff_minutes
        Pairs longer than this get ``inf`` (minutes).
    fallback
        Straight-line fallback parameters.
    area_type_column
        Column of `origins` with the area type (urban, rural, mountainous).
    cache_dir
        Folder for the cached matrix (``.npz``), or None.

    Returns
    -------
    NetworkTravelResult
        ``.travel`` is the TravelMatrix; ``.pair_method`` and ``.method_counts()`` say how.
    """
    path = Path(roads_path)
    if path.name.endswith((".osm", ".pbf", ".osm.xml")):
        graph = read_osm_xml(path, crs=crs, speeds_kmh=speeds_kmh)
    else:
        graph = read_road_lines(
            path,
            crs=crs,
            speeds_kmh=speeds_kmh,
            class_column=class_column,
            speed_column=speed_column,
            oneway_column=oneway_column,
        )
    return compute_network_matrix(
        graph,
        origins,
        destinations,
        crs=crs,
        cutoff_minutes=cutoff_minutes,
        fallback=fallback,
        area_type_column=area_type_column,
        cache_dir=cache_dir,
    )
