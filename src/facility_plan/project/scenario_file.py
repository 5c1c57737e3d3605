"""Write a scenario TOML file with every setting and its note, generated from the scenario's pydantic models."""

from __future__ import annotations

import inspect
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from facility_plan.config import ScenarioConfig, TargetYear
from facility_plan.labels import Language
from facility_plan.project.scenario_notes import SETTING_NOTES_VI

FULL_SECTIONS = ("inputs", "demand", "travel", "model", "solver", "outputs", "resources")
"""Sections written key by key; other sections (programme, uncertainty, …) get a pointer note."""
_SKIPPED = ("scenario_path",)
COMMENT_WIDTH = 98
"""Characters of note text per comment line."""
_UNSET = "…"


def attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """The numpydoc ``Attributes`` of `model`'s docstring: name → description (one line each)."""
    lines = inspect.cleandoc(model.__doc__ or "").splitlines()
    docs: dict[str, str] = {}
    try:
        start = lines.index("Attributes") + 2
    except ValueError:
        return docs
    names: list[str] = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            if line.endswith("-" * 3):
                break
            names = [name.strip() for name in line.split(",")]
            continue
        if line.startswith("---"):
            break
        for name in names:
            docs[name] = f"{docs.get(name, '')} {line.strip()}".strip()
    return docs


def setting_note(key: str, model: type[BaseModel], field: str, language: Language) -> str:
    """The note on setting `key` (dotted) in `language`.

    Raises
    ------
    ValueError
        A setting without a note (a new setting needs one in `SETTING_NOTES_VI` and in its
        model's docstring), so the template never falls behind the models.
    """
    if language == "vi":
        note = SETTING_NOTES_VI.get(key)
    else:
        note = next(
            (
                attribute_docs(base).get(field)
                for base in model.__mro__
                if isinstance(base, type)
                and issubclass(base, BaseModel)
                and attribute_docs(base).get(field)
            ),
            None,
        )
        if note is None and isinstance(_section_model(model, field), type):
            section = _section_model(model, field)
            note = inspect.cleandoc(section.__doc__ or "").splitlines()[0] if section else None
    if not note:
        msg = f"scenario setting {key!r} has no {language} note; add it to SETTING_NOTES_VI or the model's docstring"
        raise ValueError(msg)
    return note


def _section_model(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    annotation = model.model_fields[field].annotation
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def toml_value(value: object) -> str:
    """`value` written as TOML (strings quoted, tuples as arrays, models and mappings inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"{value} cannot be written in a scenario file"
            raise ValueError(msg)
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, BaseModel):
        return toml_value(value.model_dump(exclude_none=True))
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    msg = f"{value!r} ({type(value).__name__}) cannot be written in a scenario file"
    raise TypeError(msg)


def _default(model: type[BaseModel], field: str) -> object:
    info = model.model_fields[field]
    if info.default is not PydanticUndefined:
        return info.default
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None


def _comment(note: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(note, width=COMMENT_WIDTH)]


def _key_lines(key: str, field: str, value: object) -> list[str]:
    if value is None or (field == "groups" and key == "demand.groups"):
        return [f"# {field} = {_UNSET}"]
    return [f"{field} = {toml_value(value)}"]


def _section_lines(
    name: str, model: type[BaseModel], values: Mapping[str, Any], language: Language
) -> list[str]:
    lines = ["", *_comment(setting_note(name, ScenarioConfig, name, language)), f"[{name}]"]
    for field in model.model_fields:
        key = f"{name}.{field}"
        lines += _comment(setting_note(key, model, field, language))
        value = values[field] if field in values else _default(model, field)
        lines += _key_lines(key, field, value)
    return lines


def _targets_lines(language: Language, year: int) -> list[str]:
    lines = ["", *_comment(setting_note("targets", ScenarioConfig, "targets", language))]
    lines.append("# [[targets]]")
    for field in TargetYear.model_fields:
        lines += _comment(setting_note(f"targets.{field}", TargetYear, field, language))
        lines.append(f"# {field} = {year if field == 'year' else _UNSET}")
    return lines


def scenario_toml(
    values: Mapping[str, Any], *, language: Language = "vi", preamble: Sequence[str] = ()
) -> str:
    """A scenario file with every setting of `ScenarioConfig` and a note on each.

    Top-level keys and the sections of `FULL_SECTIONS` are written key by key: the value from
    `values` (``values["model"]["new_facilities"]``) or else the model's default; a setting
    without a value or default is written commented out (``# key = …``). ``[[targets]]`` is
    written as a commented example, other sections (programme, uncertainty) as a note pointing
    to their documentation.

    Parameters
    ----------
    values
        Top-level values and, by section name, mappings of section values.
    language
        Language of the notes: Vietnamese (`SETTING_NOTES_VI`) or English (the models' docstrings).
    preamble
        Comment lines written first (without ``#``).

    Raises
    ------
    ValueError
        A setting has no note in `language` (see `setting_note`).
    """
    lines = [f"# {line}" if line else "#" for line in preamble]
    sections: list[str] = []
    for field in ScenarioConfig.model_fields:
        if field in _SKIPPED:
            continue
        section = _section_model(ScenarioConfig, field)
        if field in FULL_SECTIONS and section is not None:
            sections += _section_lines(field, section, values.get(field, {}), language)
        elif field == "targets":
            sections += _targets_lines(language, int(values.get("year", 2025)))
        elif section is not None:
            note = setting_note(field, ScenarioConfig, field, language)
            sections += ["", *_comment(note), f"# [{field}]"]
        else:
            lines += _comment(setting_note(field, ScenarioConfig, field, language))
            value = values[field] if field in values else _default(ScenarioConfig, field)
            lines += _key_lines(field, field, value)
    return "\n".join([*lines, *sections]) + "\n"
