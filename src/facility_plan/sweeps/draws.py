"""Seeded draws of a scenario's uncertain inputs: shares, growth, travel speed and detour, centre positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from facility_plan.config import BasePopulation, ScenarioConfig
from facility_plan.config.uncertainty import Bounds
from facility_plan.errors import ScenarioConfigError

SHARES = ("prevalence", "eligible", "residential")
"""The shares of a target group that a draw multiplies."""
SPEED_FACTORS: Bounds = (0.8, 1.2)
"""Default range of the straight-line speed, as multiples of the scenario's (km/h)."""
DETOUR_FACTORS: Bounds = (0.9, 1.15)
"""Default range of the detour factor, as multiples of the scenario's (at least 1)."""
_POINT_TRIES = 1000


@dataclass(frozen=True, slots=True)
class ShareRange:
    """Multiplier range of one share of one target group, and why.

    Attributes
    ----------
    group
        Target-group name.
    share
        ``prevalence``, ``eligible`` or ``residential``.
    low, high
        Multipliers of the scenario's share (1.0 = unchanged).
    source
        ``scenario`` (set in the uncertainty section) or ``status: <status>`` (the default).
    """

    group: str
    share: str
    low: float
    high: float
    source: str


@dataclass(frozen=True, slots=True)
class PositionChoice:
    """Where an existing centre of uncertain position can be.

    Attributes
    ----------
    facility_id
        The centre (its site id in the problem).
    precision
        ``district_seat`` or ``commune``.
    admin_codes
        Communes it can be in (the district's communes, or its own commune).
    weights
        Probability of each commune (population shares; 1 for a commune-level centre).
    points
        Commune centres (EPSG:4326) of `admin_codes`.
    area
        For a commune-level centre, the commune's boundary (EPSG:4326) to draw a point in.
    """

    facility_id: str
    precision: str
    admin_codes: tuple[str, ...]
    weights: tuple[float, ...]
    points: tuple[tuple[float, float], ...]
    area: BaseGeometry | None = None


