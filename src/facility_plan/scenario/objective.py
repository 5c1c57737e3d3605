"""The objective a costed scenario is solved for: priority weights, served shares, least cost then travel."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.config import CapacitatedConfig, PhasedConfig
from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError, SolverError
from facility_plan.models import CapacitatedSpec, Solution, SolverSettings, SolveStatus
from facility_plan.models.capacitated import capacitated_with_pulp
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

BILLION_VND = 1e9
_COST_GRANULE_VND = 1e8
"""Least-cost step: a saving of this much (VND) outweighs any change in travel and penalties."""

_SHARE_STEP = 0.05
"""An unreachable overall served share is lowered by this step until a plan meets it."""

_TOKEN_PERSONS = 1e-6
_TOKEN_WEIGHT = 1e3
"""Cost-only solve: persons per row and objective weight per billion VND (travel is noise)."""


# --- priority weights and served shares: the problem the solver sees -----------------------


def _weights(problem: Problem) -> npt.NDArray[np.float64]:
    if "priority_weight" not in problem.demand.columns:
        return np.ones(len(problem.demand))
    weights: npt.NDArray[np.float64] = (
        problem.demand["priority_weight"].fillna(1.0).to_numpy(dtype=float)
    )
    return weights


def _admin_limits(problem: Problem, spec: CapacitatedSpec) -> np.ndarray:
    """Per demand row, the farthest allowed minutes (max_assign and max_minutes_by_admin)."""
    limit = np.full(len(problem.demand), np.inf)
    if spec.max_assign_minutes is not None:
        limit[:] = spec.max_assign_minutes
    by_admin = dict(spec.max_minutes_by_admin or {})
    if by_admin:
        codes = problem.demand["admin_code"].astype(str)
        own = codes.map(by_admin).to_numpy(dtype=float)
        fallback = float(by_admin.get("*", np.inf))
        limit = np.minimum(limit, np.where(np.isnan(own), fallback, own))
    return limit


def objective_problem(problem: Problem, spec: CapacitatedSpec) -> tuple[Problem, CapacitatedSpec]:
    """The problem with priority weights in the travel minutes (limits applied first) and its spec.

    A commune of weight w counts each minute w times; the unserved penalty is raised to
    π · max w so that no commune is cheaper to leave unserved than before.
    """
    weights = _weights(problem)
    if np.allclose(weights, 1.0):
        return problem, spec
    actual = problem.travel.minutes
    limited = np.where(actual > _admin_limits(problem, spec)[:, None], np.inf, actual)
    travel = TravelMatrix(
        problem.travel.origin_ids,
        problem.travel.destination_ids,
        limited * weights[:, None],
        problem.travel.method,
    )
    penalty = None if spec.unserved_penalty is None else spec.unserved_penalty * weights.max()
    weighted = dataclasses.replace(problem, travel=travel)
    return weighted, dataclasses.replace(
        spec, unserved_penalty=penalty, max_assign_minutes=None, max_minutes_by_admin=None
    )


def share_problem(
    problem: Problem,
    spec: CapacitatedSpec,
    served_share: float | None,
    share_by_group: dict[str, float],
    unit: str,
) -> tuple[Problem, CapacitatedSpec]:
    """The problem relabelled so the model's per-unit share rows express the served shares.

    Served-share targets group the demand rows: each group with its own share, and the rows of
    all other groups together under ``served_share``; otherwise the equity unit ``district`` groups rows by
    district. Assignments are keyed by demand id, so the solution maps back unchanged.
    """
    demand = problem.demand
    if served_share is None and not share_by_group:
        if unit != "district":
            return problem, spec
        relabelled = demand.assign(admin_code=demand["district_code"].astype(str))
        return dataclasses.replace(problem, demand=relabelled), spec
    groups = demand["target_group"].astype(str)
    unknown = sorted(set(share_by_group) - set(groups))
    if unknown:
        msg = f"served_share_by_group: {unknown} not among the demand groups {sorted(set(groups))}"
        raise ScenarioConfigError(msg)
    labels = groups.where(groups.isin(list(share_by_group)), "rest")
    shares = {f"share:{g}": float(s) for g, s in share_by_group.items()}
    if served_share is not None:
        shares["share:rest"] = float(served_share)
    relabelled = demand.assign(admin_code="share:" + labels)
    return dataclasses.replace(problem, demand=relabelled), dataclasses.replace(
        spec, min_served_share_by_admin=shares
    )


def restore(problem: Problem, solution: Solution) -> Solution:
    """`solution` on the original problem: actual travel minutes on every assignment."""
    if not solution.has_solution or solution.assignments.empty:
        return solution
    assignments = solution.assignments.copy()
    served = assignments["site_id"].notna()
    rows = problem.demand.index.get_indexer(assignments.loc[served, "demand_id"])
    columns = problem.sites.index.get_indexer(assignments.loc[served, "site_id"].astype(str))
    assignments.loc[served, "travel_minutes"] = problem.travel.minutes[rows, columns]
    return dataclasses.replace(solution, assignments=assignments)


def investment_vnd(solution: Solution) -> float:
    """Investment of a solution: new centres and expansions (VND)."""
    if solution.opened.empty:
        return 0.0
    return float(solution.opened["open_cost_vnd"].sum())


# --- costed kinds: capacitated solves with the objective -----------------------------------


def solve_costed(
    problem: Problem,
    spec: CapacitatedSpec,
    model: CapacitatedConfig | PhasedConfig,
    solver: SolverSettings,
    *,
    shares: tuple[float | None, dict[str, float]],
    label: str,
) -> tuple[Solution, float | None]:
    """One capacitated solve with the scenario objective; returns the solution and the least cost.

    ``least_cost`` solves twice: the cheapest plan (investment weighted far above any travel),
    then the best travel among plans costing at most ``(1 + cost_tolerance_share)`` × that.
    An overall served share that no plan can reach (the solver proves the model infeasible) is
    lowered in steps of 0.05 until one can; the targets table reports the gap against the stated
    share. A solve that ends at its time limit without a plan proves nothing and is never taken
    as a reason to lower the share: it raises `SolverError` instead.
    """
    served_share, by_group = shares
    while True:
        try:
            return _solve_costed_once(
                problem, spec, model, solver, shares=(served_share, by_group), label=label
            )
        except InfeasibleScenarioError:
            if served_share is None or served_share <= 0.0 or by_group:
                raise
            served_share = max(round(served_share - _SHARE_STEP, 6), 0.0)


def _solve_costed_once(
    problem: Problem,
    spec: CapacitatedSpec,
    model: CapacitatedConfig | PhasedConfig,
    solver: SolverSettings,
    *,
    shares: tuple[float | None, dict[str, float]],
    label: str,
) -> tuple[Solution, float | None]:
    shared, shared_spec = share_problem(
        problem, spec, shares[0], dict(shares[1]), model.equity_unit
    )
    solve_on, solve_spec = objective_problem(shared, shared_spec)
    objective = model.objective
    least_cost: float | None = None
    if objective.kind == "weighted":
        weight = float(objective.person_minutes_per_billion_vnd or 0.0) / BILLION_VND
        solve_spec = dataclasses.replace(solve_spec, open_cost_weight=weight)
    elif objective.kind == "least_cost":
        cheapest = _checked(_cheapest(solve_on, solve_spec, solver), label)
        least_cost = investment_vnd(cheapest)
        allowed = least_cost * (1.0 + objective.cost_tolerance_share) + 1.0
        if solve_spec.budget_vnd is not None:
            allowed = min(allowed, solve_spec.budget_vnd)
        solve_spec = dataclasses.replace(solve_spec, budget_vnd=allowed)
    solution = _checked(solve_spec.solve(solve_on, solver), label)
    return restore(problem, solution), least_cost


def _cheapest(problem: Problem, spec: CapacitatedSpec, solver: SolverSettings) -> Solution:
    """The least-investment plan meeting the targets (its travel is not optimised).

    Without served shares, no assignment can change what the targets need (places, counts,
    budgets, districts), so the solve keeps one token demand row and is a small problem in the
    tier choices alone; with shares, investment is weighted far above any travel and penalty.
    """
    if not spec.min_served_share_by_admin and spec.unserved_penalty is not None:
        token = pd.DataFrame(
            {"demand_persons": [_TOKEN_PERSONS], "admin_code": ["*"], "target_group": ["all"]},
            index=pd.Index(["token"], name=problem.demand.index.name),
        )
        travel = TravelMatrix(
            pd.Index(["token"], name=problem.travel.origin_ids.name),
            problem.travel.destination_ids,
            np.zeros((1, len(problem.sites))),
            problem.travel.method,
        )
        cost_only = dataclasses.replace(
            spec,
            open_cost_weight=_TOKEN_WEIGHT / BILLION_VND,
            max_assign_minutes=None,
            max_minutes_by_admin=None,
            single_source=False,
        )
        # The plain model: the reduced fast path reports no objective for a lone token row.
        return capacitated_with_pulp(
            dataclasses.replace(problem, demand=token, travel=travel), cost_only, solver
        )
    persons = problem.demand["demand_persons"].to_numpy(dtype=float)
    bound = float(persons.sum()) * float(spec.unserved_penalty or 1e4) + 1.0
    weighted = dataclasses.replace(spec, open_cost_weight=bound / _COST_GRANULE_VND)
    return weighted.solve(problem, solver)


def _checked(solution: Solution, label: str) -> Solution:
    """`solution` if it has a plan; `InfeasibleScenarioError` only when infeasibility is proven."""
    if solution.has_solution:
        return solution
    if solution.status == SolveStatus.INFEASIBLE:
        msg = (
            f"{label}: no plan meets the targets (the solver proved the model infeasible); "
            "relax the budget, the tiers or the shares"
        )
        raise InfeasibleScenarioError(msg)
    msg = (
        f"{label}: the solver found no plan before stopping (status {solution.status}, "
        f"{solution.message!r}); this proves nothing about the targets: raise "
        "solver.time_limit_seconds or solver.mip_gap"
    )
    raise SolverError(msg)
