"""Tests of the road networks of facility_plan.travel, on small networks built in code (no network access)."""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from facility_plan.errors import InputDataError
from facility_plan.travel import (
    AreaTravel,
    PairMethod,
    StraightLineFallback,
    compute_network_matrix,
    compute_travel_from_roads,
    default_osm_highway_classes,
    default_speeds_kmh,
    graph_from_osmnx,
    graph_from_place,
    normalise_road_class,
    read_osm_xml,
    read_road_lines,
    snap_points,
)

CRS = "EPSG:32648"  # UTM 48N, metres
KMH_60 = 60.0  # 1 km per minute


def _graph(node_xy: dict[object, tuple[float, float]]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(crs=CRS)
    for node, (x, y) in node_xy.items():
        graph.add_node(node, x=float(x), y=float(y))
    return graph


def _add_edge(
    graph: nx.MultiDiGraph, u: object, v: object, speed_kmh: float = KMH_60, *, two_way: bool = True
) -> None:
    start = (graph.nodes[u]["x"], graph.nodes[u]["y"])
    end = (graph.nodes[v]["x"], graph.nodes[v]["y"])
    length_m = float(np.hypot(end[0] - start[0], end[1] - start[1]))
    for a, b, line in [(u, v, [start, end]), (v, u, [end, start])][: 2 if two_way else 1]:
        graph.add_edge(
            a,
            b,
            length_m=length_m,
            speed_kmh=speed_kmh,
            travel_minutes=length_m / (speed_kmh * 1000 / 60),
            road_class="district",
            geometry=shapely.LineString(line),
        )


def _grid(n: int, spacing_m: float = 1000.0) -> nx.MultiDiGraph:
    graph = _graph({(i, j): (i * spacing_m, j * spacing_m) for i in range(n) for j in range(n)})
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                _add_edge(graph, (i, j), (i + 1, j))
            if j + 1 < n:
                _add_edge(graph, (i, j), (i, j + 1))
    return graph


def _points(xy: list[tuple[float, float]], ids: list[str], **columns: object) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        dict(columns), geometry=shapely.points(np.asarray(xy, dtype=float)), index=ids, crs=CRS
    )


# --- speeds and classes ----------------------------------------------------------------------


def test_default_speeds_are_a_fresh_dict_per_call() -> None:
    speeds = default_speeds_kmh()
    speeds["national"] = 1.0
    assert default_speeds_kmh()["national"] == 50.0
    assert set(default_osm_highway_classes().values()) <= set(default_speeds_kmh())


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Quốc lộ", "national"),
        ("QL", "national"),
        ("tinh lo", "provincial"),
        ("Đường huyện", "district"),
        ("đường xã", "commune"),
        ("Cao tốc", "expressway"),
        ("secondary", "provincial"),
        ("residential", "urban"),
        ("đường mòn", "track"),
        ("ferry", None),
    ],
)
def test_normalise_road_class_understands_vietnamese_and_osm(
    label: str, expected: str | None
) -> None:
    assert normalise_road_class(label, default_speeds_kmh()) == expected


# --- matrix on grids and trees -----------------------------------------------------------------


def test_grid_points_on_nodes_give_manhattan_minutes() -> None:
    graph = _grid(4)  # 4 × 4 nodes, 1 km apart, 60 km/h: minutes = Manhattan km
    origins = _points([(0, 0), (3000, 0), (1000, 2000)], ["o1", "o2", "o3"])
    destinations = _points([(3000, 3000), (0, 0)], ["d1", "d2"])
    result = compute_network_matrix(graph, origins, destinations, crs=CRS)
    np.testing.assert_allclose(result.travel.minutes, [[6, 0], [3, 3], [3, 3]])
    assert result.travel.method == "network"
    assert result.method_counts()["network"] == 6
    assert list(result.travel.origin_ids) == ["o1", "o2", "o3"]


