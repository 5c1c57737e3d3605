"""Maps as a planner sees them: headless Chromium, offline, no console errors, markers present."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NINH_BINH_DATA
from typer.testing import CliRunner

from facility_plan.cli import app

pytestmark = pytest.mark.browser


def _load(browser, html_path: Path, screenshot: Path | None = None) -> tuple[object, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console",
        lambda m: (
            messages.append(f"console.{m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: messages.append(f"requestfailed: {r.url}"))
    page.goto(html_path.as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(500)
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    return page, messages


def test_map_loads_offline_with_five_centres(browser, bundled_runs, artifacts_dir: Path) -> None:
    html_path = bundled_runs["ninh_binh_2025"] / "map.html"
    page, messages = _load(browser, html_path, artifacts_dir / "ninh_binh_2025_map.png")
    assert messages == []
    assert page.locator(".fp-centre").count() == 5
    assert page.locator(".fp-centre.fp-existing").count() == 3
    assert page.locator(".fp-centre.fp-new").count() == 2
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator("#fp-legend").inner_text().startswith("Thời gian đi đến cơ sở")
    assert page.locator("path.leaflet-interactive").count() >= 125
    page.locator(".fp-centre.fp-new").first.click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Số chỗ" in popup
    assert "Số người được phân bổ" in popup
    page.context.close()


def test_facility_name_cannot_inject_script(
    browser, scenario_copy, tmp_path: Path, artifacts_dir: Path
) -> None:
    import pandas as pd

    evil = (
        "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"
        "${window.__pwned = 3}`);window.__pwned = 4;(`"
    )
    facilities = pd.read_csv(NINH_BINH_DATA / "facilities.csv", dtype=str, keep_default_na=False)
    facilities.loc[0, "name_vi"] = evil
    scenario = scenario_copy(
        "ninh_binh_2025_plan_choice", files={"facilities": facilities.to_csv(index=False)}
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page, messages = _load(
        browser,
        out / "ninh_binh_2025_plan_choice" / "map.html",
        artifacts_dir / "injection_map.png",
    )
    assert page.evaluate("window.__pwned === undefined")
    assert messages == []
    page.locator(".fp-centre.fp-existing").first.click()
    assert (
        "<script>window.__pwned = 1</script>" in page.locator(".leaflet-popup-content").inner_text()
    )
    page.context.close()
