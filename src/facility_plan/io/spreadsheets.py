"""Read spreadsheet input as text: Excel workbooks (XLSX) and the number convention of a CSV (`,`/`.` or `;`/`,`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.schema import Column, TableContract

NumberFormat = Literal["plain", "vietnamese"]
"""How numbers are written: ``plain`` (``9830``, ``20.25``) or ``vietnamese`` (``9.830``, ``20,25``)."""
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
"""File endings read as Excel workbooks (the older binary ``.xls`` is not read)."""
NOTES_MARKER = "#"
"""A row directly under the header whose first cell starts with this is a notes row, skipped."""
NOTES_SHEETS = ("ghi_chu", "ghi chú", "notes")
"""Sheet names (lower case) that hold notes, never data."""
SEPARATOR_NAMES = {",": "',' (comma)", ";": "';' (semicolon)", "\t": "tab", "|": "'|' (bar)"}

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_COMMA_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_VIETNAMESE_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


@dataclass(frozen=True, slots=True)
class Convention:
    """How a table file was read, for the run's log and for every error about it.

    Attributes
    ----------
    description
        Plain words, e.g. ``CSV, columns separated by ';' (semicolon), ',' decimal comma``.
    number_format
        ``plain`` or ``vietnamese`` (how number cells were turned into numbers).
    standard
        True for a comma-separated CSV with ``.`` decimals (errors then stay as they are).
    sheet_rows
        For a workbook: the sheet row of each data row (data row 1 first); empty for a CSV.
    """

    description: str
    number_format: NumberFormat = "plain"
    standard: bool = False
    sheet_rows: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SheetTable:
    """A worksheet read as text cells, with how it was read.

    Attributes
    ----------
    frame
        One column per header cell; cells as stripped text, blanks as None.
    convention
        The workbook, sheet and sheet rows (see `Convention`).
    """

    frame: pd.DataFrame
    convention: Convention


def _refuse(source: str, message: str) -> InputDataError:
    return InputDataError([DataProblem(source, None, None, message)])


def csv_convention(separator: str, number_format: NumberFormat) -> Convention:
    """The `Convention` of a CSV read with `separator` and `number_format`."""
    name = SEPARATOR_NAMES.get(separator, repr(separator))
    numbers = (
        "',' decimal comma and '.' thousands separator (Vietnamese Excel)"
        if number_format == "vietnamese"
        else "'.' decimal point"
    )
    return Convention(
        f"CSV, columns separated by {name}, numbers with {numbers}",
        number_format,
        standard=separator == "," and number_format == "plain",
    )


def number_columns(contract: TableContract, frame: pd.DataFrame) -> list[Column]:
    """The number columns of `contract` that `frame` has."""
    return [c for c in contract.columns if c.kind == "number" and c.name in frame.columns]


def semicolon_number_format(
    frame: pd.DataFrame, contract: TableContract, source: str
) -> NumberFormat:
    """The number convention of a ``;``-separated file: Vietnamese (``,`` decimals) unless a ``.`` decimal shows.

    A ``;`` file is what a spreadsheet set to Vietnamese conventions writes: ``,`` is the decimal
    comma and ``.`` the thousands separator. A cell such as ``20.263957`` (a decimal point) means
    the file mixes conventions, where ``1.230`` could be 1230 or 1.23: it is refused.

    Raises
    ------
    InputDataError
        Naming the separator, the row and field of a ``.`` decimal, and the fix.
    """
    for column in number_columns(contract, frame):
        for position, cell in enumerate(frame[column.name]):
            if isinstance(cell, str) and _POINT_DECIMAL.match(cell) and not _DOT_GROUPS.match(cell):
                msg = (
                    f"columns are separated by ';' (semicolon), the Vietnamese Excel convention "
                    f"where '.' separates thousands, but row {position + 1}, field "
                    f"{column.name!r} holds {cell!r} with a '.' decimal point; write decimals with "
                    "',' (e.g. 20,26), or save the file as comma-separated CSV (Excel: 'CSV UTF-8 "
                    "(Comma delimited)'), or read it with separator=';'"
                )
                raise _refuse(source, msg)
    return "vietnamese"


def with_convention(problems: Sequence[DataProblem], convention: Convention) -> list[DataProblem]:
    """`problems` with how the file was read (and the sheet row, for a workbook) added to each message.

    Problems about a standard comma-separated CSV are returned as they are.
    """
    if convention.standard:
        return list(problems)
    named = []
    for problem in problems:
        where = convention.description
        rows = convention.sheet_rows
        if problem.row is not None and 0 < problem.row <= len(rows):
            where += f", sheet row {rows[problem.row - 1]}"
        named.append(dataclasses.replace(problem, message=f"{problem.message} [read as {where}]"))
    return named


def is_workbook(path: str | Path) -> bool:
    """Whether `path` is read as an Excel workbook (by its ending, see `WORKBOOK_SUFFIXES`)."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _choose_sheet(workbook: object, contract: TableContract, path: Path) -> object:
    """The sheet named like the table (or the file), else the first sheet that is not notes."""
    sheets = list(workbook.worksheets)  # type: ignore[attr-defined]
    wanted = {contract.name.lower(), path.stem.lower()}
    for sheet in sheets:
        if sheet.title.strip().lower() in wanted:
            return sheet
    for sheet in sheets:
        if sheet.title.strip().lower() not in NOTES_SHEETS:
            return sheet
    return sheets[0]


