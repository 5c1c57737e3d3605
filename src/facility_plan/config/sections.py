"""Scenario sections: target groups, targets per year, resources, inputs, demand, travel, solver, outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    field_validator,
    model_validator,
)

from facility_plan.config.base import AssumptionStatus, BasePopulation, FacilityType, _Frozen
from facility_plan.config.defaults import default_demand_anchors, default_growth_per_year
from facility_plan.config.uncertainty import default_share_factors

ShareName = Literal["prevalence", "eligible", "residential"]
"""The three shares of the prevalence chain that carry a low–high range."""

ShareRange = tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]]
"""``(low, high)`` of a share (0–1), ``low <= high``."""


def _check_range(value: ShareRange | None) -> ShareRange | None:
    if value is not None and value[0] > value[1]:
        msg = f"range must be [low, high] with low <= high, got {list(value)}"
        raise ValueError(msg)
    return value


class TargetGroupSettings(_Frozen):
    """How many people of one target group need residential care in a commune.

    ``residential_persons = base_population × prevalence_share × eligible_share × residential_share``

    Attributes
    ----------
    label_vi
        Vietnamese label for maps and reports.
    base
        Population the shares apply to: total, children 0–14, people 60+ or 80+ (persons).
    prevalence_share
        Share of the base population in the group (0–1).
    eligible_share
        Share of the group eligible for social assistance (e.g. severe disability, no caregiver) (0–1).
    residential_share
        Share of eligible people who need a place in a facility rather than community care (0–1).
    community_share
        Share of eligible people who need community-based services (counselling, case management,
        home care) (0–1); None means everyone not in residential care.
    served_by_types
        Facility types (Decree 103/2017) that take this group.
    dependent_share
        Share of residents unable to look after themselves (needs the higher carer ratio) (0–1).
    residents_per_carer_able, residents_per_carer_dependent
        Circular 33/2017 Art. 5(7) carer ratios (residents per carer).
    nurture_coefficient
        Monthly nurture allowance in multiples of the standard level (Decree 20/2021 Art. 25).
    source
        Where the defaults come from.
    status
        How far the figures can be trusted (as in domain.md): seen, recalled, derived, plan or placeholder.
    prevalence_range, eligible_range, residential_range
        ``[low, high]`` of each share (0–1) for the low and high demand estimates; None takes the
        share × the multiplier range of the group's `status`
        (`facility_plan.config.uncertainty.default_share_factors`, capped at 1), or no range for
        a share left at its default 1.0. The range used always contains the central value
        (`share_bounds`).
    range_source
        Where the ranges come from (which end from which source, which end is an assumption).
    range_status
        How far the ranges can be trusted; None: the same as `status`.
    """

    label_vi: str
    base: BasePopulation
    prevalence_share: Annotated[float, Field(ge=0, le=1)] = 1.0
    eligible_share: Annotated[float, Field(ge=0, le=1)] = 1.0
    residential_share: Annotated[float, Field(ge=0, le=1)]
    community_share: Annotated[float, Field(ge=0, le=1)] | None = None
    served_by_types: tuple[FacilityType, ...] = ("general",)
    dependent_share: Annotated[float, Field(ge=0, le=1)] = 0.4
    residents_per_carer_able: PositiveFloat = 10.0
    residents_per_carer_dependent: PositiveFloat = 4.0
    nurture_coefficient: NonNegativeFloat = 4.0
    source: str = ""
    status: AssumptionStatus = "placeholder"
    prevalence_range: ShareRange | None = None
    eligible_range: ShareRange | None = None
    residential_range: ShareRange | None = None
    range_source: str = ""
    range_status: AssumptionStatus | None = None

    @field_validator("prevalence_range", "eligible_range", "residential_range")
    @classmethod
    def _ordered(cls, value: ShareRange | None) -> ShareRange | None:
        return _check_range(value)

    def share_bounds(self, share: ShareName) -> tuple[float, float]:
        """``(low, high)`` of one share (0–1) for the low and high demand estimates.

        The given range, or the central value × the multiplier range of `status` when none is
        given (capped at 1); no range for a share left at its default 1.0 (the whole base);
        stretched to contain the central value when a scenario sets the
        central value outside its range.
        """
        central = float(getattr(self, f"{share}_share"))
        given: ShareRange | None = getattr(self, f"{share}_range")
        if given is None and f"{share}_share" not in self.model_fields_set:
            return central, central  # left at 1.0: the whole base, nothing to vary
        if given is None:
            low_factor, high_factor = default_share_factors()[self.status]
            low, high = central * low_factor, min(1.0, central * high_factor)
        else:
            low, high = float(given[0]), float(given[1])
        return min(low, central), max(high, central)

    @property
    def range_status_or_status(self) -> AssumptionStatus:
        """How far the ranges can be trusted (`range_status`, else `status`)."""
        return self.range_status if self.range_status is not None else self.status

    @property
    def community_share_or_rest(self) -> float:
        """Community-services share, defaulting to everyone not in residential care (0–1)."""
        if self.community_share is None:
            return 1.0 - self.residential_share
        return self.community_share


class TargetYear(_Frozen):
    """A plan target for one year (shares 0–1 of people in need; places; staff).

    Attributes
    ----------
    year
        Target year.
    service_share
        Share of people in need who receive social-assistance services.
    comprehensive_share
        Share of people in need who receive comprehensive services (residential care counts here).
    case_management_share
        Share of people in need under counselling or case management.
    places
        Residential places the plan aims at (places).
    staff_trained
        Social-work staff to train (persons).
    """

    year: Annotated[int, Field(ge=2015, le=2060)]
    service_share: Annotated[float, Field(ge=0, le=1)] | None = None
    comprehensive_share: Annotated[float, Field(ge=0, le=1)] | None = None
    case_management_share: Annotated[float, Field(ge=0, le=1)] | None = None
    places: PositiveInt | None = None
    staff_trained: PositiveInt | None = None


class ResourcesConfig(_Frozen):
    """Staffing, land and cost norms (defaults: Circular 33/2017 Art. 5, Decree 103/2017 Art. 24,
    Decree 20/2021 Art. 25 / Decree 76/2024).

    Attributes
    ----------
    residents_per_social_worker, residents_per_health_worker, residents_per_nutrition_worker
        Maximum residents per staff member (100, 50, 20).
    psychologists_per_facility, managers_per_facility
        At least one psychologist; 1 director + 2 deputies.
    indirect_staff_max_share
        Indirect staff ≤ 20 % of the total.
    land_m2_per_place_rural, land_m2_per_place_urban, land_m2_per_place_mental_health
        Natural land per resident (m²): 30 rural, 10 urban, 100 for mental-health facilities (rural).
    investment_per_place_vnd
        Investment per new place (VND): 240 M VND (2013, buildings only) indexed to ≈ 350 M (assumption).
    standard_level_vnd_per_month
        Social-assistance standard level (VND/month): 500,000 from 1 Jul 2024 (Decree 76/2024).
    """

    residents_per_social_worker: PositiveFloat = 100.0
    residents_per_health_worker: PositiveFloat = 50.0
    residents_per_nutrition_worker: PositiveFloat = 20.0
    psychologists_per_facility: Annotated[int, Field(ge=0)] = 1
    managers_per_facility: Annotated[int, Field(ge=0)] = 3
    indirect_staff_max_share: Annotated[float, Field(ge=0, lt=1)] = 0.2
    land_m2_per_place_rural: PositiveFloat = 30.0
    land_m2_per_place_urban: PositiveFloat = 10.0
    land_m2_per_place_mental_health: PositiveFloat = 100.0
    investment_per_place_vnd: NonNegativeFloat = 350e6
    standard_level_vnd_per_month: PositiveFloat = 500_000.0


class InputsConfig(_Frozen):
    """Paths of the input tables, relative to the scenario file.

    Each table is a CSV (``,`` or ``;`` separated, see `facility_plan.io.read_table`) or an Excel
    workbook (``.xlsx``); a path written ``bundled:<folder>/<file>`` (e.g.
    ``bundled:ninh_binh_2019/communes.csv``) names a bundled table wherever the scenario file is.

    Attributes
    ----------
    communes
        CSV of commune-level units: admin_code, name_vi, district_code, lat, lon, population_persons, …
    districts
        CSV of district census figures by age band (persons).
    facilities
        CSV of existing facilities (capacity in places).
    candidate_sites
        ``"all_communes"`` (one candidate at each commune centroid) or a CSV of land parcels.
    boundaries
        Optional commune polygons (GeoPackage, GeoJSON, Shapefile, zipped Shapefile); without them
        maps use approximate cells and say so.
    boundary_code_column
        Column of `boundaries` holding the 5-digit commune code.
    """

    communes: Path
    districts: Path
    facilities: Path
    candidate_sites: Literal["all_communes"] | Path = "all_communes"
    boundaries: Path | None = None
    boundary_code_column: str = "admin_code"


class DemandAnchorSettings(_Frozen):
    """Independent cross-checks of the demand total (defaults: `default_demand_anchors`).

    Neither anchor is an input to demand: they are shown beside the prevalence-chain estimate.
    Both count residents the national system houses (supply), so they are a floor on need more
    than a measure of it.

    Attributes
    ----------
    residents_per_1000
        ``[low, high]`` residents per 1,000 people: the national rate (0.46 in 2020) and the
        national 2030 target (0.62).
    residents_per_1000_source, residents_per_1000_status
        Source and status of that rate.
    allowance_recipients_persons
        The province's monthly-allowance register count (persons) in the demand year, if known;
        None uses `recipients_share_of_population` × the population.
    recipients_share_of_population
        Monthly-allowance recipients as a share of the population (0–1), used without a register.
    facility_share_of_recipients
        ``[low, high]`` share of allowance recipients living in a facility (0–1).
    register_source, register_status
        Source and status of the register route.
    """

    residents_per_1000: tuple[NonNegativeFloat, NonNegativeFloat]
    residents_per_1000_source: str
    residents_per_1000_status: AssumptionStatus
    allowance_recipients_persons: PositiveFloat | None = None
    recipients_share_of_population: Annotated[float, Field(ge=0, le=1)]
    facility_share_of_recipients: ShareRange
    register_source: str
    register_status: AssumptionStatus

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {**default_demand_anchors(), **data}
        return data

    @field_validator("residents_per_1000", "facility_share_of_recipients")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if value[0] > value[1]:
            msg = f"range must be [low, high] with low <= high, got {list(value)}"
            raise ValueError(msg)
        return value


def _default_anchor_settings() -> DemandAnchorSettings:
    return DemandAnchorSettings.model_validate({})


class DemandConfig(_Frozen):
    """Demand model: target groups, their low–high ranges, anchors and optional calibration.

    Attributes
    ----------
    groups
        Target-group settings by name; defaults from `default_target_groups`.
    calibrate_total_persons
        Explicit option, off by default: scale residential demand of all groups by one factor so
        the province total equals this (persons) in the scenario year. Every output then says
        "demand set equal to the plan's scale — served shares are then not evidence", and still
        shows the prevalence-chain estimate with its range and the anchors.
    census_year
        Year of the base populations.
    growth_per_year
        Yearly growth of each base population (share per year), see `default_growth_per_year`.
    project_to_scenario_year
        Project base populations from the census year to each year asked for (ageing).
    anchors
        Independent cross-checks of the total (`DemandAnchorSettings`).
    """

    groups: dict[str, TargetGroupSettings]
    calibrate_total_persons: PositiveFloat | None = None
    census_year: Annotated[int, Field(ge=1999, le=2060)] = 2019
    growth_per_year: dict[BasePopulation, Annotated[float, Field(ge=-0.2, le=0.2)]] = Field(
        default_factory=default_growth_per_year
    )
    project_to_scenario_year: bool = False
    anchors: DemandAnchorSettings = Field(default_factory=_default_anchor_settings)


class TravelConfig(_Frozen):
    """Travel-time model.

    Attributes
    ----------
    method
        ``straight_line``: straight-line distance × detour factor at an assumed speed.
        ``network``: shortest paths on the road lines in `roads`, with a straight-line fallback
        per pair (unreachable, or a point farther than `max_snap_distance_m` from any road).
    detour_factor
        Road distance / straight-line distance (dimensionless, ≥ 1).
    speed_kmh
        Assumed average door-to-door speed (km/h).
    roads
        Road-line file (GeoPackage, GeoJSON, Shapefile), relative to the scenario file.
    road_class_column, speed_column, oneway_column
        Columns of the road file: road class (speeds from `facility_plan.travel.default_speeds_kmh`),
        speed (km/h), one-way flag.
    cutoff_minutes
        Stop network searches beyond this many minutes.
    max_snap_distance_m
        Points farther than this from a road use the straight-line fallback (metres).
    """

    method: Literal["straight_line", "network"] = "straight_line"
    detour_factor: Annotated[float, Field(ge=1.0, le=5.0)] = 1.3
    speed_kmh: Annotated[float, Field(gt=0, le=150)] = 35.0
    roads: Path | None = None
    road_class_column: str | None = None
    speed_column: str | None = None
    oneway_column: str | None = None
    cutoff_minutes: PositiveFloat | None = None
    max_snap_distance_m: PositiveFloat = 2000.0

    @model_validator(mode="after")
    def _check_roads(self) -> TravelConfig:
        if self.method == "network" and self.roads is None:
            msg = "method 'network' needs 'roads' (a road-line file)"
            raise ValueError(msg)
        return self


class SolverConfig(_Frozen):
    """Solver settings.

    Attributes
    ----------
    name
        ``highs`` (through highspy, default) or ``cbc``.
    time_limit_seconds
        Wall-clock limit (seconds); a time-limited run returns its incumbent and gap.
    mip_gap
        Relative optimality gap at which to stop (0.01 = 1 %).
    threads
        Solver threads.
    """

    name: Literal["highs", "cbc"] = "highs"
    time_limit_seconds: PositiveFloat = 120.0
    mip_gap: Annotated[float, Field(ge=0, le=1)] = 0.0
    threads: PositiveInt = 1


class OutputsConfig(_Frozen):
    """Output settings.

    Attributes
    ----------
    language
        Labels in Vietnamese (``vi``) or English (``en``).
    """

    language: Literal["vi", "en"] = "vi"
