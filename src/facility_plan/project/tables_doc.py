"""Markdown tables describing every input table (column, meaning, unit, required, example), from the schema."""

from __future__ import annotations

from facility_plan.labels import Language
from facility_plan.project.columns import INPUT_TABLES, InputTable, check_column_docs
from facility_plan.project.workbooks import required_text

README_START = "<!-- input-tables:start -->"
README_END = "<!-- input-tables:end -->"
"""Markers around the generated section of README.md (``scripts/input_tables_doc.py`` writes it)."""

_HEADERS = {
    "vi": ("Cột", "Ý nghĩa", "Đơn vị", "Bắt buộc", "Ví dụ"),
    "en": ("Column", "Meaning", "Unit", "Required", "Example"),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: InputTable, language: Language = "en") -> str:
    """One markdown table: a row per column of `table`'s contract, allowed values in the meaning."""
    header = _HEADERS[language]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for column in table.contract.columns:
        doc = table.doc(column)
        meaning, unit = (
            (doc.meaning_vi, doc.unit_vi) if language == "vi" else (doc.meaning_en, doc.unit_en)
        )
        if column.allowed:
            word = "một trong" if language == "vi" else "one of"
            meaning += f" ({word} " + ", ".join(f"`{value}`" for value in column.allowed) + ")"
        example = f"`{doc.example}`" if doc.example else ""
        cells = (f"`{column.name}`", meaning, unit, required_text(column, language), example)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def input_tables_markdown(language: Language = "en", *, heading_level: int = 3) -> str:
    """A heading and a markdown table for every input table of a project folder (`INPUT_TABLES`).

    Raises
    ------
    ValueError
        A table's documented columns differ from its contract's (see `check_column_docs`).
    """
    check_column_docs()
    hashes = "#" * heading_level
    parts = []
    for table in INPUT_TABLES:
        title = table.title_vi if language == "vi" else table.title_en
        parts.append(f"{hashes} `{table.file_stem}` — {title}\n\n{table_markdown(table, language)}")
    return "\n\n".join(parts) + "\n"


def readme_section() -> str:
    """The README section "Your own data / Dữ liệu của bạn", markers included."""
    intro = (
        "## Your own data / Dữ liệu của bạn\n\n"
        '`facility-plan init DIR --province "Ninh Bình" --era 2019` writes a project folder: '
        "`scenario.toml` (every setting with a note in Vietnamese, `--language en` for English) "
        "and, in `du_lieu/`, each input table below as CSV and as XLSX (header row, a notes row "
        "starting with `#` that is skipped when read, a `ghi_chu` notes sheet, drop-down lists "
        "for columns with fixed values), filled with the bundled province's rows. Edit the tables "
        "in a spreadsheet program and run `facility-plan validate DIR/scenario.toml`, then "
        "`facility-plan run DIR/scenario.toml`.\n\n"
        "Tables are read from `.xlsx` (the sheet named like the table, else the first one; a "
        "number typed as text only when it reads one way) or CSV UTF-8 in either convention: "
        "`,` between columns with `.` decimals, or `;` between columns with `,` decimals and `.` "
        "thousands (what Excel set to Vietnamese writes). The convention found is stated in the "
        "log (`--verbose`) and in every error about the file. A scenario path written "
        "`bundled:<folder>/<file>` (e.g. `bundled:ninh_binh_2019/communes.csv`) names a bundled "
        "table from anywhere. Codes are text: keep leading zeros. Required `yes (column; cells "
        "may be blank)` means the column must be there but a cell may be empty. The "
        "`priority_communes` table is a documented template that no model reads yet; "
        "`registers` is the programme model's register table (`[programme.inputs]`).\n\n"
        "Generated from `facility_plan.schema` by `python scripts/input_tables_doc.py`; do not "
        "edit by hand."
    )
    return f"{README_START}\n{intro}\n\n{input_tables_markdown('en')}{README_END}"


def replace_readme_section(readme: str) -> str:
    """`readme` with the text between `README_START` and `README_END` replaced by `readme_section`.

    Raises
    ------
    ValueError
        If the markers are missing or out of order.
    """
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        msg = f"README has no {README_START} … {README_END} markers"
        raise ValueError(msg)
    return readme[:start] + readme_section() + readme[end + len(README_END) :]
