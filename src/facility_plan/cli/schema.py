"""The ``facility-plan schema`` command: print the JSON Schema of the scenario file."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to `app`."""

    @app.command("schema")
    def schema() -> None:
        """Print the JSON Schema of a scenario file (every key, its type, default and meaning)."""
        import json

        from facility_plan.config import ScenarioConfig

        typer.echo(json.dumps(ScenarioConfig.model_json_schema(), ensure_ascii=False, indent=2))
