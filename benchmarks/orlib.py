"""Readers for J.E. Beasley's OR-Library location instances (pmed, cap, pmedcap) as Problems (benchmarks only).

The files are the plain-text formats documented in OR-Library (see the README beside the data in
``shared/benchmarks/or_library``). Every reader returns a `Problem` whose ids are the 1-based
numbers used in the file, as strings, so results can be compared with published solutions.

Distances in these instances are abstract lengths; they are stored in the ``travel_minutes``
slot of the `Problem` so that the models can be checked against the published optima.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from facility_plan.errors import InputDataError
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

__all__ = [
    "CapacitatedPMedianInstance",
    "PMedianInstance",
    "read_cap",
    "read_pmed",
    "read_pmedcap",
]


class PMedianInstance(NamedTuple):
    """An OR-Library p-median instance; unpacks as ``problem, p = read_pmed(path)``.

    Attributes
    ----------
    problem
        Every vertex is a demand point (1 person) and a candidate site; travel minutes are the
        all-pairs shortest-path lengths.
    p
        Number of medians (open sites).
    """

    problem: Problem
    p: int


class CapacitatedPMedianInstance(NamedTuple):
    """A capacitated p-median instance; unpacks as ``problem, p, capacity = read_pmedcap(path)``.

    Attributes
    ----------
    problem
        Every point is a demand point and a candidate site of capacity `capacity_places`;
        ``travel_minutes[i, j] = floor(euclidean(i, j)) / demand_persons[i]`` so that the
        demand-weighted total equals the published unweighted sum of floor distances.
    p
        Number of medians.
    capacity_places
        Capacity of every median (demand units).
    """

    problem: Problem
    p: int
    capacity_places: float


def _read_numbers(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="ascii")
    except OSError as err:
        msg = f"{path}: cannot read OR-Library file ({err})"
        raise InputDataError(msg) from err
    return text.split()


def _problem_from_matrix(
    travel_minutes: npt.NDArray[np.float64],
    demand_persons: npt.NDArray[np.float64],
    *,
    capacity_places: npt.NDArray[np.float64],
    open_cost_vnd: npt.NDArray[np.float64],
) -> Problem:
    n_demand, n_sites = travel_minutes.shape
    demand_ids = pd.Index([str(i + 1) for i in range(n_demand)], name="demand_id")
    site_ids = pd.Index([str(j + 1) for j in range(n_sites)], name="site_id")
    demand = pd.DataFrame({"demand_persons": demand_persons, "admin_code": ""}, index=demand_ids)
    sites = pd.DataFrame(
        {
            "status": "candidate",
            "capacity_places": capacity_places,
            "open_cost_vnd": open_cost_vnd,
            "admin_code": "",
        },
        index=site_ids,
    )
    travel = TravelMatrix(demand_ids, site_ids, travel_minutes, method="given")
    return Problem(demand=demand, sites=sites, travel=travel)


def read_pmed(path: str | Path) -> PMedianInstance:
    """Read an OR-Library p-median file (``pmed1.txt`` … ``pmed40.txt``).

    The file has a header ``n m p`` and ``m`` lines ``i j c`` of undirected edges (1-based
    vertices, integer length). As in OR-Library, a later line for the same pair overwrites an
    earlier one (the last occurrence wins, not the minimum). Travel is the all-pairs shortest
    path over that graph (scipy.sparse.csgraph).

    Parameters
    ----------
    path
        Path of the instance file.

    Returns
    -------
    PMedianInstance
        The problem (ids "1" … "n", 1 person per vertex) and ``p``.

    Raises
    ------
    InputDataError
        If the file cannot be read or is malformed, or the graph is not connected.
    """
    path = Path(path)
    tokens = _read_numbers(path)
    try:
        n_vertices, n_edges, p = (int(t) for t in tokens[:3])
        edge_values = np.asarray(tokens[3 : 3 + 3 * n_edges], dtype=np.float64).reshape(-1, 3)
    except ValueError as err:
        msg = f"{path}: not a p-median file (header 'n m p' then m lines 'i j c'): {err}"
        raise InputDataError(msg) from err
    if edge_values.shape[0] != n_edges:
        msg = f"{path}: header announces {n_edges} edges, file has {edge_values.shape[0]}"
        raise InputDataError(msg)
    last_length: dict[tuple[int, int], float] = {}
    for tail, head, length in edge_values:
        a, b = int(tail) - 1, int(head) - 1
        if not (0 <= a < n_vertices and 0 <= b < n_vertices):
            msg = f"{path}: edge ({int(tail)}, {int(head)}) outside vertices 1..{n_vertices}"
            raise InputDataError(msg)
        if a != b:
            last_length[(min(a, b), max(a, b))] = float(length)
    pairs = np.asarray(list(last_length), dtype=np.int64).reshape(-1, 2)
    lengths = np.asarray(list(last_length.values()), dtype=np.float64)
    graph = csr_matrix(
        (
            np.concatenate([lengths, lengths]),
            (np.r_[pairs[:, 0], pairs[:, 1]], np.r_[pairs[:, 1], pairs[:, 0]]),
        ),
        shape=(n_vertices, n_vertices),
    )
    distances = shortest_path(graph, method="D", directed=False)
    if not np.isfinite(distances).all():
        msg = f"{path}: the graph is not connected"
        raise InputDataError(msg)
    problem = _problem_from_matrix(
        distances,
        np.ones(n_vertices),
        capacity_places=np.full(n_vertices, np.nan),
        open_cost_vnd=np.zeros(n_vertices),
    )
    return PMedianInstance(problem=problem, p=p)


def read_cap(path: str | Path) -> Problem:
    """Read an OR-Library capacitated warehouse location file (``cap41.txt`` …).

    Format: ``m n``; ``m`` lines ``capacity fixed_cost``; then for each customer its demand
    followed by the ``m`` costs of allocating ALL of its demand to each warehouse.

    Parameters
    ----------
    path
        Path of the instance file.

    Returns
    -------
    Problem
        Demand points "1" … "n" (persons = demand), sites "1" … "m" (capacity_places,
        open_cost_vnd = fixed cost), and ``travel_minutes[j, i] = c_ij / d_j`` (cost per unit of
        demand), so that the splittable objective is ``Σ travel_minutes · x + Σ open_cost · y``
        with x in demand units.

    Raises
    ------
    InputDataError
        If the file cannot be read or is malformed.
    """
    path = Path(path)
    tokens = _read_numbers(path)
    try:
        n_sites, n_demand = int(tokens[0]), int(tokens[1])
        site_values = np.asarray(tokens[2 : 2 + 2 * n_sites], dtype=np.float64).reshape(n_sites, 2)
        start = 2 + 2 * n_sites
        customer_values = np.asarray(
            tokens[start : start + n_demand * (n_sites + 1)], dtype=np.float64
        ).reshape(n_demand, n_sites + 1)
    except ValueError as err:
        msg = f"{path}: not a capacitated warehouse location file: {err}"
        raise InputDataError(msg) from err
    demand_units = customer_values[:, 0]
    allocation_costs = customer_values[:, 1:]
    safe_units = np.where(demand_units > 0, demand_units, 1.0)
    problem = _problem_from_matrix(
        allocation_costs / safe_units[:, None],
        demand_units,
        capacity_places=site_values[:, 0],
        open_cost_vnd=site_values[:, 1],
    )
    return problem


# Beasley's capa/capb/capc: the capacity field of every warehouse reads "capacity"; each file is
# solved at four capacities. Optima of the splittable problem as listed in OR-Library's capopt.txt.
SYMBOLIC_CAPACITIES = {
    "capa": {8000: 19240822.449, 10000: 18438046.543, 12000: 17765201.949, 14000: 17160439.012},
    "capb": {5000: 13656379.578, 6000: 13361927.449, 7000: 13198556.434, 8000: 13082516.496},
    "capc": {5000: 11646596.974, 5750: 11570340.289, 6500: 11518743.744, 7250: 11505767.394},
}


def read_cap_symbolic(path: str | Path, capacity: float) -> Problem:
    """Read a capa/capb/capc file with every warehouse's capacity set to `capacity` (units).

    Beasley's files read "capacity" where the capacity should be; some public copies hold one
    of the four values there instead. Either way every warehouse gets `capacity`.

    Parameters
    ----------
    path
        Path of ``capa.txt``, ``capb.txt`` or ``capc.txt``.
    capacity
        Capacity of every warehouse (demand units), one of Beasley's four per file.

    Returns
    -------
    Problem
        As `read_cap`, with ``capacity_places`` = `capacity` for every site.
    """
    path = Path(path)
    text = re.sub(r"capacity", "0", path.read_text())
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_text(text)
        problem = read_cap(copy)
    sites = problem.sites.assign(capacity_places=float(capacity))
    return Problem(demand=problem.demand, sites=sites, travel=problem.travel)


def read_pmedcap(path: str | Path) -> CapacitatedPMedianInstance:
    """Read an Osman & Christofides capacitated p-median file (``pmedcap1.txt`` …).

    Format: ``k best``; ``n p Q``; ``n`` lines ``i x y d``. Distances are Euclidean truncated
    to an integer (floor), which reproduces the published optima.

    Parameters
    ----------
    path
        Path of the instance file.

    Returns
    -------
    CapacitatedPMedianInstance
        Problem, p and capacity Q (the published optimum on the first line is not kept).

    Raises
    ------
    InputDataError
        If the file cannot be read or is malformed.
    """
    path = Path(path)
    tokens = _read_numbers(path)
    try:
        n_points, p = int(tokens[2]), int(tokens[3])
        capacity = float(tokens[4])
        point_values = np.asarray(tokens[5 : 5 + 4 * n_points], dtype=np.float64).reshape(
            n_points, 4
        )
    except ValueError as err:
        msg = f"{path}: not a capacitated p-median file: {err}"
        raise InputDataError(msg) from err
    xy = point_values[:, 1:3]
    demand_units = point_values[:, 3]
    floor_distances = np.floor(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    safe_units = np.where(demand_units > 0, demand_units, 1.0)
    problem = _problem_from_matrix(
        floor_distances / safe_units[:, None],
        demand_units,
        capacity_places=np.full(n_points, capacity),
        open_cost_vnd=np.zeros(n_points),
    )
    return CapacitatedPMedianInstance(problem=problem, p=p, capacity_places=capacity)
