"""Write ``annex.docx`` for a run: the report's tables and print maps handed to `facility_plan.annex`."""

from __future__ import annotations

import json
from pathlib import Path

from facility_plan.annex import AnnexTable, RobustnessVerdict, write_annex
from facility_plan.config import ScenarioConfig
from facility_plan.errors import OutputError
from facility_plan.figures import render_report_figures
from facility_plan.labels import Language
from facility_plan.report.cells import ReportTable
from facility_plan.report.html import html_table
from facility_plan.report.tables import centres_table, report_tables
from facility_plan.scenario import ScenarioResult
from facility_plan.sweeps.files import FINGERPRINT_KEY, scenario_fingerprint

ANNEX_FILE = "annex.docx"
#: Where ``facility-plan robust`` writes its verdict, inside a scenario's output folder.
ROBUST_FILE = Path("robust") / "robust.json"


def annex_table(table: ReportTable, language: Language) -> AnnexTable:
    """A report table with its cells as the report prints them (numbers formatted, ``–`` if missing)."""
    html = html_table(table, language)
    return AnnexTable(
        columns=tuple(str(column["title"]) for column in html["columns"]),
        numeric=tuple(bool(column["numeric"]) for column in html["columns"]),
        rows=tuple(tuple(str(cell) for cell in row["cells"]) for row in html["rows"]),
        total=table.total,
    )


def annex_tables(result: ScenarioResult, language: Language) -> dict[str, AnnexTable]:
    """The annex's tables (`facility_plan.annex.ANNEX_TABLES`) from the report's tables."""
    tables = report_tables(result, language)
    chosen = {
        "centres": centres_table(result, language),
        "land": tables["land"],
        "staffing": tables["staffing"],
        "costs": tables["costs"],
        "targets": tables["targets"],
        "assumptions": tables["assumptions"],
    }
    return {key: annex_table(table, language) for key, table in chosen.items()}


def read_robust_verdict(
    folder: str | Path, language: Language, *, config: ScenarioConfig | None = None
) -> RobustnessVerdict | None:
    """The robustness verdict written by ``facility-plan robust`` into a scenario's output folder.

    Parameters
    ----------
    folder
        The scenario's output folder (``OUT/<name>``); the verdict is in ``robust/robust.json``.
    language
        ``vi`` or ``en``.
    config
        The scenario as it is now: a verdict whose recorded fingerprint does not match it (other
        settings or input files) is not returned; one written before fingerprints were recorded
        is.

    Returns
    -------
    RobustnessVerdict or None
        None when the scenario has not been analysed (or, given `config`, not on this data).

    Raises
    ------
    OutputError
        The file exists but is not a robustness result.
    """
    path = Path(folder) / ROBUST_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lines = tuple(str(line) for line in data[f"verdict_{language}"])
        samples = int(data["samples"])
        fingerprint = data.get(FINGERPRINT_KEY)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        msg = f"{path}: not a robustness result of facility-plan robust ({err})"
        raise OutputError(msg) from None
    if (
        config is not None
        and fingerprint is not None
        and fingerprint != scenario_fingerprint(config)
    ):
        return None
    return RobustnessVerdict(samples=samples, lines=lines)


def write_annex_file(
    result: ScenarioResult, out_dir: str | Path, *, language: Language | None = None
) -> Path:
    """Write ``<out_dir>/<scenario name>/annex.docx``, the proposal annex (Decree 30/2020 format).

    The print map and targets chart are rendered, the tables are the report's, and the
    robustness verdict is read from ``<out_dir>/<scenario name>/robust/robust.json`` when a
    ``facility-plan robust`` run left one there for this scenario and its input files as they
    are now. Other files in the folder are left alone.

    Returns
    -------
    pathlib.Path
        The DOCX file.
    """
    lang: Language = language or result.config.outputs.language
    folder = Path(out_dir) / result.config.name
    figures = render_report_figures(result)
    return write_annex(
        result,
        folder / ANNEX_FILE,
        figures=figures,
        tables=annex_tables(result, lang),
        robustness=read_robust_verdict(folder, lang, config=result.config),
        language=lang,
    )
