"""Demand: people needing a residential place per commune, by target group, calibrated to a plan's scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from facility_plan.config import DemandConfig, TargetGroupSettings
from facility_plan.errors import DataProblem, InputDataError

_AGE_COLUMNS = {
    "age_0_14": "age_0_14_persons",
    "age_60plus": "age_60plus_persons",
    "age_80plus": "age_80plus_persons",
}


@dataclass(frozen=True, slots=True)
class DemandEstimate:
    """People needing residential care per commune.

    Attributes
    ----------
    by_commune
        Indexed by admin_code: one column per target group (persons, calibrated), ``demand_persons``
        (their sum) and ``raw_demand_persons`` (before calibration).
    groups
        One row per group: raw and calibrated persons, settings, source and status.
    raw_total_persons
        Province total from the prevalence settings alone (persons).
    calibration_factor
        Factor applied to every group (1.0 when no calibration was asked for).
    calibrated_total_persons
        Province total after calibration (persons).
    eligible
        Indexed by admin_code, one column per group: people in need of social-assistance services
        (persons, not calibrated).
    community
        Same layout: people needing community-based services (persons).
    year
        Year the figures are for (the census year unless projected).
    """

    by_commune: pd.DataFrame
    groups: pd.DataFrame
    raw_total_persons: float
    calibration_factor: float
    calibrated_total_persons: float
    eligible: pd.DataFrame
    community: pd.DataFrame
    year: int

    def describe_calibration(self) -> str:
        """One line for the planner: what the prevalence settings give and how it was scaled."""
        if self.calibration_factor == 1.0:
            return (
                f"demand: {self.raw_total_persons:,.0f} persons need residential care "
                "(prevalence settings, not calibrated)"
            )
        return (
            f"demand: prevalence settings give {self.raw_total_persons:,.0f} persons; scaled "
            f"×{self.calibration_factor:.3f} to the plan's scale of "
            f"{self.calibrated_total_persons:,.0f} persons"
        )

    @property
    def placeholder_groups(self) -> list[str]:
        """Groups whose settings are placeholders or unchecked recollections."""
        flagged = self.groups["status"].isin(["placeholder", "recalled"])
        return self.groups.index[flagged].tolist()


def compute_base_populations(communes: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Base populations per commune: total, and age bands from the district's age structure.

    The commune total is the census count; the age bands apply the district's shares
    (e.g. 60+ / total) to it, since the census publishes age bands by district only.

    Parameters
    ----------
    communes
        Indexed by admin_code, with ``population_persons`` and ``district_code``.
    districts
        Indexed by district_code, with ``population_persons`` and the age-band columns (persons).

    Returns
    -------
    pandas.DataFrame
        Indexed by admin_code: ``total``, ``age_0_14``, ``age_60plus``, ``age_80plus`` (persons).

    Raises
    ------
    InputDataError
        If a commune names a district that is not in the district table.
    """
    source = communes.attrs.get("source", "communes")
    problems = [
        DataProblem(source, row_number, "district_code", f"unknown district {code!r}")
        for row_number, code in enumerate(communes["district_code"].astype(str), start=1)
        if code not in districts.index
    ]
    if problems:
        raise InputDataError(problems)
    district_of = communes["district_code"].astype(str)
    total = communes["population_persons"].astype(float)
    bases = pd.DataFrame({"total": total}, index=communes.index)
    district_total = districts["population_persons"].astype(float)
    for base_name, column in _AGE_COLUMNS.items():
        share = districts[column].astype(float) / district_total
        bases[base_name] = total * district_of.map(share).to_numpy()
    return bases


