"""What every command shares: consoles, exit codes, and turning any failure into one clear message."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

EXIT_INPUT_ERROR = 2
EXIT_UNEXPECTED = 3
T = TypeVar("T")


def console() -> Console:
    """Console for results; piped output gets a wide fixed width so tables are not folded."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def error_console() -> Console:
    """Console on standard error for messages and progress."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def configure_logging(verbose: bool) -> None:
    """Warnings (and with `verbose` progress messages) on standard error through rich."""
    from rich.logging import RichHandler

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=error_console(), show_path=False)],
        force=True,
    )


def _report_crash(err: BaseException, log_dir: Path | None) -> NoReturn:
    folder = log_dir if log_dir is not None else Path.cwd()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(err))
    log_file: Path | None = folder / f"facility-plan-error-{stamp}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log_file.write_text(text, encoding="utf-8")  # type: ignore[union-attr]
    except OSError:
        log_file = None
    where = f"; chi tiết đã lưu vào {log_file}" if log_file else ""
    error_console().print(
        f"[bold red]lỗi không mong đợi:[/] {type(err).__name__}: {err}{where}.\n"
        "Vui lòng báo lỗi này (kèm tệp nhật ký) cho nhóm phát triển facility_plan / "
        "please report this error with the log file.",
        markup=True,
    )
    raise typer.Exit(EXIT_UNEXPECTED) from None


def guard(action: Callable[[], T], *, log_dir: Path | None = None) -> T:
    """Run `action`; a `FacilityPlanError` becomes one message and exit code 2, anything else a
    short message, the traceback saved to a log file in `log_dir` (default: the current folder)
    and exit code 3. Nothing is left half-written: writers stage their output and replace it whole.
    """
    from facility_plan.errors import FacilityPlanError

    try:
        return action()
    except FacilityPlanError as err:
        error_console().print(f"[bold red]lỗi:[/] {_escape(str(err))}", markup=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as err:
        _report_crash(err, log_dir)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
