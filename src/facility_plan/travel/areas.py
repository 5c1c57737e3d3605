"""Scenario travel minutes with area settings: speeds per commune class and ferry links between land masses."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from facility_plan.config import TravelConfig
from facility_plan.errors import ScenarioConfigError
from facility_plan.travel.class_speeds import compute_class_speed_matrix
from facility_plan.travel.fallback import PairMethod
from facility_plan.travel.ferry import MAINLAND, FerryLeg, route_over_water
from facility_plan.travel.matrix import TravelMatrix
from facility_plan.travel.result import STRAIGHT_LINE_PAIRS, TravelResult, compute_travel

__all__ = ["FERRY_PAIRS", "NO_WATER_CROSSING_PAIRS", "compute_area_travel"]

#: Key of ``TravelResult.pairs_by_method``: pairs on different land masses joined by ferry.
FERRY_PAIRS = "ferry"
#: Key of ``TravelResult.pairs_by_method``: pairs on different land masses with no ferry (inf).
NO_WATER_CROSSING_PAIRS = "no_water_crossing"

_NETWORK = PairMethod.NETWORK.name.lower()
_OTHER_NETWORK_KEYS = (
    PairMethod.STRAIGHT_LINE_NO_ROUTE.name.lower(),
    PairMethod.STRAIGHT_LINE_FAR_FROM_ROAD.name.lower(),
    PairMethod.BEYOND_CUTOFF.name.lower(),
)

_Base = Callable[[gpd.GeoDataFrame, pd.Series, gpd.GeoDataFrame, pd.Series], TravelResult]


def compute_area_travel(
    settings: TravelConfig,
    *,
    crs: str,
    origins: gpd.GeoDataFrame,
    destinations: gpd.GeoDataFrame,
    origin_codes: pd.Series,
    destination_codes: pd.Series,
    commune_classes: pd.Series | None = None,
) -> TravelResult:
    """Travel minutes of `facility_plan.travel.compute_travel`, with the area settings applied.

    With ``settings.speeds_by_commune_class`` the straight line runs at each end's class speed
    (`compute_class_speed_matrix`). With ``settings.islands``, pairs on different land masses go
    over ``settings.ferry_links`` (minutes to a terminal, wait, crossing, minutes on) and are
    unreachable (``inf``) where no link joins them: never a straight line across the sea.

    Parameters
    ----------
    settings
        Travel settings of the scenario.
    crs
        Projected metric CRS (metres), e.g. ``"EPSG:32648"``.
    origins, destinations
        Point GeoDataFrames indexed by id (communes, sites), in any CRS.
    origin_codes, destination_codes
        5-digit commune code of each origin / destination, in frame order.
    commune_classes
        Class by commune code (for ``speeds_by_commune_class``); communes missing get the
        scenario's ``speed_kmh``.

    Returns
    -------
    TravelResult
        Pair counts add ``ferry`` and ``no_water_crossing`` when islands are set.

    Raises
    ------
    ScenarioConfigError
        A ferry terminal that is not a commune of the scenario; class speeds without classes.
    """
    by_class = settings.speeds_by_commune_class
    if by_class is not None and commune_classes is None:
        msg = "travel.speeds_by_commune_class: no commune classes were given"
        raise ScenarioConfigError(msg)

    def base(
        a: gpd.GeoDataFrame, a_codes: pd.Series, b: gpd.GeoDataFrame, b_codes: pd.Series
    ) -> TravelResult:
        if by_class is None or commune_classes is None:
            return compute_travel(settings, crs=crs, origins=a, destinations=b)
        matrix = compute_class_speed_matrix(
            a,
            b,
            crs=crs,
            detour_factor=settings.detour_factor,
            speed_kmh_by_class=by_class.speed_kmh,
            default_speed_kmh=settings.speed_kmh,
            origin_classes=a_codes.map(commune_classes).fillna(""),
            destination_classes=b_codes.map(commune_classes).fillna(""),
        )
        return TravelResult(matrix, "straight_line", {STRAIGHT_LINE_PAIRS: matrix.minutes.size})

    o_codes = pd.Series(origin_codes.astype(str).to_numpy(), index=origins.index)
    d_codes = pd.Series(destination_codes.astype(str).to_numpy(), index=destinations.index)
    result = base(origins, o_codes, destinations, d_codes)
    if not settings.islands:
        return result
    return _with_water(settings, origins, o_codes, destinations, d_codes, result, base)


def _with_water(
    settings: TravelConfig,
    origins: gpd.GeoDataFrame,
    origin_codes: pd.Series,
    destinations: gpd.GeoDataFrame,
    destination_codes: pd.Series,
    result: TravelResult,
    base: _Base,
) -> TravelResult:
    """`result` with cross-water pairs routed over the ferry links; pair counts updated."""
    land_of = {code: island for island, codes in settings.islands.items() for code in codes}
    terminal_codes = list(
        dict.fromkeys(
            code
            for link in settings.ferry_links
            for code in (link.from_admin_code, link.to_admin_code)
        )
    )
    position = {code: n for n, code in enumerate(origin_codes)}
    missing = [code for code in terminal_codes if code not in position]
    if missing:
        msg = f"travel.ferry_links: terminal commune(s) {missing} not in the communes table"
        raise ScenarioConfigError(msg)
    terminals = origins.iloc[[position[code] for code in terminal_codes]]
    terminal_series = pd.Series(terminal_codes, index=terminals.index)
    index = {code: n for n, code in enumerate(terminal_codes)}
    routed = route_over_water(
        result.matrix.minutes,
        origin_land=[land_of.get(c, MAINLAND) for c in origin_codes],
        destination_land=[land_of.get(c, MAINLAND) for c in destination_codes],
        origin_to_terminal=base(origins, origin_codes, terminals, terminal_series).matrix.minutes,
        terminal_to_destination=base(
            terminals, terminal_series, destinations, destination_codes
        ).matrix.minutes,
        terminal_land=[land_of.get(c, MAINLAND) for c in terminal_codes],
        terminal_drive=base(terminals, terminal_series, terminals, terminal_series).matrix.minutes,
        legs=[
            FerryLeg(
                index[link.from_admin_code],
                index[link.to_admin_code],
                link.wait_minutes + link.crossing_minutes,
            )
            for link in settings.ferry_links
        ],
    )
    pairs = dict(result.pairs_by_method)
    main_key = STRAIGHT_LINE_PAIRS if settings.method == "straight_line" else _NETWORK
    owed = routed.ferry_pairs + routed.no_crossing_pairs
    for key in (main_key, *_OTHER_NETWORK_KEYS):
        take = min(pairs.get(key, 0), owed)
        if key in pairs:
            pairs[key] -= take
        owed -= take
    pairs[FERRY_PAIRS] = routed.ferry_pairs
    pairs[NO_WATER_CROSSING_PAIRS] = routed.no_crossing_pairs
    matrix = result.matrix
    return TravelResult(
        TravelMatrix(matrix.origin_ids, matrix.destination_ids, routed.minutes, matrix.method),
        result.method_requested,
        pairs,
    )
