"""The scenario form, generated from `ScenarioConfig.model_json_schema()`: fields grouped by section, and back."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from pydantic import BaseModel

from facility_plan.app.store import toml_text
from facility_plan.config import ScenarioConfig
from facility_plan.errors import ScenarioConfigError
from facility_plan.labels import Language
from facility_plan.project.scenario_file import attribute_docs
from facility_plan.project.scenario_notes import SETTING_NOTES_VI

FieldKind = Literal["text", "number", "integer", "checkbox", "select", "list", "toml"]
GENERAL_GROUP = "general"
"""The group of the top-level settings (name, title, year, …)."""
EXTRA_ROWS = 1
"""Blank rows offered under a list of tables (size tiers, targets) to add one."""
SKIPPED = ("scenario_path",)
_UNITS: tuple[tuple[str, str, str], ...] = (
    ("_vnd", "VND", "VND"),
    ("_minutes", "phút", "minutes"),
    ("_kmh", "km/h", "km/h"),
    ("_places", "chỗ", "places"),
    ("_persons", "người", "persons"),
    ("_share", "tỷ lệ 0–1", "share 0–1"),
    ("_m2", "m²", "m²"),
    ("_m", "m", "m"),
    ("_km", "km", "km"),
    ("_seconds", "giây", "seconds"),
    ("_per_year", "/năm", "per year"),
)


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of the form.

    Attributes
    ----------
    path
        Dotted name posted by the form (list items by position: ``model.size_tiers.0.tier_id``).
    name
        The setting's key in the scenario file.
    kind
        How it is edited.
    value
        The value as text.
    options
        Choices of a ``select``.
    unit
        Unit shown next to the input ("" for none).
    help
        What the setting means.
    nullable
        An empty input means "not set".
    """

    path: str
    name: str
    kind: FieldKind
    value: str
    options: tuple[str, ...] = ()
    unit: str = ""
    help: str = ""
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class FormGroup:
    """A section of the form: its fields and sub-sections (tables, list items, map entries)."""

    path: str
    name: str
    help: str
    fields: tuple[FormField, ...]
    groups: tuple[FormGroup, ...]


def _schema() -> dict[str, Any]:
    return ScenarioConfig.model_json_schema()


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """`node` with ``$ref``/``oneOf`` followed and ``null`` dropped from ``anyOf``; and whether null is allowed."""
    node = dict(node)
    nullable = False
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(node["anyOf"])
        if len(options) == 1:
            node = {**node, **options[0]}
            node.pop("anyOf")
        elif all(_resolve(o, defs)[0].get("type") == "string" or "const" in o for o in options):
            node = {"type": "string", **{k: v for k, v in node.items() if k != "anyOf"}}
    if "oneOf" in node and len(node["oneOf"]) == 1:
        node = {**node, **node["oneOf"][0]}
        node.pop("oneOf")
    if "$ref" in node:
        target = defs[node.pop("$ref").split("/")[-1]]
        inner, inner_null = _resolve(target, defs)
        node = {**inner, **node}
        nullable = nullable or inner_null
    return node, nullable


