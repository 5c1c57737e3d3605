"""Routing index of a road graph (CSR matrix, segments, connected parts) and snapping points onto it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyproj
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.travel.checks import projected_crs, raise_if_problems
from facility_plan.travel.road_graph import metres_per_minute

__all__ = ["snap_points"]


@dataclass(frozen=True, slots=True)
class RoadIndex:
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


def csr_minimum(
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


def build_road_index(graph: nx.MultiDiGraph) -> RoadIndex:
    """Check a road graph and derive its routing arrays (positions, not node ids, inside).

    Raises
    ------
    InputDataError
        Not a directed graph, no edges, no CRS, nodes without x/y, or edge minutes not ≥ 0.
    """
    raise_if_problems(_graph_problems(graph))
    crs = projected_crs(graph.graph["crs"], "graph")
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
    raise_if_problems(problems)

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
    raise_if_problems(problems)

    missing = np.array([g is None for g in edge_geometry], dtype=bool)
    if missing.any():
        straight = np.stack([node_xy[edge_u[missing]], node_xy[edge_v[missing]]], axis=1)
        edge_geometry[missing] = shapely.linestrings(straight)

    loops = edge_u == edge_v
    adjacency = csr_minimum(edge_u[~loops], edge_v[~loops], edge_minutes[~loops], len(node_ids))
    segments = _build_segments(edge_u, edge_v, edge_minutes, edge_geometry)
    n_components, labels = connected_components(adjacency, directed=True, connection="weak")
    sizes = np.bincount(labels, minlength=n_components)
    rank = np.empty(n_components, dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(n_components)
    return RoadIndex(
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


@dataclass(frozen=True, slots=True)
class Snaps:
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


def point_xy(points: gpd.GeoDataFrame, crs: pyproj.CRS, what: str) -> npt.NDArray[np.float64]:
    """Projected coordinates (m) of a point layer, shape (n, 2); every problem names row and field."""
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
    raise_if_problems(problems)
    projected = points.geometry.to_crs(crs)
    return np.asarray(shapely.get_coordinates(projected.to_numpy()), dtype=np.float64)


def snap(
    index: RoadIndex,
    point_ids: pd.Index,
    xy: npt.NDArray[np.float64],
    connector_speed_kmh: float,
) -> Snaps:
    """Join every point to the nearest point of the nearest road segment.

    Parameters
    ----------
    index
        Routing index of the road graph.
    point_ids
        Id of every point.
    xy
        Projected coordinates (m) of the points, shape (n, 2).
    connector_speed_kmh
        Speed off the road and against one-way traffic along the segment (km/h).

    Returns
    -------
    Snaps
        Segment, position along it and the connector and along-segment minutes of every point.
    """
    if not np.isfinite(connector_speed_kmh) or connector_speed_kmh <= 0:
        msg = f"connector_speed_kmh is {connector_speed_kmh}; must be km/h > 0"
        raise InputDataError(msg)
    connector_m_per_min = float(metres_per_minute(connector_speed_kmh))
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
    return Snaps(
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


def snap_frame(index: RoadIndex, snaps: Snaps) -> pd.DataFrame:
    """Snapping diagnostics per point, as documented in :func:`snap_points`."""
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
        Road graph (format in :mod:`facility_plan.travel.road_graph`) in a projected CRS.
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
    index = build_road_index(graph)
    xy = point_xy(points, index.crs, "points")
    snaps = snap(index, pd.Index(points.index.astype(str)), xy, connector_speed_kmh)
    return snap_frame(index, snaps)
