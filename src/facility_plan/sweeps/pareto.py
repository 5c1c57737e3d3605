"""Budget Pareto sweep: people served against the investment budget, one independent solve per budget."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models import CapacitatedSpec, SolverSettings
from facility_plan.problem import Problem
from facility_plan.scenario import PreparedScenario
from facility_plan.scenario.tables import site_names, weighted_mean
from facility_plan.sweeps.executor import ExecutorSettings, ProgressHook, open_sweep

PARETO_COLUMNS = (
    "budget_vnd",
    "status",
    "served_persons",
    "unserved_persons",
    "places_total",
    "investment_vnd",
    "mean_travel_minutes",
    "new_sites",
    "new_site_ids",
)


@dataclass(frozen=True, slots=True)
class ParetoBase:
    """What every budget point shares; sent to each sweep worker once.

    Attributes
    ----------
    problem
        The scenario's problem.
    spec
        Its model specification.
    required_site_groups
        District code → candidate site ids that must receive a new centre (kept for budgets > 0).
    solver
        Solver settings.
    max_new_facilities
        Most new centres a budget may open.
    site_names
        Site id → ``name (district)`` for the ``new_sites`` column (ids go to ``new_site_ids``).
    """

    problem: Problem
    spec: CapacitatedSpec
    required_site_groups: Mapping[str, Sequence[str]]
    solver: SolverSettings
    max_new_facilities: int | None
    site_names: Mapping[str, str] = field(default_factory=dict)


def solve_budget(base: ParetoBase, budget_vnd: float) -> dict[str, object]:
    """A sweep task: the capacitated solve at one budget (VND), as one row of `PARETO_COLUMNS`."""
    spec = replace(
        base.spec,
        new_facilities=None,
        target_places=None,
        max_new_facilities=base.max_new_facilities,
        budget_vnd=float(budget_vnd),
        required_site_groups=dict(base.required_site_groups) if budget_vnd > 0 else {},
    )
    try:
        solution = spec.solve(base.problem, base.solver)
    except InfeasibleScenarioError:
        return {"budget_vnd": float(budget_vnd), "status": "infeasible"}
    if not solution.has_solution:
        return {"budget_vnd": float(budget_vnd), "status": str(solution.status)}
    served = solution.assignments.dropna(subset=["site_id"])
    new = solution.opened[solution.opened["status"] == "new"]
    return {
        "budget_vnd": float(budget_vnd),
        "status": str(solution.status),
        "served_persons": solution.served_persons,
        "unserved_persons": solution.unserved_persons,
        "places_total": float(solution.opened["capacity_places"].sum()),
        "investment_vnd": float(new["open_cost_vnd"].sum()),
        "mean_travel_minutes": weighted_mean(served["travel_minutes"], served["demand_persons"]),
        "new_sites": "; ".join(
            f"{base.site_names.get(str(site), site)}: {tier}"
            for site, tier in zip(new["site_id"], new["tier_id"], strict=True)
        ),
        "new_site_ids": "; ".join(
            f"{site}:{tier}" for site, tier in zip(new["site_id"], new["tier_id"], strict=True)
        ),
    }


def budget_pareto(
    prepared: PreparedScenario,
    budgets_vnd: Sequence[float],
    *,
    executor: ExecutorSettings | None = None,
    on_progress: ProgressHook | None = None,
) -> pd.DataFrame:
    """People served against the investment budget: one capacitated solve per budget, in parallel.

    Each solve keeps the scenario's data, tiers and required districts, opens at most
    ``model.new_facilities`` new centres within the budget and drops the place target (so that
    small budgets stay feasible and show what they buy) — the same points as
    `facility_plan.scenario.compute_budget_pareto`, computed on the sweep executor.

    Parameters
    ----------
    prepared
        The scenario.
    budgets_vnd
        Budgets to try (VND).
    executor
        Where the solves run (default: a local process pool).
    on_progress
        Called with (points done, points).

    Returns
    -------
    pandas.DataFrame
        Columns `PARETO_COLUMNS`, one row per budget in the order given.
    """
    base = ParetoBase(
        problem=prepared.problem,
        spec=prepared.spec,
        required_site_groups=dict(prepared.required_site_groups),
        solver=prepared.solver,
        max_new_facilities=prepared.config.model.new_facilities,
        site_names=site_names(prepared.inputs),
    )
    with open_sweep(base, executor) as runner:
        rows = runner.map(solve_budget, [float(b) for b in budgets_vnd], on_progress=on_progress)
    return pd.DataFrame(rows, columns=list(PARETO_COLUMNS))
