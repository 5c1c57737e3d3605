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


_PAYLOAD = (
    "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"
    "${window.__pwned = 3}`);window.__pwned = 4;(`{{ 7 * 7 }}"
)

# Every path and marker of the map: fire a mouse-over (propagated to the group a GeoJsonTooltip is bound
# to) and read the tooltip, open its popup and read it; overlays hidden at first are shown first.
_OPEN_EVERY_TOOLTIP_AND_POPUP = """() => {
  const map = Object.values(window).find((value) => value instanceof L.Map);
  const tooltips = [], popups = [];
  map.on("tooltipopen", (e) => tooltips.push(e.tooltip.getElement().innerText));
  map.on("popupopen", (e) => popups.push(e.popup.getElement().innerText));
  const leaves = [];
  map.eachLayer((layer) => {
    if (layer instanceof L.Path || layer instanceof L.Marker) leaves.push(layer);
  });
  for (const layer of leaves) {
    const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
    layer.fire("mouseover", {latlng: at, originalEvent: null}, true);
    layer.fire("mouseout", {latlng: at, originalEvent: null}, true);
    if (layer.getPopup && layer.getPopup()) {
      layer.openPopup();
      layer.closePopup();
    }
  }
  return {leaves: leaves.length, tooltips, popups};
}"""


def test_table_text_cannot_inject_script_in_any_layer(
    browser, scenario_copy, tmp_path: Path, artifacts_dir: Path
) -> None:
    import pandas as pd

    communes = pd.read_csv(NINH_BINH_DATA / "communes.csv", dtype=str, keep_default_na=False)
    district = communes.loc[0, "district_code"]
    communes.loc[0, "name_vi"] = _PAYLOAD
    communes.loc[communes["district_code"] == district, "district_name_vi"] = _PAYLOAD
    facilities = pd.read_csv(NINH_BINH_DATA / "facilities.csv", dtype=str, keep_default_na=False)
    facilities.loc[0, "name_vi"] = _PAYLOAD
    scenario = scenario_copy(
        "ninh_binh_2025_plan_choice",
        files={
            "communes": communes.to_csv(index=False),
            "facilities": facilities.to_csv(index=False),
        },
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page, messages = _load(browser, out / "ninh_binh_2025_plan_choice" / "map.html")
    for row in page.locator(".leaflet-control-layers-overlays label").all():
        if "OpenStreetMap" not in row.inner_text():  # the base map needs the network
            row.locator("input").check()  # show the layers hidden at first (demand, coverage…)
    opened = page.evaluate(_OPEN_EVERY_TOOLTIP_AND_POPUP)
    page.wait_for_timeout(300)  # let a broken image's onerror run, if one was injected
    page.screenshot(path=str(artifacts_dir / "injection_every_layer.png"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert messages == []
    assert opened["leaves"] > 125 + 5
    tooltips, popups = opened["tooltips"], opened["popups"]
    assert len(tooltips) >= 125 + 125 + 5  # communes, demand circles, centres (+ districts)
    assert len(popups) == 5
    with_payload = [text for text in tooltips if _PAYLOAD in text]
    # Commune polygon (name and district), district outline, demand circle, centre marker.
    assert len(with_payload) >= 4
    assert sum(text.count(_PAYLOAD) for text in tooltips) >= 5
    assert any(text.strip() == _PAYLOAD for text in tooltips)  # the district outline's tooltip
    assert sum(_PAYLOAD in text for text in popups) == 1
    page.context.close()


@pytest.fixture(scope="module")
def report_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from conftest import SCENARIOS

    out = tmp_path_factory.mktemp("report")
    runner = CliRunner()
    plan = str(SCENARIOS / "ninh_binh_2025_plan_choice.toml")
    optimised = str(SCENARIOS / "ninh_binh_2025.toml")
    result = runner.invoke(app, ["report", plan, "--out", str(out / "runs")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["compare", plan, optimised, "--out", str(out / "compare")])
    assert result.exit_code == 0, result.output
    return {
        "report": out / "runs" / "ninh_binh_2025_plan_choice" / "report.html",
        "comparison": out / "compare" / "comparison.html",
        "comparison_map": out / "compare" / "comparison_map.html",
    }


@pytest.mark.parametrize("name", ["report", "comparison"])
def test_reports_render_offline(browser, report_outputs, artifacts_dir: Path, name: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 2000}, offline=True)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: messages.append(str(e)))
    page.goto(report_outputs[name].as_uri())
    page.wait_for_load_state("load")
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=False)
    assert messages == []
    images = page.locator("img")
    assert images.count() >= 1
    widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths)
    assert page.locator("table").count() >= 2
    context.close()


def test_before_after_map_toggles(browser, report_outputs, artifacts_dir: Path) -> None:
    page, messages = _load(
        browser, report_outputs["comparison_map"], artifacts_dir / "comparison_map.png"
    )
    assert messages == []
    assert page.locator(".fp-centre").count() == 5
    assert page.locator(".leaflet-control-layers-base input").count() == 2
    page.locator(".leaflet-control-layers-base label").first.click()
    page.wait_for_timeout(300)
    assert page.locator(".fp-centre").count() == 5
    assert page.locator(".fp-centre.fp-new").count() == 2
    page.context.close()


def test_english_map(browser, bundled_runs, tmp_path: Path) -> None:
    from conftest import bundled_run

    from facility_plan.maps import map_scenario, write_map

    result = bundled_run("ninh_binh_2025_plan_choice")
    path = write_map(map_scenario(result, language="en"), tmp_path / "map_en.html")
    page, messages = _load(browser, path)
    assert messages == []
    assert page.locator("#fp-legend").inner_text().startswith("Travel time to centre")
    assert "Proposed new centre" in page.locator(".leaflet-control-layers").inner_text()
    page.context.close()
