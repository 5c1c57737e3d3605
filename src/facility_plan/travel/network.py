"""Network travel matrices: shortest paths on a road graph with the per-pair straight-line fallback."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyproj
from scipy.sparse.csgraph import dijkstra

from facility_plan.errors import InputDataError
from facility_plan.travel.cache import cache_key, read_cache, write_cache
from facility_plan.travel.checks import projected_crs
from facility_plan.travel.fallback import (
    DEFAULT_FALLBACK,
    PairMethod,
    StraightLineFallback,
    origin_area_types,
    pair_minutes_and_methods,
    straight_line_minutes,
)
from facility_plan.travel.matrix import TravelMatrix
from facility_plan.travel.osm import read_osm_xml
from facility_plan.travel.road_lines import read_road_lines
from facility_plan.travel.routing import (
    RoadIndex,
    Snaps,
    build_road_index,
    csr_minimum,
    point_xy,
    snap,
    snap_frame,
)

__all__ = ["NetworkTravelResult", "compute_network_matrix", "compute_travel_from_roads"]

log = logging.getLogger(__name__)

#: Dijkstra works on blocks of sources; one block's dense distance rows stay below this many bytes.
_DIJKSTRA_BLOCK_BYTES = 256 * 1024 * 1024


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


def _network_minutes(
    index: RoadIndex,
    origin_snaps: Snaps,
    destination_snaps: Snaps,
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
    routing = csr_minimum(rows, columns, weights, n_total)
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
    minutes: npt.NDArray[np.float64], origin_snaps: Snaps, destination_snaps: Snaps
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


def compute_network_matrix(
    graph: nx.MultiDiGraph,
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    *,
    crs: str | pyproj.CRS,
    cutoff_minutes: float | None = None,
    fallback: StraightLineFallback = DEFAULT_FALLBACK,
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
        Road graph in a projected CRS equal to `crs`; format in :mod:`facility_plan.travel.road_graph`.
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
    index = build_road_index(graph)
    requested_crs = projected_crs(crs, "crs")
    if requested_crs != index.crs:
        msg = (
            f"graph CRS {index.crs.to_string()} differs from crs {requested_crs.to_string()}; "
            "read the roads again with crs=... or pass the graph's CRS"
        )
        raise InputDataError(msg)
    origin_ids = pd.Index(origins.index.astype(str), name="origin_id")
    destination_ids = pd.Index(destinations.index.astype(str), name="destination_id")
    origin_snaps = snap(
        index, origin_ids, point_xy(origins, index.crs, "origins"), connector_speed_kmh
    )
    destination_snaps = snap(
        index,
        destination_ids,
        point_xy(destinations, index.crs, "destinations"),
        connector_speed_kmh,
    )
    area_types = origin_area_types(origins, area_type_column, default_area_type)
    if cutoff_minutes is not None and not cutoff_minutes > 0:
        msg = f"cutoff_minutes is {cutoff_minutes}; must be minutes > 0 or None"
        raise InputDataError(msg)

    origin_frame = snap_frame(index, origin_snaps)
    destination_frame = snap_frame(index, destination_snaps)
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
        key = cache_key(index, origin_snaps, destination_snaps, parameters)
        cache_path = Path(cache_dir) / f"travel-{key[:40]}.npz"
        cached = read_cache(cache_path, shape)
    if cached is not None:
        minutes, pair_method = cached
    else:
        network = _network_minutes(index, origin_snaps, destination_snaps, cutoff_minutes)
        minutes, pair_method = pair_minutes_and_methods(
            network,
            origin_snaps,
            destination_snaps,
            origin_frame["component_id"].to_numpy(),
            destination_frame["component_id"].to_numpy(),
            straight_line_minutes(origin_snaps.xy, destination_snaps.xy, area_types, fallback),
            cutoff_minutes=cutoff_minutes,
            max_snap_distance_m=fallback.max_snap_distance_m,
        )
        if cache_path is not None:
            write_cache(cache_path, minutes, pair_method)
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
    fallback: StraightLineFallback = DEFAULT_FALLBACK,
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
