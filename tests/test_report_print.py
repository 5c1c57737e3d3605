"""The printed report: report.html through headless Chromium fits A4, at most 8 pages, no orphan headings."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from facility_plan import figures, report

pytestmark = pytest.mark.browser

MAX_PAGES = 8
A4_LANDSCAPE_PT = (841.89, 595.28)


@pytest.fixture(scope="module")
def report_page(bundled_result: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = bundled_result("ninh_binh_2025")
    folder = tmp_path_factory.mktemp("report")
    report.write_report(result, folder, figures=figures.render_report_figures(result))
    return folder / "report.html"


@pytest.fixture(scope="module")
def printed(browser: Any, report_page: Path) -> bytes:
    """The report printed to PDF by Chromium with the page size its print stylesheet asks for."""
    page = browser.new_page()
    try:
        page.goto(report_page.as_uri())
        return bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        page.close()


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _headings(report_page: Path) -> set[str]:
    text = report_page.read_text(encoding="utf-8")
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", text, flags=re.S)
    return {html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in found}


def test_report_prints_on_at_most_eight_a4_pages(printed: bytes) -> None:
    pages = _page_count(printed)
    assert 1 <= pages <= MAX_PAGES, f"{pages} pages"
    for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", printed):
        width, height = (float(v) for v in box)
        assert abs(width - A4_LANDSCAPE_PT[0]) < 2
        assert abs(height - A4_LANDSCAPE_PT[1]) < 2


def test_no_printed_page_holds_only_a_heading_or_ends_with_one(
    printed: bytes, report_page: Path, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    headings = _headings(report_page)
    assert {"Bản đồ", "Giả định"} <= headings
    path = tmp_path / "report.pdf"
    path.write_bytes(printed)
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) == _page_count(printed)
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        assert lines, f"page {number} is empty"
        assert not all(line in headings for line in lines), f"page {number} holds only {lines}"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def test_print_styles_remove_scrollbars_and_repeat_table_headers(
    browser: Any, report_page: Path
) -> None:
    page = browser.new_page()
    try:
        page.goto(report_page.as_uri())
        page.emulate_media(media="print")
        overflow = page.evaluate(
            "[...document.querySelectorAll('.scroll')].map(e => getComputedStyle(e).overflowX)"
        )
        header_display = page.evaluate("getComputedStyle(document.querySelector('thead')).display")
        image_heights = page.evaluate(
            "[...document.querySelectorAll('figure img')].map(e => e.getBoundingClientRect().height)"
        )
    finally:
        page.close()
    assert overflow
    assert set(overflow) == {"visible"}
    assert header_display == "table-header-group"
    # No figure is taller than the printable height of an A4 landscape page (186 mm at 96 dpi).
    assert max(image_heights) <= 186 / 25.4 * 96
