"""The administrative format of Decree 30/2020/NĐ-CP in python-docx: page, fonts, page numbers, headings, tables."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from facility_plan.annex.content import AnnexTable


@dataclass(frozen=True)
class AdministrativeFormat:
    """Page and type of a Decree 30 document (Appendix I): A4, Times New Roman, black.

    Attributes
    ----------
    font
        Typeface (Unicode, TCVN 6909:2001).
    body_pt, title_pt, table_pt
        Body text 13–14 pt, document title 14 pt bold; table text (pt).
    top_mm, bottom_mm, left_mm, right_mm
        Margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    first_line_indent_mm
        Indent of the first line of body paragraphs (mm).
    """

    font: str = "Times New Roman"
    body_pt: float = 13.0
    title_pt: float = 14.0
    table_pt: float = 11.0
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    left_mm: float = 30.0
    right_mm: float = 15.0
    first_line_indent_mm: float = 10.0


DECREE_30 = AdministrativeFormat()
A4_MM = (210.0, 297.0)
_BLACK = RGBColor(0, 0, 0)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def set_style_font(
    style: BaseStyle, fmt: AdministrativeFormat, size_pt: float, *, bold: bool
) -> None:
    """Give `style` the decree's typeface in every script (theme fonts removed), black, `size_pt`."""
    font = style.font  # type: ignore[attr-defined]
    font.name = fmt.font
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = False
    font.color.rgb = _BLACK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), fmt.font)


def apply_styles(document: DocumentObject, fmt: AdministrativeFormat = DECREE_30) -> None:
    """Body, heading and caption styles in the decree's typeface and sizes."""
    normal = document.styles["Normal"]
    set_style_font(normal, fmt, fmt.body_pt, bold=False)
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.15
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in ("Heading 1", "Heading 2", "Caption", "Title"):
        style = document.styles[name]
        set_style_font(style, fmt, fmt.title_pt if name == "Title" else fmt.body_pt, bold=True)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True


def set_page(section: Section, fmt: AdministrativeFormat, *, landscape: bool) -> None:
    """A4 portrait (or landscape, allowed for pages of tables) with the decree's margins."""
    width, height = A4_MM if not landscape else A4_MM[::-1]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(width)
    section.page_height = Mm(height)
    section.top_margin = Mm(fmt.top_mm)
    section.bottom_margin = Mm(fmt.bottom_mm)
    section.left_margin = Mm(fmt.left_mm)
    section.right_margin = Mm(fmt.right_mm)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def text_width_mm(section: Section, fmt: AdministrativeFormat) -> float:
    """Width between the margins of `section` (mm)."""
    page_width = A4_MM[1] if section.orientation == WD_ORIENT.LANDSCAPE else A4_MM[0]
    return page_width - fmt.left_mm - fmt.right_mm


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (``PAGE`` …) at the end of `paragraph`, with ``1`` as its cached text."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1")):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def add_page_numbers(section: Section) -> None:
    """Arabic page numbers centred at the top edge, none on the first page (Decree 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    _field(paragraph, "PAGE")


def new_section(document: DocumentObject, fmt: AdministrativeFormat, *, landscape: bool) -> Section:
    """Start a new page with a section in the given orientation (page numbers continue)."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # only the document's first page is bare
    set_page(section, fmt, landscape=landscape)
    return section


def centred(document: DocumentObject, text: str, *, bold: bool = False, italic: bool = False,
            size_pt: float | None = None) -> Paragraph:  # fmt: skip
    """A centred paragraph without first-line indent."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    return paragraph


def heading(document: DocumentObject, number: int, text: str) -> Paragraph:
    """A level-1 heading numbered in Roman numerals: ``I. CÂU HỎI ĐẶT RA``."""
    paragraph = document.add_paragraph(f"{_ROMAN[number - 1]}. {text}", style="Heading 1")
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


def subheading(document: DocumentObject, number: int, text: str) -> Paragraph:
    """A level-2 heading numbered in Arabic numerals: ``1. Các cơ sở và quy mô``."""
    paragraph = document.add_paragraph(f"{number}. {text}", style="Heading 2")
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


def body(document: DocumentObject, fmt: AdministrativeFormat, text: str) -> Paragraph:
    """A body paragraph, justified, first line indented."""
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Mm(fmt.first_line_indent_mm)
    return paragraph


def caption(document: DocumentObject, text: str) -> Paragraph:
    """A numbered caption (``Bảng 1. …``, ``Hình 1. …``), centred, bold."""
    paragraph = document.add_paragraph(text, style="Caption")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


def _column_weights(table: AnnexTable) -> list[float]:
    """Relative column widths (characters): the longest word of the title or the longest cell
    (text cells capped at 24 characters, they wrap), plus room for the cell padding."""
    weights = []
    for index, title in enumerate(table.columns):
        longest_word = max((len(word) for word in title.split()), default=1)
        longest_cell = max((len(row[index]) for row in table.rows), default=1)
        weights.append(max(longest_word, min(longest_cell, 24), 4) + 4.0)
    return weights


def _repeat_as_header(row_element: object) -> None:
    """Mark a table row as the header row that Word repeats on every page."""
    properties = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(
    document: DocumentObject, table: AnnexTable, width_mm: float, fmt: AdministrativeFormat
) -> Table:
    """`table` as a bordered Word table across `width_mm`, header row repeated and bold,
    figures right-aligned, the total row bold, text in `fmt.table_pt` points."""
    grid: Table = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    weights = _column_weights(table)
    widths = [Mm(width_mm * weight / sum(weights)) for weight in weights]
    rows = [tuple(table.columns), *table.rows]
    last = len(rows) - 1
    for row_number, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
        if row_number == 0:
            _repeat_as_header(row._tr)
        bold = row_number == 0 or (table.total and row_number == last)
        for column_number, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[column_number]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Mm(0)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            if row_number == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif table.numeric[column_number]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(fmt.table_pt)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    return grid
