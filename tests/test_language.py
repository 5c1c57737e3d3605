"""One language switch: a Vietnamese run's outputs hold no English catalogue strings, and vice versa.

The bundled Ninh Bình scenario goes through the command line once per language (``report`` with a
budget sweep, ``compare --out`` with the plan's own choice, ``explain --quick``, ``validate``,
``annex``), and every text output (HTML, CSV, XLSX, JSON, DOCX, console) is scanned for the
other language's side of the label catalogue.

Which catalogue strings are evidence (the rule, applied by `needles`):

* an entry whose two sides are equal (proper names, units, codes) is skipped;
* each side is cut at its ``{placeholders}`` and each piece stripped of spaces and punctuation;
  a piece of 3 characters or fewer, or without a letter, is skipped (``km``, ``min``, ``N``);
* a piece that is also the own language's side of any entry is skipped (a shared word is no
  evidence, e.g. ``VND`` or ``OK``);
* a piece of two or more words is searched anywhere (case-insensitive, whole words); a single
  word only as a whole cell, value, text node or table cell (single English words occur inside
  data such as English source citations, so only a whole cell of them is a label).

What is not scanned: data. Names of communes, districts, centres, the scenario's title and
description and the demand settings' source citations are removed from the text (in any letter
case: the annex sets the title in capitals) before the scan; lowercase identifiers
(``^[a-z0-9_]+$``: column names and enumeration codes such as ``existing`` or ``optimal``) are
machine codes documented by the schema, in CSV, JSON and XLSX alike; and a JSON value under a
key ending in the other language's suffix (``description_en`` in a Vietnamese run) is that
language's copy of a bilingual field.
Console output is captured 400 columns wide, so that table cells are not folded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS
from typer.testing import CliRunner

from facility_plan.cli import app
from facility_plan.labels import label, label_table

LANGUAGES = ("vi", "en")
CODE = re.compile(r"[a-z0-9_]+")
TABLE_RULES = re.compile(r"[│┃]")


def needles(language: str) -> tuple[set[str], set[str]]:
    """The other language's catalogue pieces that are evidence: (phrases, single words)."""
    other = "en" if language == "vi" else "vi"
    table = label_table()
    own = {piece.lower() for entry in table.values() for piece in _pieces(entry[language])} | {
        entry[language].strip().lower() for entry in table.values()
    }
    phrases: set[str] = set()
    words: set[str] = set()
    for entry in table.values():
        if entry[other].strip() == entry[language].strip():
            continue
        for piece in _pieces(entry[other]):
            if len(piece) <= 3 or not re.search(r"[^\W\d_]", piece) or piece.lower() in own:
                continue
            (phrases if len(piece.split()) >= 2 else words).add(piece.lower())
    return phrases, words


def _pieces(text: str) -> list[str]:
    pieces = []
    for piece in re.split(r"\{[^}]*\}", text):
        piece = piece.strip(" \n:;,.–—-•%/")
        if piece.count("(") != piece.count(")"):
            piece = piece.strip(" ()")
        if piece:
            pieces.append(piece)
    return pieces


class _Text(HTMLParser):
    """Text nodes of an HTML page, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.units.append(data.strip())


def _json_strings(value: Any, skip_suffix: str = "") -> Iterator[str]:
    """String values of `value`, without those under keys ending in `skip_suffix`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if not (skip_suffix and str(key).endswith(skip_suffix)):
                yield from _json_strings(inner, skip_suffix)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner, skip_suffix)