def test_tree_shortest_paths_with_different_speeds() -> None:
    #        r
    #      /   \            r–a: 2 km at 60 km/h = 2 min, r–b: 3 km at 30 km/h = 6 min
    #     a     b           a–c: 1 km at 20 km/h = 3 min
    #     |
    #     c
    graph = _graph({"r": (0, 0), "a": (-2000, 0), "b": (3000, 0), "c": (-2000, -1000)})
    _add_edge(graph, "r", "a", 60)
    _add_edge(graph, "r", "b", 30)
    _add_edge(graph, "a", "c", 20)
    points = _points([(0, 0), (-2000, 0), (3000, 0), (-2000, -1000)], ["r", "a", "b", "c"])
    result = compute_network_matrix(graph, points, points, crs=CRS)
    expected = np.array(
        [
            [0, 2, 6, 5],
            [2, 0, 8, 3],
            [6, 8, 0, 11],
            [5, 3, 11, 0],
        ],
        dtype=float,
    )
    np.testing.assert_allclose(result.travel.minutes, expected, atol=1e-9)


def test_snapping_uses_the_nearest_edge_not_the_nearest_node() -> None:
    # One 10 km road; the point is 20 m beside its middle, 5 km from either node.
    graph = _graph({"w": (0, 0), "e": (10_000, 0), "n": (5000, 3000)})
    _add_edge(graph, "w", "e", 60)
    _add_edge(graph, "e", "n", 60)
    origins = _points([(5000, 20)], ["mid"])
    destinations = _points([(10_000, 0)], ["east"])
    snaps = snap_points(graph, origins, connector_speed_kmh=12)
    assert snaps.loc["mid", "snap_distance_m"] == pytest.approx(20.0)
    assert snaps.loc["mid", "along_segment_m"] == pytest.approx(5000.0)
    assert snaps.loc["mid", "connector_minutes"] == pytest.approx(20 / 200)  # 12 km/h = 200 m/min
    result = compute_network_matrix(graph, origins, destinations, crs=CRS, connector_speed_kmh=12)
    # 0.1 min connector + 5 km at 1 km/min along the road.
    assert result.travel.minutes[0, 0] == pytest.approx(5.1)


def test_points_on_the_same_edge_travel_directly_along_it() -> None:
    graph = _graph({0: (0, 0), 1: (1000, 0), 2: (2000, 0)})
    _add_edge(graph, 0, 1, 60)
    _add_edge(graph, 1, 2, 60)
    origins = _points([(250, 0)], ["o"])
    destinations = _points([(500, 0), (100, 0), (1750, 100)], ["ahead", "behind", "next_edge"])
    result = compute_network_matrix(graph, origins, destinations, crs=CRS)
    # next_edge: 0.75 min to node 1, 0.75 min along, 100 m connector at 15 km/h = 0.4 min.
    np.testing.assert_allclose(result.travel.minutes, [[0.25, 0.15, 1.9]])


def test_one_way_street_is_asymmetric() -> None:
    # A → B one-way (1 km, 1 min); the way back B → C → D → A is two-way (3 km, 3 min).
    graph = _graph({"A": (0, 0), "B": (1000, 0), "C": (1000, 1000), "D": (0, 1000)})
    _add_edge(graph, "A", "B", two_way=False)
    _add_edge(graph, "B", "C")
    _add_edge(graph, "C", "D")
    _add_edge(graph, "D", "A")
    points = _points([(0, 0), (1000, 0)], ["at_A", "at_B"])
    result = compute_network_matrix(graph, points, points, crs=CRS)
    assert result.travel.minutes[0, 1] == pytest.approx(1.0)  # A → B with the traffic
    assert result.travel.minutes[1, 0] == pytest.approx(3.0)  # B → A the long way round
    # A point in the middle of the one-way street may push its motorbike back to A at the
    # connector speed (500 m at 15 km/h = 2 min) instead of driving round (0.5 + 3 min).
    middle = _points([(500, 0)], ["middle"])
    back = compute_network_matrix(graph, middle, points, crs=CRS)
    np.testing.assert_allclose(back.travel.minutes, [[2.0, 0.5]])


