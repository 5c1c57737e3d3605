"""Scenario assembly: land-parcel candidates, atomic output folders, Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

from facility_plan.config import load_scenario
from facility_plan.errors import InputDataError
from facility_plan.io import atomic_output_dir
from facility_plan.scenario import run_scenario

PARCELS = """site_id,admin_code,name_vi,lat,lon,max_places,area_m2
P-01,14752,Lô đất Yên Lâm,20.10,106.02,30,900
P-02,14686,Lô đất Kim Mỹ,20.03,106.10,20,600
P-03,14488,Lô đất Gia Lập,20.34,105.89,50,1500
"""


def test_land_parcels_limit_sites_and_sizes(scenario_copy) -> None:
    scenario = scenario_copy(
        "ninh_binh_2025_plan_choice",
        changes={"model": {"budget_vnd": 30e9}},
        files={"candidate_sites": PARCELS},
    )
    result = run_scenario(load_scenario(scenario))
    new = result.sites[result.sites["status"] == "new"]
    assert sorted(new.index) == ["P-01", "P-02"]  # one in Yên Mô, one in Kim Sơn
    assert new.loc["P-01", "capacity_places"] <= 30
    assert new.loc["P-02", "capacity_places"] <= 20
    assert result.summary.places_total >= 600


def test_parcel_with_unknown_commune_is_rejected(scenario_copy) -> None:
    scenario = scenario_copy(
        "ninh_binh_2025_plan_choice", files={"candidate_sites": PARCELS.replace("14488", "00000")}
    )
    with pytest.raises(
        InputDataError, match=r"row 3, field 'admin_code': unknown admin code '00000'"
    ):
        run_scenario(load_scenario(scenario))


def test_failed_write_keeps_previous_output(tmp_path: Path) -> None:
    final = tmp_path / "out" / "scenario"
    with atomic_output_dir(final) as staging:
        (staging / "summary.json").write_text("first", encoding="utf-8")
    assert (final / "summary.json").read_text(encoding="utf-8") == "first"

    def fail_half_way() -> None:
        with atomic_output_dir(final) as staging:
            (staging / "summary.json").write_text("half", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert (final / "summary.json").read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in final.parent.iterdir()) == ["scenario"]
