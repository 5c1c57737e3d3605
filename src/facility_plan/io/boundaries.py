"""Read user-supplied administrative boundaries and match them to admin codes; approximate cells otherwise.

No boundary polygons ship with facility_plan (see ``data/geo/SOURCE.md``). A planner who has them
(GeoPackage, GeoJSON, Shapefile or zipped Shapefile, any CRS) reads them with `read_boundaries`,
which checks every feature and reports all problems at once: codes that are missing, malformed,
duplicated or unknown, and geometry that is empty, not a polygon or invalid (repaired only when
asked with ``make_valid=True``). Without boundaries, `compute_approximate_cells` draws Voronoi
cells around the commune points, labelled ``approximate``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.schema import CODE_DIGITS

Level = Literal["province", "district", "commune"]
WGS84 = "EPSG:4326"
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
#: Degrees (WGS84): Viet Nam's mainland and islands, Trường Sa included, with a margin.
VIET_NAM_LAT_RANGE = (6.0, 24.5)
VIET_NAM_LON_RANGE = (101.0, 118.0)
#: UTM zones 48N (102–108 °E) and 49N (108–114 °E) cover Viet Nam's mainland and islands.
_UTM_ZONES = ((108.0, "EPSG:32648"), (114.0, "EPSG:32649"))


def choose_projected_crs(lon_min: float, lon_max: float) -> str:
    """Projected metric CRS for an area spanning ``lon_min``–``lon_max`` (degrees east).

    UTM zone 48N (EPSG:32648) when the area's centre lies west of 108 °E — all five study
    provinces (Ninh Bình, Vĩnh Long, Lạng Sơn, An Giang/Kiên Giang, Phú Thọ/Vĩnh Phúc) — and
    UTM zone 49N (EPSG:32649) for the central coast and Quảng Ninh's east. Distances within a
    province are then off by less than 0.1 % (scale factor 0.9996 at the central meridian).

    Parameters
    ----------
    lon_min, lon_max
        Longitude range (degrees east, WGS84).

    Returns
    -------
    str
        An EPSG code, e.g. ``"EPSG:32648"``.

    Examples
    --------
    >>> choose_projected_crs(105.5, 106.3)
    'EPSG:32648'
    >>> choose_projected_crs(108.1, 109.4)
    'EPSG:32649'
    """
    centre = (lon_min + lon_max) / 2.0
    for east_limit, crs in _UTM_ZONES:
        if centre < east_limit:
            return crs
    return _UTM_ZONES[-1][1]


def _zip_member(path: Path, layer: str | None) -> str:
    """The vector file inside a zip, in any folder of it: its one ``.shp`` (or GeoPackage/GeoJSON)."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
    for suffixes in ((".shp",), (".gpkg", ".geojson", ".json")):
        found = [n for n in names if n.lower().endswith(suffixes) and "__MACOSX" not in n]
        if layer is not None:
            named = [n for n in found if Path(n).stem == layer]
            found = named or found
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            msg = (
                f"the zip holds {len(found)} layers ({', '.join(found[:5])}); keep one "
                "Shapefile per zip or name the layer"
            )
            raise InputDataError([DataProblem(str(path), None, None, msg)])
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "") if names else "nothing"
    msg = (
        f"cannot read as a vector layer: no Shapefile (.shp) inside the zip (it holds {shown}); "
        "expected a GeoPackage, GeoJSON, Shapefile or zipped Shapefile"
    )
    raise InputDataError([DataProblem(str(path), None, None, msg)])


def _vector_path(path: Path, layer: str | None) -> tuple[str, str | None]:
    """The path pyogrio should open and its layer: ``/vsizip/<zip>/<member>`` for a zipped Shapefile."""
    if path.suffix.lower() == ".zip":
        member = _zip_member(path, layer)
        inner_layer = None if member.lower().endswith(".shp") else layer
        return f"/vsizip/{path}/{member}", inner_layer
    return str(path), layer


