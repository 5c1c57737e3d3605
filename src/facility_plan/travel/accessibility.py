"""Accessibility measures over a travel matrix: nearest-site minutes, share within X minutes, 2SFCA.

All functions are pure: they take a :class:`~facility_plan.travel.TravelMatrix` (minutes from each
demand origin to each site), demand in persons keyed by origin id and, where needed, supply keyed by
site id, and return new pandas objects keyed by id. The matrix may be asymmetric (one-way roads):
minutes are always read origin → site, in both steps of the floating-catchment methods.

Decay functions map travel minutes to weights in [0, 1]; build them with :func:`step_decay`,
:func:`linear_decay`, :func:`gaussian_decay` or :func:`zonal_decay` (E2SFCA zones).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from facility_plan.errors import ProblemError
from facility_plan.travel.matrix import TravelMatrix

__all__ = [
    "LUO_QI_ZONES",
    "DecayFunction",
    "aggregate_by_admin",
    "compute_enhanced_two_step_fca",
    "compute_nearest_minutes",
    "compute_share_within",
    "compute_two_step_fca",
    "gaussian_decay",
    "linear_decay",
    "step_decay",
    "zonal_decay",
]

DecayFunction = Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]
"""Maps an array of travel minutes to an array of weights in [0, 1] of the same shape."""

#: E2SFCA zones of Luo & Qi (2009): (upper bound in minutes, weight), Gaussian-derived weights.
LUO_QI_ZONES: tuple[tuple[float, float], ...] = ((10.0, 1.0), (20.0, 0.68), (30.0, 0.22))


def _check_positive(value: float, name: str) -> None:
    if not np.isfinite(value) or value <= 0:
        msg = f"{name} is {value}; must be minutes > 0"
        raise ValueError(msg)


def step_decay(max_minutes: float) -> DecayFunction:
    """Weight 1 up to `max_minutes` (minutes, inclusive), 0 beyond: the classic 2SFCA catchment.

    Examples
    --------
    >>> step_decay(30)(np.array([0.0, 30.0, 31.0])).tolist()
    [1.0, 1.0, 0.0]
    """
    _check_positive(max_minutes, "max_minutes")

    def decay(minutes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return (np.asarray(minutes) <= max_minutes).astype(np.float64)

    return decay


def linear_decay(max_minutes: float) -> DecayFunction:
    """Weight ``1 - t / max_minutes`` for travel minutes t up to `max_minutes`, 0 beyond.

    Examples
    --------
    >>> linear_decay(20)(np.array([0.0, 5.0, 20.0, 25.0])).tolist()
    [1.0, 0.75, 0.0, 0.0]
    """
    _check_positive(max_minutes, "max_minutes")

    def decay(minutes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        values = np.asarray(minutes, dtype=np.float64)
        return np.where(values <= max_minutes, 1.0 - values / max_minutes, 0.0)

    return decay


def gaussian_decay(max_minutes: float) -> DecayFunction:
    """Gaussian weight of Dai (2010), 1 at 0 minutes and 0 at `max_minutes` (minutes) and beyond.

    ``w(t) = (exp(-½ (t / T)²) - exp(-½)) / (1 - exp(-½))`` for ``t ≤ T = max_minutes``.

    Examples
    --------
    >>> gaussian_decay(30)(np.array([0.0, 30.0, 40.0])).round(6).tolist()
    [1.0, 0.0, 0.0]
    """
    _check_positive(max_minutes, "max_minutes")
    floor = np.exp(-0.5)

    def decay(minutes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        values = np.asarray(minutes, dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            weights = (np.exp(-0.5 * (values / max_minutes) ** 2) - floor) / (1.0 - floor)
        return np.where(values <= max_minutes, weights, 0.0)

    return decay


def zonal_decay(zones: Sequence[tuple[float, float]]) -> DecayFunction:
    """Stepped weights of the enhanced 2SFCA (E2SFCA): a weight per travel-time zone.

    Parameters
    ----------
    zones
        ``(upper_minutes, weight)`` pairs with increasing upper bounds (minutes) and weights in
        [0, 1]; minutes t get the weight of the first zone with ``t ≤ upper_minutes``; beyond the
        last zone the weight is 0. Example (Luo & Qi 2009): ``[(10, 1.0), (20, 0.68), (30, 0.22)]``.

    Examples
    --------
    >>> weight_of = zonal_decay([(10, 1.0), (20, 0.68), (30, 0.22)])
    >>> weight_of(np.array([5.0, 10.0, 15.0, 30.0, 31.0])).tolist()
    [1.0, 1.0, 0.68, 0.22, 0.0]
    """
    if not zones:
        msg = "zones is empty; give (upper_minutes, weight) pairs"
        raise ValueError(msg)
    uppers = np.array([float(upper) for upper, _ in zones])
    weights = np.array([float(weight) for _, weight in zones])
    if not (np.all(np.diff(uppers) > 0) and uppers[0] > 0):
        msg = f"zones: upper bounds {uppers.tolist()} must be > 0 and strictly increasing (minutes)"
        raise ValueError(msg)
    if ((weights < 0) | (weights > 1)).any():
        msg = f"zones: weights {weights.tolist()} must lie in [0, 1]"
        raise ValueError(msg)
    with_zero = np.append(weights, 0.0)

    def decay(minutes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        values = np.asarray(minutes, dtype=np.float64)
        return with_zero[np.searchsorted(uppers, values, side="left")]

    return decay


def _open_columns(travel: TravelMatrix, open_site_ids: Collection[str] | None) -> pd.Index:
    if open_site_ids is None:
        return travel.destination_ids
    wanted = pd.Index([str(site_id) for site_id in open_site_ids])
    unknown = wanted.difference(travel.destination_ids)
    if len(unknown):
        msg = f"open_site_ids not in the travel matrix: {list(unknown[:10])}"
        raise ProblemError(msg)
    return travel.destination_ids[travel.destination_ids.isin(wanted)]


def _aligned(values: pd.Series, ids: pd.Index, what: str, id_name: str) -> npt.NDArray[np.float64]:
    series = values.copy()
    series.index = series.index.astype(str)
    if series.index.duplicated().any():
        duplicated = series.index[series.index.duplicated()].unique()
        msg = f"{what}: duplicate {id_name} {list(duplicated[:10])}"
        raise ProblemError(msg)
    missing = ids.difference(series.index)
    if len(missing):
        msg = f"{what}: no value for {id_name} {list(missing[:10])} of the travel matrix"
        raise ProblemError(msg)
    aligned: npt.NDArray[np.float64] = pd.to_numeric(series.reindex(ids), errors="coerce").to_numpy(
        dtype=np.float64
    )
    bad = ~np.isfinite(aligned) | (aligned < 0)
    if bad.any():
        msg = f"{what}: {id_name} {list(ids[bad][:10])} have values that are not numbers ≥ 0"
        raise ProblemError(msg)
    return aligned


def compute_nearest_minutes(
    travel: TravelMatrix, *, open_site_ids: Collection[str] | None = None
) -> pd.Series:
    """Travel minutes from each origin to its nearest open site.

    Parameters
    ----------
    travel
        Minutes origin → site.
    open_site_ids
        Sites that count; None means every destination of `travel`.

    Returns
    -------
    pandas.Series
        ``nearest_minutes`` (minutes) by origin id; ``inf`` when no open site is reachable.

    Examples
    --------
    >>> import pandas as pd
    >>> minutes = np.array([[5.0, 9.0], [7.0, 3.0]])
    >>> travel = TravelMatrix(pd.Index(["a", "b"]), pd.Index(["s1", "s2"]), minutes)
    >>> compute_nearest_minutes(travel, open_site_ids=["s1"]).tolist()
    [5.0, 7.0]
    """
    columns = _open_columns(travel, open_site_ids)
    minutes = travel.minutes[:, travel.destination_ids.get_indexer(columns)]
    nearest = minutes.min(axis=1) if minutes.shape[1] else np.full(len(travel.origin_ids), np.inf)
    return pd.Series(nearest, index=travel.origin_ids, name="nearest_minutes")


def compute_share_within(
    travel: TravelMatrix,
    demand_persons: pd.Series,
    *,
    max_minutes: float,
    open_site_ids: Collection[str] | None = None,
) -> float:
    """Share (0–1) of demand persons within `max_minutes` (minutes, inclusive) of an open site.

    Parameters
    ----------
    travel
        Minutes origin → site.
    demand_persons
        Demand (persons) by origin id; every origin of `travel` needs a value.
    max_minutes
        Travel-time standard (minutes).
    open_site_ids
        Sites that count; None means every destination of `travel`.

    Returns
    -------
    float
        Covered persons / all persons; NaN when total demand is 0.
    """
    persons = _aligned(demand_persons, travel.origin_ids, "demand_persons", "origin ids")
    covered = compute_nearest_minutes(travel, open_site_ids=open_site_ids).to_numpy() <= max_minutes
    total = persons.sum()
    return float(persons[covered].sum() / total) if total > 0 else float("nan")


def _decay_function(
    decay: Literal["step", "linear", "gaussian"] | DecayFunction, catchment_minutes: float
) -> DecayFunction:
    if callable(decay):
        return decay
    factories = {"step": step_decay, "linear": linear_decay, "gaussian": gaussian_decay}
    if decay not in factories:
        msg = f"decay is {decay!r}; use 'step', 'linear', 'gaussian' or a decay function"
        raise ValueError(msg)
    return factories[decay](catchment_minutes)


def compute_two_step_fca(
    travel: TravelMatrix,
    demand_persons: pd.Series,
    supply: pd.Series,
    *,
    catchment_minutes: float,
    decay: Literal["step", "linear", "gaussian"] | DecayFunction = "step",
    open_site_ids: Collection[str] | None = None,
) -> pd.Series:
    r"""Two-step floating catchment area (2SFCA) accessibility, with optional distance decay.

    With :math:`t_{ij}` the minutes from origin i to site j (never :math:`t_{ji}`) and
    :math:`w_{ij} = f(t_{ij})` the decay weight:

    .. math::
        R_j = \frac{S_j}{\sum_i P_i\, w_{ij}}, \qquad A_i = \sum_j w_{ij}\, R_j

    Step 1 gives each open site its supply per weighted person in its catchment (0 when no demand
    falls in it); step 2 sums, for each origin, the ratios of the sites it reaches. Both steps use
    the same origin → site weights, which keeps the method right for asymmetric (one-way) matrices.
    With a catchment that holds every pair and step decay, every :math:`A_i = \sum S / \sum P`.

    Parameters
    ----------
    travel
        Minutes origin → site.
    demand_persons
        Demand :math:`P_i` (persons) by origin id.
    supply
        Supply :math:`S_j` by site id, e.g. ``capacity_places`` (places).
    catchment_minutes
        Catchment size (minutes) for the named decays.
    decay
        ``"step"`` (1 inside the catchment), ``"linear"``, ``"gaussian"`` (see
        :func:`gaussian_decay`) or any decay function (minutes → weight).
    open_site_ids
        Sites that count; None means every destination of `travel`.

    Returns
    -------
    pandas.Series
        ``access_ratio`` by origin id, in supply units per person (e.g. places per person).
    """
    weight_of = _decay_function(decay, catchment_minutes)
    columns = _open_columns(travel, open_site_ids)
    persons = _aligned(demand_persons, travel.origin_ids, "demand_persons", "origin ids")
    capacity = _aligned(supply, columns, "supply", "site ids")
    minutes = travel.minutes[:, travel.destination_ids.get_indexer(columns)]
    weights = np.asarray(weight_of(minutes), dtype=np.float64)
    if weights.shape != minutes.shape or not np.isfinite(weights).all() or (weights < 0).any():
        msg = "decay function must return finite weights ≥ 0 of the same shape as the minutes"
        raise ValueError(msg)
    weighted_demand = persons @ weights  # Σ_i P_i w_ij, one value per site
    ratio = np.divide(
        capacity, weighted_demand, out=np.zeros_like(capacity), where=weighted_demand > 0
    )
    return pd.Series(weights @ ratio, index=travel.origin_ids, name="access_ratio")


def compute_enhanced_two_step_fca(
    travel: TravelMatrix,
    demand_persons: pd.Series,
    supply: pd.Series,
    *,
    zones: Sequence[tuple[float, float]] = LUO_QI_ZONES,
    open_site_ids: Collection[str] | None = None,
) -> pd.Series:
    """Enhanced 2SFCA (E2SFCA, Luo & Qi 2009): 2SFCA with stepped weights per travel-time zone.

    Parameters
    ----------
    travel
        Minutes origin → site.
    demand_persons
        Demand (persons) by origin id.
    supply
        Supply by site id (e.g. places).
    zones
        ``(upper_minutes, weight)`` pairs, see :func:`zonal_decay`.
    open_site_ids
        Sites that count; None means every destination of `travel`.

    Returns
    -------
    pandas.Series
        ``access_ratio`` by origin id (supply units per person).
    """
    return compute_two_step_fca(
        travel,
        demand_persons,
        supply,
        catchment_minutes=max(upper for upper, _ in zones),
        decay=zonal_decay(zones),
        open_site_ids=open_site_ids,
    )


def aggregate_by_admin(
    values: pd.Series, demand_persons: pd.Series, admin_codes: pd.Series
) -> pd.Series:
    """Demand-weighted mean of a per-origin value for each admin unit.

    Parameters
    ----------
    values
        Value by origin id (e.g. nearest minutes, access ratio); ``inf`` is kept (an admin unit with
        unreachable demand has an ``inf`` mean).
    demand_persons
        Weights (persons) by origin id.
    admin_codes
        Admin code (str) by origin id.

    Returns
    -------
    pandas.Series
        Mean by ``admin_code``: ``Σ value × persons / Σ persons``; NaN where the unit has no demand.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = ["a", "b", "c"]
    >>> aggregate_by_admin(pd.Series([10.0, 20.0, 5.0], ids), pd.Series([1, 3, 2], ids),
    ...                    pd.Series(["01", "01", "02"], ids)).tolist()
    [17.5, 5.0]
    """
    ids = pd.Index(values.index.astype(str))
    if ids.duplicated().any():
        msg = f"values: duplicate origin ids {list(ids[ids.duplicated()][:10])}"
        raise ProblemError(msg)
    persons = _aligned(demand_persons, ids, "demand_persons", "origin ids")
    codes = admin_codes.copy()
    codes.index = codes.index.astype(str)
    missing = ids.difference(codes.index)
    if len(missing):
        msg = f"admin_codes: no admin code for origin ids {list(missing[:10])}"
        raise ProblemError(msg)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
    if np.isnan(numbers).any():
        msg = f"values: origin ids {list(ids[np.isnan(numbers)][:10])} are not numbers"
        raise ProblemError(msg)
    with np.errstate(invalid="ignore"):  # inf × 0 persons is dropped by the where
        weighted = np.where(persons > 0, numbers * persons, 0.0)
    frame = pd.DataFrame(
        {
            "admin_code": codes.reindex(ids).astype(str).to_numpy(),
            "weighted": weighted,
            "persons": persons,
        }
    )
    sums = frame.groupby("admin_code", sort=True)[["weighted", "persons"]].sum()
    mean = sums["weighted"].where(sums["persons"] > 0) / sums["persons"].where(sums["persons"] > 0)
    return mean.rename("demand_weighted_mean")
