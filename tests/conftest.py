"""Shared fixtures: paths of the bundled data, scenario runs shared across tests, headless Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = REPO_ROOT / "scenarios"
NINH_BINH_DATA = REPO_ROOT / "data" / "geo" / "ninh_binh_2019"
SHARED = REPO_ROOT.parent / "shared"
ARTIFACTS = Path(os.environ.get("FACILITY_PLAN_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def pytest_configure(config: pytest.Config) -> None:
    """Console tables at one width in every process (xdist workers have no terminal: 80 columns
    would cut names with "…" in the CLI tests)."""
    os.environ["COLUMNS"] = "200"


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def dump_toml(data: dict[str, Any]) -> str:
    """Minimal TOML writer for scenario files (tables one level deep, inline tables in arrays)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"\n[{key}]")
            lines.extend(
                f"{inner_key} = {_toml_value(inner)}" for inner_key, inner in value.items()
            )
    return "\n".join(lines) + "\n"


@pytest.fixture
def scenario_copy(tmp_path: Path) -> Callable[..., Path]:
    """Write a copy of a bundled scenario into tmp_path, with absolute input paths and changes.

    Call as ``scenario_copy("ninh_binh_2025_plan_choice", {"model": {"target_places": 900}})``;
    ``files={"facilities": text}`` replaces an input table with the given CSV text.
    """

    def make(
        name: str,
        changes: dict[str, dict[str, Any]] | None = None,
        files: dict[str, str] | None = None,
    ) -> Path:
        raw = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8"))
        for key, value in raw["inputs"].items():
            if value != "all_communes":
                raw["inputs"][key] = str((SCENARIOS / value).resolve())
        for table, values in (changes or {}).items():
            raw.setdefault(table, {}).update(values)
        for input_name, text in (files or {}).items():
            target = tmp_path / f"{input_name}.csv"
            target.write_text(text, encoding="utf-8")
            raw["inputs"][input_name] = str(target)
        path = tmp_path / f"{name}.toml"
        path.write_text(dump_toml(raw), encoding="utf-8")
        return path

    return make


@pytest.fixture(scope="session")
def bundled_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both bundled Ninh Bình scenarios' output folders, written once from the shared runs.

    The command line itself is exercised end to end by `tests/test_end_to_end.py`.
    """
    from facility_plan.outputs import write_scenario_outputs

    out = tmp_path_factory.mktemp("outputs")
    return {
        name: write_scenario_outputs(bundled_run(name), out)
        for name in ("ninh_binh_2025", "ninh_binh_2025_plan_choice")
    }


def chromium_path() -> str | None:
    """Path of a Chromium binary, or None."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright; skipped when absent unless CI requires it."""
    executable = chromium_path()
    required = os.environ.get("FACILITY_PLAN_REQUIRE_BROWSER") == "1"
    if executable is None:
        if required:
            pytest.fail("Chromium is required (FACILITY_PLAN_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def artifacts_dir() -> Path:
    """Folder for test artifacts (screenshots)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@functools.cache
def bundled_run(name: str) -> Any:
    """The result of bundled scenario `name`, run once per test session (in process) and shared.

    Every test that needs the result of an unmodified bundled scenario uses this (directly or
    through the `bundled_result` fixture), so the suite solves each bundled scenario once.
    """
    from facility_plan.config import load_scenario
    from facility_plan.scenario import run_scenario

    return run_scenario(load_scenario(SCENARIOS / f"{name}.toml"))


@pytest.fixture(scope="session")
def bundled_result() -> Callable[[str], Any]:
    """`bundled_run` as a fixture: ``bundled_result("ninh_binh_2025")``."""
    return bundled_run
