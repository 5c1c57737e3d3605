"""`ProgrammeResult`: programme tables, JSON summary, map status per commune, what a staff/budget level delivers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from facility_plan.config.programme import StandardLevel
from facility_plan.io import json_ready
from facility_plan.labels import Language, format_number, format_percent, format_vnd
from facility_plan.programme.flags import ProgrammeFlag
from facility_plan.programme.headers import header, translate

TOTAL_COLUMNS = (
    "social_workers_to_hire_persons",
    "trainees_persons",
    "training_cohorts",
    "training_cost_vnd",
    "staff_allowance_vnd_per_year",
    "allowance_vnd_per_year",
    "emergency_help_vnd_per_year",
    "total_cost_vnd_per_year",
)
"""Per-year columns summed over the programme years in `ProgrammeSummary.totals`."""


class ProgrammeSummary(TypedDict):
    """JSON-ready programme figures for ``summary.json`` (VND, persons, shares 0–1)."""

    scenario: str
    plan_source: str
    plan_target_vi: str
    years: list[dict[str, Any]]
    allowance_by_standard: list[dict[str, Any]]
    totals: dict[str, float]
    norms: list[dict[str, Any]]
    flagged_norms: list[str]
    flags_vi: list[str]
    flags_en: list[str]


@dataclass(frozen=True, slots=True)
class ProgrammeResult:
    """Programme requirements per year, commune, district, group and unit kind.

    Attributes
    ----------
    scenario_name, plan_source, plan_target_vi
        Scenario id, the plan document, and its target quoted in Vietnamese.
    years_table
        Indexed by year: people in need, targets and their sources, staff needed, in post and to
        hire (persons), trainees and cohorts, costs (VND), emergency help, facilities' access.
    unit_kinds
        Year × unit kind: units, units with staff now and to staff (units), staff (persons).
    communes
        Year × commune: people in need, persons to reach, social workers needed / in post / to hire.
    districts
        The same summed by legacy district.
    commune_groups
        Year × commune × group: people in need (and source), persons to reach, allowance recipients,
        coefficient and budget at the standard in force (VND/year).
    allowance
        Indexed by year: recipients, standard in force, budget in force and at each standard level.
    standard_levels
        The levels the allowance budget is costed at.
    norms
        Every norm with value, unit, source and status.
    flags
        Warnings every output must show.
    group_labels
        Target group → Vietnamese label.
    caseload_per_social_worker, social_work_staff_per_unit
        The norms `deliverable_coverage` uses (cases per worker, staff per unit).
    staff_given
        Whether the province gave its social-work staff in post (else counted as none).
    """

    scenario_name: str
    plan_source: str
    plan_target_vi: str
    years_table: pd.DataFrame
    unit_kinds: pd.DataFrame
    communes: pd.DataFrame
    districts: pd.DataFrame
    commune_groups: pd.DataFrame
    allowance: pd.DataFrame
    standard_levels: tuple[StandardLevel, ...]
    norms: pd.DataFrame
    flags: tuple[ProgrammeFlag, ...]
    group_labels: Mapping[str, str]
    caseload_per_social_worker: float
    social_work_staff_per_unit: float
    staff_given: bool

    @property
    def flagged_norms(self) -> list[str]:
        """Norms whose status is placeholder or recalled."""
        flagged = self.norms["status"].isin(["placeholder", "recalled"])
        return [str(setting) for setting in self.norms.loc[flagged, "setting"]]

    def _level_header(self, key: str, language: Language) -> str:
        prefix = "allowance_vnd_per_year_at_"
        if not key.startswith(prefix):
            return header(key, language)
        amount = float(key.removeprefix(prefix))
        level = next(lv for lv in self.standard_levels if lv.vnd_per_month == amount)
        number = format_number(amount, language=language)
        if language == "vi":
            return f"Kinh phí trợ cấp ở mức chuẩn {number} đồng, {level.label_vi} (đồng/năm)"
        return f"Allowance budget at {number} VND, {level.label_en} (VND/year)"

    def tables(self, language: Language = "vi") -> dict[str, pd.DataFrame]:
        """Plain frames for the report workbook and HTML report, headers in `language` with units.

        Keys: ``years``, ``allowance``, ``unit_kinds``, ``districts``, ``communes``,
        ``commune_groups``, ``norms``, ``flags`` (each at most 31 characters as a sheet name).
        """
        groups = self.commune_groups.copy()
        if language == "vi":
            groups["target_group"] = groups["target_group"].map(
                lambda g: self.group_labels.get(g, g)
            )
        allowance = self.allowance.reset_index().rename(
            columns=lambda key: self._level_header(str(key), language)
        )
        flags = pd.DataFrame({header("source", language): [f.text(language) for f in self.flags]})
        return {
            "years": translate(self.years_table, language),
            "allowance": translate(allowance, language),
            "unit_kinds": translate(self.unit_kinds, language),
            "districts": translate(self.districts, language),
            "communes": translate(self.communes, language),
            "commune_groups": translate(groups, language),
            "norms": translate(self.norms, language),
            "flags": flags,
        }

    def summary(self) -> ProgrammeSummary:
        """JSON-ready figures: per year, the allowance at each standard, totals, norms and flags."""
        years = self.years_table.reset_index().to_dict(orient="records")
        by_standard = []
        for year, row in self.allowance.iterrows():
            for level in self.standard_levels:
                by_standard.append(
                    {
                        "year": int(str(year)),
                        "standard_vnd_per_month": level.vnd_per_month,
                        "label_vi": level.label_vi,
                        "label_en": level.label_en,
                        "status": level.status,
                        "budget_vnd_per_year": float(
                            row[f"allowance_vnd_per_year_at_{level.vnd_per_month:.0f}"]
                        ),
                    }
                )
        totals = {
            column: float(self.years_table[column].fillna(0.0).sum()) for column in TOTAL_COLUMNS
        }
        summary: ProgrammeSummary = {
            "scenario": self.scenario_name,
            "plan_source": self.plan_source,
            "plan_target_vi": self.plan_target_vi,
            "years": json_ready(years),
            "allowance_by_standard": json_ready(by_standard),
            "totals": totals,
            "norms": json_ready(self.norms.to_dict(orient="records")),
            "flagged_norms": self.flagged_norms,
            "flags_vi": [f.vi for f in self.flags],
            "flags_en": [f.en for f in self.flags],
        }
        return summary

    def deliverable_coverage(
        self,
        staff_persons: float,
        budget_vnd_per_year: float,
        *,
        emergency_budget_vnd_per_year: float = 0.0,
    ) -> pd.DataFrame:
        """What a given staff and budget level delivers in each programme year.

        All `staff_persons` social workers do case management (``caseload_per_social_worker``
        cases each), or, counted separately, staff ``social_work_staff_per_unit`` units each;
        `budget_vnd_per_year` pays the monthly allowance at the standard in force, shared in
        proportion; `emergency_budget_vnd_per_year` helps people hit by sudden hardship at the
        per-person cost of the year.

        Parameters
        ----------
        staff_persons
            Social workers (persons).
        budget_vnd_per_year
            Monthly-allowance budget (VND per year).
        emergency_budget_vnd_per_year
            Emergency-help budget (VND per year).

        Returns
        -------
        pandas.DataFrame
            Indexed by year: persons reached and case-management share, units that can be staffed
            and their share, allowance entitlement, share paid and recipients paid, people helped
            in an emergency.
        """
        years = self.years_table
        in_need = years["people_in_need_persons"]
        reached = np.minimum(in_need, staff_persons * self.caseload_per_social_worker)
        units = years["units_in_scope_units"]
        staffable = np.minimum(units, math.floor(staff_persons / self.social_work_staff_per_unit))
        groups = self.commune_groups
        community = groups["people_in_need_persons"] * groups["community_share"]
        multiples = (community * groups["allowance_coefficient"]).groupby(groups["year"]).sum()
        entitlement = multiples * years["standard_in_force_vnd_per_month"] * 12
        paid_share = (budget_vnd_per_year / entitlement.replace(0.0, np.nan)).clip(upper=1.0)
        per_person = years["emergency_help_vnd_per_person"].replace(0.0, np.nan)
        return pd.DataFrame(
            {
                "staff_persons": float(staff_persons),
                "persons_reached_persons": reached,
                "case_management_share": reached / in_need.replace(0.0, np.nan),
                "units_staffable_units": staffable,
                "staffed_unit_share": staffable / units.replace(0.0, np.nan),
                "budget_vnd_per_year": float(budget_vnd_per_year),
                "allowance_entitlement_vnd_per_year": entitlement,
                "allowance_share_paid": paid_share,
                "allowance_recipients_paid_persons": paid_share
                * community.groupby(groups["year"]).sum(),
                "emergency_budget_vnd_per_year": float(emergency_budget_vnd_per_year),
                "emergency_persons_helped_persons": np.minimum(
                    years["emergency_persons"], emergency_budget_vnd_per_year / per_person
                ),
            },
            index=years.index,
        )

    def commune_status(self, year: int | None = None) -> pd.DataFrame:
        """Per commune, for the map: social-work staff now and the case-management share it delivers vs the target.

        Parameters
        ----------
        year
            Target year compared with (default: the last programme year).

        Returns
        -------
        pandas.DataFrame
            Indexed by admin_code: name_vi, people in need (persons), commune social workers now
            (persons), ``has_social_work_staff`` (None without a staff table),
            ``case_management_deliverable_share``, ``case_management_target_share``,
            ``below_case_management_target`` and ``map_status`` (``no_staff``,
            ``below_target``, ``meets_target`` or ``no_data``).
        """
        chosen = int(self.years_table.index.max()) if year is None else year
        table = self.communes[self.communes["year"] == chosen].set_index("admin_code")
        if table.empty:
            msg = f"year {chosen} is not a programme year ({list(self.years_table.index)})"
            raise ValueError(msg)
        staff_now = table["commune_social_workers_now_persons"]
        in_need = table["people_in_need_persons"]
        deliverable = (
            (staff_now * self.caseload_per_social_worker / in_need.replace(0.0, np.nan))
            .clip(upper=1.0)
            .fillna(1.0)
        )
        target = table["case_management_target_share"]
        below = deliverable < target - 1e-9
        status = np.where(
            staff_now <= 0, "no_staff", np.where(below, "below_target", "meets_target")
        )
        result = pd.DataFrame(
            {
                "name_vi": table["name_vi"],
                "people_in_need_persons": in_need,
                "commune_social_workers_now_persons": staff_now,
                "has_social_work_staff": (staff_now > 0) if self.staff_given else None,
                "case_management_deliverable_share": deliverable if self.staff_given else np.nan,
                "case_management_target_share": target,
                "below_case_management_target": below if self.staff_given else None,
                "map_status": status if self.staff_given else "no_data",
            }
        )
        result.index.name = "admin_code"
        return result

    def closing_note(self, language: Language = "vi") -> str:
        """The plan's target, what meeting it takes per year (staff, training, VND) and the cost."""
        lines = [f"{self.plan_source}: “{self.plan_target_vi}”"]
        for year, row in self.years_table.iterrows():
            clauses = _year_clauses(row, language)
            lines.append(f"- {year}: " + "; ".join(clauses) + ".")
        years = self.years_table.index
        for year in sorted({int(years.min()), int(years.max())}):
            levels = "; ".join(
                f"{format_number(level.vnd_per_month, language=language)}: "
                + format_vnd(
                    float(
                        self.allowance.at[
                            year, f"allowance_vnd_per_year_at_{level.vnd_per_month:.0f}"
                        ]
                    ),
                    language=language,
                )
                for level in self.standard_levels
            )
            intro = (
                f"- Kinh phí trợ cấp hằng tháng năm {year} theo mức chuẩn (đồng/tháng)"
                if language == "vi"
                else f"- Monthly allowance budget {year} by standard level (VND/month)"
            )
            lines.append(f"{intro}: {levels}.")
        lines.extend(f"! {flag.text(language)}" for flag in self.flags)
        return "\n".join(lines)


