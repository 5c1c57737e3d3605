"""Shared parts of the uncapacitated models (p-median, p-center, coverage): checks, verifiers."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import SolverError
from facility_plan.models.solution import Solution, SolveStatus, empty_assignments
from facility_plan.problem import Problem

OPENED_COLUMNS = ("site_id", "status", "tier_id", "capacity_places", "open_cost_vnd")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A wall-clock deadline for a whole model run (several solver calls).

    Attributes
    ----------
    started
        ``time.perf_counter()`` at the start (seconds).
    limit_seconds
        Time allowed (seconds), None for no limit.
    """

    started: float
    limit_seconds: float | None

    @classmethod
    def start(cls, limit_seconds: float | None) -> Deadline:
        """Start a deadline of `limit_seconds` seconds from now (None = no limit)."""
        return cls(time.perf_counter(), limit_seconds)

    def elapsed_seconds(self) -> float:
        """Seconds since the start."""
        return time.perf_counter() - self.started

    def remaining_seconds(self) -> float | None:
        """Seconds left (never below 0), None for no limit."""
        if self.limit_seconds is None:
            return None
        return max(self.limit_seconds - self.elapsed_seconds(), 0.0)

    def expired(self) -> bool:
        """True when a limit is set and has passed."""
        remaining = self.remaining_seconds()
        return remaining is not None and remaining <= 0.0


def demand_weights(problem: Problem) -> npt.NDArray[np.float64]:
    """Demand persons per demand point, in problem order (persons)."""
    persons: npt.NDArray[np.float64] = problem.demand["demand_persons"].to_numpy(dtype=np.float64)
    return persons


def existing_positions(problem: Problem) -> npt.NDArray[np.int64]:
    """Column positions of the existing (fixed open) sites."""
    return np.flatnonzero(problem.sites["status"].to_numpy() == "existing")


def check_site_count(problem: Problem, p: int) -> str | None:
    """Why exactly `p` open sites is impossible, or None when it is possible.

    Parameters
    ----------
    problem
        The problem.
    p
        Number of open sites wanted, existing sites included (count).
    """
    n_sites = len(problem.sites)
    n_existing = len(problem.existing_site_ids)
    if p < 1:
        return f"p must be at least 1, got {p}"
    if p > n_sites:
        return f"p = {p} open sites asked for, but the problem has only {n_sites} sites"
    if p < n_existing:
        return (
            f"p = {p} open sites asked for, but {n_existing} existing sites are fixed open; "
            f"use p ≥ {n_existing}"
        )
    return None


def unreachable_demand_ids(problem: Problem, reach: npt.NDArray[np.bool_]) -> list[str]:
    """Ids of demand points with persons > 0 for which no site is in `reach` (row all False)."""
    weights = demand_weights(problem)
    stranded = (weights > 0) & ~reach.any(axis=1)
    stranded_ids: list[str] = problem.demand.index[stranded].astype(str).tolist()
    return stranded_ids


