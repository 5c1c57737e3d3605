"""What the robustness and alternatives sweeps hand to maps, reports and files: frozen records with `to_json`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from facility_plan.io import json_ready
from facility_plan.labels import Language


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return list(json_ready(frame.to_dict(orient="records")))


@dataclass(frozen=True, slots=True)
class RobustResult:
    """How a scenario's recommendation holds up across draws of its uncertain inputs.

    Attributes
    ----------
    scenario, compare_scenario
        Names of the scenario and of the compared one (None without ``--compare``).
    samples, seed
        Number of draws and their seed.
    executor
        Where the sweep ran (``processes ×2``, ``dask local ×2``, …); not part of the results.
    indifference_share
        Regret share up to which a plan counts as "as good" (0.01 = 1 %).
    uncertainty
        The uncertain inputs and their ranges (parameter, low, high, unit, source).
    draws
        One row per draw: the drawn inputs, the optimum's status, plan id, new sites, districts,
        person-minutes and unserved persons, and the regret of the optimised and compared plans.
    site_frequency
        Per candidate site ever chosen: chosen_draws, chosen_share, most_frequent_tier, commune,
        district and point (lon, lat in degrees): the map layer of selection frequencies.
    district_frequency
        Per district: draws with at least one new centre there, and the share.
    district_sets
        Per combination of districts of the new centres: draws and share.
    plans
        One row per evaluated plan: role (optimised, compare, minimax, seen), its new centres,
        districts, places, land (m²), investment (VND), optimal_in_draws and the regret
        distribution (median, p90, worst of person-minutes, share and extra unserved persons).
    regret_by_draw
        Plan id × draw: person-minutes, regret (person-minutes and share), extra unserved persons.
    optimised_plan_id, compare_plan_id, minimax_plan_id
        Plan ids (`FixedPlan.plan_id`) of the scenario's optimum on its own data, of the compared
        scenario's optimum (None without one) and of the min–max-regret plan among those evaluated.
    plans_seen
        Distinct plans that were a draw's optimum.
    verdict_vi, verdict_en
        The verdict in plain words.
    draws_failed
        Draws whose optimum could not be found (left out of the statistics).
    solve_seconds
        Seconds spent in the draws' tasks (all workers); not part of the results.
    solve_cpu_seconds
        Processor seconds of the draws' tasks (all workers): on W dedicated cores the sweep takes
        at least this / W; not part of the results.
    wall_seconds
        Seconds the sweep took; not part of the results.
    """

    scenario: str
    compare_scenario: str | None
    samples: int
    seed: int
    executor: str
    indifference_share: float
    uncertainty: pd.DataFrame
    draws: pd.DataFrame
    site_frequency: pd.DataFrame
    district_frequency: pd.DataFrame
    district_sets: pd.DataFrame
    plans: pd.DataFrame
    regret_by_draw: pd.DataFrame
    optimised_plan_id: str
    compare_plan_id: str | None
    minimax_plan_id: str
    plans_seen: int
    verdict_vi: tuple[str, ...]
    verdict_en: tuple[str, ...]
    draws_failed: int
    solve_seconds: float
    solve_cpu_seconds: float
    wall_seconds: float

    def verdict(self, language: Language = "vi") -> tuple[str, ...]:
        """The verdict in `language`."""
        return self.verdict_en if language == "en" else self.verdict_vi

    def plan(self, plan_id: str) -> pd.Series:
        """The row of `plans` for `plan_id`."""
        return self.plans.set_index("plan_id").loc[plan_id]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN and inf as null) for ``robust.json``."""
        return {
            "scenario": self.scenario,
            "compare_scenario": self.compare_scenario,
            "samples": self.samples,
            "seed": self.seed,
            "executor": self.executor,
            "indifference_share": self.indifference_share,
            "draws_failed": self.draws_failed,
            "plans_seen": self.plans_seen,
            "optimised_plan_id": self.optimised_plan_id,
            "compare_plan_id": self.compare_plan_id,
            "minimax_plan_id": self.minimax_plan_id,
            "verdict_vi": list(self.verdict_vi),
            "verdict_en": list(self.verdict_en),
            "uncertainty": _records(self.uncertainty),
            "site_frequency": _records(self.site_frequency),
            "district_frequency": _records(self.district_frequency),
            "district_sets": _records(self.district_sets),
            "plans": _records(self.plans),
            "solve_seconds": round(self.solve_seconds, 2),
            "solve_cpu_seconds": round(self.solve_cpu_seconds, 2),
            "wall_seconds": round(self.wall_seconds, 2),
        }


@dataclass(frozen=True, slots=True)
class AlternativesResult:
    """The best distinct plans (different sets of new sites) within a tolerance of the optimum.

    Attributes
    ----------
    scenario
        Scenario name.
    within_share
        Tolerance: plans whose objective is at most (1 + within_share) × the optimum's.
    max_plans
        Most plans asked for.
    plans
        One row per plan, best first: rank, plan_id, new centres (commune, district, tier),
        districts, places_new, land_m2, investment_vnd, objective, gap_share (to the optimum),
        service and travel person-minutes, mean_travel_minutes, served and unserved persons.
    complete
        True when every plan within the tolerance is listed (the search ran out of plans within
        it); False when it stopped at `max_plans`.
    solves
        Model solves the search took.
    executor
        Where the solves ran; not part of the results.
    wall_seconds
        Seconds the search took; not part of the results.
    """

    scenario: str
    within_share: float
    max_plans: int
    plans: pd.DataFrame
    complete: bool
    solves: int
    executor: str
    wall_seconds: float

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN and inf as null)."""
        return {
            "scenario": self.scenario,
            "within_share": self.within_share,
            "max_plans": self.max_plans,
            "complete": self.complete,
            "solves": self.solves,
            "executor": self.executor,
            "wall_seconds": round(self.wall_seconds, 2),
            "plans": _records(self.plans),
        }
