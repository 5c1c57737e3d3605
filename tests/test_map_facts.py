"""Both maps draw the run's polygons and state the run's facts: travel method and pairs, boundaries, positions."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import folium
import pandas as pd
import pytest
import shapely
from conftest import SCENARIOS
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from test_network_scenario import _road_grid

from facility_plan.config import load_scenario
from facility_plan.figures import plot_scenario_map, print_map_polygons
from facility_plan.io import compute_approximate_cells, read_communes
from facility_plan.labels import format_number
from facility_plan.labels.notes import imprecise_centres, map_notes, travel_note
from facility_plan.maps import escape_text, interactive_map_polygons, map_comparison, map_scenario
from facility_plan.scenario import ScenarioResult, run_scenario

PLAN = SCENARIOS / "ninh_binh_2025_plan_choice.toml"
BOUNDARY_FILE = "xa_ninh_binh_do_dac.gpkg"
COMMUNES = 125
SITES = 3 + 125  # existing centres + one candidate per commune


@pytest.fixture(scope="session")
def straight_line_run() -> ScenarioResult:
    """The plan-choice scenario as bundled: straight-line travel, approximate cells."""
    return run_scenario(load_scenario(PLAN))


@pytest.fixture(scope="session")
def surveyed_run(tmp_path_factory: pytest.TempPathFactory) -> ScenarioResult:
    """The plan-choice scenario on a road grid with supplied commune boundaries.

    The boundaries are the approximate cells shrunk by 150 m, so they differ from what the
    Voronoi cells of the communes would be.
    """
    folder = tmp_path_factory.mktemp("surveyed")
    communes = read_communes(load_scenario(PLAN).inputs.communes)
    cells = compute_approximate_cells(communes, crs="EPSG:32648").to_crs("EPSG:32648")
    cells = cells.assign(ma_xa=cells.index.astype(str))[["ma_xa", "geometry"]]
    cells["geometry"] = cells.geometry.buffer(-150.0)
    cells.reset_index(drop=True).to_file(folder / BOUNDARY_FILE, driver="GPKG")
    config = load_scenario(
        PLAN,
        overrides={
            "travel.method": "network",
            "travel.roads": str(_road_grid(folder / "roads.gpkg")),
            "travel.road_class_column": "loai",
            "inputs.boundaries": str(folder / BOUNDARY_FILE),
            "inputs.boundary_code_column": "ma_xa",
        },
    )
    return run_scenario(config)


def _commune_layer_shapes(folium_map: folium.Map) -> dict[str, shapely.Geometry]:
    """Polygons of the commune layer as the HTML map holds them, by admin code."""
    shapes = {}
    for child in folium_map._children.values():
        if isinstance(child, folium.FeatureGroup) and "Xã/phường" in child.layer_name:
            for layer in child._children.values():
                if isinstance(layer, folium.GeoJson):
                    for feature in layer.data["features"]:
                        shapes[feature["id"]] = shapely.geometry.shape(feature["geometry"])
    return shapes


def _drawn_commune_paths(result: ScenarioResult) -> list[object]:
    figure = Figure(figsize=(6, 5))
    ax = figure.add_subplot()
    plot_scenario_map(result, ax=ax)
    collections = [c for c in ax.collections if isinstance(c, PatchCollection)]
    assert len(collections) == 1
    return list(collections[0].get_paths())


def _html_notes(folium_map: folium.Map) -> list[str]:
    page = folium_map.get_root().render()
    legend = page[page.index("id='fp-legend'") :]
    legend = legend[: legend.index("id='fp-title'")]
    return [html.unescape(note) for note in re.findall(r"<p>(.*?)</p>", legend)]


def _print_texts(result: ScenarioResult, language: str = "vi") -> str:
    figure = plot_scenario_map(result, paper="A4", language=language)  # type: ignore[arg-type]
    return "\n".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))


def test_both_maps_draw_the_supplied_polygons(surveyed_run: ScenarioResult) -> None:
    used = interactive_map_polygons(surveyed_run)
    assert len(used) == COMMUNES
    assert (used["boundary_quality"] == "supplied").all()
    voronoi = compute_approximate_cells(surveyed_run.communes, crs="EPSG:32648")
    assert not shapely.equals_exact(
        used.geometry.to_numpy(), voronoi.geometry.reindex(used.index).to_numpy(), tolerance=1e-6
    ).any(), "the supplied polygons must differ from the Voronoi cells for this test to bite"

    html_shapes = _commune_layer_shapes(map_scenario(surveyed_run))
    assert sorted(html_shapes) == sorted(used.index)
    for code, geometry in used.geometry.items():
        assert shapely.equals_exact(html_shapes[code], geometry, tolerance=1e-9), code

    printed = print_map_polygons(surveyed_run)
    back = printed.to_crs("EPSG:4326").geometry
    assert shapely.equals_exact(back.to_numpy(), used.geometry.to_numpy(), tolerance=1e-7).all()
    paths = _drawn_commune_paths(surveyed_run)
    assert len(paths) == COMMUNES
    for path, geometry in zip(paths, printed.geometry, strict=True):
        exterior = shapely.get_coordinates(shapely.get_parts(geometry)[0].exterior)
        assert path.vertices[: len(exterior)] == pytest.approx(exterior, abs=1e-6)


def test_straight_line_maps_draw_the_run_cells(straight_line_run: ScenarioResult) -> None:
    used = interactive_map_polygons(straight_line_run)
    assert (used["boundary_quality"] == "approximate").all()
    html_shapes = _commune_layer_shapes(map_scenario(straight_line_run))
    printed = print_map_polygons(straight_line_run).to_crs("EPSG:4326")
    for code, geometry in printed.geometry.items():
        assert shapely.equals_exact(html_shapes[code], geometry, tolerance=1e-7), code


def test_network_run_notes_state_the_network_and_its_pairs(surveyed_run: ScenarioResult) -> None:
    pairs = surveyed_run.summary.travel_model.pairs_by_method
    assert sum(pairs.values()) == COMMUNES * SITES
    assert pairs["network"] > 0
    expected = [f"{format_number(pairs['network'])} cặp theo mạng lưới đường bộ"] + [
        f"{format_number(count)} cặp theo đường chim bay × 1,3 ở 35 km/h"
        for method, count in pairs.items()
        if method.startswith("straight_line") and count > 0
    ]
    total = f"Thời gian đi của {format_number(COMMUNES * SITES)} cặp xã – địa điểm:"
    html_notes = "\n".join(_html_notes(map_scenario(surveyed_run)))
    print_notes = _print_texts(surveyed_run)
    for notes in (html_notes, print_notes):
        assert total in notes
        for part in expected:
            assert part in notes
        assert f"Ranh giới xã theo tệp được cung cấp: {BOUNDARY_FILE}." in notes
        assert "Voronoi" not in notes
        assert "(giả định)" not in notes  # no pair used the plain straight-line method
    english = "\n".join(_html_notes(map_scenario(surveyed_run, language="en")))
    assert f"{format_number(pairs['network'], language='en')} pairs on the road network" in english
    district_layer = [
        child.layer_name
        for child in map_scenario(surveyed_run)._children.values()
        if isinstance(child, folium.FeatureGroup) and "huyện" in child.layer_name
    ]
    assert district_layer == ["Ranh giới huyện"]  # supplied: not called approximate


def test_straight_line_run_notes_say_straight_line(straight_line_run: ScenarioResult) -> None:
    pairs = straight_line_run.summary.travel_model.pairs_by_method
    assert dict(pairs) == {"straight_line": COMMUNES * SITES}
    sentence = (
        f"Thời gian đi của cả {format_number(COMMUNES * SITES)} cặp xã – địa điểm "
        "theo đường chim bay × 1,3 ở 35 km/h (giả định)."
    )
    positions = "Vị trí chưa xác minh địa chỉ: E1, E2, E3 đặt tại trung tâm huyện (gần đúng)."
    html_notes = _html_notes(map_scenario(straight_line_run))
    print_notes = _print_texts(straight_line_run)
    assert sentence in html_notes
    assert positions in html_notes
    assert html_notes[0].startswith("Ranh giới xã là gần đúng")
    assert sentence in print_notes
    assert positions in print_notes
    assert "Ranh giới xã là gần đúng" in print_notes
    assert "mạng lưới" not in print_notes + "\n".join(html_notes)
    page = map_scenario(straight_line_run).get_root().render()
    assert page.count("trung tâm huyện (gần đúng)</td>") == 3  # popup of each existing centre


def test_comparison_map_states_both_runs(
    straight_line_run: ScenarioResult, surveyed_run: ScenarioResult
) -> None:
    notes = _html_notes(map_comparison(straight_line_run, surveyed_run))
    assert any(n.startswith("Trước: Ranh giới xã là gần đúng") for n in notes)
    assert f"Sau: Ranh giới xã theo tệp được cung cấp: {BOUNDARY_FILE}." in notes
    same = _html_notes(map_comparison(straight_line_run, straight_line_run))
    assert same == _html_notes(map_scenario(straight_line_run))


def test_travel_note_orders_methods_and_counts_pairs() -> None:
    note = travel_note(
        pairs_by_method={"straight_line_far_from_road": 40, "network": 1200, "beyond_cutoff": 0},
        detour_factor=1.4,
        speed_kmh=30.0,
        language="en",
    )
    assert note == (
        "Travel time of 1,240 commune–site pairs: 1,200 pairs on the road network; "
        "40 pairs by straight line × 1.4 at 30 km/h (far from any road)."
    )
    assert travel_note(pairs_by_method={}, detour_factor=1.3, speed_kmh=35) == (
        "Thời gian đi: không có số liệu về phương pháp tính."
    )
    assert "“ferry”" in travel_note(
        pairs_by_method={"ferry": 3, "network": 5}, detour_factor=1.3, speed_kmh=35
    )


def test_map_notes_leave_out_exact_positions() -> None:
    notes = map_notes(
        pairs_by_method={"straight_line": 10},
        detour_factor=1.3,
        speed_kmh=35,
        boundary_source=None,
        imprecise_facilities=[("E1", "address"), ("E2", "commune"), ("E3", "district_seat")],
        language="vi",
    )
    assert notes[2] == (
        "Vị trí chưa xác minh địa chỉ: E2 đặt tại trung tâm xã (gần đúng); "
        "E3 đặt tại trung tâm huyện (gần đúng)."
    )
    exact = map_notes(
        pairs_by_method={"straight_line": 10},
        detour_factor=1.3,
        speed_kmh=35,
        boundary_source=None,
        imprecise_facilities=[("E1", "address")],
        language="vi",
    )
    assert len(exact) == 3
    assert not any("Vị trí" in note for note in exact)
    sites = pd.DataFrame(
        {
            "status": ["existing", "existing", "new"],
            "location_precision": ["address", "district_seat", "commune"],
        },
        index=["NB-E01", "NB-E02", "N-1"],
    )
    assert imprecise_centres(sites) == [("E2", "district_seat")]


PAYLOAD = (
    "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"
    "${window.__pwned = 3}`);window.__pwned = 4;(`{{ 7 * 7 }}{% if true %}run{% endif %}"
)


def _with_payload(result: ScenarioResult) -> ScenarioResult:
    """The run with the payload as first commune's name and district, first centre's and title."""
    communes = result.communes.copy()
    code = communes.index[0]
    district = communes.loc[code, "district_code"]
    communes.loc[code, "name_vi"] = PAYLOAD
    communes.loc[communes["district_code"] == district, "district_name_vi"] = PAYLOAD
    cells = result.inputs.cells.copy()
    cells.loc[cells["district_code"] == district, "district_name_vi"] = PAYLOAD
    sites = result.sites.copy()
    sites.iloc[0, sites.columns.get_loc("name_vi")] = PAYLOAD
    sites.iloc[0, sites.columns.get_loc("commune_name_vi")] = PAYLOAD
    return dataclasses.replace(
        result,
        communes=communes,
        sites=sites,
        inputs=dataclasses.replace(result.inputs, cells=cells),
        config=result.config.model_copy(update={"title_vi": PAYLOAD}),
    )


@pytest.mark.parametrize("kind", ["scenario", "comparison"])
def test_no_table_text_reaches_the_page_unescaped(
    straight_line_run: ScenarioResult, tmp_path: Path, kind: str
) -> None:
    evil = _with_payload(straight_line_run)
    folium_map = (
        map_scenario(evil) if kind == "scenario" else map_comparison(straight_line_run, evil)
    )
    page = folium_map.get_root().render()
    for raw in ("<script>window.__pwned", "<img src=x", "${window", "`);window", "{{", "{%"):
        assert raw not in page
    # branca renders every element's output again as a Jinja template: braces must stay text.
    assert html.unescape(re.findall(r"fp-title'>(.*?)</div>", page)[0]).endswith(PAYLOAD)
    # Marker tooltip, popup title and commune row, legend title: escaped once, not twice.
    assert page.count(escape_text(PAYLOAD)) >= 4
    assert "&amp;lt;" not in page
