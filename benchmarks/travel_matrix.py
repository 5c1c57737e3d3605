"""Benchmark: network travel matrix (facility_plan.travel) against networkx Dijkstra, same run.

Builds a seeded synthetic road-like graph (a jittered grid with removed edges, faster arterial
lines and some one-way streets), places origins and destinations on random nodes, and times

* ``compute_network_matrix`` (graph → CSR, snapping, scipy multi-source Dijkstra, fallbacks), and
* ``networkx.single_source_dijkstra_path_length`` from each origin (weight ``travel_minutes``).

networkx is timed on a random subset of origins and extrapolated linearly to all origins; the output
says so. The sampled rows are also checked against the engine's minutes.

Run::

    python benchmarks/travel_matrix.py            # 450 × 450 = 202,500 nodes, 3,000 × 500 points
    python benchmarks/travel_matrix.py --side 100 # quick run
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from facility_plan.travel import StraightLineFallback, compute_network_matrix

CRS = "EPSG:32648"


def build_grid_road_graph(side: int, *, seed: int, spacing_m: float = 200.0) -> nx.MultiDiGraph:
    """Jittered `side` × `side` grid: 8 % links removed, arterial every 15th line, 3 % one-way."""
    rng = np.random.default_rng(seed)
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    x = ii.ravel() * spacing_m + rng.uniform(-40, 40, side * side)
    y = jj.ravel() * spacing_m + rng.uniform(-40, 40, side * side)
    node = np.arange(side * side).reshape(side, side)
    horizontal = np.column_stack([node[:-1, :].ravel(), node[1:, :].ravel()])
    vertical = np.column_stack([node[:, :-1].ravel(), node[:, 1:].ravel()])
    links = np.vstack([horizontal, vertical])
    arterial_h = (jj[:-1, :].ravel() % 15) == 0
    arterial_v = (ii[:, :-1].ravel() % 15) == 0
    arterial = np.concatenate([arterial_h, arterial_v])
    keep = arterial | (rng.random(len(links)) > 0.08)
    links, arterial = links[keep], arterial[keep]
    speed_kmh = np.where(arterial, 60.0, rng.uniform(20, 35, len(links)))
    one_way = ~arterial & (rng.random(len(links)) < 0.03)
    length_m = np.hypot(x[links[:, 1]] - x[links[:, 0]], y[links[:, 1]] - y[links[:, 0]])
    minutes = length_m / (speed_kmh * 1000 / 60)

    graph = nx.MultiDiGraph(crs=CRS)
    graph.add_nodes_from((int(n), {"x": float(x[n]), "y": float(y[n])}) for n in range(side * side))

    def edges() -> object:
        for (u, v), length, speed, minute, art, single in zip(
            links.tolist(),
            length_m.tolist(),
            speed_kmh.tolist(),
            minutes.tolist(),
            arterial.tolist(),
            one_way.tolist(),
            strict=True,
        ):
            data = {
                "length_m": length,
                "speed_kmh": speed,
                "travel_minutes": minute,
                "road_class": "provincial" if art else "commune",
            }
            yield u, v, data
            if not single:
                yield v, u, dict(data)

    graph.add_edges_from(edges())
    return graph


def points_on_nodes(graph: nx.MultiDiGraph, nodes: np.ndarray, prefix: str) -> gpd.GeoDataFrame:
    """Points exactly on the given nodes, indexed ``{prefix}{node}``."""
    xy = np.array([(graph.nodes[int(n)]["x"], graph.nodes[int(n)]["y"]) for n in nodes])
    return gpd.GeoDataFrame(
        geometry=shapely.points(xy), index=[f"{prefix}{n}" for n in nodes], crs=CRS
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (MB, Linux ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print the timings, ratio and memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=450, help="grid side (nodes = side²)")
    parser.add_argument("--origins", type=int, default=3000)
    parser.add_argument("--destinations", type=int, default=500)
    parser.add_argument("--nx-sample", type=int, default=12, help="origins timed with networkx")
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()

    started = time.perf_counter()
    graph = build_grid_road_graph(args.side, seed=args.seed)
    print(
        f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} directed edges "
        f"(built in {time.perf_counter() - started:.1f} s; peak RSS {peak_rss_mb():,.0f} MB)"
    )
    rng = np.random.default_rng(args.seed + 1)
    all_nodes = np.arange(graph.number_of_nodes())
    origin_nodes = rng.choice(all_nodes, size=args.origins, replace=False)
    destination_nodes = rng.choice(all_nodes, size=args.destinations, replace=False)
    origins = points_on_nodes(graph, origin_nodes, "o")
    destinations = points_on_nodes(graph, destination_nodes, "d")
    print(f"points: {len(origins):,} origins × {len(destinations):,} destinations (on nodes)")

    # Crawling connector speed: points sit on nodes, so no pushing against one-way streets;
    # the minutes are then comparable with networkx node-to-node Dijkstra.
    fallback = StraightLineFallback(max_snap_distance_m=1e9)
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    result = compute_network_matrix(
        graph, origins, destinations, crs=CRS, fallback=fallback, connector_speed_kmh=1e-6
    )
    engine_seconds = time.perf_counter() - started
    rss_after = peak_rss_mb()
    print(
        f"facility_plan.travel.compute_network_matrix: {engine_seconds:.2f} s "
        f"({min(len(origins), len(destinations)):,} scipy Dijkstra searches: the engine searches "
        "from the smaller side, backwards from the destinations on the reversed graph)"
    )
    print(f"  pair methods: {result.method_counts().to_dict()}")

    sample = rng.choice(
        len(origin_nodes), size=min(args.nx_sample, len(origin_nodes)), replace=False
    )
    destination_position = {int(n): k for k, n in enumerate(destination_nodes)}
    max_difference = 0.0
    started = time.perf_counter()
    for row in sample:
        lengths = nx.single_source_dijkstra_path_length(
            graph, int(origin_nodes[row]), weight="travel_minutes"
        )
        for node, column in destination_position.items():
            expected = lengths.get(node, np.inf)
            ours = result.travel.minutes[row, column]
            if np.isfinite(expected):
                max_difference = max(max_difference, abs(ours - expected))
    nx_sample_seconds = time.perf_counter() - started
    nx_seconds = nx_sample_seconds / len(sample) * len(origin_nodes)
    print(
        f"networkx single_source_dijkstra_path_length: {nx_sample_seconds:.2f} s for "
        f"{len(sample)} of {len(origin_nodes):,} origins, extrapolated linearly to all origins: "
        f"{nx_seconds:.1f} s"
    )
    print(f"  max |engine - networkx| over sampled rows: {max_difference:.2e} minutes")
    print(f"ratio networkx / engine: {nx_seconds / engine_seconds:.1f}×")

    tracemalloc.start()
    compute_network_matrix(
        graph, origins, destinations, crs=CRS, fallback=fallback, connector_speed_kmh=1e-6
    )
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory: engine peak traced allocations {traced_peak / 2**20:,.0f} MB (tracemalloc, "
        f"second run); process peak RSS {rss_before:,.0f} MB before the engine, "
        f"{rss_after:,.0f} MB after (includes the networkx graph)"
    )


if __name__ == "__main__":
    main()
