"""Water crossings: trips between land masses routed over ferry links (wait + crossing), never across the sea."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from facility_plan.errors import ProblemError

MAINLAND = "mainland"
"""Land mass of every point not listed on an island."""

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class FerryLeg:
    """One scheduled crossing between terminals, by terminal position.

    Attributes
    ----------
    from_terminal, to_terminal
        Positions of the two terminals in the terminal list.
    minutes
        Wait for the sailing plus time on the water (minutes), the same both ways.
    """

    from_terminal: int
    to_terminal: int
    minutes: float


@dataclass(frozen=True, slots=True)
class WaterRouting:
    """Minutes with water crossings, and how many pairs took which way.

    Attributes
    ----------
    minutes
        Origin × destination minutes; ``inf`` where land masses differ and no ferry route exists.
    same_land_pairs
        Pairs on one land mass (minutes unchanged).
    ferry_pairs
        Pairs on different land masses joined by ferry legs.
    no_crossing_pairs
        Pairs on different land masses with no ferry route (unreachable).
    """

    minutes: FloatArray
    same_land_pairs: int
    ferry_pairs: int
    no_crossing_pairs: int


def _terminal_graph(
    terminal_land: Sequence[str], terminal_drive: FloatArray, legs: Sequence[FerryLeg]
) -> FloatArray:
    """Shortest minutes between terminals: driving on one land mass, ferry legs between (Floyd–Warshall)."""
    land = np.asarray(terminal_land, dtype=object)
    graph = np.where(land[:, None] == land[None, :], terminal_drive, np.inf)
    np.fill_diagonal(graph, 0.0)
    for leg in legs:
        for a, b in ((leg.from_terminal, leg.to_terminal), (leg.to_terminal, leg.from_terminal)):
            graph[a, b] = min(graph[a, b], leg.minutes)
    for k in range(graph.shape[0]):
        graph = np.minimum(graph, graph[:, k : k + 1] + graph[k : k + 1, :])
    return graph


def route_over_water(
    base_minutes: FloatArray,
    *,
    origin_land: Sequence[str],
    destination_land: Sequence[str],
    origin_to_terminal: FloatArray,
    terminal_to_destination: FloatArray,
    terminal_land: Sequence[str],
    terminal_drive: FloatArray,
    legs: Sequence[FerryLeg],
) -> WaterRouting:
    """Replace every cross-water pair of `base_minutes` by its best route over the ferry legs.

    A pair on different land masses costs: minutes to a terminal on the origin's land, the
    shortest chain of crossings (legs may chain, e.g. Thổ Châu → Phú Quốc → mainland, driving
    between terminals of one land mass), minutes from a terminal on the destination's land.

    Parameters
    ----------
    base_minutes
        Origin × destination minutes of the base model (minutes; cross-water values ignored).
    origin_land, destination_land
        Land mass of each origin / destination (``"mainland"`` or an island name).
    origin_to_terminal, terminal_to_destination
        Base-model minutes origin × terminal and terminal × destination.
    terminal_land
        Land mass of each terminal.
    terminal_drive
        Base-model minutes terminal × terminal (used only within one land mass).
    legs
        The crossings (wait + water minutes).

    Returns
    -------
    WaterRouting

    Raises
    ------
    ProblemError
        Shapes that do not line up, or a leg joining two terminals on one land mass.
    """
    n_origins, n_destinations = base_minutes.shape
    n_terminals = len(terminal_land)
    shapes_ok = (
        len(origin_land) == n_origins
        and len(destination_land) == n_destinations
        and origin_to_terminal.shape == (n_origins, n_terminals)
        and terminal_to_destination.shape == (n_terminals, n_destinations)
        and terminal_drive.shape == (n_terminals, n_terminals)
    )
    if not shapes_ok:
        msg = "route_over_water: land masses, terminals and minutes do not line up"
        raise ProblemError(msg)
    for leg in legs:
        if terminal_land[leg.from_terminal] == terminal_land[leg.to_terminal]:
            msg = (
                f"ferry leg {leg.from_terminal}–{leg.to_terminal} joins two terminals on "
                f"{terminal_land[leg.from_terminal]!r}; a ferry link must cross water"
            )
            raise ProblemError(msg)
    origins = np.asarray(origin_land, dtype=object)
    destinations = np.asarray(destination_land, dtype=object)
    terminals = np.asarray(terminal_land, dtype=object)
    same_land = origins[:, None] == destinations[None, :]
    graph = _terminal_graph(terminal_land, terminal_drive, legs)
    to_terminal = np.where(origins[:, None] == terminals[None, :], origin_to_terminal, np.inf)
    from_terminal = np.where(
        terminals[:, None] == destinations[None, :], terminal_to_destination, np.inf
    )
    # (min, +) products: origin → any terminal → any terminal → destination.
    via = np.min(to_terminal[:, :, None] + graph[None, :, :], axis=1) if n_terminals else None
    if via is None:
        water = np.full(base_minutes.shape, np.inf)
    else:
        water = np.min(via[:, :, None] + from_terminal[None, :, :], axis=1)
    minutes = np.where(same_land, base_minutes, water)
    crossing = ~same_land
    reachable = np.isfinite(minutes)
    return WaterRouting(
        minutes=minutes,
        same_land_pairs=int(same_land.sum()),
        ferry_pairs=int((crossing & reachable).sum()),
        no_crossing_pairs=int((crossing & ~reachable).sum()),
    )
