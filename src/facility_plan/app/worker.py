"""The jobs the app runs in a separate process: solve a scenario, compare scenarios, run a sweep.

Each job records its steps and its end in the project's index (`ProjectStore.update_run`), which
is how the app shows progress; the app cancels a job by ending its process.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facility_plan.app.store import DONE, FAILED, ProjectStore
from facility_plan.errors import FacilityPlanError
from facility_plan.labels import Language

if TYPE_CHECKING:
    from facility_plan.scenario import ScenarioResult

log = logging.getLogger(__name__)

APP_MAP_FILE = "app_map.html"
"""The what-if map (scenario map with clickable candidates) in a scenario's result folder."""
ROBUST_FOLDER = "robust"
ALTERNATIVES_FOLDER = "alternatives"
ROBUST_APP_SAMPLES = 40
"""Draws of a robustness sweep started from the app (the CLI's ``--samples`` default is the scenario's)."""


def _guarded(store: ProjectStore, run_id: int, action: Callable[[], str]) -> None:
    """Run `action`; record done with its message, or failed with the error's message."""
    try:
        message = action()
    except FacilityPlanError as err:
        store.update_run(run_id, status=FAILED, message=str(err))
    except Exception as err:
        detail = "".join(traceback.format_exception(err))
        log.error("job %s failed:\n%s", run_id, detail)
        store.update_run(run_id, status=FAILED, message=f"{type(err).__name__}: {err}")
    else:
        store.update_run(run_id, status=DONE, message=message)


def solve_job(
    project_dir: str, run_id: int, name: str, language: Language, with_report: bool = False
) -> None:
    """Solve scenario `name` (with its forced sites); write its result folder and what-if map.

    The result folder is what ``facility-plan run`` writes (map, GeoPackage, tables, workbook,
    summary); with `with_report` also what ``facility-plan report`` adds (report.html and .xlsx,
    print maps). Without it the job is quick: a what-if shows its result in seconds.
    """
    from facility_plan.app.whatif import solve_with_sites, whatif_map
    from facility_plan.config import load_scenario
    from facility_plan.maps import write_map
    from facility_plan.outputs import write_scenario_outputs

    store = ProjectStore(Path(project_dir))

    def step(text: str) -> None:
        store.update_run(run_id, step=text)

    def action() -> str:
        entry = store.scenario(name)
        config = load_scenario(entry.file)
        result = solve_with_sites(config, entry.required_sites, entry.excluded_sites, on_step=step)
        folder = write_scenario_outputs(
            result, store.results_dir, with_report=with_report, on_step=step
        )
        note = ""
        if with_report:
            step("writing the DOCX annex")
            note = _write_annex(result, store.results_dir)
        step("drawing the what-if map")
        write_map(whatif_map(result, language), folder / APP_MAP_FILE)
        return note

    _guarded(store, run_id, action)


def _write_annex(result: ScenarioResult, results_dir: Path) -> str:
    """Write ``annex.docx`` next to the report when this version has the annex; a note if not."""
    try:
        from facility_plan.outputs import write_annex_file
    except ImportError:
        return "the DOCX annex is not available in this version"
    write_annex_file(result, results_dir)
    return ""


def compare_job(project_dir: str, run_id: int, names: tuple[str, ...], language: Language) -> None:
    """Solve the scenarios `names` and write their comparison (report, workbook, before/after map).

    The comparison report is in the scenarios' own ``outputs.language``; `language` is the page's
    and is kept for the job's signature (every job takes it).
    """
    del language
    from facility_plan.app.whatif import solve_with_sites
    from facility_plan.config import load_scenario
    from facility_plan.outputs import write_comparison

    store = ProjectStore(Path(project_dir))

    def action() -> str:
        results = []
        for name in names:
            store.update_run(run_id, step=f"solving {name}")
            entry = store.scenario(name)
            config = load_scenario(entry.file)
            results.append(solve_with_sites(config, entry.required_sites, entry.excluded_sites))
        store.update_run(run_id, step="writing the comparison")
        write_comparison(results, store.comparison_dir(names))
        return ""

    _guarded(store, run_id, action)


def sweep_job(project_dir: str, run_id: int, name: str, language: Language) -> None:
    """Robustness (`run_robust`) then near-optimal alternatives (`find_alternatives`) of `name`."""
    from facility_plan.config import load_scenario
    from facility_plan.outputs import write_robust_outputs
    from facility_plan.scenario import prepare_scenario
    from facility_plan.sweeps import (
        ExecutorSettings,
        find_alternatives,
        run_robust,
        write_alternatives,
    )

    store = ProjectStore(Path(project_dir))

    def step(text: str) -> None:
        store.update_run(run_id, step=text)

    def progress(done: int, total: int) -> None:
        store.update_run(run_id, step=f"robustness: {done}/{total}")

    def action() -> str:
        config = load_scenario(store.scenario(name).file)
        prepared = prepare_scenario(config, on_step=step)
        executor = ExecutorSettings(kind="processes", workers=1)
        robust = run_robust(
            prepared,
            samples=ROBUST_APP_SAMPLES,
            executor=executor,
            on_step=step,
            on_progress=progress,
        )
        folder = store.result_dir(name)
        write_robust_outputs(robust, prepared, folder / ROBUST_FOLDER, language=language)
        step("near-optimal alternatives")
        alternatives = find_alternatives(prepared, executor=executor)
        write_alternatives(alternatives, folder / ALTERNATIVES_FOLDER)
        return ""

    _guarded(store, run_id, action)
