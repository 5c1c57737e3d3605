"""Load a scenario from TOML or a mapping: defaults merged, overrides applied, paths resolved, errors named."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from facility_plan.config.defaults import default_target_groups
from facility_plan.config.model import MODEL_KINDS
from facility_plan.config.scenario import ScenarioConfig
from facility_plan.config.sections import InputsConfig
from facility_plan.errors import ScenarioConfigError

BUNDLED_PREFIX = "bundled:"
"""An input path starting with this names a bundled table, e.g. ``bundled:ninh_binh_2019/communes.csv``."""


def bundled_data_root() -> Path:
    """The folder of the bundled province tables: ``data/geo`` of a checkout, or the installed
    ``facility_plan/geo_data`` (the same search as `facility_plan.io.bundled_geo_dir`).

    Raises
    ------
    ScenarioConfigError
        If neither holds ``provinces.csv``.
    """
    package = Path(__file__).resolve().parents[1]
    for folder in (package.parents[1] / "data" / "geo", package / "geo_data"):
        if (folder / "provinces.csv").is_file():
            return folder
    msg = f"{package / 'geo_data'}: bundled data not found (provinces.csv missing)"
    raise ScenarioConfigError(msg)


def _bundled_path(path: Path, key: str, source: str) -> Path | None:
    """The bundled file a ``bundled:<folder>/<file>`` path names, or None for any other path."""
    text = path.as_posix()
    if not text.startswith(BUNDLED_PREFIX):
        return None
    inside = Path(text.removeprefix(BUNDLED_PREFIX))
    root = bundled_data_root()
    folders = sorted(p.name for p in root.iterdir() if (p / "communes.csv").is_file())
    target = root / inside
    if inside.is_absolute() or ".." in inside.parts or not target.is_file():
        msg = (
            f"{source}: {key}: {text!r} names no bundled table; write "
            f"'bundled:<folder>/<file>' with a folder of {folders} and a file such as communes.csv"
        )
        raise ScenarioConfigError(msg)
    return target


def _set_dotted(raw: dict[str, Any], dotted_key: str, value: object) -> None:
    keys = dotted_key.split(".")
    node = raw
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            msg = f"override {dotted_key!r}: {key!r} is not a table"
            raise ScenarioConfigError(msg)
        node = child
    node[keys[-1]] = value


def _merge_group_defaults(raw: dict[str, Any]) -> None:
    demand = raw.get("demand")
    if not isinstance(demand, dict):
        return
    groups = default_target_groups()
    user_groups = demand.get("groups", {})
    if not isinstance(user_groups, dict):
        return
    for group_name, settings in user_groups.items():
        if group_name in groups and isinstance(settings, dict):
            groups[group_name] = {**groups[group_name], **settings}
        else:
            groups[group_name] = settings
    demand["groups"] = groups


def _format_validation_error(source: str, error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        parts = [str(part) for part in item["loc"]]
        if len(parts) > 1 and parts[0] == "model" and parts[1] in MODEL_KINDS:
            del parts[1]  # pydantic adds the union tag ("capacitated") to the location
        location = ".".join(parts) or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key '{location}' (check the spelling)")
        elif item["type"] == "missing":
            lines.append(f"{source}: {location}: required key is missing")
        else:
            lines.append(f"{source}: {location}: {item['msg']} (got {item.get('input')!r})")
    return "\n".join(lines)


def scenario_from_dict(
    raw: Mapping[str, Any],
    *,
    source: str = "scenario",
    base_dir: Path | None = None,
    overrides: Mapping[str, object] | None = None,
) -> ScenarioConfig:
    """Validate a scenario given as a mapping (as read from TOML).

    Parameters
    ----------
    raw
        The scenario tables.
    source
        Name used in error messages (usually the file path).
    base_dir
        Folder that relative input paths are resolved against; a path written
        ``bundled:<folder>/<file>`` (e.g. ``bundled:ninh_binh_2019/communes.csv``) names a bundled
        table wherever the scenario file is.
    overrides
        Dotted keys to replace before validation, e.g. ``{"travel.speed_kmh": 30}``.

    Returns
    -------
    ScenarioConfig
        The validated scenario.

    Raises
    ------
    ScenarioConfigError
        With one line per unknown, missing or invalid key.
    """
    data = copy.deepcopy(dict(raw))
    for dotted_key, value in (overrides or {}).items():
        _set_dotted(data, dotted_key, value)
    _merge_group_defaults(data)
    if "demand" not in data:
        data["demand"] = {"groups": default_target_groups()}
    try:
        config = ScenarioConfig.model_validate(data)
    except ValidationError as err:
        raise ScenarioConfigError(_format_validation_error(source, err)) from None
    inputs = config.inputs

    def resolve(path: Path, key: str) -> Path:
        bundled = _bundled_path(path, key, source)
        if bundled is not None:
            return bundled
        if path.is_absolute() or base_dir is None:
            return path
        return (base_dir / path).resolve()

    candidate_sites = (
        inputs.candidate_sites
        if inputs.candidate_sites == "all_communes"
        else resolve(Path(inputs.candidate_sites), "inputs.candidate_sites")
    )
    boundaries = inputs.boundaries
    resolved = InputsConfig(
        communes=resolve(inputs.communes, "inputs.communes"),
        districts=resolve(inputs.districts, "inputs.districts"),
        facilities=resolve(inputs.facilities, "inputs.facilities"),
        candidate_sites=candidate_sites,
        boundaries=resolve(boundaries, "inputs.boundaries") if boundaries is not None else None,
        boundary_code_column=inputs.boundary_code_column,
    )
    travel = config.travel
    if travel.roads is not None:
        travel = travel.model_copy(update={"roads": resolve(travel.roads, "travel.roads")})
    config = config.model_copy(update={"inputs": resolved, "travel": travel})
    return config


def load_scenario(
    path: str | Path, *, overrides: Mapping[str, object] | None = None
) -> ScenarioConfig:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path
        The ``.toml`` file; input paths inside it are relative to its folder.
    overrides
        Dotted keys to replace before validation, e.g. ``{"demand.calibrate_total_persons": 700}``.

    Returns
    -------
    ScenarioConfig
        The validated scenario, with `scenario_path` set and input paths resolved.

    Raises
    ------
    ScenarioConfigError
        If the file is missing, is not valid TOML, or has unknown, missing or invalid keys.
    """
    scenario_file = Path(path)
    if not scenario_file.is_file():
        msg = f"{scenario_file}: scenario file not found"
        raise ScenarioConfigError(msg)
    try:
        raw = tomllib.loads(scenario_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        msg = f"{scenario_file}: not a valid UTF-8 TOML file ({err})"
        raise ScenarioConfigError(msg) from None
    config = scenario_from_dict(
        raw, source=str(scenario_file), base_dir=scenario_file.parent.resolve(), overrides=overrides
    )
    return config.model_copy(update={"scenario_path": scenario_file.resolve()})
