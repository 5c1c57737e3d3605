"""The web app without a browser: pages, the scenario form, uploads, what-ifs, safety, jobs (FastAPI TestClient)."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, dump_toml
from fastapi.testclient import TestClient

from facility_plan.app import create_app
from facility_plan.app.forms import parse_scenario_form, scenario_form
from facility_plan.app.jobs import JobRunner
from facility_plan.app.store import CANCELLED, RUNNING, ProjectStore
from facility_plan.app.whatif import solve_with_sites
from facility_plan.config import load_scenario, scenario_from_dict
from facility_plan.errors import ScenarioConfigError

PROJECT = "nb"
BASE = "ninh_binh_2025"
BUNDLED_INPUTS = {
    "communes": "bundled:ninh_binh_2019/communes.csv",
    "districts": "bundled:ninh_binh_2019/districts.csv",
    "facilities": "bundled:ninh_binh_2019/facilities.csv",
    "candidate_sites": "all_communes",
}


def _write_scenario(path: Path, name: str, changes: dict[str, Any] | None = None) -> Path:
    raw = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8"))
    raw["inputs"] = dict(BUNDLED_INPUTS)
    for table, values in (changes or {}).items():
        raw.setdefault(table, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_toml(raw), encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A projects folder with one project ``nb``: the bundled Ninh Bình 2025 scenario and a data copy."""
    project = tmp_path / "projects" / PROJECT
    _write_scenario(project / "scenario.toml", BASE)
    data = project / "du_lieu"
    data.mkdir()
    source = SCENARIOS.parent / "data" / "geo" / "ninh_binh_2019"
    for table in ("communes", "districts", "facilities"):
        (data / f"{table}.csv").write_bytes((source / f"{table}.csv").read_bytes())
    raw = tomllib.loads((project / "scenario.toml").read_text(encoding="utf-8"))
    raw["inputs"].update({t: f"du_lieu/{t}.csv" for t in ("communes", "districts", "facilities")})
    (project / "scenario.toml").write_text(dump_toml(raw), encoding="utf-8")
    return tmp_path / "projects"


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_app(workspace))


def _flat_form(values: dict[str, Any]) -> dict[str, str]:
    form: dict[str, str] = {}

    def walk(group: Any) -> None:
        for field in group.fields:
            if field.kind == "checkbox":
                if field.value == "true":
                    form[field.path] = "true"
            else:
                form[field.path] = field.value
        for sub in group.groups:
            walk(sub)

    for group in scenario_form(values):
        walk(group)
    return form


def _dump(config: Any) -> dict[str, Any]:
    return config.model_dump(exclude={"scenario_path"})


def test_form_has_every_section_and_round_trips(workspace: Path) -> None:
    store = ProjectStore(workspace / PROJECT)
    config = load_scenario(store.scenarios()[0].file)
    values = config.model_dump(mode="json", exclude={"scenario_path"})
    groups = scenario_form(values)
    names = {group.name for group in groups}
    assert {"general", "inputs", "demand", "travel", "model", "solver", "outputs"} <= names
    model = next(group for group in groups if group.name == "model")
    budget = next(field for field in model.fields if field.name == "budget_vnd")
    assert budget.unit == "VND"
    assert budget.help  # the Vietnamese note of the setting
    tiers = next(group for group in model.groups if group.name == "size_tiers")
    assert len(tiers.groups) == len(config.model.size_tiers) + 1  # one blank row to add a tier
    parsed = parse_scenario_form(_flat_form(values))
    again = scenario_from_dict(parsed, base_dir=store.folder)
    assert _dump(again) == _dump(config)