def test_island_is_reported_and_falls_back_to_straight_line() -> None:
    graph = _grid(3)
    graph.add_node("i1", x=20_000.0, y=0.0)
    graph.add_node("i2", x=21_000.0, y=0.0)
    _add_edge(graph, "i1", "i2")
    origins = _points(
        [(20_500, 10), (0, 0)], ["island", "main"], area_type=["mountainous", "rural"]
    )
    destinations = _points([(2000, 0)], ["site"])
    fallback = StraightLineFallback(
        rural=AreaTravel(speed_kmh=30, detour_factor=1.5),
        mountainous=AreaTravel(speed_kmh=20, detour_factor=2.0),
    )
    result = compute_network_matrix(
        graph, origins, destinations, crs=CRS, fallback=fallback, area_type_column="area_type"
    )
    snaps = result.origin_snaps
    assert not snaps.loc["island", "in_largest_component"]
    assert snaps.loc["island", "component_size_nodes"] == 2
    assert snaps.loc["main", "in_largest_component"]
    assert snaps.loc["main", "component_size_nodes"] == 9
    # island: straight line 18,500.0027 m × 2.0 at 20 km/h (333.33 m/min) ≈ 111.0 minutes.
    distance_m = np.hypot(18_500, 10)
    assert result.travel.minutes[0, 0] == pytest.approx(distance_m * 2.0 / (20_000 / 60))
    assert result.travel.minutes[1, 0] == pytest.approx(2.0)
    assert result.pair_method.tolist() == [
        [PairMethod.STRAIGHT_LINE_NO_ROUTE],
        [PairMethod.NETWORK],
    ]
    assert result.travel.method == "mixed"
    counts = result.method_counts()
    assert counts["straight_line_no_route"] == 1
    assert counts["network"] == 1
    assert result.pair_method_frame().loc["island", "site"] == "straight_line_no_route"


def test_point_far_from_any_road_uses_straight_line() -> None:
    graph = _grid(3)
    origins = _points([(1000, 5000), (1000, 2100)], ["far", "near"])
    destinations = _points([(1000, 0)], ["site"])
    fallback = StraightLineFallback(
        rural=AreaTravel(speed_kmh=30, detour_factor=1.2), max_snap_distance_m=1000
    )
    result = compute_network_matrix(graph, origins, destinations, crs=CRS, fallback=fallback)
    assert result.origin_snaps["beyond_max_snap"].tolist() == [True, False]
    assert result.pair_method[:, 0].tolist() == [
        PairMethod.STRAIGHT_LINE_FAR_FROM_ROAD,
        PairMethod.NETWORK,
    ]
    assert result.travel.minutes[0, 0] == pytest.approx(5000 * 1.2 / 500)  # 30 km/h = 500 m/min
    assert result.travel.minutes[1, 0] == pytest.approx(100 / 250 + 2.0)


def test_cutoff_marks_longer_pairs_inf_and_keeps_shorter_ones() -> None:
    graph = _grid(5)
    origins = _points([(0, 0), (2000, 2000)], ["corner", "centre"])
    destinations = _points([(4000, 4000), (1000, 0)], ["far_corner", "near"])
    full = compute_network_matrix(graph, origins, destinations, crs=CRS)
    cut = compute_network_matrix(graph, origins, destinations, crs=CRS, cutoff_minutes=5.0)
    np.testing.assert_allclose(full.travel.minutes, [[8, 1], [4, 3]])
    assert cut.travel.minutes[0, 0] == np.inf
    assert cut.pair_method[0, 0] == PairMethod.BEYOND_CUTOFF
    np.testing.assert_allclose(cut.travel.minutes[1], [4, 3])
    assert cut.travel.method == "network"


# --- reference: networkx Dijkstra on random graphs ---------------------------------------------


def _random_road_graph(seed: int, n_nodes: int, *, one_way_share: float) -> nx.MultiDiGraph:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10_000, size=(n_nodes, 2))
    graph = _graph({i: tuple(xy[i]) for i in range(n_nodes)})
    # A random spanning-ish structure plus extra edges; some parallel edges, some one-way.
    for i in range(1, n_nodes):
        j = int(rng.integers(0, i))
        _add_edge(graph, i, j, float(rng.uniform(10, 80)), two_way=rng.random() > one_way_share)
    for _ in range(n_nodes):
        i, j = (int(k) for k in rng.choice(n_nodes, size=2, replace=False))
        _add_edge(graph, i, j, float(rng.uniform(10, 80)), two_way=rng.random() > one_way_share)
    return graph


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n_nodes=st.integers(5, 40))
def test_matches_networkx_dijkstra_on_random_graphs(seed: int, n_nodes: int) -> None:
    graph = _random_road_graph(seed, n_nodes, one_way_share=0.3)
    rng = np.random.default_rng(seed + 1)
    origin_nodes = rng.choice(n_nodes, size=min(6, n_nodes), replace=False)
    destination_nodes = rng.choice(n_nodes, size=min(4, n_nodes), replace=False)

    def at_nodes(nodes: np.ndarray, prefix: str) -> gpd.GeoDataFrame:
        xy = [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in nodes]
        return _points(xy, [f"{prefix}{n}" for n in nodes])

    # Points sit on nodes; a crawling connector speed rules out pushing against one-way traffic.
    result = compute_network_matrix(
        graph,
        at_nodes(origin_nodes, "o"),
        at_nodes(destination_nodes, "d"),
        crs=CRS,
        connector_speed_kmh=1e-6,
    )
    for row, origin in enumerate(origin_nodes):
        reference = nx.single_source_dijkstra_path_length(
            graph, int(origin), weight="travel_minutes"
        )
        for column, destination in enumerate(destination_nodes):
            if int(destination) in reference:
                assert result.pair_method[row, column] == PairMethod.NETWORK
                assert result.travel.minutes[row, column] == pytest.approx(
                    reference[int(destination)], rel=1e-9, abs=1e-9
                )
            else:
                # No drivable route; only pushing against one-way traffic at the crawling
                # connector speed (or the straight line between network parts) remains.
                assert result.travel.minutes[row, column] > 1e6 or (
                    result.pair_method[row, column] == PairMethod.STRAIGHT_LINE_NO_ROUTE
                )


