"""The Run, What-if, Compare and Print screens: start and follow jobs, show results, serve result files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from facility_plan.app.context import AppContext
from facility_plan.app.store import DONE, RUNNING, ProjectStore, RunEntry, check_name
from facility_plan.app.sweep_pages import register_sweeps
from facility_plan.app.whatif import CONFIG_HAS_SITE_LISTS
from facility_plan.app.worker import APP_MAP_FILE, compare_job, solve_job
from facility_plan.errors import ScenarioConfigError
from facility_plan.scenario import COMPARE_ROWS, compare_summaries, read_summary

FILE_NAME = re.compile(r"^[A-Za-z0-9_\-][A-Za-z0-9_.\-]*$")
RESULT_SUBFOLDERS = ("robust", "alternatives")
PRINT_SUFFIXES = (".html", ".xlsx", ".pdf", ".png", ".docx", ".csv", ".gpkg", ".json", ".txt")
FIGURE_KEYS = tuple(key for key, _ in COMPARE_ROWS)
SHOWN_TABLES = ("districts", "land_reservation")


def safe_file(folder: Path, relative: str) -> Path:
    """`folder`/`relative` when it names a file directly in `folder` or in one of its known sub-folders.

    Raises
    ------
    ScenarioConfigError
        Any other name (no ``..``, no hidden files, no other folders).
    """
    parts = relative.split("/")
    ok = (len(parts) == 1 or (len(parts) == 2 and parts[0] in RESULT_SUBFOLDERS)) and all(
        FILE_NAME.match(part) for part in parts
    )
    path = folder.joinpath(*parts)
    if not ok or not path.is_file():
        msg = f"no result file {relative!r}"
        raise ScenarioConfigError(msg)
    return path


def frame_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """A CSV result table as header and rows of text (empty when the file is missing)."""
    if not path.is_file():
        return [], []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [str(c) for c in frame.columns], frame.astype(str).to_numpy().tolist()


def result_files(folder: Path) -> list[str]:
    """The files of a result folder offered for download, the report first."""
    if not folder.is_dir():
        return []
    names = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.suffix in PRINT_SUFFIXES and p.name != APP_MAP_FILE
    )
    first = [
        n
        for n in ("report.html", "report.xlsx", "plan.xlsx", "map_A4.pdf", "map_A3.pdf")
        if n in names
    ]
    return first + [n for n in names if n not in first]


def job_target_url(project_id: str, run: RunEntry) -> str:
    """Where a finished job's result is shown."""
    if run.kind == "compare":
        query = "&".join(f"names={name}" for name in run.target.split(","))
        return f"/p/{project_id}/compare?{query}"
    if run.kind == "sweep":
        return f"/p/{project_id}/s/{run.target}/sweeps"
    return f"/p/{project_id}/s/{run.target}"


def _split_sites(text: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(part.strip() for part in text.replace(";", ",").split(",") if part.strip())
    )


