"""Command-line interface (``facility-plan``); see `facility_plan.cli.app` for the commands."""

from facility_plan.cli.app import app, main

__all__ = ["app", "main"]