def project_base_populations(
    bases: pd.DataFrame, growth_per_year: Mapping[str, float], *, from_year: int, to_year: int
) -> pd.DataFrame:
    """Project base populations with compound yearly growth: ``base × (1 + g) ** (to − from)``.

    Parameters
    ----------
    bases
        Base populations (persons), one column per base (total, age_60plus, …).
    growth_per_year
        Growth per base (share per year); missing bases do not grow.
    from_year, to_year
        Census year and target year.
    """
    years = to_year - from_year
    return bases.apply(
        lambda column: column * (1.0 + growth_per_year.get(column.name, 0.0)) ** years
    )


def _eligible_persons(bases: pd.DataFrame, settings: TargetGroupSettings) -> pd.Series:
    return bases[settings.base] * settings.prevalence_share * settings.eligible_share


def compute_demand(
    communes: pd.DataFrame,
    districts: pd.DataFrame,
    config: DemandConfig,
    *,
    year: int | None = None,
    calibration_factor: float | None = None,
) -> DemandEstimate:
    """People needing a residential place per commune, by target group.

    ``persons[u, g] = base[u, g] × prevalence[g] × eligible[g] × residential[g] × k`` where the
    base is the commune's total population or an age band and ``k`` scales the province total
    to ``config.calibrate_total_persons`` (k = 1 when that is not set).

    Parameters
    ----------
    communes
        Indexed by admin_code, with ``population_persons`` and ``district_code``.
    districts
        District census figures by age band (persons).
    config
        Target groups, growth and calibration.
    year
        Project the base populations from ``config.census_year`` to this year (when
        ``config.project_to_scenario_year``); None keeps the census year.
    calibration_factor
        Use this factor instead of calibrating (to apply one scenario year's calibration to
        other years).

    Returns
    -------
    DemandEstimate
    """
    bases = compute_base_populations(communes, districts)
    target_year = config.census_year
    if year is not None and config.project_to_scenario_year:
        bases = project_base_populations(
            bases, config.growth_per_year, from_year=config.census_year, to_year=year
        )
        target_year = year
    eligible = pd.DataFrame(
        {name: _eligible_persons(bases, settings) for name, settings in config.groups.items()},
        index=communes.index,
    )
    community = pd.DataFrame(
        {
            name: eligible[name] * settings.community_share_or_rest
            for name, settings in config.groups.items()
        },
        index=communes.index,
    )
    raw = pd.DataFrame(
        {
            name: eligible[name] * settings.residential_share
            for name, settings in config.groups.items()
        },
        index=communes.index,
    )
    raw_total = float(raw.to_numpy().sum())
    factor = 1.0
    if calibration_factor is not None:
        factor = calibration_factor
    elif config.calibrate_total_persons is not None and raw_total > 0:
        factor = config.calibrate_total_persons / raw_total
    calibrated = raw * factor
    by_commune = calibrated.copy()
    by_commune["demand_persons"] = calibrated.sum(axis=1)
    by_commune["raw_demand_persons"] = raw.sum(axis=1)
    by_commune.index.name = "admin_code"
    groups = _group_table(config.groups, raw, calibrated)
    groups["eligible_persons"] = eligible.sum().reindex(groups.index)
    groups["community_persons"] = community.sum().reindex(groups.index)
    eligible.index.name = community.index.name = "admin_code"
    return DemandEstimate(
        by_commune=by_commune,
        groups=groups,
        raw_total_persons=raw_total,
        calibration_factor=factor,
        calibrated_total_persons=float(calibrated.to_numpy().sum()),
        eligible=eligible,
        community=community,
        year=target_year,
    )


def _group_table(
    settings: Mapping[str, TargetGroupSettings], raw: pd.DataFrame, calibrated: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    for name, group in settings.items():
        rows.append(
            {
                "group": name,
                "label_vi": group.label_vi,
                "base": group.base,
                "prevalence_share": group.prevalence_share,
                "eligible_share": group.eligible_share,
                "residential_share": group.residential_share,
                "raw_persons": float(raw[name].sum()),
                "calibrated_persons": float(calibrated[name].sum()),
                "status": group.status,
                "source": group.source,
            }
        )
    return pd.DataFrame(rows).set_index("group")
