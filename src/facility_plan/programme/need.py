"""People in need per commune × group × year (registers or the demand model), units and staff in post per commune."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from facility_plan.config import DemandConfig
from facility_plan.config.programme import UNIT_KINDS, ProgrammeNorms, UnitRatioKind
from facility_plan.demand import DemandEstimate, compute_demand
from facility_plan.programme.inputs import ProgrammeInputs

NEED_COLUMNS = (
    "year",
    "admin_code",
    "target_group",
    "people_in_need_persons",
    "community_share",
    "need_source",
)
UNIT_TABLE_COLUMNS: dict[UnitRatioKind, str] = {
    "school": "schools",
    "health_station": "health_stations",
    "hospital": "hospitals",
}


@dataclass(frozen=True, slots=True)
class NeedByYear:
    """People in need (long table) and where each figure comes from.

    Attributes
    ----------
    persons
        One row per year × commune × group: ``people_in_need_persons`` (persons),
        ``community_share`` (share living in the community, 0–1) and ``need_source``
        (``register`` or ``demand_model``).
    register_groups
        Groups taken from the register counts.
    """

    persons: pd.DataFrame
    register_groups: tuple[str, ...]


def _demand_for(
    cache: dict[int, DemandEstimate],
    communes: pd.DataFrame,
    districts: pd.DataFrame,
    config: DemandConfig,
    year: int,
) -> DemandEstimate:
    if year not in cache:
        cache[year] = compute_demand(communes, districts, config, year=year)
    return cache[year]


def _register_year(available: Sequence[int], year: int) -> int:
    """The latest register year up to `year`, or the earliest one when all are later."""
    earlier = [y for y in available if y <= year]
    return max(earlier) if earlier else min(available)


def people_in_need(
    communes: pd.DataFrame,
    districts: pd.DataFrame,
    demand: DemandConfig,
    inputs: ProgrammeInputs,
    years: Sequence[int],
) -> NeedByYear:
    """People in need of social assistance per commune × group × year (persons).

    A group on the register takes its counts from there: the latest register year up to each
    year, scaled by the demand model's growth of that group in that commune from the register
    year to the year (1 when the demand model has no such group or no people there). Other groups
    take the demand model's eligible persons (`DemandEstimate.eligible`, not calibrated).

    Parameters
    ----------
    communes, districts
        Input tables (persons).
    demand
        Demand settings (groups, growth).
    inputs
        Programme inputs (registers may be None).
    years
        Programme years.
    """
    cache: dict[int, DemandEstimate] = {}
    registers = inputs.registers
    register_groups: tuple[str, ...] = ()
    if registers is not None:
        register_groups = tuple(sorted(registers["target_group"].unique()))
    frames = []
    for year in years:
        estimate = _demand_for(cache, communes, districts, demand, year)
        for group, settings in demand.groups.items():
            if group in register_groups:
                continue
            frames.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "admin_code": estimate.eligible.index.astype(str),
                        "target_group": group,
                        "people_in_need_persons": estimate.eligible[group].to_numpy(dtype=float),
                        "community_share": settings.community_share_or_rest,
                        "need_source": "demand_model",
                    }
                )
            )
        for group in register_groups:
            assert registers is not None
            rows = registers[registers["target_group"] == group]
            ref_year = _register_year(sorted(rows["year"].unique()), year)
            counts = rows[rows["year"] == ref_year].set_index("admin_code")["persons"]
            counts = counts.reindex(communes.index).astype(float)
            growth = pd.Series(1.0, index=communes.index)
            group_settings = demand.groups.get(group)
            if group_settings is not None and ref_year != year:
                now = estimate.eligible[group]
                then = _demand_for(cache, communes, districts, demand, ref_year).eligible[group]
                ratio = now / then.replace(0.0, np.nan)
                growth = ratio.fillna(1.0).reindex(communes.index)
            frames.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "admin_code": communes.index.astype(str),
                        "target_group": group,
                        "people_in_need_persons": (counts * growth).to_numpy(dtype=float),
                        "community_share": (
                            group_settings.community_share_or_rest
                            if group_settings is not None
                            else 1.0
                        ),
                        "need_source": "register",
                    }
                )
            )
    persons = pd.concat(frames, ignore_index=True)[list(NEED_COLUMNS)]
    return NeedByYear(persons=persons, register_groups=register_groups)


def largest_remainder(expected: pd.Series) -> pd.Series:
    """Whole units per commune adding up to the rounded province total (largest-remainder rounding).

    Examples
    --------
    >>> largest_remainder(pd.Series([0.4, 0.4, 0.4])).tolist()
    [1.0, 0.0, 0.0]
    """
    floors = np.floor(expected)
    remaining = int(np.floor(expected.sum() + 0.5) - floors.sum())
    order = (expected - floors).sort_values(ascending=False, kind="stable").index[:remaining]
    whole = floors.copy()
    whole[order] += 1.0
    return whole


def units_by_commune(
    communes: pd.DataFrame,
    facilities: pd.DataFrame,
    inputs: ProgrammeInputs,
    norms: ProgrammeNorms,
) -> tuple[pd.DataFrame, bool]:
    """Units that can hold social-work staff, per commune (index) and kind (columns), in units.

    The commune counts as one unit; facilities are counted from the facilities table. Schools,
    health stations and hospitals come from the service-units table, or, when it is missing, from
    the national ratios per 1,000 persons (``norms.units_per_1000_persons``): the province total
    is rounded and shared out in whole units by `largest_remainder`.

    Returns
    -------
    tuple of (pandas.DataFrame, bool)
        The counts (columns `UNIT_KINDS`), and whether the national-ratio defaults were used.
    """
    units = pd.DataFrame(0.0, index=communes.index, columns=list(UNIT_KINDS))
    units["commune"] = 1.0
    if len(facilities):
        per_commune = facilities["admin_code"].astype(str).value_counts()
        units["facility"] = per_commune.reindex(units.index).fillna(0.0).astype(float)
    defaulted = inputs.service_units is None
    for kind, column in UNIT_TABLE_COLUMNS.items():
        if inputs.service_units is not None:
            units[kind] = inputs.service_units[column].reindex(units.index).astype(float)
        else:
            ratio = norms.units_per_1000_persons[kind].value
            expected = communes["population_persons"].astype(float) * ratio / 1000.0
            units[kind] = largest_remainder(expected)
    units.index.name = "admin_code"
    return units, defaulted


def staff_by_commune(communes: pd.DataFrame, inputs: ProgrammeInputs) -> dict[str, pd.DataFrame]:
    """Social-work staff in post per commune (index) and unit kind (columns).

    Returns
    -------
    dict
        ``units_with_staff`` (units), ``staff_persons`` and ``trained_staff_persons`` (persons),
        each a frame of communes × `UNIT_KINDS`; zeros when no staff table was given.
    """
    empty = pd.DataFrame(0.0, index=communes.index, columns=list(UNIT_KINDS))
    empty.index.name = "admin_code"
    columns = ("units_with_staff", "staff_persons", "trained_staff_persons")
    table = inputs.social_work_staff
    if table is None:
        return {column: empty.copy() for column in columns}
    result = {}
    for column in columns:
        pivot = table.pivot_table(
            index="admin_code", columns="unit_kind", values=column, aggfunc="sum"
        )
        result[column] = (
            pivot.reindex(index=communes.index, columns=list(UNIT_KINDS)).fillna(0.0).astype(float)
        )
        result[column].index.name = "admin_code"
    return result
