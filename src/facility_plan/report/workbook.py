"""Report tables as the bytes of an XLSX workbook: formatted sheets of one or more tables, text never a formula."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import numpy as np
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
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


@dataclass(frozen=True)
class StackedSheet:
    """A sheet of a title, lines of text and several titled tables, one under the other.

    Attributes
    ----------
    title
        The first row (bold on the header band; frozen).
    lines
        Lines of text under the title (a verdict, notes), one per row.
    sections
        ``(section title, table)`` in order; each table has its own header row.
    """

    title: str
    lines: tuple[str, ...]
    sections: tuple[tuple[str, ReportTable], ...]


def workbook_bytes(sheets: Mapping[str, ReportTable | StackedSheet]) -> bytes:
    """An XLSX workbook with one sheet per table (or `StackedSheet`), as bytes ready to write.

    Headers are bold on a grey band, number columns get Excel number formats (values stay
    numbers), total rows are bold, flagged rows are highlighted, a table's notes follow it; the
    first row and column of a one-table sheet are frozen, the title row of a stacked sheet.
    Every text cell is stored as a string, so text such as ``=HYPERLINK(...)`` from an input
    table never becomes a formula.

    Parameters
    ----------
    sheets
        Tables by sheet title; titles are shortened to Excel's 31 characters and made unique.
    """
    workbook = Workbook()
    for default_sheet in list(workbook.worksheets):
        workbook.remove(default_sheet)
    used: set[str] = set()
    for title, content in sheets.items():
        name = _sheet_name(title, used)
        used.add(name)
        sheet = workbook.create_sheet(name)
        if isinstance(content, StackedSheet):
            _fill_stacked(sheet, content)
        else:
            widths = _fill_table(sheet, content, first_row=1)
            _set_widths(sheet, widths)
            sheet.freeze_panes = "B2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_print_setup(workbook: bytes, header_text: str) -> bytes:
    """`workbook` with every sheet set to print on A4 landscape, fit to the page width, the first
    row repeated on each page, grid lines, the header text and sheet name on top and page
    numbers in the footer."""
    book = load_workbook(BytesIO(workbook))
    header = header_text.replace("&", "&&")  # "&" starts an Excel header code
    for sheet in book.worksheets:
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_title_rows = "1:1"
        sheet.print_options.gridLines = True
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        if sheet.oddHeader is not None and sheet.oddFooter is not None:
            sheet.oddHeader.center.text = f"{header} – &A"
            sheet.oddFooter.center.text = "&P / &N"
    buffer = BytesIO()
    book.save(buffer)
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


def _fill_table(sheet: Worksheet, table: ReportTable, *, first_row: int) -> list[float]:
    """Write `table` from `first_row`: header row, values with formats, then its notes.

    Returns
    -------
    list of float
        The width each column needs (characters).
    """
    for column_number, title in enumerate(table.titles, start=1):
        cell = _put(sheet, first_row, column_number, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths: list[float] = [min(max(len(t) * 0.9, 8), 40) for t in table.titles]
    last = len(table.frame) - 1
    for row_number, values in enumerate(table.frame.itertuples(index=False)):
        row: Sequence[Any] = [_plain(v) for v in values]
        for column_number, value in enumerate(row):
            cell = _put(sheet, first_row + row_number + 1, column_number + 1, value)
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
    note_row = first_row + len(table.frame) + 2
    for offset, note in enumerate(table.notes):
        _put(sheet, note_row + offset, 1, note).font = Font(italic=True)
    return widths


def _set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width


def _fill_stacked(sheet: Worksheet, content: StackedSheet) -> None:
    """Write a `StackedSheet`: title, lines, then each section's title and table; title frozen."""
    title = _put(sheet, 1, 1, content.title)
    title.font = Font(bold=True, size=12)
    title.fill = _HEADER_FILL
    row = 2  # the next free row
    for line in content.lines:
        _put(sheet, row, 1, line)
        row += 1
    widths: list[float] = []
    for section_title, table in content.sections:
        row += 1  # a blank row before each section
        _put(sheet, row, 1, section_title).font = Font(bold=True)
        needed = _fill_table(sheet, table, first_row=row + 1)
        for index, width in enumerate(needed):
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
        row += 2 + len(table.frame) + (len(table.notes) + 1 if table.notes else 0)
    _set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
