"""Fuzzing the input boundary: mutated cells, headers and encodings of the bundled tables never escape as a crash.

Each example mutates one bundled Ninh Bình 2019 table and reads the scenario with
`facility_plan.io.read_scenario_inputs` (no solver). The outcome is either inputs whose numbers are
all finite, or a `FacilityPlanError` whose message names one of the input files; never another
exception type.
"""

from __future__ import annotations

import tempfile
import tomllib
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import NINH_BINH_DATA, SCENARIOS, dump_toml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facility_plan.config import load_scenario
from facility_plan.errors import FacilityPlanError
from facility_plan.io import read_scenario_inputs

TABLES = ("communes", "districts", "facilities")
TEXT = {name: (NINH_BINH_DATA / f"{name}.csv").read_text("utf-8") for name in TABLES}
FRAMES = {
    name: pd.read_csv(StringIO(TEXT[name]), dtype=str, keep_default_na=False) for name in TABLES
}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1")
AWKWARD_VALUES = st.sampled_from(
    [
        "",
        "inf",
        "-inf",
        "nan",
        "1e308",
        "1e999",
        "-1",
        "0",
        "9.830",
        "9,830",
        "20,25",
        "=1+1",
        "C-14332",
        "commune:14320",
        "  ",
        "\t",
        "'",
        '"',
        "x" * 300,
        "٣",
        "1_000",
        "0x1F",
    ]
)
CELL_VALUES = st.one_of(AWKWARD_VALUES, st.text(max_size=12), st.floats().map(repr))


@st.composite
def mutated_table(draw: st.DrawFn) -> tuple[str, bytes]:
    """A bundled table with a few cells, a header or its encoding changed, as file bytes."""
    name = draw(st.sampled_from(TABLES))
    frame = FRAMES[name].copy()
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.integers(0, len(frame) - 1))
        column = draw(st.sampled_from(list(frame.columns)))
        frame.loc[row, column] = draw(CELL_VALUES)
    if draw(st.booleans()):
        position = draw(st.integers(0, len(frame.columns) - 1))
        columns = list(frame.columns)
        columns[position] = draw(st.one_of(st.text(max_size=10), st.sampled_from(columns)))
        frame.columns = columns
    text = frame.to_csv(index=False, sep=draw(st.sampled_from([",", ",", ",", ";", "\t"])))
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return name, data


def _scenario(folder: Path, name: str, data: bytes) -> Path:
    raw = tomllib.loads((SCENARIOS / "ninh_binh_2025.toml").read_text(encoding="utf-8"))
    for table in TABLES:
        target = folder / f"{table}.csv"
        if table == name:
            target.write_bytes(data)
        else:
            target.write_text(TEXT[table], encoding="utf-8")
        raw["inputs"][table] = str(target)
    path = folder / "scenario.toml"
    path.write_text(dump_toml(raw), encoding="utf-8")
    return path


def _check_one(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        config = load_scenario(_scenario(folder, name, data))
        try:
            inputs = read_scenario_inputs(config)
        except FacilityPlanError as err:
            message = str(err)
            assert any(f"{table}.csv" in message for table in TABLES), message
            return
        for frame, columns in (
            (inputs.communes, ["population_persons", "lat", "lon"]),
            (inputs.districts, ["population_persons", "age_60plus_persons"]),
            (inputs.facilities, ["capacity_places", "lat", "lon"]),
        ):
            assert np.isfinite(frame[columns].to_numpy(float)).all()
        assert float(inputs.communes["population_persons"].sum()) > 0


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(mutated_table())
def test_mutated_tables_give_finite_inputs_or_a_named_file(table: tuple[str, bytes]) -> None:
    _check_one(*table)


@pytest.mark.slow
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@pytest.mark.slow
@given(mutated_table())
def test_mutated_tables_many(table: tuple[str, bytes]) -> None:
    _check_one(*table)