_CLAUSES: dict[str, tuple[str, str]] = {
    "case_management": (
        "quản lý trường hợp {share} ({persons} người, {workers} cán bộ CTXH)",
        "case management {share} ({persons} persons, {workers} social workers)",
    ),
    "staffed_units": (
        "{share} đơn vị có cán bộ CTXH (còn {units} đơn vị cần bố trí)",
        "{share} of units with social-work staff ({units} units still to staff)",
    ),
    "staff": (
        "cần {needed} cán bộ CTXH, tuyển thêm {hire}, phụ cấp {allowance}",
        "{needed} social workers needed, {hire} to hire, allowance {allowance}",
    ),
    "training": (
        "đào tạo {trainees} người ({cohorts} lớp, {cost}), lũy kế {trained}",
        "train {trainees} ({cohorts} cohorts, {cost}), {trained} cumulative",
    ),
    "emergency": (
        "trợ giúp đột xuất {share} ({persons} người, {cost})",
        "emergency help {share} ({persons} persons, {cost})",
    ),
    "access": (
        "{share} cơ sở đạt điều kiện tiếp cận (cần cải tạo: {facilities})",
        "{share} of facilities accessible ({facilities} to upgrade)",
    ),
    "allowance": (
        "trợ cấp hằng tháng {persons} người, {cost} ở mức chuẩn {standard} đồng",
        "monthly allowance for {persons} persons, {cost} at a standard of {standard} VND",
    ),
    "total": ("tổng kinh phí {cost}", "total cost {cost}"),
}


