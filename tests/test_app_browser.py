"""The app as a planner uses it, in headless Chromium: the whole path on the bundled Ninh Bình data, offline."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOLVE_TIMEOUT_MS = 90_000
"""Longest wait for one job (the machine may be shared; the app itself aims at seconds)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on a free 127.0.0.1 port over an empty projects folder; stopped after the test."""
    import uvicorn

    from facility_plan.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(tmp_path / "du_an"), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the app did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def _watch(page: Any, origin: str) -> tuple[list[str], list[str]]:
    """Console errors and page errors, and every request that leaves `origin`."""
    problems: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def request(req: Any) -> None:
        if not (
            req.url.startswith(origin + "/") or req.url.startswith(("data:", "about:", "blob:"))
        ):
            outside.append(req.url)

    page.context.on("request", request)
    return problems, outside


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"app_{name}.png"), full_page=False)


def _run_job(page: Any, button: str, url_part: str) -> float:
    """Click `button`, which starts a job; wait until its progress (polled by htmx every second)
    hands over to the result page. Returns the seconds from the click to the result page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    clicked = time.monotonic()
    try:
        with page.expect_navigation(url=re.compile(url_part), timeout=SOLVE_TIMEOUT_MS):
            page.click(button)
            page.wait_for_selector("#progress")
    except PlaywrightTimeout:
        progress = page.locator("#progress")
        detail = progress.inner_text() if progress.count() else page.content()[:2000]
        pytest.fail(f"job started by {button} did not finish: {detail}")
    page.wait_for_load_state("load")
    return time.monotonic() - clicked


def test_whole_path_on_ninh_binh(browser: Any, app_url: str, artifacts_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    problems, outside = _watch(page, app_url)
    started = time.monotonic()

    # Project: a new project from the bundled Ninh Bình tables (2019 boundaries).
    page.goto(app_url + "/")
    page.select_option("#new-province", "ninh_binh")
    page.select_option("#new-era", "2019")
    _shot(page, artifacts_dir, "1_projects")
    page.get_by_role("button", name="Tạo và mở").click()
    page.wait_for_load_state("load")
    assert re.search(r"/p/ninh_binh_2019$", page.url), page.locator("main").inner_text()
    assert page.locator("#scenario-list tbody tr").count() == 1
    page.locator("#table-list a").first.click()
    assert page.locator("#input-table tbody tr").count() >= 100
    _shot(page, artifacts_dir, "2_input_table")
    page.go_back()

    # Scenario: edit settings in the generated form and save them as TOML.
    page.get_by_role("link", name="Sửa thiết lập").first.click()
    page.wait_for_selector("#scenario-form")
    page.fill("#f-model\\.budget_vnd", "30e9")
    page.fill("#f-targets\\.0\\.year", "2025")
    page.fill("#f-targets\\.0\\.places", "600")
    _shot(page, artifacts_dir, "3_scenario_form")
    page.click("#save-scenario")
    page.wait_for_url(re.compile(r"/p/ninh_binh_2019/s/ninh_binh_2019_plan$"))
    base_url = page.url

    # Run: progress while it solves, then the map with 5 centres, the key figures and tables.
    _run_job(page, "#run-scenario", r"/s/ninh_binh_2019_plan$")
    page.wait_for_selector("#key-figures")
    frame = page.frame_locator("#result-map")
    frame.locator(".fp-centre").first.wait_for()
    assert frame.locator(".fp-centre").count() == 5
    assert page.locator("#new-sites tbody tr").count() == 2
    assert page.locator("#table-districts tbody tr").count() == 8
    _shot(page, artifacts_dir, "4_run_result")
    chosen = set(page.locator("#new-sites tbody tr td:first-child").all_inner_texts())

    # What-if: click a candidate on the map, force it in, re-solve as a new named scenario.
    candidates = frame.locator("path.fp-candidate")
    candidates.first.wait_for(state="attached")
    assert candidates.count() >= 100
    site = ""
    for index in range(candidates.count()):
        candidates.nth(index).dispatch_event("click")
        button = frame.locator(".leaflet-popup-content button[data-fp-action='in']")
        site = button.get_attribute("data-fp-site") or ""
        if site not in chosen:
            button.dispatch_event("click")  # the popup may open under the layer control
            break
    assert site
    assert site not in chosen
    page.wait_for_function(
        "site => document.getElementById('required-sites').value.includes(site)", arg=site
    )
    whatif_name = page.input_value("#whatif-name")
    page.evaluate("document.getElementById('result').scrollIntoView()")
    _shot(page, artifacts_dir, "5_whatif")
    whatif_seconds = _run_job(page, "#resolve", rf"/s/{whatif_name}$")
    page.wait_for_selector("#key-figures")
    assert site in page.locator("#new-sites").inner_text()
    assert page.frame_locator("#result-map").locator(".fp-centre").count() == 5

    # Compare: the two scenarios side by side with differences.
    page.goto(f"{app_url}/p/ninh_binh_2019/compare?names=ninh_binh_2019_plan&names={whatif_name}")
    table = page.locator("#compare-table")
    assert whatif_name in table.inner_text()
    assert page.locator("#compare-table thead th").count() == 4  # label, base, what-if, Δ
    _shot(page, artifacts_dir, "6_compare")

    # Print: make the report of the base scenario and download it.
    page.goto(base_url)
    _run_job(page, "#make-report", r"/s/ninh_binh_2019_plan$")
    link = page.locator("#downloads a[download]", has_text="report.html")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    report = Path(download.path()).read_text(encoding="utf-8")
    assert "<html" in report.lower()
    downloads = page.locator("#downloads").inner_text()
    for name in ("report.xlsx", "plan.xlsx", "map_A4.pdf", "annex.docx"):
        assert name in downloads
    _shot(page, artifacts_dir, "7_print")

    assert problems == []
    assert outside == []
    walk_seconds = time.monotonic() - started
    print(f"what-if re-solve shown after {whatif_seconds:.1f} s; walk {walk_seconds:.0f} s")  # noqa: T201
    context.close()
