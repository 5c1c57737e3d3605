"""What planners take into the meeting: a self-contained HTML report and an XLSX workbook per scenario.

`write_report` writes ``report.html`` (offline: inline CSS, figures embedded as base64 PNG, no
script, every piece of user text HTML-escaped), ``report.xlsx`` (sheets for officials: targets vs
plan, land fund, staffing and training, costs, access by district (served, and accessibility
scores: nearest minutes, shares within 30/60 minutes, 2SFCA/E2SFCA) and by commune, assumptions,
and the robustness sheet when a current ``facility-plan robust`` result is in the folder;
every text cell stored as text, never a formula) and the print figures into a scenario's folder.
`write_comparison_report` puts several scenarios side by side.

Modules: `cells` (the table type and cell texts), `tables` (the tables of one scenario),
`accessibility` (the accessibility table), `robustness` (the robustness sheet and section),
`workbook` (XLSX bytes), `html` (rendering the templates in ``templates/``), `scenario_report`
and `comparison` (the writers).

This package and `facility_plan.figures` are independent siblings (import-linter), so the figures
arrive already rendered, as bytes keyed by file name: call
``write_report(result, out_dir, figures=render_report_figures(result, pareto=...))`` from a layer
that may import both (`facility_plan.outputs`, `facility_plan.cli`).
"""

from facility_plan.report.comparison import write_comparison_report
from facility_plan.report.robustness import RobustnessRecord, read_robustness
from facility_plan.report.scenario_report import REQUIRED_FIGURES, write_report
from facility_plan.report.tables import REPORT_SHEETS, compute_report_tables

__all__ = [
    "REPORT_SHEETS",
    "REQUIRED_FIGURES",
    "RobustnessRecord",
    "compute_report_tables",
    "read_robustness",
    "write_comparison_report",
    "write_report",
]
