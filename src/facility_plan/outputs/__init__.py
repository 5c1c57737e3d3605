"""The files of a run: the output folder (map, GeoPackage, CSV, workbook, summary, report) and the DOCX annex.

Modules: `folder` (the output folder, all or nothing), `rounding` (figures rounded to what they
mean), `plan_workbook` (``plan.xlsx``), `geopackage` and `qgis_styles` (``plan.gpkg`` with its
QGIS styles) and `annex_file` (``annex.docx``: report tables and print maps handed to
`facility_plan.annex`), `robust_files` (the ``robust`` command's folder: the sweep's files, the
site-frequency map and ``robust.xlsx``).
"""

from facility_plan.outputs.annex_file import ANNEX_FILE, read_robust_verdict, write_annex_file
from facility_plan.outputs.folder import (
    KEPT_SUBFOLDERS,
    OUTPUT_FILES,
    report_to_folder,
    run_to_folder,
    write_comparison,
    write_scenario_outputs,
)
from facility_plan.outputs.robust_files import ROBUST_OUTPUT_FILES, write_robust_outputs

__all__ = [
    "ANNEX_FILE",
    "KEPT_SUBFOLDERS",
    "OUTPUT_FILES",
    "ROBUST_OUTPUT_FILES",
    "read_robust_verdict",
    "report_to_folder",
    "run_to_folder",
    "write_annex_file",
    "write_comparison",
    "write_robust_outputs",
    "write_scenario_outputs",
]
