"""Programme section of a scenario: community programme targets per year and their cited norms."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, NonNegativeFloat, PositiveFloat, model_validator

from facility_plan.config.base import AssumptionStatus, _Frozen

UnitKind = Literal["commune", "school", "health_station", "hospital", "facility"]
"""Units that can hold social-work staff: the commune itself, schools, commune health stations,
hospitals and social-assistance facilities (Vĩnh Phúc 80/KH-UBND 2021)."""

UNIT_KINDS: tuple[UnitKind, ...] = ("commune", "school", "health_station", "hospital", "facility")

UnitRatioKind = Literal["school", "health_station", "hospital"]
"""Unit kinds counted from national ratios when the province gives no counts."""

UNIT_RATIO_KINDS: tuple[UnitRatioKind, ...] = ("school", "health_station", "hospital")


class CitedValue(_Frozen):
    """A norm with where it comes from and how far it can be trusted.

    Attributes
    ----------
    value
        The number, in the unit its setting's name says (persons, VND, staff, months, …).
    source
        Document, page or calculation it comes from.
    status
        seen, recalled, derived, plan or placeholder (as in ``shared/docs/domain.md``).
    """

    value: NonNegativeFloat
    source: str = Field(min_length=1)
    status: AssumptionStatus


class DatedAmount(_Frozen):
    """A monthly amount in force from a given month on (a legal standard or the base salary).

    Attributes
    ----------
    from_year, from_month
        First month the amount applies.
    vnd_per_month
        The amount (VND per month).
    source, status
        Citation and trust level.
    """

    from_year: Annotated[int, Field(ge=2000, le=2060)]
    from_month: Annotated[int, Field(ge=1, le=12)] = 1
    vnd_per_month: PositiveFloat
    source: str = Field(min_length=1)
    status: AssumptionStatus


class StandardLevel(_Frozen):
    """A social-assistance standard level (mức chuẩn) to cost the monthly allowance budget at.

    Attributes
    ----------
    vnd_per_month
        Standard level (VND per month); each group's allowance is its coefficient × this.
    label_vi, label_en
        How the level is named in tables (e.g. "Nghị định 20/2021").
    source, status
        Citation and trust level.
    """

    vnd_per_month: PositiveFloat
    label_vi: str
    label_en: str
    source: str = Field(min_length=1)
    status: AssumptionStatus


def default_allowance_coefficients() -> dict[str, dict[str, Any]]:
    """Monthly community allowance coefficients (multiples of the standard level) by group.

    Decree 20/2021/NĐ-CP Art. 6 (domain.md §1.3). The demand groups mix several legal rows, so
    each default takes the row that describes most of the group and says so.
    """
    return {
        "elderly": {
            "value": 1.0,
            "source": (
                "Decree 20/2021 Art. 6: 1.0 for everyone 80+ with no pension (most elderly recipients, "
                "VietnamPlus 2018); 1.5 for poor 60–80 with no supporter (domain.md §1.3)"
            ),
            "status": "derived",
        },
        "disability": {
            "value": 1.5,
            "source": "Decree 20/2021 Art. 6: severe disability 1.5 (domain.md §1.3)",
            "status": "seen",
        },
        "mental_illness": {
            "value": 2.0,
            "source": (
                "Decree 20/2021 Art. 6: extremely severe disability 2.0; 98 % of people with severe "
                "mental illness cannot self-care (MCNV 2016, domain.md §2)"
            ),
            "status": "derived",
        },
        "children": {
            "value": 1.5,
            "source": (
                "Decree 20/2021 Art. 6(1): children with no source of support, 1.5 aged 4+ "
                "(2.5 under 4); not in domain.md, stated from the decree's text"
            ),
            "status": "recalled",
        },
        "emergency": {
            "value": 0.0,
            "source": (
                "People needing emergency protection get one-off emergency help (Decree 20/2021 "
                "Ch. III), not a monthly allowance; costed by emergency_help_* instead"
            ),
            "status": "recalled",
        },
        "elderly_minority_no_pension": {
            "value": 1.0,
            "source": (
                "Decree 20/2021 Art. 6: elderly 75–80, poor or near-poor, in ethnic-minority or "
                "mountain areas with special difficulties, 1.0 (domain.md §1.3); widened group of "
                "the Vĩnh Long and Lạng Sơn plans"
            ),
            "status": "seen",
        },
        "children_under_3_poor": {
            "value": 1.0,
            "source": (
                "Widened group of the Vĩnh Long and Lạng Sơn plans (children under 36 months in "
                "poor households); its coefficient was not retrieved, 1.0 is an assumption"
            ),
            "status": "placeholder",
        },
        "pregnant_poor": {
            "value": 1.0,
            "source": (
                "Widened group of the Vĩnh Long and Lạng Sơn plans (pregnant women in poor "
                "households); its coefficient was not retrieved, 1.0 is an assumption"
            ),
            "status": "placeholder",
        },
    }


def default_units_per_1000_persons() -> dict[str, dict[str, Any]]:
    """National ratios of schools, commune health stations and hospitals per 1,000 persons.

    Used only when the province gives no counts of its own; every figure is flagged.
    """
    check = "check against the GSO Statistical Yearbook (education and health chapters)"
    return {
        "school": {
            "value": 0.28,
            "source": f"≈ 27,000 general schools / 96.2 M persons (2019 census); {check}",
            "status": "recalled",
        },
        "health_station": {
            "value": 0.11,
            "source": (
                f"≈ 10,600 commune health stations, one per pre-2025 commune / 96.2 M persons; {check}"
            ),
            "status": "recalled",
        },
        "hospital": {
            "value": 0.015,
            "source": f"≈ 1,400 public and private hospitals / 96.2 M persons; {check}",
            "status": "recalled",
        },
    }


def default_standard_levels() -> tuple[StandardLevel, ...]:
    """Standard levels the allowance budget is costed at: 270k, 300k, 360k, 405k, 500k VND/month."""
    proposal = (
        "Kiên Giang 871/VP-VHXH (2019) with MOLISA letters 591/594: raise the standard from "
        "270,000 to 300,000–405,000 VND (domain.md §1.3)"
    )
    return (
        StandardLevel(
            vnd_per_month=270_000,
            label_vi="Nghị định 136/2013",
            label_en="Decree 136/2013",
            source="Decree 136/2013/NĐ-CP (domain.md §1.3)",
            status="seen",
        ),
        StandardLevel(
            vnd_per_month=300_000,
            label_vi="Đề xuất 2019 (mức thấp)",
            label_en="2019 proposal (low)",
            source=proposal,
            status="plan",
        ),
        StandardLevel(
            vnd_per_month=360_000,
            label_vi="Nghị định 20/2021",
            label_en="Decree 20/2021",
            source="Decree 20/2021/NĐ-CP Art. 4, from 1 Jul 2021 (domain.md §1.3)",
            status="seen",
        ),
        StandardLevel(
            vnd_per_month=405_000,
            label_vi="Đề xuất 2019 (mức cao)",
            label_en="2019 proposal (high)",
            source=proposal,
            status="plan",
        ),
        StandardLevel(
            vnd_per_month=500_000,
            label_vi="Nghị định 76/2024",
            label_en="Decree 76/2024",
            source="Decree 76/2024/NĐ-CP, from 1 Jul 2024 (domain.md §1.3)",
            status="seen",
        ),
    )


def default_standard_schedule() -> tuple[DatedAmount, ...]:
    """The standard level in force by month: 270k (2014), 360k (Jul 2021), 500k (Jul 2024) VND."""
    return (
        DatedAmount(
            from_year=2014,
            from_month=1,
            vnd_per_month=270_000,
            source="Decree 136/2013/NĐ-CP, in force from 1 Jan 2014 (start date recalled)",
            status="seen",
        ),
        DatedAmount(
            from_year=2021,
            from_month=7,
            vnd_per_month=360_000,
            source="Decree 20/2021/NĐ-CP, from 1 Jul 2021 (domain.md §1.3)",
            status="seen",
        ),
        DatedAmount(
            from_year=2024,
            from_month=7,
            vnd_per_month=500_000,
            source="Decree 76/2024/NĐ-CP, from 1 Jul 2024 (domain.md §1.3)",
            status="seen",
        ),
    )


def default_base_salary_schedule() -> tuple[DatedAmount, ...]:
    """The base salary (lương cơ sở) in force by month (VND/month); not in domain.md, recalled."""
    return tuple(
        DatedAmount(
            from_year=year,
            from_month=7,
            vnd_per_month=amount,
            source=f"Decree {decree}/NĐ-CP, from 1 Jul {year} (not in domain.md; check)",
            status="recalled",
        )
        for year, amount, decree in (
            (2017, 1_300_000, "47/2017"),
            (2018, 1_390_000, "72/2018"),
            (2019, 1_490_000, "38/2019"),
            (2023, 1_800_000, "24/2023"),
            (2024, 2_340_000, "73/2024"),
        )
    )


def _unit_ratio_defaults() -> dict[UnitRatioKind, CitedValue]:
    raw = default_units_per_1000_persons()
    return {kind: CitedValue.model_validate(raw[kind]) for kind in UNIT_RATIO_KINDS}


def _cited(value: float, source: str, status: AssumptionStatus) -> CitedValue:
    return CitedValue(value=value, source=source, status=status)


class ProgrammeNorms(_Frozen):
    """Norms of the community programme, each with its source and status.

    Attributes
    ----------
    caseload_per_social_worker
        People under case management per social worker (cases per social worker).
    social_work_staff_per_unit
        Social-work staff per staffed unit (staff per unit).
    trainees_per_cohort
        Trainees per training course (persons per cohort).
    training_cost_vnd_per_trainee
        Cost of training one person (VND per trainee).
    staff_allowance_base_salary_multiple
        Monthly allowance of a social-work staff member in multiples of the base salary.
    emergency_help_months
        Months of help per person hit by sudden hardship (months).
    emergency_help_coefficient
        Monthly help per person in multiples of the standard level.
    allowance_coefficients
        Monthly community allowance by group, in multiples of the standard level; the scenario's
        entries are merged onto the defaults.
    units_per_1000_persons
        Schools, health stations and hospitals per 1,000 persons, used when the province gives no
        counts; merged onto the defaults.
    standard_levels
        Standard levels the allowance budget is costed at (VND per month).
    standard_schedule
        Standard level in force by month (VND per month).
    base_salary_schedule
        Base salary in force by month (VND per month).
    """

    caseload_per_social_worker: CitedValue = _cited(
        100.0,
        "Circular 33/2017 Art. 5(5): 1 social worker per ≤100 residents (case management in "
        "facilities), applied to community case management; no community caseload norm was found "
        "(domain.md §1.2)",
        "placeholder",
    )
    social_work_staff_per_unit: CitedValue = _cited(
        1.0, "Vĩnh Phúc 80/KH-UBND (2021): 1–2 social-work staff per unit; the lower bound", "plan"
    )
    trainees_per_cohort: CitedValue = _cited(
        30.0, "assumed class size of a short social-work course; no source", "placeholder"
    )
    training_cost_vnd_per_trainee: CitedValue = _cited(
        5_000_000.0,
        "assumed cost of a short social-work course per trainee; no public unit cost found",
        "placeholder",
    )
    staff_allowance_base_salary_multiple: CitedValue = _cited(
        1.0,
        "Vĩnh Phúc 80/KH-UBND (2021): social-work staff get an allowance of at least the base salary",
        "plan",
    )
    emergency_help_months: CitedValue = _cited(
        3.0,
        "Decree 20/2021 Art. 24(4): people needing emergency protection stay at most 3 months",
        "seen",
    )
    emergency_help_coefficient: CitedValue = _cited(
        4.0,
        "Decree 20/2021 Art. 25(1)(b): nurture allowance 4.0 × standard for everyone aged 4+; "
        "used as the cost of helping one person in time (domain.md §1.3)",
        "derived",
    )
    allowance_coefficients: dict[str, CitedValue] = Field(
        default_factory=lambda: {
            name: CitedValue.model_validate(raw)
            for name, raw in default_allowance_coefficients().items()
        }
    )
    units_per_1000_persons: dict[UnitRatioKind, CitedValue] = Field(
        default_factory=lambda: _unit_ratio_defaults()
    )
    standard_levels: tuple[StandardLevel, ...] = Field(
        default_factory=default_standard_levels, min_length=1
    )
    standard_schedule: tuple[DatedAmount, ...] = Field(
        default_factory=default_standard_schedule, min_length=1
    )
    base_salary_schedule: tuple[DatedAmount, ...] = Field(
        default_factory=default_base_salary_schedule, min_length=1
    )

    @model_validator(mode="before")
    @classmethod
    def _merge_onto_defaults(cls, data: Any) -> Any:
        """Merge the scenario's coefficients and unit ratios onto the cited defaults."""
        if not isinstance(data, dict):
            return data
        merged = dict(data)
        for key, defaults in (
            ("allowance_coefficients", default_allowance_coefficients),
            ("units_per_1000_persons", default_units_per_1000_persons),
        ):
            given = merged.get(key)
            if isinstance(given, dict):
                merged[key] = {**defaults(), **given}
        return merged

    @model_validator(mode="after")
    def _check_positive(self) -> ProgrammeNorms:
        for name in (
            "caseload_per_social_worker",
            "social_work_staff_per_unit",
            "trainees_per_cohort",
        ):
            if getattr(self, name).value <= 0:
                msg = f"{name} must be positive"
                raise ValueError(msg)
        return self


