"""Disk cache of network travel matrices, keyed by the sha256 of the graph, the points and the parameters."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt
import shapely

from facility_plan.io import write_bytes
from facility_plan.travel.routing import RoadIndex, Snaps

log = logging.getLogger(__name__)

#: Part of every key; unchanged since the cache lived in ``facility_plan.roads``, so existing
#: cache files stay valid. Bump it when the stored arrays change meaning.
_CACHE_FORMAT_VERSION = "facility_plan.roads/1"


def _graph_digest(index: RoadIndex) -> str:
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


def cache_key(
    index: RoadIndex,
    origin_snaps: Snaps,
    destination_snaps: Snaps,
    parameters: Mapping[str, object],
) -> str:
    """Hex sha256 of the graph's edges, the snapped points and every parameter of the matrix.

    Parameters
    ----------
    index
        Routing index of the road graph.
    origin_snaps, destination_snaps
        Point ids and projected coordinates (m) of the origins and destinations.
    parameters
        Every other setting that changes the minutes (cutoff, fallback, speeds, area types).

    Returns
    -------
    str
        64 hex digits; a changed input gives a different key, so a stale matrix is never read.
    """
    digest = hashlib.sha256()
    digest.update(_CACHE_FORMAT_VERSION.encode())
    digest.update(_graph_digest(index).encode())
    for snaps in (origin_snaps, destination_snaps):
        digest.update("\x1f".join(snaps.point_ids).encode())
        digest.update(np.ascontiguousarray(snaps.xy).tobytes())
    digest.update(repr(sorted(parameters.items())).encode())
    return digest.hexdigest()


def read_cache(
    path: Path, shape: tuple[int, int]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]] | None:
    """Minutes and pair methods stored at `path`, or None when missing, unreadable or of another shape."""
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


def write_cache(
    path: Path, minutes: npt.NDArray[np.float64], pair_method: npt.NDArray[np.int8]
) -> None:
    """Store minutes and pair methods as a compressed ``.npz``, atomically (folder created)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, minutes=minutes, pair_method=pair_method)
    write_bytes(path, buffer.getvalue())
