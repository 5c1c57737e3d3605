"""Position draws of district-seat centres when the facility table has no district column."""

from __future__ import annotations

from conftest import SCENARIOS

from facility_plan.config import load_scenario
from facility_plan.scenario import prepare_scenario
from facility_plan.sweeps import uncertainty_model


def test_district_seat_centre_is_drawn_among_its_communes_district() -> None:
    prepared = prepare_scenario(load_scenario(SCENARIOS / "ninh_binh_2025.toml"))
    config, inputs = prepared.config, prepared.inputs
    with_column = uncertainty_model(config, inputs.facilities, inputs.communes, inputs.cells)
    # A planner's table (e.g. from `facility-plan init`) need not repeat the district code.
    without = inputs.facilities.drop(columns="district_code")
    derived = uncertainty_model(config, without, inputs.communes, inputs.cells)
    assert derived.positions == with_column.positions
    communes = inputs.communes
    for choice, (_, row) in zip(derived.positions, inputs.facilities.iterrows(), strict=True):
        assert choice.precision == "district_seat"
        district = communes.at[row["admin_code"], "district_code"]
        expected = set(communes.index[communes["district_code"] == district].astype(str))
        assert set(choice.admin_codes) == expected
        assert len(expected) > 1
        assert abs(sum(choice.weights) - 1.0) < 1e-12
