"""Near-optimal alternatives: the best distinct sets of new sites within a tolerance of the optimum, best first."""

from __future__ import annotations

import heapq
import itertools
import math
import time
from dataclasses import dataclass, replace

import pandas as pd

from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError
from facility_plan.models import CapacitatedSpec, SolverSettings
from facility_plan.problem import Problem
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps.executor import ExecutorSettings, open_sweep, run_task
from facility_plan.sweeps.plans import FixedPlan, PlanOutcome, no_outcome, service_outcome
from facility_plan.sweeps.result import AlternativesResult
from facility_plan.sweeps.sites import plan_facts, site_directory
from facility_plan.travel import TravelMatrix

FORCED_GROUP_PREFIX = "forced:"
"""Name prefix of the one-site groups that force a site open in a sub-problem."""
PLAN_COLUMNS = (
    "rank",
    "communes",
    "districts",
    "plan_id",
    "district_codes",
    "places_new",
    "land_m2",
    "investment_vnd",
    "objective",
    "gap_share",
    "service_person_minutes",
    "travel_person_minutes",
    "mean_travel_minutes",
    "served_persons",
    "unserved_persons",
    "status",
)


@dataclass(frozen=True, slots=True)
class Subproblem:
    """A part of the plan space: these candidate sites must open, those may not.

    Attributes
    ----------
    forced
        Candidate sites that must receive a new centre.
    excluded
        Candidate sites that may not.
    """

    forced: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AlternativesBase:
    """The scenario's problem and how to solve it; sent to each sweep worker once."""

    problem: Problem
    spec: CapacitatedSpec
    solver: SolverSettings


@dataclass(frozen=True, slots=True)
class SubproblemOutcome:
    """The best plan of a sub-problem (None when it has none).

    Attributes
    ----------
    subproblem
        The sub-problem.
    objective
        The model's objective of its best plan (NaN when none).
    plan
        Its best plan.
    outcome
        Person-minutes, served and unserved persons of that plan.
    """

    subproblem: Subproblem
    objective: float
    plan: FixedPlan | None
    outcome: PlanOutcome


def without_sites(problem: Problem, site_ids: tuple[str, ...]) -> Problem:
    """The problem without the given candidate sites (their columns and tiers removed)."""
    if not site_ids:
        return problem
    keep = ~problem.sites.index.isin(site_ids)
    kept_ids = problem.sites.index[keep]
    travel = problem.travel
    return Problem(
        demand=problem.demand,
        sites=problem.sites.loc[keep],
        travel=TravelMatrix(
            travel.origin_ids,
            pd.Index(kept_ids, name=travel.destination_ids.name),
            travel.minutes[:, keep],
            travel.method,
        ),
        site_tiers=problem.site_tiers[~problem.site_tiers["site_id"].isin(site_ids)],
    )


def _groups(spec: CapacitatedSpec, subproblem: Subproblem) -> dict[str, list[str]] | None:
    """Required groups of a sub-problem; None when one of them has no site left."""
    groups: dict[str, list[str]] = {}
    for name, sites in (spec.required_site_groups or {}).items():
        if set(sites) & set(subproblem.forced):
            continue
        usable = [str(s) for s in sites if s not in subproblem.excluded]
        if not usable:
            return None
        groups[name] = usable
    groups.update({f"{FORCED_GROUP_PREFIX}{site}": [site] for site in subproblem.forced})
    return groups


def solve_subproblem(base: AlternativesBase, subproblem: Subproblem) -> SubproblemOutcome:
    """A sweep task: the best plan with the sub-problem's forced and excluded sites."""
    groups = _groups(base.spec, subproblem)
    if groups is None:
        return SubproblemOutcome(subproblem, math.nan, None, no_outcome("infeasible"))
    spec = replace(base.spec, required_site_groups=groups)
    try:
        solution = spec.solve(without_sites(base.problem, subproblem.excluded), base.solver)
    except InfeasibleScenarioError:
        return SubproblemOutcome(subproblem, math.nan, None, no_outcome("infeasible"))
    if not solution.has_solution or solution.objective is None:
        return SubproblemOutcome(subproblem, math.nan, None, no_outcome(str(solution.status)))
    return SubproblemOutcome(
        subproblem,
        float(solution.objective),
        FixedPlan.from_solution(solution),
        service_outcome(solution, base.spec.unserved_penalty),
    )


def partition(outcome: SubproblemOutcome) -> tuple[Subproblem, ...]:
    """Split a sub-problem around its best plan into parts that hold every other plan once.

    With new sites s₁ … sₘ not yet forced, part *i* forces s₁ … sᵢ₋₁ and excludes sᵢ
    (Lawler–Murty). With a fixed number of new centres the parts hold every other plan of the
    sub-problem exactly once.

    Examples
    --------
    >>> plan = FixedPlan("a+b", (("a", 10.0), ("b", 10.0)), (("a", "S"), ("b", "S")))
    >>> parent = SubproblemOutcome(Subproblem(), 1.0, plan, no_outcome("optimal"))
    >>> partition(parent)
    (Subproblem(forced=(), excluded=('a',)), Subproblem(forced=('a',), excluded=('b',)))
    """
    if outcome.plan is None:
        return ()
    parent = outcome.subproblem
    free = [site for site in outcome.plan.new_site_ids if site not in parent.forced]
    return tuple(
        Subproblem(
            forced=(*parent.forced, *free[:position]),
            excluded=(*parent.excluded, site),
        )
        for position, site in enumerate(free)
    )


