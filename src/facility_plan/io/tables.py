"""Read an input table (CSV in either convention, or XLSX) as text and check it against its `schema` contract."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pandas as pd

from facility_plan.errors import DataProblem, InputDataError
from facility_plan.io.spreadsheets import (
    SEPARATOR_NAMES,
    Convention,
    NumberFormat,
    csv_convention,
    is_workbook,
    log_convention,
    read_workbook_text,
    semicolon_number_format,
    with_convention,
)
from facility_plan.schema import TableContract, raise_for_problems, validate_frame

__all__ = ["NumberFormat", "read_csv_text", "read_table"]


def _refuse(source: str, message: str) -> InputDataError:
    return InputDataError([DataProblem(source, None, None, message)])


def _decode(data: bytes, source: str) -> str:
    """The file's text; refuses UTF-16, binary files, workbooks and non-UTF-8 bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = "not UTF-8 text (UTF-16, as Excel's 'Unicode Text' writes it); save the file as CSV UTF-8"
        raise _refuse(source, msg)
    if data.startswith(b"PK\x03\x04"):
        msg = (
            "not a readable CSV: this is a zip or Excel workbook; save the sheet as 'CSV UTF-8', "
            "or give the file the ending .xlsx to read it as a workbook"
        )
        raise _refuse(source, msg)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text ({err.reason} at byte {err.start}); save the file as UTF-8"
        raise _refuse(source, msg) from None
    if "\x00" in text:
        msg = "not a readable CSV: the file holds NUL bytes (a binary file); save it as CSV UTF-8"
        raise _refuse(source, msg)
    return text


def _header(text: str, separator: str) -> list[str]:
    """The header row's cells, as the csv module splits them (quotes respected)."""
    try:
        return next(csv.reader(io.StringIO(text), delimiter=separator), [])
    except csv.Error:
        return []


def _resolve_separator(text: str, separator: str, source: str) -> str:
    """The separator to read `text` with: `separator`, or ``;`` for a default-comma read of a ``;`` file.

    Raises
    ------
    InputDataError
        The header row is split by another separator (a tab, a bar, or ``;`` when another
        separator than the default comma was asked for), naming it.
    """
    if len(_header(text, separator)) > 1:
        return separator
    if separator == "," and len(_header(text, ";")) > 1:
        return ";"
    for other in (";", "\t", ",", "|"):
        if other != separator and len(_header(text, other)) > 1:
            msg = (
                f"columns are separated by {SEPARATOR_NAMES[other]}, not "
                f"{SEPARATOR_NAMES.get(separator, repr(separator))}; save the file as "
                "comma-separated CSV (Excel: 'CSV UTF-8 (Comma delimited)') or read it with "
                f"separator={other!r}"
            )
            raise _refuse(source, msg)
    return separator


