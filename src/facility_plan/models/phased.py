r"""Multi-period (phased) capacitated location: a centre once opened stays open.

For periods :math:`t = 1..T` (e.g. 2025, 2030), binary :math:`y_{jkt}` = candidate *j* open at tier *k*
in period *t*, with :math:`y_{jkt} \ge y_{jk,t-1}` (open stays open, same tier) and
:math:`\sum_k y_{jkt} \le 1`. The opening cost is paid in the period of opening:
:math:`\sum_{jk} f_{jk} (y_{jkt} - y_{jk,t-1}) \le B_t`. Each period assigns its own demand
:math:`d_{it}` to open capacity with unserved demand :math:`u_{it}` at a penalty; the objective is the
sum over periods of person-minutes plus penalties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pulp

from facility_plan.errors import ProblemError
from facility_plan.models._status import SolverSettings, run_solver
from facility_plan.models.solution import Solution, SolveStatus, verify_capacitated
from facility_plan.problem import Problem

_VALUE_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class PhasedSolution:
    """Solutions per period of a phased plan.

    Attributes
    ----------
    status
        Overall solver status.
    objective
        Total person-minutes plus penalties over all periods.
    mip_gap
        Relative gap.
    periods
        Period label → `Solution` (assignments and open sites of that period).
    openings
        One row per new centre: site_id, tier_id, capacity_places, open_cost_vnd, opened_in.
    solve_seconds
        Wall-clock seconds in the solver.
    """

    status: SolveStatus
    objective: float | None
    mip_gap: float | None
    periods: Mapping[str, Solution]
    openings: pd.DataFrame
    solve_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PhasedSpec:
    """The settings of one phased model: the keyword arguments of `phased`.

    Attributes are documented in `phased` (persons, VND, places, minutes). ``demand_by_period``
    is a frame, so a spec is compared by identity of that frame, not hashed by value.
    """

    kind: ClassVar[str] = "phased"

    demand_by_period: pd.DataFrame
    budgets_vnd: Mapping[str, float] | None = None
    target_places: Mapping[str, float] | None = None
    max_new_facilities: int | None = None
    unserved_penalty: float = 240.0

    def solve(self, problem: Problem, solver: SolverSettings = SolverSettings()) -> Solution:
        """Solve this model on `problem` and return the last period's `Solution`.

        The whole plan (every period, openings) is `phased`'s `PhasedSolution`; the spec
        contract returns one `Solution`, the network at the end of the horizon.
        """
        plan = self.solve_plan(problem, solver)
        if not plan.periods:
            return Solution(
                model_kind="phased",
                status=plan.status,
                objective=None,
                mip_gap=plan.mip_gap,
                solve_seconds=plan.solve_seconds,
                solver_name=solver.name,
                open_site_ids=(),
            )
        last = list(plan.periods.values())[-1]
        return Solution(
            model_kind="phased",
            status=last.status,
            objective=plan.objective,
            mip_gap=last.mip_gap,
            solve_seconds=last.solve_seconds,
            solver_name=last.solver_name,
            open_site_ids=last.open_site_ids,
            assignments=last.assignments,
            opened=last.opened,
            message=f"phased plan over {len(plan.periods)} periods; network of {last.message}",
        )

    def solve_plan(
        self,
        problem: Problem,
        solver: SolverSettings = SolverSettings(),
    ) -> PhasedSolution:
        """Solve this model on `problem` (see `phased`)."""
        keywords = {field.name: getattr(self, field.name) for field in fields(self)}
        return phased(problem, solver=solver, **keywords)


def phased(
    problem: Problem,
    *,
    demand_by_period: pd.DataFrame,
    budgets_vnd: Mapping[str, float] | None = None,
    target_places: Mapping[str, float] | None = None,
    max_new_facilities: int | None = None,
    unserved_penalty: float = 240.0,
    solver: SolverSettings = SolverSettings(),
) -> PhasedSolution:
    """Plan openings over several periods with per-period budgets and demand.

    Parameters
    ----------
    problem
        Sites (existing fixed open, candidates with tiers) and travel minutes; its demand column is
        ignored in favour of `demand_by_period`.
    demand_by_period
        Index = ``problem.demand.index``; one column per period in time order (persons).
    budgets_vnd
        Period → investment budget for centres opened in that period (VND); missing = no limit.
    target_places
        Period → places the network must reach by then.
    max_new_facilities
        At most this many new centres over the whole horizon.
    unserved_penalty
        Objective cost of one unserved person in one period (minutes).
    solver
        Solver settings, passed whole to the solve.

    Returns
    -------
    PhasedSolution
    """
    periods = [str(c) for c in demand_by_period.columns]
    if not periods:
        msg = "demand_by_period has no period columns"
        raise ProblemError(msg)
    if not demand_by_period.index.astype(str).equals(problem.demand.index.astype(str)):
        msg = "demand_by_period must be indexed like problem.demand (same ids, same order)"
        raise ProblemError(msg)
    budgets = dict(budgets_vnd or {})
    targets = dict(target_places or {})
    minutes = problem.travel.minutes
    site_ids = list(problem.sites.index.astype(str))
    demand_ids = list(problem.demand.index.astype(str))
    capacity = problem.sites["capacity_places"].astype(float)
    existing_ids = [str(s) for s in problem.existing_site_ids]
    tiers = problem.tiers_for_candidates()
    tier_lookup = tiers.set_index(["site_id", "tier_id"])
    keys = list(tier_lookup.index)
    reachable = np.isfinite(minutes)

    lp = pulp.LpProblem("phased", pulp.LpMinimize)
    open_at = {
        (key, t): pulp.LpVariable(f"y_{n}_{t}", cat=pulp.LpBinary)
        for n, key in enumerate(keys)
        for t in range(len(periods))
    }
    objective = []
    period_variables: dict[int, tuple[dict[Any, pulp.LpVariable], dict[Any, pulp.LpVariable]]] = {}
    for t, period in enumerate(periods):
        persons = demand_by_period[demand_by_period.columns[t]].astype(float).to_numpy()
        assign = {
            (i, j): pulp.LpVariable(f"x_{i}_{j}_{t}", lowBound=0)
            for i, j in zip(*np.nonzero(reachable & (persons[:, None] > 0)), strict=True)
        }
        unserved = {
            i: pulp.LpVariable(f"u_{i}_{t}", lowBound=0) for i in np.nonzero(persons > 0)[0]
        }
        by_demand: dict[int, list[int]] = {}
        by_site: dict[int, list[int]] = {}
        for i, j in assign:
            by_demand.setdefault(int(i), []).append(int(j))
            by_site.setdefault(int(j), []).append(int(i))
        for i, u in unserved.items():
            lp += (
                pulp.lpSum(assign[(i, j)] for j in by_demand.get(int(i), [])) + u == persons[i],
                f"demand_{i}_{t}",
            )
        for j, site_id in enumerate(site_ids):
            load = pulp.lpSum(assign[(i, j)] for i in by_site.get(j, []))
            site_keys = [k for k in keys if k[0] == site_id]
            if site_keys:
                lp += (
                    load
                    <= pulp.lpSum(
                        float(tier_lookup.loc[k, "capacity_places"]) * open_at[(k, t)]
                        for k in site_keys
                    ),
                    f"capacity_{j}_{t}",
                )
                lp += pulp.lpSum(open_at[(k, t)] for k in site_keys) <= 1, f"one_tier_{j}_{t}"
            elif site_id in existing_ids and np.isfinite(capacity.iloc[j]) and by_site.get(j):
                lp += load <= capacity.iloc[j], f"capacity_{j}_{t}"
        objective.append(pulp.lpSum(float(minutes[i, j]) * x for (i, j), x in assign.items()))
        objective.append(pulp.lpSum(unserved_penalty * u for u in unserved.values()))
        if t > 0:
            for key in keys:
                lp += open_at[(key, t)] >= open_at[(key, t - 1)], f"stay_{keys.index(key)}_{t}"
        if period in budgets:
            # In billions of VND: coefficients of 1e10 next to 1e0 upset the solver's numerics.
            spend = pulp.lpSum(
                float(tier_lookup.loc[k, "open_cost_vnd"])
                / 1e9
                * (open_at[(k, t)] - (open_at[(k, t - 1)] if t > 0 else 0))
                for k in keys
            )
            lp += spend <= budgets[period] / 1e9, f"budget_{t}"
        if period in targets:
            places = float(capacity.loc[existing_ids].fillna(0).sum()) + pulp.lpSum(
                float(tier_lookup.loc[k, "capacity_places"]) * open_at[(k, t)] for k in keys
            )
            lp += places >= targets[period], f"target_{t}"
        period_variables[t] = (assign, unserved)
    if max_new_facilities is not None:
        last = len(periods) - 1
        lp += pulp.lpSum(open_at[(k, last)] for k in keys) <= max_new_facilities, "max_new"
    lp += pulp.lpSum(objective)

    run = run_solver(lp, solver)
    if run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return PhasedSolution(run.status, None, run.mip_gap, {}, pd.DataFrame(), run.solve_seconds)

    opening_rows = []
    for key in keys:
        values = [(open_at[(key, t)].value() or 0.0) > 0.5 for t in range(len(periods))]
        if any(values):
            opening_rows.append(
                {
                    "site_id": key[0],
                    "tier_id": key[1],
                    "capacity_places": float(tier_lookup.loc[key, "capacity_places"]),
                    "open_cost_vnd": float(tier_lookup.loc[key, "open_cost_vnd"]),
                    "opened_in": periods[values.index(True)],
                }
            )
    openings = pd.DataFrame(
        opening_rows,
        columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd", "opened_in"],
    )
    solutions: dict[str, Solution] = {}
    for t, period in enumerate(periods):
        assign, unserved = period_variables[t]
        rows = [
            {
                "demand_id": demand_ids[i],
                "site_id": site_ids[j],
                "demand_persons": float(x.value() or 0.0),
                "travel_minutes": float(minutes[i, j]),
            }
            for (i, j), x in assign.items()
            if (x.value() or 0.0) > _VALUE_EPS
        ]
        rows += [
            {
                "demand_id": demand_ids[i],
                "site_id": None,
                "demand_persons": float(u.value() or 0.0),
                "travel_minutes": np.nan,
            }
            for i, u in unserved.items()
            if (u.value() or 0.0) > _VALUE_EPS
        ]
        open_now = openings[openings["opened_in"].map(periods.index) <= t].assign(status="new")
        opened = pd.concat(
            [
                pd.DataFrame(
                    {
                        "site_id": existing_ids,
                        "status": "existing",
                        "tier_id": "",
                        "capacity_places": capacity.loc[existing_ids].to_numpy(dtype=float),
                        "open_cost_vnd": 0.0,
                    }
                ),
                open_now[["site_id", "status", "tier_id", "capacity_places", "open_cost_vnd"]],
            ],
            ignore_index=True,
        )
        solution = Solution(
            model_kind="phased",
            status=run.status,
            objective=None,
            mip_gap=run.mip_gap,
            solve_seconds=run.solve_seconds,
            solver_name=run.solver_name,
            open_site_ids=tuple(opened["site_id"]),
            assignments=pd.DataFrame(
                rows, columns=["demand_id", "site_id", "demand_persons", "travel_minutes"]
            ),
            opened=opened,
            message=f"period {period}",
        )
        period_problem = Problem(
            demand=problem.demand.assign(
                demand_persons=demand_by_period.iloc[:, t].to_numpy(float)
            ),
            sites=problem.sites,
            travel=problem.travel,
            site_tiers=problem.site_tiers,
        )
        verify_capacitated(
            period_problem,
            solution,
            target_places=targets.get(period),
        )
        solutions[period] = solution
    return PhasedSolution(
        run.status, run.objective, run.mip_gap, solutions, openings, run.solve_seconds
    )
