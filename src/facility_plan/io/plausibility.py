"""Plausibility checks across input tables: values that parse but cannot be true, each naming file, row and field."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from facility_plan.errors import DataProblem, Severity

EARTH_RADIUS_KM = 6371.0088
FAR_FROM_COMMUNE_KM = 50.0
"""A facility or site farther than this from its commune's point (km) lies in another place: error."""
NEAR_COMMUNE_KM = 20.0
"""A facility or site farther than this from its commune's point (km) earns a warning."""
OUTSIDE_POLYGON_TOLERANCE_KM = 1.0
"""A point this far (km) outside its own commune's supplied polygon earns a warning."""
FAR_FROM_DISTRICT_KM = 40.0
"""A commune farther than this (km) from every other commune of its district earns a warning."""
DISTRICT_TOTAL_RATIO = (0.2, 5.0)
"""Communes of a district should add up to between these multiples of the district's total."""
SHIFTED_CODES_MIN_UNITS = 2
"""This many commune points inside another unit's polygon means the polygon codes are shifted."""


def _row(frame: pd.DataFrame, label: object) -> int:
    return int(frame.index.get_loc(label)) + 1


def haversine_km(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance (km) between points given in degrees (WGS84), element-wise."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(d_phi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def check_districts(districts: pd.DataFrame, source: str) -> list[DataProblem]:
    """Age bands within their totals and no empty district.

    Parameters
    ----------
    districts
        District table (persons), as read by `facility_plan.io.read_districts`.
    source
        Its file name.

    Returns
    -------
    list of DataProblem
        Errors: a district with 0 persons (its age shares are undefined), an age band above the
        total, 80+ above 60+, or 0–14 and 60+ together above the total.
    """
    problems: list[DataProblem] = []
    for label, row in districts.iterrows():
        number = _row(districts, label)
        total = float(row["population_persons"])
        if total <= 0:
            problems.append(
                DataProblem(
                    source,
                    number,
                    "population_persons",
                    f"district {label!r} has 0 persons: its age shares cannot be computed; "
                    "give its census population",
                )
            )
            continue
        for band in ("age_0_14_persons", "age_60plus_persons", "age_80plus_persons"):
            if float(row[band]) > total:
                problems.append(
                    DataProblem(
                        source,
                        number,
                        band,
                        f"{float(row[band]):,.0f} persons is above the district's total "
                        f"population_persons {total:,.0f}",
                    )
                )
        if float(row["age_80plus_persons"]) > float(row["age_60plus_persons"]):
            problems.append(
                DataProblem(
                    source,
                    number,
                    "age_80plus_persons",
                    f"{float(row['age_80plus_persons']):,.0f} persons aged 80+ is above "
                    f"age_60plus_persons {float(row['age_60plus_persons']):,.0f}",
                )
            )
        young_and_old = float(row["age_0_14_persons"]) + float(row["age_60plus_persons"])
        if young_and_old > total:
            problems.append(
                DataProblem(
                    source,
                    number,
                    "age_60plus_persons",
                    f"age_0_14_persons + age_60plus_persons = {young_and_old:,.0f} is above the "
                    f"district's total population_persons {total:,.0f}",
                )
            )
    return problems


def check_communes(
    communes: pd.DataFrame, districts: pd.DataFrame, source: str
) -> list[DataProblem]:
    """Populations and positions of the communes against each other and their districts.

    Parameters
    ----------
    communes
        Communes (persons, ``lat``/``lon`` degrees), indexed by admin_code.
    districts
        Districts indexed by district_code (persons).
    source
        File name of the communes table.

    Returns
    -------
    list of DataProblem
        Error when every commune has 0 persons; warnings when a district's communes add up to far
        less or far more than its total, and when a commune lies more than
        `FAR_FROM_DISTRICT_KM` from every other commune of its district (special zones, đặc khu,
        are islands and exempt).
    """
    problems: list[DataProblem] = []
    population = communes["population_persons"].astype(float)
    if len(population) and float(population.sum()) <= 0:
        problems.append(
            DataProblem(
                source,
                None,
                "population_persons",
                f"all {len(population)} communes have 0 persons: there is no demand to plan for",
            )
        )
        return problems
    sums = population.groupby(communes["district_code"].astype(str)).sum()
    low, high = DISTRICT_TOTAL_RATIO
    for code, commune_total in sums.items():
        if code not in districts.index:
            continue
        district_total = float(districts.loc[code, "population_persons"])
        if district_total > 0 and not low <= commune_total / district_total <= high:
            problems.append(
                DataProblem(
                    source,
                    None,
                    "population_persons",
                    f"communes of district {code!r} add up to {commune_total:,.0f} persons, "
                    f"{commune_total / district_total:.2f} × the district's {district_total:,.0f}",
                    severity="warning",
                )
            )
    lat = communes["lat"].to_numpy(float)
    lon = communes["lon"].to_numpy(float)
    district = communes["district_code"].astype(str).to_numpy()
    special_zone = communes["unit_type"].astype(str).eq("dac_khu").to_numpy()
    for position, label in enumerate(communes.index):
        others = (district == district[position]) & (np.arange(len(district)) != position)
        if not others.any() or special_zone[position]:
            continue
        nearest = float(haversine_km(lat[position], lon[position], lat[others], lon[others]).min())
        if nearest > FAR_FROM_DISTRICT_KM:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    "lat",
                    f"commune {label!r} lies {nearest:,.0f} km from the nearest other commune of "
                    f"its district {district[position]!r}; check lat/lon (unless it is an island)",
                    severity="warning",
                    label_key="warn_far_from_district",
                    label_args=(
                        ("commune", repr(label)),
                        ("district", repr(district[position])),
                        ("km", f"{nearest:,.0f}"),
                    ),
                )
            )
    problems.extend(_shared_points(communes, source))
    return problems


