"""Report tables as the bytes of an XLSX workbook: one formatted sheet per table, text never a formula."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from io import BytesIO
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from facility_plan.labels import is_missing
from facility_plan.report.cells import ReportTable

#: Excel number formats by cell kind (`facility_plan.report.cells.CELL_KINDS`).
XLSX_NUMBER_FORMATS = {
    "int": "#,##0",
    "dec1": "#,##0.0",
    "share": "0.0%",
    "vnd": "#,##0",
    "year": "0",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_FLAG_FILL = PatternFill("solid", fgColor="FFF4D6")
_SHEET_NAME_FORBIDDEN = "[]:*?/\\"
_SHEET_NAME_MAX_CHARACTERS = 31


def workbook_bytes(sheets: Mapping[str, ReportTable]) -> bytes:
    """An XLSX workbook with one sheet per table, as bytes ready to write.

    Headers are bold on a grey band, number columns get Excel number formats (values stay
    numbers), total rows are bold, flagged rows are highlighted, the first row and column are
    frozen. Every text cell is stored as a string, so text such as ``=HYPERLINK(...)`` from an
    input table never becomes a formula.

    Parameters
    ----------
    sheets
        Tables by sheet title; titles are shortened to Excel's 31 characters and made unique.
    """
    workbook = Workbook()
    for default_sheet in list(workbook.worksheets):
        workbook.remove(default_sheet)
    used: set[str] = set()
    for title, table in sheets.items():
        name = _sheet_name(title, used)
        used.add(name)
        _fill_sheet(workbook.create_sheet(name), table)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """`title` without the characters Excel forbids, at most 31 characters, not in `used`."""
    name = "".join(c for c in title if c not in _SHEET_NAME_FORBIDDEN)
    name = name[:_SHEET_NAME_MAX_CHARACTERS]
    while name in used:
        name = name[: _SHEET_NAME_MAX_CHARACTERS - 2] + f"_{len(used)}"
    return name


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Set one cell (1-based `row`, `column`); a string is stored as text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is text
    return cell


def _plain(value: Any) -> Any:
    """A table value as openpyxl stores it: None for missing, numpy scalars as Python scalars."""
    if is_missing(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _fill_sheet(sheet: Worksheet, table: ReportTable) -> None:
    """Write `table` into `sheet`: header row, values with formats, column widths, frozen panes."""
    for column_number, title in enumerate(table.titles, start=1):
        cell = _put(sheet, 1, column_number, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths: list[float] = [min(max(len(t) * 0.9, 8), 40) for t in table.titles]
    last = len(table.frame) - 1
    for row_number, values in enumerate(table.frame.itertuples(index=False)):
        row: Sequence[Any] = [_plain(v) for v in values]
        for column_number, value in enumerate(row):
            cell = _put(sheet, row_number + 2, column_number + 1, value)
            kind = table.kind(row_number, column_number)
            if kind in XLSX_NUMBER_FORMATS and isinstance(value, (int, float)):
                cell.number_format = XLSX_NUMBER_FORMATS[kind]
            if kind == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if table.total and row_number == last:
                cell.font = Font(bold=True)
            if table.flagged and table.flagged[row_number]:
                cell.fill = _FLAG_FILL
            length = len(str(value)) if value is not None else 0
            widths[column_number] = min(max(widths[column_number], length * 1.1 + 2), 60)
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "B2"