def _read_vector(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    source = str(path)
    if not path.is_file():
        raise InputDataError([DataProblem(source, None, None, "file not found")])
    if path.suffix.lower() == ".zip" and not zipfile.is_zipfile(path):
        raise InputDataError(
            [
                DataProblem(
                    source, None, None, "not a valid zip archive (expected a zipped Shapefile)"
                )
            ]
        )
    import pyogrio

    vector_path, vector_layer = _vector_path(path, layer)
    try:
        frame = pyogrio.read_dataframe(vector_path, layer=vector_layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        reason = reason.replace(vector_path, path.name)
        msg = (
            f"cannot read as a vector layer ({reason}); expected a GeoPackage, GeoJSON, "
            "Shapefile or zipped Shapefile"
        )
        raise InputDataError([DataProblem(source, None, None, msg)]) from None
    except UnicodeDecodeError as err:
        msg = f"attribute text is not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8"
        raise InputDataError([DataProblem(source, None, None, msg)]) from None
    except (pyogrio.errors.GeometryError, pyogrio.errors.FieldError, ValueError) as err:
        msg = f"cannot read as a vector layer ({str(err).splitlines()[0] if str(err) else err!r})"
        raise InputDataError([DataProblem(source, None, None, msg)]) from None
    if frame.empty:
        raise InputDataError([DataProblem(source, None, None, "the layer has no features")])
    return frame


def _check_crs(frame: gpd.GeoDataFrame, source: str, assume_crs: str | None) -> gpd.GeoDataFrame:
    """`frame` with its CRS set; refuses a missing CRS and metre coordinates declared as degrees."""
    x_min, y_min, x_max, y_max = (float(v) for v in frame.total_bounds)
    span = f"x from {x_min:,.0f} to {x_max:,.0f}, y from {y_min:,.0f} to {y_max:,.0f}"
    look_like_metres = not (-180 <= x_min <= x_max <= 180 and -90 <= y_min <= y_max <= 90)
    if frame.crs is None:
        if assume_crs is None:
            hint = (
                f"; the coordinates ({span}) look like metres, e.g. UTM zone 48N (EPSG:32648)"
                if look_like_metres
                else ""
            )
            msg = f"no CRS declared; pass assume_crs (e.g. 'EPSG:4326') if you know it{hint}"
            raise InputDataError([DataProblem(source, None, "geometry", msg)])
        frame = frame.set_crs(assume_crs)
    if frame.crs.is_geographic and look_like_metres:
        msg = (
            f"the file says its coordinates are degrees ({frame.crs.to_string()}) but they run "
            f"{span}: they are metres in a projected CRS. A GeoJSON without a 'crs' member is "
            "read as WGS84 degrees; save the file with its real CRS (e.g. EPSG:32648) or "
            "reproject it to EPSG:4326"
        )
        raise InputDataError([DataProblem(source, None, "geometry", msg)])
    return frame


def _check_in_viet_nam(frame: gpd.GeoDataFrame, source: str) -> None:
    """Refuse polygons whose extent (EPSG:4326) lies outside Viet Nam's bounding box."""
    lon_min, lat_min, lon_max, lat_max = (float(v) for v in frame.total_bounds)
    (south, north), (west, east) = VIET_NAM_LAT_RANGE, VIET_NAM_LON_RANGE
    inside = west <= lon_min and lon_max <= east and south <= lat_min and lat_max <= north
    if not inside:
        msg = (
            f"the polygons span longitude {lon_min:.3f}–{lon_max:.3f}, latitude "
            f"{lat_min:.3f}–{lat_max:.3f}: outside Viet Nam; is the declared CRS the right one?"
        )
        raise InputDataError([DataProblem(source, None, "geometry", msg)])


def _normalise_codes(values: pd.Series, digits: int) -> pd.Series:
    """Codes as text; integers (leading zeros lost by a spreadsheet) are padded to ``digits``."""

    def one(value: object) -> str | None:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        if isinstance(value, (int, np.integer)) or (
            isinstance(value, (float, np.floating)) and float(value).is_integer()
        ):
            return str(int(value)).zfill(digits)
        text = str(value).strip()
        return text or None

    return values.map(one).astype(object)


def read_boundaries(
    path: str | Path,
    *,
    code_column: str,
    level: Level,
    known_codes: Collection[str] | None = None,
    require_all: bool = True,
    layer: str | None = None,
    make_valid: bool = False,
    assume_crs: str | None = None,
) -> gpd.GeoDataFrame:
    """Read administrative polygons and match them to GSO admin codes.

    Parameters
    ----------
    path
        GeoPackage, GeoJSON, Shapefile, or a ``.zip`` holding a Shapefile (read via ``/vsizip/``).
    code_column
        Attribute holding the GSO code of each unit (e.g. ``ward_code``, ``dist_code``).
    level
        ``commune`` (5-digit codes), ``district`` (3) or ``province`` (2).
    known_codes
        The codes the polygons must match, e.g. the index of the communes table. Codes in the file
        but not here are reported; with ``require_all``, so are codes here but not in the file.
    require_all
        Whether every known code needs a polygon.
    layer
        Layer name for multi-layer files (default: the first layer).
    make_valid
        Repair invalid polygons with ``shapely.make_valid`` (kept polygonal) instead of reporting
        them; repaired codes are listed in ``attrs["repaired_codes"]``.
    assume_crs
        CRS to assume when the file declares none (e.g. ``"EPSG:4326"``); without it a file with
        no CRS is an error.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by ``admin_code`` (str), EPSG:4326, with the file's attributes, ``area_km2``
        (computed in a projected CRS, km²) and ``boundary_quality = "supplied"``.
        ``attrs`` holds ``source``, ``source_crs``, ``projected_crs`` and ``repaired_codes``.

    Raises
    ------
    InputDataError
        Listing every problem: unreadable file or bad zip, missing code column, missing CRS,
        empty, malformed, duplicate or unmatched codes, empty, non-polygon or invalid geometry.
    """
    boundary_path = Path(path)
    source = str(boundary_path)
    frame = _read_vector(boundary_path, layer)
    digits = CODE_DIGITS[level]
    problems: list[DataProblem] = []
    if code_column not in frame.columns:
        found = [c for c in frame.columns if c != "geometry"]
        raise InputDataError(
            [DataProblem(source, None, code_column, f"missing code column; found {found}")]
        )
    frame = _check_crs(frame, source, assume_crs)
    source_crs = frame.crs.to_string()
    codes = _normalise_codes(frame[code_column], digits)
    repaired: list[str] = []
    geometries = list(frame.geometry)
    for position, (code, geometry) in enumerate(zip(codes, geometries, strict=True)):
        row = position + 1
        if code is None:
            problems.append(DataProblem(source, row, code_column, "empty code"))
        elif not code.isdigit():
            problems.append(
                DataProblem(source, row, code_column, f"{code!r} is not a code of digits")
            )
        elif len(code) != digits:
            problems.append(
                DataProblem(
                    source,
                    row,
                    code_column,
                    f"{code!r} has {len(code)} digits; a {level} code has {digits}",
                )
            )
        if geometry is None or geometry.is_empty:
            problems.append(DataProblem(source, row, "geometry", "empty geometry"))
            continue
        if geometry.geom_type not in _POLYGON_TYPES:
            problems.append(
                DataProblem(
                    source,
                    row,
                    "geometry",
                    f"{geometry.geom_type} is not a Polygon or MultiPolygon",
                )
            )
            continue
        if not geometry.is_valid:
            if make_valid:
                fixed = shapely.make_valid(geometry)
                polygons = [
                    part
                    for part in shapely.get_parts(fixed)
                    if part.geom_type in _POLYGON_TYPES and not part.is_empty
                ]
                geometries[position] = (
                    shapely.multipolygons(polygons)
                    if len(polygons) > 1
                    else (polygons[0] if polygons else fixed)
                )
                repaired.append(str(code))
            else:
                reason = shapely.is_valid_reason(geometry)
                problems.append(
                    DataProblem(
                        source,
                        row,
                        "geometry",
                        f"invalid geometry ({reason}); repair it or pass make_valid=True",
                    )
                )
    duplicated = codes.duplicated(keep="first") & codes.notna()
    for position in np.flatnonzero(duplicated.to_numpy()).tolist():
        problems.append(
            DataProblem(
                source, int(position) + 1, code_column, f"duplicate code {codes.iloc[position]!r}"
            )
        )
    if known_codes is not None:
        known = {str(c) for c in known_codes}
        for position, code in enumerate(codes):
            if code is not None and code.isdigit() and len(code) == digits and code not in known:
                problems.append(
                    DataProblem(
                        source,
                        position + 1,
                        code_column,
                        f"unmatched code {code!r}: not a known {level}",
                    )
                )
        if require_all:
            missing = sorted(known - {c for c in codes if c is not None})
            if missing:
                shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
                problems.append(
                    DataProblem(
                        source,
                        None,
                        code_column,
                        f"{len(missing)} known {level} code(s) have no polygon: {shown}",
                    )
                )
    if problems:
        raise InputDataError(problems)
    result = gpd.GeoDataFrame(
        frame.drop(columns="geometry"), geometry=geometries, crs=frame.crs
    ).to_crs(WGS84)
    _check_in_viet_nam(result, source)
    result.index = pd.Index(codes.astype(str).to_numpy(), name="admin_code")
    bounds = result.total_bounds
    projected_crs = choose_projected_crs(float(bounds[0]), float(bounds[2]))
    result["area_km2"] = result.geometry.to_crs(projected_crs).area.to_numpy() / 1e6
    result["boundary_quality"] = "supplied"
    result.attrs.update(
        {
            "source": source,
            "source_crs": source_crs,
            "projected_crs": projected_crs,
            "repaired_codes": tuple(repaired),
        }
    )
    return result


def compute_approximate_cells(
    points: gpd.GeoDataFrame, *, crs: str, buffer_m: float = 2000.0
) -> gpd.GeoDataFrame:
    """Approximate unit boundaries: Voronoi cells of the points, clipped to their buffered hull.

    Used when no real boundaries are supplied; every map and output that shows them says
    "approximate".

    Parameters
    ----------
    points
        Point GeoDataFrame indexed by id (any CRS).
    crs
        Projected metric CRS in which cells are built (see `choose_projected_crs`).
    buffer_m
        Buffer around the convex hull of the points (metres).

    Returns
    -------
    geopandas.GeoDataFrame
        Same index and columns as `points`, polygon geometry, in `points`' CRS, plus
        ``boundary_quality = "approximate"``.
    """
    projected = points.to_crs(crs)
    multipoint = shapely.MultiPoint(list(projected.geometry))
    hull = multipoint.convex_hull.buffer(buffer_m)
    cells = shapely.voronoi_polygons(multipoint, extend_to=hull)
    cell_list = list(shapely.get_parts(cells))
    tree = shapely.STRtree(cell_list)
    geometries = []
    for point in projected.geometry:
        candidates = tree.query(point, predicate="intersects")
        cell = cell_list[int(candidates[0])] if len(candidates) else point.buffer(buffer_m)
        geometries.append(cell.intersection(hull))
    result = gpd.GeoDataFrame(
        projected.drop(columns="geometry"), geometry=geometries, crs=crs
    ).to_crs(points.crs)
    result["boundary_quality"] = "approximate"
    return result


def boundaries_or_cells(
    points: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame | None, *, crs: str
) -> gpd.GeoDataFrame:
    """Supplied boundaries for the units of `points` where given, approximate cells otherwise.

    Parameters
    ----------
    points
        Units as points, indexed by admin_code (any CRS).
    boundaries
        Result of `read_boundaries`, or None.
    crs
        Projected metric CRS for the approximate cells.

    Returns
    -------
    geopandas.GeoDataFrame
        Same index and columns as `points`, polygons in `points`' CRS, and ``boundary_quality``
        ``supplied`` or ``approximate`` per unit.
    """
    cells = compute_approximate_cells(points, crs=crs)
    if boundaries is None:
        return cells
    supplied = boundaries.to_crs(points.crs).geometry.reindex(cells.index)
    has_polygon = supplied.notna().to_numpy()
    geometry = np.where(has_polygon, supplied.to_numpy(), cells.geometry.to_numpy())
    result = cells.set_geometry(gpd.GeoSeries(geometry, index=cells.index, crs=points.crs))
    result["boundary_quality"] = np.where(has_polygon, "supplied", "approximate")
    return result
