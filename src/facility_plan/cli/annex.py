"""The ``annex`` command: a scenario's proposal annex as a Word document (Decree 30/2020/NĐ-CP format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facility_plan.cli._common import (
    LangOption,
    LanguageChoice,
    configure_logging,
    console,
    error_console,
    guard,
    step_text,
)


def annex(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder; the annex goes to OUT/<name>/annex.docx.")
    ] = Path("outputs"),
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show progress messages.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Run SCENARIO and write OUT/<name>/annex.docx: the proposal annex (phụ lục) in the
    administrative format of Decree 30/2020 with the question, the recommendation, the print map,
    the key tables, the assumptions and their sources, and the robustness verdict when
    ``facility-plan robust SCENARIO --out OUT`` has been run."""
    configure_logging(verbose)
    from facility_plan.labels import label
    from facility_plan.outputs import write_annex_file
    from facility_plan.scenario import run_scenario

    config = LanguageChoice.from_option(lang).load(scenario)
    language = config.outputs.language
    console().print(config.title_vi, style="bold", markup=False)
    with error_console().status(step_text("starting", language)) as status:
        result = guard(
            lambda: run_scenario(
                config, on_step=lambda step: status.update(step_text(step, language))
            ),
            log_dir=out,
            language=language,
        )
        status.update(step_text("writing the annex", language))
        path = guard(lambda: write_annex_file(result, out), log_dir=out, language=language)
    console().print(label("cli_wrote_file", language).format(path=path), markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``annex`` command to `app`."""
    app.command("annex")(annex)
