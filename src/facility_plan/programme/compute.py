"""`compute_programme`: staff, training cohorts and money that the programme targets take, year by year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.config.programme import ProgrammeConfig
from facility_plan.errors import ScenarioConfigError
from facility_plan.io import read_communes, read_districts, read_facilities
from facility_plan.programme.arithmetic import StaffStock, YearlyCalculation, ceil_whole
from facility_plan.programme.flags import collect_flags, norms_table
from facility_plan.programme.inputs import ProgrammeInputs, read_programme_inputs
from facility_plan.programme.need import people_in_need, staff_by_commune, units_by_commune
from facility_plan.programme.result import ProgrammeResult
from facility_plan.programme.targets import TARGET_METRICS, yearly_targets


def _baselines(
    programme: ProgrammeConfig,
    in_need_start: float,
    units: pd.DataFrame,
    staff: dict[str, pd.DataFrame],
    facilities_total: int,
    accessible: float | None,
) -> dict[str, float | None]:
    caseload = programme.norms.caseload_per_social_worker.value
    scope = list(programme.staffed_unit_kinds)
    staff_total = float(staff["staff_persons"].to_numpy().sum())
    trained_total = float(staff["trained_staff_persons"].to_numpy().sum())
    units_in_scope = float(units[scope].to_numpy().sum())
    commune_staff = float(staff["staff_persons"]["commune"].sum())
    return {
        "case_management_share": min(1.0, commune_staff * caseload / in_need_start)
        if in_need_start > 0
        else None,
        "staffed_unit_share": float(staff["units_with_staff"][scope].to_numpy().sum())
        / units_in_scope
        if units_in_scope > 0
        else None,
        "trained_staff_persons": trained_total,
        "trained_staff_share": trained_total / staff_total if staff_total > 0 else 0.0,
        "accessible_facility_share": accessible / facilities_total
        if accessible is not None and facilities_total > 0
        else None,
    }


def _requirements_only(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with the baseline year's values blanked: the start year describes today and asks for nothing new."""
    active = targets.copy()
    for metric in TARGET_METRICS:
        active.loc[active[f"{metric}_source"] == "baseline", metric] = np.nan
    return active


