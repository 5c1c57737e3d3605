"""Regret of fixed plans across draws: extra person-minutes and unserved persons against each draw's optimum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from facility_plan.sweeps.plans import PlanOutcome

REGRET_COLUMNS = (
    "plan_id",
    "draw",
    "service_person_minutes",
    "regret_person_minutes",
    "regret_share",
    "extra_unserved_persons",
)
SUMMARY_STATISTICS = (("median", 0.5), ("p90", 0.9), ("worst", 1.0))
"""Quantiles every regret distribution is reported by."""


@dataclass(frozen=True, slots=True)
class RegretTables:
    """Regret of every evaluated plan on every draw, and its distribution per plan.

    Attributes
    ----------
    by_draw
        Long table `REGRET_COLUMNS`: person-minutes of the plan on the draw, regret
        (person-minutes, and as a share of the draw's optimum) and extra unserved persons;
        regret is ``inf`` where the plan has no feasible assignment.
    by_plan
        One row per plan: draws evaluated, draws where it was the optimum, regret median, 90th
        percentile and worst (person-minutes, share, extra unserved persons), share of draws
        within the indifference share.
    minimax_plan_id
        The plan whose worst regret (person-minutes) is smallest; ties go to the plan that was
        optimal more often.
    """

    by_draw: pd.DataFrame
    by_plan: pd.DataFrame
    minimax_plan_id: str


def best_known(
    optimum: Sequence[PlanOutcome], evaluations: Mapping[str, Sequence[PlanOutcome]]
) -> np.ndarray:
    """Per draw, the smallest person-minutes found: the optimum's, or a plan's if lower.

    They differ only when a draw's solve was stopped before proving optimality.
    """
    values = np.array([o.service_person_minutes for o in optimum], dtype=float)
    for outcomes in evaluations.values():
        plan_values = np.array([o.service_person_minutes for o in outcomes], dtype=float)
        values = np.fmin(values, plan_values)
    return values


def regret_tables(
    optimum: Sequence[PlanOutcome],
    optimal_plan_ids: Sequence[str | None],
    evaluations: Mapping[str, Sequence[PlanOutcome]],
    *,
    indifference_share: float,
) -> RegretTables:
    """Regret of each evaluated plan against each draw's best known plan.

    Parameters
    ----------
    optimum
        Outcome of each draw's optimum (in draw order).
    optimal_plan_ids
        Plan id of each draw's optimum (None when the draw was not solved).
    evaluations
        Plan id → its outcome on each draw (same order); a plan must be evaluated on every draw.
    indifference_share
        A regret up to this share of the draw's optimum counts as "as good" (0.01 = 1 %).

    Returns
    -------
    RegretTables
        Draws whose optimum was not solved are left out.

    Examples
    --------
    >>> best = [PlanOutcome("optimal", 100.0, 100.0, 10.0, 0.0)]
    >>> other = [PlanOutcome("optimal", 103.0, 103.0, 10.0, 0.0)]
    >>> tables = regret_tables(best, ["a"], {"a": best, "b": other}, indifference_share=0.01)
    >>> tables.by_plan.set_index("plan_id")["regret_person_minutes_worst"].to_dict()
    {'a': 0.0, 'b': 3.0}
    >>> tables.minimax_plan_id
    'a'
    """
    reference = best_known(optimum, evaluations)
    unserved_reference = np.array([o.unserved_persons for o in optimum], dtype=float)
    solved = np.isfinite(reference)
    draw_numbers = np.arange(len(optimum))[solved]
    rows = []
    summaries = []
    optimal_counts = pd.Series([p for p in optimal_plan_ids if p is not None]).value_counts()
    for plan_id, outcomes in evaluations.items():
        values = np.array([o.service_person_minutes for o in outcomes], dtype=float)[solved]
        unserved = np.array([o.unserved_persons for o in outcomes], dtype=float)[solved]
        regret = np.where(np.isfinite(values), values - reference[solved], np.inf)
        regret = np.maximum(regret, 0.0)
        base = np.where(reference[solved] > 0, reference[solved], np.nan)
        share = regret / base
        extra_unserved = np.where(
            np.isfinite(values), unserved - unserved_reference[solved], np.inf
        )
        rows.append(
            pd.DataFrame(
                {
                    "plan_id": plan_id,
                    "draw": draw_numbers,
                    "service_person_minutes": values,
                    "regret_person_minutes": regret,
                    "regret_share": share,
                    "extra_unserved_persons": extra_unserved,
                }
            )
        )
        summary: dict[str, object] = {
            "plan_id": plan_id,
            "draws": int(solved.sum()),
            "optimal_in_draws": int(optimal_counts.get(plan_id, 0)),
            "infeasible_draws": int((~np.isfinite(values)).sum()),
        }
        for name, series in (
            ("regret_person_minutes", regret),
            ("regret_share", share),
            ("extra_unserved_persons", extra_unserved),
        ):
            for statistic, quantile in SUMMARY_STATISTICS:
                summary[f"{name}_{statistic}"] = _quantile(series, quantile)
        summary["within_indifference_share"] = (
            float(np.mean(np.nan_to_num(share, nan=0.0) <= indifference_share))
            if len(share)
            else float("nan")
        )
        summaries.append(summary)
    by_draw = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame({name: pd.Series(dtype=float) for name in REGRET_COLUMNS})
    )
    by_plan = pd.DataFrame(summaries)
    ranked = by_plan.sort_values(
        ["regret_person_minutes_worst", "optimal_in_draws", "plan_id"],
        ascending=[True, False, True],
        kind="mergesort",
    )
    return RegretTables(
        by_draw=by_draw,
        by_plan=by_plan.reset_index(drop=True),
        minimax_plan_id=str(ranked["plan_id"].iloc[0]) if not ranked.empty else "",
    )


def _quantile(values: np.ndarray, quantile: float) -> float:
    """The quantile of the finite values (``inf`` when the top quantile reaches an infinite one)."""
    if values.size == 0:
        return float("nan")
    ordered = np.sort(np.nan_to_num(values, nan=0.0, posinf=np.inf))
    return float(np.quantile(ordered, quantile, method="inverted_cdf"))


def selection_frequency(
    optimal_new_sites: Sequence[tuple[tuple[str, str], ...] | None],
) -> pd.DataFrame:
    """How often each site is among a draw's new centres, and its most frequent tier.

    Returns
    -------
    pandas.DataFrame
        Columns site_id, chosen_draws, chosen_share (of the solved draws), most_frequent_tier;
        most chosen first (ties by site id).

    Examples
    --------
    >>> selection_frequency([(("a", "S"),), (("a", "M"), ("b", "M")), None])
    ... # doctest: +NORMALIZE_WHITESPACE
      site_id  chosen_draws  chosen_share most_frequent_tier
    0       a             2           1.0                  M
    1       b             1           0.5                  M
    """
    solved = [sites for sites in optimal_new_sites if sites is not None]
    rows = [(site, tier) for sites in solved for site, tier in sites]
    frame = pd.DataFrame(rows, columns=["site_id", "tier_id"])
    if frame.empty:
        return pd.DataFrame(
            columns=["site_id", "chosen_draws", "chosen_share", "most_frequent_tier"]
        )
    counts = frame.groupby("site_id").size().rename("chosen_draws")
    tiers = frame.groupby("site_id")["tier_id"].agg(
        lambda tier: sorted(tier.value_counts().items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    )
    table = pd.DataFrame(
        {
            "chosen_draws": counts,
            "chosen_share": counts / len(solved),
            "most_frequent_tier": tiers,
        }
    ).reset_index()
    return table.sort_values(
        ["chosen_draws", "site_id"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
