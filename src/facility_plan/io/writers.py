"""Write outputs atomically (temp + rename) and safely: CSV cells neutralised, XLSX text as text, strict JSON."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from facility_plan.errors import OutputError

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection")."""
_XLSX_SHEET_NAME_CHARACTERS = 31


def neutralise_cell(value: object) -> object:
    """A text cell made safe to open in a spreadsheet; any other value unchanged.

    Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a
    single quote, as OWASP recommends against CSV injection; numbers stay numbers.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-5.0)
    -5.0
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _one_line_break_kind(value: object) -> object:
    """Text with ``\\r\\n`` and lone ``\\r`` as ``\\n``, so the CSV writer quotes the cell."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` for a CSV file: text cells and column titles neutralised (see
    `neutralise_cell`), carriage returns inside text turned into line feeds (kept inside the cell)."""
    safe = frame.copy()
    for column in safe.columns:
        dtype = safe[column].dtype
        if (
            pd.api.types.is_object_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
            or pd.api.types.is_string_dtype(dtype)
        ):
            cells = safe[column].map(neutralise_cell).map(_one_line_break_kind)
            safe[column] = cells.astype(object)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    return safe


def json_ready(value: Any) -> Any:
    """`value` with NaN and ±inf as None, numpy scalars as Python ones, mappings and sequences copied."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_ready(v) for v in value]
    if isinstance(value, np.ndarray):
        return [json_ready(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _temporary_sibling(path: Path) -> Iterator[Path]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
        )
    except OSError as err:
        msg = f"{path}: cannot be written ({err.strerror})"
        raise OutputError(msg) from None
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        yield temporary
        temporary.chmod(0o666 & ~_current_umask())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (temp file in the same folder, then rename)."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes (a PNG, a PDF, a workbook) atomically (temp file in the same folder, then rename)."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        temporary.write_bytes(data)
    return target


def write_json(path: str | Path, data: Mapping[str, object]) -> Path:
    """Write strict JSON (UTF-8, indented, non-ASCII kept; NaN and ±inf as null) atomically."""
    text = json.dumps(json_ready(data), ensure_ascii=False, indent=2, default=str, allow_nan=False)
    return write_text(path, text + "\n")


def write_csv(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write a CSV (UTF-8 with BOM so Excel shows Vietnamese) atomically, text cells neutralised."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        neutralise_frame(frame).to_csv(
            temporary, index=False, encoding="utf-8-sig", lineterminator="\n"
        )
    return target


def write_geopackage(path: str | Path, layers: Mapping[str, gpd.GeoDataFrame]) -> Path:
    """Write several layers to one GeoPackage atomically (all layers or none)."""
    target = Path(path)
    with _temporary_sibling(target) as temporary:
        temporary.unlink()
        for layer_name, frame in layers.items():
            frame.to_file(temporary, layer=layer_name, driver="GPKG", engine="pyogrio")
    return target


def _xlsx_value(value: object) -> object:
    """A cell value as openpyxl stores it: None for missing, Python scalars, text without control bytes."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook, one sheet per table (bold header row), as bytes.

    Every string is stored as text (``data_type = "s"``), so a name such as ``=1+1`` or
    ``=HYPERLINK(...)`` from an input table is shown as written and never runs as a formula;
    numbers stay numbers, missing values are empty cells.

    Parameters
    ----------
    sheets
        Tables by sheet name (shortened to Excel's 31 characters).
    """
    workbook = Workbook()
    for default_sheet in list(workbook.worksheets):
        workbook.remove(default_sheet)
    for sheet_name, frame in sheets.items():
        sheet = workbook.create_sheet(sheet_name[:_XLSX_SHEET_NAME_CHARACTERS])
        rows = [list(frame.columns), *frame.itertuples(index=False, name=None)]
        for row_number, row in enumerate(rows, start=1):
            for column_number, raw in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                cell.value = _xlsx_value(raw)
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                if row_number == 1:
                    cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write tables as sheets of one Excel workbook atomically; text is never a formula (`xlsx_bytes`)."""
    return write_bytes(path, xlsx_bytes(sheets))


@contextlib.contextmanager
def atomic_output_dir(final_dir: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside `final_dir`; on success it replaces `final_dir` whole.

    On any error the temporary folder is removed and an existing `final_dir` is left untouched,
    so a failed run never leaves a partial output folder.
    """
    target = Path(final_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as err:
        msg = f"{target}: cannot create output folder ({err.strerror})"
        raise OutputError(msg) from None
    try:
        yield staging
        staging.chmod(0o777 & ~_current_umask())
        if target.exists():
            backup = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.replace(backup)
            staging.replace(target)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
