"""Read the input tables of a plan (communes, districts, facilities, candidate sites, registry) as checked frames."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.errors import DataProblem
from facility_plan.io.tables import NumberFormat, read_table
from facility_plan.schema import (
    CANDIDATE_SITES,
    COMMUNES,
    DISTRICTS,
    FACILITIES,
    FACILITY_REGISTRY,
    TableContract,
    raise_for_problems,
)

WGS84 = "EPSG:4326"


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs=WGS84)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)


def _with_optional_columns(frame: pd.DataFrame, contract: TableContract) -> pd.DataFrame:
    """`frame` with every optional column of `contract` it lacks: NaN for numbers, None for text."""
    missing = [c for c in contract.columns if not c.required and c.name not in frame.columns]
    if not missing:
        return frame
    filled = frame.copy()
    for column in missing:
        filled[column.name] = np.nan if column.kind == "number" else None
    return filled


def read_communes(
    path: str | Path, *, separator: str = ",", number_format: NumberFormat = "plain"
) -> gpd.GeoDataFrame:
    """Commune-level units (points at their centroids, EPSG:4326), indexed by ``admin_code``.

    Parameters
    ----------
    path
        CSV with the `schema.COMMUNES` columns (population in persons, area in km²); at least one row.
    separator, number_format
        See `facility_plan.io.read_table`.
    """
    frame = read_table(
        path, COMMUNES, separator=separator, number_format=number_format, require_rows=True
    )
    return _points(_with_optional_columns(frame, COMMUNES))


def read_districts(
    path: str | Path, *, separator: str = ",", number_format: NumberFormat = "plain"
) -> pd.DataFrame:
    """District census figures by age band (persons), indexed by ``district_code``; at least one row."""
    return read_table(
        path, DISTRICTS, separator=separator, number_format=number_format, require_rows=True
    )


def _check_codes(
    frame: pd.DataFrame, column: str, known: pd.Index, source: str, what: str
) -> list[DataProblem]:
    problems = []
    for row_number, value in enumerate(frame[column].astype(str), start=1):
        if value not in known:
            problems.append(DataProblem(source, row_number, column, f"unknown {what} {value!r}"))
    return problems


def read_facilities(
    path: str | Path,
    *,
    communes: pd.DataFrame | None = None,
    contract: TableContract = FACILITIES,
    separator: str = ",",
    number_format: NumberFormat = "plain",
) -> gpd.GeoDataFrame:
    """Existing facilities (points, EPSG:4326), indexed by ``facility_id``.

    Parameters
    ----------
    path
        CSV with the `schema.FACILITIES` columns (capacity and occupancy in places/persons).
        A table with only the header is valid (no known facilities). Optional columns missing from
        the file are added empty.
    communes
        If given, every ``admin_code`` must be one of its index values.
    contract
        `schema.FACILITIES` (scenario input) or the stricter `schema.FACILITY_REGISTRY`.
    separator, number_format
        See `facility_plan.io.read_table`.
    """
    source = str(path)
    frame = read_table(path, contract, separator=separator, number_format=number_format)
    frame = _with_optional_columns(frame, contract)
    problems: list[DataProblem] = []
    if communes is not None:
        problems += _check_codes(frame, "admin_code", communes.index, source, "admin code")
    over = frame["occupancy_persons"] > frame["capacity_places"]
    for row_number, is_over in enumerate(over, start=1):
        if is_over:
            problems.append(
                DataProblem(
                    source, row_number, "occupancy_persons", "occupancy above capacity_places"
                )
            )
    raise_for_problems(problems)
    return _points(frame)


def read_candidate_sites(
    path: str | Path,
    *,
    communes: pd.DataFrame | None = None,
    separator: str = ",",
    number_format: NumberFormat = "plain",
) -> gpd.GeoDataFrame:
    """Candidate sites or land parcels (points, EPSG:4326), indexed by ``site_id``.

    Parameters
    ----------
    path
        CSV with the `schema.CANDIDATE_SITES` columns (``max_places`` in places, ``area_m2`` in m²).
        Only ``site_id``, ``admin_code``, ``lat`` and ``lon`` are required: missing optional
        columns are added empty (no cap, any size tier), and ``name_vi`` defaults to the name of
        the site's commune when `communes` is given.
    communes
        If given, every ``admin_code`` must be one of its index values.
    separator, number_format
        See `facility_plan.io.read_table`.
    """
    source = str(path)
    frame = read_table(path, CANDIDATE_SITES, separator=separator, number_format=number_format)
    frame = _with_optional_columns(frame, CANDIDATE_SITES)
    problems: list[DataProblem] = []
    if communes is not None:
        problems += _check_codes(frame, "admin_code", communes.index, source, "admin code")
        if "name_vi" in communes.columns:
            commune_names = frame["admin_code"].map(communes["name_vi"])
            frame["name_vi"] = frame["name_vi"].where(frame["name_vi"].notna(), commune_names)
    for row_number, value in enumerate(frame["owner_code"], start=1):
        if isinstance(value, str) and len(value) not in (3, 5):
            problems.append(
                DataProblem(
                    source,
                    row_number,
                    "owner_code",
                    f"{value!r} has {len(value)} digits; expected a district (3) "
                    "or commune (5) code",
                )
            )
    raise_for_problems(problems)
    return _points(frame)


def read_facility_registry(
    path: str | Path, *, communes: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """A facility registry (`schema.FACILITY_REGISTRY`: Decree 103/2017 type, ownership, places,
    occupancy, address, source, location precision), as points in EPSG:4326.

    Parameters
    ----------
    path
        CSV file (UTF-8).
    communes
        If given, every ``admin_code`` must be one of its index values.
    """
    return read_facilities(path, communes=communes, contract=FACILITY_REGISTRY)


def compute_land_places(sites: pd.DataFrame, *, land_m2_per_place: float) -> pd.Series:
    """Places the land of each site allows under a land norm.

    ``places = floor(area_m2 / land_m2_per_place)``, capped by ``max_places`` where given.
    Decree 103/2017/NĐ-CP Art. 24(1): on average 30 m² per resident in rural and 10 m² in urban
    areas (the norm is a setting, e.g. ``land_m2_per_place_rural`` of the scenario).

    Parameters
    ----------
    sites
        Candidate sites with optional ``area_m2`` (m²) and ``max_places`` (places).
    land_m2_per_place
        Land norm (m² per resident), > 0.

    Returns
    -------
    pandas.Series
        Places per site (float; NaN where neither area nor max_places is known).
    """
    if land_m2_per_place <= 0:
        msg = f"land_m2_per_place must be > 0 (m² per resident), got {land_m2_per_place}"
        raise ValueError(msg)
    nan = pd.Series(np.nan, index=sites.index)
    area = sites["area_m2"].astype(float) if "area_m2" in sites.columns else nan
    cap = sites["max_places"].astype(float) if "max_places" in sites.columns else nan
    by_land = np.floor(area / land_m2_per_place)
    # Where the area is unknown the planner's cap holds; where both are known, the smaller.
    return by_land.where(cap.isna(), np.fmin(by_land, cap)).rename("land_places")
