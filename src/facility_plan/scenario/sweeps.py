"""Sweeps over one scenario setting: people served against the investment budget (a Pareto curve)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.errors import InfeasibleScenarioError
from facility_plan.scenario.result import ScenarioResult
from facility_plan.scenario.run import prepare_scenario
from facility_plan.scenario.tables import site_names, weighted_mean


def compute_budget_pareto(
    config: ScenarioConfig,
    budgets_vnd: Sequence[float],
    *,
    result: ScenarioResult | None = None,
) -> pd.DataFrame:
    """People served against the investment budget: one capacitated solve per budget.

    Each solve keeps the scenario's data, tiers and required districts, opens at most
    ``model.new_facilities`` new centres within the budget, and drops the place target (so that
    small budgets stay feasible and show what they buy).

    Parameters
    ----------
    config
        The scenario.
    budgets_vnd
        Budgets to try (VND).
    result
        A run of the same scenario whose problem is reused (saves reading inputs and
        recomputing travel minutes); None builds it.

    Returns
    -------
    pandas.DataFrame
        Columns budget_vnd, status, served_persons, unserved_persons, places_total,
        investment_vnd, mean_travel_minutes, new_sites (names with district and size tier),
        new_site_ids (the same sites by id, a secondary column).
    """
    if result is not None:
        problem, groups = result.problem, result.required_site_groups
        spec, solver = result.spec, result.solver
        names = site_names(result.inputs)
    else:
        prepared = prepare_scenario(config)
        problem, groups = prepared.problem, prepared.required_site_groups
        spec, solver = prepared.spec, prepared.solver
        names = site_names(prepared.inputs)
    rows = []
    for budget in budgets_vnd:
        budget_spec = replace(
            spec,
            new_facilities=None,
            target_places=None,
            max_new_facilities=config.model.new_facilities,
            budget_vnd=float(budget),
            required_site_groups=groups if budget > 0 else {},
        )
        try:
            solution = budget_spec.solve(problem, solver)
        except InfeasibleScenarioError:
            rows.append({"budget_vnd": float(budget), "status": "infeasible"})
            continue
        if not solution.has_solution:
            rows.append({"budget_vnd": float(budget), "status": str(solution.status)})
            continue
        served = solution.assignments.dropna(subset=["site_id"])
        new = solution.opened[solution.opened["status"] == "new"]
        rows.append(
            {
                "budget_vnd": float(budget),
                "status": str(solution.status),
                "served_persons": solution.served_persons,
                "unserved_persons": solution.unserved_persons,
                "places_total": float(solution.opened["capacity_places"].sum()),
                "investment_vnd": float(new["open_cost_vnd"].sum()),
                "mean_travel_minutes": weighted_mean(
                    served["travel_minutes"], served["demand_persons"]
                ),
                "new_sites": "; ".join(
                    f"{names.get(str(site), site)}: {tier}"
                    for site, tier in zip(new["site_id"], new["tier_id"], strict=True)
                ),
                "new_site_ids": "; ".join(
                    f"{site}:{tier}"
                    for site, tier in zip(new["site_id"], new["tier_id"], strict=True)
                ),
            }
        )
    return pd.DataFrame(rows)
