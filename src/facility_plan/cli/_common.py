"""What every command shares: consoles, exit codes, and turning any failure into one clear message."""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from facility_plan.config import ScenarioConfig
    from facility_plan.labels import Language


class Lang(enum.StrEnum):
    """The values of ``--lang``."""

    vi = "vi"
    en = "en"


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of everything printed and written: vi or en "
        "(default: the scenario's outputs.language, else vi).",
    ),
]


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The one language switch: ``--lang`` as given, applied to every scenario a command loads.

    Attributes
    ----------
    requested
        ``vi`` or ``en`` from ``--lang``; None keeps each scenario's ``[outputs] language``.
    """

    requested: Language | None = None

    @classmethod
    def from_option(cls, value: Lang | str | None) -> LanguageChoice:
        """The choice from the ``--lang`` option's value (None when not given)."""
        if value is None:
            return cls(None)
        return cls("en" if str(value) == "en" else "vi")

    @property
    def language(self) -> Language:
        """The language before any scenario is read: ``--lang``, else Vietnamese."""
        return self.requested if self.requested is not None else "vi"

    def of(self, config: ScenarioConfig) -> Language:
        """The language for `config`: ``--lang``, else the scenario's own."""
        return self.requested if self.requested is not None else config.outputs.language

    def apply(self, config: ScenarioConfig) -> ScenarioConfig:
        """`config` with ``[outputs] language`` set to ``--lang`` (unchanged without it)."""
        if self.requested is None or config.outputs.language == self.requested:
            return config
        outputs = config.outputs.model_copy(update={"language": self.requested})
        return config.model_copy(update={"outputs": outputs})

    def load(self, scenario: Path) -> ScenarioConfig:
        """Read `scenario` (errors reported as by `guard`) with the language applied."""
        from facility_plan.config import load_scenario

        return self.apply(guard(lambda: load_scenario(scenario), language=self.language))


EXIT_INPUT_ERROR = 2
EXIT_UNEXPECTED = 3
T = TypeVar("T")


def console() -> Console:
    """Console for results; piped output gets a wide fixed width (``COLUMNS`` when set) so tables
    are not folded."""
    from rich.console import Console

    piped = None if "COLUMNS" in os.environ else 160
    return Console(highlight=False, width=None if sys.stdout.isatty() else piped)


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


def _report_crash(err: BaseException, log_dir: Path | None, language: Language) -> NoReturn:
    folder = log_dir if log_dir is not None else Path.cwd()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(err))
    log_file: Path | None = folder / f"facility-plan-error-{stamp}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log_file.write_text(text, encoding="utf-8")  # type: ignore[union-attr]
    except OSError:
        log_file = None
    from rich.markup import escape

    from facility_plan.labels import label

    where = label("cli_crash_log", language).format(file=log_file) if log_file else ""
    error_console().print(
        f"[bold red]{escape(label('cli_crash', language))}:[/] "
        f"{escape(f'{type(err).__name__}: {err}')}{escape(where)}.\n"
        + escape(label("cli_crash_report", language)),
        markup=True,
    )
    raise typer.Exit(EXIT_UNEXPECTED) from None


def guard(action: Callable[[], T], *, log_dir: Path | None = None, language: Language = "vi") -> T:
    """Run `action`; a `FacilityPlanError` becomes one message and exit code 2, anything else a
    short message, the traceback saved to a log file in `log_dir` (default: the current folder)
    and exit code 3. Nothing is left half-written: writers stage their output and replace it whole.
    The message's own words are in `language` (the ``--lang`` of the command, see `LanguageChoice`).
    """
    from facility_plan.errors import FacilityPlanError
    from facility_plan.labels import label

    try:
        return action()
    except FacilityPlanError as err:
        error_console().print(
            f"[bold red]{_escape(label('cli_error', language))}:[/] {_escape(str(err))}",
            markup=True,
        )
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as err:
        _report_crash(err, log_dir, language)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


_STEPS = (
    ("starting", "step_starting"),
    ("reading and checking inputs", "step_reading_inputs"),
    ("estimating demand", "step_demand"),
    ("computing travel minutes", "step_travel"),
    ("solving the location model", "step_solving"),
    ("tabulating results", "step_tabulating"),
    ("writing the map", "step_map"),
    ("drawing print maps and writing the report", "step_report"),
    ("budget sweep", "step_budget_sweep"),
    ("solving and re-solving", "step_explain"),
    ("writing the annex", "step_annex"),
    ("searching for near-optimal plans", "step_alternatives"),
    ("solving the scenario on its own data", "step_robust_base"),
    ("solving ", "step_robust_draws"),
    ("evaluating ", "step_robust_plans"),
)


def step_text(step: str, language: Language) -> str:
    """A progress step (as the library reports it) in `language`; unknown steps as given.

    Examples
    --------
    >>> step_text("budget sweep (3 solves)", "vi")
    'quét ngân sách (3 lần giải)'
    >>> step_text("solving the location model (capacitated, highs)", "en")
    'solving the location model (capacitated, highs)'
    """
    from facility_plan.labels import label

    for prefix, key in _STEPS:
        if step.startswith(prefix):
            detail = step[len(prefix) :].strip().removeprefix("(").removesuffix(")")
            count = detail.split(" ")[0] if detail else ""
            return label(key, language).format(detail=detail, count=count)
    return step
