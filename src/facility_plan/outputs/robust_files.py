"""The robust command's folder: the sweep's files plus the site-frequency map and ``robust.xlsx``, all or nothing."""

from __future__ import annotations

from pathlib import Path

from facility_plan.io import atomic_output_dir, write_bytes
from facility_plan.labels import Language, label
from facility_plan.maps import write_map
from facility_plan.maps.robust_map import map_robust
from facility_plan.report.robustness import RobustnessRecord, robustness_sheet
from facility_plan.report.workbook import with_print_setup, workbook_bytes
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps import RobustResult
from facility_plan.sweeps.files import ROBUST_FILES, write_robust_files

#: Files of the robust folder: the sweep's (`ROBUST_FILES`), the map and the workbook.
ROBUST_OUTPUT_FILES = (*ROBUST_FILES, "robust_map.html", "robust.xlsx")


def robust_workbook_bytes(record: RobustnessRecord, language: Language) -> bytes:
    """``robust.xlsx``: the robustness sheet (verdict, site and district frequencies, regret per
    plan), Vietnamese headers with units, numbers as numbers, ready to print on A4 landscape."""
    sheet = robustness_sheet(record, language)
    book = workbook_bytes({label("sheet_robustness", language): sheet})
    return with_print_setup(book, record.scenario)


def write_robust_outputs(
    result: RobustResult,
    prepared: PreparedScenario,
    folder: str | Path,
    *,
    language: Language | None = None,
) -> Path:
    """Write a robustness result to `folder` (replaced whole, or left untouched on failure).

    Files: those of `facility_plan.sweeps.files.write_robust_files` (``robust.json`` records
    the scenario's fingerprint, so reports include the result only while the scenario and its
    input files are unchanged), ``robust_map.html`` (offline map of how often each site and
    district is chosen, with the verdict) and ``robust.xlsx`` (the robustness sheet, the same
    one ``report.xlsx`` includes).

    Parameters
    ----------
    result
        The robustness result.
    prepared
        The scenario it was computed on.
    folder
        Usually ``OUT/<scenario name>/robust``.
    language
        ``vi`` or ``en``; defaults to the scenario's ``outputs.language``.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    lang: Language = language or prepared.config.outputs.language
    record = RobustnessRecord.from_result(result, prepared.config)
    target = Path(folder)
    with atomic_output_dir(target) as staging:
        write_robust_files(result, staging, language=lang, config=prepared.config)
        write_map(map_robust(result, prepared, language=lang), staging / "robust_map.html")
        write_bytes(staging / "robust.xlsx", robust_workbook_bytes(record, lang))
    return target