def _read_csv(path: str | Path, separator: str) -> tuple[pd.DataFrame, str]:
    """The CSV's cells as stripped text and the separator they were split by."""
    csv_path = Path(path)
    source = str(csv_path)
    if not csv_path.is_file():
        raise _refuse(source, "file not found" if not csv_path.exists() else "not a file")
    try:
        data = csv_path.read_bytes()
    except OSError as err:
        raise _refuse(source, f"cannot be read ({err.strerror})") from None
    text = _decode(data, source)
    if not text.strip():
        raise _refuse(source, "not a readable CSV (the file is empty: no header row)")
    used = _resolve_separator(text, separator, source)
    header = [cell.strip() for cell in _header(text, used)]
    problems = [
        DataProblem(source, None, name, f"column header {name!r} appears {count} times")
        for name, count in Counter(header).items()
        if count > 1 and name
    ]
    raise_for_problems(problems)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=used, dtype=str, keep_default_na=False, engine="c"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise _refuse(source, f"not a readable CSV ({reason})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    return frame.replace({"": None}), used


def read_csv_text(path: str | Path, *, separator: str = ",") -> pd.DataFrame:
    """Read a UTF-8 CSV with every cell as stripped text (codes keep leading zeros; blanks are None).

    Parameters
    ----------
    path
        CSV file (UTF-8, with or without a byte-order mark).
    separator
        Column separator. With the default ``,`` a file split by ``;`` (as a spreadsheet set to
        Vietnamese conventions writes it) is split by ``;``; a file split by another separator
        than the one asked for (tabs, bars, or ``;`` when another one is asked for) is refused
        with a message naming it.

    Raises
    ------
    InputDataError
        File missing, empty, not UTF-8, binary, split by another separator, with a duplicate or
        empty-named column, or not a readable CSV; the message names the file.
    """
    return _read_csv(path, separator)[0]


def _to_plain_numbers(frame: pd.DataFrame, contract: TableContract) -> pd.DataFrame:
    """Number cells written the Vietnamese way (``9.830``, ``20,25``) rewritten as ``9830``, ``20.25``."""
    converted = frame.copy()
    for column in contract.columns:
        if column.kind == "number" and column.name in converted.columns:
            converted[column.name] = converted[column.name].map(
                lambda v: v.replace(".", "").replace(",", ".") if isinstance(v, str) else v
            )
    return converted


def _read_text(
    path: str | Path, contract: TableContract, separator: str, number_format: NumberFormat
) -> tuple[pd.DataFrame, Convention]:
    """The table's cells as text (numbers in plain notation) and how the file was read."""
    source = str(Path(path))
    if is_workbook(path):
        sheet = read_workbook_text(path, contract)
        return sheet.frame, sheet.convention
    frame, used = _read_csv(path, separator)
    if used != separator:
        # Detected: a ';' file is the Vietnamese Excel convention, unless a '.' decimal shows.
        number_format = semicolon_number_format(frame, contract, source)
    convention = csv_convention(used, number_format)
    if number_format == "vietnamese":
        frame = _to_plain_numbers(frame, contract)
    return frame, convention


def read_table(
    path: str | Path,
    contract: TableContract,
    *,
    separator: str = ",",
    number_format: NumberFormat = "plain",
    require_rows: bool = False,
) -> pd.DataFrame:
    """Read an input table (UTF-8 CSV or Excel workbook) as text and validate it against `contract`.

    How the file was read (separator and number convention, or workbook sheet) is stated in the
    log (``logging`` INFO of `facility_plan.io.spreadsheets`) and, for anything but a plain
    comma-separated CSV, added to every error message about the file.

    Parameters
    ----------
    path
        CSV file, or ``.xlsx``/``.xlsm`` workbook (see `facility_plan.io.spreadsheets.read_workbook_text`:
        the sheet named like the table or the first one, the templates' notes row skipped).
    contract
        Its column contract.
    separator
        Column separator of a CSV. With the default ``,`` a ``;``-separated file is detected and
        read in the Vietnamese Excel convention (``,`` decimal comma, ``.`` thousands separator),
        whatever `number_format` says; a ``;`` file with ``.`` decimals is refused as mixing
        conventions. Any other separator is used as given (see `read_csv_text`).
    number_format
        For a CSV read with the separator given: ``plain`` refuses ``9.830`` in a count column and
        decimal commas, naming the fix; ``vietnamese`` reads ``.`` as thousands separator and
        ``,`` as decimal comma. Not used for workbooks (their numbers are numbers).
    require_rows
        Refuse a table with a header but no data rows (communes, districts).

    Returns
    -------
    pandas.DataFrame
        Validated table; number columns as float, text stripped, id column as index (str).

    Raises
    ------
    InputDataError
        File missing or unreadable, not UTF-8, or any contract violation (all listed at once).
    """
    source = str(Path(path))
    frame, convention = _read_text(path, contract, separator, number_format)
    log_convention(source, convention)
    if require_rows and frame.empty:
        message = f"no data rows: the {contract.name} table has a header but no rows"
        raise InputDataError(
            with_convention([DataProblem(source, None, None, message)], convention)
        )
    raise_for_problems(with_convention(validate_frame(frame, contract, source=source), convention))
    for column in contract.columns:
        if column.kind == "number" and column.name in frame.columns:
            frame[column.name] = pd.to_numeric(frame[column.name]).astype(float)
    if contract.id_column:
        frame = frame.set_index(contract.id_column, drop=False)
        frame.index = frame.index.astype(str)
        frame.index.name = contract.id_column
    return frame