def _plan_rows(
    listed: list[SubproblemOutcome], prepared: PreparedScenario, optimum: float
) -> pd.DataFrame:
    directory = site_directory(prepared)
    rows = []
    for rank, found in enumerate(listed, start=1):
        if found.plan is None:  # never listed: only outcomes with a plan enter the frontier
            continue
        facts = plan_facts(found.plan, directory, prepared.problem.site_tiers)
        outcome = found.outcome
        rows.append(
            {
                "rank": rank,
                "plan_id": found.plan.plan_id,
                "communes": facts.communes,
                "districts": facts.districts,
                "district_codes": facts.district_codes,
                "places_new": facts.places_new,
                "land_m2": facts.land_m2,
                "investment_vnd": facts.investment_vnd,
                "objective": found.objective,
                "gap_share": (found.objective - optimum) / abs(optimum) if optimum else 0.0,
                "service_person_minutes": outcome.service_person_minutes,
                "travel_person_minutes": outcome.travel_person_minutes,
                "mean_travel_minutes": (
                    outcome.travel_person_minutes / outcome.served_persons
                    if outcome.served_persons
                    else math.nan
                ),
                "served_persons": outcome.served_persons,
                "unserved_persons": outcome.unserved_persons,
                "status": outcome.status,
            }
        )
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


@dataclass(frozen=True, slots=True)
class AlternativesSearch:
    """What the search found.

    Attributes
    ----------
    plans
        Best plans found, best first (each with a plan).
    optimum
        The model's objective at the optimum.
    complete
        True when every plan within the tolerance is listed.
    solves
        Model solves the search took.
    """

    plans: tuple[SubproblemOutcome, ...]
    optimum: float
    complete: bool
    solves: int


def search_alternatives(
    base: AlternativesBase,
    *,
    within_share: float,
    max_plans: int,
    executor: ExecutorSettings | None = None,
) -> AlternativesSearch:
    """The best distinct plans of `base` within `within_share` of its optimum, best first.

    Raises
    ------
    InfeasibleScenarioError
        When the problem has no solution.
    """
    if within_share < 0 or max_plans < 1:
        msg = f"--within must be ≥ 0 and --max ≥ 1, got {within_share} and {max_plans}"
        raise ScenarioConfigError(msg)
    root = run_task(solve_subproblem, base, Subproblem())
    if root.plan is None:
        msg = f"no solution ({root.outcome.status})"
        raise InfeasibleScenarioError(msg)
    optimum = root.objective
    limit = optimum + within_share * abs(optimum)
    order = itertools.count()
    frontier: list[tuple[float, int, SubproblemOutcome]] = [(optimum, next(order), root)]
    listed: list[SubproblemOutcome] = []
    solves = 1
    with open_sweep(base, executor) as runner:
        while frontier and len(listed) < max_plans:
            objective, _, best = frontier[0]
            if objective > limit:
                break
            heapq.heappop(frontier)
            listed.append(best)
            if len(listed) == max_plans:
                break
            parts = partition(best)
            solves += len(parts)
            for found in runner.map(solve_subproblem, parts):
                if found.plan is not None:
                    heapq.heappush(frontier, (found.objective, next(order), found))
    complete = len(listed) < max_plans and (not frontier or frontier[0][0] > limit)
    return AlternativesSearch(tuple(listed), optimum, complete, solves)


def find_alternatives(
    prepared: PreparedScenario,
    *,
    within_share: float = 0.02,
    max_plans: int = 10,
    executor: ExecutorSettings | None = None,
) -> AlternativesResult:
    """The best distinct plans (different sets of new sites) within `within_share` of the optimum.

    Plans are found best first by splitting the plan space around each plan found (see
    `partition`); the parts of one split are solved in parallel on the executor. Each plan keeps
    the scenario's constraints (number of new centres, place target, budget, required
    districts); the model chooses the sizes.

    Parameters
    ----------
    prepared
        The scenario.
    within_share
        Tolerance on the model's objective (0.02 = 2 % above the optimum).
    max_plans
        Most plans to list (the optimum included).
    executor
        Where the solves run (default: a local process pool).

    Returns
    -------
    AlternativesResult

    Raises
    ------
    InfeasibleScenarioError
        When the scenario itself has no solution.
    """
    started = time.perf_counter()
    settings = executor or ExecutorSettings()
    base = AlternativesBase(prepared.problem, prepared.spec, prepared.solver)
    try:
        search = search_alternatives(
            base, within_share=within_share, max_plans=max_plans, executor=settings
        )
    except InfeasibleScenarioError as err:
        msg = f"{prepared.config.name}: {err}"
        raise InfeasibleScenarioError(msg) from None
    return AlternativesResult(
        scenario=prepared.config.name,
        within_share=within_share,
        max_plans=max_plans,
        plans=_plan_rows(list(search.plans), prepared, search.optimum),
        complete=search.complete,
        solves=search.solves,
        executor=settings.describe(),
        wall_seconds=time.perf_counter() - started,
    )
