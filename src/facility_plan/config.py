"""Scenario configuration: pydantic models for a scenario TOML file, validated strictly (unknown keys rejected)."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from facility_plan.errors import ScenarioConfigError

AssumptionStatus = Literal["seen", "recalled", "derived", "plan", "placeholder"]
FacilityType = Literal[
    "elderly", "children", "disability", "mental_health", "general", "social_work", "other"
]
BasePopulation = Literal["total", "age_0_14", "age_60plus", "age_80plus"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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

    @property
    def community_share_or_rest(self) -> float:
        """Community-services share, defaulting to everyone not in residential care (0–1)."""
        if self.community_share is None:
            return 1.0 - self.residential_share
        return self.community_share


def default_target_groups() -> dict[str, dict[str, Any]]:
    """Default target groups with the prevalence figures of ``shared/docs/domain.md`` and their sources.

    Returns
    -------
    dict
        Group name → settings mapping (plain data, validated by `TargetGroupSettings`).
    """
    return {
        "elderly": {
            "label_vi": "Người cao tuổi",
            "base": "age_60plus",
            "eligible_share": 0.14,
            "residential_share": 0.014,
            "source": (
                "eligible: >1.6 M elderly on monthly allowance (VietnamPlus 2018) / 11.41 M aged 60+ "
                "(2019 census); residential: residents ≈ 1.3–1.5 % of allowance recipients "
                "(Decision 966 / baochinhphu 2024, domain.md §1.5)"
            ),
            "status": "derived",
            "served_by_types": ("elderly", "general", "social_work"),
            "dependent_share": 0.4,
        },
        "disability": {
            "label_vi": "Người khuyết tật nặng",
            "base": "total",
            "prevalence_share": 0.031,
            "eligible_share": 0.289,
            "residential_share": 0.014,
            "source": (
                "prevalence 3.1 % (Ninh Bình registry, tmt-foundation.org ~2022); severe 28.9 % "
                "(MOLISA ~2017); residential as for the elderly (domain.md §2, §1.5)"
            ),
            "status": "derived",
            "served_by_types": ("disability", "general", "social_work"),
            "dependent_share": 0.6,
        },
        "mental_illness": {
            "label_vi": "Người tâm thần",
            "base": "total",
            "prevalence_share": 0.002,
            "eligible_share": 0.98,
            "residential_share": 0.1,
            "source": (
                "severe mental illness ≈ 0.2 %, 98 % cannot self-care (MCNV via VNS 2016); "
                "residential share 10 % is an assumption with no source"
            ),
            "status": "placeholder",
            "served_by_types": ("mental_health", "other"),
            "dependent_share": 0.5,
            "residents_per_carer_able": 4.0,
            "residents_per_carer_dependent": 2.0,
        },
        "children": {
            "label_vi": "Trẻ em có hoàn cảnh đặc biệt",
            "base": "age_0_14",
            "prevalence_share": 0.0009,
            "residential_share": 0.36,
            "source": (
                "orphans who lost both parents 0.09 % of children; 36 % of social-protection orphans "
                "live in facilities (baochinhphu, 31 Dec 2022; domain.md §1.5, §2)"
            ),
            "status": "seen",
            "served_by_types": ("children", "general", "social_work"),
            "dependent_share": 0.2,
            "residents_per_carer_able": 10.0,
            "residents_per_carer_dependent": 5.0,
        },
        "emergency": {
            "label_vi": "Người cần bảo vệ khẩn cấp",
            "base": "total",
            "prevalence_share": 0.0001,
            "residential_share": 0.25,
            "source": (
                "victims of violence, trafficking, homeless people awaiting return (Decree 20/2021 "
                "Art. 24(2)); 1 per 10,000 a year and a 25 % shelter share are assumptions; stays "
                "≤ 3 months"
            ),
            "status": "placeholder",
            "served_by_types": ("social_work", "general"),
            "dependent_share": 0.0,
            "residents_per_carer_able": 12.0,
            "residents_per_carer_dependent": 12.0,
        },
    }


def default_growth_per_year() -> dict[str, float]:
    """Yearly growth of each base population (share per year), derived from census figures.

    total: 85.85 M (2009 census) → 96.21 M (2019 census), +1.15 %/year (GSO). 60+ and 80+:
    9.9 % (2011) → 11.95 % (2018) of a growing population (VGP 2020) gives ≈ +3.9 %/year for 60+;
    80+ is set to the same (no source, flagged). Children 0–14: flat (assumption).
    """
    return {"total": 0.0115, "age_60plus": 0.039, "age_80plus": 0.039, "age_0_14": 0.0}


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


class DemandConfig(_Frozen):
    """Demand model: target groups and calibration to the plan's scale.

    Attributes
    ----------
    groups
        Target-group settings by name; defaults from `default_target_groups`.
    calibrate_total_persons
        If set, scale residential demand of all groups by one factor so the province total equals
        this (persons) in the scenario year; the factor is reported, never hidden.
    census_year
        Year of the base populations.
    growth_per_year
        Yearly growth of each base population (share per year), see `default_growth_per_year`.
    project_to_scenario_year
        Project base populations from the census year to each year asked for (ageing).
    """

    groups: dict[str, TargetGroupSettings]
    calibrate_total_persons: PositiveFloat | None = None
    census_year: Annotated[int, Field(ge=1999, le=2060)] = 2019
    growth_per_year: dict[BasePopulation, Annotated[float, Field(ge=-0.2, le=0.2)]] = Field(
        default_factory=default_growth_per_year
    )
    project_to_scenario_year: bool = False


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
        Columns of the road file: road class (speeds from `facility_plan.roads.default_speeds_kmh`),
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


class SizeTier(_Frozen):
    """A size option for a new centre.

    Attributes
    ----------
    tier_id
        Short id, e.g. ``"S"``.
    capacity_places
        Places (residents) of a centre of this size.
    investment_vnd
        Investment cost of building it (VND).
    """

    tier_id: str = Field(min_length=1)
    capacity_places: PositiveInt
    investment_vnd: NonNegativeFloat = 0.0


class CapacitatedConfig(_Frozen):
    """Capacitated location with existing centres fixed open and new centres sized by tiers.

    Attributes
    ----------
    kind
        Always ``"capacitated"``.
    new_facilities
        Number of new centres to open (exactly).
    target_places
        Places the whole network must reach (existing + new).
    size_tiers
        Size options for new centres.
    new_ownership
        Ownership of the new centres (public or non_public).
    budget_vnd
        Upper bound on the investment in new centres (VND), or None.
    required_districts
        Plan choice: each listed district code must receive one new centre (the commune is chosen by the model).
    allowed_districts
        If not empty, new centres may only go to these district codes.
    unserved_penalty_minutes
        Cost of leaving one person unserved, in minutes of travel (must exceed any acceptable trip).
    max_assign_minutes
        Demand is never assigned to a centre farther than this (minutes); None = no limit.
    match_groups_to_types
        Demand by target group; a centre takes only the groups its type serves (new centres are
        ``general``). False pools all groups.
    """

    kind: Literal["capacitated"] = "capacitated"
    new_facilities: PositiveInt
    target_places: PositiveInt
    size_tiers: tuple[SizeTier, ...] = Field(min_length=1)
    new_ownership: Literal["public", "non_public"] = "non_public"
    budget_vnd: PositiveFloat | None = None
    required_districts: tuple[str, ...] = ()
    allowed_districts: tuple[str, ...] = ()
    unserved_penalty_minutes: PositiveFloat = 240.0
    max_assign_minutes: PositiveFloat | None = None
    match_groups_to_types: bool = False

    @model_validator(mode="after")
    def _check_tiers(self) -> CapacitatedConfig:
        tier_ids = [tier.tier_id for tier in self.size_tiers]
        if len(set(tier_ids)) != len(tier_ids):
            msg = f"size_tiers: tier_id values must be unique, got {tier_ids}"
            raise ValueError(msg)
        if len(self.required_districts) > self.new_facilities:
            msg = (
                f"required_districts lists {len(self.required_districts)} districts but "
                f"new_facilities is {self.new_facilities}"
            )
            raise ValueError(msg)
        return self


ModelConfig = Annotated[CapacitatedConfig, Field(discriminator="kind")]
MODEL_KINDS = ("capacitated",)


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


class ScenarioConfig(_Frozen):
    """A complete, validated scenario.

    Attributes
    ----------
    name
        Short id, used as the output folder name (letters, digits, ``_`` and ``-``).
    title_vi
        Title shown on maps and reports.
    description
        Free text: the planner's question.
    year
        Plan year.
    province_name_vi
        Province shown in titles.
    crs
        Projected metric CRS used for distances (default UTM 48N).
    targets
        The plan's targets by year (coverage shares, places, staff).
    resources
        Staffing, land and cost norms.
    scenario_path
        The file the scenario was read from (set by `load_scenario`).
    """

    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$", max_length=80)
    title_vi: str
    description: str = ""
    year: Annotated[int, Field(ge=2015, le=2060)]
    province_name_vi: str = ""
    crs: str = "EPSG:32648"
    inputs: InputsConfig
    demand: DemandConfig
    travel: TravelConfig = TravelConfig()
    model: ModelConfig
    solver: SolverConfig = SolverConfig()
    outputs: OutputsConfig = OutputsConfig()
    targets: tuple[TargetYear, ...] = ()
    resources: ResourcesConfig = ResourcesConfig()
    scenario_path: Path | None = None


def _set_dotted(raw: dict[str, Any], dotted_key: str, value: object) -> None:
    keys = dotted_key.split(".")
    node = raw
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            msg = f"override {dotted_key!r}: {key!r} is not a table"
            raise ScenarioConfigError(msg)
        node = child
    node[keys[-1]] = value


def _merge_group_defaults(raw: dict[str, Any]) -> None:
    demand = raw.get("demand")
    if not isinstance(demand, dict):
        return
    groups = default_target_groups()
    user_groups = demand.get("groups", {})
    if not isinstance(user_groups, dict):
        return
    for group_name, settings in user_groups.items():
        if group_name in groups and isinstance(settings, dict):
            groups[group_name] = {**groups[group_name], **settings}
        else:
            groups[group_name] = settings
    demand["groups"] = groups


def _format_validation_error(source: str, error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        parts = [str(part) for part in item["loc"]]
        if len(parts) > 1 and parts[0] == "model" and parts[1] in MODEL_KINDS:
            del parts[1]  # pydantic adds the union tag ("capacitated") to the location
        location = ".".join(parts) or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key '{location}' (check the spelling)")
        elif item["type"] == "missing":
            lines.append(f"{source}: {location}: required key is missing")
        else:
            lines.append(f"{source}: {location}: {item['msg']} (got {item.get('input')!r})")
    return "\n".join(lines)


def scenario_from_dict(
    raw: Mapping[str, Any],
    *,
    source: str = "scenario",
    base_dir: Path | None = None,
    overrides: Mapping[str, object] | None = None,
) -> ScenarioConfig:
    """Validate a scenario given as a mapping (as read from TOML).

    Parameters
    ----------
    raw
        The scenario tables.
    source
        Name used in error messages (usually the file path).
    base_dir
        Folder that relative input paths are resolved against.
    overrides
        Dotted keys to replace before validation, e.g. ``{"travel.speed_kmh": 30}``.

    Returns
    -------
    ScenarioConfig
        The validated scenario.

    Raises
    ------
    ScenarioConfigError
        With one line per unknown, missing or invalid key.
    """
    data = copy.deepcopy(dict(raw))
    for dotted_key, value in (overrides or {}).items():
        _set_dotted(data, dotted_key, value)
    _merge_group_defaults(data)
    if "demand" not in data:
        data["demand"] = {"groups": default_target_groups()}
    try:
        config = ScenarioConfig.model_validate(data)
    except ValidationError as err:
        raise ScenarioConfigError(_format_validation_error(source, err)) from None
    if base_dir is not None:
        inputs = config.inputs

        def resolve(path: Path) -> Path:
            return path if path.is_absolute() else (base_dir / path).resolve()

        candidate_sites = (
            inputs.candidate_sites
            if inputs.candidate_sites == "all_communes"
            else resolve(Path(inputs.candidate_sites))
        )
        resolved = InputsConfig(
            communes=resolve(inputs.communes),
            districts=resolve(inputs.districts),
            facilities=resolve(inputs.facilities),
            candidate_sites=candidate_sites,
            boundaries=resolve(inputs.boundaries) if inputs.boundaries is not None else None,
            boundary_code_column=inputs.boundary_code_column,
        )
        travel = config.travel
        if travel.roads is not None:
            travel = travel.model_copy(update={"roads": resolve(travel.roads)})
        config = config.model_copy(update={"inputs": resolved, "travel": travel})
    return config


def load_scenario(
    path: str | Path, *, overrides: Mapping[str, object] | None = None
) -> ScenarioConfig:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path
        The ``.toml`` file; input paths inside it are relative to its folder.
    overrides
        Dotted keys to replace before validation, e.g. ``{"demand.calibrate_total_persons": 700}``.

    Returns
    -------
    ScenarioConfig
        The validated scenario, with `scenario_path` set and input paths resolved.

    Raises
    ------
    ScenarioConfigError
        If the file is missing, is not valid TOML, or has unknown, missing or invalid keys.
    """
    scenario_file = Path(path)
    if not scenario_file.is_file():
        msg = f"{scenario_file}: scenario file not found"
        raise ScenarioConfigError(msg)
    try:
        raw = tomllib.loads(scenario_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        msg = f"{scenario_file}: not a valid UTF-8 TOML file ({err})"
        raise ScenarioConfigError(msg) from None
    config = scenario_from_dict(
        raw, source=str(scenario_file), base_dir=scenario_file.parent.resolve(), overrides=overrides
    )
    return config.model_copy(update={"scenario_path": scenario_file.resolve()})
