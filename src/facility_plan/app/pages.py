"""The Project and Scenario screens: open or create a project, its input tables, the scenario form."""

from __future__ import annotations

import logging
import re
from typing import Any

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from facility_plan.app.context import AppContext
from facility_plan.app.forms import parse_scenario_form, scenario_form
from facility_plan.app.inputs import TABLES, check_inputs, replace_table, table_file, table_view
from facility_plan.app.store import ProjectStore, check_name
from facility_plan.config import load_scenario, scenario_from_dict
from facility_plan.errors import FacilityPlanError, ScenarioConfigError
from facility_plan.io import bundled_geo_dir
from facility_plan.project import init_project

log = logging.getLogger(__name__)
_ERROR_PATH = re.compile(r"^[^:]*: (?:unknown key ')?([A-Za-z0-9_.]+)'?[: ]")


def bundled_provinces() -> list[dict[str, str]]:
    """Rows of the bundled ``provinces.csv``: slug, era, name_vi, population."""
    frame = pd.read_csv(bundled_geo_dir() / "provinces.csv", dtype=str, keep_default_na=False)
    return [
        {
            "slug": r["slug"],
            "era": r["era"],
            "name_vi": r["name_vi"],
            "population": r["population_persons"],
        }
        for r in frame.to_dict(orient="records")
    ]


def form_values(store: ProjectStore, name: str) -> dict[str, Any]:
    """A scenario's settings for the form: defaults filled in, input paths as written in the file."""
    entry = store.scenario(name)
    raw = store.raw_scenario(name)
    config = load_scenario(entry.file)
    values: dict[str, Any] = config.model_dump(mode="json", exclude={"scenario_path"})
    values["inputs"] = {**values["inputs"], **raw.get("inputs", {})}
    if isinstance(raw.get("travel"), dict) and "roads" in raw["travel"]:
        values["travel"]["roads"] = raw["travel"]["roads"]
    return values


def errors_by_field(message: str) -> tuple[dict[str, list[str]], list[str]]:
    """Validation messages (one per line, ``source: path: text``) by setting path, and the rest."""
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for line in message.splitlines():
        match = _ERROR_PATH.match(line)
        if match:
            by_field.setdefault(match.group(1), []).append(line.split(": ", 1)[-1])
        else:
            other.append(line)
    return by_field, other


def register_pages(app: FastAPI, context: AppContext) -> None:
    """Add the Project and Scenario screens to `app`."""

    @app.exception_handler(FacilityPlanError)
    def facility_error(request: Request, err: FacilityPlanError) -> Response:
        template = "error_partial.html" if request.headers.get("HX-Request") else "error.html"
        return context.render(request, template, {"message": str(err)}, status_code=400)

    @app.exception_handler(Exception)
    def unexpected_error(request: Request, err: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=err)
        message = f"{type(err).__name__}: {err}"
        template = "error_partial.html" if request.headers.get("HX-Request") else "error.html"
        return context.render(request, template, {"message": message}, status_code=500)

    @app.get("/")
    def home(request: Request) -> Response:
        projects = context.projects()
        return context.render(
            request,
            "home.html",
            {"projects": projects, "provinces": bundled_provinces(), "root": context.root},
        )

    @app.post("/projects")
    async def create_project(request: Request) -> Response:
        form = await request.form()
        slug, era = str(form.get("slug", "")), str(form.get("era", ""))
        match = [p for p in bundled_provinces() if p["slug"] == slug and p["era"] == era]
        if not match:
            msg = f"no bundled province {slug!r} for era {era!r}"
            raise ScenarioConfigError(msg)
        project_id = check_name(f"{slug}_{era}")
        folder = context.root / project_id
        if not (folder / "scenario.toml").is_file():
            init_project(folder, match[0]["name_vi"], int(era), context.language(request))
        return RedirectResponse(f"/p/{project_id}", status_code=303)

    @app.get("/p/{project_id}")
    def project(request: Request, project_id: str) -> Response:
        store = context.store(project_id)
        context.runner.refresh()
        scenarios = store.scenarios()
        base = load_scenario(scenarios[0].file)
        tables = {name: table_file(base, name) for name in TABLES}
        return context.render(
            request,
            "project.html",
            {
                "project_id": project_id,
                "store": store,
                "scenarios": scenarios,
                "tables": tables,
                "runs": store.recent_runs(8),
            },
        )

    @app.get("/p/{project_id}/tables/{name}")
    def show_table(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        base = load_scenario(store.scenarios()[0].file)
        path = table_file(base, name)
        view = table_view(name, path, check_inputs(base))
        return context.render(
            request,
            "table.html",
            {"project_id": project_id, "view": view, "outcome": None},
        )

    @app.post("/p/{project_id}/tables/{name}")
    async def upload_table(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                msg = "choose a CSV or XLSX file to upload"
                raise ScenarioConfigError(msg)
            filename = upload.filename
            content = await upload.read()
        outcome = replace_table(store, name, filename, content)
        return context.render(
            request,
            "table.html",
            {"project_id": project_id, "view": outcome.view, "outcome": outcome},
            status_code=200 if outcome.accepted else 422,
        )

    @app.get("/p/{project_id}/s/{name}/edit")
    def edit_scenario(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        values = form_values(store, name)
        return context.render(
            request,
            "scenario_form.html",
            {
                "project_id": project_id,
                "name": name,
                "groups": scenario_form(values, context.language(request)),
                "field_errors": {},
                "errors": [],
            },
        )

    @app.post("/p/{project_id}/s/{name}/edit")
    async def save_scenario(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        form = await request.form()
        posted = {key: str(value) for key, value in form.multi_items() if isinstance(value, str)}
        language = context.language(request)
        try:
            parsed = parse_scenario_form(posted)
            scenario_from_dict(parsed, source=str(parsed.get("name", name)), base_dir=store.folder)
            new_name = check_name(str(parsed.get("name", "")))
        except ScenarioConfigError as err:
            by_field, other = errors_by_field(str(err))
            values = {**form_values(store, name), **parse_lenient(posted)}
            return context.render(
                request,
                "scenario_form.html",
                {
                    "project_id": project_id,
                    "name": name,
                    "groups": scenario_form(values, language),
                    "field_errors": by_field,
                    "errors": other or [str(err)],
                },
                status_code=422,
            )
        parent = None if new_name == name else name
        store.save_scenario(
            parsed,
            parent=parent,
            change="" if parent is None else f"saved from {name}",
            header=(
                "Scenario saved by the facility-plan app; run: facility-plan run <this file>.",
            ),
        )
        return RedirectResponse(f"/p/{project_id}/s/{new_name}", status_code=303)


def parse_lenient(posted: dict[str, str]) -> dict[str, Any]:
    """The posted settings as far as they can be read (to show the form again after an error)."""
    try:
        return parse_scenario_form(posted)
    except ScenarioConfigError:
        return {}
