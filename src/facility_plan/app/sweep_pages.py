"""The Robustness and alternatives screen: site-frequency map, regret chart, near-optimal plans, "use this plan"."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from facility_plan.app.context import AppContext
from facility_plan.app.store import check_name
from facility_plan.app.whatif import CONFIG_HAS_SITE_LISTS
from facility_plan.app.worker import ALTERNATIVES_FOLDER, ROBUST_FOLDER, solve_job, sweep_job
from facility_plan.errors import ScenarioConfigError
from facility_plan.labels import Language, format_percent
from facility_plan.maps import escape_text, make_offline

StartJob = Callable[[Request, str, int], Response]


def sweeps_available() -> bool:
    """True when `facility_plan.sweeps` (robustness and alternatives) can be imported."""
    if importlib.util.find_spec("facility_plan.sweeps") is None:
        return False
    try:
        importlib.import_module("facility_plan.sweeps")
    except ImportError:
        return False
    return True


def plan_sites(plan_id: str) -> tuple[str, ...]:
    """The new sites of a plan id (``site@tier+site@tier``, see `facility_plan.sweeps.FixedPlan`)."""
    return tuple(part.split("@", 1)[0] for part in plan_id.split("+") if part)


def frequency_map(
    sites: pd.DataFrame, language: Language, communes: pd.DataFrame | None = None
) -> folium.Map:
    """Offline map of how often each candidate site was chosen across the draws.

    Parameters
    ----------
    sites
        ``robust_sites.csv``: site, commune, ``chosen_share`` (0–1), ``lon``/``lat`` (degrees).
    language
        Language of the labels.
    communes
        Optional commune points (``lon``/``lat``) drawn small and grey, for orientation.
    """
    points = sites if communes is None or communes.empty else communes
    west, east = float(points["lon"].min()), float(points["lon"].max())
    south, north = float(points["lat"].min()), float(points["lat"].max())
    folium_map = folium.Map(
        location=[(south + north) / 2, (west + east) / 2], zoom_start=9, tiles=None
    )
    make_offline(folium_map)
    if communes is not None:
        for row in communes.itertuples(index=False):
            folium.CircleMarker(
                [float(row.lat), float(row.lon)], radius=2, color="#888888", weight=1, fill=True
            ).add_to(folium_map)
    for row in sites.itertuples(index=False):
        share = float(getattr(row, "chosen_share", 0.0) or 0.0)
        name = escape_text(getattr(row, "commune_name_vi", row.site_id))
        text = f"{name}: {escape_text(format_percent(share, language=language))}"
        folium.CircleMarker(
            [float(row.lat), float(row.lon)],
            radius=4 + 20 * share,
            color="#d62728",
            fill=True,
            fill_opacity=0.5,
            class_name="fp-frequency",
            tooltip=folium.Tooltip(text, permanent=True),
        ).add_to(folium_map)
    folium_map.fit_bounds([[south, west], [north, east]])
    return folium_map


def commune_points(folder: Path) -> pd.DataFrame | None:
    """Commune points (lon, lat) of a result folder's ``plan.gpkg`` (layer ``demand``), or None."""
    path = folder / "plan.gpkg"
    if not path.is_file():
        return None
    import geopandas as gpd

    demand = gpd.read_file(path, layer="demand")
    return pd.DataFrame({"lon": demand.geometry.x, "lat": demand.geometry.y})


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def register_sweeps(app: FastAPI, context: AppContext, start: StartJob) -> None:
    """Add the Robustness and alternatives screen to `app`."""

    @app.get("/p/{project_id}/s/{name}/sweeps")
    def sweeps(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        entry = store.scenario(name)
        folder = store.results_dir / entry.name
        robust = _json(folder / ROBUST_FOLDER / "robust.json")
        alternatives = _json(folder / ALTERNATIVES_FOLDER / "alternatives.json")
        language = context.language(request)
        return context.render(
            request,
            "sweeps.html",
            {
                "project_id": project_id,
                "entry": entry,
                "available": sweeps_available(),
                "robust": robust,
                "verdict": robust.get("verdict_en" if language == "en" else "verdict_vi", []),
                "alternatives": alternatives.get("plans", []),
                "has_chart": (folder / ROBUST_FOLDER / "robust_regret.png").is_file(),
                "has_sites": (folder / ROBUST_FOLDER / "robust_sites.csv").is_file(),
            },
        )

    @app.get("/p/{project_id}/s/{name}/sweeps/frequency_map")
    def sweep_map(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        path = store.result_dir(name) / ROBUST_FOLDER / "robust_sites.csv"
        if not path.is_file():
            msg = f"{name}: no robustness result yet"
            raise ScenarioConfigError(msg)
        sites = pd.read_csv(path, dtype={"site_id": str}).dropna(subset=["lon", "lat"])
        communes = commune_points(store.result_dir(name))
        page: str = frequency_map(sites, context.language(request), communes).get_root().render()
        return HTMLResponse(page)

    @app.post("/p/{project_id}/s/{name}/sweeps")
    def start_sweeps(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        store.scenario(name)
        if not sweeps_available():
            msg = "robustness and alternatives are not installed in this version"
            raise ScenarioConfigError(msg)
        run_id = context.runner.start(
            store, "sweep", name, sweep_job, name, context.language(request)
        )
        return start(request, project_id, run_id)

    @app.post("/p/{project_id}/s/{name}/use-plan")
    async def use_plan(request: Request, project_id: str, name: str) -> Response:
        store = context.store(project_id)
        form = await request.form()
        sites = plan_sites(str(form.get("plan_id", "")))
        if not sites:
            msg = "no plan chosen"
            raise ScenarioConfigError(msg)
        taken = {entry.name for entry in store.scenarios()}
        number = 1
        while f"{name}_plan_{number}" in taken:
            number += 1
        new_name = check_name(f"{name}_plan_{number}")
        raw = store.raw_scenario(name)
        raw = {**raw, "name": new_name}
        if CONFIG_HAS_SITE_LISTS:
            raw["model"] = {**raw.get("model", {}), "required_sites": list(sites)}
        change = "plan: " + ", ".join(sites)
        store.save_scenario(
            raw,
            parent=name,
            change=change,
            required_sites=sites,
            header=(f"Plan chosen from the robustness/alternatives of {name}: {', '.join(sites)}",),
        )
        run_id = context.runner.start(
            store, "run", new_name, solve_job, new_name, context.language(request)
        )
        return start(request, project_id, run_id)
