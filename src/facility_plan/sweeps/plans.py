"""A plan held fixed (its open sites and sizes) and what it achieves on a problem: person-minutes, served, unserved."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from facility_plan.errors import InfeasibleScenarioError
from facility_plan.models import CapacitatedSpec, Solution, SolverSettings
from facility_plan.problem import Problem

_LINPROG_INFEASIBLE = 2
"""`scipy.optimize.linprog` status of an infeasible problem."""


@dataclass(frozen=True, slots=True)
class FixedPlan:
    """The open sites of a plan and their sizes, to be evaluated on other data.

    Attributes
    ----------
    plan_id
        Canonical key: the new sites with their tiers, e.g. ``commune:14701@M+commune:14356@L``
        (``existing only`` when no new centre opens).
    capacities
        ``(site_id, places)`` of every open site, existing and new.
    new_sites
        ``(site_id, tier_id)`` of the new centres, sorted by site id.
    """

    plan_id: str
    capacities: tuple[tuple[str, float], ...]
    new_sites: tuple[tuple[str, str], ...]

    @classmethod
    def from_solution(cls, solution: Solution) -> FixedPlan:
        """The plan of a solution (its ``opened`` table)."""
        opened = solution.opened
        new = opened[opened["status"] == "new"]
        new_sites = tuple(
            sorted((str(s), str(t)) for s, t in zip(new["site_id"], new["tier_id"], strict=True))
        )
        return cls(
            plan_id=plan_key(new_sites),
            capacities=tuple(
                (str(site), float(places))
                for site, places in zip(opened["site_id"], opened["capacity_places"], strict=True)
            ),
            new_sites=new_sites,
        )

    @property
    def new_site_ids(self) -> tuple[str, ...]:
        """Ids of the new centres."""
        return tuple(site for site, _tier in self.new_sites)


def plan_key(new_sites: tuple[tuple[str, str], ...]) -> str:
    """Canonical key of a set of new centres with their tiers.

    Examples
    --------
    >>> plan_key((("commune:2", "L"), ("commune:1", "S")))
    'commune:1@S+commune:2@L'
    >>> plan_key(())
    'existing only'
    """
    if not new_sites:
        return "existing only"
    return "+".join(f"{site}@{tier}" if tier else site for site, tier in sorted(new_sites))


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """What a plan achieves on one problem.

    Attributes
    ----------
    status
        Solver status (``optimal``, ``infeasible``, …).
    service_person_minutes
        Travel person-minutes of the served plus the scenario's penalty (minutes) per unserved
        person: the model's objective without opening costs; NaN without a solution.
    travel_person_minutes
        Travel person-minutes of the served persons.
    served_persons, unserved_persons
        Persons (NaN without a solution).
    """

    status: str
    service_person_minutes: float
    travel_person_minutes: float
    served_persons: float
    unserved_persons: float

    @property
    def solved(self) -> bool:
        """True when the outcome has numbers."""
        return math.isfinite(self.service_person_minutes)


def no_outcome(status: str) -> PlanOutcome:
    """The outcome of a solve that found no solution."""
    nan = float("nan")
    return PlanOutcome(status, nan, nan, nan, nan)


def service_outcome(solution: Solution, unserved_penalty: float | None) -> PlanOutcome:
    """The person-minutes, served and unserved persons of a solution (recomputed from its rows)."""
    if not solution.has_solution:
        return no_outcome(str(solution.status))
    served = solution.assignments.dropna(subset=["site_id"])
    travel = float((served["demand_persons"] * served["travel_minutes"]).sum())
    unserved = solution.unserved_persons
    penalty = 0.0 if unserved_penalty is None else unserved_penalty * unserved
    return PlanOutcome(
        status=str(solution.status),
        service_person_minutes=travel + penalty,
        travel_person_minutes=travel,
        served_persons=solution.served_persons,
        unserved_persons=unserved,
    )


def _uses_only_transport_rules(spec: CapacitatedSpec) -> bool:
    """True when assigning demand to fixed sites under `spec` is a plain transport problem."""
    return not (
        spec.single_source
        or spec.max_minutes_by_admin
        or spec.min_served_share_by_admin
        or spec.closable_existing
    )


def _transport_outcome(
    problem: Problem,
    capacities: pd.Series,
    unserved_penalty: float | None,
    max_minutes: float | None,
) -> PlanOutcome:
    """Assign demand to the open sites at least person-minutes (+ penalty per unserved person).

    ``min Σ t_ij x_ij + π Σ u_i`` s.t. ``Σ_j x_ij + u_i = d_i`` and ``Σ_i x_ij ≤ Q_j``, over the
    pairs with finite minutes (at most `max_minutes`); without a penalty ``u = 0``. Solved with
    HiGHS through SciPy: the same optimum as the capacitated model with every site fixed open,
    without building a MIP.
    """
    columns = problem.sites.index.get_indexer(capacities.index)
    minutes = problem.travel.minutes[:, columns]
    demand = problem.demand["demand_persons"].to_numpy(dtype=float)
    allowed = np.isfinite(minutes) & (demand[:, None] > 0)
    if max_minutes is not None:
        allowed &= minutes <= max_minutes
    rows, sites = np.nonzero(allowed)
    pairs = len(rows)
    n_demand = len(demand)
    with_unserved = unserved_penalty is not None
    n_variables = pairs + (n_demand if with_unserved else 0)
    cost = np.concatenate(
        [minutes[rows, sites], np.full(n_demand if with_unserved else 0, unserved_penalty or 0.0)]
    )
    equality_rows = np.concatenate([rows, np.arange(n_demand) if with_unserved else []])
    equality = sparse.csr_array(
        (np.ones(n_variables), (equality_rows.astype(int), np.arange(n_variables))),
        shape=(n_demand, n_variables),
    )
    capacity = capacities.to_numpy(dtype=float)
    limited = np.flatnonzero(np.isfinite(capacity))
    limit_row = np.full(len(capacity), -1)
    limit_row[limited] = np.arange(len(limited))
    in_limit = limit_row[sites] >= 0
    upper = sparse.csr_array(
        (np.ones(int(in_limit.sum())), (limit_row[sites][in_limit], np.flatnonzero(in_limit))),
        shape=(len(limited), n_variables),
    )
    result = linprog(
        cost,
        A_ub=upper if len(limited) else None,
        b_ub=capacity[limited] if len(limited) else None,
        A_eq=equality,
        b_eq=demand,
        bounds=(0, None),
        method="highs",
    )
    if result.status == _LINPROG_INFEASIBLE:
        return no_outcome("infeasible")
    if result.status != 0:
        return no_outcome("not_solved")
    assigned = result.x[:pairs]
    unserved = float(result.x[pairs:].sum()) if with_unserved else 0.0
    travel = float(cost[:pairs] @ assigned)
    return PlanOutcome(
        status="optimal",
        service_person_minutes=travel + (unserved_penalty or 0.0) * unserved,
        travel_person_minutes=travel,
        served_persons=float(demand.sum()) - unserved,
        unserved_persons=unserved,
    )


def evaluate_plan(
    problem: Problem, plan: FixedPlan, spec: CapacitatedSpec, solver: SolverSettings
) -> PlanOutcome:
    """What `plan` achieves on `problem`: only its sites open at its sizes, demand assigned best.

    A transport problem with the specification's assignment rules (unserved penalty, longest
    trip) and no opening decisions: solved directly as a linear programme when the
    specification has no per-unit equity rules or whole-commune assignment, else by the
    capacitated model with every site of the plan fixed open.
    """
    capacities = pd.Series(dict(plan.capacities), dtype=float)
    missing = sorted(set(capacities.index) - set(problem.sites.index))
    if missing:
        msg = f"plan {plan.plan_id}: sites {missing[:5]} are not in the problem"
        raise InfeasibleScenarioError(msg)
    if _uses_only_transport_rules(spec):
        return _transport_outcome(
            problem, capacities, spec.unserved_penalty, spec.max_assign_minutes
        )
    fixed = problem.with_fixed_sites(capacities)
    fixed_spec = replace(
        spec,
        new_facilities=0,
        target_places=None,
        budget_vnd=None,
        required_site_groups={},
    )
    try:
        solution = fixed_spec.solve(fixed, solver)
    except InfeasibleScenarioError:
        return no_outcome("infeasible")
    return service_outcome(solution, spec.unserved_penalty)
