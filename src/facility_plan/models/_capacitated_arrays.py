"""The capacitated model as sparse arrays (columns, rows in CSR), reduced exactly, for highspy.

Assignment variables are shares: :math:`x_{gj} \\in [0, 1]` of demand group *g* served at *j*
(binary when single-source), so demand rows read :math:`\\sum_j x_{gj} + u_g = 1`, capacity rows
:math:`\\sum_g D_g x_{gj} \\le \\text{places}` and the strong links :math:`x_{gj} \\le \\sum_k y_{jk}`
have unit coefficients. Every reduction below keeps the optimal objective of the full model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import ProblemError
from facility_plan.problem import Problem

if TYPE_CHECKING:
    from facility_plan.models.capacitated import CapacitatedSpec

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_BILLION = 1e9  # budgets in billions of VND: 1e10 next to 1e0 upsets the solver's numerics


@dataclass(frozen=True, slots=True)
class CapacitatedArrays:
    """The reduced capacitated MILP and how its columns map back to ids.

    Attributes
    ----------
    column_cost, column_lower, column_upper, column_integer
        Objective (person-minutes per unit, penalties, weighted VND), bounds and integrality.
    row_lower, row_upper, row_start, row_index, row_value
        Rows in CSR form (``row_start`` has one entry per row plus one).
    link_group, link_column, link_site_columns
        Strong links not in the rows, to be added when violated: the share column
        ``link_column[n]`` must not exceed the sum of ``site_columns[link_site_columns[n]]``.
    site_columns
        Per site position, the columns that open it (tiers, or ``keep``), as arrays.
    capacity_row
        Per site position, its capacity row (``Σ_g D_g x_gj − Σ places · open ≤ upper``), or -1
        when the site is uncapacitated for the demand it can reach.
    tier_site, expansion_site
        Site position of each tier column and of each expansion column.
    group_demand
        Persons per demand group (``D_g``).
    group_members
        Per group, positions of its rows in ``problem.demand`` (merged rows share travel rows).
    pair_group, pair_site
        Group and site position of each assignment column (columns ``0 .. n_pairs - 1``).
    unserved_start
        First unserved column (one per group), or -1 when unserved demand is not allowed.
    tier_start, expansion_start, keep_start
        First column of candidate tiers, expansions and keep decisions.
    tier_keys, expansion_keys, keep_site_ids
        (site_id, tier_id) of each tier and expansion column; site id of each keep column.
    """

    column_cost: FloatArray
    column_lower: FloatArray
    column_upper: FloatArray
    column_integer: npt.NDArray[np.bool_]
    row_lower: FloatArray
    row_upper: FloatArray
    row_start: IntArray
    row_index: IntArray
    row_value: FloatArray
    link_column: IntArray
    link_site: IntArray
    site_columns: tuple[IntArray, ...]
    capacity_row: IntArray
    tier_site: IntArray
    expansion_site: IntArray
    group_demand: FloatArray
    group_members: tuple[IntArray, ...]
    pair_group: IntArray
    pair_site: IntArray
    unserved_start: int
    tier_start: int
    expansion_start: int
    keep_start: int
    tier_keys: tuple[tuple[str, str], ...]
    expansion_keys: tuple[tuple[str, str], ...]
    keep_site_ids: tuple[str, ...]

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return int(self.column_cost.size)

    @property
    def n_groups(self) -> int:
        """Number of demand groups; their rows come first."""
        return int(self.group_demand.size)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.row_lower.size)


class _Rows:
    """Rows collected as COO triplets, turned into CSR once."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.row_parts: list[IntArray] = []
        self.column_parts: list[IntArray] = []
        self.value_parts: list[FloatArray] = []

    def add(
        self,
        columns: npt.ArrayLike,
        values: npt.ArrayLike,
        lower: float = -np.inf,
        upper: float = np.inf,
    ) -> None:
        column_array = np.asarray(columns, dtype=np.int64).reshape(-1)
        value_array = np.broadcast_to(np.asarray(values, dtype=np.float64), column_array.shape)
        self.row_parts.append(np.full(column_array.size, len(self.lower), dtype=np.int64))
        self.column_parts.append(column_array)
        self.value_parts.append(np.array(value_array, dtype=np.float64))
        self.lower.append(lower)
        self.upper.append(upper)

    def add_many(
        self,
        rows: IntArray,
        columns: IntArray,
        values: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        """Add ``len(lower)`` rows at once; ``rows`` numbers them from 0."""
        start = len(self.lower)
        self.row_parts.append(rows.astype(np.int64) + start)
        self.column_parts.append(columns.astype(np.int64))
        self.value_parts.append(values.astype(np.float64))
        self.lower.extend(lower.tolist())
        self.upper.extend(upper.tolist())

    def csr(self) -> tuple[FloatArray, FloatArray, IntArray, IntArray, FloatArray]:
        rows = np.concatenate(self.row_parts) if self.row_parts else np.zeros(0, np.int64)
        columns = np.concatenate(self.column_parts) if self.column_parts else np.zeros(0, np.int64)
        values = np.concatenate(self.value_parts) if self.value_parts else np.zeros(0)
        keep = values != 0.0
        rows, columns, values = rows[keep], columns[keep], values[keep]
        order = np.lexsort((columns, rows))
        counts = np.bincount(rows, minlength=len(self.lower))
        start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return (
            np.asarray(self.lower, dtype=np.float64),
            np.asarray(self.upper, dtype=np.float64),
            start,
            columns[order],
            values[order],
        )


def allowed_pairs(problem: Problem, spec: CapacitatedSpec) -> npt.NDArray[np.bool_]:
    """Pairs (demand row, site) the full model allows: finite, within both minute limits."""
    minutes = problem.travel.minutes
    allowed = np.isfinite(minutes)
    if spec.max_assign_minutes is not None:
        allowed &= minutes <= spec.max_assign_minutes
    if spec.max_minutes_by_admin:
        limits = _by_admin(problem, spec.max_minutes_by_admin, np.inf)
        allowed &= minutes <= limits[:, None]
    result: npt.NDArray[np.bool_] = allowed
    return result


def _by_admin(problem: Problem, values: Mapping[str, float], default: float) -> FloatArray:
    codes = problem.demand["admin_code"].astype(str).tolist()
    fallback = values.get("*", default)
    return np.array([values.get(code, fallback) for code in codes], dtype=np.float64)


def _demand_groups(
    problem: Problem, spec: CapacitatedSpec, usable: npt.NDArray[np.bool_]
) -> tuple[IntArray, tuple[IntArray, ...]]:
    """Group positive-demand rows whose usable travel rows (and admin unit if it matters) agree.

    With splittable demand, rows with the same usable sites at the same minutes are one commodity:
    a merged solution split in proportion to each row's persons is feasible and costs the same,
    so merging is exact. Single-source assignment keeps every row on its own.
    """
    persons = problem.demand["demand_persons"].to_numpy(dtype=np.float64)
    positive = np.nonzero(persons > 0)[0]
    if spec.single_source or positive.size == 0:
        return positive, tuple(np.array([i]) for i in positive)
    minutes = np.where(usable, problem.travel.minutes, np.inf)[positive]
    keys = np.ascontiguousarray(minutes).view(np.dtype((np.void, minutes.shape[1] * 8))).ravel()
    if spec.min_served_share_by_admin:
        codes = problem.demand["admin_code"].astype(str).to_numpy()[positive]
        frame = pd.DataFrame({"row": [k.tobytes() for k in keys], "code": codes})
        labels = frame.groupby(["row", "code"], sort=False).ngroup().to_numpy()
    else:
        labels = pd.Series([k.tobytes() for k in keys]).factorize()[0]
    members = tuple(positive[labels == label] for label in range(int(labels.max()) + 1))
    representatives = np.array([m[0] for m in members], dtype=np.int64)
    return representatives, members


def _dominated(
    site: IntArray, places: FloatArray, cost: FloatArray, costs_matter: bool
) -> npt.NDArray[np.bool_]:
    """Tiers another tier of the same site dominates: at least as many places, no dearer.

    Places only ever help (capacity rows are ≤, the place target and the all-served cut are ≥);
    cost only hurts, and not at all when it is neither weighted nor budgeted. So fixing a
    dominated tier to 0 keeps an optimal solution (ties keep the first tier).
    """
    room = np.nan_to_num(places, nan=np.inf)
    price = cost if costs_matter else np.zeros_like(cost)
    dominated = np.zeros(site.size, dtype=bool)
    for j in np.unique(site).tolist():
        mine = np.nonzero(site == j)[0]
        for a in mine.tolist():
            better = (room[mine] >= room[a]) & (price[mine] <= price[a])
            strictly = (room[mine] > room[a]) | (price[mine] < price[a]) | (mine < a)
            dominated[a] = bool(np.any(better & strictly))
    return dominated


def build_capacitated_arrays(problem: Problem, spec: CapacitatedSpec) -> CapacitatedArrays:
    """Build the reduced model of `spec` on `problem` as arrays.

    Parameters
    ----------
    problem
        The problem (minutes, persons, places, VND).
    spec
        The model settings.

    Returns
    -------
    CapacitatedArrays
        Rows exclude the strong links, which are listed for lazy separation.

    Raises
    ------
    ProblemError
        On settings the data cannot support (ownership budgets without ``ownership``, required
        groups without candidates, a place target with an uncapacitated candidate tier).
    """
    sites = problem.sites
    site_ids = [str(s) for s in sites.index]
    position_of = {sid: n for n, sid in enumerate(site_ids)}
    is_existing = (sites["status"] == "existing").to_numpy()
    capacity = sites["capacity_places"].to_numpy(dtype=np.float64)
    tiers = problem.tiers_for_candidates()
    expansions = problem.site_tiers[
        problem.site_tiers["site_id"]
        .astype(str)
        .isin([s for s, e in zip(site_ids, is_existing, strict=True) if e])
    ].astype({"site_id": str, "tier_id": str, "capacity_places": float, "open_cost_vnd": float})
    tier_site = np.array([position_of[s] for s in tiers["site_id"]], dtype=np.int64)
    tier_places = tiers["capacity_places"].to_numpy(dtype=np.float64)
    tier_cost = tiers["open_cost_vnd"].to_numpy(dtype=np.float64)
    expansion_site = np.array([position_of[s] for s in expansions["site_id"]], dtype=np.int64)
    expansion_places = expansions["capacity_places"].to_numpy(dtype=np.float64)
    expansion_cost = expansions["open_cost_vnd"].to_numpy(dtype=np.float64)
    closable = spec.closable_existing
    keep_positions = np.nonzero(is_existing)[0] if closable else np.zeros(0, dtype=np.int64)

    # A site can take demand if it is existing, or a candidate with at least one tier.
    servable = is_existing.copy()
    servable[tier_site] = True
    usable = allowed_pairs(problem, spec) & servable[None, :]
    if spec.unserved_penalty is not None:
        # Pruning: when unserved demand costs π minutes per person, a pair with t_ij > π is never
        # used by an optimal solution: moving its persons to "unserved" lowers the objective by
        # (t_ij − π) per person and only frees capacity (capacity rows are ≤, the place target,
        # budgets and counts do not involve assignments). The one constraint that can force such
        # a pair is a minimum served share, so rows of admin units with one keep all their pairs.
        penalty = float(spec.unserved_penalty)
        prunable = np.ones(len(problem.demand), dtype=bool)
        if spec.min_served_share_by_admin:
            prunable = ~(_by_admin(problem, spec.min_served_share_by_admin, 0.0) > 0)
        usable &= ~((problem.travel.minutes > penalty) & prunable[:, None])
    representatives, members = _demand_groups(problem, spec, usable)
    persons = problem.demand["demand_persons"].to_numpy(dtype=np.float64)
    group_demand = np.array([persons[m].sum() for m in members], dtype=np.float64)
    n_groups = representatives.size
    pair_group, pair_site = np.nonzero(usable[representatives])
    pair_group = pair_group.astype(np.int64)
    pair_site = pair_site.astype(np.int64)
    n_pairs = pair_group.size
    pair_minutes = problem.travel.minutes[representatives[pair_group], pair_site]

    unserved_start = n_pairs if spec.unserved_penalty is not None else -1
    n_unserved = n_groups if spec.unserved_penalty is not None else 0
    tier_start = n_pairs + n_unserved
    expansion_start = tier_start + len(tiers)
    keep_start = expansion_start + len(expansions)
    n_columns = keep_start + keep_positions.size

    weight = spec.open_cost_weight
    cost = np.zeros(n_columns)
    cost[:n_pairs] = pair_minutes * group_demand[pair_group]
    if n_unserved:
        cost[tier_start - n_unserved : tier_start] = (
            float(spec.unserved_penalty or 0.0) * group_demand
        )
    cost[tier_start:expansion_start] = weight * tier_cost
    cost[expansion_start:keep_start] = weight * expansion_cost
    if keep_positions.size:
        cost[keep_start:] = (
            weight * sites["open_cost_vnd"].to_numpy(dtype=np.float64)[keep_positions]
        )
    integer = np.zeros(n_columns, dtype=bool)
    integer[tier_start:] = True
    if spec.single_source:
        integer[:n_pairs] = True
    lower = np.zeros(n_columns)
    upper = np.ones(n_columns)
    costs_matter = bool(weight) or spec.budget_vnd is not None or bool(spec.budget_by_ownership_vnd)
    upper[tier_start:expansion_start] = ~_dominated(tier_site, tier_places, tier_cost, costs_matter)
    upper[expansion_start:keep_start] = ~_dominated(
        expansion_site, expansion_places, expansion_cost, costs_matter
    )

    rows = _Rows()
    # Demand: Σ_j x_gj (+ u_g) = 1 for each group.
    demand_columns = [np.arange(n_pairs, dtype=np.int64)]
    demand_rows = [pair_group]
    if n_unserved:
        demand_columns.append(np.arange(unserved_start, unserved_start + n_groups, dtype=np.int64))
        demand_rows.append(np.arange(n_groups, dtype=np.int64))
    rows.add_many(
        np.concatenate(demand_rows),
        np.concatenate(demand_columns),
        np.ones(sum(c.size for c in demand_columns)),
        np.ones(n_groups),
        np.ones(n_groups),
    )

    reach = np.bincount(pair_site, weights=group_demand[pair_group], minlength=len(site_ids))
    pairs_at = np.argsort(pair_site, kind="stable")
    bounds = np.searchsorted(pair_site[pairs_at], np.arange(len(site_ids) + 1))
    site_open_columns: list[IntArray] = [np.zeros(0, dtype=np.int64) for _ in site_ids]
    capacity_row = np.full(len(site_ids), -1, dtype=np.int64)
    for j in range(len(site_ids)):
        pairs = pairs_at[bounds[j] : bounds[j + 1]]
        load_values = group_demand[pair_group[pairs]]
        tier_columns = tier_start + np.nonzero(tier_site == j)[0]
        expansion_columns = expansion_start + np.nonzero(expansion_site == j)[0]
        if not is_existing[j]:
            if tier_columns.size == 0:
                continue
            site_open_columns[j] = tier_columns
            rows.add(tier_columns, 1.0, upper=1.0)  # one tier per site
            if pairs.size:
                # Uncapacitated tiers: the demand that can reach j is an exact big-M.
                places = np.minimum(
                    np.nan_to_num(tier_places[tier_columns - tier_start], nan=np.inf), reach[j]
                )
                capacity_row[j] = len(rows.lower)
                rows.add(
                    np.concatenate([pairs, tier_columns]),
                    np.concatenate([load_values, -places]),
                    upper=0.0,
                )
            continue
        keep_column = np.nonzero(keep_positions == j)[0]
        added = expansion_places[expansion_columns - expansion_start]
        if keep_column.size:
            keep_col = keep_start + keep_column
            site_open_columns[j] = keep_col
            base = capacity[j] if np.isfinite(capacity[j]) else reach[j]
            if expansion_columns.size:
                rows.add(
                    np.concatenate([expansion_columns, keep_col]),
                    np.r_[np.ones(expansion_columns.size), -1.0],
                    upper=0.0,
                )
            if pairs.size:
                capacity_row[j] = len(rows.lower)
                rows.add(
                    np.concatenate([pairs, keep_col, expansion_columns]),
                    np.concatenate([load_values, [-min(base, reach[j])], -added]),
                    upper=0.0,
                )
            continue
        if expansion_columns.size:
            rows.add(expansion_columns, 1.0, upper=1.0)
        if pairs.size and np.isfinite(capacity[j]) and capacity[j] < reach[j]:
            capacity_row[j] = len(rows.lower)
            rows.add(
                np.concatenate([pairs, expansion_columns]),
                np.concatenate([load_values, -added]),
                upper=float(capacity[j]),
            )

    tier_columns_all = np.arange(tier_start, expansion_start, dtype=np.int64)
    if spec.new_facilities is not None:
        rows.add(
            tier_columns_all,
            1.0,
            lower=float(spec.new_facilities),
            upper=float(spec.new_facilities),
        )
    elif spec.max_new_facilities is not None:
        rows.add(tier_columns_all, 1.0, upper=float(spec.max_new_facilities))

    existing_positions = np.nonzero(is_existing)[0]
    existing_places = float(np.nan_to_num(capacity[existing_positions]).sum())
    keep_places = np.nan_to_num(capacity[keep_positions])
    expansion_columns_all = np.arange(expansion_start, keep_start, dtype=np.int64)
    keep_columns_all = np.arange(keep_start, n_columns, dtype=np.int64)
    place_columns = np.concatenate([tier_columns_all, expansion_columns_all, keep_columns_all])
    if spec.target_places is not None:
        if not np.isfinite(tier_places).all():
            msg = "target_places needs a finite capacity_places for every candidate tier"
            raise ProblemError(msg)
        rows.add(
            place_columns,
            np.concatenate([tier_places, expansion_places, keep_places]),
            lower=float(spec.target_places) - existing_places + float(keep_places.sum()),
        )
    fixed_capacity = capacity[existing_positions[~np.isin(existing_positions, keep_positions)]]
    if (
        spec.unserved_penalty is None
        and np.isfinite(fixed_capacity).all()
        and np.isfinite(capacity[keep_positions]).all()
    ):
        # All demand must be served: open places must cover it (coefficients capped at the
        # demand each site can reach, which keeps the cut valid and makes it tighter).
        tier_reach = reach[tier_site]
        rows.add(
            place_columns,
            np.concatenate(
                [
                    np.minimum(np.nan_to_num(tier_places, nan=np.inf), tier_reach),
                    np.minimum(expansion_places, reach[expansion_site]),
                    np.minimum(keep_places, reach[keep_positions]),
                ]
            ),
            lower=float(group_demand.sum())
            - float(
                np.minimum(
                    fixed_capacity,
                    reach[existing_positions[~np.isin(existing_positions, keep_positions)]],
                ).sum()
            ),
        )
    spend = np.concatenate([tier_cost, expansion_cost]) / _BILLION
    spend_columns = np.concatenate([tier_columns_all, expansion_columns_all])
    if spec.budget_vnd is not None:
        rows.add(spend_columns, spend, upper=spec.budget_vnd / _BILLION)
    if spec.budget_by_ownership_vnd:
        if "ownership" not in sites.columns:
            msg = "budget_by_ownership_vnd needs an 'ownership' column in problem.sites"
            raise ProblemError(msg)
        ownership = sites["ownership"].astype(str).to_numpy()
        owner_of = ownership[np.concatenate([tier_site, expansion_site])]
        for owner, owner_budget in spec.budget_by_ownership_vnd.items():
            mine = owner_of == owner
            rows.add(spend_columns[mine], spend[mine], upper=owner_budget / _BILLION)
    if spec.min_served_share_by_admin:
        codes = problem.demand["admin_code"].astype(str).to_numpy()
        pair_code = codes[representatives[pair_group]]
        for code in pd.unique(codes):
            share = spec.min_served_share_by_admin.get(
                code, spec.min_served_share_by_admin.get("*")
            )
            if share is None or share <= 0:
                continue
            unit_persons = float(persons[(codes == code) & (persons > 0)].sum())
            mine = np.nonzero(pair_code == code)[0]
            rows.add(mine, group_demand[pair_group[mine]], lower=share * unit_persons)
    tier_site_ids = tiers["site_id"].to_numpy()
    for group_name, group_sites in (spec.required_site_groups or {}).items():
        mine = np.nonzero(np.isin(tier_site_ids, [str(s) for s in group_sites]))[0]
        if mine.size == 0:
            msg = f"required group {group_name!r}: none of its sites is a candidate"
            raise ProblemError(msg)
        rows.add(tier_start + mine, 1.0, lower=1.0)

    # Strong links x_gj ≤ open_j pay only where the capacity row does not already imply them,
    # i.e. where D_g is below the largest capacity j can open at.
    largest = np.zeros(len(site_ids))
    np.maximum.at(largest, tier_site, np.nan_to_num(tier_places, nan=np.inf))
    largest[keep_positions] = np.inf
    has_open_columns = np.array([c.size > 0 for c in site_open_columns])
    linked = has_open_columns[pair_site] & (group_demand[pair_group] < largest[pair_site])
    if not spec.strong_links:
        linked[:] = False  # the capacity rows (big-M = reachable demand) suffice for correctness
    row_lower, row_upper, row_start, row_index, row_value = rows.csr()
    return CapacitatedArrays(
        column_cost=cost,
        column_lower=lower,
        column_upper=upper,
        column_integer=integer,
        row_lower=row_lower,
        row_upper=row_upper,
        row_start=row_start,
        row_index=row_index,
        row_value=row_value,
        link_column=np.nonzero(linked)[0].astype(np.int64),
        link_site=pair_site[linked],
        site_columns=tuple(site_open_columns),
        capacity_row=capacity_row,
        tier_site=tier_site,
        expansion_site=expansion_site,
        group_demand=group_demand,
        group_members=members,
        pair_group=pair_group,
        pair_site=pair_site,
        unserved_start=unserved_start,
        tier_start=tier_start,
        expansion_start=expansion_start,
        keep_start=keep_start,
        tier_keys=tuple(
            zip(tiers["site_id"].astype(str), tiers["tier_id"].astype(str), strict=True)
        ),
        expansion_keys=tuple(
            zip(expansions["site_id"].astype(str), expansions["tier_id"].astype(str), strict=True)
        ),
        keep_site_ids=tuple(site_ids[j] for j in keep_positions),
    )