def text_units(path: Path, language: str) -> list[str]:
    """The pieces of text a person reads in `path` (cells, values, text nodes, console cells).

    In JSON, the values of keys ending in the other language's suffix (``description_en`` in
    a Vietnamese run) are that language's copy of a bilingual field and are left out.
    """
    suffix = path.suffix
    if suffix == ".html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        return parser.units
    if suffix == ".csv":
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        return [cell for row in rows for cell in row if not CODE.fullmatch(cell)]
    if suffix == ".json":
        other = "_en" if language == "vi" else "_vi"
        strings = _json_strings(json.loads(path.read_text(encoding="utf-8")), other)
        return [text for text in strings if not CODE.fullmatch(text)]
    if suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(path, read_only=True)
        units = []
        for sheet in book.worksheets:
            units.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                units.extend(c for c in row if isinstance(c, str) and not CODE.fullmatch(c))
        return units
    if suffix == ".docx":
        docx = pytest.importorskip("docx")
        document = docx.Document(str(path))
        units = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            units.extend(cell.text for row in table.rows for cell in row.cells)
        return [unit for unit in units if unit.strip()]
    if suffix == ".txt":
        return [
            cell.strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            for cell in TABLE_RULES.split(line)
            if cell.strip()
        ]
    return []


def data_strings() -> list[str]:
    """Names, titles and source citations of the scenarios run: data, not labels."""
    from facility_plan.config import load_scenario
    from facility_plan.scenario import prepare_scenario

    found: set[str] = set()
    for name in ("ninh_binh_2025", "ninh_binh_2025_plan_choice"):
        prepared = prepare_scenario(load_scenario(SCENARIOS / f"{name}.toml"))
        inputs = prepared.inputs
        for table in (inputs.communes, inputs.districts, inputs.facilities):
            for column in ("name_vi", "district_name_vi", "address_vi", "source"):
                if column in table.columns:
                    found.update(str(v) for v in table[column].dropna())
        config = prepared.config
        found.update((config.title_vi, config.description, config.province_name_vi))
        found.update(_json_strings(json.loads(config.model_dump_json())))
    return sorted((text for text in found if len(text) > 3), key=len, reverse=True)


def leaks(language: str, folder: Path, data: list[str]) -> list[str]:
    """``file: string`` for every piece of the other language found in `folder`'s outputs."""
    phrases, words = needles(language)
    remove = re.compile("|".join(re.escape(text) for text in data), re.IGNORECASE)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        units = [remove.sub(" ", unit) for unit in text_units(path, language)]
        whole = {unit.strip().lower() for unit in units}
        text = "\n".join(units).lower()
        for word in sorted(words):
            if word.lower() in whole:
                found.append(f"{path.relative_to(folder)}: {word!r}")
        for phrase in sorted(phrases):
            pattern = r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)"
            if phrase.lower() in text and re.search(pattern, text):
                found.append(f"{path.relative_to(folder)}: {phrase!r}")
    return found


def _invoke(args: list[str], console_file: Path) -> None:
    result = CliRunner(env={"COLUMNS": "400"}).invoke(app, args)
    assert result.exit_code == 0, result.output
    console_file.write_text(result.output, encoding="utf-8")


@pytest.fixture(scope="module")
def language_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run per language of report, compare, explain and validate; console output as .txt."""
    base = SCENARIOS / "ninh_binh_2025.toml"
    plan_choice = SCENARIOS / "ninh_binh_2025_plan_choice.toml"
    folders = {}
    for language in LANGUAGES:
        folder = tmp_path_factory.mktemp(f"lang_{language}")
        lang = ["--lang", language]
        out = str(folder / "out")
        _invoke(
            ["report", str(base), "--out", out, "--pareto-budgets", "0,7,14", *lang],
            folder / "console_report.txt",
        )
        _invoke(
            ["compare", str(base), str(plan_choice), "--out", str(folder / "compare"), *lang],
            folder / "console_compare.txt",
        )
        _invoke(["explain", str(base), "--quick", *lang], folder / "console_explain.txt")
        _invoke(["validate", str(base), *lang], folder / "console_validate.txt")
        _invoke(["annex", str(base), "--out", out, *lang], folder / "console_annex.txt")
        folders[language] = folder
    return folders


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_outputs_hold_no_string_of_the_other_language(
    language_runs: dict[str, Path], language: str
) -> None:
    folder = language_runs[language]
    scanned = [p for p in folder.rglob("*") if p.is_file() and text_units(p, language)]
    assert len(scanned) >= 15, "every text output is scanned"
    found = leaks(language, folder, data_strings())
    assert found == [], f"{language} outputs hold the other language:\n" + "\n".join(found)


def test_the_scan_finds_a_planted_leak(tmp_path: Path) -> None:
    """The scan is not blind: an English label in a Vietnamese workbook and console is found."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Xã Kim Chính", "Served (persons)"])
    book.save(tmp_path / "plan.xlsx")
    (tmp_path / "console.txt").write_text(
        "│ Xã Kim Chính │ wrote │\n• centres at full capacity: NB-E01\n", encoding="utf-8"
    )
    found = leaks("vi", tmp_path, ["Xã Kim Chính"])
    assert "plan.xlsx: 'served (persons)'" in found
    assert "console.txt: 'wrote'" in found
    assert "console.txt: 'centres at full capacity'" in found
    assert leaks("en", tmp_path, ["Xã Kim Chính"]) == []