def nearest_open(
    problem: Problem, open_positions: Sequence[int] | npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Nearest open site (column position) and its travel minutes for every demand point.

    Ties are broken towards the site that comes first in ``open_positions`` order.
    """
    positions = np.asarray(open_positions, dtype=np.int64)
    if positions.size == 0:
        n_demand = len(problem.demand)
        return np.full(n_demand, -1, dtype=np.int64), np.full(n_demand, np.inf)
    minutes = problem.travel.minutes[:, positions]
    best = np.argmin(minutes, axis=1)
    return positions[best], minutes[np.arange(minutes.shape[0]), best]


def build_assignments(
    problem: Problem,
    open_positions: Sequence[int] | npt.NDArray[np.int64],
    *,
    served: npt.NDArray[np.bool_] | None = None,
) -> pd.DataFrame:
    """Assign every demand point to its nearest open site.

    Parameters
    ----------
    problem
        The problem.
    open_positions
        Column positions of the open sites.
    served
        Optional mask of demand points that count as served; the others get site_id NA but keep
        the travel minutes to their nearest open site. Unreachable demand (infinite minutes) is
        always unserved.

    Returns
    -------
    pandas.DataFrame
        demand_id, site_id (NA when unserved), demand_persons (persons), travel_minutes (minutes).
    """
    site_positions, minutes = nearest_open(problem, open_positions)
    site_ids = problem.sites.index.to_numpy(dtype=object)[site_positions].copy()
    unserved = ~np.isfinite(minutes)
    if served is not None:
        unserved |= ~served
    site_ids[unserved] = pd.NA
    return pd.DataFrame(
        {
            "demand_id": problem.demand.index.astype(str).to_numpy(),
            "site_id": site_ids,
            "demand_persons": demand_weights(problem),
            "travel_minutes": minutes,
        }
    )


def build_opened(problem: Problem, open_site_ids: Sequence[str]) -> pd.DataFrame:
    """One row per open site: site_id, status, tier_id "", capacity_places, open_cost_vnd."""
    sites = problem.sites.loc[list(open_site_ids)]
    return pd.DataFrame(
        {
            "site_id": sites.index.astype(str).to_numpy(),
            "status": sites["status"].to_numpy(dtype=object),
            "tier_id": "",
            "capacity_places": sites["capacity_places"].to_numpy(dtype=float),
            "open_cost_vnd": sites["open_cost_vnd"].to_numpy(dtype=float),
        },
        columns=list(OPENED_COLUMNS),
    )


def open_ids(
    problem: Problem, open_positions: Sequence[int] | npt.NDArray[np.int64]
) -> tuple[str, ...]:
    """Site ids of the given column positions, in problem order."""
    ordered = np.sort(np.asarray(open_positions, dtype=np.int64))
    return tuple(problem.sites.index.astype(str).to_numpy()[ordered].tolist())


def unsolved_solution(
    model_kind: str, status: SolveStatus, message: str, *, solver_name: str, solve_seconds: float
) -> Solution:
    """A Solution without an incumbent (infeasible, not solved): no sites, no assignments."""
    return Solution(
        model_kind=model_kind,
        status=status,
        objective=None,
        mip_gap=None,
        solve_seconds=solve_seconds,
        solver_name=solver_name,
        open_site_ids=(),
        assignments=empty_assignments(),
        opened=pd.DataFrame(columns=list(OPENED_COLUMNS)),
        message=message,
    )


def objectives_match(first: float, second: float, *, relative_tolerance: float = 1e-6) -> bool:
    """True when two objective values agree within a relative tolerance (absolute near 0)."""
    return abs(first - second) <= relative_tolerance * max(1.0, abs(first), abs(second))


def check_open_sites(problem: Problem, solution: Solution, p: int | None) -> list[str]:
    """Violations of the open-site rules: unknown ids, duplicates, closed existing sites, count."""
    violations: list[str] = []
    opened = list(solution.open_site_ids)
    unknown = sorted(set(opened) - set(problem.sites.index.astype(str)))
    if unknown:
        violations.append(f"open sites not in the problem: {unknown[:5]}")
    if len(set(opened)) != len(opened):
        violations.append("open_site_ids has duplicates")
    closed_existing = sorted(set(problem.existing_site_ids.astype(str)) - set(opened))
    if closed_existing:
        violations.append(f"existing sites not open: {closed_existing[:5]}")
    if p is not None and len(set(opened)) != p:
        violations.append(f"{len(set(opened))} sites open, expected exactly {p}")
    return violations


def check_nearest_assignment(
    problem: Problem, solution: Solution
) -> tuple[list[str], pd.DataFrame]:
    """Check that assignments list every demand point once, at its nearest open site's minutes.

    Returns
    -------
    tuple
        The violations found and the assignments re-indexed by demand_id in problem order.
    """
    violations: list[str] = []
    assignments = solution.assignments
    if assignments["demand_id"].duplicated().any():
        violations.append("a demand point appears more than once in the assignments")
        return violations, assignments
    by_demand = assignments.set_index("demand_id").reindex(problem.demand.index.astype(str))
    missing = by_demand.index[by_demand["demand_persons"].isna()].tolist()
    if missing:
        violations.append(f"demand points missing from the assignments: {missing[:5]}")
        return violations, by_demand
    persons = by_demand["demand_persons"].to_numpy(dtype=float)
    if not np.allclose(persons, demand_weights(problem)):
        violations.append("demand_persons in assignments differ from the problem")
    site_index = problem.sites.index.astype(str)
    open_positions = site_index.get_indexer(list(solution.open_site_ids))
    if (open_positions < 0).any():
        return violations, by_demand
    _, nearest_minutes = nearest_open(problem, open_positions)
    reported = by_demand["travel_minutes"].to_numpy(dtype=float)
    if not same_minutes(reported, nearest_minutes):
        violations.append("travel_minutes are not the minutes to the nearest open site")
    assigned = by_demand["site_id"].notna().to_numpy()
    if assigned.any():
        assigned_sites = by_demand.loc[assigned, "site_id"].astype(str)
        not_open = sorted(set(assigned_sites) - set(solution.open_site_ids))
        if not_open:
            violations.append(f"demand assigned to sites that are not open: {not_open[:5]}")
        else:
            columns = site_index.get_indexer(assigned_sites)
            rows = np.flatnonzero(assigned)
            matrix_minutes = problem.travel.minutes[rows, columns]
            if not np.allclose(matrix_minutes, reported[assigned]):
                violations.append("travel_minutes differ from the travel matrix for the site")
    return violations, by_demand


def same_minutes(first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]) -> bool:
    """True when two arrays of minutes agree (infinite entries must coincide)."""
    finite = np.isfinite(first)
    return bool(
        np.array_equal(finite, np.isfinite(second))
        and np.allclose(first[finite], second[finite], rtol=1e-9, atol=1e-9)
    )


def raise_if_violations(solution: Solution, violations: list[str]) -> None:
    """Raise SolverError listing `violations` when there are any."""
    if violations:
        raise SolverError(
            f"{solution.model_kind} solution failed verification:\n"
            + "\n".join(f"  - {v}" for v in violations)
        )
