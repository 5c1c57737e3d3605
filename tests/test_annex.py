"""The DOCX proposal annex: Decree 30/2020 format (A4, fonts, margins, page numbers), map and tables, PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
import typer
from conftest import SCENARIOS
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from facility_plan.annex import ANNEX_TABLES, RobustnessVerdict, annex_document
from facility_plan.cli.annex import register
from facility_plan.errors import OutputError
from facility_plan.outputs import ANNEX_FILE, read_robust_verdict
from facility_plan.outputs.annex_file import annex_tables

SCENARIO = "ninh_binh_2025"
VERDICT = "Phương án tối ưu (Xã Kim Mỹ): khuyến nghị vững trước độ bất định của số liệu."
KEY_CAPTIONS = (
    "Bảng 1. Các cơ sở và quy mô",
    "Bảng 2. Quỹ đất cần dành cho cơ sở mới",
    "Bảng 3. Nhân sự theo cơ sở (người)",
    "Bảng 4. Vốn đầu tư và chi phí thường xuyên",
    "Bảng 5. Mục tiêu so với phương án",
)
TOLERANCE = Mm(0.5)


@pytest.fixture(scope="module")
def annex_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``facility-plan annex`` run through the CLI, with a robustness verdict already in OUT."""
    out = tmp_path_factory.mktemp("annex")
    robust = out / SCENARIO / "robust"
    robust.mkdir(parents=True)
    (robust / "robust.json").write_text(
        json.dumps({"samples": 40, "verdict_vi": [VERDICT], "verdict_en": ["holds"]}),
        encoding="utf-8",
    )
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command keeps "annex" a sub-command
    result = CliRunner().invoke(
        app, ["annex", str(SCENARIOS / f"{SCENARIO}.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    path = out / SCENARIO / ANNEX_FILE
    assert (robust / "robust.json").is_file()  # the other files of the folder are left alone
    return path


@pytest.fixture(scope="module")
def document(annex_path: Path) -> Any:
    return docx.Document(str(annex_path))


def _texts(document: Any) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_annex_pages_are_a4_with_the_decree_margins(document: Any) -> None:
    orientations = []
    for section in document.sections:
        width, height = sorted((section.page_width, section.page_height))
        assert abs(width - Mm(210)) < TOLERANCE
        assert abs(height - Mm(297)) < TOLERANCE
        assert Mm(20) - TOLERANCE <= section.top_margin <= Mm(25) + TOLERANCE
        assert Mm(20) - TOLERANCE <= section.bottom_margin <= Mm(25) + TOLERANCE
        assert Mm(30) - TOLERANCE <= section.left_margin <= Mm(35) + TOLERANCE
        assert Mm(15) - TOLERANCE <= section.right_margin <= Mm(20) + TOLERANCE
        orientations.append(section.page_width > section.page_height)
    assert orientations[0] is False  # the annex starts on a portrait page


def test_annex_fonts_follow_the_decree(document: Any) -> None:
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert Pt(13) <= normal.size <= Pt(14)
    for name in ("Heading 1", "Heading 2", "Caption"):
        font = document.styles[name].font
        assert font.name == "Times New Roman", name
        assert str(font.color.rgb) == "000000", name
        rfonts = document.styles[name].element.rPr.rFonts
        assert not [a for a in rfonts.attrib if a.endswith("Theme")], name
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    runs += [
        run
        for table in document.tables
        for cell in table._cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
    ]
    assert {run.font.name for run in runs} <= {None, "Times New Roman"}
    title = document.paragraphs[1]
    assert title.alignment == 1  # centred
    assert all(run.bold and run.font.size == Pt(14) for run in title.runs)


def test_annex_page_numbers_centred_at_the_top_not_on_page_one(document: Any) -> None:
    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    header = first.header.paragraphs[0]
    assert header.alignment == 1
    assert "PAGE" in header._p.xml
    for section in document.sections[1:]:
        assert not section.different_first_page_header_footer


def test_annex_holds_the_parts_the_map_and_the_tables(document: Any) -> None:
    texts = _texts(document)
    assert texts[0] == "PHỤ LỤC"
    headings = [t for t in texts if re.match(r"^[IVX]+\. ", t)]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI"]
    for caption in (*KEY_CAPTIONS, "Bảng 6. Giả định và nguồn"):
        assert caption in texts, caption
    assert texts.index(KEY_CAPTIONS[0]) < texts.index(KEY_CAPTIONS[-1])
    assert any(t.startswith("Hình 1. ") for t in texts)
    assert len(document.inline_shapes) >= 1
    assert document.inline_shapes[0].width <= Mm(165) + TOLERANCE
    assert len(document.tables) == len(ANNEX_TABLES)
    centres = document.tables[0]
    codes = [row.cells[0].text for row in centres.rows[1:]]
    assert codes == ["E1", "E2", "E3", "N1", "N2", "Tổng cộng"]
    assert "w:tblHeader" in centres.rows[0]._tr.xml
    assert any("Xây dựng mới N1" in t for t in texts)
    assert any(VERDICT in t for t in texts)


def _tiny_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    buffer = BytesIO()
    plt.imsave(buffer, [[0.0, 1.0], [1.0, 0.0]], format="png")
    return buffer.getvalue()


def test_annex_without_robustness_says_how_to_get_it(bundled_result: Any) -> None:
    result = bundled_result(SCENARIO)
    png = _tiny_png()
    tables = annex_tables(result, "en")
    document = annex_document(
        result, figures={"map_A4.png": png, "targets.png": png}, tables=tables, language="en"
    )
    texts = _texts(document)
    assert "VI. ROBUSTNESS OF THE RECOMMENDATION" in texts
    assert any("facility-plan robust ninh_binh_2025" in t for t in texts)
    with_verdict = annex_document(
        result,
        figures={"map_A4.png": png, "targets.png": png},
        tables=tables,
        robustness=RobustnessVerdict(12, ("holds up",)),
        language="en",
    )
    assert "- holds up" in _texts(with_verdict)
    with pytest.raises(OutputError, match=r"targets\.png"):
        annex_document(result, figures={"map_A4.png": png}, tables=tables)


def test_read_robust_verdict(tmp_path: Path) -> None:
    assert read_robust_verdict(tmp_path, "vi") is None
    (tmp_path / "robust").mkdir()
    path = tmp_path / "robust" / "robust.json"
    path.write_text(json.dumps({"samples": 3, "verdict_vi": ["a", "b"]}), encoding="utf-8")
    assert read_robust_verdict(tmp_path, "vi") == RobustnessVerdict(3, ("a", "b"))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(OutputError, match=r"robust\.json"):
        read_robust_verdict(tmp_path, "vi")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_annex_converts_to_pdf_with_the_map_on_a_page(annex_path: Path, tmp_path: Path) -> None:
    executable = _soffice()
    if executable is None:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer)")
    pypdf = pytest.importorskip("pypdf")
    completed = subprocess.run(
        [
            executable,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(annex_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "annex.pdf"
    assert pdf.is_file(), completed.stdout + completed.stderr
    reader = pypdf.PdfReader(str(pdf))
    assert 5 <= len(reader.pages) <= 12
    for page in reader.pages:
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(width - 595.3) < 2  # A4, either way round
        assert abs(height - 841.9) < 2
    texts = [page.extract_text() for page in reader.pages]
    assert "PHỤ LỤC" in texts[0]
    assert not re.match(r"^\s*1\s", texts[0])  # no page number on page 1
    assert re.match(r"^\s*2\s", texts[1])  # numbers from page 2, at the top
    map_page = next(i for i, text in enumerate(texts) if "Hình 1." in text)
    resources = reader.pages[map_page]["/Resources"]
    objects = resources.get("/XObject", {})
    kinds = [objects[name].get_object().get("/Subtype") for name in objects]
    assert "/Image" in kinds, f"no image on page {map_page + 1}"
    for caption in KEY_CAPTIONS:
        assert any(caption in text for text in texts), caption
