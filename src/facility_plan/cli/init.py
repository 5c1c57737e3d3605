"""The ``facility-plan init`` command: a ready project folder (scenario file and input templates) for one province."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from facility_plan.cli._common import Lang, console, guard


def register(app: typer.Typer) -> None:
    """Add the ``init`` command to `app`."""

    @app.command("init")
    def init(
        folder: Annotated[Path, typer.Argument(help="Project folder to create (empty).")],
        province: Annotated[
            str, typer.Option("--province", help='Bundled province, e.g. "Ninh Bình".')
        ],
        era: Annotated[
            int,
            typer.Option(
                "--era", help="2019 (before 1 Jul 2025) or 2025 (after): which province tables."
            ),
        ],
        language: Annotated[
            Lang,
            typer.Option("--lang", "--language", help="Notes and labels: vi (default) or en."),
        ] = Lang.vi,
        force: Annotated[
            bool, typer.Option("--force", help="Write into a non-empty folder.")
        ] = False,
    ) -> None:
        """Write FOLDER: scenario.toml with every setting explained, and the input tables as CSV
        and XLSX templates filled with the bundled province's rows."""
        from facility_plan.errors import ScenarioConfigError
        from facility_plan.labels import label
        from facility_plan.project import init_project

        chosen: Literal["vi", "en"] = "en" if language == Lang.en else "vi"

        def make() -> Path:
            if era not in (2019, 2025):
                msg = label("cli_bad_era", chosen).format(era=era)
                raise ScenarioConfigError(msg)
            return init_project(folder, province, era, chosen, force=force).scenario

        scenario = guard(make, language=chosen)
        console().print(
            label("cli_init_done", chosen).format(
                folder=f"{folder}/", name=scenario.name, path=scenario
            ),
            markup=False,
        )
