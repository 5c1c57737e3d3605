"""The ``facility-plan app`` command: start the local web app on a project folder and open the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from facility_plan.cli._common import Lang, console, guard


def register(app: typer.Typer) -> None:
    """Add the ``app`` command to `app`."""

    @app.command("app")
    def serve_app(
        project_dir: Annotated[
            Path,
            typer.Argument(
                help="A project folder made by `init`, or a folder to create projects in."
            ),
        ] = Path(),
        host: Annotated[
            str,
            typer.Option(
                "--host", help="Address to listen on; anything but localhost needs --token."
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8765,
        token: Annotated[
            str | None,
            typer.Option(
                "--token",
                envvar="FACILITY_PLAN_APP_TOKEN",
                help="Password asked by the app (required with a --host other than localhost).",
            ),
        ] = None,
        no_browser: Annotated[
            bool, typer.Option("--no-browser", help="Do not open the web browser.")
        ] = False,
        language: Annotated[
            Lang,
            typer.Option(
                "--lang", "--language", help="Default language of the pages and messages: vi or en."
            ),
        ] = Lang.vi,
    ) -> None:
        """Start the web app on 127.0.0.1 (works with no Internet) and open it in the browser."""
        from facility_plan.app import serve
        from facility_plan.app.context import is_local_host
        from facility_plan.errors import ScenarioConfigError
        from facility_plan.labels import label

        chosen: Literal["vi", "en"] = "en" if language == Lang.en else "vi"

        def check() -> None:
            if not is_local_host(host) and not token:
                msg = label("cli_app_needs_token", chosen).format(host=host)
                raise ScenarioConfigError(msg)

        guard(check, language=chosen)
        where = f"http://{host if not is_local_host(host) else '127.0.0.1'}:{port}/"
        console().print(label("cli_app_running", chosen).format(where=where), markup=False)
        guard(
            lambda: serve(
                project_dir,
                host=host,
                port=port,
                token=token,
                open_browser=not no_browser,
                language=chosen,
            ),
            language=chosen,
        )
