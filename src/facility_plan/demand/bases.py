"""Base populations per commune (total and age bands) and their projection to a later year."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from facility_plan.config import BasePopulation
from facility_plan.errors import DataProblem, InputDataError

_AGE_COLUMNS = {
    "age_0_14": "age_0_14_persons",
    "age_60plus": "age_60plus_persons",
    "age_80plus": "age_80plus_persons",
}


def compute_base_populations(
    communes: pd.DataFrame, districts: pd.DataFrame, *, source: str = "communes"
) -> pd.DataFrame:
    """Base populations per commune: total, and age bands from the district's age structure.

    The commune total is the census count; the age bands apply the district's shares
    (e.g. 60+ / total) to it, since the census publishes age bands by district only.

    Parameters
    ----------
    communes
        Indexed by admin_code, with ``population_persons`` and ``district_code``.
    districts
        Indexed by district_code, with ``population_persons`` and the age-band columns (persons).
    source
        File name of the communes table, named in error messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by admin_code: ``total``, ``age_0_14``, ``age_60plus``, ``age_80plus`` (persons).

    Raises
    ------
    InputDataError
        If a commune names a district that is not in the district table.
    """
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
    bases: pd.DataFrame,
    growth_per_year: Mapping[BasePopulation, float],
    *,
    from_year: int,
    to_year: int,
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
