"""The sweep executor (serial, process pool, Dask LocalCluster) and the seeded draws of uncertain inputs."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pytest

from facility_plan.config import load_scenario, scenario_from_dict
from facility_plan.errors import ScenarioConfigError
from facility_plan.io import read_scenario_inputs
from facility_plan.sweeps import ExecutorSettings, draw_inputs, open_sweep, uncertainty_model

REPO_ROOT = Path(__file__).resolve().parents[1]
NINH_BINH = REPO_ROOT / "scenarios" / "ninh_binh_2025.toml"


class Shared:
    """Shared sweep input that gets a new token each time it is unpickled (i.e. sent to a worker)."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.token = "original"

    def __getstate__(self) -> dict[str, object]:
        return {"offset": self.offset}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.offset = int(state["offset"])  # type: ignore[call-overload]
        self.token = uuid.uuid4().hex


def add_offset(shared: Shared, item: int) -> tuple[int, int, str]:
    """Task: item + offset, with the worker's pid and the token of its copy of the shared input."""
    return item + shared.offset, os.getpid(), shared.token


def fail_on_odd(shared: Shared, item: int) -> int:
    if item % 2:
        msg = f"item {item} is odd"
        raise ScenarioConfigError(msg)
    return item + shared.offset


def _check_sweep(settings: ExecutorSettings) -> None:
    items = list(range(40))
    with open_sweep(Shared(100), settings) as runner:
        first = runner.map(add_offset, items)
        second = runner.map(add_offset, items[::-1])
    assert [value for value, _, _ in first] == [i + 100 for i in items]
    assert [value for value, _, _ in second] == [i + 100 for i in items[::-1]]
    copies = {(pid, token) for _, pid, token in first + second}
    pids = {pid for pid, _ in copies}
    # One copy of the shared input per worker process, kept across tasks and passes.
    assert len(copies) == len(pids) <= settings.worker_count


def test_serial_sweep_keeps_order_and_the_shared_input() -> None:
    with open_sweep(Shared(1), ExecutorSettings(kind="serial")) as runner:
        results = runner.map(add_offset, [3, 1, 2])
    assert [value for value, _, _ in results] == [4, 2, 3]
    assert {token for _, _, token in results} == {"original"}


def test_process_pool_sends_shared_input_once_per_worker_and_keeps_order() -> None:
    _check_sweep(ExecutorSettings(kind="processes", workers=2))


@pytest.mark.slow
def test_dask_local_cluster_scatters_once_and_keeps_order() -> None:
    _check_sweep(ExecutorSettings(kind="dask", workers=2, dask_address="local"))


@pytest.mark.parametrize("kind", ["serial", "processes"])
def test_first_failing_item_is_raised_whatever_the_executor(kind: str) -> None:
    settings = ExecutorSettings(kind=kind, workers=2)  # type: ignore[arg-type]
    with (
        open_sweep(Shared(0), settings) as runner,
        pytest.raises(ScenarioConfigError, match="item 3 is odd"),
    ):
        runner.map(fail_on_odd, [0, 2, 3, 4, 5])


def test_executor_options_are_checked() -> None:
    assert ExecutorSettings.from_options(dask="local", workers=2).kind == "dask"
    assert ExecutorSettings.from_options(serial=True).kind == "serial"
    with pytest.raises(ScenarioConfigError, match="exclude"):
        ExecutorSettings.from_options(dask="local", serial=True)
    with pytest.raises(ScenarioConfigError, match="address"):
        ExecutorSettings(kind="dask")
    with pytest.raises(ScenarioConfigError, match="at least 1"):
        ExecutorSettings(workers=0)


@pytest.fixture(scope="module")
def ninh_binh_model():
    config = load_scenario(NINH_BINH)
    inputs = read_scenario_inputs(config)
    model = uncertainty_model(config, inputs.facilities, inputs.communes, inputs.cells)
    return config, inputs, model