def _split_reference(
    graph: nx.MultiDiGraph, points: gpd.GeoDataFrame, snaps: pd.DataFrame, prefix: str
) -> nx.MultiDiGraph:
    """Reference: insert each snapped point as a real node splitting its edge (two-way graphs)."""
    reference = nx.MultiDiGraph(graph)
    for point_id, snap in snaps.iterrows():
        a, b = snap["segment_from_node"], snap["segment_to_node"]
        minutes_ab = min(d["travel_minutes"] for d in graph.get_edge_data(a, b).values())
        length_m = min(d["length_m"] for d in graph.get_edge_data(a, b).values())
        share = min(max(snap["along_segment_m"] / length_m, 0.0), 1.0)
        on_road = ("road", prefix, point_id)
        for end, part in ((a, share), (b, 1 - share)):
            reference.add_edge(on_road, end, travel_minutes=part * minutes_ab)
            reference.add_edge(end, on_road, travel_minutes=part * minutes_ab)
        reference.add_edge((prefix, point_id), on_road, travel_minutes=snap["connector_minutes"])
        reference.add_edge(on_road, (prefix, point_id), travel_minutes=snap["connector_minutes"])
    del points
    return reference


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_points_between_nodes_match_an_edge_splitting_reference(seed: int) -> None:
    graph = _random_road_graph(seed, 60, one_way_share=0.0)
    rng = np.random.default_rng(seed)
    origins = _points(
        [tuple(p) for p in rng.uniform(0, 10_000, (7, 2))], [f"o{i}" for i in range(7)]
    )
    destinations = _points(
        [tuple(p) for p in rng.uniform(0, 10_000, (3, 2))], [f"d{i}" for i in range(3)]
    )
    fallback = StraightLineFallback(max_snap_distance_m=1e9)
    result = compute_network_matrix(graph, origins, destinations, crs=CRS, fallback=fallback)
    shared = set(
        result.origin_snaps["segment_from_node"].astype(str)
        + "-"
        + result.origin_snaps["segment_to_node"].astype(str)
    ) & set(
        result.destination_snaps["segment_from_node"].astype(str)
        + "-"
        + result.destination_snaps["segment_to_node"].astype(str)
    )
    assert not shared  # the reference below does not handle two points on one segment
    reference = _split_reference(graph, origins, result.origin_snaps, "o")
    reference = _split_reference(reference, destinations, result.destination_snaps, "d")
    for row, origin in enumerate(origins.index):
        lengths = nx.single_source_dijkstra_path_length(
            reference, ("o", origin), weight="travel_minutes"
        )
        for column, destination in enumerate(destinations.index):
            expected = lengths.get(("d", destination))
            if expected is None:
                assert result.pair_method[row, column] == PairMethod.STRAIGHT_LINE_NO_ROUTE
            else:
                assert result.travel.minutes[row, column] == pytest.approx(expected, rel=1e-9)