@dataclass(frozen=True, slots=True)
class UncertaintyModel:
    """Every uncertain input of a scenario with its concrete range.

    Attributes
    ----------
    shares
        Share multipliers per group and share.
    growth
        Base population → ``(low, high)`` yearly growth (share per year); empty when demand is
        not projected to the scenario year.
    speed_kmh, detour_factor
        Ranges of straight-line travel (km/h; dimensionless); ``(v, v)`` when fixed.
    positions
        Centres of uncertain position.
    """

    shares: tuple[ShareRange, ...]
    growth: tuple[tuple[str, float, float], ...]
    speed_kmh: Bounds
    detour_factor: Bounds
    positions: tuple[PositionChoice, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per uncertain input: parameter, low, high, unit, source."""
        rows: list[dict[str, object]] = [
            {
                "parameter": f"{item.group}.{item.share}_share",
                "low": item.low,
                "high": item.high,
                "unit": "× scenario value",
                "source": item.source,
            }
            for item in self.shares
        ]
        rows += [
            {"parameter": f"growth_per_year.{base}", "low": low, "high": high, "unit": "per year"}
            for base, low, high in self.growth
        ]
        rows.append(
            {"parameter": "travel.speed_kmh", "low": self.speed_kmh[0], "high": self.speed_kmh[1]}
            | {"unit": "km/h"}
        )
        rows.append(
            {
                "parameter": "travel.detour_factor",
                "low": self.detour_factor[0],
                "high": self.detour_factor[1],
                "unit": "road km per straight-line km",
            }
        )
        rows += [
            {
                "parameter": f"position.{choice.facility_id}",
                "low": None,
                "high": None,
                "unit": f"{len(choice.admin_codes)} commune(s)",
                "source": f"location_precision: {choice.precision}",
            }
            for choice in self.positions
        ]
        return pd.DataFrame(rows, columns=["parameter", "low", "high", "unit", "source"])


@dataclass(frozen=True, slots=True)
class FacilityPosition:
    """A drawn position of an existing centre.

    Attributes
    ----------
    facility_id
        The centre.
    admin_code
        The commune it is drawn in.
    lon, lat
        The drawn point (degrees, EPSG:4326).
    """

    facility_id: str
    admin_code: str
    lon: float
    lat: float


@dataclass(frozen=True, slots=True)
class Draw:
    """One joint draw of every uncertain input.

    Attributes
    ----------
    number
        Position of the draw in the sweep (0-based); with the seed it fixes the draw.
    share_factors
        ``(group, share, multiplier)`` for each `ShareRange`.
    growth_per_year
        ``(base population, yearly growth)``.
    speed_kmh
        Straight-line speed (km/h).
    detour_factor
        Detour factor.
    positions
        Drawn positions of the centres of uncertain position.
    """

    number: int
    share_factors: tuple[tuple[str, str, float], ...]
    growth_per_year: tuple[tuple[str, float], ...]
    speed_kmh: float
    detour_factor: float
    positions: tuple[FacilityPosition, ...]

    def as_row(self) -> dict[str, object]:
        """The draw as one table row (draw, each multiplier, growth, speed, detour, communes)."""
        row: dict[str, object] = {"draw": self.number}
        row.update({f"{group}.{share}": value for group, share, value in self.share_factors})
        row.update({f"growth.{base}": value for base, value in self.growth_per_year})
        row["speed_kmh"] = self.speed_kmh
        row["detour_factor"] = self.detour_factor
        row.update({f"position.{p.facility_id}": p.admin_code for p in self.positions})
        return row


def _share_ranges(config: ScenarioConfig) -> tuple[ShareRange, ...]:
    uncertainty = config.uncertainty
    unknown = sorted(set(uncertainty.groups) - set(config.demand.groups))
    if unknown:
        msg = (
            f"uncertainty.groups: unknown target groups {unknown}; "
            f"the scenario has {sorted(config.demand.groups)}"
        )
        raise ScenarioConfigError(msg)
    ranges = []
    for group, settings in config.demand.groups.items():
        given = uncertainty.groups.get(group)
        default = uncertainty.share_factors_by_status[settings.status]
        for share in SHARES:
            bounds = getattr(given, share) if given is not None else None
            source = "scenario" if bounds is not None else f"status: {settings.status}"
            low, high = bounds if bounds is not None else default
            ranges.append(ShareRange(group, share, float(low), float(high), source))
    return tuple(ranges)


def _growth_ranges(config: ScenarioConfig) -> tuple[tuple[str, float, float], ...]:
    if not config.demand.project_to_scenario_year:
        return ()
    uncertainty = config.uncertainty
    ranges = []
    for base in get_args(BasePopulation):
        value = config.demand.growth_per_year.get(base, 0.0)
        width = uncertainty.growth_half_width[base]
        low, high = uncertainty.growth_per_year.get(base, (value - width, value + width))
        ranges.append((str(base), float(low), float(high)))
    return tuple(ranges)


def _travel_ranges(config: ScenarioConfig) -> tuple[Bounds, Bounds]:
    travel, uncertainty = config.travel, config.uncertainty
    if travel.method != "straight_line":
        if uncertainty.speed_kmh is not None or uncertainty.detour_factor is not None:
            msg = (
                "uncertainty.speed_kmh and uncertainty.detour_factor apply to straight-line "
                "travel; network travel minutes come from the road speeds"
            )
            raise ScenarioConfigError(msg)
        return (travel.speed_kmh, travel.speed_kmh), (travel.detour_factor, travel.detour_factor)
    speed = uncertainty.speed_kmh or (
        travel.speed_kmh * SPEED_FACTORS[0],
        travel.speed_kmh * SPEED_FACTORS[1],
    )
    detour = uncertainty.detour_factor or (
        max(1.0, travel.detour_factor * DETOUR_FACTORS[0]),
        max(1.0, travel.detour_factor * DETOUR_FACTORS[1]),
    )
    return (float(speed[0]), float(speed[1])), (float(detour[0]), float(detour[1]))


def _district_members(row: pd.Series, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Communes of a district-seat facility's district (its own commune when none is known).

    The district comes from the facility row's ``district_code`` when the table has one,
    otherwise from its commune's row (planners' tables need not repeat it).
    """
    own = communes.loc[[row["admin_code"]]]
    if "district_code" not in communes.columns:
        return own
    district = row.get("district_code")
    if district is None or pd.isna(district) or str(district).strip() == "":
        district = communes.at[row["admin_code"], "district_code"]
    members = communes[communes["district_code"].astype(str) == str(district)]
    return own if members.empty else members


def _position_choices(
    config: ScenarioConfig,
    facilities: pd.DataFrame,
    communes: gpd.GeoDataFrame,
    cells: gpd.GeoDataFrame,
) -> tuple[PositionChoice, ...]:
    if config.uncertainty.facility_positions == "fixed":
        return ()
    choices = []
    for facility_id, row in facilities.iterrows():
        precision = str(row["location_precision"])
        if precision == "district_seat":
            members = _district_members(row, communes)
            population = members["population_persons"].to_numpy(dtype=float)
            weights = population / population.sum() if population.sum() > 0 else None
            choices.append(
                PositionChoice(
                    facility_id=str(facility_id),
                    precision=precision,
                    admin_codes=tuple(str(code) for code in members.index),
                    weights=tuple(
                        float(w)
                        for w in (
                            weights
                            if weights is not None
                            else np.full(len(members), 1 / len(members))
                        )
                    ),
                    points=tuple((float(p.x), float(p.y)) for p in members.geometry),
                )
            )
        elif precision == "commune":
            code = str(row["admin_code"])
            area = cells.geometry.loc[code] if code in cells.index else None
            point = communes.geometry.loc[code]
            choices.append(
                PositionChoice(
                    facility_id=str(facility_id),
                    precision=precision,
                    admin_codes=(code,),
                    weights=(1.0,),
                    points=((float(point.x), float(point.y)),),
                    area=area,
                )
            )
    return tuple(choices)


def uncertainty_model(
    config: ScenarioConfig,
    facilities: pd.DataFrame,
    communes: gpd.GeoDataFrame,
    cells: gpd.GeoDataFrame,
) -> UncertaintyModel:
    """The concrete ranges of a scenario's ``[uncertainty]`` section, defaults filled from the data.

    Parameters
    ----------
    config
        The scenario (its ``uncertainty``, demand groups with their ``status``, travel settings).
    facilities
        Existing centres indexed by facility id, with ``location_precision``, ``admin_code`` and
        ``district_code``.
    communes
        Communes indexed by admin_code (EPSG:4326 points) with ``district_code`` and
        ``population_persons`` (persons).
    cells
        Commune boundaries indexed by admin_code (EPSG:4326).

    Raises
    ------
    ScenarioConfigError
        Unknown group names, or travel ranges given for network travel.
    """
    speed, detour = _travel_ranges(config)
    return UncertaintyModel(
        shares=_share_ranges(config),
        growth=_growth_ranges(config),
        speed_kmh=speed,
        detour_factor=detour,
        positions=_position_choices(config, facilities, communes, cells),
    )


def _point_in(area: BaseGeometry, rng: np.random.Generator, fallback: tuple[float, float]) -> Point:
    min_x, min_y, max_x, max_y = area.bounds
    for _ in range(_POINT_TRIES):
        point = Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if area.contains(point):
            return point
    return Point(*fallback)


def _draw_position(choice: PositionChoice, rng: np.random.Generator) -> FacilityPosition:
    pick = int(rng.choice(len(choice.admin_codes), p=np.asarray(choice.weights)))
    lon, lat = choice.points[pick]
    if choice.area is not None and not choice.area.is_empty:
        point = _point_in(choice.area, rng, (lon, lat))
        lon, lat = float(point.x), float(point.y)
    return FacilityPosition(choice.facility_id, choice.admin_codes[pick], lon, lat)


def draw_inputs(model: UncertaintyModel, *, samples: int, seed: int) -> tuple[Draw, ...]:
    """`samples` joint draws of the uncertain inputs, reproducible by `seed`.

    Draw *k* comes from its own child of ``numpy.random.SeedSequence(seed)``, so it is the same
    whatever the number of samples and wherever it is solved.

    Examples
    --------
    >>> model = UncertaintyModel((), (), (30.0, 40.0), (1.2, 1.2), ())
    >>> [round(d.speed_kmh, 3) for d in draw_inputs(model, samples=2, seed=1)]
    [36.99, 34.758]
    >>> draw_inputs(model, samples=3, seed=1)[:2] == draw_inputs(model, samples=2, seed=1)
    True
    """
    if samples < 1:
        msg = f"samples must be at least 1, got {samples}"
        raise ScenarioConfigError(msg)
    draws = []
    for number, child in enumerate(np.random.SeedSequence(seed).spawn(samples)):
        rng = np.random.default_rng(child)
        factors = tuple(
            (item.group, item.share, float(rng.uniform(item.low, item.high)))
            for item in model.shares
        )
        growth = tuple((base, float(rng.uniform(low, high))) for base, low, high in model.growth)
        speed = float(rng.uniform(*model.speed_kmh))
        detour = float(rng.uniform(*model.detour_factor))
        positions = tuple(_draw_position(choice, rng) for choice in model.positions)
        draws.append(Draw(number, factors, growth, speed, detour, positions))
    return tuple(draws)


def draws_table(draws: Sequence[Draw]) -> pd.DataFrame:
    """The draws as a table, one row per draw (see `Draw.as_row`)."""
    return pd.DataFrame([draw.as_row() for draw in draws])
