"""The key figures of a scenario run as one typed record, written to and read from strict JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from facility_plan.errors import DataProblem, InputDataError

SUMMARY_FILE = "summary.json"


@dataclass(frozen=True, slots=True)
class DemandCalibration:
    """How the demand total was obtained.

    Attributes
    ----------
    raw_total_persons
        Total of the prevalence chain before any calibration (persons).
    factor
        Calibration factor applied (1.0 when none).
    calibrated_total_persons
        Total after calibration (persons).
    description
        One sentence saying the above.
    """

    raw_total_persons: float
    factor: float
    calibrated_total_persons: float
    description: str


@dataclass(frozen=True, slots=True)
class DemandAnchorSummary:
    """One independent cross-check of the demand total.

    Attributes
    ----------
    key
        ``national_rate`` (national residents per 1,000) or ``register`` (allowance register ×
        share in facilities).
    low_persons, high_persons
        The anchor's range (persons).
    basis_vi, basis_en
        The arithmetic in words.
    source, status
        Where the ratios come from and how far they can be trusted.
    """

    key: str
    low_persons: float
    high_persons: float
    basis_vi: str
    basis_en: str
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class DemandRange:
    """The demand basis of a run: the estimate with its range, and the anchors beside it.

    Attributes
    ----------
    basis
        ``estimate`` (the model serves the central estimate) or ``calibrated`` (demand set equal
        to a given total: served shares are then not evidence).
    central_persons, low_persons, high_persons
        Prevalence chain at the central shares and with every share at its low / high end
        (persons, never calibrated).
    modelled_persons
        The total the model serves (persons).
    population_persons
        Population of the demand year (persons), the base of the anchors.
    anchors
        Independent cross-checks, shown beside the estimate.
    description_vi, description_en
        One sentence stating the basis.
    """

    basis: str
    central_persons: float
    low_persons: float
    high_persons: float
    modelled_persons: float
    population_persons: float
    anchors: tuple[DemandAnchorSummary, ...] = ()
    description_vi: str = ""
    description_en: str = ""

    def description(self, language: str) -> str:
        """The sentence in `language` (``vi`` or ``en``)."""
        return self.description_vi if language == "vi" else self.description_en


@dataclass(frozen=True, slots=True)
class TypeCapacity:
    """Places, use and idle places of one centre type.

    Attributes
    ----------
    facility_type
        Decree 103/2017 type (``general``, ``mental_health`` …).
    centres
        Open centres of the type.
    places
        Places (places).
    used_persons
        Residents assigned (persons).
    idle_places
        Places left empty (places).
    idle_wrong_type_places
        Idle places of a type that takes none of the groups left unserved (places).
    groups_taken
        Target groups the type takes.
    """

    facility_type: str
    centres: int
    places: float
    used_persons: float
    idle_places: float
    idle_wrong_type_places: float
    groups_taken: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupService:
    """Need, served and unserved persons of one target group.

    Attributes
    ----------
    group, label_vi
        Group name and Vietnamese label.
    need_persons
        Need as modelled (persons; the central estimate unless calibrated).
    low_persons, high_persons
        The estimate's range (persons, never calibrated).
    served_persons, unserved_persons
        Persons served and left unserved.
    served_by_types
        Centre types that take the group.
    apportioned
        True when capacity is pooled: served and unserved are split by each commune's mix of
        groups, not found by the model.
    """

    group: str
    label_vi: str
    need_persons: float
    low_persons: float
    high_persons: float
    served_persons: float
    unserved_persons: float
    served_by_types: tuple[str, ...] = ()
    apportioned: bool = False


@dataclass(frozen=True, slots=True)
class TravelFacts:
    """How travel minutes were actually computed in the run.

    Attributes
    ----------
    method
        The method the scenario asked for (``straight_line`` or ``network``).
    detour_factor
        Straight-line detour factor (network length ÷ straight distance).
    speed_kmh
        Straight-line speed (km/h).
    roads
        Road file used, or None.
    pairs_by_method
        Origin–destination pairs per method actually used (``straight_line``, ``network`` …).
    description_vi, description_en
        One sentence a planner reads on a map or in a report, saying the above.
    """

    method: str
    detour_factor: float
    speed_kmh: float
    roads: str | None
    pairs_by_method: Mapping[str, int]
    description_vi: str = ""
    description_en: str = ""

    def description(self, language: str) -> str:
        """The sentence in `language` (``vi`` or ``en``)."""
        return self.description_vi if language == "vi" else self.description_en


@dataclass(frozen=True, slots=True)
class NewSiteSummary:
    """One new centre of the plan.

    Attributes
    ----------
    site_id
        Candidate site id.
    name
        The site's name as the planner knows it.
    commune, district
        Commune and district names.
    tier
        Size tier id.
    capacity_places
        Places (persons).
    assigned_persons
        Residents assigned (persons, to 0.1).
    """

    site_id: str
    name: str
    commune: str
    district: str
    tier: str
    capacity_places: float
    assigned_persons: float


@dataclass(frozen=True, slots=True)
class FacilityPrecision:
    """An existing centre whose position is not exact.

    Attributes
    ----------
    name
        Centre name.
    location_precision
        How precise its point is (e.g. ``district_seat``).
    """

    name: str
    location_precision: str


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    """Key figures of one run (persons, places, VND, minutes) and the facts every output must state.

    Written as ``summary.json`` (strict JSON: missing figures are ``null``, never ``NaN``) and
    read back by `read_summary` for ``compare``.
    """

    scenario: str
    title_vi: str
    year: int
    model: str
    status: str
    objective_person_minutes: float | None
    mip_gap: float | None
    solver: str
    solve_seconds: float
    demand_persons: float
    demand_calibration: DemandCalibration
    demand_groups: tuple[Mapping[str, Any], ...]
    assumptions_flagged: tuple[str, ...]
    places_existing: float
    places_new: float
    places_total: float
    target_places: float | None
    facilities_total: int
    investment_new_vnd: float
    served_persons: float
    unserved_persons: float
    served_share: float | None
    mean_travel_minutes: float | None
    max_travel_minutes: float | None
    demand_within_30_minutes_share: float | None
    demand_within_60_minutes_share: float | None
    travel_model: TravelFacts
    new_sites: tuple[NewSiteSummary, ...]
    boundaries: str
    staff_total_persons: int
    recurring_cost_vnd_per_year: float
    targets: tuple[Mapping[str, Any], ...]
    plain_summary: tuple[str, ...]
    facilities_imprecise: tuple[FacilityPrecision, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    programme: Mapping[str, Any] | None = None
    demand_range: DemandRange | None = None
    capacity_matching: str = "by_type"
    capacity_by_type: tuple[TypeCapacity, ...] = ()
    groups_served: tuple[GroupService, ...] = ()

    @property
    def idle_wrong_type_places(self) -> float:
        """Idle places of types that take none of the groups left unserved (places)."""
        return float(sum(row.idle_wrong_type_places for row in self.capacity_by_type))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (NaN and ±inf become None)."""
        return _finite(asdict(self))  # type: ignore[no-any-return]

    def to_json(self) -> str:
        """Strict JSON text (UTF-8, indented, non-ASCII kept, ``null`` for missing figures)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = SUMMARY_FILE) -> ScenarioSummary:
        """Rebuild a summary from its dict form.

        Raises
        ------
        InputDataError
            When a field is missing or of the wrong shape (naming the file and field).
        """
        names = [f.name for f in fields(cls)]
        required = [
            f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING
        ]
        try:
            values = {name: data[name] for name in names if name in data}
            missing = [name for name in required if name not in data]
            if missing:
                raise KeyError(missing[0])
            values["demand_calibration"] = DemandCalibration(**data["demand_calibration"])
            values["travel_model"] = TravelFacts(**data["travel_model"])
            values["new_sites"] = tuple(NewSiteSummary(**s) for s in data["new_sites"])
            values["facilities_imprecise"] = tuple(
                FacilityPrecision(**f) for f in data.get("facilities_imprecise", ())
            )
            for name in ("demand_groups", "targets"):
                values[name] = tuple(dict(item) for item in data[name])
            if data.get("programme") is not None:
                values["programme"] = dict(data["programme"])
            for name in ("assumptions_flagged", "plain_summary", "warnings"):
                values[name] = tuple(str(item) for item in data.get(name, ()))
            if data.get("demand_range") is not None:
                demand_range = dict(data["demand_range"])
                demand_range["anchors"] = tuple(
                    DemandAnchorSummary(**anchor) for anchor in demand_range.get("anchors", ())
                )
                values["demand_range"] = DemandRange(**demand_range)
            values["capacity_by_type"] = tuple(
                TypeCapacity(**{**row, "groups_taken": tuple(row.get("groups_taken", ()))})
                for row in data.get("capacity_by_type", ())
            )
            values["groups_served"] = tuple(
                GroupService(**{**row, "served_by_types": tuple(row.get("served_by_types", ()))})
                for row in data.get("groups_served", ())
            )
        except KeyError as err:
            raise InputDataError(
                [DataProblem(source, None, str(err.args[0]), "missing in summary.json")]
            ) from None
        except (TypeError, AttributeError) as err:
            msg = f"not a facility_plan summary ({err})"
            raise InputDataError([DataProblem(source, None, None, msg)]) from None
        return cls(**values)

    @classmethod
    def from_json(cls, text: str, *, source: str = SUMMARY_FILE) -> ScenarioSummary:
        """Parse ``summary.json`` text.

        Raises
        ------
        InputDataError
            When the text is not JSON (truncated file…) or not a summary.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            msg = (
                f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); the file "
                "may be truncated — run the scenario again"
            )
            raise InputDataError([DataProblem(source, None, None, msg)]) from None
        if not isinstance(data, dict):
            raise InputDataError([DataProblem(source, None, None, "not a JSON object")])
        return cls.from_dict(data, source=source)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _finite(value.item())
    return value


def read_summary(path: str | Path) -> ScenarioSummary:
    """Read a ``summary.json`` written by a scenario run (a file, or the run's output folder).

    Raises
    ------
    InputDataError
        Naming the file when it is missing, unreadable, truncated or not a summary.
    """
    summary_path = Path(path)
    if summary_path.is_dir():
        summary_path = summary_path / SUMMARY_FILE
    if not summary_path.is_file():
        raise InputDataError([DataProblem(str(summary_path), None, None, "file not found")])
    try:
        text = summary_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputDataError([DataProblem(str(summary_path), None, None, str(err))]) from None
    return ScenarioSummary.from_json(text, source=str(summary_path))