def test_draws_are_reproducible_by_seed(ninh_binh_model) -> None:
    _config, _inputs, model = ninh_binh_model
    first = draw_inputs(model, samples=20, seed=7)
    assert first == draw_inputs(model, samples=20, seed=7)
    assert first[:5] == draw_inputs(model, samples=5, seed=7)  # draw k does not depend on N
    other = draw_inputs(model, samples=20, seed=8)
    assert [d.speed_kmh for d in first] != [d.speed_kmh for d in other]
    assert [d.positions for d in first] != [d.positions for d in other]


def test_draws_stay_within_the_ranges_and_defaults_follow_status(ninh_binh_model) -> None:
    _config, inputs, model = ninh_binh_model
    ranges = {(r.group, r.share): r for r in model.shares}
    # Status flags of the default groups set the ranges: placeholder ±50 %, seen ±10 %.
    assert (
        ranges["mental_illness", "residential"].low,
        ranges["mental_illness", "residential"].high,
    ) == (0.5, 1.5)
    assert (ranges["children", "prevalence"].low, ranges["children", "prevalence"].high) == (
        0.9,
        1.1,
    )
    assert model.speed_kmh == pytest.approx((28.0, 42.0))
    draws = draw_inputs(model, samples=200, seed=1)
    for draw in draws:
        for group, share, value in draw.share_factors:
            assert ranges[group, share].low <= value <= ranges[group, share].high
        assert model.speed_kmh[0] <= draw.speed_kmh <= model.speed_kmh[1]
        assert draw.detour_factor >= 1.0
    # Every Ninh Bình centre is at a district seat: drawn among its district's communes,
    # more often in the more populous ones.
    communes = inputs.communes
    facility = inputs.facilities.iloc[0]
    district = communes[communes["district_code"] == facility["district_code"]]
    drawn = [d.positions[0].admin_code for d in draws]
    assert set(drawn) <= set(district.index)
    assert len(set(drawn)) > 1
    counts = {code: drawn.count(code) for code in district.index}
    biggest = district["population_persons"].idxmax()
    smallest = district["population_persons"].idxmin()
    assert counts[biggest] >= counts[smallest]


def test_uncertainty_section_is_validated() -> None:
    raw_config = load_scenario(NINH_BINH)
    raw = raw_config.model_dump(mode="json", exclude={"scenario_path"})
    raw["uncertainty"] = {"speed_kmh": [30, 40], "groups": {"elderly": {"prevalence": [1, 1]}}}
    config = scenario_from_dict(raw)
    assert config.uncertainty.speed_kmh == (30.0, 40.0)
    for bad, message in (
        ({"speed_kmh": [40, 30]}, "low <= high"),
        ({"detour_factor": [0.8, 1.2]}, "below 1"),
        ({"samples": 0}, "samples"),
        ({"unknown": 1}, "unknown key"),
    ):
        raw["uncertainty"] = bad
        with pytest.raises(ScenarioConfigError, match=message):
            scenario_from_dict(raw)
    raw["uncertainty"] = {"groups": {"nobody": {"prevalence": [1, 2]}}}
    config = scenario_from_dict(raw)
    inputs = read_scenario_inputs(config)
    with pytest.raises(ScenarioConfigError, match="unknown target groups"):
        uncertainty_model(config, inputs.facilities, inputs.communes, inputs.cells)


def test_fixed_positions_and_fixed_ranges_give_no_variation(ninh_binh_model) -> None:
    config, inputs, _model = ninh_binh_model
    fixed = config.model_copy(
        update={
            "uncertainty": config.uncertainty.model_copy(
                update={"facility_positions": "fixed", "speed_kmh": (35.0, 35.0)}
            )
        }
    )
    model = uncertainty_model(fixed, inputs.facilities, inputs.communes, inputs.cells)
    draws = draw_inputs(model, samples=5, seed=3)
    assert all(d.positions == () for d in draws)
    assert np.allclose([d.speed_kmh for d in draws], 35.0)