def whatif_scenario(
    store: ProjectStore, parent: str, form: dict[str, str]
) -> tuple[dict[str, Any], str, tuple[str, ...], tuple[str, ...]]:
    """The what-if's settings, its change in plain words, and its forced-in and forced-out sites.

    Form keys: ``new_name``, ``required_sites`` and ``excluded_sites`` (comma lists),
    ``budget_vnd`` (empty: no budget) and ``tier.<id>.capacity_places`` /
    ``tier.<id>.investment_vnd`` per size tier.
    """
    raw = store.raw_scenario(parent)
    model = dict(raw.get("model", {}))
    changes: list[str] = []
    budget_text = form.get("budget_vnd", "").strip()
    try:
        budget = float(budget_text) if budget_text else None
    except ValueError:
        msg = f"budget_vnd: {budget_text!r} is not a number"
        raise ScenarioConfigError(msg) from None
    if budget != model.get("budget_vnd"):
        changes.append(f"budget_vnd {model.get('budget_vnd')} → {budget}")
        model["budget_vnd"] = budget
    tiers = []
    for tier in model.get("size_tiers", []):
        tier = dict(tier)
        for key in ("capacity_places", "investment_vnd"):
            posted = form.get(f"tier.{tier['tier_id']}.{key}", "").strip()
            if not posted:
                continue
            try:
                value: float | int = int(posted) if key == "capacity_places" else float(posted)
            except ValueError:
                msg = f"size tier {tier['tier_id']}: {key} {posted!r} is not a number"
                raise ScenarioConfigError(msg) from None
            if value != tier.get(key):
                changes.append(f"{tier['tier_id']}.{key} {tier.get(key)} → {value}")
                tier[key] = value
        tiers.append(tier)
    model["size_tiers"] = tiers
    required = _split_sites(form.get("required_sites", ""))
    excluded = _split_sites(form.get("excluded_sites", ""))
    if required:
        changes.append("+ " + ", ".join(required))
    if excluded:
        changes.append("− " + ", ".join(excluded))
    if CONFIG_HAS_SITE_LISTS:
        model["required_sites"], model["excluded_sites"] = list(required), list(excluded)
    name = check_name(form.get("new_name", "").strip())
    if name == parent:
        msg = f"the what-if needs a name other than {parent!r}"
        raise ScenarioConfigError(msg)
    raw = {**raw, "name": name, "model": model}
    return raw, "; ".join(changes), required, excluded


