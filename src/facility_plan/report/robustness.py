"""The robustness result as a workbook sheet and a report section: verdict, site and district frequencies, regret."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from facility_plan.config import ScenarioConfig
from facility_plan.errors import OutputError
from facility_plan.labels import Language, format_percent, label, label_or
from facility_plan.report.cells import ReportTable, make_table
from facility_plan.report.workbook import StackedSheet
from facility_plan.sweeps import RobustResult
from facility_plan.sweeps.files import FINGERPRINT_KEY, TITLE_KEY, scenario_fingerprint

#: Where ``facility-plan robust`` writes its result, inside a scenario's output folder.
ROBUST_JSON = Path("robust") / "robust.json"
#: Sites shown in the report's short section (the workbook sheet lists them all).
REPORT_TOP_SITES = 5
#: Decimals kept in the regret table: person-minutes and persons to 0.1, shares to 0.0001.
_PLAN_DECIMALS = {
    "regret_person_minutes_median": 1,
    "regret_person_minutes_p90": 1,
    "regret_person_minutes_worst": 1,
    "regret_share_worst": 4,
    "extra_unserved_persons_worst": 1,
    "within_indifference_share": 4,
}


@dataclass(frozen=True)
class RobustnessRecord:
    """What a report shows of a robustness result (from `RobustResult` or ``robust.json``).

    Attributes
    ----------
    scenario, compare_scenario
        The scenario analysed and the compared one (None without ``--compare``): names.
    title
        The scenario's title (its name when ``robust.json`` does not record the title).
    samples, seed
        Draws and their seed.
    indifference_share
        Regret share up to which a plan counts as as good (0.01 = 1 %).
    verdict_vi, verdict_en
        The verdict in plain words.
    site_frequency
        Per site ever chosen: commune, district, chosen_draws, chosen_share (0–1),
        most_frequent_tier, lon and lat (degrees).
    district_frequency
        Per district: draws_with_new_centre and share (0–1).
    plans
        Per evaluated plan: role, communes, regret distribution (person-minutes, shares 0–1,
        extra unserved persons), places_new, investment_vnd.
    fingerprint
        `facility_plan.sweeps.files.scenario_fingerprint` of the scenario when the result was
        written; None when it was not recorded.
    """

    scenario: str
    compare_scenario: str | None
    title: str
    samples: int
    seed: int
    indifference_share: float
    verdict_vi: tuple[str, ...]
    verdict_en: tuple[str, ...]
    site_frequency: pd.DataFrame
    district_frequency: pd.DataFrame
    plans: pd.DataFrame
    fingerprint: str | None

    def verdict(self, language: Language) -> tuple[str, ...]:
        """The verdict in `language`."""
        return self.verdict_en if language == "en" else self.verdict_vi

    def fits(self, config: ScenarioConfig) -> bool:
        """True when the result was computed on `config` and its input files as they are now."""
        return self.fingerprint is not None and self.fingerprint == scenario_fingerprint(config)

    @classmethod
    def from_result(
        cls, result: RobustResult, config: ScenarioConfig | None = None
    ) -> RobustnessRecord:
        """The record of a result just computed on `config` (fingerprint and title from it)."""
        extra = (
            {}
            if config is None
            else {FINGERPRINT_KEY: scenario_fingerprint(config), TITLE_KEY: config.title_vi}
        )
        return cls.from_json({**result.to_json(), **extra})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RobustnessRecord:
        """The record of ``robust.json`` data.

        Raises
        ------
        KeyError, TypeError, ValueError
            The data is not a robustness result.
        """
        fingerprint = data.get(FINGERPRINT_KEY)
        compare = data.get("compare_scenario")
        return cls(
            scenario=str(data["scenario"]),
            compare_scenario=None if compare is None else str(compare),
            title=str(data.get(TITLE_KEY) or data["scenario"]),
            samples=int(data["samples"]),
            seed=int(data["seed"]),
            indifference_share=float(data["indifference_share"]),
            verdict_vi=tuple(str(line) for line in data["verdict_vi"]),
            verdict_en=tuple(str(line) for line in data["verdict_en"]),
            site_frequency=pd.DataFrame(list(data["site_frequency"])),
            district_frequency=pd.DataFrame(list(data["district_frequency"])),
            plans=pd.DataFrame(list(data["plans"])),
            fingerprint=None if fingerprint is None else str(fingerprint),
        )


def read_robustness(folder: str | Path) -> RobustnessRecord | None:
    """The robustness result in a scenario's output folder (``robust/robust.json``), if any.

    Raises
    ------
    OutputError
        The file exists but is not a robustness result of ``facility-plan robust``.
    """
    path = Path(folder) / ROBUST_JSON
    if not path.is_file():
        return None
    try:
        return RobustnessRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        msg = f"{path}: not a robustness result of facility-plan robust ({err})"
        raise OutputError(msg) from None


def sites_table(
    record: RobustnessRecord, language: Language, top: int | None = None
) -> ReportTable:
    """How often each site is chosen: commune, district, draws (draws), share (0–1), usual tier."""
    frame = record.site_frequency
    if top is not None:
        frame = frame.head(top)
    columns = [
        ("commune_name_vi", "commune", "text"),
        ("district_name_vi", "district", "text"),
        ("chosen_draws", "col_chosen_draws", "int"),
        ("chosen_share", "col_chosen_share", "share"),
        ("most_frequent_tier", "col_most_frequent_tier", "text"),
    ]
    return make_table(frame, columns, language)


def districts_table(record: RobustnessRecord, language: Language) -> ReportTable:
    """How often each district gets at least one new centre (draws; share 0–1)."""
    columns = [
        ("district_name_vi", "district", "text"),
        ("draws_with_new_centre", "col_draws_with_new_centre", "int"),
        ("share", "col_share_of_draws", "share"),
    ]
    return make_table(record.district_frequency, columns, language)


def plans_table(record: RobustnessRecord, language: Language) -> ReportTable:
    """The regret distribution of each evaluated plan (person-minutes, shares 0–1, persons)."""
    plans = record.plans.copy()
    for column, decimals in _PLAN_DECIMALS.items():
        if column in plans.columns:
            plans[column] = pd.to_numeric(plans[column], errors="coerce").round(decimals) + 0.0
    plans["role_text"] = [
        label_or(f"robust_role_{role}", language, str(role)) for role in plans["role"]
    ]
    columns = [
        ("role_text", "col_plan_role", "text"),
        ("communes", "col_new_centres_where", "text"),
        ("optimal_in_draws", "col_optimal_in_draws", "int"),
        ("regret_person_minutes_median", "col_regret_median", "dec1"),
        ("regret_person_minutes_p90", "col_regret_p90", "dec1"),
        ("regret_person_minutes_worst", "col_regret_worst", "dec1"),
        ("regret_share_worst", "col_regret_share_worst", "share"),
        ("extra_unserved_persons_worst", "col_extra_unserved_worst", "dec1"),
        ("within_indifference_share", "col_within_indifference", "share"),
        ("places_new", "col_places", "int"),
        ("investment_vnd", "col_investment", "vnd"),
    ]
    table = make_table(plans, columns, language)
    threshold = format_percent(record.indifference_share, decimals=0, language=language)
    titles = tuple(title.replace("{share}", threshold) for title in table.titles)
    return ReportTable(table.frame, titles, table.kinds)


def robustness_heading(record: RobustnessRecord, language: Language) -> str:
    """The title line: scenario, draws and seed."""
    return label("robust_sheet_title", language).format(
        scenario=record.title, samples=record.samples, seed=record.seed
    )


def robustness_sheet(record: RobustnessRecord, language: Language) -> StackedSheet:
    """The robustness sheet: title, verdict, then the site, district and plan tables."""
    return StackedSheet(
        title=robustness_heading(record, language),
        lines=record.verdict(language),
        sections=(
            (label("robust_h_sites", language), sites_table(record, language)),
            (label("robust_h_districts", language), districts_table(record, language)),
            (label("robust_h_plans", language), plans_table(record, language)),
        ),
    )


def robustness_section(
    record: RobustnessRecord | None, config: ScenarioConfig, language: Language
) -> dict[str, Any] | None:
    """What report.html shows of a robustness result: None without one; a warning when stale.

    Returns
    -------
    dict or None
        ``warning`` (text, empty when the result fits the scenario), ``heading``, ``verdict``
        (lines), ``sites`` (an `html_table`-ready `ReportTable` of the most chosen sites, or
        None) and ``more`` (where the full tables are).
    """
    if record is None:
        return None
    if not record.fits(config):
        return {
            "warning": label("robust_stale", language).format(scenario=config.name),
            "heading": "",
            "verdict": [],
            "sites": None,
            "more": "",
        }
    return {
        "warning": "",
        "heading": robustness_heading(record, language),
        "verdict": list(record.verdict(language)),
        "sites": sites_table(record, language, top=REPORT_TOP_SITES),
        "more": label("robust_more", language),
    }
