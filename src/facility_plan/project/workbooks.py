"""Write one input table as a CSV template and an XLSX template (header, Vietnamese notes, value lists)."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from facility_plan.io import write_bytes, write_csv
from facility_plan.io.spreadsheets import NOTES_MARKER
from facility_plan.labels import Language
from facility_plan.project.columns import ColumnDoc, InputTable
from facility_plan.schema import Column

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

NOTES_SHEET = "ghi_chu"
"""Name of the notes sheet of every XLSX template (`facility_plan.io.spreadsheets` skips it)."""
VALIDATION_ROWS = 5000
"""Rows below the header that the value lists (data validation) of an XLSX template cover."""
FIRST_DATA_ROW = 3
"""Sheet row of the first data row: row 1 is the header, row 2 the notes row."""

_NOTES_HEADER = {
    "vi": ("Cột", "Ý nghĩa", "Đơn vị", "Bắt buộc", "Ví dụ", "Giá trị cho phép"),
    "en": ("Column", "Meaning", "Unit", "Required", "Example", "Allowed values"),
}
_YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}


def required_text(column: Column, language: Language = "vi") -> str:
    """Whether a value must be given: the column must exist and each cell be filled."""
    yes, no = _YES_NO[language]
    if column.required and not column.nullable:
        return yes
    if column.required:
        return f"{yes} ({'cột; ô được để trống' if language == 'vi' else 'column; cells may be blank'})"
    return no


def column_note(column: Column, doc: ColumnDoc, language: Language = "vi") -> str:
    """A short note for the notes row: meaning, unit and whether it is required."""
    meaning, unit = (
        (doc.meaning_vi, doc.unit_vi) if language == "vi" else (doc.meaning_en, doc.unit_en)
    )
    parts = [meaning]
    if unit:
        parts.append(unit)
    parts.append(
        ("bắt buộc" if language == "vi" else "required")
        if column.required and not column.nullable
        else ("không bắt buộc" if language == "vi" else "optional")
    )
    return "; ".join(parts)


def template_frame(table: InputTable, rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with exactly the contract's columns, in order (missing ones blank), whole numbers as integers."""
    frame = pd.DataFrame(index=range(len(rows)))
    reset = rows.reset_index(drop=True)
    for column in table.contract.columns:
        values = (
            reset[column.name] if column.name in reset.columns else pd.Series([None] * len(reset))
        )
        if column.kind == "number":
            numbers = pd.to_numeric(values, errors="coerce")
            frame[column.name] = numbers.round().astype("Int64") if column.whole else numbers
        else:
            frame[column.name] = [None if _blank(v) else str(v) for v in values]
    return frame


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def write_csv_template(folder: Path, table: InputTable, frame: pd.DataFrame) -> Path:
    """Write ``<file_stem>.csv`` (UTF-8 with BOM, comma-separated, ``.`` decimals)."""
    return write_csv(folder / f"{table.file_stem}.csv", frame)


def _cell_value(value: object, column: Column) -> int | float | str | None:
    if _blank(value):
        return None
    if column.kind == "number":
        number = float(value)  # type: ignore[arg-type]
        return int(number) if column.whole or number.is_integer() else number
    return str(value)


def _validation_list(column: Column, language: Language) -> DataValidation:
    from openpyxl.worksheet.datavalidation import DataValidation

    allowed = list(column.allowed or ())
    title = "Giá trị không hợp lệ" if language == "vi" else "Invalid value"
    prompt = "Chọn một trong: " if language == "vi" else "Choose one of: "
    return DataValidation(
        type="list",
        formula1='"' + ",".join(allowed) + '"',
        allow_blank=column.nullable,
        showErrorMessage=True,
        errorTitle=title,
        error=prompt + ", ".join(allowed),
    )


def xlsx_template_bytes(table: InputTable, frame: pd.DataFrame, language: Language = "vi") -> bytes:
    """The XLSX template of `table` filled with `frame`.

    Sheet ``<contract name>``: header row, a notes row (first cell starts with `NOTES_MARKER`, so
    the reader skips it), then the rows; codes stored as text (leading zeros kept), numbers as
    numbers, text never as a formula; a drop-down list (data validation) on every column with
    fixed values. Sheet `NOTES_SHEET`: one row per column (meaning, unit, required, example,
    allowed values).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):  # a new workbook's first sheet is a worksheet
        msg = "openpyxl made a workbook without a worksheet"
        raise TypeError(msg)
    sheet.title = table.contract.name[:31]
    columns = table.contract.columns
    bold, note_font = Font(bold=True), Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for position, column in enumerate(columns, start=1):
        header = sheet.cell(row=1, column=position, value=column.name)
        header.font, header.fill = bold, fill
        note = column_note(column, table.doc(column), language)
        notes_cell = sheet.cell(
            row=2, column=position, value=f"{NOTES_MARKER} {note}" if position == 1 else note
        )
        notes_cell.data_type, notes_cell.font = "s", note_font
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.name) + 4))
        if column.allowed:
            validation = _validation_list(column, language)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + VALIDATION_ROWS}")
    for offset, record in enumerate(frame.itertuples(index=False)):
        for position, (column, value) in enumerate(zip(columns, record, strict=True), start=1):
            cell = sheet.cell(
                row=FIRST_DATA_ROW + offset, column=position, value=_cell_value(value, column)
            )
            if isinstance(cell.value, str):
                cell.data_type = "s"
            if column.kind == "code":
                cell.number_format = "@"
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _notes_sheet(workbook.create_sheet(NOTES_SHEET), table, language)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _notes_sheet(sheet: Worksheet, table: InputTable, language: Language) -> None:
    from openpyxl.styles import Font

    title = table.title_vi if language == "vi" else table.title_en
    sheet.append([title])
    sheet.append(list(_NOTES_HEADER[language]))
    for column in table.contract.columns:
        doc = table.doc(column)
        meaning, unit = (
            (doc.meaning_vi, doc.unit_vi) if language == "vi" else (doc.meaning_en, doc.unit_en)
        )
        allowed = ", ".join(column.allowed or ())
        sheet.append(
            [column.name, meaning, unit, required_text(column, language), doc.example, allowed]
        )
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet["A1"].font = Font(bold=True)


def write_xlsx_template(
    folder: Path, table: InputTable, frame: pd.DataFrame, language: Language = "vi"
) -> Path:
    """Write ``<file_stem>.xlsx`` (see `xlsx_template_bytes`)."""
    return write_bytes(
        folder / f"{table.file_stem}.xlsx", xlsx_template_bytes(table, frame, language)
    )
