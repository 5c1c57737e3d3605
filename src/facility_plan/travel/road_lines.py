"""Read a road line layer (GeoPackage, GeoJSON, Shapefile) into a road graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyproj
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.travel.checks import projected_crs, raise_if_problems
from facility_plan.travel.road_classes import normalise_road_class, validated_speeds
from facility_plan.travel.road_graph import RoadPiece, add_road_pieces, parse_oneway

__all__ = ["read_road_lines"]


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
    speeds = validated_speeds(speeds_kmh)
    target_crs = projected_crs(crs, source)
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
    raise_if_problems(problems)

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
    add_road_pieces(
        graph,
        (
            RoadPiece(
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
    raise_if_problems(problems)


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
        direction = parse_oneway(value)
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
