r"""Capacitated location with existing centres, new centres sized by tiers, a place target and a budget.

Formulation (all sums over allowed pairs; ``E`` existing sites, ``C`` candidates, ``T_j`` tiers of j):

.. math::

    \min \; \sum_{i,j} t_{ij} x_{ij} + \pi \sum_i u_i + \omega \sum_{j \in C, k \in T_j} f_{jk} y_{jk}

subject to

.. math::

    \sum_j x_{ij} + u_i = d_i \;\; \forall i, \qquad
    \sum_i x_{ij} \le Q_j \;\; (j \in E), \qquad
    \sum_i x_{ij} \le \sum_{k} q_{jk} y_{jk} \;\; (j \in C), \qquad
    \sum_k y_{jk} \le 1,

    x_{ij} \le d_i \sum_k y_{jk} \;\; (j \in C), \qquad
    \sum_{j,k} y_{jk} = p, \qquad
    \sum_{j \in E} Q_j + \sum_{j,k} q_{jk} y_{jk} \ge P, \qquad
    \sum_{j,k} f_{jk} y_{jk} \le B,

with :math:`x_{ij} \ge 0` persons of demand *i* served at *j* (single-source: :math:`x_{ij} = d_i a_{ij}`,
:math:`a_{ij}` binary), :math:`u_i \ge 0` unserved persons (forced to 0 when no penalty is given),
:math:`y_{jk}` binary "open candidate *j* at tier *k*", travel minutes :math:`t_{ij}`, capacities
:math:`Q, q` (places), costs :math:`f` (VND), place target *P* and budget *B*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pulp

from facility_plan.errors import InfeasibleScenarioError, ProblemError, SolverError
from facility_plan.models._status import SolverName, run_solver
from facility_plan.models.solution import Solution, SolveStatus, verify_capacitated
from facility_plan.problem import Problem

_VALUE_EPS = 1e-6


def check_capacitated_feasibility(
    problem: Problem,
    *,
    new_facilities: int | None,
    target_places: float | None,
    budget_vnd: float | None,
    unserved_allowed: bool,
    required_site_groups: Mapping[str, Sequence[str]],
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
        Groups of candidate sites that must each receive a new centre.

    Raises
    ------
    InfeasibleScenarioError
        With one line per reason.
    """
    reasons: list[str] = []
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