class ProgrammeTarget(_Frozen):
    """The plan's programme targets for one year (shares 0–1; persons).

    Attributes
    ----------
    year
        Target year.
    case_management_share
        Share of people in need who are counselled, supported and case-managed.
    staffed_unit_share
        Share of units (of `ProgrammeConfig.staffed_unit_kinds`) with social-work staff.
    trained_staff_share
        Share of social-work staff trained.
    trained_staff_persons
        Staff and collaborators trained, cumulative (persons).
    emergency_help_share
        Share of people hit by sudden hardship helped in time.
    accessible_facility_share
        Share of social-assistance facilities meeting minimum access conditions.
    allowance_coverage_share
        Share of eligible people in the community paid the monthly allowance.
    """

    year: Annotated[int, Field(ge=2015, le=2060)]
    case_management_share: Annotated[float, Field(ge=0, le=1)] | None = None
    staffed_unit_share: Annotated[float, Field(ge=0, le=1)] | None = None
    trained_staff_share: Annotated[float, Field(ge=0, le=1)] | None = None
    trained_staff_persons: Annotated[int, Field(ge=0)] | None = None
    emergency_help_share: Annotated[float, Field(ge=0, le=1)] | None = None
    accessible_facility_share: Annotated[float, Field(ge=0, le=1)] | None = None
    allowance_coverage_share: Annotated[float, Field(ge=0, le=1)] | None = None


