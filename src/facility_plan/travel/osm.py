"""Read OpenStreetMap roads into a road graph: ``.osm`` XML, ``.pbf``, and osmnx downloads cached on disk."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import numpy as np
import pyproj
import shapely

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.travel.checks import projected_crs, raise_if_problems
from facility_plan.travel.road_classes import default_osm_highway_classes, validated_speeds
from facility_plan.travel.road_graph import (
    RoadPiece,
    add_road_pieces,
    metres_per_minute,
    parse_oneway,
)

__all__ = ["graph_from_osmnx", "graph_from_place", "read_osm_xml"]

_OPTIONAL_EXTRA_HINT = 'pip install "facility_plan[osm]"'


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
        parsed = parse_oneway(oneway)
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
    raise_if_problems(problems)
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

    def pieces() -> Iterable[RoadPiece]:
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
                yield RoadPiece(
                    from_node=refs[0],
                    to_node=refs[-1],
                    geometry=shapely.LineString([node_xy[r] for r in refs]),
                    road_class=road_class,
                    speed_kmh=speed_kmh,
                    forward=forward,
                    backward=backward,
                    source={"osm_way_id": way.way_id, "highway": way.tags["highway"]},
                )

    add_road_pieces(graph, pieces())
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
    raise_if_problems(problems)
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
        if not isinstance(entity, osmium.osm.Way):
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
    speeds = validated_speeds(speeds_kmh)
    classes = default_osm_highway_classes() if highway_classes is None else dict(highway_classes)
    unknown = sorted({c for c in classes.values() if c not in speeds})
    if unknown:
        msg = f"highway_classes: classes {unknown} have no speed in speeds_kmh {sorted(speeds)}"
        raise InputDataError(msg)
    target_crs = projected_crs(crs, str(source))
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
        Road graph in the format of :mod:`facility_plan.travel.road_graph`.

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
    target_crs = projected_crs(crs, place_name)
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
        Road graph in the format of :mod:`facility_plan.travel.road_graph`.
    """
    speeds = validated_speeds(speeds_kmh)
    classes = default_osm_highway_classes() if highway_classes is None else dict(highway_classes)
    crs = projected_crs(osmnx_graph.graph.get("crs", "EPSG:4326"), "osmnx graph")
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
            travel_minutes=length_m / float(metres_per_minute(speed_kmh)),
            road_class=road_class,
            geometry=geometry,
        )
    return graph