def test_pages_render_in_vietnamese_and_english(client: TestClient) -> None:
    for url, text in (
        ("/", "Mở dự án"),
        (f"/p/{PROJECT}", "Bảng đầu vào"),
        (f"/p/{PROJECT}/tables/communes", "Dòng"),
        (f"/p/{PROJECT}/s/{BASE}/edit", "budget_vnd"),
        (f"/p/{PROJECT}/s/{BASE}", "Giải kịch bản"),
        (f"/p/{PROJECT}/compare", "So sánh kịch bản"),
        (f"/p/{PROJECT}/s/{BASE}/sweeps", "Độ vững"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.text, url
    client.get("/lang/en?next=/")
    assert "Open a project" in client.get("/").text
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/anything.js").status_code == 404


def test_every_label_of_the_pages_exists_in_both_languages() -> None:
    from facility_plan.app.context import text

    templates = Path(__file__).resolve().parents[1] / "src" / "facility_plan" / "app" / "templates"
    keys = set()
    for template in templates.glob("*.html"):
        keys |= set(re.findall(r"\bt\('([a-z0-9_]+)'[,)]", template.read_text(encoding="utf-8")))
    assert len(keys) > 50
    for key in sorted(keys):
        for language in ("vi", "en"):
            assert text(key, language), key


def test_form_saves_a_scenario_the_cli_can_run(client: TestClient, workspace: Path) -> None:
    store = ProjectStore(workspace / PROJECT)
    config = load_scenario(store.scenarios()[0].file)
    form = _flat_form(config.model_dump(mode="json", exclude={"scenario_path"}))
    form["model.budget_vnd"] = "2.1e10"
    form["name"] = "nb_budget"
    response = client.post(f"/p/{PROJECT}/s/{BASE}/edit", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/p/{PROJECT}/s/nb_budget"
    saved = workspace / PROJECT / "kich_ban" / "nb_budget.toml"
    again = load_scenario(saved)  # as `facility-plan run kich_ban/nb_budget.toml` reads it
    assert again.model.budget_vnd == 2.1e10
    assert again.inputs.communes == (workspace / PROJECT / "du_lieu" / "communes.csv").resolve()
    entry = store.scenario("nb_budget")
    assert entry.parent == BASE


def test_form_shows_errors_next_to_the_setting_and_writes_nothing(
    client: TestClient, workspace: Path
) -> None:
    store = ProjectStore(workspace / PROJECT)
    before = (workspace / PROJECT / "scenario.toml").read_text(encoding="utf-8")
    form = _flat_form(
        load_scenario(store.scenarios()[0].file).model_dump(mode="json", exclude={"scenario_path"})
    )
    form["model.new_facilities"] = "0"
    form["title_vi"] = "<script>alert(1)</script>"
    response = client.post(f"/p/{PROJECT}/s/{BASE}/edit", data=form)
    assert response.status_code == 422
    field = re.search(
        r'<div class="field invalid">\s*<label for="f-model\.new_facilities"', response.text
    )
    assert field is not None
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert (workspace / PROJECT / "scenario.toml").read_text(encoding="utf-8") == before


def test_upload_with_a_bad_row_is_refused_with_the_cli_message_on_that_row(
    client: TestClient, workspace: Path
) -> None:
    table = workspace / PROJECT / "du_lieu" / "communes.csv"
    original = table.read_text(encoding="utf-8")
    lines = original.splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("population_persons")] = "-5"
    row[header.index("name_vi")] = "<img src=x onerror=alert(1)>"
    lines[3] = ",".join(row)
    response = client.post(
        f"/p/{PROJECT}/tables/communes",
        files={"file": ("communes.csv", "\n".join(lines) + "\n", "text/csv")},
    )
    assert response.status_code == 422
    assert re.search(r'<tr class="bad"><td>3</td>', response.text)
    assert "population_persons" in response.text
    assert "<img src=x" not in response.text
    assert table.read_text(encoding="utf-8") == original
    assert not (workspace / PROJECT / "du_lieu" / ".tai_len" / "communes.csv").exists()


def test_upload_of_a_valid_workbook_replaces_the_table(client: TestClient, workspace: Path) -> None:
    import pandas as pd

    source = workspace / PROJECT / "du_lieu" / "districts.csv"
    frame = pd.read_csv(source, dtype={"district_code": str})
    workbook = workspace / "districts.xlsx"
    frame.to_excel(workbook, index=False, sheet_name="districts")
    response = client.post(
        f"/p/{PROJECT}/tables/districts",
        files={"file": ("districts.xlsx", workbook.read_bytes(), "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    assert 'id="upload-result"' in response.text
    config = load_scenario(workspace / PROJECT / "scenario.toml")
    assert config.inputs.districts.name == "districts.xlsx"
    bad = client.post(
        f"/p/{PROJECT}/tables/districts", files={"file": ("x.exe", b"MZ", "application/x")}
    )
    assert bad.status_code == 400


def test_whatif_becomes_a_named_scenario_with_its_changes(
    client: TestClient, workspace: Path
) -> None:
    from facility_plan.app.results import whatif_scenario

    store = ProjectStore(workspace / PROJECT)
    form = {
        "new_name": "nb_whatif",
        "required_sites": "commune:14650, commune:14650",
        "excluded_sites": "commune:14686",
        "budget_vnd": "2e10",
        "tier.M.capacity_places": "35",
    }
    raw, change, required, excluded = whatif_scenario(store, BASE, form)
    assert required == ("commune:14650",)
    assert excluded == ("commune:14686",)
    assert "budget_vnd" in change
    assert "M.capacity_places 30 → 35" in change
    entry = store.save_scenario(raw, parent=BASE, change=change, required_sites=required)
    assert entry.required_sites == required
    config = load_scenario(entry.file)
    assert config.model.budget_vnd == 2e10
    assert {t.tier_id: t.capacity_places for t in config.model.size_tiers}["M"] == 35
    with pytest.raises(ScenarioConfigError, match="other than"):
        whatif_scenario(store, BASE, {**form, "new_name": BASE})


def test_forced_sites_are_checked_before_solving(workspace: Path) -> None:
    config = load_scenario(workspace / PROJECT / "scenario.toml")
    with pytest.raises(ScenarioConfigError, match="not candidate sites"):
        solve_with_sites(config, ("nowhere",))
    with pytest.raises(ScenarioConfigError, match="both required and excluded"):
        solve_with_sites(config, ("commune:14650",), ("commune:14650",))


@pytest.mark.slow
def test_forced_and_excluded_sites_shape_the_plan(workspace: Path) -> None:
    config = load_scenario(workspace / PROJECT / "scenario.toml")
    result = solve_with_sites(config, (), ("commune:14686",))
    chosen = {site.site_id for site in result.summary.new_sites}
    assert "commune:14686" not in chosen
    assert len(chosen) == config.model.new_facilities


def test_store_sees_scenarios_and_results_the_cli_made(workspace: Path) -> None:
    store = ProjectStore(workspace / PROJECT)
    _write_scenario(workspace / PROJECT / "kich_ban" / "by_hand.toml", "ninh_binh_2025_plan_choice")
    names = [entry.name for entry in store.scenarios()]
    assert names == [BASE, "ninh_binh_2025_plan_choice"]
    assert not store.scenarios()[1].has_result
    result = store.results_dir / "ninh_binh_2025_plan_choice"
    result.mkdir(parents=True)
    (result / "summary.json").write_text("{}", encoding="utf-8")
    assert store.scenarios()[1].has_result
    (workspace / PROJECT / "kich_ban" / "by_hand.toml").unlink()
    assert [entry.name for entry in store.scenarios()] == [BASE]


def test_results_compare_and_downloads(
    client: TestClient, workspace: Path, bundled_result: Any
) -> None:
    from facility_plan.outputs import write_scenario_outputs

    store = ProjectStore(workspace / PROJECT)
    _write_scenario(workspace / PROJECT / "kich_ban" / "choice.toml", "ninh_binh_2025_plan_choice")
    for name in (BASE, "ninh_binh_2025_plan_choice"):
        write_scenario_outputs(bundled_result(name), store.results_dir)
    page = client.get(f"/p/{PROJECT}/s/{BASE}")
    assert 'id="key-figures"' in page.text
    new_sites = re.search(r'<table class="data" id="new-sites">.*?</table>', page.text, re.S)
    assert new_sites is not None
    assert new_sites.group(0).count("<tr><td>commune:") == 2  # the two new centres
    download = client.get(f"/p/{PROJECT}/s/{BASE}/files/plan.xlsx?download=1")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    for bad in ("../scenario.toml", "..%2Fscenario.toml", ".hidden", "robust/../../x"):
        assert client.get(f"/p/{PROJECT}/s/{BASE}/files/{bad}").status_code in (400, 404)
    compare = client.get(f"/p/{PROJECT}/compare?names={BASE}&names=ninh_binh_2025_plan_choice")
    assert compare.status_code == 200
    table = re.search(r'<table class="data" id="compare-table">.*?</table>', compare.text, re.S)
    assert table is not None
    assert "ninh_binh_2025_plan_choice" in table.group(0)
    assert table.group(0).count("<th>Δ</th>") == 1
    assert 'id="make-compare-map"' in compare.text


def test_safe_by_default(workspace: Path) -> None:
    with pytest.raises(ScenarioConfigError, match="--token"):
        create_app(workspace, host="0.0.0.0")
    client = TestClient(create_app(workspace, host="0.0.0.0", token="s3cret"))
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.post("/login", data={"password": "wrong"}).status_code == 401
    assert (
        client.post("/login", data={"password": "s3cret"}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/").status_code == 200
    local = TestClient(create_app(workspace))
    assert local.get("/", headers={"host": "evil.example"}).status_code == 400
    refused = local.post(
        "/projects",
        data={"slug": "ninh_binh", "era": "2019"},
        headers={"origin": "http://evil.example"},
    )
    assert refused.status_code == 403
    cross = local.post(f"/p/{PROJECT}/s/{BASE}/run", headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403


def test_cli_command_is_registered_and_refuses_an_open_host_without_token(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from facility_plan.cli.app_server import register

    cli = typer.Typer()
    register(cli)

    @cli.command("other")
    def other() -> None:
        """Second command, so `app` stays a sub-command."""

    assert "--host" in CliRunner().invoke(cli, ["app", "--help"]).output
    result = CliRunner().invoke(cli, ["app", str(tmp_path), "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--token" in result.output


def sleepy_job(project_dir: str, run_id: int, seconds: float) -> None:
    """A job that reports a step and then waits (to be cancelled)."""
    ProjectStore(Path(project_dir)).update_run(run_id, step="waiting")
    time.sleep(seconds)


@pytest.mark.slow
def test_a_running_job_can_be_cancelled_and_the_worker_comes_back(workspace: Path) -> None:
    store = ProjectStore(workspace / PROJECT)
    runner = JobRunner()
    try:
        run_id = runner.start(store, "test", "sleep", sleepy_job, 120.0)
        deadline = time.monotonic() + 90
        while store.run(run_id).step != "waiting":
            assert time.monotonic() < deadline, "the worker did not start the job"
            time.sleep(0.2)
        assert store.run(run_id).status == RUNNING
        assert runner.busy()
        with pytest.raises(Exception, match="another job"):
            runner.start(store, "test", "sleep", sleepy_job, 1.0)
        runner.cancel(store, run_id)
        assert store.run(run_id).status == CANCELLED
        assert not runner.busy()
    finally:
        runner.shutdown()
