"""A Ninh Bình scenario on a road-line input: every pair gets a time and a recorded method."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from conftest import SCENARIOS, SHARED
from shapely.geometry import LineString

from facility_plan.config import load_scenario
from facility_plan.scenario import run_scenario


def _road_grid(path: Path) -> Path:
    """Roads every 0.04° across Ninh Bình: north–south 'Quốc lộ', east–west 'Đường xã'."""
    lines, classes = [], []
    for step in range(16):
        lon = 105.50 + 0.04 * step
        lines.append(LineString([(lon, 19.90), (lon, 20.50)]))
        classes.append("Quốc lộ")
    for step in range(16):
        lat = 19.90 + 0.04 * step
        lines.append(LineString([(105.50, lat), (106.20, lat)]))
        classes.append("Đường xã")
    # Split every line at the crossings so the grid is one connected network.
    grid = gpd.GeoDataFrame({"loai": classes}, geometry=lines, crs="EPSG:4326")
    noded = gpd.GeoDataFrame(geometry=list(grid.geometry.union_all().geoms), crs="EPSG:4326").sjoin(
        grid, predicate="within", how="left"
    )
    noded[["loai", "geometry"]].to_file(path, driver="GPKG", layer="roads")
    return path


def test_scenario_on_a_road_grid(tmp_path: Path) -> None:
    roads = _road_grid(tmp_path / "roads.gpkg")
    config = load_scenario(
        SCENARIOS / "ninh_binh_2025_plan_choice.toml",
        overrides={
            "travel.method": "network",
            "travel.roads": str(roads),
            "travel.road_class_column": "loai",
        },
    )
    result = run_scenario(config)
    pairs = result.summary.travel_model.pairs_by_method
    assert sum(pairs.values()) == 125 * (3 + 125)
    assert pairs["network"] > 0.5 * sum(pairs.values())
    assert result.summary.status == "optimal"
    assert sorted(result.sites.loc[result.sites["status"] == "new", "district_code"]) == [
        "376",
        "377",
    ]


def test_network_method_needs_a_road_file() -> None:
    from facility_plan.errors import ScenarioConfigError

    with pytest.raises(ScenarioConfigError, match="method 'network' needs 'roads'"):
        load_scenario(SCENARIOS / "ninh_binh_2025.toml", overrides={"travel.method": "network"})


@pytest.mark.shared_data
def test_scenario_on_real_major_roads() -> None:
    roads = SHARED / "data" / "roads" / "vnm_major_roads_legocity.geojson"
    if not roads.exists():
        pytest.skip("../shared/data/roads is absent")
    config = load_scenario(
        SCENARIOS / "ninh_binh_2025_plan_choice.toml",
        overrides={
            "travel.method": "network",
            "travel.roads": str(roads),
            "travel.road_class_column": "cap_duong",
        },
    )
    result = run_scenario(config)
    pairs = result.summary.travel_model.pairs_by_method
    # The national file has only QL1A, QL10 and TL479 in Ninh Bình: most pairs fall back, and say so.
    assert pairs["network"] > 0
    assert pairs["straight_line_far_from_road"] > 0
    assert sum(pairs.values()) == 125 * 128
