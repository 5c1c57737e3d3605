"""Compare scenario summaries side by side: one row per measure, one column per scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from facility_plan.scenario.summary import ScenarioSummary

COMPARE_ROWS: Sequence[tuple[str, str]] = (
    ("facilities_total", "centres"),
    ("places_total", "places"),
    ("places_new", "new places"),
    ("investment_new_vnd", "investment in new centres (VND)"),
    ("demand_persons", "residential-care need (persons)"),
    ("served_persons", "served (persons)"),
    ("unserved_persons", "unserved (persons)"),
    ("mean_travel_minutes", "mean travel (minutes)"),
    ("max_travel_minutes", "max travel (minutes)"),
    ("demand_within_30_minutes_share", "share within 30 min"),
    ("demand_within_60_minutes_share", "share within 60 min"),
    ("status", "solver status"),
)


def compare_summaries(summaries: Mapping[str, ScenarioSummary]) -> pd.DataFrame:
    """Side-by-side table of scenario summaries (rows: measures; columns: scenarios).

    Parameters
    ----------
    summaries
        Scenario name → summary (as in ``summary.json``).
    """
    table: dict[str, dict[str, Any]] = {}
    for name, summary in summaries.items():
        figures = summary.to_dict()
        column: dict[str, Any] = {label: figures.get(key) for key, label in COMPARE_ROWS}
        column["new sites"] = "; ".join(
            f"{site.commune} ({site.district}, {site.tier}, {site.capacity_places:.0f})"
            for site in summary.new_sites
        )
        table[name] = column
    return pd.DataFrame(table)
