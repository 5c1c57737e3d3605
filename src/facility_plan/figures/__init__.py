"""Static matplotlib figures for print: the scenario map (A4/A3 landscape), targets vs plan, budget curve.

Every ``plot_*`` function takes ``ax=None`` and returns the `Figure` it drew on, built without
`pyplot`; none of them shows or saves. `write_figure` writes files atomically and
`render_report_figures` / `render_comparison_figures` render the figures a report embeds to bytes.
"""

from facility_plan.figures.charts import compute_target_rows, plot_pareto, plot_targets
from facility_plan.figures.map_layers import print_map_polygons
from facility_plan.figures.render import (
    PNG_DPI,
    figure_bytes,
    render_comparison_figures,
    render_report_figures,
    write_figure,
)
from facility_plan.figures.scenario_map import PAPER_SIZES_INCHES, Paper, plot_scenario_map

__all__ = [
    "PAPER_SIZES_INCHES",
    "PNG_DPI",
    "Paper",
    "compute_target_rows",
    "figure_bytes",
    "plot_pareto",
    "plot_scenario_map",
    "plot_targets",
    "print_map_polygons",
    "render_comparison_figures",
    "render_report_figures",
    "write_figure",
]