def capacitated(
    problem: Problem,
    *,
    new_facilities: int | None = None,
    target_places: float | None = None,
    budget_vnd: float | None = None,
    unserved_penalty: float | None = None,
    open_cost_weight: float = 0.0,
    max_new_facilities: int | None = None,
    single_source: bool = False,
    max_assign_minutes: float | None = None,
    required_site_groups: Mapping[str, Sequence[str]] | None = None,
    solver: SolverName = "highs",
    time_limit_seconds: float | None = None,
    mip_gap: float = 0.0,
    threads: int = 1,
    strong_links: bool = True,
    budget_by_ownership_vnd: Mapping[str, float] | None = None,
    max_minutes_by_admin: Mapping[str, float] | None = None,
    min_served_share_by_admin: Mapping[str, float] | None = None,
    closable_existing: bool = False,
) -> Solution:
    """Choose new sites and a size tier each, keep existing centres open, assign demand to capacity.

    Parameters
    ----------
    problem
        Demand (persons), sites (existing with capacity in places; candidates with tiers) and
        travel minutes.
    new_facilities
        Exact number of new centres to open; None leaves it to the objective.
    target_places
        The network (existing + new) must reach this many places.
    budget_vnd
        Upper bound on Σ open_cost_vnd of new centres (VND).
    unserved_penalty
        Objective cost of one unserved person (in travel minutes); None forbids unserved demand.
    open_cost_weight
        Objective weight per VND of opening cost (0: costs only constrain through the budget).
    max_new_facilities
        At most this many new centres (used when `new_facilities` is None).
    single_source
        Assign each demand point whole to one site.
    max_assign_minutes
        Pairs farther than this (minutes) are not allowed.
    required_site_groups
        Named groups of candidate site ids; each group must receive at least one new centre.
    solver, time_limit_seconds, mip_gap, threads
        Solver settings (see `facility_plan.models.run_solver`).
    strong_links
        Add ``x_ij ≤ d_i · open_j`` for candidates (tighter LP bound, more rows).
    budget_by_ownership_vnd
        Investment budget per ownership (``public``, ``non_public``; VND) for new centres and
        expansions; needs an ``ownership`` column in ``problem.sites``.
    max_minutes_by_admin
        Equity: demand of an admin unit is never assigned farther than this (minutes); the key
        ``"*"`` applies to every unit without its own entry.
    min_served_share_by_admin
        Equity: at least this share (0–1) of each admin unit's demand is served; key ``"*"`` as above.

    closable_existing
        Existing sites may close. A kept existing site costs its ``open_cost_vnd`` (e.g. running
        cost) times `open_cost_weight` in the objective; closing it saves that and removes its
        places (the place target then counts only kept sites).

    Existing sites with rows in ``problem.site_tiers`` can be expanded by one of those tiers
    (capacity added, cost counted in the budgets, not counted as a new centre).

    Returns
    -------
    Solution
        Status from the solver; assignments include unserved rows (site_id NA); ``opened`` lists
        every open site with its tier, places and cost. Verified independently before returning.

    Raises
    ------
    InfeasibleScenarioError
        When a pre-solve check shows the targets cannot be met (message in planner's numbers).
    """
    groups = dict(required_site_groups or {})
    check_capacitated_feasibility(
        problem,
        new_facilities=new_facilities,
        target_places=target_places,
        budget_vnd=budget_vnd,
        unserved_allowed=unserved_penalty is not None,
        required_site_groups=groups,
    )
    demand = problem.demand["demand_persons"].astype(float)
    sites = problem.sites
    minutes = problem.travel.minutes
    demand_ids = list(problem.demand.index.astype(str))
    site_ids = list(sites.index.astype(str))
    existing_ids = [str(s) for s in problem.existing_site_ids]
    tiers = problem.tiers_for_candidates()

    allowed = np.isfinite(minutes)
    if max_assign_minutes is not None:
        allowed &= minutes <= max_assign_minutes
    admin_codes = problem.demand["admin_code"].astype(str)
    if max_minutes_by_admin:
        limits = admin_codes.map(
            lambda code: max_minutes_by_admin.get(code, max_minutes_by_admin.get("*", np.inf))
        ).to_numpy(dtype=float)
        allowed &= minutes <= limits[:, None]
    positive = demand.to_numpy() > 0
    pair_rows, pair_cols = np.nonzero(allowed & positive[:, None])

    lp = pulp.LpProblem("capacitated", pulp.LpMinimize)
    open_tier: dict[tuple[str, str], pulp.LpVariable] = {}
    for row_number, tier in enumerate(tiers.itertuples(index=False)):
        open_tier[(tier.site_id, tier.tier_id)] = pulp.LpVariable(
            f"open_{row_number}", cat=pulp.LpBinary
        )
    tiers_of: dict[str, list[tuple[str, str]]] = {}
    for key in open_tier:
        tiers_of.setdefault(key[0], []).append(key)
    expansion_rows = problem.site_tiers[problem.site_tiers["site_id"].isin(existing_ids)]
    expand: dict[tuple[str, str], pulp.LpVariable] = {
        (str(row.site_id), str(row.tier_id)): pulp.LpVariable(f"expand_{n}", cat=pulp.LpBinary)
        for n, row in enumerate(expansion_rows.itertuples(index=False))
    }
    expansion_lookup = expansion_rows.astype({"site_id": str, "tier_id": str}).set_index(
        ["site_id", "tier_id"]
    )
    keep: dict[str, pulp.LpVariable] = (
        {sid: pulp.LpVariable(f"keep_{n}", cat=pulp.LpBinary) for n, sid in enumerate(existing_ids)}
        if closable_existing
        else {}
    )

    assign: dict[tuple[int, int], pulp.LpVariable] = {}
    for i, j in zip(pair_rows.tolist(), pair_cols.tolist(), strict=True):
        if site_ids[j] not in tiers_of and sites["status"].iloc[j] != "existing":
            continue
        if single_source:
            assign[(i, j)] = pulp.LpVariable(f"a_{i}_{j}", cat=pulp.LpBinary)
        else:
            assign[(i, j)] = pulp.LpVariable(f"x_{i}_{j}", lowBound=0)

    def served_persons(i: int, j: int) -> pulp.LpAffineExpression | pulp.LpVariable:
        variable = assign[(i, j)]
        return demand.iloc[i] * variable if single_source else variable

    unserved: dict[int, pulp.LpVariable] = {}
    if unserved_penalty is not None:
        unserved = {
            i: pulp.LpVariable(f"u_{i}", lowBound=0) for i in np.nonzero(positive)[0].tolist()
        }

    pairs_by_demand: dict[int, list[int]] = {}
    pairs_by_site: dict[int, list[int]] = {}
    for i, j in assign:
        pairs_by_demand.setdefault(i, []).append(j)
        pairs_by_site.setdefault(j, []).append(i)

    objective = pulp.lpSum(minutes[i, j] * served_persons(i, j) for (i, j) in assign)
    if unserved:
        objective += pulp.lpSum(float(unserved_penalty) * u for u in unserved.values())
    if open_cost_weight and keep:
        keep_cost = sites["open_cost_vnd"].astype(float)
        objective += pulp.lpSum(
            open_cost_weight * float(keep_cost.loc[sid]) * var for sid, var in keep.items()
        )
    if open_cost_weight:
        cost_lookup = tiers.set_index(["site_id", "tier_id"])["open_cost_vnd"]
        objective += pulp.lpSum(
            open_cost_weight * float(cost_lookup.loc[key]) * var for key, var in open_tier.items()
        )
    lp += objective

    for i in np.nonzero(positive)[0].tolist():
        served = pulp.lpSum(served_persons(i, j) for j in pairs_by_demand.get(i, []))
        if i in unserved:
            lp += served + unserved[i] == demand.iloc[i], f"demand_{i}"
        elif single_source:
            lp += pulp.lpSum(assign[(i, j)] for j in pairs_by_demand.get(i, [])) == 1, f"demand_{i}"
        else:
            lp += served == demand.iloc[i], f"demand_{i}"

    capacity = sites["capacity_places"].astype(float)
    tier_lookup = tiers.set_index(["site_id", "tier_id"])
    for j, site_id in enumerate(site_ids):
        load = pulp.lpSum(served_persons(i, j) for i in pairs_by_site.get(j, []))
        if site_id in tiers_of:
            keys = tiers_of[site_id]
            lp += pulp.lpSum(open_tier[k] for k in keys) <= 1, f"one_tier_{j}"
            tier_capacity = [float(tier_lookup.loc[k, "capacity_places"]) for k in keys]
            if all(np.isfinite(tier_capacity)):
                lp += (
                    load
                    <= pulp.lpSum(
                        c * open_tier[k] for c, k in zip(tier_capacity, keys, strict=True)
                    ),
                    f"capacity_{j}",
                )
            opened_expr = pulp.lpSum(open_tier[k] for k in keys)
            for i in pairs_by_site.get(j, []) if strong_links else []:
                bound = 1.0 if single_source else float(demand.iloc[i])
                lp += assign[(i, j)] <= bound * opened_expr, f"link_{i}_{j}"
        elif site_id in keep or (np.isfinite(capacity.iloc[j]) and pairs_by_site.get(j)):
            site_expansions = [k for k in expand if k[0] == site_id]
            added = pulp.lpSum(
                float(expansion_lookup.loc[k, "capacity_places"]) * expand[k]
                for k in site_expansions
            )
            if site_expansions:
                kept = keep.get(site_id, 1)
                lp += pulp.lpSum(expand[k] for k in site_expansions) <= kept, f"one_expansion_{j}"
            base = capacity.iloc[j] if np.isfinite(capacity.iloc[j]) else float(demand.sum())
            lp += load <= base * keep.get(site_id, 1) + added, f"capacity_{j}"

    all_open = list(open_tier.values())
    if new_facilities is not None:
        lp += pulp.lpSum(all_open) == new_facilities, "new_facilities"
    elif max_new_facilities is not None:
        lp += pulp.lpSum(all_open) <= max_new_facilities, "max_new_facilities"
    existing_places = float(capacity.loc[existing_ids].fillna(0).sum()) if existing_ids else 0.0
    added_places = pulp.lpSum(
        float(expansion_lookup.loc[k, "capacity_places"]) * var for k, var in expand.items()
    )
    if keep:  # closed existing sites give up their places
        added_places += pulp.lpSum(
            float(np.nan_to_num(capacity.loc[sid])) * (var - 1) for sid, var in keep.items()
        )
    if target_places is not None:
        lp += (
            existing_places
            + added_places
            + pulp.lpSum(
                float(tier_lookup.loc[k, "capacity_places"]) * var for k, var in open_tier.items()
            )
            >= target_places,
            "place_target",
        )
    if budget_vnd is not None:
        # In billions of VND: coefficients of 1e10 next to 1e0 upset the solver's numerics.
        lp += (
            pulp.lpSum(
                float(tier_lookup.loc[k, "open_cost_vnd"]) / 1e9 * var
                for k, var in open_tier.items()
            )
            + pulp.lpSum(
                float(expansion_lookup.loc[k, "open_cost_vnd"]) / 1e9 * var
                for k, var in expand.items()
            )
            <= budget_vnd / 1e9,
            "budget",
        )
    if budget_by_ownership_vnd:
        if "ownership" not in sites.columns:
            msg = "budget_by_ownership_vnd needs an 'ownership' column in problem.sites"
            raise ProblemError(msg)
        ownership = sites["ownership"].astype(str)
        for owner, owner_budget in budget_by_ownership_vnd.items():
            spend = pulp.lpSum(
                float(tier_lookup.loc[k, "open_cost_vnd"]) / 1e9 * var
                for k, var in open_tier.items()
                if ownership.loc[k[0]] == owner
            ) + pulp.lpSum(
                float(expansion_lookup.loc[k, "open_cost_vnd"]) / 1e9 * var
                for k, var in expand.items()
                if ownership.loc[k[0]] == owner
            )
            lp += spend <= owner_budget / 1e9, f"budget_{owner}"
    if min_served_share_by_admin:
        for code, members in pd.Series(range(len(demand_ids))).groupby(admin_codes.to_numpy()):
            share = min_served_share_by_admin.get(str(code), min_served_share_by_admin.get("*"))
            if share is None or share <= 0:
                continue
            rows = [i for i in members if positive[i]]
            served_in_unit = pulp.lpSum(
                served_persons(i, j) for i in rows for j in pairs_by_demand.get(i, [])
            )
            lp += (
                served_in_unit >= share * float(demand.iloc[rows].sum()),
                f"min_served_{code}",
            )
    for number, (group_name, group_sites) in enumerate(groups.items()):
        keys = [k for s in group_sites for k in tiers_of.get(str(s), [])]
        if not keys:
            msg = f"required group {group_name!r}: none of its sites is a candidate"
            raise ProblemError(msg)
        lp += pulp.lpSum(open_tier[k] for k in keys) >= 1, f"required_group_{number}"

    run = run_solver(
        lp, solver=solver, time_limit_seconds=time_limit_seconds, mip_gap=mip_gap, threads=threads
    )
    if run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return Solution(
            model_kind="capacitated",
            status=run.status,
            objective=None,
            mip_gap=run.mip_gap,
            solve_seconds=run.solve_seconds,
            solver_name=run.solver_name,
            open_site_ids=(),
            message=run.message,
        )

    chosen_expansion = {k[0]: k for k, var in expand.items() if (var.value() or 0.0) > 0.5}
    opened_rows = []
    for site_id in existing_ids:
        if site_id in keep and (keep[site_id].value() or 0.0) < 0.5:
            continue
        key = chosen_expansion.get(site_id)
        extra = float(expansion_lookup.loc[key, "capacity_places"]) if key else 0.0
        opened_rows.append(
            {
                "site_id": site_id,
                "status": "existing",
                "tier_id": key[1] if key else "",
                "capacity_places": float(capacity.loc[site_id]) + extra,
                "open_cost_vnd": float(expansion_lookup.loc[key, "open_cost_vnd"]) if key else 0.0,
                "keep_cost_vnd": float(sites.loc[site_id, "open_cost_vnd"]) if keep else 0.0,
            }
        )
    for key, variable in open_tier.items():
        if (variable.value() or 0.0) > 0.5:
            opened_rows.append(
                {
                    "site_id": key[0],
                    "status": "new",
                    "tier_id": key[1],
                    "capacity_places": float(tier_lookup.loc[key, "capacity_places"]),
                    "open_cost_vnd": float(tier_lookup.loc[key, "open_cost_vnd"]),
                }
            )
    opened = pd.DataFrame(opened_rows)

    assignment_rows: list[dict[str, object]] = []
    for (i, j), variable in assign.items():
        value = variable.value() or 0.0
        persons = value * demand.iloc[i] if single_source else value
        if persons > _VALUE_EPS:
            assignment_rows.append(
                {
                    "demand_id": demand_ids[i],
                    "site_id": site_ids[j],
                    "demand_persons": float(persons),
                    "travel_minutes": float(minutes[i, j]),
                }
            )
    served_total: dict[str, float] = {}
    for row in assignment_rows:
        key = str(row["demand_id"])
        served_total[key] = served_total.get(key, 0.0) + float(row["demand_persons"])  # type: ignore[arg-type]
    for i, demand_id in enumerate(demand_ids):
        remaining = float(demand.iloc[i]) - served_total.get(demand_id, 0.0)
        if remaining > _VALUE_EPS * max(1.0, float(demand.iloc[i])):
            assignment_rows.append(
                {
                    "demand_id": demand_id,
                    "site_id": None,
                    "demand_persons": remaining,
                    "travel_minutes": np.nan,
                }
            )
    assignments = pd.DataFrame(
        assignment_rows, columns=["demand_id", "site_id", "demand_persons", "travel_minutes"]
    )
    solution = Solution(
        model_kind="capacitated",
        status=run.status,
        objective=run.objective,
        mip_gap=run.mip_gap,
        solve_seconds=run.solve_seconds,
        solver_name=run.solver_name,
        open_site_ids=tuple(opened["site_id"]),
        assignments=assignments,
        opened=opened,
        message=run.message,
    )
    verify_capacitated(
        problem,
        solution,
        target_places=target_places,
        budget_vnd=budget_vnd,
        require_existing_open=not closable_existing,
    )
    _verify_objective(solution, unserved_penalty, open_cost_weight)
    return solution


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
