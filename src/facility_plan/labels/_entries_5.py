"""Label catalogue entries, part 5: language switch and CLI messages (split only to keep modules small)."""

from __future__ import annotations


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {}
