"""A planner's own project: `init_project` writes a scenario file and input templates (CSV, XLSX) for a province.

Modules: `columns` (what each input column means), `workbooks` (CSV and XLSX templates),
`scenario_notes` and `scenario_file` (the commented scenario TOML), `tables_doc` (the README
section on input tables) and `folder` (`init_project`).
"""

from __future__ import annotations

from facility_plan.project.columns import (
    INPUT_TABLES,
    PRIORITY_CLASSES,
    PRIORITY_COMMUNES,
    ColumnDoc,
    InputTable,
    check_column_docs,
)
from facility_plan.project.folder import (
    BundledProvince,
    ProjectFolder,
    find_province,
    init_project,
    size_tiers,
)
from facility_plan.project.scenario_file import scenario_toml
from facility_plan.project.tables_doc import (
    README_END,
    README_START,
    input_tables_markdown,
    readme_section,
    replace_readme_section,
)
from facility_plan.project.workbooks import xlsx_template_bytes

__all__ = [
    "INPUT_TABLES",
    "PRIORITY_CLASSES",
    "PRIORITY_COMMUNES",
    "README_END",
    "README_START",
    "BundledProvince",
    "ColumnDoc",
    "InputTable",
    "ProjectFolder",
    "check_column_docs",
    "find_province",
    "init_project",
    "input_tables_markdown",
    "readme_section",
    "replace_readme_section",
    "scenario_toml",
    "size_tiers",
    "xlsx_template_bytes",
]