def _shared_points(communes: pd.DataFrame, source: str) -> list[DataProblem]:
    """A warning per group of communes placed at one point (to 1e-6 degrees, about 0.1 m).

    Travel cannot tell such communes apart, so candidate sites there tie exactly and the
    near-optimal alternatives list them as separate plans that differ only in name.
    """
    points = pd.DataFrame(
        {
            "lat": communes["lat"].astype(float).round(6),
            "lon": communes["lon"].astype(float).round(6),
        }
    )
    rows = pd.Series(np.arange(1, len(communes) + 1), index=communes.index)
    problems = []
    for (lat, lon), group in points.groupby(["lat", "lon"], sort=False):
        if len(group) < 2:
            continue
        names = communes.loc[group.index, "name_vi"] if "name_vi" in communes.columns else None
        listed = ", ".join(
            f"{names[code]!s} ({code})" if names is not None else str(code) for code in group.index
        )
        problems.append(
            DataProblem(
                source,
                int(rows[group.index[0]]),
                "lat",
                f"communes {listed} share one point ({lat:.6f}, {lon:.6f}): travel cannot tell "
                "them apart and sites there tie; check lat/lon",
                severity="warning",
                label_key="warn_shared_point",
                label_args=(("communes", listed), ("lat", f"{lat:.6f}"), ("lon", f"{lon:.6f}")),
            )
        )
    return problems


def check_points_near_communes(
    points: pd.DataFrame,
    communes: pd.DataFrame,
    source: str,
    *,
    boundaries: gpd.GeoDataFrame | None = None,
) -> list[DataProblem]:
    """Facilities or sites must lie in (or near) the commune their ``admin_code`` names.

    Parameters
    ----------
    points
        Facilities or candidate sites with ``admin_code`` and ``lat``/``lon`` (degrees).
    communes
        Communes indexed by admin_code, with ``lat``/``lon``.
    source
        File name of `points`.
    boundaries
        Supplied commune polygons (EPSG:4326) indexed by admin_code, or None.

    Returns
    -------
    list of DataProblem
        Error beyond `FAR_FROM_COMMUNE_KM` of the commune's point (another province or country);
        warning beyond `NEAR_COMMUNE_KM`, or more than `OUTSIDE_POLYGON_TOLERANCE_KM` outside the
        commune's supplied polygon.
    """
    problems: list[DataProblem] = []
    codes = points["admin_code"].astype(str)
    known = codes.isin(communes.index).to_numpy()
    if not known.any():
        return problems
    distance = np.full(len(points), np.nan)
    distance[known] = haversine_km(
        points["lat"].to_numpy(float)[known],
        points["lon"].to_numpy(float)[known],
        communes["lat"].reindex(codes[known]).to_numpy(float),
        communes["lon"].reindex(codes[known]).to_numpy(float),
    )
    for position, (label, km) in enumerate(zip(points.index, distance, strict=True)):
        code = codes.iloc[position]
        if np.isnan(km):
            continue
        if km > FAR_FROM_COMMUNE_KM:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    "lat",
                    f"{label!r} lies {km:,.0f} km from its commune {code!r}: lat/lon or "
                    "admin_code is wrong (another province or country)",
                )
            )
        elif km > NEAR_COMMUNE_KM:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    "lat",
                    f"{label!r} lies {km:,.0f} km from the point of its commune {code!r}",
                    severity="warning",
                )
            )
    if boundaries is not None:
        problems += _outside_own_polygon(points, codes, boundaries, source, distance)
    return problems


