"""Check a capacitated plan in planner's numbers: targets before solving, the full model after."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from facility_plan.errors import InfeasibleScenarioError, SolverError
from facility_plan.models._capacitated_arrays import allowed_pairs
from facility_plan.models.solution import Solution, verify_capacitated
from facility_plan.problem import Problem

if TYPE_CHECKING:
    from facility_plan.models.capacitated import CapacitatedSpec

_TOLERANCE = 1e-6


def check_capacitated_feasibility(
    problem: Problem,
    *,
    new_facilities: int | None,
    target_places: float | None,
    budget_vnd: float | None,
    unserved_allowed: bool,
    required_site_groups: Mapping[str, Sequence[str]] | None,
) -> None:
    """Explain, in the planner's numbers, why targets cannot be met, before any solver runs.

    Parameters
    ----------
    problem
        The problem.
    new_facilities
        Exact number of new centres, or None.
    target_places
        Place target for the whole network (places), or None.
    budget_vnd
        Investment budget for new centres (VND), or None.
    unserved_allowed
        Whether demand may be left unserved.
    required_site_groups
        Groups of candidate sites that must each receive a new centre (None: none).

    Raises
    ------
    InfeasibleScenarioError
        With one line per reason.
    """
    reasons: list[str] = []
    required_site_groups = required_site_groups or {}
    tiers = problem.tiers_for_candidates()
    existing_places = float(
        problem.sites.loc[problem.existing_site_ids, "capacity_places"].fillna(0).sum()
    )
    best_per_site = tiers.groupby("site_id")["capacity_places"].max().sort_values(ascending=False)
    cheapest_per_site = tiers.groupby("site_id")["open_cost_vnd"].min().sort_values()
    n_candidates = len(best_per_site)
    if new_facilities is not None and new_facilities > n_candidates:
        reasons.append(
            f"{new_facilities} new centres asked for, but only {n_candidates} candidate sites exist"
        )
    expansions = problem.site_tiers[problem.site_tiers["site_id"].isin(problem.existing_site_ids)]
    expansion_places = float(expansions.groupby("site_id")["capacity_places"].max().sum())
    if target_places is not None:
        needed = target_places - existing_places - expansion_places
        count = n_candidates if new_facilities is None else min(new_facilities, n_candidates)
        largest = best_per_site.iloc[:count]
        if needed > 0 and largest.sum() < needed:
            reasons.append(
                f"target {target_places:,.0f} places needs {needed:,.0f} new places on top of "
                f"{existing_places:,.0f} existing"
                + (f" (+{expansion_places:,.0f} by expansion)" if expansion_places else "")
                + f"; the {count} largest candidate tiers give "
                f"{largest.sum():,.0f} ({' + '.join(f'{v:,.0f}' for v in largest)})"
            )
    if budget_vnd is not None and new_facilities:
        cheapest = cheapest_per_site.iloc[:new_facilities].sum()
        if cheapest > budget_vnd:
            reasons.append(
                f"budget {budget_vnd / 1e9:,.1f} bn VND cannot open {new_facilities} new centres: "
                f"the cheapest {new_facilities} cost {cheapest / 1e9:,.1f} bn VND"
            )
    for group_name, site_ids in required_site_groups.items():
        usable = [s for s in site_ids if s in best_per_site.index]
        if not usable:
            reasons.append(f"required group {group_name!r} has no candidate site")
    if new_facilities is not None and len(required_site_groups) > new_facilities:
        reasons.append(
            f"{len(required_site_groups)} required groups but only {new_facilities} new centres"
        )
    existing_capacity = problem.sites.loc[problem.existing_site_ids, "capacity_places"]
    if not unserved_allowed and existing_capacity.notna().all():
        total_demand = float(problem.demand["demand_persons"].sum())
        count = n_candidates if new_facilities is None else min(new_facilities, n_candidates)
        max_places = existing_places + float(best_per_site.iloc[:count].sum())
        if max_places < total_demand:
            reasons.append(
                f"all demand must be served ({total_demand:,.0f} persons) but existing centres and "
                f"the {count} largest candidate tiers give at most {max_places:,.0f} places"
            )
    if reasons:
        raise InfeasibleScenarioError(
            "targets cannot be met:\n" + "\n".join(f"  - {r}" for r in reasons)
        )


def verify_capacitated_spec(problem: Problem, solution: Solution, spec: CapacitatedSpec) -> None:
    """Re-check a solution against every constraint and the objective of the full, unreduced model.

    Beyond `verify_capacitated` (demand accounted, capacities, place target, budget, existing
    open): pairs within the minute limits, one tier per site, the count of new centres, required
    groups, budgets per ownership, minimum served shares, single-source assignment, and the
    objective recomputed from the assignments (person-minutes + penalties + weighted VND).

    Parameters
    ----------
    problem
        The problem solved.
    solution
        Its solution (must have one).
    spec
        The model settings it was solved with.

    Raises
    ------
    SolverError
        Listing every violation found.
    """
    verify_capacitated(
        problem,
        solution,
        target_places=spec.target_places,
        budget_vnd=spec.budget_vnd,
        require_existing_open=not spec.closable_existing,
    )
    violations: list[str] = []
    served = solution.assignments.dropna(subset=["site_id"])
    if spec.unserved_penalty is None and solution.unserved_persons > _TOLERANCE * max(
        1.0, float(problem.demand["demand_persons"].sum())
    ):
        violations.append(f"{solution.unserved_persons:,.3f} persons unserved, none allowed")
    allowed = allowed_pairs(problem, spec)
    rows = problem.demand.index.get_indexer(served["demand_id"])
    columns = problem.sites.index.get_indexer(served["site_id"])
    if not served.empty and not allowed[rows, columns].all():
        violations.append("assignments beyond the travel-minute limits")
    opened = solution.opened
    if opened["site_id"].duplicated().any():
        violations.append("a site opened twice (one tier per site)")
    new = opened[opened["status"] == "new"]
    if spec.new_facilities is not None and len(new) != spec.new_facilities:
        violations.append(f"{len(new)} new centres, {spec.new_facilities} required")
    elif spec.max_new_facilities is not None and len(new) > spec.max_new_facilities:
        violations.append(f"{len(new)} new centres, at most {spec.max_new_facilities} allowed")
    for group_name, group_sites in (spec.required_site_groups or {}).items():
        if not set(new["site_id"]) & {str(s) for s in group_sites}:
            violations.append(f"required group {group_name!r} has no new centre")
    if spec.budget_by_ownership_vnd:
        owner = problem.sites["ownership"].astype(str)
        spend = opened.groupby(opened["site_id"].map(owner))["open_cost_vnd"].sum()
        for name, budget in spec.budget_by_ownership_vnd.items():
            if float(spend.get(name, 0.0)) > budget * (1 + 1e-9) + _TOLERANCE:
                violations.append(f"{name} investment above its budget {budget:,.0f} VND")
    if spec.min_served_share_by_admin:
        shares = spec.min_served_share_by_admin
        codes = problem.demand["admin_code"].astype(str)
        demand_by_unit = problem.demand["demand_persons"].groupby(codes).sum()
        served_by_unit = served.groupby(served["demand_id"].map(codes))["demand_persons"].sum()
        for code, persons in demand_by_unit.items():
            share = shares.get(str(code), shares.get("*"))
            if share and float(served_by_unit.get(code, 0.0)) < share * persons - _TOLERANCE:
                violations.append(f"admin unit {code}: served share below {share:.0%}")
    if spec.single_source and served["demand_id"].duplicated().any():
        violations.append("single-source demand split across sites")
    if violations:
        raise SolverError(
            "capacitated solution breaks the full model:\n"
            + "\n".join(f"  - {v}" for v in violations)
        )
    _verify_objective(solution, spec.unserved_penalty, spec.open_cost_weight)


def _verify_objective(
    solution: Solution, unserved_penalty: float | None, open_cost_weight: float
) -> None:
    served = solution.assignments.dropna(subset=["site_id"])
    recomputed = float((served["demand_persons"] * served["travel_minutes"]).sum())
    if unserved_penalty is not None:
        recomputed += unserved_penalty * solution.unserved_persons
    recomputed += open_cost_weight * float(solution.opened["open_cost_vnd"].sum())
    if "keep_cost_vnd" in solution.opened.columns:
        recomputed += open_cost_weight * float(solution.opened["keep_cost_vnd"].fillna(0.0).sum())
    reported = solution.objective
    if reported is None:
        return
    if abs(recomputed - reported) > 1e-4 * max(1.0, abs(reported)):
        msg = (
            f"capacitated: objective recomputed from the assignments is {recomputed:,.4f}, "
            f"the solver reported {reported:,.4f}"
        )
        raise SolverError(msg)