def test_searching_from_destinations_gives_the_same_asymmetric_minutes() -> None:
    graph = _random_road_graph(7, 50, one_way_share=0.5)
    rng = np.random.default_rng(7)
    origins = _points(
        [tuple(p) for p in rng.uniform(0, 10_000, (6, 2))], [f"o{i}" for i in range(6)]
    )
    destinations = _points([tuple(p) for p in rng.uniform(0, 10_000, (2, 2))], ["d0", "d1"])
    fallback = StraightLineFallback(max_snap_distance_m=1e9)
    # 6 origins > 2 destinations: the engine searches backwards from the destinations.
    together = compute_network_matrix(graph, origins, destinations, crs=CRS, fallback=fallback)
    for row, origin in enumerate(origins.index):
        alone = compute_network_matrix(
            graph, origins.loc[[origin]], destinations, crs=CRS, fallback=fallback
        )
        np.testing.assert_allclose(together.travel.minutes[row], alone.travel.minutes[0])
    assert not np.allclose(
        together.travel.minutes[:2],
        compute_network_matrix(graph, destinations, origins.iloc[:2], crs=CRS).travel.minutes.T,
    )


# --- cache ---------------------------------------------------------------------------------------


def test_cache_hit_on_second_call_returns_equal_result(tmp_path: Path) -> None:
    graph = _grid(4)
    graph.add_node("i1", x=20_000.0, y=0.0)
    graph.add_node("i2", x=21_000.0, y=0.0)
    _add_edge(graph, "i1", "i2")
    origins = _points([(100, 100), (20_500, 0)], ["a", "b"])
    destinations = _points([(3000, 3000), (1500, 0), (0, 3000)], ["s1", "s2", "s3"])
    first = compute_network_matrix(graph, origins, destinations, crs=CRS, cache_dir=tmp_path)
    second = compute_network_matrix(graph, origins, destinations, crs=CRS, cache_dir=tmp_path)
    assert not first.from_cache
    assert second.from_cache
    np.testing.assert_array_equal(first.travel.minutes, second.travel.minutes)
    np.testing.assert_array_equal(first.pair_method, second.pair_method)
    assert first.travel.method == second.travel.method == "mixed"
    pd.testing.assert_frame_equal(first.origin_snaps, second.origin_snaps)
    assert len(list(tmp_path.glob("travel-*.npz"))) == 1
    assert not list(tmp_path.glob("*.tmp"))
    # A changed parameter or a changed edge is a different key, never a stale hit.
    other = compute_network_matrix(
        graph, origins, destinations, crs=CRS, cache_dir=tmp_path, connector_speed_kmh=5
    )
    assert not other.from_cache
    graph.edges[(0, 0), (1, 0), 0]["travel_minutes"] = 0.5
    changed = compute_network_matrix(graph, origins, destinations, crs=CRS, cache_dir=tmp_path)
    assert not changed.from_cache
    assert len(list(tmp_path.glob("travel-*.npz"))) == 3


def test_corrupt_cache_file_is_recomputed(tmp_path: Path) -> None:
    graph = _grid(3)
    points = _points([(0, 0), (2000, 2000)], ["a", "b"])
    compute_network_matrix(graph, points, points, crs=CRS, cache_dir=tmp_path)
    (cache_file,) = tmp_path.glob("travel-*.npz")
    cache_file.write_bytes(b"not a zip file")
    again = compute_network_matrix(graph, points, points, crs=CRS, cache_dir=tmp_path)
    assert not again.from_cache
    np.testing.assert_allclose(again.travel.minutes, [[0, 4], [4, 0]])


# --- OSM XML ---------------------------------------------------------------------------------------

OSM_XML = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
  <node id="1" lat="20.250" lon="105.970"/>
  <node id="2" lat="20.250" lon="105.980"/>
  <node id="3" lat="20.250" lon="105.990"/>
  <node id="4" lat="20.260" lon="105.980"/>
  <node id="5" lat="20.240" lon="105.980"/>
  <node id="6" lat="20.270" lon="105.980"/>
  <node id="7" lat="20.250" lon="106.000"/>
  <way id="100">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="ref" v="QL1A"/>
  </way>
  <way id="101">
    <nd ref="5"/><nd ref="2"/><nd ref="4"/>
    <tag k="highway" v="tertiary"/><tag k="oneway" v="yes"/><tag k="maxspeed" v="40"/>
  </way>
  <way id="102">
    <nd ref="6"/><nd ref="4"/>
    <tag k="highway" v="residential"/><tag k="oneway" v="-1"/>
  </way>
  <way id="103">
    <nd ref="3"/><nd ref="7"/>
    <tag k="highway" v="motorway"/>
  </way>
  <way id="104">
    <nd ref="1"/><nd ref="5"/>
    <tag k="highway" v="footway"/>
  </way>