def _year_clauses(row: pd.Series, language: Language) -> list[str]:
    """One year's requirements in words, one clause per targeted part of the programme."""

    def number(value: Any) -> str:
        return (
            "–" if not np.isfinite(float(value)) else format_number(float(value), language=language)
        )

    def share(value: Any) -> str:
        return format_percent(float(value), decimals=0, language=language)

    def money(value: Any) -> str:
        return format_vnd(float(value), language=language)

    def clause(key: str, **values: str) -> str:
        vi, en = _CLAUSES[key]
        return (vi if language == "vi" else en).format(**values)

    def targeted(column: str) -> bool:
        return bool(np.isfinite(float(row[column])))

    clauses = []
    if targeted("case_management_target_share"):
        clauses.append(
            clause(
                "case_management",
                share=share(row["case_management_target_share"]),
                persons=number(row["persons_to_reach_persons"]),
                workers=number(row["case_management_social_workers_persons"]),
            )
        )
    if targeted("staffed_unit_target_share"):
        clauses.append(
            clause(
                "staffed_units",
                share=share(row["staffed_unit_target_share"]),
                units=number(row["units_to_staff_units"]),
            )
        )
    if row["social_workers_needed_persons"] > 0:
        clauses.append(
            clause(
                "staff",
                needed=number(row["social_workers_needed_persons"]),
                hire=number(row["social_workers_to_hire_persons"]),
                allowance=money(row["staff_allowance_vnd_per_year"]),
            )
        )
    if targeted("trained_staff_target_persons"):
        clauses.append(
            clause(
                "training",
                trainees=number(row["trainees_persons"]),
                cohorts=number(row["training_cohorts"]),
                cost=money(row["training_cost_vnd"]),
                trained=number(row["trained_staff_target_persons"]),
            )
        )
    if targeted("emergency_help_target_share"):
        clauses.append(
            clause(
                "emergency",
                share=share(row["emergency_help_target_share"]),
                persons=number(row["emergency_persons_to_help_persons"]),
                cost=money(row["emergency_help_vnd_per_year"]),
            )
        )
    if targeted("accessible_facility_target_share"):
        clauses.append(
            clause(
                "access",
                share=share(row["accessible_facility_target_share"]),
                facilities=number(row["facilities_to_upgrade"]),
            )
        )
    clauses.append(
        clause(
            "allowance",
            persons=number(row["allowance_recipients_persons"]),
            cost=money(row["allowance_vnd_per_year"]),
            standard=number(row["standard_in_force_vnd_per_month"]),
        )
    )
    clauses.append(clause("total", cost=money(row["total_cost_vnd_per_year"])))
    return clauses
