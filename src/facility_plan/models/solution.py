"""`Solution`: what a model found, keyed by ids, honest about status; and its independent verifier."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from facility_plan.errors import SolverError
from facility_plan.problem import Problem


class SolveStatus(StrEnum):
    """Outcome of a solve, read from the solver (never assumed)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"


ASSIGNMENT_COLUMNS = ("demand_id", "site_id", "demand_persons", "travel_minutes")


def empty_assignments() -> pd.DataFrame:
    """An empty assignments table with the standard columns."""
    return pd.DataFrame(
        {
            "demand_id": pd.Series(dtype=str),
            "site_id": pd.Series(dtype=object),
            "demand_persons": pd.Series(dtype=float),
            "travel_minutes": pd.Series(dtype=float),
        }
    )


@dataclass(frozen=True, slots=True)
class Solution:
    """A model's answer.

    Attributes
    ----------
    model_kind
        ``p_median``, ``max_coverage``, ``set_covering``, ``p_center``, ``capacitated``, …
    status
        `SolveStatus` read from the solver.
    objective
        Objective value of the incumbent (model units), None when there is none.
    mip_gap
        Relative gap between incumbent and bound (0 when proven optimal), None when unknown.
    solve_seconds
        Wall-clock seconds in the solver.
    solver_name
        ``highs`` or ``cbc``.
    open_site_ids
        Ids of all open sites (existing kept open and new).
    assignments
        Columns demand_id, site_id (NA for unserved demand), demand_persons (persons), travel_minutes.
    opened
        One row per open site: site_id, status, tier_id, capacity_places, open_cost_vnd.
    message
        Extra information from the solver or the model (e.g. why nothing was solved).
    """

    model_kind: str
    status: SolveStatus
    objective: float | None
    mip_gap: float | None
    solve_seconds: float
    solver_name: str
    open_site_ids: tuple[str, ...]
    assignments: pd.DataFrame = field(default_factory=empty_assignments)
    opened: pd.DataFrame = field(default_factory=pd.DataFrame)
    message: str = ""

    @property
    def has_solution(self) -> bool:
        """True when an incumbent exists (optimal or feasible)."""
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def served_persons(self) -> float:
        """Persons assigned to an open site."""
        served = self.assignments["site_id"].notna()
        return float(self.assignments.loc[served, "demand_persons"].sum())

    @property
    def unserved_persons(self) -> float:
        """Persons left unserved."""
        unserved = self.assignments["site_id"].isna()
        return float(self.assignments.loc[unserved, "demand_persons"].sum())


def verify_capacitated(
    problem: Problem,
    solution: Solution,
    *,
    target_places: float | None = None,
    budget_vnd: float | None = None,
    tolerance: float = 1e-6,
    require_existing_open: bool = True,
) -> None:
    """Re-check a capacitated solution from its ids, independently of the solver.

    Checks that every demand is fully accounted for (assigned + unserved = demand), that no
    assignment goes to a closed site, that no site exceeds its capacity, that the place target
    and the budget hold, and that existing sites are open.

    Parameters
    ----------
    problem
        The problem that was solved.
    solution
        Its solution (must have one).
    target_places
        Place target to check (places), if any.
    budget_vnd
        Budget to check (VND), if any.
    tolerance
        Absolute tolerance (persons, places; relative 1e-6 for VND).
    require_existing_open
        Whether every existing site must be open (False when existing sites may close).

    Raises
    ------
    SolverError
        Listing every violation found.
    """
    violations: list[str] = []
    assignments = solution.assignments
    open_ids = set(solution.open_site_ids)
    missing_existing = set(problem.existing_site_ids) - open_ids
    if require_existing_open and missing_existing:
        violations.append(f"existing sites not open: {sorted(missing_existing)}")
    per_demand = assignments.groupby("demand_id")["demand_persons"].sum()
    expected = problem.demand["demand_persons"]
    accounted = per_demand.reindex(expected.index, fill_value=0.0)
    off = (accounted - expected).abs() > tolerance * np.maximum(1.0, expected)
    if off.any():
        violations.append(f"demand not fully accounted for at {off[off].index.tolist()[:5]}")
    served = assignments.dropna(subset=["site_id"])
    closed = sorted(set(served["site_id"]) - open_ids)
    if closed:
        violations.append(f"demand assigned to sites that are not open: {closed[:5]}")
    capacity = solution.opened.set_index("site_id")["capacity_places"]
    load = served.groupby("site_id")["demand_persons"].sum()
    for site_id, persons in load.items():
        limit = capacity.get(site_id, np.nan)
        if np.isfinite(limit) and persons > limit + tolerance * max(1.0, limit):
            violations.append(f"site {site_id}: {persons:.3f} persons assigned, capacity {limit}")
    if target_places is not None and capacity.sum() < target_places - tolerance:
        violations.append(f"places {capacity.sum():.0f} below target {target_places:.0f}")
    if budget_vnd is not None:
        spent = float(solution.opened["open_cost_vnd"].sum())
        if spent > budget_vnd * (1 + 1e-9) + tolerance:
            violations.append(f"investment {spent:,.0f} VND above budget {budget_vnd:,.0f} VND")
    minutes = problem.travel.to_frame()
    if not served.empty:
        recomputed = minutes.to_numpy()[
            minutes.index.get_indexer(served["demand_id"]),
            minutes.columns.get_indexer(served["site_id"]),
        ]
        if not np.allclose(recomputed, served["travel_minutes"].to_numpy(dtype=float)):
            violations.append("travel_minutes in assignments differ from the travel matrix")
    if violations:
        raise SolverError(
            f"{solution.model_kind} solution failed verification:\n"
            + "\n".join(f"  - {v}" for v in violations)
        )
