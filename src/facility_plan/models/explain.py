"""Why the answer is what it is: binding constraints and marginal values of a capacitated solution."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec
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
        One row per change tried: ``change``, ``kind`` (``place``, ``centre`` or ``budget``),
        ``site_id`` (the centre given one more place), ``objective_before``, ``objective_after``,
        ``saving`` (objective units: person-minutes plus penalties), ``unserved_before`` and
        ``unserved_after`` (persons), ``status`` of the re-solve.
    wrong_type_places
        Idle places at open centres that none of the people left unserved may use (their group
        is not one the centre's type takes), in places; 0 when nobody is unserved.
    full_sites
        Ids of the open centres at full capacity (the facts behind `binding`, for outputs that
        write their own sentences with names and in the reader's language).
    wrong_type_sites
        ``(site id, idle places)`` of the centres counted in `wrong_type_places`.
    """

    binding: tuple[str, ...]
    marginal: pd.DataFrame
    wrong_type_places: float = 0.0
    full_sites: tuple[str, ...] = ()
    wrong_type_sites: tuple[tuple[str, float], ...] = ()


def wrong_type_places(problem: Problem, solution: Solution) -> tuple[float, str | None]:
    """Idle places nobody left unserved may use, and the sentence saying so (None when none).

    A centre's idle places are "of the wrong type" when no unserved demand row has a finite
    travel time to it: with groups matched to centre types, the pair is closed because the
    centre's type does not take the group. (Idle places an unserved row could reach are not
    counted here.)

    Parameters
    ----------
    problem
        The problem solved (demand rows with ``target_group`` when groups are matched; sites
        with ``facility_type``).
    solution
        Its solution.

    Returns
    -------
    tuple
        Idle places of the wrong type (places) and the finding, or ``(0.0, None)``.
    """
    idle_at = _idle_wrong_type(problem, solution)
    if not idle_at:
        return 0.0, None
    assignments = solution.assignments
    unserved = assignments[assignments["site_id"].isna()]
    unserved = unserved[unserved["demand_persons"] > _FULL_TOLERANCE]
    types = problem.sites.get("facility_type")
    where = ", ".join(
        f"{site_id} ({types.get(site_id) if types is not None else '?'}, {idle:,.0f})"
        for site_id, idle in idle_at.items()
    )
    groups = ""
    if "target_group" in problem.demand.columns:
        names = problem.demand["target_group"].reindex(unserved["demand_id"].astype(str))
        groups = " of " + ", ".join(sorted(set(names.dropna().astype(str))))
    total = sum(idle_at.values())
    sentence = (
        f"places of the wrong type: {total:,.0f} idle places at {where} while "
        f"{float(unserved['demand_persons'].sum()):,.1f} persons{groups} are unserved; none of "
        "them may use these centres (their groups are not ones these centre types take)"
    )
    return total, sentence


def _idle_wrong_type(problem: Problem, solution: Solution) -> dict[str, float]:
    """Idle places (places) by open site that no unserved demand row can reach."""
    assignments = solution.assignments
    unserved = assignments[assignments["site_id"].isna()]
    unserved = unserved[unserved["demand_persons"] > _FULL_TOLERANCE]
    if unserved.empty:
        return {}
    load = assignments.dropna(subset=["site_id"]).groupby("site_id")["demand_persons"].sum()
    opened = solution.opened.set_index("site_id")["capacity_places"].astype(float)
    rows = problem.travel.origin_ids.get_indexer(unserved["demand_id"].astype(str))
    idle_at: dict[str, float] = {}
    for site_id, places in opened.items():
        idle = places - float(load.get(site_id, 0.0))
        if not np.isfinite(places) or idle <= 0.5:
            continue
        column = problem.travel.destination_ids.get_loc(str(site_id))
        if not np.isfinite(problem.travel.minutes[rows, column]).any():
            idle_at[str(site_id)] = idle
    return idle_at


def _fixed_openings(problem: Problem, solution: Solution, extra_site: str | None) -> Problem:
    """The solution's open sites fixed at their chosen capacity (+1 place at `extra_site`)."""
    capacity = solution.opened.set_index("site_id")["capacity_places"].astype(float).copy()
    if extra_site is not None:
        capacity.loc[extra_site] += 1.0
    return problem.with_fixed_sites(capacity)


def explain_capacitated(
    problem: Problem,
    solution: Solution,
    spec: CapacitatedSpec,
    solver: SolverSettings,
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
    spec
        The model it was solved with; every re-solve uses it (changed only where tried).
    solver
        The solver settings it was solved with; every re-solve uses them whole.
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
    target = spec.target_places
    places = float(opened["capacity_places"].sum())
    if target is not None:
        binding.append(
            f"place target {target:,.0f}: reached with {places:,.0f} places "
            f"({'binding' if places <= target + _FULL_TOLERANCE else f'{places - target:,.0f} spare'})"
        )
    budget = spec.budget_vnd
    spent = float(opened["open_cost_vnd"].sum())
    if budget is not None:
        slack = budget - spent
        binding.append(
            f"budget {budget / 1e9:,.1f} bn VND: {spent / 1e9:,.1f} bn spent, "
            f"{slack / 1e9:,.1f} bn left" + (" (binding)" if slack < 1.0 else "")
        )
    if solution.unserved_persons > _FULL_TOLERANCE:
        binding.append(f"{solution.unserved_persons:,.1f} persons left unserved")
    wrong_places, wrong_sentence = wrong_type_places(problem, solution)
    if wrong_sentence is not None:
        binding.append(wrong_sentence)

    rows = []
    # Openings fixed, max_assign_minutes and equity limits kept: a transport problem.
    fixed_spec = replace(
        spec,
        new_facilities=0,
        max_new_facilities=None,
        target_places=None,
        budget_vnd=None,
        budget_by_ownership_vnd=None,
        required_site_groups=None,
        closable_existing=False,
    )
    base_fixed = fixed_spec.solve(_fixed_openings(problem, solution, None), solver)
    for site_id in full_sites:
        more = fixed_spec.solve(_fixed_openings(problem, solution, str(site_id)), solver)
        rows.append(
            _row(f"one more place at {site_id}", base_fixed, more)
            | {"kind": "place", "site_id": site_id}
        )
    if try_extra_site and spec.new_facilities is not None:
        changed = replace(spec, new_facilities=spec.new_facilities + 1)
        row = _resolve_row("one more new centre", problem, solution, changed, solver)
        rows.append(row | {"kind": "centre"})
    if budget is not None:
        changed = replace(spec, budget_vnd=float(budget) + budget_step_vnd)
        rows.append(
            _resolve_row(
                f"+{budget_step_vnd / 1e6:,.0f} million VND of budget",
                problem,
                solution,
                changed,
                solver,
            )
            | {"kind": "budget"}
        )
    return Explanation(
        tuple(binding),
        pd.DataFrame(rows),
        wrong_type_places=wrong_places,
        full_sites=tuple(map(str, full_sites)),
        wrong_type_sites=tuple(_idle_wrong_type(problem, solution).items()),
    )


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
    change: str,
    problem: Problem,
    solution: Solution,
    spec: CapacitatedSpec,
    solver: SolverSettings,
) -> dict[str, Any]:
    try:
        after = spec.solve(problem, solver)
    except InfeasibleScenarioError as err:
        return {"change": change, "status": f"infeasible: {err}"}
    return _row(change, solution, after)