class ProgrammeInputPaths(_Frozen):
    """Optional programme input tables (CSV, relative to the scenario file; templates in data/templates).

    Attributes
    ----------
    registers
        Register counts by commune, group and year (persons; counts only, never personal data).
    service_units
        Schools, health stations and hospitals per commune (units); national ratios when absent.
    social_work_staff
        Current social-work staff by commune and unit kind (persons, units).
    facility_access
        Whether each facility meets minimum access conditions (true/false).
    """

    registers: Path | None = None
    service_units: Path | None = None
    social_work_staff: Path | None = None
    facility_access: Path | None = None


class ProgrammeConfig(_Frozen):
    """Community programme: case management, social-work staff, training, allowances, emergency help, access.

    Attributes
    ----------
    plan_target_vi
        The plan's target quoted in Vietnamese (shown in the report and the closing note).
    plan_source
        The plan document (number, year, province).
    start_year
        Year the current-staff counts describe; first year of the programme tables.
    targets
        Targets by year; between target years they are interpolated linearly, and before the
        first one they ramp from what the current inputs deliver.
    staffed_unit_kinds
        Unit kinds the staffed-unit share applies to.
    emergency_groups
        Target groups counted as people hit by sudden hardship.
    inputs
        Optional programme input tables.
    norms
        Cited norms.
    """

    plan_target_vi: str = Field(min_length=1)
    plan_source: str = Field(min_length=1)
    start_year: Annotated[int, Field(ge=2015, le=2060)]
    targets: tuple[ProgrammeTarget, ...] = Field(min_length=1)
    staffed_unit_kinds: tuple[UnitKind, ...] = UNIT_KINDS
    emergency_groups: tuple[str, ...] = ("emergency",)
    inputs: ProgrammeInputPaths = ProgrammeInputPaths()
    norms: ProgrammeNorms = ProgrammeNorms()

    @model_validator(mode="after")
    def _check_years(self) -> ProgrammeConfig:
        years = [target.year for target in self.targets]
        if len(set(years)) != len(years):
            msg = f"programme.targets: a year appears twice ({sorted(years)})"
            raise ValueError(msg)
        if min(years) < self.start_year:
            msg = f"programme.targets: year {min(years)} is before start_year {self.start_year}"
            raise ValueError(msg)
        return self

    @property
    def years(self) -> tuple[int, ...]:
        """Programme years: start_year to the last target year."""
        return tuple(range(self.start_year, max(t.year for t in self.targets) + 1))
