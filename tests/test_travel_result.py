"""Tests of facility_plan.travel.compute_travel: the typed travel result a scenario hands on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from facility_plan.config import TravelConfig
from facility_plan.errors import ScenarioConfigError
from facility_plan.labels.notes import travel_note
from facility_plan.travel import TravelResult, compute_straight_line_matrix, compute_travel

CRS = "EPSG:32648"  # UTM 48N, metres
METRES_PER_MINUTE_AT_35_KMH = 35_000 / 60


def _points(xy: list[tuple[float, float]], ids: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        geometry=shapely.points(np.asarray(xy, dtype=float)), index=ids, crs=CRS
    )


def _roads(path: Path) -> Path:
    """Two roads at 60 km/h (1 km per minute) that do not touch.

    Main road: (0, 0) → (10 km, 0). Stub: (0, 20 km) → (3 km, 20 km).
    """
    roads = gpd.GeoDataFrame(
        {"speed_kmh": [60.0, 60.0]},
        geometry=[
            shapely.LineString([(0, 0), (10_000, 0)]),
            shapely.LineString([(0, 20_000), (3_000, 20_000)]),
        ],
        crs=CRS,
    )
    roads.to_file(path, driver="GPKG", layer="roads")
    return path


# o1, o2 on the main road; o3 5 km off it (beyond the 2 km snap limit), so all its pairs use the
# straight line. d1, d2 on the main road; d3 on the stub, so o1 and o2 have no route to it.
ORIGINS = _points([(0, 0), (5_000, 0), (5_000, 5_000)], ["o1", "o2", "o3"])
DESTINATIONS = _points([(10_000, 0), (2_000, 0), (1_000, 20_000)], ["d1", "d2", "d3"])


def _straight_minutes(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    distance_m = float(np.hypot(destination[0] - origin[0], destination[1] - origin[1]))
    return distance_m * 1.3 / METRES_PER_MINUTE_AT_35_KMH


def _network_settings(roads: Path, **changes: object) -> TravelConfig:
    return TravelConfig(
        method="network",
        roads=roads,
        speed_column="speed_kmh",
        detour_factor=1.3,
        speed_kmh=35.0,
        max_snap_distance_m=2_000.0,
        **changes,
    )


def _note(result: TravelResult, language: str, *, detour: float = 1.3, speed: float = 35.0) -> str:
    """The one sentence every output uses for these counts (`labels.notes.travel_note`)."""
    return travel_note(
        pairs_by_method=result.pairs_by_method,
        detour_factor=detour,
        speed_kmh=speed,
        language=language,  # type: ignore[arg-type]
    )


def test_straight_line_counts_every_pair_and_says_how() -> None:
    settings = TravelConfig(method="straight_line", detour_factor=1.3, speed_kmh=35.0)
    result = compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)
    assert result.method_requested == "straight_line"
    assert dict(result.pairs_by_method) == {"straight_line": 9}
    assert result.matrix.method == "straight_line"
    # o1 (0, 0) → d1 (10 km, 0): 10 km × 1.3 at 35 km/h = 22.29 minutes.
    assert result.matrix.minutes[0, 0] == pytest.approx(13_000 / METRES_PER_MINUTE_AT_35_KMH)
    expected = compute_straight_line_matrix(
        ORIGINS, DESTINATIONS, crs=CRS, detour_factor=1.3, speed_kmh=35.0
    )
    np.testing.assert_array_equal(result.matrix.minutes, expected.minutes)
    assert _note(result, "en") == (
        "Travel time of all 9 commune–site pairs by straight line × 1.3 at 35 km/h (assumption)."
    )
    assert _note(result, "vi") == (
        "Thời gian đi của cả 9 cặp xã – địa điểm theo đường chim bay × 1,3 ở 35 km/h (giả định)."
    )


def test_straight_line_description_keeps_the_decimals_it_needs() -> None:
    settings = TravelConfig(method="straight_line", detour_factor=1.25, speed_kmh=37.5)
    result = compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)
    assert _note(result, "vi", detour=1.25, speed=37.5) == (
        "Thời gian đi của cả 9 cặp xã – địa điểm theo đường chim bay × 1,25 ở 37,5 km/h (giả định)."
    )
    assert _note(result, "en", detour=1.25, speed=37.5) == (
        "Travel time of all 9 commune–site pairs by straight line × 1.25 at 37.5 km/h (assumption)."
    )


def test_network_counts_pairs_per_method(tmp_path: Path) -> None:
    settings = _network_settings(_roads(tmp_path / "roads.gpkg"))
    result = compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)
    # network: o1–d1, o1–d2, o2–d1, o2–d2; no route: o1–d3, o2–d3; far from road: o3–d1..d3.
    assert dict(result.pairs_by_method) == {
        "network": 4,
        "straight_line_no_route": 2,
        "straight_line_far_from_road": 3,
        "beyond_cutoff": 0,
    }
    assert result.method_requested == "network"
    assert result.matrix.method == "mixed"
    minutes = result.matrix.minutes
    # On the road at 1 km per minute, points on the road need no connector.
    np.testing.assert_allclose(minutes[:2, :2], [[10.0, 2.0], [5.0, 3.0]], atol=1e-9)
    assert minutes[0, 2] == pytest.approx(_straight_minutes((0, 0), (1_000, 20_000)))
    assert minutes[2, 1] == pytest.approx(_straight_minutes((5_000, 5_000), (2_000, 0)))
    assert _note(result, "en") == (
        "Travel time of 9 commune–site pairs: 4 pairs on the road network; 3 pairs by straight "
        "line × 1.3 at 35 km/h (far from any road); 2 pairs by straight line × 1.3 at 35 km/h "
        "(no road route)."
    )


def test_network_with_a_cutoff_names_the_pairs_beyond_it(tmp_path: Path) -> None:
    settings = _network_settings(_roads(tmp_path / "roads.gpkg"), cutoff_minutes=14.0)
    result = compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)
    # Within 14 minutes: the four road pairs (≤ 10 min) and o3–d2 by straight line (13.0 min);
    # o3–d1 (15.8 min), o3–d3 and the no-route pairs o1–d3, o2–d3 (≈ 44 min) are beyond.
    assert _straight_minutes((5_000, 5_000), (2_000, 0)) == pytest.approx(12.995, abs=1e-3)
    assert dict(result.pairs_by_method) == {
        "network": 4,
        "straight_line_no_route": 0,
        "straight_line_far_from_road": 1,
        "beyond_cutoff": 4,
    }
    assert np.isinf(result.matrix.minutes).sum() == 4
    assert _note(result, "en") == (
        "Travel time of 9 commune–site pairs: 4 pairs on the road network; 4 pairs beyond the "
        "search cutoff (not served); 1 pairs by straight line × 1.3 at 35 km/h (far from any road)."
    )


def test_network_pair_counts_use_thousands_separators(tmp_path: Path) -> None:
    settings = _network_settings(_roads(tmp_path / "roads.gpkg"))
    origins = _points([(100.0 * i, 0.0) for i in range(50)], [f"o{i}" for i in range(50)])
    destinations = _points(
        [(5_000 + 100.0 * i, 0.0) for i in range(25)], [f"d{i}" for i in range(25)]
    )
    result = compute_travel(settings, crs=CRS, origins=origins, destinations=destinations)
    assert result.pairs_by_method["network"] == 1_250
    assert result.matrix.method == "network"
    assert (
        _note(result, "vi")
        == "Thời gian đi của cả 1.250 cặp xã – địa điểm theo mạng lưới đường bộ."
    )
    assert _note(result, "en") == "Travel time of all 1,250 commune–site pairs on the road network."


def test_network_without_a_road_file_is_a_config_error() -> None:
    settings = TravelConfig.model_construct(method="network", roads=None)
    with pytest.raises(ScenarioConfigError, match=r"travel\.roads"):
        compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)


def test_travel_result_is_frozen_and_checks_its_counts() -> None:
    settings = TravelConfig(method="straight_line")
    result = compute_travel(settings, crs=CRS, origins=ORIGINS, destinations=DESTINATIONS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.method_requested = "network"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.pairs_by_method["straight_line"] = 1  # type: ignore[index]
    with pytest.raises(ValueError, match="adding up to the 9 pairs"):
        TravelResult(result.matrix, "straight_line", {"straight_line": 8})
    with pytest.raises(ValueError, match="method_requested"):
        TravelResult(result.matrix, "by_bus", {"straight_line": 9})