def _outside_own_polygon(
    points: pd.DataFrame,
    codes: pd.Series,
    boundaries: gpd.GeoDataFrame,
    source: str,
    distance_km: np.ndarray,
) -> list[DataProblem]:
    problems: list[DataProblem] = []
    polygons = boundaries.geometry
    for position, label in enumerate(points.index):
        code = codes.iloc[position]
        if code not in polygons.index or distance_km[position] > FAR_FROM_COMMUNE_KM:
            continue
        point = shapely.Point(
            float(points["lon"].iloc[position]), float(points["lat"].iloc[position])
        )
        polygon = polygons.loc[code]
        if polygon is None or polygon.is_empty or polygon.contains(point):
            continue
        lat = float(points["lat"].iloc[position])
        near = shapely.ops.nearest_points(polygon, point)[0]
        km = float(haversine_km(lat, point.x, near.y, near.x))
        if km > OUTSIDE_POLYGON_TOLERANCE_KM:
            problems.append(
                DataProblem(
                    source,
                    position + 1,
                    "lat",
                    f"{label!r} lies {km:,.1f} km outside the polygon of its commune {code!r}",
                    severity="warning",
                )
            )
    return problems


def check_boundary_codes(
    communes: pd.DataFrame, boundaries: gpd.GeoDataFrame, source: str, code_column: str
) -> list[DataProblem]:
    """Each commune's point must lie in the polygon carrying its code (shifted codes are refused).

    Parameters
    ----------
    communes
        Communes indexed by admin_code, with ``lat``/``lon`` (degrees).
    boundaries
        Supplied polygons (EPSG:4326) indexed by admin_code, in file order.
    source
        File name of the boundaries.
    code_column
        The boundaries' code column, named in messages.

    Returns
    -------
    list of DataProblem
        For each commune whose point lies inside the polygon of another code: an error when at
        least `SHIFTED_CODES_MIN_UNITS` communes do (the codes are shifted, the polygons would
        colour the wrong communes), otherwise a warning.
    """
    polygons = list(boundaries.geometry)
    tree = shapely.STRtree(polygons)
    points = shapely.points(communes["lon"].to_numpy(float), communes["lat"].to_numpy(float))
    point_index, polygon_index = tree.query(points, predicate="within")
    inside: dict[int, list[int]] = {}
    for p, g in zip(point_index, polygon_index, strict=True):
        inside.setdefault(int(p), []).append(int(g))
    mismatches: list[tuple[int, str, str]] = []
    for p, found in inside.items():
        code = str(communes.index[p])
        found_codes = [str(boundaries.index[g]) for g in found]
        if code not in found_codes:
            mismatches.append((p, code, found_codes[0]))
    severity: Severity = "error" if len(mismatches) >= SHIFTED_CODES_MIN_UNITS else "warning"
    problems: list[DataProblem] = []
    for _position, code, found_code in mismatches:
        row = int(np.flatnonzero(boundaries.index == found_code)[0]) + 1
        problems.append(
            DataProblem(
                source,
                row,
                code_column,
                f"the polygon coded {found_code!r} holds the point of commune {code!r}"
                + (" (codes look shifted between rows)" if severity == "error" else ""),
                severity=severity,
            )
        )
    return problems


def check_parcels_fit_tiers(
    sites: pd.DataFrame, smallest_tier_places: float, source: str
) -> tuple[pd.Index, list[DataProblem]]:
    """Parcels whose land allows fewer places than the smallest size tier cannot host a centre.

    Parameters
    ----------
    sites
        Candidate sites with ``max_places`` (places after the land cap; NaN = no cap).
    smallest_tier_places
        Places of the smallest size tier.
    source
        File name of the candidate sites.

    Returns
    -------
    tuple
        Ids of the parcels too small (to leave out), and one warning per parcel (an error when no
        parcel is left).
    """
    places = sites["max_places"].astype(float)
    too_small = places.notna() & (places < smallest_tier_places)
    problems = [
        DataProblem(
            source,
            _row(sites, label),
            "area_m2"
            if "area_m2" in sites.columns and pd.notna(sites.loc[label, "area_m2"])
            else "max_places",
            f"parcel {label!r} allows {places[label]:,.0f} places, fewer than the smallest size "
            f"tier ({smallest_tier_places:,.0f} places); it is left out",
            severity="warning",
        )
        for label in sites.index[too_small.to_numpy()]
    ]
    if len(sites) and bool(too_small.all()):
        problems.append(
            DataProblem(
                source,
                None,
                "max_places",
                f"no parcel allows the smallest size tier ({smallest_tier_places:,.0f} places); "
                "add larger parcels or a smaller tier",
            )
        )
    return sites.index[too_small.to_numpy()], problems


def errors_of(problems: Sequence[DataProblem]) -> list[DataProblem]:
    """The problems of severity ``error``."""
    return [p for p in problems if p.severity == "error"]


def warnings_of(problems: Sequence[DataProblem]) -> list[DataProblem]:
    """The problems of severity ``warning``."""
    return [p for p in problems if p.severity == "warning"]
