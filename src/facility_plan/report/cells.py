"""The report's table type (values, titles, kinds) and how a value of each kind reads as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from facility_plan.labels import (
    Language,
    format_number,
    format_percent,
    format_vnd,
    is_missing,
    label,
)

#: How a column's values read: ``text`` as is, ``year`` as a whole year, ``int`` and ``dec1`` as
#: numbers with 0 and 1 decimals, ``share`` (0–1) as a percentage, ``vnd`` as money.
CELL_KINDS = ("text", "year", "int", "dec1", "share", "vnd")


@dataclass(frozen=True)
class ReportTable:
    """A table of the report: raw values (columns = keys) plus how to title and format each column.

    Attributes
    ----------
    frame
        Raw values: numbers stay numbers (persons, places, m², VND, minutes; shares 0–1).
    titles
        Column titles as the planner reads them (one per column of `frame`).
    kinds
        Kind of each column, one of `CELL_KINDS`.
    total
        True when the last row is a total row.
    flagged
        Per row, True when the row is highlighted (placeholder assumptions); empty for none.
    row_kinds
        Per row, the kind of every column after the first (tables with one measure per row);
        empty when the kinds go by column.
    notes
        Lines of text printed under the table (definitions, bands, sources); empty for none.
    """

    frame: pd.DataFrame
    titles: tuple[str, ...]
    kinds: tuple[str, ...]
    total: bool = False
    flagged: tuple[bool, ...] = ()
    row_kinds: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())

    def kind(self, row: int, column: int) -> str:
        """Kind (one of `CELL_KINDS`) of the value at position (`row`, `column`)."""
        if self.row_kinds and column > 0:
            return self.row_kinds[row]
        return self.kinds[column]

    def labelled(self) -> pd.DataFrame:
        """The raw values with the display titles as column names."""
        table = self.frame.copy()
        table.columns = list(self.titles)
        return table


def percent_text(share: float, language: Language, decimals: int = 1) -> str:
    """A share (0–1) as a percentage; with ``decimals > 1`` trailing zeros go: ``100 %``, ``0,2 %``."""
    text = format_percent(share, decimals=decimals, language=language)
    if decimals > 1 and text.endswith(" %"):
        number = text[: -len(" %")]
        separator = "," if language == "vi" else "."
        if separator in number:
            number = number.rstrip("0").rstrip(separator)
        text = f"{number} %"
    return text


def cell_text(value: Any, kind: str, language: Language) -> str:
    """`value` as the report shows it for a column of `kind` (one of `CELL_KINDS`); ``–`` if missing."""
    if is_missing(value):
        return "–"
    if kind == "year":
        return str(int(value))
    if kind == "int":
        return format_number(float(value), decimals=0, language=language)
    if kind == "dec1":
        return format_number(float(value), decimals=1, language=language)
    if kind == "share":
        return percent_text(float(value), language)
    if kind == "vnd":
        return format_vnd(float(value), language=language)
    return str(value)


def make_table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str, str]],
    language: Language,
    *,
    total: dict[str, Any] | None = None,
    flagged: Sequence[bool] = (),
    drop_empty: bool = False,
) -> ReportTable:
    """Select `columns` (key, label key, kind) present in `frame`; append a total row if given.

    Parameters
    ----------
    frame
        Raw values, one row per line of the table.
    columns
        ``(column key, label key of its title, kind)`` in display order; keys absent from
        `frame` are skipped.
    language
        ``vi`` or ``en``.
    total
        Values of the total row by column key (the first column reads "total"); None for no
        total row.
    flagged
        Per row of `frame`, True to highlight it.
    drop_empty
        Skip columns whose values are all missing.
    """
    present = [c for c in columns if c[0] in frame.columns]
    if drop_empty:
        present = [c for c in present if frame[c[0]].notna().any()]
    table = frame[[c[0] for c in present]].reset_index(drop=True)
    flags = list(flagged)
    if total is not None:
        total_row = {key: total.get(key) for key, _, _ in present}
        total_row[present[0][0]] = label("total", language)
        table = pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)
        flags = [*flags, False] if flags else []
    return ReportTable(
        frame=table,
        titles=tuple(label(title, language) for _, title, _ in present),
        kinds=tuple(kind for _, _, kind in present),
        total=total is not None,
        flagged=tuple(flags),
    )
