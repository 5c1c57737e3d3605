"""The catalogue of Vietnamese and English labels, one entry per key."""

from __future__ import annotations

from typing import Literal

from facility_plan.labels import _entries_1, _entries_2, _entries_3

Language = Literal["vi", "en"]


def label_table() -> dict[str, dict[str, str]]:
    """All labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    table: dict[str, dict[str, str]] = {}
    for part in (_entries_1, _entries_2, _entries_3):
        table.update(part.entries())
    return table


def label(key: str, language: Language = "vi") -> str:
    """The label for `key` in `language` (Vietnamese by default)."""
    return label_table()[key][language]
