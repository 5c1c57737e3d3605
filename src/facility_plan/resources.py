"""Capacity → resources: staff by Circular 33/2017, recurring cost by Decree 20/2021, land by Decree 103/2017."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from facility_plan.config import ResourcesConfig, TargetGroupSettings

STAFF_COLUMNS = (
    "managers",
    "social_workers",
    "psychologists",
    "health_workers",
    "nutrition_workers",
    "carers",
    "direct_staff",
    "indirect_staff",
    "total_staff",
)
MONTHS_PER_YEAR = 12


def _ceil(value: float) -> int:
    return math.ceil(value - 1e-9) if value > 0 else 0


def compute_staffing(
    residents_by_group: pd.DataFrame,
    groups: Mapping[str, TargetGroupSettings],
    norms: ResourcesConfig,
) -> pd.DataFrame:
    """Minimum staff per facility under Circular 33/2017 Art. 5.

    Per facility with R residents: managers (1 director + deputies), social workers
    ⌈R / 100⌉, at least one psychologist, health workers ⌈R / 50⌉, nutrition workers ⌈R / 20⌉, and
    carers per group ⌈R_g·(1 − dep_g) / able_g⌉ + ⌈R_g·dep_g / dependent_g⌉. Indirect staff are at
    most 20 % of the total: indirect = ⌊direct × 0.2 / 0.8⌋ (the most the norm allows).

    Parameters
    ----------
    residents_by_group
        Residents (persons) per facility (index) and target group (columns).
    groups
        Group settings with carer ratios and dependent shares.
    norms
        Staffing norms.

    Returns
    -------
    pandas.DataFrame
        One row per facility, columns `STAFF_COLUMNS` (persons) and ``residents``.

    Examples
    --------
    >>> from facility_plan.config import ResourcesConfig, TargetGroupSettings
    >>> elderly = TargetGroupSettings(label_vi="NCT", base="age_60plus", residential_share=0.01,
    ...                               dependent_share=0.4)
    >>> frame = pd.DataFrame({"elderly": [100.0]}, index=["centre"])
    >>> int(compute_staffing(frame, {"elderly": elderly}, ResourcesConfig()).loc["centre", "carers"])
    16
    """
    rows = {}
    for facility_id, residents in residents_by_group.iterrows():
        total_residents = float(residents.sum())
        carers = 0
        for group_name, persons in residents.items():
            settings = groups[str(group_name)]
            dependent = float(persons) * settings.dependent_share
            carers += _ceil((float(persons) - dependent) / settings.residents_per_carer_able)
            carers += _ceil(dependent / settings.residents_per_carer_dependent)
        occupied = total_residents > 0
        staff = {
            "managers": norms.managers_per_facility if occupied else 0,
            "social_workers": _ceil(total_residents / norms.residents_per_social_worker),
            "psychologists": norms.psychologists_per_facility if occupied else 0,
            "health_workers": _ceil(total_residents / norms.residents_per_health_worker),
            "nutrition_workers": _ceil(total_residents / norms.residents_per_nutrition_worker),
            "carers": carers,
        }
        direct = sum(staff.values())
        share = norms.indirect_staff_max_share
        # indirect ≤ share × (direct + indirect)  ⇔  indirect ≤ direct × share / (1 − share)
        indirect = math.floor(direct * share / (1.0 - share) + 1e-9)
        staff.update(direct_staff=direct, indirect_staff=indirect, total_staff=direct + indirect)
        rows[facility_id] = {"residents": total_residents, **staff}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["residents", *STAFF_COLUMNS])


def compute_recurring_cost_vnd(
    residents_by_group: pd.DataFrame,
    groups: Mapping[str, TargetGroupSettings],
    norms: ResourcesConfig,
) -> pd.Series:
    """Yearly nurture-allowance floor per facility (VND/year).

    ``Σ_g residents_g × coefficient_g × standard level × 12`` (Decree 20/2021 Art. 25; standard level
    500,000 VND/month from Decree 76/2024). A floor: provinces may pay more.
    """
    coefficients = pd.Series(
        {name: groups[name].nurture_coefficient for name in residents_by_group}
    )
    monthly = (
        residents_by_group.mul(coefficients, axis=1).sum(axis=1)
        * norms.standard_level_vnd_per_month
    )
    return (monthly * MONTHS_PER_YEAR).rename("recurring_cost_vnd_per_year")


def land_norm_m2_per_place(*, urban: bool, facility_type: str, norms: ResourcesConfig) -> float:
    """Natural land per place (m²) under Decree 103/2017 Art. 24(1)."""
    if facility_type == "mental_health":
        return norms.land_m2_per_place_mental_health
    return norms.land_m2_per_place_urban if urban else norms.land_m2_per_place_rural


def split_by_group_mix(
    persons_by_unit_site: pd.DataFrame, group_persons_by_unit: pd.DataFrame
) -> pd.DataFrame:
    """Split pooled residents of each (unit, site) row by the unit's mix of target groups.

    Parameters
    ----------
    persons_by_unit_site
        Columns admin_code, site_id, demand_persons (persons).
    group_persons_by_unit
        Persons per group (columns), indexed by admin_code.

    Returns
    -------
    pandas.DataFrame
        Residents (persons) per site (index) and group (columns).
    """
    shares = group_persons_by_unit.div(group_persons_by_unit.sum(axis=1).replace(0, np.nan), axis=0)
    shares = shares.fillna(0.0)
    split = (
        shares.reindex(persons_by_unit_site["admin_code"]).to_numpy()
        * persons_by_unit_site[["demand_persons"]].to_numpy()
    )
    frame = pd.DataFrame(split, columns=group_persons_by_unit.columns)
    frame["site_id"] = persons_by_unit_site["site_id"].to_numpy()
    return frame.groupby("site_id").sum()
