"""The input and output boundary: read and check input tables and boundaries, write outputs atomically and safely.

Every public name is importable from ``facility_plan.io``; the modules each do one job:
`tables` (CSV text against a `schema` contract), `inputs` (communes, districts, facilities,
candidate sites, registry), `boundaries`, `crosswalk`, `plausibility`, `scenario_inputs`
(`read_scenario_inputs`), `writers` (atomic, neutralised) and `bundled`.
"""

from __future__ import annotations

from facility_plan.io.boundaries import (
    WGS84,
    Level,
    boundaries_or_cells,
    choose_projected_crs,
    compute_approximate_cells,
    read_boundaries,
)
from facility_plan.io.bundled import bundled_geo_dir
from facility_plan.io.crosswalk import SHARE_TOLERANCE, crosswalk_table, read_crosswalk
from facility_plan.io.inputs import (
    compute_land_places,
    read_candidate_sites,
    read_communes,
    read_districts,
    read_facilities,
    read_facility_registry,
)
from facility_plan.io.plausibility import (
    check_boundary_codes,
    check_communes,
    check_districts,
    check_parcels_fit_tiers,
    check_points_near_communes,
)
from facility_plan.io.scenario_inputs import (
    CANDIDATE_ID_PREFIX,
    ScenarioInputs,
    candidates_at_communes,
    cap_by_land,
    read_scenario_inputs,
)
from facility_plan.io.tables import NumberFormat, read_csv_text, read_table
from facility_plan.io.writers import (
    FORMULA_TRIGGERS,
    atomic_output_dir,
    json_ready,
    neutralise_cell,
    neutralise_frame,
    write_bytes,
    write_csv,
    write_geopackage,
    write_json,
    write_text,
    write_xlsx,
    xlsx_bytes,
)

__all__ = [
    "CANDIDATE_ID_PREFIX",
    "FORMULA_TRIGGERS",
    "SHARE_TOLERANCE",
    "WGS84",
    "Level",
    "NumberFormat",
    "ScenarioInputs",
    "atomic_output_dir",
    "boundaries_or_cells",
    "bundled_geo_dir",
    "candidates_at_communes",
    "cap_by_land",
    "check_boundary_codes",
    "check_communes",
    "check_districts",
    "check_parcels_fit_tiers",
    "check_points_near_communes",
    "choose_projected_crs",
    "compute_approximate_cells",
    "compute_land_places",
    "crosswalk_table",
    "json_ready",
    "neutralise_cell",
    "neutralise_frame",
    "read_boundaries",
    "read_candidate_sites",
    "read_communes",
    "read_crosswalk",
    "read_csv_text",
    "read_districts",
    "read_facilities",
    "read_facility_registry",
    "read_scenario_inputs",
    "read_table",
    "write_bytes",
    "write_csv",
    "write_geopackage",
    "write_json",
    "write_text",
    "write_xlsx",
    "xlsx_bytes",
]
