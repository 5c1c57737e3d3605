"""Print figures: map pages at A4/A3 landscape, charts, atomic PNG/PDF writing, no pyplot state."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image as mpimg
import pandas as pd
import pytest
from conftest import bundled_run
from matplotlib.figure import Figure

from facility_plan import figures
from facility_plan.scenario import ScenarioResult


def run_bundled(name: str) -> ScenarioResult:
    """One run per bundled scenario per test session, shared by every test module."""
    result: ScenarioResult = bundled_run(name)
    return result


@pytest.fixture
def ninh_binh_result() -> ScenarioResult:
    return run_bundled("ninh_binh_2025")


@pytest.fixture
def pareto_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "budget_vnd": [7e9, 10.5e9, 17.5e9, 21e9],
            "served_persons": [None, 585.0, 600.0, 600.0],
            "unserved_persons": [None, 15.0, 0.0, 0.0],
            "status": ["infeasible", "optimal", "optimal", "feasible"],
            "new_sites": [None, "Kim Mỹ (M)", "Gia Lập (S); Kim Mỹ (M)", 2],
        }
    )


@pytest.mark.parametrize(("paper", "ratio"), [("A4", 297 / 210), ("A3", 420 / 297)])
def test_map_page_is_landscape_paper(ninh_binh_result, tmp_path, paper, ratio):
    fig = figures.plot_scenario_map(ninh_binh_result, paper=paper)
    assert isinstance(fig, Figure)
    width, height = fig.get_size_inches()
    assert width / height == pytest.approx(ratio, rel=1e-3)
    written = figures.write_figure(fig, tmp_path / f"map_{paper}")
    assert [p.name for p in written] == [f"map_{paper}.png", f"map_{paper}.pdf"]
    image = mpimg.imread(written[0])
    assert image.shape[1] / image.shape[0] == pytest.approx(ratio, rel=5e-3)
    assert image.shape[1] == pytest.approx(width * figures.PNG_DPI, abs=2)
    assert written[1].read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*")), "temporary files left behind"


def test_map_has_scale_bar_north_arrow_and_vietnamese_text(ninh_binh_result):
    fig = figures.plot_scenario_map(ninh_binh_result, paper="A4", language="vi")
    texts = {t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))}
    joined = "\n".join(texts)
    assert any(t.endswith(" km") for t in texts)
    assert "B" in texts  # north arrow (Bắc)
    assert "Ranh giới xã là gần đúng" in joined
    assert "Thời gian đi đến cơ sở (phút)" in joined
    assert {"E1", "E2", "E3", "N1", "N2"} <= texts
    english = figures.plot_scenario_map(ninh_binh_result, paper="A4", language="en")
    english_texts = {t.get_text() for t in english.findobj(lambda a: hasattr(a, "get_text"))}
    assert "N" in english_texts
    assert any("approximate" in t for t in english_texts)


def test_map_into_existing_axes(ninh_binh_result):
    fig = Figure(figsize=(6, 5))
    ax = fig.add_subplot()
    assert figures.plot_scenario_map(ninh_binh_result, ax=ax) is fig
    assert ax.get_legend() is not None


def test_map_rejects_unknown_paper(ninh_binh_result):
    with pytest.raises(ValueError, match="paper"):
        figures.plot_scenario_map(ninh_binh_result, paper="Letter")  # type: ignore[arg-type]


def test_targets_chart_rows(ninh_binh_result, tmp_path):
    rows = figures.compute_target_rows(ninh_binh_result.targets, language="en")
    places = rows[rows["measure"] == "Residential places"]
    assert places[["target", "plan"]].to_numpy().tolist() == [[600.0, 610.0]]
    assert (rows["year"] == 2020).any()
    fig = figures.plot_targets(ninh_binh_result.targets)
    path = figures.write_figure(fig, tmp_path / "targets", formats=("png",))[0]
    assert mpimg.imread(path).shape[0] > 100


def test_pareto_chart(pareto_frame, tmp_path):
    fig = figures.plot_pareto(pareto_frame)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "không khả thi" in texts
    assert any("Gia Lập (S)" in t for t in texts)
    path = figures.write_figure(fig, tmp_path / "pareto", formats=("png",))[0]
    assert path.read_bytes().startswith(b"\x89PNG")


def test_no_pyplot_figures_leak(ninh_binh_result, pareto_frame):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figures.render_report_figures(ninh_binh_result, pareto=pareto_frame)
    assert plt.get_fignums() == before


def test_write_figure_is_atomic_on_failure(tmp_path, monkeypatch):
    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")

    def broken(*_args, **_kwargs):
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(Path, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        figures.write_figure(fig, target, formats=("png",))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]