def _pick_variant(node: Mapping[str, Any], kind: object) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A discriminated union (``oneOf`` + ``discriminator``) narrowed to the variant `kind` names.

    Returns the node (unchanged when it is no such union) and the kinds to choose from.
    """
    discriminator = node.get("discriminator")
    if not isinstance(discriminator, Mapping) or "oneOf" not in node:
        return dict(node), ()
    mapping: Mapping[str, str] = discriminator.get("mapping", {})
    kinds = tuple(mapping)
    target = mapping.get(str(kind)) or node["oneOf"][0]["$ref"]
    narrowed = {k: v for k, v in node.items() if k not in ("oneOf", "discriminator")}
    return {**narrowed, "$ref": target}, kinds


def _unit(name: str, language: Language) -> str:
    for suffix, vi, en in _UNITS:
        if name.endswith(suffix):
            return vi if language == "vi" else en
    return ""


def _help(note_key: str, name: str, parent: Mapping[str, Any], language: Language) -> str:
    if language == "vi" and note_key in SETTING_NOTES_VI:
        return SETTING_NOTES_VI[note_key]
    shim = type("Doc", (), {"__doc__": parent.get("description", "")})
    return attribute_docs(cast(type[BaseModel], shim)).get(name, "")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e6:
        return f"{value:.6g}"
    return str(value)


def _is_table(node: Mapping[str, Any]) -> bool:
    return node.get("type") == "object" and "properties" in node


def _scalar_field(
    path: str,
    name: str,
    node: Mapping[str, Any],
    nullable: bool,
    value: object,
    help_text: str,
    language: Language,
) -> FormField:
    kind: FieldKind
    options: tuple[str, ...] = ()
    if "enum" in node:
        kind, options = "select", tuple(str(o) for o in node["enum"])
        if nullable:
            options = ("", *options)
    elif "const" in node:
        kind, options = "select", (str(node["const"]),)
    elif node.get("type") == "boolean":
        kind = "checkbox"
    elif node.get("type") == "integer":
        kind = "integer"
    elif node.get("type") == "number":
        kind = "number"
    elif node.get("type") == "string":
        kind = "text"
    else:
        kind = "toml"
    shown = _text(value) if kind != "toml" else ("" if value is None else toml_text(value))
    return FormField(path, name, kind, shown, options, _unit(name, language), help_text, nullable)


def _build(
    path: str,
    note_key: str,
    name: str,
    node: Mapping[str, Any],
    value: Any,
    defs: Mapping[str, Any],
    language: Language,
    help_text: str,
) -> FormField | FormGroup:
    node, kinds = _pick_variant(node, value.get("kind") if isinstance(value, Mapping) else None)
    node, nullable = _resolve(node, defs)
    if _is_table(node) and isinstance(value, Mapping):
        group = _table_group(path, note_key, name, node, value, defs, language, help_text)
        if kinds:
            fields = tuple(
                FormField(f.path, f.name, "select", f.value, kinds, f.unit, f.help)
                if f.name == "kind"
                else f
                for f in group.fields
            )
            group = FormGroup(group.path, group.name, group.help, fields, group.groups)
        return group
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        inner, _ = _resolve(node["additionalProperties"], defs)
        if _is_table(inner) and isinstance(value, Mapping):
            groups = tuple(
                _table_group(f"{path}.{key}", note_key, str(key), inner, item, defs, language, "")
                for key, item in value.items()
            )
            return FormGroup(path, name, help_text, (), groups)
    if node.get("type") == "array":
        items, _ = _resolve(node.get("items", {}), defs)
        if _is_table(items):
            rows = list(value or ())
            blank = {key: None for key in items["properties"]}
            groups = tuple(
                _table_group(
                    f"{path}.{i}", note_key, f"{name} [{i + 1}]", items, row, defs, language, ""
                )
                for i, row in enumerate([*rows, *(blank for _ in range(EXTRA_ROWS))])
            )
            return FormGroup(path, name, help_text, (), groups)
        if items.get("type") in ("string", "integer", "number") or "enum" in items:
            text = ", ".join(_text(v) for v in (value or ()))
            return FormField(path, name, "list", text, (), _unit(name, language), help_text)
    if node.get("type") == "object" or (_is_table(node) and value is None):
        shown = "" if value is None else toml_text(value)
        return FormField(path, name, "toml", shown, (), "", help_text, nullable)
    return _scalar_field(path, name, node, nullable, value, help_text, language)


def _table_group(
    path: str,
    note_key: str,
    name: str,
    node: Mapping[str, Any],
    values: Mapping[str, Any],
    defs: Mapping[str, Any],
    language: Language,
    help_text: str,
) -> FormGroup:
    fields: list[FormField] = []
    groups: list[FormGroup] = []
    for key, child in node["properties"].items():
        if key in SKIPPED:
            continue
        child_note = f"{note_key}.{key}" if note_key else key
        child_path = f"{path}.{key}" if path else key
        built = _build(
            child_path,
            child_note,
            key,
            child,
            values[key] if key in values else child.get("default"),
            defs,
            language,
            _help(child_note, key, node, language),
        )
        if isinstance(built, FormGroup):
            groups.append(built)
        else:
            fields.append(built)
    return FormGroup(path, name, help_text, tuple(fields), tuple(groups))


def scenario_form(values: Mapping[str, Any], language: Language = "vi") -> tuple[FormGroup, ...]:
    """The form of a scenario: a group of top-level settings, then one group per section.

    Parameters
    ----------
    values
        The scenario's settings (as in its TOML file, defaults filled in).
    language
        Language of the help texts and units.
    """
    schema = _schema()
    root = _table_group("", "", "", schema, values, schema.get("$defs", {}), language, "")
    general = FormGroup(GENERAL_GROUP, GENERAL_GROUP, "", root.fields, ())
    return (general, *root.groups)


_MISSING = object()


def _children(form: Mapping[str, str], path: str) -> list[str]:
    prefix = f"{path}."
    seen: dict[str, None] = {}
    for key in form:
        if key.startswith(prefix):
            seen.setdefault(key[len(prefix) :].split(".")[0], None)
    return list(seen)


def _convert(text: str, node: Mapping[str, Any], path: str) -> object:
    kind = node.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
    except ValueError:
        msg = f"{path}: {text!r} is not a number"
        raise ScenarioConfigError(msg) from None
    return text


def _parse(
    path: str, node: Mapping[str, Any], form: Mapping[str, str], defs: Mapping[str, Any]
) -> Any:
    node, _kinds = _pick_variant(node, form.get(f"{path}.kind"))
    node, _nullable = _resolve(node, defs)
    if (path in form and _is_table(node)) or (path in form and node.get("type") == "object"):
        return _parse_toml(form[path], path)
    if _is_table(node):
        out = {}
        for key, child in node["properties"].items():
            value = _parse(f"{path}.{key}" if path else key, child, form, defs)
            if value is not _MISSING:
                out[key] = value
        return out if out or not path else _MISSING
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        parsed = {
            key: _parse(f"{path}.{key}", node["additionalProperties"], form, defs)
            for key in _children(form, path)
        }
        return {k: v for k, v in parsed.items() if v is not _MISSING} or _MISSING
    if node.get("type") == "array":
        items, _ = _resolve(node.get("items", {}), defs)
        if _is_table(items):
            rows = []
            for index in sorted(_children(form, path), key=int):
                row = _parse(f"{path}.{index}", items, form, defs)
                if row is not _MISSING and row:
                    rows.append(row)
            return rows
        if items.get("type") in ("string", "integer", "number") or "enum" in items:
            text = form.get(path, "")
            return [_convert(part.strip(), items, path) for part in text.split(",") if part.strip()]
        return _parse_toml(form[path], path) if form.get(path, "").strip() else _MISSING
    if path not in form:
        return False if node.get("type") == "boolean" else _MISSING
    text = form[path].strip()
    if node.get("type") == "boolean":
        return text == "true"
    if text == "":
        return _MISSING
    if "const" in node or "enum" in node:
        return text
    if node.get("type") not in ("integer", "number", "string"):
        return _parse_toml(text, path)
    return _convert(text, node, path)


def _parse_toml(text: str, path: str) -> object:
    if not text.strip():
        return None
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError as err:
        msg = f"{path}: not a TOML value ({err})"
        raise ScenarioConfigError(msg) from None


def parse_scenario_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The scenario settings posted by `scenario_form`'s page, as a mapping for `scenario_from_dict`.

    Empty optional inputs are left out (the default applies); an unchecked box is false; list
    rows whose inputs are all empty are dropped.

    Raises
    ------
    ScenarioConfigError
        A number or TOML input that cannot be read, named by its setting.
    """
    schema = _schema()
    parsed = _parse("", schema, form, schema.get("$defs", {}))
    return cast(dict[str, Any], parsed)
