"""Programme targets for every year: the plan's target years, interpolated between and ramped from today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from facility_plan.config.programme import ProgrammeTarget

TARGET_METRICS = (
    "case_management_share",
    "staffed_unit_share",
    "trained_staff_share",
    "trained_staff_persons",
    "emergency_help_share",
    "accessible_facility_share",
    "allowance_coverage_share",
)
"""The fields of `ProgrammeTarget` that are targets (shares 0–1, or persons)."""


def yearly_targets(
    targets: Sequence[ProgrammeTarget],
    years: Sequence[int],
    baselines: Mapping[str, float | None],
) -> pd.DataFrame:
    """Each target metric for each programme year, and where the figure comes from.

    A metric is taken as given in the years the plan sets it and interpolated linearly between
    them. Before its first target year it ramps linearly from its baseline (what the current
    inputs deliver in the first programme year) when there is one; without a baseline it has no
    target before its first target year. After its last target year it holds (a target met by a
    year stays met).

    Parameters
    ----------
    targets
        The plan's targets by year.
    years
        Programme years, ascending (the first is the baseline year).
    baselines
        Metric → value in the first programme year (None: not measured).

    Returns
    -------
    pandas.DataFrame
        Indexed by year: one column per metric (NaN: no target) and ``<metric>_source``, one of
        ``plan``, ``interpolated``, ``baseline``, ``held`` or ``none``.

    Examples
    --------
    >>> from facility_plan.config.programme import ProgrammeTarget
    >>> plan = [ProgrammeTarget(year=2022, case_management_share=0.6)]
    >>> table = yearly_targets(plan, [2020, 2021, 2022, 2023], {"case_management_share": 0.2})
    >>> table["case_management_share"].round(2).tolist()
    [0.2, 0.4, 0.6, 0.6]
    >>> table["case_management_share_source"].tolist()
    ['baseline', 'interpolated', 'plan', 'held']
    """
    table = pd.DataFrame(index=pd.Index(list(years), name="year"))
    for metric in TARGET_METRICS:
        anchors = {
            t.year: float(getattr(t, metric)) for t in targets if getattr(t, metric) is not None
        }
        values = pd.Series(np.nan, index=table.index, dtype=float)
        sources = pd.Series("none", index=table.index, dtype=object)
        if anchors:
            plan_years = sorted(anchors)
            points = dict(anchors)
            baseline = baselines.get(metric)
            first_year = years[0]
            if baseline is not None and first_year < plan_years[0]:
                points[first_year] = float(baseline)
            known = sorted(points)
            for year in years:
                if year < known[0]:
                    continue
                if year > known[-1]:
                    values[year], sources[year] = points[known[-1]], "held"
                    continue
                values[year] = float(np.interp(year, known, [points[y] for y in known]))
                if year in anchors:
                    sources[year] = "plan"
                elif year in points:
                    sources[year] = "baseline"
                else:
                    sources[year] = "interpolated"
        table[metric] = values
        table[f"{metric}_source"] = sources
    return table
