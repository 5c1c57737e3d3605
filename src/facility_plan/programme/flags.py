"""What a planner must be told about a programme result: the norms with their sources, and the flagged assumptions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.config.programme import CitedValue, DatedAmount, ProgrammeNorms, StandardLevel
from facility_plan.labels import Language
from facility_plan.programme.inputs import ProgrammeInputs

FLAGGED_STATUSES = ("placeholder", "recalled")
"""Statuses shown as a warning next to every figure that uses them."""

NORM_UNITS = {
    "caseload_per_social_worker": "cases per social worker",
    "social_work_staff_per_unit": "staff per unit",
    "trainees_per_cohort": "persons per cohort",
    "training_cost_vnd_per_trainee": "VND per trainee",
    "staff_allowance_base_salary_multiple": "× base salary per month",
    "emergency_help_months": "months",
    "emergency_help_coefficient": "× standard level per month",
}


@dataclass(frozen=True, slots=True)
class ProgrammeFlag:
    """One warning to show with the programme figures, in both languages."""

    vi: str
    en: str

    def text(self, language: Language = "vi") -> str:
        """The warning in `language`."""
        return self.vi if language == "vi" else self.en


def _norm_row(
    setting: str, value: float, unit: str, cited: CitedValue | DatedAmount | StandardLevel
) -> dict[str, object]:
    return {
        "setting": setting,
        "value": value,
        "unit": unit,
        "source": cited.source,
        "status": cited.status,
    }


def norms_table(norms: ProgrammeNorms) -> pd.DataFrame:
    """Every programme norm: setting, value, unit, source and status (one row each)."""
    rows = [
        _norm_row(name, getattr(norms, name).value, unit, getattr(norms, name))
        for name, unit in NORM_UNITS.items()
    ]
    rows += [
        _norm_row(
            f"allowance_coefficients.{group}", cited.value, "× standard level per month", cited
        )
        for group, cited in norms.allowance_coefficients.items()
    ]
    rows += [
        _norm_row(f"units_per_1000_persons.{kind}", cited.value, "units per 1,000 persons", cited)
        for kind, cited in norms.units_per_1000_persons.items()
    ]
    rows += [
        _norm_row("standard_levels", level.vnd_per_month, "VND per month", level)
        for level in norms.standard_levels
    ]
    for name in ("standard_schedule", "base_salary_schedule"):
        rows += [
            _norm_row(
                f"{name}.{amount.from_year}-{amount.from_month:02d}",
                amount.vnd_per_month,
                "VND per month",
                amount,
            )
            for amount in getattr(norms, name)
        ]
    return pd.DataFrame(rows)


def _dated_in_use(
    name: str, schedule: tuple[DatedAmount, ...], first_year: int, last_year: int
) -> set[str]:
    """Settings of the schedule entries in force at some month of the programme years."""
    ordered = sorted(schedule, key=lambda a: (a.from_year, a.from_month))
    used = set()
    for position, amount in enumerate(ordered):
        following = ordered[position + 1] if position + 1 < len(ordered) else None
        starts_before_end = (amount.from_year, amount.from_month) <= (last_year, 12)
        ends_after_start = following is None or (following.from_year, following.from_month) > (
            first_year,
            1,
        )
        if starts_before_end and ends_after_start:
            used.add(f"{name}.{amount.from_year}-{amount.from_month:02d}")
    return used


def used_settings(config: ScenarioConfig, groups: set[str], *, units_defaulted: bool) -> set[str]:
    """The norms the scenario's targets actually use (only these are flagged)."""
    programme = config.programme
    assert programme is not None
    targets = programme.targets

    def targeted(*metrics: str) -> bool:
        return any(getattr(t, m) is not None for t in targets for m in metrics)

    years = programme.years
    used = {f"allowance_coefficients.{g}" for g in groups}
    used |= {"standard_levels"} | _dated_in_use(
        "standard_schedule", programme.norms.standard_schedule, years[0], years[-1]
    )
    if targeted("case_management_share"):
        used.add("caseload_per_social_worker")
    if targeted("staffed_unit_share"):
        used.add("social_work_staff_per_unit")
        if units_defaulted:
            used |= {f"units_per_1000_persons.{k}" for k in programme.norms.units_per_1000_persons}
    if targeted("case_management_share", "staffed_unit_share", "trained_staff_share"):
        used.add("staff_allowance_base_salary_multiple")
        used |= _dated_in_use(
            "base_salary_schedule", programme.norms.base_salary_schedule, years[0], years[-1]
        )
    if targeted("trained_staff_share", "trained_staff_persons"):
        used |= {"trainees_per_cohort", "training_cost_vnd_per_trainee"}
    if targeted("emergency_help_share"):
        used |= {"emergency_help_months", "emergency_help_coefficient"}
    return used


