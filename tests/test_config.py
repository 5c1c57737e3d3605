"""Scenario files: strict validation, overrides, target-group defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SCENARIOS

from facility_plan.config import default_target_groups, load_scenario, scenario_from_dict
from facility_plan.errors import ScenarioConfigError


def test_bundled_scenarios_load_with_resolved_paths() -> None:
    config = load_scenario(SCENARIOS / "ninh_binh_2025_plan_choice.toml")
    assert config.model.required_districts == ("377", "376")
    assert config.inputs.communes.is_absolute()
    assert config.inputs.communes.is_file()
    assert config.scenario_path == (SCENARIOS / "ninh_binh_2025_plan_choice.toml").resolve()
    assert set(config.demand.groups) == set(default_target_groups())


def test_overrides_are_validated_again() -> None:
    config = load_scenario(SCENARIOS / "ninh_binh_2025.toml", overrides={"travel.speed_kmh": 30})
    assert config.travel.speed_kmh == 30
    with pytest.raises(
        ScenarioConfigError, match=r"travel\.speed_kmh: Input should be greater than 0"
    ):
        load_scenario(SCENARIOS / "ninh_binh_2025.toml", overrides={"travel.speed_kmh": -5})


def test_partial_group_override_keeps_other_defaults() -> None:
    config = load_scenario(
        SCENARIOS / "ninh_binh_2025.toml",
        overrides={"demand.groups.disability.prevalence_share": 0.0706},
    )
    disability = config.demand.groups["disability"]
    assert disability.prevalence_share == pytest.approx(0.0706)
    assert disability.eligible_share == pytest.approx(0.289)


def _minimal() -> dict:
    return {
        "name": "t",
        "title_vi": "t",
        "year": 2025,
        "inputs": {"communes": "c.csv", "districts": "d.csv", "facilities": "f.csv"},
        "model": {
            "kind": "capacitated",
            "new_facilities": 1,
            "target_places": 10,
            "size_tiers": [{"tier_id": "S", "capacity_places": 10}],
        },
    }


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda raw: raw["model"].update(new_facilites=2), "unknown key 'model.new_facilites'"),
        (lambda raw: raw.pop("year"), "year: required key is missing"),
        (lambda raw: raw.update(name="bad name!"), "name: String should match pattern"),
        (lambda raw: raw["model"].update(kind="p_medain"), "model: Input tag 'p_medain'"),
        (
            lambda raw: raw["model"].update(
                size_tiers=[
                    {"tier_id": "S", "capacity_places": 1},
                    {"tier_id": "S", "capacity_places": 2},
                ]
            ),
            "tier_id values must be unique",
        ),
        (
            lambda raw: raw["model"].update(required_districts=["1", "2"]),
            "required_districts lists 2 districts but new_facilities is 1",
        ),
        (lambda raw: raw["model"].update(target_places=-3), "model.target_places"),
    ],
)
def test_invalid_scenarios_name_the_key(mutate, expected: str) -> None:
    raw = _minimal()
    mutate(raw)
    with pytest.raises(ScenarioConfigError) as info:
        scenario_from_dict(raw, source="s.toml")
    assert expected in str(info.value)
    assert str(info.value).startswith("s.toml")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioConfigError, match="scenario file not found"):
        load_scenario(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ScenarioConfigError, match="not a valid UTF-8 TOML file"):
        load_scenario(broken)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title_vi = "Ninh Bình"\n'.encode("utf-16"))
    with pytest.raises(ScenarioConfigError, match="not a valid UTF-8 TOML file"):
        load_scenario(latin)