</osm>
"""


def _check_osm_graph(graph: nx.MultiDiGraph) -> None:
    speeds = default_speeds_kmh()
    # Way 100 is split at node 2 (shared with way 101); way 101 is split at node 2 as well.
    assert set(graph.nodes) == {1, 2, 3, 4, 5, 6, 7}
    pairs = {(u, v) for u, v in graph.edges()}
    assert {(1, 2), (2, 1), (2, 3), (3, 2)} <= pairs  # primary, two-way
    assert (5, 2) in pairs  # oneway=yes
    assert (2, 5) not in pairs
    assert (2, 4) in pairs
    assert (4, 2) not in pairs
    assert (4, 6) in pairs  # oneway=-1: against the drawing
    assert (6, 4) not in pairs
    assert (3, 7) in pairs  # motorway implies one-way
    assert (7, 3) not in pairs
    assert not any(data.get("highway") == "footway" for _, _, data in graph.edges(data=True))
    primary = graph.edges[1, 2, 0]
    assert primary["road_class"] == "national"
    assert primary["speed_kmh"] == speeds["national"]
    assert primary["length_m"] == pytest.approx(1045, rel=0.01)  # 0.01° of longitude at 20.25° N
    assert primary["travel_minutes"] == pytest.approx(primary["length_m"] / (50_000 / 60))
    tertiary = graph.edges[5, 2, 0]
    assert tertiary["speed_kmh"] == 40.0  # maxspeed
    assert tertiary["road_class"] == "district"
    assert graph.edges[3, 7, 0]["road_class"] == "expressway"
    assert graph.graph["crs"] == CRS


def test_read_osm_xml_splits_ways_and_handles_oneway_and_maxspeed(tmp_path: Path) -> None:
    path = tmp_path / "roads.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    graph = read_osm_xml(path, crs=CRS)
    _check_osm_graph(graph)
    # The graph is usable end to end.
    points = gpd.GeoDataFrame(
        geometry=shapely.points([[105.970, 20.250], [106.000, 20.250]]),
        index=["west", "east"],
        crs="EPSG:4326",
    )
    result = compute_network_matrix(graph, points, points, crs=CRS)
    assert result.travel.minutes[0, 1] < np.inf
    assert result.pair_method[0, 1] == PairMethod.NETWORK
    # east → west goes against the motorway: only possible by pushing at connector speed.
    assert result.travel.minutes[1, 0] > result.travel.minutes[0, 1]


def test_read_osm_pbf_with_osmium(tmp_path: Path) -> None:
    osmium = pytest.importorskip("osmium")
    xml_path = tmp_path / "roads.osm"
    xml_path.write_text(OSM_XML, encoding="utf-8")
    pbf_path = tmp_path / "roads.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf_path))
    for entity in osmium.FileProcessor(str(xml_path)):
        writer.add(entity)
    writer.close()
    _check_osm_graph(read_osm_xml(pbf_path, crs=CRS))


def test_pbf_without_osmium_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roads.osm.pbf"
    path.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "osmium", None)
    with pytest.raises(ImportError, match=r"osmium.*facility_plan\[osm\]"):
        read_osm_xml(path, crs=CRS)


def test_malformed_osm_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.osm"
    path.write_text("<osm>\n<node id='1' lat='1' lon='2'>\n</osm>", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"broken\.osm: not valid OSM XML at line 3"):
        read_osm_xml(path, crs=CRS)


def test_osm_way_with_missing_node_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "missing.osm"
    path.write_text(OSM_XML.replace('<node id="7" lat="20.250" lon="106.000"/>', ""), "utf-8")
    with pytest.raises(InputDataError, match=r"missing\.osm, field 'nd': way 103: node 7"):
        read_osm_xml(path, crs=CRS)


# --- line layers ---------------------------------------------------------------------------------


def _write_lines(path: Path, rows: list[dict[str, object]], crs: str | None = "EPSG:4326") -> None:
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    frame.to_file(path, driver="GPKG" if path.suffix == ".gpkg" else "GeoJSON")


def _lon_lat_lines() -> list[dict[str, object]]:
    # Three lines near Ninh Bình; the second starts 0.3 m from the end of the first.
    west, middle, east, north = (105.97, 20.25), (105.98, 20.25), (105.99, 20.25), (105.98, 20.26)
    middle_nudged = (105.98 + 3e-6, 20.25)  # about 0.3 m east
    return [
        {"loai_duong": "Quốc lộ", "toc_do": None, "mot_chieu": "no",
         "geometry": shapely.LineString([west, middle])},
        {"loai_duong": "ĐT", "toc_do": 45.0, "mot_chieu": None,
         "geometry": shapely.MultiLineString([[middle_nudged, east]])},
        {"loai_duong": "đường xã", "toc_do": None, "mot_chieu": "yes",
         "geometry": shapely.LineString([middle, north])},
    ]  # fmt: skip


def test_read_road_lines_from_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "roads.gpkg"
    _write_lines(path, _lon_lat_lines())
    graph = read_road_lines(
        path,
        crs=CRS,
        class_column="loai_duong",
        speed_column="toc_do",
        oneway_column="mot_chieu",
    )
    assert graph.number_of_nodes() == 4  # the 0.3 m gap is snapped (tolerance 1 m)
    assert graph.number_of_edges() == 5  # two two-way lines and one one-way line
    classes = sorted((d["road_class"], d["speed_kmh"]) for _, _, d in graph.edges(data=True))
    assert classes == [
        ("commune", 25.0),
        ("national", 50.0),
        ("national", 50.0),
        ("provincial", 45.0),
        ("provincial", 45.0),
    ]
    for _, _, data in graph.edges(data=True):
        assert data["length_m"] == pytest.approx(data["geometry"].length)
        assert data["travel_minutes"] == pytest.approx(
            data["length_m"] / (data["speed_kmh"] * 1000 / 60)
        )
    one_way = [(u, v) for u, v, d in graph.edges(data=True) if d["road_class"] == "commune"]
    assert len(one_way) == 1
    assert graph.nodes[one_way[0][1]]["y"] > graph.nodes[one_way[0][0]]["y"]  # drawn south → north
    assert {d["source_row"] for _, _, d in graph.edges(data=True)} == {1, 2, 3}


def test_compute_travel_from_roads_in_one_call(tmp_path: Path) -> None:
    path = tmp_path / "roads.geojson"
    _write_lines(path, _lon_lat_lines())
    communes = gpd.GeoDataFrame(
        geometry=shapely.points([[105.971, 20.2502]]), index=["xa_1"], crs="EPSG:4326"
    )
    sites = gpd.GeoDataFrame(
        geometry=shapely.points([[105.989, 20.2501], [105.98, 20.259]]),
        index=["site_a", "site_b"],
        crs="EPSG:4326",
    )
    result = compute_travel_from_roads(
        path, communes, sites, crs=CRS, class_column="loai_duong", cache_dir=tmp_path / "cache"
    )
    assert result.travel.method == "network"
    assert result.travel.minutes.shape == (1, 2)
    assert np.isfinite(result.travel.minutes).all()
    assert result.method_counts()["network"] == 2


@pytest.mark.parametrize(
    ("rows", "kwargs", "message"),
    [
        (
            None,
            {"class_column": "road_type"},
            r"roads\.gpkg, field 'road_type': road class column missing; found: \['loai_duong'",
        ),
        (
            "point",
            {},
            r"roads\.gpkg, row 2, field 'geometry': geometry is a Point",
        ),
        (
            "negative_speed",
            {"speed_column": "toc_do"},
            r"roads\.gpkg, row 3, field 'toc_do': speed is -5\.0; must be km/h > 0",
        ),
        (
            "zero_speed",
            {"speed_column": "toc_do"},
            r"row 1, field 'toc_do': speed is 0\.0",
        ),
        (
            "unknown_class",
            {"class_column": "loai_duong"},
            r"row 2, field 'loai_duong': road class 'phà' is unknown",
        ),
        (
            "bad_oneway",
            {"oneway_column": "mot_chieu"},
            r"row 1, field 'mot_chieu': oneway value 'maybe' not understood",
        ),
    ],
)
def test_bad_line_layers_name_file_row_and_field(
    tmp_path: Path, rows: str | None, kwargs: dict[str, str], message: str
) -> None:
    lines = _lon_lat_lines()
    if rows == "point":
        lines[1]["geometry"] = shapely.Point(105.98, 20.25)
    elif rows == "negative_speed":
        lines[2]["toc_do"] = -5.0
    elif rows == "zero_speed":
        lines[0]["toc_do"] = 0.0
    elif rows == "unknown_class":
        lines[1]["loai_duong"] = "phà"
    elif rows == "bad_oneway":
        lines[0]["mot_chieu"] = "maybe"
    path = tmp_path / "roads.gpkg"
    _write_lines(path, lines)
    with pytest.raises(InputDataError, match=message):
        read_road_lines(path, crs=CRS, **kwargs)


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_line_layer_without_crs_is_rejected(tmp_path: Path) -> None:
    # GeoJSON always implies WGS 84; a shapefile without .prj has no CRS.
    rows = [{"geometry": shapely.LineString([(0, 0), (1000, 0)])}]
    shp = tmp_path / "nocrs.shp"
    gpd.GeoDataFrame(rows, geometry="geometry").to_file(shp)
    with pytest.raises(InputDataError, match=r"nocrs\.shp, field 'geometry': no CRS declared"):
        read_road_lines(shp, crs=CRS)


def test_other_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="file not found"):
        read_road_lines(tmp_path / "missing.gpkg", crs=CRS)
    path = tmp_path / "roads.gpkg"
    _write_lines(path, _lon_lat_lines())
    with pytest.raises(InputDataError, match="is not projected"):
        read_road_lines(path, crs="EPSG:4326")
    with pytest.raises(InputDataError, match=r"speeds_kmh, field 'track': speed is -1"):
        read_road_lines(path, crs=CRS, speeds_kmh={**default_speeds_kmh(), "track": -1})
    graph = _grid(2)
    points = _points([(0, 0)], ["a"])
    with pytest.raises(InputDataError, match="differs from crs"):
        compute_network_matrix(graph, points, points, crs="EPSG:32649")
    with pytest.raises(InputDataError, match="origins: no CRS set"):
        compute_network_matrix(graph, points.set_crs(None, allow_override=True), points, crs=CRS)
    lines = gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (1, 1)])], index=["l"], crs=CRS)
    with pytest.raises(InputDataError, match=r"origins, row 1, field 'geometry'.*LineString"):
        compute_network_matrix(graph, lines, points, crs=CRS)
    with pytest.raises(InputDataError, match=r"origins, row 1, field 'kind': area type 'city'"):
        compute_network_matrix(
            graph, _points([(0, 0)], ["a"], kind=["city"]), points, crs=CRS,
            area_type_column="kind",
        )  # fmt: skip
    with pytest.raises(InputDataError, match="graph, field 'crs'"):
        compute_network_matrix(nx.MultiDiGraph(_grid(2).edges(data=True)), points, points, crs=CRS)
    broken = _grid(2)
    broken.edges[(0, 0), (1, 0), 0]["travel_minutes"] = -1.0
    del broken.edges[(1, 0), (0, 0), 0]["travel_minutes"]
    with pytest.raises(InputDataError, match=r"(?s)2 problems.*travel_minutes is -1\.0.*is None"):
        compute_network_matrix(broken, points, points, crs=CRS)
    with pytest.raises(InputDataError, match=r"detour_factor is 0\.5"):
        AreaTravel(speed_kmh=30, detour_factor=0.5)


# --- osmnx (offline parts only) ------------------------------------------------------------------


def test_graph_from_osmnx_converts_an_osmnx_like_graph() -> None:
    raw = nx.MultiDiGraph(crs=CRS)
    raw.add_node(1, x=0.0, y=0.0)
    raw.add_node(2, x=1000.0, y=0.0)
    raw.add_edge(1, 2, highway=["secondary", "tertiary"], length=1000.0, maxspeed="60")
    raw.add_edge(2, 1, highway="secondary", length=1000.0)
    graph = graph_from_osmnx(raw)
    assert graph.edges[1, 2, 0]["speed_kmh"] == 60.0
    assert graph.edges[1, 2, 0]["road_class"] == "provincial"
    assert graph.edges[2, 1, 0]["speed_kmh"] == 40.0
    assert graph.edges[2, 1, 0]["travel_minutes"] == pytest.approx(1.5)


def test_graph_from_place_without_osmnx_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "osmnx", None)
    with pytest.raises(ImportError, match=r"osmnx.*facility_plan\[osm\]"):
        graph_from_place("Ninh Bình, Việt Nam", tmp_path, crs=CRS)
