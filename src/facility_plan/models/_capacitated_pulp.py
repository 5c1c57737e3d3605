"""The capacitated model in plain PuLP, unreduced: the CBC path and the reference the fast path is tested against."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pulp

from facility_plan.errors import ProblemError
from facility_plan.models._status import SolverRun, SolverSettings, run_solver
from facility_plan.models.solution import SolveStatus
from facility_plan.problem import Problem

if TYPE_CHECKING:
    from facility_plan.models.capacitated import CapacitatedChoice, CapacitatedSpec


def solve_with_pulp(
    problem: Problem, spec: CapacitatedSpec, solver: SolverSettings
) -> tuple[SolverRun, CapacitatedChoice | None]:
    """Build the full model of `spec` term by term in PuLP and solve it with `solver`.

    Parameters
    ----------
    problem
        The problem (minutes, persons, places, VND).
    spec
        The model settings.
    solver
        Solver settings, passed whole to `run_solver`.

    Returns
    -------
    tuple
        The run and the chosen openings and assignments (None without an incumbent).
    """
    from facility_plan.models.capacitated import CapacitatedChoice

    new_facilities = spec.new_facilities
    target_places = spec.target_places
    budget_vnd = spec.budget_vnd
    unserved_penalty = spec.unserved_penalty
    open_cost_weight = spec.open_cost_weight
    max_new_facilities = spec.max_new_facilities
    single_source = spec.single_source
    max_assign_minutes = spec.max_assign_minutes
    strong_links = spec.strong_links
    budget_by_ownership_vnd = spec.budget_by_ownership_vnd
    max_minutes_by_admin = spec.max_minutes_by_admin
    min_served_share_by_admin = spec.min_served_share_by_admin
    keep_existing_closable = spec.closable_existing
    groups = dict(spec.required_site_groups or {})
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
        if keep_existing_closable
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
    if unserved and unserved_penalty is not None:
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
        objective += pulp.lpSum(  # expansions cost like new tiers
            open_cost_weight * float(expansion_lookup.loc[key, "open_cost_vnd"]) * var
            for key, var in expand.items()
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
        elif (
            site_id in keep
            or (np.isfinite(capacity.iloc[j]) and pairs_by_site.get(j))
            or any(k[0] == site_id for k in expand)  # one expansion per site, used or not
        ):
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

    run = run_solver(lp, solver)
    if run.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return run, None
    assignments = [
        (i, j, (variable.value() or 0.0) * (float(demand.iloc[i]) if single_source else 1.0))
        for (i, j), variable in assign.items()
    ]
    choice = CapacitatedChoice(
        assignments=tuple((i, j, p) for i, j, p in assignments if p > 0.0),
        new_tiers=tuple(k for k, var in open_tier.items() if (var.value() or 0.0) > 0.5),
        expansions=tuple(k for k, var in expand.items() if (var.value() or 0.0) > 0.5),
        closed_existing=tuple(s for s, var in keep.items() if (var.value() or 0.0) < 0.5),
    )
    return run, choice