def collect_flags(
    config: ScenarioConfig,
    inputs: ProgrammeInputs,
    units: pd.DataFrame,
    staff: dict[str, pd.DataFrame],
    facilities: pd.DataFrame,
    units_defaulted: bool,
) -> tuple[ProgrammeFlag, ...]:
    """Warnings every output of the programme must carry: missing inputs, defaults, unchecked norms."""
    assert config.programme is not None
    norms = config.programme.norms
    flags: list[ProgrammeFlag] = []
    staff_targets = any(
        getattr(t, m) is not None
        for t in config.programme.targets
        for m in (
            "case_management_share",
            "staffed_unit_share",
            "trained_staff_share",
            "trained_staff_persons",
        )
    )
    if inputs.social_work_staff is None and staff_targets:
        flags.append(
            ProgrammeFlag(
                "Chưa có bảng cán bộ công tác xã hội hiện có: tính như chưa có cán bộ nào, nên số "
                "cần tuyển và cần đào tạo là mức tối đa; bản đồ ghi 'chưa có số liệu'.",
                "No table of social-work staff in post: counted as none, so the figures to hire and "
                "train are upper bounds; the map says 'no data'.",
            )
        )
    staffed_target = any(t.staffed_unit_share is not None for t in config.programme.targets)
    if units_defaulted and staffed_target:
        flags.append(
            ProgrammeFlag(
                "Số trường học, trạm y tế và bệnh viện mỗi xã ước theo tỷ lệ bình quân cả nước "
                "trên 1.000 dân (chưa kiểm chứng), vì tỉnh chưa cung cấp bảng đơn vị.",
                "Schools, health stations and hospitals per commune are estimated from national "
                "ratios per 1,000 persons (unchecked), as the province gave no unit counts.",
            )
        )
    over = staff["units_with_staff"] > units
    if over.to_numpy().any():
        count = int(over.to_numpy().sum())
        flags.append(
            ProgrammeFlag(
                f"{count} ô xã × loại đơn vị có số đơn vị có cán bộ lớn hơn số đơn vị ước tính.",
                f"{count} commune × unit-kind cells have more units with staff than units counted.",
            )
        )
    access_target = any(t.accessible_facility_share is not None for t in config.programme.targets)
    if len(facilities) and access_target:
        assessed = 0 if inputs.facility_access is None else len(inputs.facility_access)
        if assessed < len(facilities):
            flags.append(
                ProgrammeFlag(
                    f"{len(facilities) - assessed}/{len(facilities)} cơ sở chưa được đánh giá điều "
                    "kiện tiếp cận cho người khuyết tật.",
                    f"{len(facilities) - assessed} of {len(facilities)} facilities have not been "
                    "assessed for disability access.",
                )
            )
    used_groups = set(config.demand.groups)
    if inputs.registers is not None:
        used_groups |= set(inputs.registers["target_group"])
    used = used_settings(config, used_groups, units_defaulted=units_defaulted)
    table = norms_table(norms)
    flagged = table[table["setting"].isin(used) & table["status"].isin(FLAGGED_STATUSES)]
    if len(flagged):
        names = ", ".join(
            f"{s} ({st})" for s, st in zip(flagged["setting"], flagged["status"], strict=True)
        )
        flags.append(
            ProgrammeFlag(
                f"Định mức chưa có nguồn hoặc chưa kiểm chứng: {names}.",
                f"Norms without a source or not checked: {names}.",
            )
        )
    register_groups = set() if inputs.registers is None else set(inputs.registers["target_group"])
    weak = [
        name
        for name, settings in config.demand.groups.items()
        if name not in register_groups and settings.status in FLAGGED_STATUSES
    ]
    if weak:
        flags.append(
            ProgrammeFlag(
                "Số người cần trợ giúp của các nhóm sau ước theo giả định chưa có nguồn (không có "
                f"số liệu danh sách quản lý): {', '.join(weak)}.",
                f"People in need of these groups rest on unsourced assumptions (no register counts): "
                f"{', '.join(weak)}.",
            )
        )
    return tuple(flags)