def register_results(app: FastAPI, context: AppContext) -> None:
    """Add the Run, What-if, Compare and Print screens (and the Robustness one) to `app`."""

    def progress(request: Request, project_id: str, run_id: int) -> Response:
        store = context.store(project_id)
        context.runner.refresh()
        run = store.run(run_id)
        url = job_target_url(project_id, run)
        headers = {"HX-Redirect": url} if run.status == DONE else None
        template = "progress.html" if request.headers.get("HX-Request") else "progress_page.html"
        return context.render(
            request,
            template,
            {"project_id": project_id, "run": run, "running": run.status == RUNNING, "url": url},
            headers=headers,
        )

    def start(request: Request, project_id: str, run_id: int) -> Response:
        if request.headers.get("HX-Request"):
            return progress(request, project_id, run_id)
        return RedirectResponse(f"/p/{project_id}/jobs/{run_id}", status_code=303)

    @app.get("/p/{project_id}/jobs/{run_id}")
    def job(request: Request, project_id: str, run_id: int) -> Response:
        return progress(request, project_id, run_id)

    @app.post("/p/{project_id}/jobs/{run_id}/cancel")
    def cancel(request: Request, project_id: str, run_id: int) -> Response:
        store = context.store(project_id)
        context.runner.cancel(store, run_id)
        return progress(request, project_id, run_id)

    @app.post("/p/{project_id}/s/{name}/run")
    def run(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        store.scenario(name)
        run_id = context.runner.start(
            store, "run", name, solve_job, name, context.language(request)
        )
        return start(request, project_id, run_id)

    @app.post("/p/{project_id}/s/{name}/report")
    def report(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        store.scenario(name)
        run_id = context.runner.start(
            store, "report", name, solve_job, name, context.language(request), True
        )
        return start(request, project_id, run_id)

    @app.get("/p/{project_id}/s/{name}")
    def scenario(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        context.runner.refresh()
        entry = store.scenario(name)
        folder = store.results_dir / name
        figures: dict[str, Any] = {}
        if entry.has_result:
            figures = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        tables = {key: frame_rows(folder / f"{key}.csv") for key in SHOWN_TABLES}
        raw = store.raw_scenario(name)
        running = [r for r in store.recent_runs(5) if r.status == RUNNING and r.target == name]
        return context.render(
            request,
            "scenario.html",
            {
                "project_id": project_id,
                "entry": entry,
                "figures": figures,
                "figure_keys": FIGURE_KEYS,
                "tables": tables,
                "files": result_files(folder),
                "has_map": (folder / APP_MAP_FILE).is_file(),
                "model": raw.get("model", {}),
                "running": running[0] if running else None,
                "whatif_name": _free_name(store, f"{name}_whatif"),
            },
        )

    @app.post("/p/{project_id}/s/{name}/whatif")
    async def whatif(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        raw, change, required, excluded = whatif_scenario(store, name, form)
        store.save_scenario(
            raw,
            parent=name,
            change=change,
            required_sites=required,
            excluded_sites=excluded,
            header=(
                f"What-if of {name} made in the facility-plan app: {change}",
                *(
                    ()
                    if CONFIG_HAS_SITE_LISTS
                    else (
                        f"Forced in (app only): {', '.join(required) or '-'}; "
                        f"left out: {', '.join(excluded) or '-'}",
                    )
                ),
            ),
        )
        new_name = str(raw["name"])
        run_id = context.runner.start(
            store, "run", new_name, solve_job, new_name, context.language(request)
        )
        return start(request, project_id, run_id)

    @app.get("/p/{project_id}/s/{name}/files/{relative:path}")
    def result_file(project_id: str, name: str, relative: str, download: int = 0) -> Response:
        store = context.store(project_id)
        path = safe_file(store.result_dir(name), relative)
        return FileResponse(
            path,
            filename=path.name if download else None,
            content_disposition_type="attachment" if download else "inline",
        )

    @app.get("/p/{project_id}/compare")
    def compare(request: Request, project_id: str) -> Response:
        store = context.store(project_id)
        names = tuple(check_name(n) for n in request.query_params.getlist("names"))
        entries = {e.name: e for e in store.scenarios()}
        chosen = tuple(n for n in names if n in entries and entries[n].has_result)
        rows: list[dict[str, Any]] = []
        if len(chosen) >= 2:
            summaries = {n: read_summary(store.results_dir / n) for n in chosen}
            table = compare_summaries(summaries)
            for key, row_label in [*COMPARE_ROWS, ("new_sites", "new sites")]:
                label_in_table = row_label
                values: list[Any] = [
                    table.at[label_in_table, n] if label_in_table in table.index else None
                    for n in chosen
                ]
                first = values[0]
                differences = [
                    float(v) - float(first) if _is_number(v) and _is_number(first) and i else None
                    for i, v in enumerate(values)
                ]
                rows.append(
                    {
                        "key": key,
                        "values": values,
                        "differences": differences,
                        "decimals": _decimals(key),
                    }
                )
        folder = store.comparison_dir(chosen) if len(chosen) >= 2 else None
        return context.render(
            request,
            "compare.html",
            {
                "project_id": project_id,
                "scenarios": list(entries.values()),
                "chosen": chosen,
                "rows": rows,
                "has_map": folder is not None and (folder / "comparison_map.html").is_file(),
                "files": result_files(folder) if folder is not None else [],
                "key": "__".join(chosen),
            },
        )

    @app.post("/p/{project_id}/compare")
    async def compare_map(request: Request, project_id: str) -> Response:
        store = context.store(project_id)
        form = await request.form()
        names = tuple(check_name(str(n)) for n in form.getlist("names"))
        if len(names) < 2:
            msg = "choose at least two scenarios to compare"
            raise ScenarioConfigError(msg)
        for name in names:
            store.scenario(name)
        run_id = context.runner.start(
            store, "compare", ",".join(names), compare_job, names, context.language(request)
        )
        return start(request, project_id, run_id)

    @app.get("/p/{project_id}/comparisons/{key}/{relative}")
    def comparison_file(project_id: str, key: str, relative: str, download: int = 0) -> Response:
        store = context.store(project_id)
        names = tuple(key.split("__"))
        path = safe_file(store.comparison_dir(names), relative)
        return FileResponse(
            path,
            filename=path.name if download else None,
            content_disposition_type="attachment" if download else "inline",
        )

    register_sweeps(app, context, start)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool)


def _decimals(key: str) -> int:
    """Decimals a compared figure is shown with (counts and VND whole, shares to 0.01)."""
    if key.endswith("_share"):
        return 2
    if key in ("facilities_total", "places_total", "places_new", "investment_new_vnd"):
        return 0
    return 1


def _free_name(store: ProjectStore, stem: str) -> str:
    """`stem`_1, _2, … : the first name no scenario of the project has."""
    taken = {entry.name for entry in store.scenarios()}
    number = 1
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"
