"""Small synthetic problems for doctests, notebooks, tests and benchmarks (no files, no network).

Every random example takes an explicit ``seed`` and uses its own ``numpy.random.Generator``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree, shortest_path
from scipy.spatial import Delaunay

from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

__all__ = ["grid_problem", "line_problem", "road_network_problem"]

_ROAD_SPEEDS_KMH = np.array([25.0, 40.0, 60.0])  # commune, district, provincial road


def _problem(
    travel_minutes: npt.NDArray[np.float64],
    demand_persons: npt.NDArray[np.float64],
    demand_ids: list[str],
    site_ids: list[str],
    *,
    existing_site_ids: frozenset[str] = frozenset(),
) -> Problem:
    demand_index = pd.Index(demand_ids, name="demand_id")
    site_index = pd.Index(site_ids, name="site_id")
    demand = pd.DataFrame(
        {"demand_persons": np.asarray(demand_persons, dtype=float), "admin_code": ""},
        index=demand_index,
    )
    sites = pd.DataFrame(
        {
            "status": ["existing" if s in existing_site_ids else "candidate" for s in site_ids],
            "capacity_places": np.nan,
            "open_cost_vnd": 0.0,
            "admin_code": "",
        },
        index=site_index,
    )
    travel = TravelMatrix(demand_index, site_index, travel_minutes, method="given")
    return Problem(demand=demand, sites=sites, travel=travel)


def line_problem(*, existing_site_ids: frozenset[str] = frozenset()) -> Problem:
    """Five demand points and three sites on a straight road, 1 minute per unit of distance.

    Demand points d1 … d5 sit at 0, 10, 20, 30, 40 minutes along the road with 10, 20, 30, 40
    and 5 persons; sites s1, s2, s3 sit at 5, 20 and 35 minutes. Hand-computed optima
    (person-minutes, minutes, persons, counts):

    ============================  ===============  ===========
    model                         optimum          sites
    ============================  ===============  ===========
    p-median, p = 1               900              s2
    p-median, p = 2               625              s2, s3
    p-median, p = 3               375              s1, s2, s3
    p-center, p = 1               20 minutes       s2
    p-center, p = 2               15 minutes       s1, s3
    max coverage 10 min, p = 1    90 persons       s2
    max coverage 10 min, p = 2    100 persons      s1, s2
    set covering 10 min           3 sites          s1, s2, s3
    set covering 15 min           2 sites          s1, s3
    ============================  ===============  ===========

    For example the p-median with p = 2 and sites {s2, s3} costs
    10·20 + 20·10 + 30·0 + 40·5 + 5·5 = 625, against 650 for {s1, s2} and 825 for {s1, s3}.

    Parameters
    ----------
    existing_site_ids
        Sites to mark as existing (fixed open); the others are candidates.

    Returns
    -------
    Problem

    Examples
    --------
    >>> problem = line_problem()
    >>> problem.travel.to_frame().loc["d1"].tolist()
    [5.0, 20.0, 35.0]
    """
    demand_minutes = np.array([0.0, 10.0, 20.0, 30.0, 40.0])
    site_minutes = np.array([5.0, 20.0, 35.0])
    travel_minutes = np.abs(demand_minutes[:, None] - site_minutes[None, :])
    return _problem(
        travel_minutes,
        np.array([10.0, 20.0, 30.0, 40.0, 5.0]),
        [f"d{i}" for i in range(1, 6)],
        ["s1", "s2", "s3"],
        existing_site_ids=existing_site_ids,
    )


def grid_problem(n: int, *, seed: int) -> Problem:
    """Demand on an ``n × n`` grid of communes, candidate sites on about a third of them.

    Demand point ``d{row}_{col}`` has a random 0 … 99 persons (some are 0). Travel minutes are
    the Manhattan grid distance at 6 minutes per cell plus a random 0 … 3 minutes of local access
    per pair, so the matrix is access-style (not a metric).

    Parameters
    ----------
    n
        Grid side (cells); at least 2.
    seed
        Seed of the ``numpy.random.Generator``.

    Returns
    -------
    Problem

    Examples
    --------
    >>> problem = grid_problem(3, seed=1)
    >>> problem.travel.minutes.shape
    (9, 3)
    """
    rng = np.random.default_rng(seed)
    rows, cols = np.divmod(np.arange(n * n), n)
    site_cells = np.sort(rng.choice(n * n, size=max(2, (n * n) // 3), replace=False))
    grid_steps = np.abs(rows[:, None] - rows[site_cells][None, :]) + np.abs(
        cols[:, None] - cols[site_cells][None, :]
    )
    travel_minutes = 6.0 * grid_steps + rng.uniform(0.0, 3.0, size=grid_steps.shape)
    return _problem(
        travel_minutes,
        rng.integers(0, 100, size=n * n).astype(float),
        [f"d{r}_{c}" for r, c in zip(rows, cols, strict=True)],
        [f"s{rows[k]}_{cols[k]}" for k in site_cells],
    )


def road_network_problem(
    n_vertices: int, *, seed: int, area_km: float = 60.0, unit_demand: bool = False
) -> Problem:
    """A road-like random network: every vertex is a demand point and a candidate site.

    Vertices are uniform in an ``area_km × area_km`` square. Roads are the Delaunay edges, of
    which about 30 % are dropped (never those of the minimum spanning tree, so the network stays
    connected); each road gets a speed of 25, 40 or 60 km/h and a detour factor 1.0 … 1.4 on its
    straight length. Travel minutes are the shortest paths (scipy.sparse.csgraph).

    Parameters
    ----------
    n_vertices
        Number of vertices (≥ 4).
    seed
        Seed of the ``numpy.random.Generator``.
    area_km
        Side of the square (km).
    unit_demand
        True: 1 person per vertex (as in OR-Library pmed); False: random 1 … 2,000 persons.

    Returns
    -------
    Problem
        Ids ``v1`` … ``v{n}`` for both demand points and sites.

    Examples
    --------
    >>> problem = road_network_problem(50, seed=3)
    >>> problem.travel.minutes.shape, bool((problem.travel.minutes.diagonal() == 0).all())
    ((50, 50), True)
    """
    rng = np.random.default_rng(seed)
    xy_km = rng.uniform(0.0, area_km, size=(n_vertices, 2))
    triangles = Delaunay(xy_km).simplices
    edges = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [0, 2]]])
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    length_km = np.hypot(*(xy_km[edges[:, 0]] - xy_km[edges[:, 1]]).T)
    graph_km = coo_matrix(
        (length_km, (edges[:, 0], edges[:, 1])), shape=(n_vertices, n_vertices)
    ).tocsr()
    tree = minimum_spanning_tree(graph_km).tocoo()
    in_tree = {(min(a, b), max(a, b)) for a, b in zip(tree.row, tree.col, strict=True)}
    keep = np.array([(a, b) in in_tree for a, b in edges]) | (rng.uniform(size=len(edges)) > 0.3)
    edges, length_km = edges[keep], length_km[keep]
    speed_kmh = rng.choice(_ROAD_SPEEDS_KMH, size=len(edges))
    road_minutes = length_km * rng.uniform(1.0, 1.4, size=len(edges)) / speed_kmh * 60.0
    graph_minutes = coo_matrix(
        (road_minutes, (edges[:, 0], edges[:, 1])), shape=(n_vertices, n_vertices)
    ).tocsr()
    travel_minutes = shortest_path(graph_minutes, method="D", directed=False)
    demand_persons = (
        np.ones(n_vertices) if unit_demand else rng.integers(1, 2001, size=n_vertices).astype(float)
    )
    ids = [f"v{i}" for i in range(1, n_vertices + 1)]
    return _problem(travel_minutes, demand_persons, ids, ids)
