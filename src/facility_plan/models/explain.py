"""Why the answer is what it is: binding constraints and marginal values of a capacitated solution."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models.capacitated import capacitated
from facility_plan.models.solution import Solution
from facility_plan.problem import Problem

_FULL_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Explanation:
    """Binding constraints and marginal values.

    Attributes
    ----------
    binding
        Sentences naming the constraints that hold the answer back (full centres, place target,
        budget, unserved demand).
    marginal
        One row per change tried: ``change``, ``objective_before``, ``objective_after``,
        ``saving`` (objective units: person-minutes plus penalties), ``unserved_before`` and
        ``unserved_after`` (persons), ``status`` of the re-solve.
    """

    binding: tuple[str, ...]
    marginal: pd.DataFrame


def _fixed_openings(problem: Problem, solution: Solution, extra_site: str | None) -> Problem:
    """The solution's open sites fixed at their chosen capacity (+1 place at `extra_site`)."""
    capacity = solution.opened.set_index("site_id")["capacity_places"].astype(float).copy()
    if extra_site is not None:
        capacity.loc[extra_site] += 1.0
    return problem.with_fixed_sites(capacity)


def explain_capacitated(
    problem: Problem,
    solution: Solution,
    settings: Mapping[str, Any],
    *,
    try_extra_site: bool = True,
    budget_step_vnd: float = 1e6,
) -> Explanation:
    """Explain a capacitated solution by re-solving small changes of it.

    Marginal values are finite differences, so they are exact for the change tried:
    one more place at each full centre (openings fixed, a transport LP), one more new centre and
    one more ``budget_step_vnd`` of budget (full re-solves).

    Parameters
    ----------
    problem
        The problem solved.
    solution
        Its capacitated solution.
    settings
        The keyword arguments given to `capacitated` (new_facilities, budget_vnd, …).
    try_extra_site
        Also re-solve with one more new centre (a full MIP; slower).
    budget_step_vnd
        Budget step for the money marginal value (VND); default one million VND.

    Returns
    -------
    Explanation
    """
    if not solution.has_solution:
        msg = f"cannot explain a solution with status {solution.status!s}"
        raise InfeasibleScenarioError(msg)
    served = solution.assignments.dropna(subset=["site_id"])
    load = served.groupby("site_id")["demand_persons"].sum()
    opened = solution.opened.set_index("site_id")
    binding: list[str] = []
    full_sites = [
        site_id
        for site_id, places in opened["capacity_places"].items()
        if np.isfinite(places) and load.get(site_id, 0.0) >= places - _FULL_TOLERANCE
    ]
    if full_sites:
        binding.append(f"centres at full capacity: {', '.join(map(str, full_sites))}")
    target = settings.get("target_places")
    places = float(opened["capacity_places"].sum())
    if target is not None:
        binding.append(
            f"place target {target:,.0f}: reached with {places:,.0f} places "
            f"({'binding' if places <= target + _FULL_TOLERANCE else f'{places - target:,.0f} spare'})"
        )
    budget = settings.get("budget_vnd")
    spent = float(opened["open_cost_vnd"].sum())
    if budget is not None:
        slack = budget - spent
        binding.append(
            f"budget {budget / 1e9:,.1f} bn VND: {spent / 1e9:,.1f} bn spent, "
            f"{slack / 1e9:,.1f} bn left" + (" (binding)" if slack < 1.0 else "")
        )
    if solution.unserved_persons > _FULL_TOLERANCE:
        binding.append(f"{solution.unserved_persons:,.1f} persons left unserved")

    penalty = settings.get("unserved_penalty")
    rows = []
    fixed_settings = {"new_facilities": 0, "unserved_penalty": penalty}
    base_fixed = capacitated(_fixed_openings(problem, solution, None), **fixed_settings)
    for site_id in full_sites:
        more = capacitated(_fixed_openings(problem, solution, str(site_id)), **fixed_settings)
        rows.append(_row(f"one more place at {site_id}", base_fixed, more))
    if try_extra_site and settings.get("new_facilities") is not None:
        changed = {**settings, "new_facilities": int(settings["new_facilities"]) + 1}
        rows.append(_resolve_row("one more new centre", problem, solution, changed))
    if budget is not None:
        changed = {**settings, "budget_vnd": float(budget) + budget_step_vnd}
        rows.append(
            _resolve_row(
                f"+{budget_step_vnd / 1e6:,.0f} million VND of budget", problem, solution, changed
            )
        )
    return Explanation(tuple(binding), pd.DataFrame(rows))


def _row(change: str, before: Solution, after: Solution) -> dict[str, Any]:
    return {
        "change": change,
        "status": str(after.status),
        "objective_before": before.objective,
        "objective_after": after.objective,
        "saving": (before.objective or 0.0) - (after.objective or 0.0)
        if after.has_solution
        else np.nan,
        "unserved_before": before.unserved_persons,
        "unserved_after": after.unserved_persons if after.has_solution else np.nan,
    }


def _resolve_row(
    change: str, problem: Problem, solution: Solution, settings: Mapping[str, Any]
) -> dict[str, Any]:
    try:
        after = capacitated(problem, **settings)
    except InfeasibleScenarioError as err:
        return {"change": change, "status": f"infeasible: {err}"}
    return _row(change, solution, after)
