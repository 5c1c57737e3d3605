"""Assemble the DOCX proposal annex of one scenario: question, recommendation, maps, tables, assumptions."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm

from facility_plan.annex.content import (
    ANNEX_FIGURES,
    ANNEX_TABLES,
    AnnexTable,
    RobustnessVerdict,
    question_paragraphs,
    recommendation_lines,
)
from facility_plan.annex.layout import (
    DECREE_30,
    AdministrativeFormat,
    add_page_numbers,
    add_table,
    apply_styles,
    body,
    caption,
    centred,
    heading,
    new_section,
    set_page,
    subheading,
    text_width_mm,
)
from facility_plan.errors import OutputError
from facility_plan.io import write_bytes
from facility_plan.labels import Language, label
from facility_plan.scenario import ScenarioResult

#: The key tables of section IV by key, with the label key of their caption.
KEY_TABLE_TITLES = (
    ("centres", "annex_t_centres"),
    ("land", "annex_t_land"),
    ("staffing", "annex_t_staffing"),
    ("costs", "annex_t_costs"),
    ("targets", "annex_t_targets"),
)
#: Height the map may take on a portrait page (mm), leaving room for its caption.
_MAP_MAX_HEIGHT_MM = 150.0


def _check_inputs(figures: Mapping[str, bytes], tables: Mapping[str, AnnexTable]) -> None:
    missing = [name for name in ANNEX_FIGURES if name not in figures]
    missing += [f"table {key}" for key in ANNEX_TABLES if key not in tables]
    if missing:
        msg = f"the annex needs {missing}; render the figures and compute the report tables first"
        raise OutputError(msg)


def _title_block(document: DocumentObject, result: ScenarioResult, language: Language) -> None:
    """``PHỤ LỤC``, the title (14 pt bold, centred) and the line naming the parent document."""
    fmt = DECREE_30
    centred(document, label("annex_heading", language), bold=True, size_pt=fmt.title_pt)
    title = centred(document, result.config.title_vi.upper(), bold=True, size_pt=fmt.title_pt)
    title.paragraph_format.space_after = 0
    centred(document, label("annex_attached", language), italic=True)
    province = getattr(result.config, "province_name_vi", "") or ""
    subtitle = " · ".join(part for part in (province, str(result.config.year)) if part)
    rule = centred(document, f"{subtitle}\n{'_' * 18}")
    rule.paragraph_format.space_after = Mm(4)


def _figure(
    document: DocumentObject, png: bytes, width_mm: float, text: str, *, max_height_mm: float
) -> None:
    """A picture as wide as the text (or as high as allowed), its numbered caption below."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    paragraph.paragraph_format.keep_with_next = True
    picture = paragraph.add_run().add_picture(BytesIO(png), width=Mm(width_mm))
    if picture.height > Mm(max_height_mm):
        ratio = Mm(max_height_mm) / picture.height
        picture.height = Mm(max_height_mm)
        picture.width = Emu(int(picture.width * ratio))
    caption(document, text)


def annex_document(
    result: ScenarioResult,
    *,
    figures: Mapping[str, bytes],
    tables: Mapping[str, AnnexTable],
    robustness: RobustnessVerdict | None = None,
    language: Language | None = None,
    fmt: AdministrativeFormat = DECREE_30,
) -> DocumentObject:
    """The annex as a python-docx document (see `write_annex` for its parts)."""
    lang: Language = language or result.config.outputs.language
    _check_inputs(figures, tables)
    document = docx.Document()
    apply_styles(document, fmt)
    first = document.sections[0]
    set_page(first, fmt, landscape=False)
    add_page_numbers(first)
    _title_block(document, result, lang)
    width = text_width_mm(first, fmt)

    heading(document, 1, label("annex_h_question", lang))
    for text in question_paragraphs(result):
        body(document, fmt, text)
    heading(document, 2, label("annex_h_recommendation", lang))
    for text in recommendation_lines(result, lang):
        body(document, fmt, f"- {text}")

    heading(document, 3, label("annex_h_maps", lang))
    captions = iter(range(1, 10))
    for name, title_key in (
        ("map_A4.png", "annex_map_title"),
        ("targets.png", "annex_targets_title"),
    ):
        text = label("annex_figure_caption", lang).format(
            number=next(captions), title=label(title_key, lang)
        )
        _figure(document, figures[name], width, text, max_height_mm=_MAP_MAX_HEIGHT_MM)
    note = body(document, fmt, f"{label('approximate_note', lang)} {label('map_print_note', lang)}")
    note.runs[0].italic = True

    wide = new_section(document, fmt, landscape=True)
    wide_width = text_width_mm(wide, fmt)
    heading(document, 4, label("annex_h_tables", lang))
    number = 0
    for number, (key, title_key) in enumerate(KEY_TABLE_TITLES, start=1):
        subheading(document, number, label(title_key, lang))
        caption(
            document,
            label("annex_table_caption", lang).format(number=number, title=label(title_key, lang)),
        )
        add_table(document, tables[key], wide_width, fmt)

    heading(document, 5, label("annex_h_assumptions", lang))
    title = label("annex_t_assumptions", lang)
    caption(document, label("annex_table_caption", lang).format(number=number + 1, title=title))
    add_table(document, tables["assumptions"], wide_width, fmt)

    new_section(document, fmt, landscape=False)
    heading(document, 6, label("annex_h_robustness", lang))
    if robustness is None:
        body(document, fmt, label("annex_no_robustness", lang).format(scenario=result.config.name))
    else:
        intro = label("annex_robustness_intro", lang).format(samples=robustness.samples)
        body(document, fmt, intro)
        for line in robustness.lines:
            body(document, fmt, f"- {line}")
    return document


def annex_docx_bytes(
    result: ScenarioResult,
    *,
    figures: Mapping[str, bytes],
    tables: Mapping[str, AnnexTable],
    robustness: RobustnessVerdict | None = None,
    language: Language | None = None,
) -> bytes:
    """The annex as the bytes of a DOCX file (see `write_annex`)."""
    document = annex_document(
        result, figures=figures, tables=tables, robustness=robustness, language=language
    )
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_annex(
    result: ScenarioResult,
    path: str | Path,
    *,
    figures: Mapping[str, bytes],
    tables: Mapping[str, AnnexTable],
    robustness: RobustnessVerdict | None = None,
    language: Language | None = None,
) -> Path:
    """Write the proposal annex of a scenario as a DOCX file in the format of Decree 30/2020/NĐ-CP.

    The annex holds: ``PHỤ LỤC`` and the title; I. the question; II. the recommendation (new
    centres with places, land and investment; the network; money and staff; solver status);
    III. the print map and the targets chart (numbered figures); IV. the key tables on landscape
    pages (centres and sizes, land reservation, staffing, costs, targets vs plan; numbered
    captions); V. the assumptions with their sources; VI. the robustness verdict, or how to
    obtain it. A4, margins 20/20/30/15 mm, Times New Roman 13 pt (title 14 pt bold, centred),
    page numbers centred at the top from page 2. The file is written atomically.

    Parameters
    ----------
    result
        A scenario result.
    path
        The DOCX file to write.
    figures
        PNG bytes by file name, holding `ANNEX_FIGURES` (`facility_plan.figures.render_report_figures`).
    tables
        Formatted tables by key, holding `ANNEX_TABLES`.
    robustness
        The verdict of ``facility-plan robust`` for the scenario, or None when not analysed.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.

    Raises
    ------
    OutputError
        A figure or table is missing, or the file cannot be written.
    """
    data = annex_docx_bytes(
        result, figures=figures, tables=tables, robustness=robustness, language=language
    )
    return write_bytes(path, data)
