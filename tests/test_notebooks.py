"""The scenario notebooks run top to bottom on the bundled data; their key numbers are asserted inside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


PLANNER_NOTEBOOKS = (
    "01_ninh_binh_2025",
    "02_land_fund_allocation",
    "03_vinh_long_coverage_2030",
    "04_sensitivity",
)
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
ENGLISH_PROSE = re.compile(r"\b(the|and|which|with|this|of)\b")


def test_the_notebooks_are_committed_without_outputs() -> None:
    assert set(PLANNER_NOTEBOOKS) <= {path.stem for path in NOTEBOOKS}
    for path in NOTEBOOKS:
        book = json.loads(path.read_text(encoding="utf-8"))
        for cell in book["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [], f"{path.name}: commit notebooks without outputs"
                assert cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        output
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("stem", PLANNER_NOTEBOOKS)
def test_notebook_has_parameters_first_and_vietnamese_prose(stem: str) -> None:
    book = json.loads((REPO_ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in book["cells"] if cell["cell_type"] == "code"]
    first = "".join(code[0]["source"])
    assert "parameters" in code[0]["metadata"].get("tags", []), "the first code cell: parameters"
    assert 'LANGUAGE = "vi"' in first
    assert "OUTPUT_DIR" in first
    for cell in book["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        prose = re.sub(r"`[^`]*`", "", "".join(cell["source"]))  # code names stay as they are
        assert VIETNAMESE.search(prose), f"{stem}: markdown without Vietnamese: {prose[:80]!r}"
        english = ENGLISH_PROSE.findall(prose)
        assert not english, f"{stem}: English words {english} in {prose[:80]!r}"
    shown = "".join("".join(cell["source"]) for cell in code)
    assert "format_table(" in shown, "tables are shown formatted (units, thousands separators)"