@pytest.mark.slow
def test_explain_names_centres_first_and_ids_second(language_runs: dict[str, Path]) -> None:
    for language in LANGUAGES:
        text = " ".join(
            (language_runs[language] / "console_explain.txt").read_text("utf-8").split()
        )
        name = "Trung tâm Bảo trợ và Công tác xã hội tỉnh Ninh Bình (Thành phố Ninh Bình)"
        assert name in text
        assert "NB-E01" in text, "the id stays, in its own column"
        bullets = [line for line in text.split("•") if line.strip()]
        assert not any("NB-E01" in line or "commune:" in line for line in bullets[:-1])


@pytest.mark.slow
def test_budget_sweep_names_sites_and_keeps_ids_as_a_second_column(
    language_runs: dict[str, Path],
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    folder = language_runs["vi"] / "out" / "ninh_binh_2025"
    with (folder / "pareto.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    built = [row for row in rows if row["new_site_ids"]]
    assert built, "budgets above 0 open new centres"
    for row in built:
        assert "commune:" not in row["new_sites"]
        assert "(Huyện " in row["new_sites"] or "(Thành phố " in row["new_sites"]
        assert row["new_site_ids"].startswith("commune:")
    book = openpyxl.load_workbook(folder / "report.xlsx", read_only=True)
    sheet = book[label("sheet_pareto", "vi")]
    header = next(r for r in sheet.iter_rows(values_only=True) if "Cơ sở mới" in r)
    assert header.index("Cơ sở mới") < header.index(label("col_site_ids", "vi"))


def test_lang_overrides_the_scenario_language_in_one_place() -> None:
    from facility_plan.cli._common import LanguageChoice
    from facility_plan.config import load_scenario

    config = load_scenario(SCENARIOS / "ninh_binh_2025.toml")
    assert config.outputs.language == "vi"
    english = LanguageChoice.from_option("en").apply(config)
    assert english.outputs.language == "en"
    assert english.name == config.name, "nothing else changes"
    assert LanguageChoice.from_option(None).apply(config) is config
    assert LanguageChoice.from_option(None).of(english) == "en", "without --lang: the scenario's"
    assert LanguageChoice.from_option(None).language == "vi"


def test_errors_and_progress_are_worded_in_the_chosen_language(tmp_path: Path) -> None:
    from facility_plan.cli._common import step_text

    missing = str(tmp_path / "none.toml")
    vietnamese = CliRunner().invoke(app, ["validate", missing])
    english = CliRunner().invoke(app, ["validate", missing, "--lang", "en"])
    assert vietnamese.exit_code == english.exit_code == 2
    assert vietnamese.output.startswith("lỗi:"), vietnamese.output
    assert english.output.startswith("error:"), english.output
    assert step_text("estimating demand", "vi") == "ước tính nhu cầu"
    assert step_text("budget sweep (4 solves)", "en") == "budget sweep (4 solves)"
    assert step_text("budget sweep (4 solves)", "vi") == "quét ngân sách (4 lần giải)"
