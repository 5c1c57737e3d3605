"""Read and check every input of a scenario at once: `read_scenario_inputs` → `ScenarioInputs` with its warnings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.errors import DataProblem, InputDataError
from facility_plan.io.boundaries import boundaries_or_cells, read_boundaries
from facility_plan.io.inputs import (
    compute_land_places,
    read_candidate_sites,
    read_communes,
    read_districts,
    read_facilities,
)
from facility_plan.io.plausibility import (
    check_boundary_codes,
    check_communes,
    check_districts,
    check_parcels_fit_tiers,
    check_points_near_communes,
    errors_of,
    warnings_of,
)

URBAN_UNIT_TYPES = ("phuong", "thi_tran")
"""Unit types whose parcels use the urban land norm (m² per place)."""
CANDIDATE_ID_PREFIX = "commune:"
"""Namespace of the candidate sites placed at commune centroids (``commune:<admin_code>``)."""
APPROXIMATE = "approximate"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ScenarioInputs:
    """Validated inputs of a scenario (all points in EPSG:4326).

    Attributes
    ----------
    communes
        Commune-level units indexed by admin_code (persons, degrees).
    districts
        District census figures indexed by district_code (persons).
    facilities
        Existing facilities indexed by facility_id (places).
    candidate_sites
        Candidate sites indexed by site_id, with ``max_places`` (places; NaN = any tier).
    cells
        Commune polygons indexed by admin_code (EPSG:4326): supplied boundaries where given,
        approximate Voronoi cells otherwise (``boundary_quality`` says which).
    warnings
        Plausibility warnings (file, row, field) that every output must show.
    boundary_source
        ``"supplied: <file name>"`` or ``"approximate"``.
    sources
        Table name (communes, districts, facilities, candidate_sites, boundaries) → file path
        (``all_communes`` for candidates at the commune centroids).
    """

    communes: gpd.GeoDataFrame
    districts: pd.DataFrame
    facilities: gpd.GeoDataFrame
    candidate_sites: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame
    warnings: tuple[DataProblem, ...] = ()
    boundary_source: str = APPROXIMATE
    sources: Mapping[str, str] = field(default_factory=dict)


def candidates_at_communes(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One candidate site at each commune centroid (site_id ``commune:<admin_code>``), any size tier.

    The ids live in their own namespace (`CANDIDATE_ID_PREFIX`), so a planner's facility id such
    as ``C-14332`` never collides with them.
    """
    candidates = gpd.GeoDataFrame(
        {
            "site_id": [f"{CANDIDATE_ID_PREFIX}{code}" for code in communes.index],
            "admin_code": communes.index.to_numpy(),
            "name_vi": communes["name_vi"].to_numpy(),
            "max_places": np.nan,
        },
        geometry=communes.geometry.to_numpy(),
        crs=communes.crs,
    )
    return candidates.set_index(pd.Index(candidates["site_id"], name="site_id"))


