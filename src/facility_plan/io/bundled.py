"""Locate the bundled province tables: ``data/geo`` of a checkout, or ``facility_plan/geo_data`` installed."""

from __future__ import annotations

from pathlib import Path

from facility_plan.errors import InputDataError


def bundled_geo_dir() -> Path:
    """The folder of the bundled province tables (``data/geo`` of the source tree).

    Raises
    ------
    InputDataError
        If the folder is not there (e.g. an installed wheel without the data).
    """
    package = Path(__file__).resolve().parents[1]
    source_tree = package.parents[1] / "data" / "geo"
    if (source_tree / "provinces.csv").is_file():
        return source_tree
    # An installed wheel carries data/geo as facility_plan/geo_data.
    installed = package / "geo_data"
    if not (installed / "provinces.csv").is_file():
        msg = f"{installed}: bundled data not found (provinces.csv missing); pass --data-dir"
        raise InputDataError(msg)
    return installed