def _number_text(value: float) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _text_number(text: str) -> tuple[str, str | None]:
    """A number typed as text in Excel → (text to validate, None) or (text, why it is refused)."""
    if _PLAIN_NUMBER.match(text) and not _DOT_GROUPS.match(text):
        return text, None
    if _VIETNAMESE_DECIMAL.match(text) and not _COMMA_GROUPS.match(text):
        return text.replace(".", "").replace(",", "."), None
    if _DOT_GROUPS.match(text) or _COMMA_GROUPS.match(text):
        plain = re.sub(r"[.,]", "", text)
        decimal = text.replace(",", ".") if _COMMA_GROUPS.match(text) else text
        why = (
            f"{text!r} is a number stored as text in Excel and could be {plain} (with a "
            f"thousands separator) or {float(decimal):g}; type it into the cell as a number"
        )
        return text, why
    return text, None


def _cell_text(value: object, column: Column | None) -> tuple[str | None, str | None]:
    """A workbook cell as text for `column` → (text or None if blank, problem or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("true" if value else "false"), None
    if isinstance(value, int | float):
        text = _number_text(float(value))
        if column is not None and column.kind == "code" and column.digits and text.isdigit():
            # Excel drops leading zeros of a code typed as a number; a number has none to keep.
            text = text.zfill(column.digits)
        return text, None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(), None
    text = str(value).strip()
    if not text:
        return None, None
    if column is not None and column.kind == "number":
        return _text_number(text)
    return text, None


def read_workbook_text(path: str | Path, contract: TableContract) -> SheetTable:
    """Read one sheet of an Excel workbook as text cells checked against nothing yet.

    The sheet is the one named like the table (``contract.name``) or the file, else the first
    sheet that is not a notes sheet (`NOTES_SHEETS`). The first non-empty row is the header; a row
    right under it whose first cell starts with `NOTES_MARKER` (the Vietnamese notes of the
    templates) is skipped, and so are empty rows. Numbers become text as typed (``14320``,
    ``20.263957``); codes typed as numbers get back their leading zeros; a number typed as text is
    accepted only when it can be read one way (``20,5`` or ``1.234,5``, never ``9.830``).

    Parameters
    ----------
    path
        ``.xlsx`` or ``.xlsm`` file.
    contract
        Contract of the table (names the sheet and the number and code columns).

    Returns
    -------
    SheetTable
        The cells and the sheet rows they came from.

    Raises
    ------
    InputDataError
        File missing, not a readable workbook, no header row, a duplicate or empty header over
        data, or numbers stored as text that could be read two ways (all listed at once).
    """
    from openpyxl import load_workbook

    file = Path(path)
    source = str(file)
    if not file.is_file():
        raise _refuse(source, "file not found" if not file.exists() else "not a file")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        msg = f"not a readable Excel workbook ({type(err).__name__}: {err}); save it as .xlsx"
        raise _refuse(source, msg) from None
    try:
        sheet = _choose_sheet(workbook, contract, file)
        rows = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)  # type: ignore[attr-defined]
            if any(v is not None and str(v).strip() != "" for v in values)
        ]
        title = str(sheet.title)  # type: ignore[attr-defined]
    finally:
        workbook.close()
    if not rows:
        raise _refuse(source, f"sheet {title!r} is empty: no header row")
    header_row, header_cells = rows[0]
    body = rows[1:]
    if body and body[0][0] == header_row + 1 and str(body[0][1][0] or "").startswith(NOTES_MARKER):
        body = body[1:]
    return _sheet_frame(source, title, header_cells, body, contract)


def _sheet_frame(
    source: str,
    title: str,
    header_cells: list[object],
    body: list[tuple[int, list[object]]],
    contract: TableContract,
) -> SheetTable:
    """The frame of a sheet's header and data rows (empty trailing columns dropped)."""
    header = ["" if cell is None else str(cell).strip() for cell in header_cells]
    width = len(header)
    problems: list[DataProblem] = []
    for position, name in enumerate(header):
        has_data = any(position < len(cells) and cells[position] is not None for _, cells in body)
        if not name and has_data:
            problems.append(
                DataProblem(source, None, None, f"column {position + 1} has cells but no header")
            )
    keep = [i for i, name in enumerate(header) if name]
    names = [header[i] for i in keep]
    problems += [
        DataProblem(source, None, name, f"column header {name!r} appears {names.count(name)} times")
        for name in dict.fromkeys(names)
        if names.count(name) > 1
    ]
    by_name = {column.name: column for column in contract.columns}
    records: list[list[str | None]] = []
    for data_row, (_, cells) in enumerate(body, start=1):
        padded = cells + [None] * (width - len(cells))
        record = []
        for i in keep:
            text, problem = _cell_text(padded[i], by_name.get(header[i]))
            if problem is not None:
                problems.append(DataProblem(source, data_row, header[i], problem))
            record.append(text)
        records.append(record)
    convention = Convention(
        f"Excel workbook, sheet {title!r}",
        "plain",
        sheet_rows=tuple(number for number, _ in body),
    )
    if problems:
        raise InputDataError(with_convention(problems, convention))
    frame = pd.DataFrame(records, columns=names, dtype=object)
    return SheetTable(frame.where(frame.notna(), None), convention)


def log_convention(source: str, convention: Convention) -> None:
    """State in the run's log how a table file was read."""
    logging.getLogger(__name__).info("%s: read as %s", source, convention.description)
