"""What-if solves: a scenario with candidate sites forced into or out of the plan, and its clickable map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import folium
from branca.element import Element, Figure

from facility_plan.config import CapacitatedConfig, ScenarioConfig
from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError
from facility_plan.labels import Language, label
from facility_plan.maps import escape_text, map_scenario
from facility_plan.models import SolveStatus
from facility_plan.scenario import (
    ProgressCallback,
    ScenarioResult,
    build_problem,
    check_feasibility,
    model_spec,
    prepare_scenario,
    run_scenario,
    tabulate,
)
from facility_plan.scenario.result import no_progress

SITE_GROUP_PREFIX = "site:"
"""Required-site groups added for forced candidates are named ``site:<site_id>``."""
CONFIG_HAS_SITE_LISTS = "required_sites" in CapacitatedConfig.model_fields
"""True once the scenario layer reads ``model.required_sites``/``excluded_sites`` itself."""
CANDIDATE_CLASS = "fp-candidate"
"""CSS class of the candidate circles on the what-if map (SVG paths)."""

_LAYERS_ICON_STYLE = (
    '<style>.leaflet-control-layers-toggle{background-image:url("data:image/svg+xml,'
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 26 26'%3E"
    "%3Cpath d='M13 4 2 10l11 6 11-6z' fill='%23555'/%3E"
    "%3Cpath d='M4.5 14.5 2 16l11 6 11-6-2.5-1.5L13 19z' fill='%23888'/%3E%3C/svg%3E\");"
    "background-size:26px 26px}</style>"
)
"""The folded layer control's icon as inline SVG: Leaflet's own is an image file, not vendored."""
_CLICK_SCRIPT = """<script>
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-fp-site]") : null;
  if (!button || window.parent === window) { return; }
  window.parent.postMessage(
    {fpSite: button.getAttribute("data-fp-site"), fpAction: button.getAttribute("data-fp-action")},
    window.location.origin
  );
});
</script>"""


def solve_with_sites(
    config: ScenarioConfig,
    required_sites: Sequence[str] = (),
    excluded_sites: Sequence[str] = (),
    *,
    on_step: ProgressCallback = no_progress,
) -> ScenarioResult:
    """Run `config` with `required_sites` forced into the plan and `excluded_sites` left out.

    Excluded candidates are removed before the problem is assembled; each required candidate
    becomes a required group of one site (``site:<id>``), the same constraint the model uses for
    required districts. Without forced sites this is `run_scenario`.

    Raises
    ------
    ScenarioConfigError
        A forced site is not a candidate of the scenario, or is both required and excluded.
    InfeasibleScenarioError
        The forced sites make the targets unreachable, or the solver found no solution.
    """
    if (not required_sites and not excluded_sites) or CONFIG_HAS_SITE_LISTS:
        return run_scenario(config, on_step=on_step)
    both = sorted(set(required_sites) & set(excluded_sites))
    if both:
        msg = f"{config.name}: sites both required and excluded: {both}"
        raise ScenarioConfigError(msg)
    prepared = prepare_scenario(config, on_step=on_step)
    candidates = prepared.inputs.candidate_sites
    unknown = sorted((set(required_sites) | set(excluded_sites)) - set(candidates.index))
    if unknown:
        msg = f"{config.name}: not candidate sites of this scenario: {unknown}"
        raise ScenarioConfigError(msg)
    if excluded_sites:
        inputs = replace(
            prepared.inputs, candidate_sites=candidates.drop(index=list(excluded_sites))
        )
        problem, groups, travel = build_problem(config, inputs, prepared.demand)
        prepared = replace(
            prepared, inputs=inputs, problem=problem, required_site_groups=groups, travel=travel
        )
    groups = dict(prepared.required_site_groups)
    groups.update({f"{SITE_GROUP_PREFIX}{site}": [str(site)] for site in required_sites})
    prepared = replace(prepared, required_site_groups=groups, spec=model_spec(config, groups))
    check_feasibility(prepared)
    on_step(f"solving the location model ({config.solver.name})")
    solution = prepared.spec.solve(prepared.problem, prepared.solver)
    if solution.status is SolveStatus.INFEASIBLE or not solution.has_solution:
        msg = (
            f"{config.name}: no plan meets the targets with sites {list(required_sites)} forced "
            f"in and {list(excluded_sites)} left out (solver: {solution.message})"
        )
        raise InfeasibleScenarioError(msg)
    on_step("tabulating results")
    return tabulate(prepared, solution)


def whatif_map(result: ScenarioResult, language: Language) -> folium.Map:
    """The scenario map plus every candidate site as a small circle whose popup can force it in or out.

    A click on a popup button posts ``{fpSite, fpAction}`` to the page that frames the map
    (same origin only); the app's what-if form takes it from there.
    """
    folium_map = map_scenario(result, language=language)
    open_sites = set(result.sites.index.astype(str))
    layer = folium.FeatureGroup(name=escape_text(label("app_candidates_layer", language)))
    candidates = result.inputs.candidate_sites
    names = candidates["name_vi"] if "name_vi" in candidates.columns else candidates.index
    for site_id, name, point in zip(
        candidates.index.astype(str), names, candidates.geometry, strict=True
    ):
        chosen = site_id in open_sites
        site_html = escape_text(site_id)
        buttons = "".join(
            f"<button type='button' class='fp-force' data-fp-site='{site_html}' "
            f"data-fp-action='{action}'>{escape_text(label(key, language))}</button> "
            for action, key in (("in", "app_force_in"), ("out", "app_force_out"))
        )
        popup = f"<b>{escape_text(name)}</b><br><small>{site_html}</small><br>{buttons}"
        folium.CircleMarker(
            [point.y, point.x],
            radius=5,
            color="#555555",
            weight=1,
            fill=True,
            fill_color="#ffffff" if not chosen else "#d62728",
            fill_opacity=0.8,
            class_name=CANDIDATE_CLASS,
            popup=folium.Popup(folium.Html(popup, script=True), max_width=260),
            tooltip=escape_text(name),
        ).add_to(layer)
    layer.add_to(folium_map)
    # The layer control lists every overlay when it is drawn: draw it after the new layer, and
    # fold it, as the map sits in a frame of the page where popups need the room.
    for key, child in list(folium_map._children.items()):
        if isinstance(child, folium.LayerControl):
            child.options["collapsed"] = True
            folium_map._children.move_to_end(key)
    root = folium_map.get_root()
    assert isinstance(root, Figure)  # a folium.Map's root is always the page
    root.header.add_child(Element(_LAYERS_ICON_STYLE), name="fp_layers_icon")
    root.html.add_child(Element(_CLICK_SCRIPT), name="fp_click_script")
    return folium_map
