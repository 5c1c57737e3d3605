"""`Problem`: demand, sites and travel matrix aligned by id — the contract between data and the models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import ProblemError
from facility_plan.travel import TravelMatrix

SITE_STATUSES = ("existing", "candidate")
TIER_COLUMNS = ("site_id", "tier_id", "capacity_places", "open_cost_vnd")


def _empty_tiers() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in TIER_COLUMNS})


@dataclass(frozen=True, slots=True)
class Problem:
    """An aligned location problem with no geometry.

    Attributes
    ----------
    demand
        Indexed by ``demand_id`` (str): ``demand_persons`` (persons, ≥ 0) and ``admin_code`` (str).
    sites
        Indexed by ``site_id`` (str): ``status`` (existing | candidate), ``capacity_places``
        (places; NaN = uncapacitated), ``open_cost_vnd`` (VND) and ``admin_code`` (str).
    travel
        Travel minutes with rows equal to ``demand.index`` and columns equal to ``sites.index``.
    site_tiers
        Optional size options: one row per (site_id, tier_id) with ``capacity_places`` and
        ``open_cost_vnd``. For a candidate, the size it opens at (a candidate with no tier rows
        uses its own ``capacity_places`` and ``open_cost_vnd``); for an existing site, an
        expansion that adds ``capacity_places`` at ``open_cost_vnd``.
    """

    demand: pd.DataFrame
    sites: pd.DataFrame
    travel: TravelMatrix
    site_tiers: pd.DataFrame = field(default_factory=_empty_tiers)

    def __post_init__(self) -> None:
        problems = _check_problem(self.demand, self.sites, self.travel, self.site_tiers)
        if problems:
            raise ProblemError(
                "Problem is not consistent:\n" + "\n".join(f"  - {p}" for p in problems)
            )

    @classmethod
    def from_arrays(
        cls,
        travel_minutes: npt.ArrayLike,
        demand_persons: npt.ArrayLike,
        capacity_places: npt.ArrayLike | None = None,
        open_cost: npt.ArrayLike | None = None,
        existing: npt.ArrayLike | Sequence[int] | None = None,
    ) -> Problem:
        """Build a Problem from plain arrays (ids default to "0".."n-1").

        Parameters
        ----------
        travel_minutes
            Array (n_demand, n_sites) of travel minutes (or any cost per person).
        demand_persons
            Array (n_demand,) of demand (persons).
        capacity_places
            Array (n_sites,) of capacities (places); None = uncapacitated.
        open_cost
            Array (n_sites,) of opening costs (VND, or any money unit); None = 0.
        existing
            Boolean mask (n_sites,) or list of site positions that are existing (fixed open).

        Returns
        -------
        Problem

        Examples
        --------
        >>> p = Problem.from_arrays([[1.0, 5.0], [4.0, 2.0]], [10, 20])
        >>> list(p.sites.index), p.demand["demand_persons"].sum()
        (['0', '1'], np.float64(30.0))
        """
        minutes = np.asarray(travel_minutes, dtype=np.float64)
        if minutes.ndim != 2:
            msg = f"travel_minutes must be 2-D (n_demand, n_sites), got shape {minutes.shape}"
            raise ProblemError(msg)
        n_demand, n_sites = minutes.shape
        demand_values = np.asarray(demand_persons, dtype=np.float64).reshape(-1)
        if demand_values.shape != (n_demand,):
            msg = f"demand_persons has {demand_values.size} values; travel_minutes has {n_demand} rows"
            raise ProblemError(msg)
        capacity = (
            np.full(n_sites, np.nan)
            if capacity_places is None
            else np.asarray(capacity_places, dtype=np.float64).reshape(-1)
        )
        cost = (
            np.zeros(n_sites)
            if open_cost is None
            else np.asarray(open_cost, dtype=np.float64).reshape(-1)
        )
        for name, values in (("capacity_places", capacity), ("open_cost", cost)):
            if values.shape != (n_sites,):
                msg = f"{name} has {values.size} values; travel_minutes has {n_sites} columns"
                raise ProblemError(msg)
        is_existing = np.zeros(n_sites, dtype=bool)
        if existing is not None:
            existing_array = np.asarray(existing)
            if existing_array.dtype == bool:
                if existing_array.shape != (n_sites,):
                    msg = f"existing mask has {existing_array.size} values; expected {n_sites}"
                    raise ProblemError(msg)
                is_existing = existing_array
            else:
                is_existing[existing_array.astype(int)] = True
        demand_ids = pd.Index([str(i) for i in range(n_demand)], name="demand_id")
        site_ids = pd.Index([str(j) for j in range(n_sites)], name="site_id")
        demand = pd.DataFrame({"demand_persons": demand_values, "admin_code": ""}, index=demand_ids)
        sites = pd.DataFrame(
            {
                "status": np.where(is_existing, "existing", "candidate"),
                "capacity_places": capacity,
                "open_cost_vnd": cost,
                "admin_code": "",
            },
            index=site_ids,
        )
        travel = TravelMatrix(demand_ids, site_ids, minutes, method="given")
        return cls(demand=demand, sites=sites, travel=travel)

    def with_fixed_sites(
        self, capacity_places: pd.Series, *, demand_persons: pd.Series | None = None
    ) -> Problem:
        """The same problem with only the given sites, all fixed open at the given capacities.

        Parameters
        ----------
        capacity_places
            Site id → capacity (places) of each site to keep; the order of ``sites`` is kept.
        demand_persons
            Optional new demand (persons) by demand id, e.g. another year's; default unchanged.

        Returns
        -------
        Problem
            Every kept site has status ``existing``; solving it is a transport problem.
        """
        keep = [s for s in self.sites.index if s in capacity_places.index]
        sites = self.sites.loc[keep].assign(
            status="existing",
            capacity_places=capacity_places.reindex(keep).to_numpy(dtype=float),
        )
        demand = self.demand
        if demand_persons is not None:
            demand = demand.assign(
                demand_persons=demand_persons.reindex(demand.index).to_numpy(dtype=float)
            )
        columns = self.travel.destination_ids.get_indexer(keep)
        travel = TravelMatrix(
            self.travel.origin_ids,
            pd.Index(keep, name=self.travel.destination_ids.name),
            np.array(self.travel.minutes[:, columns]),
            self.travel.method,
        )
        return Problem(demand=demand, sites=sites, travel=travel)

    @property
    def existing_site_ids(self) -> pd.Index:
        """Ids of existing sites (fixed open)."""
        return self.sites.index[self.sites["status"] == "existing"]

    @property
    def candidate_site_ids(self) -> pd.Index:
        """Ids of candidate sites."""
        return self.sites.index[self.sites["status"] == "candidate"]

    def tiers_for_candidates(self) -> pd.DataFrame:
        """One row per (candidate site, tier): the site's own capacity where it has no tier rows.

        Returns
        -------
        pandas.DataFrame
            Columns site_id, tier_id, capacity_places (places), open_cost_vnd (VND).
        """
        candidates = self.sites.loc[self.candidate_site_ids]
        candidate_tiers = self.site_tiers[self.site_tiers["site_id"].isin(candidates.index)]
        with_tiers = set(candidate_tiers["site_id"])
        own = candidates.loc[[sid not in with_tiers for sid in candidates.index]]
        own_rows = pd.DataFrame(
            {
                "site_id": own.index.to_numpy(),
                "tier_id": "",
                "capacity_places": own["capacity_places"].to_numpy(dtype=float),
                "open_cost_vnd": own["open_cost_vnd"].to_numpy(dtype=float),
            }
        )
        frames = [frame for frame in (candidate_tiers, own_rows) if not frame.empty]
        if not frames:
            return _empty_tiers()
        return pd.concat(frames, ignore_index=True).astype(
            {"site_id": str, "tier_id": str, "capacity_places": float, "open_cost_vnd": float}
        )


def _check_problem(
    demand: pd.DataFrame, sites: pd.DataFrame, travel: TravelMatrix, site_tiers: pd.DataFrame
) -> list[str]:
    problems: list[str] = []
    for name, frame, columns in (
        ("demand", demand, ("demand_persons", "admin_code")),
        ("sites", sites, ("status", "capacity_places", "open_cost_vnd", "admin_code")),
    ):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems.append(f"{name}: missing columns {missing}; found {list(frame.columns)}")
        if frame.index.has_duplicates:
            dupes = frame.index[frame.index.duplicated()].unique().tolist()[:5]
            problems.append(f"{name}: duplicate ids {dupes}")
    if problems:
        return problems
    persons = demand["demand_persons"].to_numpy(dtype=float)
    bad = demand.index[~np.isfinite(persons) | (persons < 0)].tolist()
    if bad:
        problems.append(f"demand: demand_persons must be finite and ≥ 0; bad ids {bad[:5]}")
    unknown_status = sorted(set(sites["status"]) - set(SITE_STATUSES))
    if unknown_status:
        problems.append(f"sites: status must be one of {SITE_STATUSES}, got {unknown_status}")
    capacity = sites["capacity_places"].to_numpy(dtype=float)
    if (capacity < 0).any():
        problems.append(
            f"sites: negative capacity_places at {sites.index[capacity < 0].tolist()[:5]}"
        )
    if not travel.origin_ids.astype(str).equals(demand.index.astype(str)):
        problems.append("travel: origin ids differ from demand ids (same ids, same order required)")
    if not travel.destination_ids.astype(str).equals(sites.index.astype(str)):
        problems.append(
            "travel: destination ids differ from site ids (same ids, same order required)"
        )
    missing_tier_columns = [c for c in TIER_COLUMNS if c not in site_tiers.columns]
    if missing_tier_columns:
        problems.append(f"site_tiers: missing columns {missing_tier_columns}")
    elif not site_tiers.empty:
        unknown = sorted(set(site_tiers["site_id"]) - set(sites.index))
        if unknown:
            problems.append(f"site_tiers: unknown site ids {unknown[:5]}")
        if (site_tiers["capacity_places"].to_numpy(dtype=float) < 0).any():
            problems.append("site_tiers: negative capacity_places")
    return problems
