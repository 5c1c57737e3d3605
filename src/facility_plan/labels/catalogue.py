"""The catalogue of Vietnamese and English labels, one entry per key."""

from __future__ import annotations

from typing import Literal

from facility_plan.labels import (
    _entries_1,
    _entries_2,
    _entries_3,
    _entries_4,
    _entries_5,
    _entries_6,
)

Language = Literal["vi", "en"]


def label_table() -> dict[str, dict[str, str]]:
    """All labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    table: dict[str, dict[str, str]] = {}
    for part in (_entries_1, _entries_2, _entries_3, _entries_4, _entries_5, _entries_6):
        entries = part.entries()
        clash = table.keys() & entries.keys()
        if clash:
            msg = f"label keys defined twice in the catalogue: {sorted(clash)}"
            raise KeyError(msg)
        table.update(entries)
    return table


def label(key: str, language: Language = "vi") -> str:
    """The label for `key` in `language` (Vietnamese by default)."""
    return label_table()[key][language]


def label_or(key: str, language: Language, default: str | None = None) -> str:
    """The label for `key`, or `default` (`key` itself when None) when the catalogue has none."""
    try:
        return label(key, language)
    except KeyError:
        return default if default is not None else key
