"""The proposal annex as a Word document in the Vietnamese administrative format (Decree 30/2020/NĐ-CP).

`write_annex` writes ``annex.docx``: the question, the recommendation, the print map, the key
tables (centres and sizes, land reservation, staffing, costs, targets vs plan), the
assumptions with their sources and the robustness verdict. Modules: `content` (what the annex
says and the types it is handed), `layout` (page, fonts, page numbers, headings, tables of the
decree) and `document` (assembling and writing the file).

This package is a sibling of `facility_plan.report` and `facility_plan.figures` (import-linter),
so the figures and the formatted tables arrive as data: `facility_plan.outputs.write_annex_file`
renders and computes them, then calls `write_annex`.
"""

from facility_plan.annex.content import (
    ANNEX_FIGURES,
    ANNEX_TABLES,
    AnnexTable,
    RobustnessVerdict,
)
from facility_plan.annex.document import annex_document, annex_docx_bytes, write_annex
from facility_plan.annex.layout import DECREE_30, AdministrativeFormat

__all__ = [
    "ANNEX_FIGURES",
    "ANNEX_TABLES",
    "DECREE_30",
    "AdministrativeFormat",
    "AnnexTable",
    "RobustnessVerdict",
    "annex_document",
    "annex_docx_bytes",
    "write_annex",
]