def compute_programme(
    config: ScenarioConfig,
    *,
    communes: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
    facilities: pd.DataFrame | None = None,
    programme_inputs: ProgrammeInputs | None = None,
) -> ProgrammeResult:
    """People in need, programme targets and the staff, training and money meeting them takes, per year.

    Per commune c, group g and year y, with the year's target shares (`yearly_targets`):

    - persons to reach ``= case_management_share × people in need``; social workers for case
      management ``= ⌈Σ_g persons to reach / caseload_per_social_worker⌉`` per commune;
    - staffed units of each kind in scope ``= ⌈staffed_unit_share × units⌉``; units still
      without staff get ``social_work_staff_per_unit`` each (communes without staff, most people
      in need first); a commune needs the larger of its case-management and unit staff;
    - staff to hire ``=`` the rise of staff needed above the staff in post (never firing);
    - trained staff ``= max(⌈trained_staff_share × staff in post⌉, trained_staff_persons)``;
      trainees are the rise above those trained, in cohorts of ``trainees_per_cohort``;
    - monthly allowance ``= allowance_coverage_share (100 % without a target) × people in need
      × community share × coefficient × standard level × 12`` (VND/year), at the standard in force
      and at every level of ``norms.standard_levels``;
    - emergency help ``= emergency_help_share × people in the emergency groups ×
      emergency_help_coefficient × standard × emergency_help_months`` (VND/year);
    - facilities to make accessible ``= ⌈accessible_facility_share × facilities⌉ − accessible``.

    Parameters
    ----------
    config
        Scenario with a ``programme`` section.
    communes, districts, facilities
        Input tables as read by `facility_plan.io` (read from ``config.inputs`` when None).
    programme_inputs
        Programme tables (read from ``config.programme.inputs`` when None).

    Returns
    -------
    ProgrammeResult

    Raises
    ------
    ScenarioConfigError
        No programme section, a group without allowance coefficient, a year outside a schedule.
    InputDataError
        Naming file, row and field of every problem in the input tables.
    """
    programme = config.programme
    if programme is None:
        msg = f"scenario {config.name!r} has no [programme] section"
        raise ScenarioConfigError(msg)
    norms = programme.norms
    if communes is None:
        communes = read_communes(config.inputs.communes)
    if districts is None:
        districts = read_districts(config.inputs.districts)
    if facilities is None:
        facilities = read_facilities(config.inputs.facilities, communes=communes)
    missing = sorted(set(config.demand.groups) - set(norms.allowance_coefficients))
    if missing:
        msg = (
            f"programme.norms.allowance_coefficients: no coefficient for group(s) {missing}; add "
            "one with its value, source and status"
        )
        raise ScenarioConfigError(msg)
    if programme_inputs is None:
        base_dir = config.scenario_path.parent if config.scenario_path is not None else None
        programme_inputs = read_programme_inputs(
            programme.inputs,
            communes=communes,
            facilities=facilities,
            known_groups=set(config.demand.groups) | set(norms.allowance_coefficients),
            base_dir=base_dir,
        )
    years = programme.years
    need = people_in_need(communes, districts, config.demand, programme_inputs, years)
    units, units_defaulted = units_by_commune(communes, facilities, programme_inputs, norms)
    staff = staff_by_commune(communes, programme_inputs)
    access = programme_inputs.facility_access
    accessible = float(access["meets_access_conditions"].sum()) if access is not None else None
    persons = need.persons
    in_need = persons.pivot_table(
        index="year", columns="admin_code", values="people_in_need_persons", aggfunc="sum"
    ).reindex(columns=communes.index, fill_value=0.0)
    baselines = _baselines(
        programme, float(in_need.loc[years[0]].sum()), units, staff, len(facilities), accessible
    )
    targets = _requirements_only(yearly_targets(programme.targets, years, baselines))
    calculation = YearlyCalculation(config, programme, communes, units, staff, targets, persons)
    years_rows, kind_rows, commune_frames = [], [], []
    stock = StaffStock(
        commune=staff["staff_persons"]["commune"].copy(),
        other_kinds=staff["staff_persons"].drop(columns="commune").sum(),
        trained=float(staff["trained_staff_persons"].to_numpy().sum()),
    )
    for year in years:
        row, kinds, commune_frame, stock = calculation.year(year, in_need.loc[year], stock)
        row["facilities_total"] = len(facilities)
        row["facilities_accessible"] = accessible if accessible is not None else np.nan
        share = targets.at[year, "accessible_facility_share"]
        row["accessible_facility_target_share"] = share
        row["accessible_facility_target_source"] = targets.at[
            year, "accessible_facility_share_source"
        ]
        row["facilities_to_upgrade"] = (
            max(0, ceil_whole(share * len(facilities)) - int(accessible))
            if accessible is not None and np.isfinite(share)
            else np.nan
        )
        years_rows.append(row)
        kind_rows.extend(kinds)
        commune_frames.append(commune_frame)
    communes_table = pd.concat(commune_frames, ignore_index=True)
    groups_table = calculation.commune_groups()
    return ProgrammeResult(
        scenario_name=config.name,
        plan_target_vi=programme.plan_target_vi,
        plan_source=programme.plan_source,
        years_table=_total_last(pd.DataFrame(years_rows).set_index("year")),
        unit_kinds=pd.DataFrame(kind_rows),
        communes=communes_table,
        districts=_districts_table(communes_table),
        commune_groups=groups_table,
        allowance=calculation.allowance_table(),
        standard_levels=norms.standard_levels,
        norms=norms_table(norms),
        flags=collect_flags(config, programme_inputs, units, staff, facilities, units_defaulted),
        group_labels={name: s.label_vi for name, s in config.demand.groups.items()},
        staff_given=programme_inputs.social_work_staff is not None,
        caseload_per_social_worker=norms.caseload_per_social_worker.value,
        social_work_staff_per_unit=norms.social_work_staff_per_unit.value,
    )


def _total_last(years_table: pd.DataFrame) -> pd.DataFrame:
    """The per-year table with the programme cost as its last column."""
    columns = [c for c in years_table.columns if c != "total_cost_vnd_per_year"]
    return years_table[[*columns, "total_cost_vnd_per_year"]]


def _districts_table(communes_table: pd.DataFrame) -> pd.DataFrame:
    summed = [
        "people_in_need_persons",
        "persons_to_reach_persons",
        "case_management_social_workers_persons",
        "social_workers_needed_persons",
        "social_workers_in_post_persons",
        "social_workers_to_hire_persons",
    ]
    return (
        communes_table.groupby(["year", "district_code", "district_name_vi"], as_index=False)[
            summed
        ]
        .sum()
        .sort_values(["year", "district_code"], ignore_index=True)
    )
