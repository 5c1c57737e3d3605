"""Water crossings: island communes reach the mainland over ferry links, never across the sea."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SCENARIOS

from facility_plan.config import load_scenario
from facility_plan.errors import ProblemError
from facility_plan.scenario import prepare_scenario
from facility_plan.travel.ferry import FerryLeg, route_over_water

PHU_QUOC = "31078"
THO_CHAU = "31105"


def test_route_over_water_adds_drive_wait_crossing_and_chains_legs() -> None:
    # origins: 0 mainland, 1 island A, 2 island B (reached from A only); destinations: mainland, A
    base = np.array([[5.0, 50.0], [50.0, 3.0], [70.0, 60.0]])
    routed = route_over_water(
        base,
        origin_land=["mainland", "a", "b"],
        destination_land=["mainland", "a"],
        origin_to_terminal=np.array([[2.0, 40.0, 60.0], [40.0, 1.0, 20.0], [60.0, 20.0, 0.0]]),
        terminal_to_destination=np.array([[4.0, 45.0], [45.0, 2.0], [60.0, 20.0]]),
        terminal_land=["mainland", "a", "b"],
        terminal_drive=np.zeros((3, 3)),
        legs=[FerryLeg(0, 1, 100.0), FerryLeg(1, 2, 300.0)],
    )
    assert routed.minutes[0, 0] == 5.0  # same land: unchanged
    assert routed.minutes[0, 1] == pytest.approx(2.0 + 100.0 + 2.0)
    assert routed.minutes[2, 0] == pytest.approx(0.0 + 300.0 + 100.0 + 4.0)  # two legs
    assert routed.ferry_pairs == 4
    assert routed.same_land_pairs == 2


def test_island_without_link_is_unreachable_and_leg_must_cross_water() -> None:
    routed = route_over_water(
        np.array([[10.0]]),
        origin_land=["island"],
        destination_land=["mainland"],
        origin_to_terminal=np.zeros((1, 0)),
        terminal_to_destination=np.zeros((0, 1)),
        terminal_land=[],
        terminal_drive=np.zeros((0, 0)),
        legs=[],
    )
    assert np.isinf(routed.minutes[0, 0])
    assert routed.no_crossing_pairs == 1
    with pytest.raises(ProblemError, match="must cross water"):
        route_over_water(
            np.zeros((1, 1)),
            origin_land=["mainland"],
            destination_land=["mainland"],
            origin_to_terminal=np.zeros((1, 2)),
            terminal_to_destination=np.zeros((2, 1)),
            terminal_land=["mainland", "mainland"],
            terminal_drive=np.zeros((2, 2)),
            legs=[FerryLeg(0, 1, 10.0)],
        )


def test_an_giang_scenario_routes_island_communes_over_ferry() -> None:
    config = load_scenario(SCENARIOS / "an_giang_2025_islands_ferry.toml")
    prepared = prepare_scenario(config)
    minutes = prepared.travel.matrix.to_frame()
    assert prepared.travel.pairs_by_method["ferry"] > 0
    assert prepared.travel.pairs_by_method["no_water_crossing"] == 0
    # Phú Quốc → the provincial centre (Thạnh Lộc): sailing from Rạch Giá or Hà Tiên.
    links = {link.name: link for link in config.travel.ferry_links}
    rach_gia = links["Rạch Giá – Phú Quốc"]
    ha_tien = links["Hà Tiên – Phú Quốc"]
    shortest_sailing = min(
        rach_gia.crossing_minutes + rach_gia.wait_minutes,
        ha_tien.crossing_minutes + ha_tien.wait_minutes,
    )
    assert minutes.loc[PHU_QUOC, "KG-E01"] >= shortest_sailing
    # Thổ Châu has no link to the mainland: its trips chain through Phú Quốc.
    tho_chau = links["Phú Quốc – Thổ Châu"]
    assert minutes.loc[THO_CHAU, "KG-E01"] >= (
        tho_chau.crossing_minutes + tho_chau.wait_minutes + shortest_sailing
    )
    without = load_scenario(
        SCENARIOS / "an_giang_2025_islands_ferry.toml",
        overrides={"travel.islands": {}, "travel.ferry_links": []},
    )
    straight = prepare_scenario(without).travel.matrix.to_frame()
    assert straight.loc[PHU_QUOC, "KG-E01"] != minutes.loc[PHU_QUOC, "KG-E01"]
