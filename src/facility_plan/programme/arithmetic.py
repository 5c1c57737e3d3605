"""The programme arithmetic of each year: people to reach, staff needed and hired, trainees, allowance, help costs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.config.programme import UNIT_KINDS, DatedAmount, ProgrammeConfig
from facility_plan.errors import ScenarioConfigError

MONTHS_PER_YEAR = 12
_TOLERANCE = 1e-9


def ceil_whole(value: float) -> int:
    """Whole persons or units needed for `value` (NaN and values ≤ 0 need none)."""
    if not np.isfinite(value) or value <= 0:
        return 0
    return math.ceil(value - _TOLERANCE)


def ceil_whole_series(values: pd.Series) -> pd.Series:
    return np.ceil(values.fillna(0.0).clip(lower=0.0) - _TOLERANCE).clip(lower=0.0)


def monthly_amount_in_year(schedule: Sequence[DatedAmount], year: int, setting: str) -> float:
    """Mean monthly amount in force over the 12 months of `year` (VND per month).

    Examples
    --------
    >>> from facility_plan.config.programme import default_standard_schedule
    >>> monthly_amount_in_year(default_standard_schedule(), 2021, "standard_schedule")
    315000.0
    """
    ordered = sorted(schedule, key=lambda a: (a.from_year, a.from_month))
    amounts = []
    for month in range(1, 13):
        in_force = [a for a in ordered if (a.from_year, a.from_month) <= (year, month)]
        if not in_force:
            first = ordered[0]
            msg = (
                f"programme.norms.{setting}: no amount in force in {month:02d}/{year}; the first "
                f"entry starts {first.from_month:02d}/{first.from_year}"
            )
            raise ScenarioConfigError(msg)
        amounts.append(in_force[-1].vnd_per_month)
    return float(np.mean(amounts))


@dataclass(frozen=True, slots=True)
class StaffStock:
    """Staff in post carried from year to year (persons)."""

    commune: pd.Series
    other_kinds: pd.Series
    trained: float


def _newly_staffed_communes(to_cover: int, in_need: pd.Series, has_staff: pd.Series) -> pd.Series:
    """Communes staffed to meet the staffed-unit target: those without staff, most people in need first."""
    candidates = pd.DataFrame({"in_need": in_need[~has_staff]})
    candidates["code"] = candidates.index
    chosen = candidates.sort_values(["in_need", "code"], ascending=[False, True]).index[:to_cover]
    return pd.Series(in_need.index.isin(chosen), index=in_need.index)


class YearlyCalculation:
    """One scenario's programme arithmetic, year by year (holds no state between scenarios)."""

    def __init__(
        self,
        config: ScenarioConfig,
        programme: ProgrammeConfig,
        communes: pd.DataFrame,
        units: pd.DataFrame,
        staff: dict[str, pd.DataFrame],
        targets: pd.DataFrame,
        persons: pd.DataFrame,
    ) -> None:
        self.programme = programme
        self.norms = programme.norms
        self.communes = communes
        self.units = units
        self.staff = staff
        self.targets = targets
        self.persons = persons.copy()
        coefficients = {n: c.value for n, c in self.norms.allowance_coefficients.items()}
        self.persons["allowance_coefficient"] = self.persons["target_group"].map(coefficients)
        coverage = targets["allowance_coverage_share"].fillna(1.0)
        self.persons["case_management_target_share"] = (
            self.persons["year"].map(targets["case_management_share"]).fillna(0.0)
        )
        self.persons["persons_to_reach_persons"] = (
            self.persons["case_management_target_share"] * self.persons["people_in_need_persons"]
        )
        self.persons["allowance_recipients_persons"] = (
            self.persons["year"].map(coverage)
            * self.persons["people_in_need_persons"]
            * self.persons["community_share"]
        )
        standard = {
            year: monthly_amount_in_year(self.norms.standard_schedule, year, "standard_schedule")
            for year in programme.years
        }
        self.standard = pd.Series(standard, dtype=float)
        self.persons["allowance_vnd_per_year"] = (
            self.persons["allowance_recipients_persons"]
            * self.persons["allowance_coefficient"]
            * self.persons["year"].map(self.standard)
            * MONTHS_PER_YEAR
        )
        self.config = config

    def year(
        self, year: int, in_need: pd.Series, stock: StaffStock
    ) -> tuple[dict[str, object], list[dict[str, object]], pd.DataFrame, StaffStock]:
        """Requirements of one year: the totals row, the unit-kind rows, the commune table, the new stock."""
        norms, targets = self.norms, self.targets
        caseload = norms.caseload_per_social_worker.value
        per_unit = int(norms.social_work_staff_per_unit.value)
        cm_share = float(targets.at[year, "case_management_share"])
        reach = in_need * (cm_share if np.isfinite(cm_share) else 0.0)
        cm_workers = ceil_whole_series(reach / caseload)
        unit_share = float(targets.at[year, "staffed_unit_share"])
        covered = self.staff["units_with_staff"].sum()
        kinds: list[dict[str, object]] = []
        to_cover: dict[str, int] = {}
        for kind in UNIT_KINDS:
            total = float(self.units[kind].sum())
            in_scope = kind in self.programme.staffed_unit_kinds and np.isfinite(unit_share)
            target_units = ceil_whole(unit_share * total) if in_scope else np.nan
            to_cover[kind] = max(0, int(target_units) - int(covered[kind])) if in_scope else 0
            kinds.append(
                {
                    "year": year,
                    "unit_kind": kind,
                    "units": total,
                    "units_with_staff_now": float(covered[kind]),
                    "staffed_unit_target_share": unit_share if in_scope else np.nan,
                    "units_with_staff_target_units": target_units,
                    "units_to_staff_units": to_cover[kind],
                    "staff_now_persons": float(self.staff["staff_persons"][kind].sum()),
                    "staff_needed_persons": float(self.staff["staff_persons"][kind].sum())
                    + to_cover[kind] * per_unit,
                }
            )
        commune_staff_now = self.staff["staff_persons"]["commune"]
        has_staff = self.staff["units_with_staff"]["commune"] > 0
        newly = _newly_staffed_communes(to_cover["commune"], in_need, has_staff)
        unit_staff = commune_staff_now + newly.astype(float) * per_unit
        commune_needed = np.maximum(cm_workers, unit_staff)
        commune_in_post = np.maximum(stock.commune, commune_needed)
        commune_hire = commune_in_post - stock.commune
        other_needed = pd.Series(
            {
                k["unit_kind"]: k["staff_needed_persons"]
                for k in kinds
                if k["unit_kind"] != "commune"
            },
            dtype=float,
        )
        other_in_post = np.maximum(stock.other_kinds, other_needed.reindex(stock.other_kinds.index))
        in_post = float(commune_in_post.sum() + other_in_post.sum())
        hire = float(commune_hire.sum() + (other_in_post - stock.other_kinds).sum())
        trained_share = float(targets.at[year, "trained_staff_share"])
        trained_persons = float(targets.at[year, "trained_staff_persons"])
        trained_target = max(
            ceil_whole(trained_share * in_post) if np.isfinite(trained_share) else 0,
            ceil_whole(trained_persons) if np.isfinite(trained_persons) else 0,
        )
        has_training_target = np.isfinite(trained_share) or np.isfinite(trained_persons)
        trainees = max(0.0, trained_target - stock.trained) if has_training_target else 0.0
        year_persons = self.persons[self.persons["year"] == year]
        emergency = year_persons["target_group"].isin(self.programme.emergency_groups)
        emergency_persons = float(year_persons.loc[emergency, "people_in_need_persons"].sum())
        emergency_share = float(targets.at[year, "emergency_help_share"])
        to_help = emergency_share * emergency_persons if np.isfinite(emergency_share) else 0.0
        standard = float(self.standard[year])
        base_salary = monthly_amount_in_year(
            norms.base_salary_schedule, year, "base_salary_schedule"
        )
        training_cost = trainees * norms.training_cost_vnd_per_trainee.value
        staff_allowance = (
            in_post
            * base_salary
            * norms.staff_allowance_base_salary_multiple.value
            * MONTHS_PER_YEAR
        )
        allowance_budget = float(year_persons["allowance_vnd_per_year"].sum())
        emergency_cost_per_person = (
            norms.emergency_help_coefficient.value * standard * norms.emergency_help_months.value
        )
        row: dict[str, object] = {
            "year": year,
            "people_in_need_persons": float(in_need.sum()),
            "case_management_target_share": cm_share,
            "case_management_target_source": targets.at[year, "case_management_share_source"],
            "persons_to_reach_persons": float(reach.sum()),
            "case_management_social_workers_persons": float(cm_workers.sum()),
            "units_in_scope_units": float(
                self.units[list(self.programme.staffed_unit_kinds)].to_numpy().sum()
            ),
            "staffed_unit_target_share": unit_share,
            "staffed_unit_target_source": targets.at[year, "staffed_unit_share_source"],
            "units_to_staff_units": float(sum(to_cover.values())),
            "social_workers_needed_persons": float(commune_needed.sum() + other_needed.sum()),
            "social_workers_in_post_persons": in_post,
            "social_workers_to_hire_persons": hire,
            "trained_staff_target_share": trained_share,
            "trained_staff_target_persons": float(trained_target)
            if has_training_target
            else np.nan,
            "trained_staff_target_source": targets.at[year, "trained_staff_persons_source"]
            if np.isfinite(trained_persons)
            else targets.at[year, "trained_staff_share_source"],
            "trainees_persons": trainees,
            "training_cohorts": float(ceil_whole(trainees / norms.trainees_per_cohort.value)),
            "training_cost_vnd": training_cost,
            "base_salary_vnd_per_month": base_salary,
            "staff_allowance_vnd_per_year": staff_allowance,
            "allowance_coverage_share": float(year_persons["allowance_recipients_persons"].sum())
            / max(
                float(
                    (year_persons["people_in_need_persons"] * year_persons["community_share"]).sum()
                ),
                _TOLERANCE,
            ),
            "allowance_recipients_persons": float(
                year_persons["allowance_recipients_persons"].sum()
            ),
            "standard_in_force_vnd_per_month": standard,
            "allowance_vnd_per_year": allowance_budget,
            "emergency_persons": emergency_persons,
            "emergency_help_target_share": emergency_share,
            "emergency_persons_to_help_persons": to_help,
            "emergency_help_vnd_per_person": emergency_cost_per_person,
            "emergency_help_vnd_per_year": to_help * emergency_cost_per_person,
            "total_cost_vnd_per_year": training_cost
            + staff_allowance
            + allowance_budget
            + to_help * emergency_cost_per_person,
        }
        communes = self.communes
        commune_frame = pd.DataFrame(
            {
                "year": year,
                "admin_code": communes.index.astype(str),
                "name_vi": communes["name_vi"].to_numpy(),
                "district_code": communes["district_code"].astype(str).to_numpy(),
                "district_name_vi": communes["district_name_vi"].to_numpy(),
                "people_in_need_persons": in_need.to_numpy(),
                "case_management_target_share": cm_share,
                "persons_to_reach_persons": reach.to_numpy(),
                "case_management_social_workers_persons": cm_workers.to_numpy(),
                "commune_social_workers_now_persons": commune_staff_now.to_numpy(),
                "newly_staffed_commune": newly.to_numpy(),
                "social_workers_needed_persons": commune_needed.to_numpy(),
                "social_workers_in_post_persons": commune_in_post.to_numpy(),
                "social_workers_to_hire_persons": commune_hire.to_numpy(),
            }
        )
        new_stock = StaffStock(
            commune=commune_in_post, other_kinds=other_in_post, trained=stock.trained + trainees
        )
        return row, kinds, commune_frame, new_stock

    def commune_groups(self) -> pd.DataFrame:
        """People in need, persons to reach and allowance per year × commune × group."""
        columns = [
            "year",
            "admin_code",
            "target_group",
            "need_source",
            "people_in_need_persons",
            "case_management_target_share",
            "persons_to_reach_persons",
            "community_share",
            "allowance_recipients_persons",
            "allowance_coefficient",
            "allowance_vnd_per_year",
        ]
        return self.persons[columns].sort_values(
            ["year", "admin_code", "target_group"], ignore_index=True
        )

    def allowance_table(self) -> pd.DataFrame:
        """Monthly allowance budget per year at the standard in force and at each standard level (VND/year)."""
        persons = self.persons
        weighted = (
            (persons["allowance_recipients_persons"] * persons["allowance_coefficient"])
            .groupby(persons["year"])
            .sum()
        )
        table = pd.DataFrame(
            {
                "allowance_recipients_persons": persons.groupby("year")[
                    "allowance_recipients_persons"
                ].sum(),
                "standard_multiples_per_month": weighted,
                "standard_in_force_vnd_per_month": self.standard,
                "allowance_vnd_per_year": weighted * self.standard * MONTHS_PER_YEAR,
            }
        )
        for level in self.norms.standard_levels:
            table[f"allowance_vnd_per_year_at_{level.vnd_per_month:.0f}"] = (
                weighted * level.vnd_per_month * MONTHS_PER_YEAR
            )
        table.index.name = "year"
        return table