def cap_by_land(
    config: ScenarioConfig, communes: pd.DataFrame, candidate_sites: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Limit each parcel's places to what its land allows (area m² ÷ land norm of its commune, m²/place)."""
    if candidate_sites["area_m2"].isna().all():
        return candidate_sites
    urban = candidate_sites["admin_code"].map(communes["unit_type"]).isin(URBAN_UNIT_TYPES)
    norms = config.resources
    capped = candidate_sites.copy()
    for is_urban, norm in (
        (True, norms.land_m2_per_place_urban),
        (False, norms.land_m2_per_place_rural),
    ):
        rows = urban == is_urban
        capped.loc[rows, "max_places"] = compute_land_places(
            candidate_sites.loc[rows], land_m2_per_place=norm
        )
    return capped


def _collect(problems: list[DataProblem], read: Callable[[], T]) -> T | None:
    """`read()`, or None with its problems added to `problems`."""
    try:
        return read()
    except InputDataError as err:
        problems.extend(err.problems or [DataProblem("input", None, None, str(err))])
        return None


def _check_scenario_codes(
    config: ScenarioConfig, communes: pd.DataFrame, districts: pd.DataFrame, communes_source: str
) -> list[DataProblem]:
    source = str(config.scenario_path or "scenario")
    problems = []
    for key in ("required_districts", "allowed_districts"):
        for code in getattr(config.model, key):
            if code not in districts.index:
                problems.append(
                    DataProblem(
                        source,
                        None,
                        f"model.{key}",
                        f"unknown district {code!r}; known: {sorted(districts.index)}",
                    )
                )
    for row_number, code in enumerate(communes["district_code"], start=1):
        if code not in districts.index:
            problems.append(
                DataProblem(
                    communes_source, row_number, "district_code", f"unknown district {code!r}"
                )
            )
    return problems


def _check_id_clashes(
    others: pd.DataFrame,
    others_source: str,
    table: pd.DataFrame,
    source: str,
    *,
    field_name: str,
) -> list[DataProblem]:
    """Ids of `table` that `others` already uses (the plan names every site by its id)."""
    problems = []
    for site_id in table.index.intersection(others.index):
        position = int(others.index.get_loc(site_id)) + 1
        where = (
            others_source if others_source.startswith("the ") else f"{others_source} row {position}"
        )
        problems.append(
            DataProblem(
                source,
                int(table.index.get_loc(site_id)) + 1,
                field_name,
                f"{site_id!r} is also used by {where}; give it another id",
            )
        )
    return problems


def read_scenario_inputs(config: ScenarioConfig) -> ScenarioInputs:
    """Read, validate and cross-check every input of a scenario.

    Reads communes, districts, facilities, candidate sites (or one candidate per commune
    centroid) and boundaries (or approximate cells); checks codes across tables, physical
    plausibility (`facility_plan.io.plausibility`), caps parcels by their land and leaves out
    parcels too small for the smallest size tier (with a warning).

    Parameters
    ----------
    config
        The scenario, input paths resolved.

    Returns
    -------
    ScenarioInputs
        The inputs, their warnings, boundary source and file paths.

    Raises
    ------
    InputDataError
        Listing every error found (file, row, field); warnings do not raise.
    """
    inputs = config.inputs
    sources = {
        "communes": str(inputs.communes),
        "districts": str(inputs.districts),
        "facilities": str(inputs.facilities),
        "candidate_sites": str(inputs.candidate_sites),
    }
    if inputs.boundaries is not None:
        sources["boundaries"] = str(inputs.boundaries)
    problems: list[DataProblem] = []
    communes = _collect(problems, lambda: read_communes(inputs.communes))
    districts = _collect(problems, lambda: read_districts(inputs.districts))
    facilities = _collect(problems, lambda: read_facilities(inputs.facilities, communes=communes))
    user_sites = None
    if inputs.candidate_sites != "all_communes":
        sites_path = Path(inputs.candidate_sites)
        user_sites = _collect(problems, lambda: read_candidate_sites(sites_path, communes=communes))
    if problems or communes is None or districts is None or facilities is None:
        raise InputDataError(problems)
    problems += _check_scenario_codes(config, communes, districts, sources["communes"])
    problems += check_districts(districts, sources["districts"])
    problems += check_communes(communes, districts, sources["communes"])
    supplied = None
    boundary_source = APPROXIMATE
    if inputs.boundaries is not None:
        boundary_path = Path(inputs.boundaries)
        supplied = _collect(
            problems,
            lambda: read_boundaries(
                boundary_path,
                code_column=inputs.boundary_code_column,
                level="commune",
                known_codes=list(communes.index),
            ),
        )
        if supplied is not None:
            boundary_source = f"supplied: {boundary_path.name}"
            problems += check_boundary_codes(
                communes, supplied, sources["boundaries"], inputs.boundary_code_column
            )
    problems += check_points_near_communes(
        facilities, communes, sources["facilities"], boundaries=supplied
    )
    if user_sites is None:
        candidate_sites = candidates_at_communes(communes)
        problems += _check_id_clashes(
            candidate_sites,
            "the candidate sites at commune centroids",
            facilities,
            sources["facilities"],
            field_name="facility_id",
        )
    else:
        problems += check_points_near_communes(
            user_sites, communes, sources["candidate_sites"], boundaries=supplied
        )
        problems += _check_id_clashes(
            facilities,
            sources["facilities"],
            user_sites,
            sources["candidate_sites"],
            field_name="site_id",
        )
        candidate_sites = cap_by_land(config, communes, user_sites)
        smallest = min(tier.capacity_places for tier in config.model.size_tiers)
        too_small, fit_problems = check_parcels_fit_tiers(
            candidate_sites, float(smallest), sources["candidate_sites"]
        )
        problems += fit_problems
        candidate_sites = candidate_sites.drop(index=too_small)
    if errors_of(problems):
        raise InputDataError(errors_of(problems))
    cells = boundaries_or_cells(communes, supplied, crs=config.crs)
    return ScenarioInputs(
        communes=communes,
        districts=districts,
        facilities=facilities,
        candidate_sites=candidate_sites,
        cells=cells,
        warnings=tuple(warnings_of(problems)),
        boundary_source=boundary_source,
        sources=sources,
    )
