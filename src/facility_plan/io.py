"""Read the input tables (validated against `schema`) and write outputs atomically (temp file + rename)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.boundaries import compute_approximate_cells
from facility_plan.errors import DataProblem, InputDataError, OutputError
from facility_plan.schema import (
    CANDIDATE_SITES,
    COMMUNES,
    DISTRICTS,
    FACILITIES,
    FACILITY_REGISTRY,
    TableContract,
    raise_for_problems,
    validate_frame,
)

WGS84 = "EPSG:4326"
__all__ = [
    "atomic_output_dir",
    "bundled_geo_dir",
    "compute_approximate_cells",
    "compute_land_places",
    "read_candidate_sites",
    "read_communes",
    "read_csv_text",
    "read_districts",
    "read_facilities",
    "read_facility_registry",
    "read_table",
    "write_csv",
    "write_geopackage",
    "write_json",
    "write_text",
]


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """Read a UTF-8 CSV with every cell as text (codes keep their leading zeros; blanks are None).

    Raises
    ------
    InputDataError
        File missing, not UTF-8, or not a readable CSV.
    """
    csv_path = Path(path)
    source = str(csv_path)
    if not csv_path.is_file():
        raise InputDataError([DataProblem(source, None, None, "file not found")])
    try:
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputDataError(
            [
                DataProblem(
                    source,
                    None,
                    None,
                    f"not UTF-8 text ({err.reason} at byte {err.start}); save the file as UTF-8",
                )
            ]
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputDataError(
            [DataProblem(source, None, None, f"not a readable CSV ({err})")]
        ) from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    frame = frame.replace({"": None})
    frame.attrs["source"] = source
    return frame


def read_table(path: str | Path, contract: TableContract) -> pd.DataFrame:
    """Read a UTF-8 CSV as text and validate it against `contract`.

    Parameters
    ----------
    path
        CSV file.
    contract
        Its column contract.

    Returns
    -------
    pandas.DataFrame
        Validated table; number columns converted to float, id column as index (str).

    Raises
    ------
    InputDataError
        File missing or unreadable, not UTF-8, or any contract violation (all listed at once).
    """
    source = str(Path(path))
    frame = read_csv_text(path)
    raise_for_problems(validate_frame(frame, contract, source=source))
    for column in contract.columns:
        if column.kind == "number" and column.name in frame.columns:
            frame[column.name] = pd.to_numeric(frame[column.name]).astype(float)
        elif column.name in frame.columns:
            frame[column.name] = frame[column.name].map(
                lambda v: v.strip() if isinstance(v, str) else v
            )
    if contract.id_column:
        frame = frame.set_index(contract.id_column, drop=False)
        frame.index = frame.index.astype(str)
        frame.index.name = contract.id_column
    frame.attrs["source"] = source
    return frame


def bundled_geo_dir() -> Path:
    """The folder of the bundled province tables (``data/geo`` of the source tree).

    Raises
    ------
    InputDataError
        If the folder is not there (e.g. an installed wheel without the data).
    """
    source_tree = Path(__file__).resolve().parents[2] / "data" / "geo"
    if (source_tree / "provinces.csv").is_file():
        return source_tree
    # An installed wheel carries data/geo as facility_plan/geo_data.
    installed = Path(__file__).resolve().parent / "geo_data"
    if not (installed / "provinces.csv").is_file():
        msg = f"{installed}: bundled data not found (provinces.csv missing); pass --data-dir"
        raise InputDataError(msg)
    return installed


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs=WGS84)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)


def read_communes(path: str | Path) -> gpd.GeoDataFrame:
    """Commune-level units (points at their centroids, EPSG:4326), indexed by ``admin_code``.

    Parameters
    ----------
    path
        CSV with the `schema.COMMUNES` columns (population in persons, area in km²).
    """
    return _points(read_table(path, COMMUNES))


def read_districts(path: str | Path) -> pd.DataFrame:
    """District census figures by age band (persons), indexed by ``district_code``."""
    return read_table(path, DISTRICTS)


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
) -> gpd.GeoDataFrame:
    """Existing facilities (points, EPSG:4326), indexed by ``facility_id``.

    Parameters
    ----------
    path
        CSV with the `schema.FACILITIES` columns (capacity and occupancy in places/persons).
        A table with only the header is valid (no known facilities).
    communes
        If given, every ``admin_code`` must be one of its index values.
    contract
        `schema.FACILITIES` (scenario input) or the stricter `schema.FACILITY_REGISTRY`.
    """
    frame = read_table(path, contract)
    problems: list[DataProblem] = []
    if communes is not None:
        problems += _check_codes(frame, "admin_code", communes.index, str(path), "admin code")
    if "occupancy_persons" in frame.columns:
        over = frame["occupancy_persons"] > frame["capacity_places"]
        for row_number, is_over in enumerate(over, start=1):
            if is_over:
                problems.append(
                    DataProblem(
                        str(path),
                        row_number,
                        "occupancy_persons",
                        "occupancy above capacity_places",
                    )
                )
    raise_for_problems(problems)
    return _points(frame)


def read_candidate_sites(
    path: str | Path, *, communes: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Candidate sites or land parcels (points, EPSG:4326), indexed by ``site_id``.

    Parameters
    ----------
    path
        CSV with the `schema.CANDIDATE_SITES` columns (``max_places`` in places, ``area_m2`` in m²).
    communes
        If given, every ``admin_code`` must be one of its index values.
    """
    frame = read_table(path, CANDIDATE_SITES)
    problems: list[DataProblem] = []
    if communes is not None:
        problems += _check_codes(frame, "admin_code", communes.index, str(path), "admin code")
    if "owner_code" in frame.columns:
        for row_number, value in enumerate(frame["owner_code"], start=1):
            if isinstance(value, str) and len(value) not in (3, 5):
                problems.append(
                    DataProblem(
                        str(path),
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
    return by_land.where(cap.isna(), np.fmin(by_land, cap)).rename("land_places")


# ── atomic writers ──────────────────────────────────────────────────────────────────────────


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _temporary_sibling(path: Path) -> Iterator[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        yield temporary
        temporary.chmod(0o666 & ~_current_umask())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (temp file in the same folder, then rename)."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target


def write_json(path: str | Path, data: Mapping[str, object]) -> Path:
    """Write JSON (UTF-8, indented, non-ASCII kept) atomically."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def write_csv(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write a CSV (UTF-8 with BOM so Excel shows Vietnamese correctly) atomically."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        frame.to_csv(temporary, index=False, encoding="utf-8-sig", lineterminator="\n")
    return target


def write_geopackage(path: str | Path, layers: Mapping[str, gpd.GeoDataFrame]) -> Path:
    """Write several layers to one GeoPackage atomically (all layers or none)."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        temporary.unlink()
        for layer_name, frame in layers.items():
            frame.to_file(temporary, layer=layer_name, driver="GPKG", engine="pyogrio")
    return target


@contextlib.contextmanager
def atomic_output_dir(final_dir: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside `final_dir`; on success it replaces `final_dir` whole.

    On any error the temporary folder is removed and an existing `final_dir` is left untouched,
    so a failed run never leaves a partial output folder.
    """
    target = Path(final_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as err:
        msg = f"{target}: cannot create output folder ({err.strerror})"
        raise OutputError(msg) from None
    try:
        yield staging
        staging.chmod(0o777 & ~_current_umask())
        if target.exists():
            backup = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.replace(backup)
            staging.replace(target)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_xlsx(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write tables as sheets of one Excel workbook (openpyxl) atomically."""
    target = Path(path)
    with (
        _temporary_sibling(target) as temporary,
        pd.ExcelWriter(temporary, engine="openpyxl") as writer,
    ):
        for sheet_name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet_name[:31], index=False)
    return target
