"""The robustness verdict in plain Vietnamese (or English): can the data tell the plans apart?"""

from __future__ import annotations

import math

import pandas as pd

from facility_plan.labels import Language, format_number, format_percent

CLEAR_SHARE = 0.8
"""A plan within the indifference share in at least this share of draws is as good as the best."""
LEANING_SHARE = 0.5
"""Below this share of draws, the better plan is better in a stable way."""
TOP_SITES = 3

_TEXT: dict[str, dict[str, str]] = {
    "within": {
        "vi": "{subject} ({where}) nằm trong phạm vi {tolerance} so với phương án tốt nhất ở {share} "
        "số lần rút mẫu",
        "en": "{subject} ({where}) is within {tolerance} of the best in {share} of draws",
    },
    "subject_compare": {"vi": "Phương án của kế hoạch", "en": "The plan's choice"},
    "subject_optimised": {"vi": "Phương án tối ưu", "en": "The optimised plan"},
    "compare_clear": {
        "vi": ": số liệu không phân biệt được các phương án; hãy chọn theo quỹ đất sẵn có.",
        "en": ": the data cannot tell them apart; choose by land availability.",
    },
    "compare_leaning": {
        "vi": ": phương án tối ưu thường tốt hơn nhưng chênh lệch nhỏ; cân nhắc cả quỹ đất sẵn có.",
        "en": ": the optimised plan is usually better, by little; weigh land availability too.",
    },
    "compare_worse": {
        "vi": ": phương án tối ưu tốt hơn một cách ổn định; nên xem lại lựa chọn của kế hoạch.",
        "en": ": the optimised plan is better in a stable way; reconsider the plan's choice.",
    },
    "optimised_clear": {
        "vi": ": khuyến nghị vững trước độ bất định của số liệu.",
        "en": ": the recommendation holds up against the uncertainty of the data.",
    },
    "optimised_leaning": {
        "vi": ": khuyến nghị khá vững; xem thêm các phương án thay thế gần tối ưu.",
        "en": ": the recommendation mostly holds; look at the near-optimal alternatives too.",
    },
    "optimised_worse": {
        "vi": ": khuyến nghị phụ thuộc vào số liệu; hãy chọn trong các phương án thay thế theo quỹ đất.",
        "en": ": the recommendation depends on the data; choose among the alternatives by land.",
    },
    "regret": {
        "vi": "{subject}: thiệt hại so với phương án tốt nhất của từng lần rút mẫu — trung vị {median} "
        "người·phút ({median_share}), phân vị 90 {p90} ({p90_share}), lớn nhất {worst} ({worst_share}); "
        "số người không được phục vụ tăng thêm nhiều nhất {unserved}.",
        "en": "{subject}: regret against each draw's best — median {median} person-minutes "
        "({median_share}), 90th percentile {p90} ({p90_share}), worst {worst} ({worst_share}); "
        "at most {unserved} more persons unserved.",
    },
    "sites": {
        "vi": "Xã được chọn nhiều nhất: {sites}.",
        "en": "Communes chosen most often: {sites}.",
    },
    "districts": {
        "vi": "Tổ hợp huyện được chọn nhiều nhất: {sets}.",
        "en": "District combinations chosen most often: {sets}.",
    },
    "minimax": {
        "vi": "Phương án có thiệt hại lớn nhất nhỏ nhất trong {plans} phương án đã xét: {where} "
        "(tối đa {worst} người·phút, {worst_share}).",
        "en": "Min–max-regret plan among the {plans} plans evaluated: {where} "
        "(at most {worst} person-minutes, {worst_share}).",
    },
    "failed": {
        "vi": "{failed} lần rút mẫu không giải được và không được tính.",
        "en": "{failed} draws could not be solved and are left out.",
    },
}


def _text(key: str, language: Language) -> str:
    return _TEXT[key][language]


def _number(value: float, language: Language, decimals: int = 0) -> str:
    return (
        format_number(value, decimals=decimals, language=language) if math.isfinite(value) else "∞"
    )


def _judgement(share: float, prefix: str, language: Language) -> str:
    if share >= CLEAR_SHARE:
        return _text(f"{prefix}_clear", language)
    if share >= LEANING_SHARE:
        return _text(f"{prefix}_leaning", language)
    return _text(f"{prefix}_worse", language)


def _regret_line(subject: str, row: pd.Series, language: Language) -> str:
    return _text("regret", language).format(
        subject=subject,
        median=_number(row["regret_person_minutes_median"], language),
        median_share=format_percent(row["regret_share_median"], decimals=2, language=language),
        p90=_number(row["regret_person_minutes_p90"], language),
        p90_share=format_percent(row["regret_share_p90"], decimals=2, language=language),
        worst=_number(row["regret_person_minutes_worst"], language),
        worst_share=format_percent(row["regret_share_worst"], decimals=2, language=language),
        unserved=_number(max(0.0, row["extra_unserved_persons_worst"]), language, decimals=1),
    )


def robust_verdict(
    plans: pd.DataFrame,
    site_frequency: pd.DataFrame,
    district_sets: pd.DataFrame,
    *,
    optimised_plan_id: str,
    compare_plan_id: str | None,
    minimax_plan_id: str,
    indifference_share: float,
    draws_failed: int,
    language: Language = "vi",
) -> tuple[str, ...]:
    """The verdict: whether the plan (the compared one, else the optimised one) is as good as the best.

    Parameters
    ----------
    plans
        `RobustResult.plans` (indexed by nothing; a ``plan_id`` column, the regret statistics and
        ``districts``, ``communes``).
    site_frequency, district_sets
        `RobustResult.site_frequency` and `RobustResult.district_sets`.
    optimised_plan_id, compare_plan_id, minimax_plan_id
        Plan ids.
    indifference_share
        The tolerance of "as good" (0.01 = 1 %).
    draws_failed
        Draws left out.
    language
        ``vi`` or ``en``.

    Returns
    -------
    tuple of str
        The judgement first, then the regret of each plan, the most chosen communes and
        district combinations and the min–max-regret plan.
    """
    by_id = plans.set_index("plan_id")
    tolerance = format_percent(indifference_share, decimals=0, language=language)
    judged_id, prefix = (
        (compare_plan_id, "compare")
        if compare_plan_id is not None
        else (optimised_plan_id, "optimised")
    )
    judged = by_id.loc[judged_id]
    share = float(judged["within_indifference_share"])
    subject = _text(f"subject_{prefix}", language)
    lines = [
        _text("within", language).format(
            subject=subject,
            where=judged["districts"] or judged["communes"],
            tolerance=tolerance,
            share=format_percent(share, decimals=0, language=language),
        )
        + _judgement(share, prefix, language)
    ]
    lines.append(
        _regret_line(_text("subject_optimised", language), by_id.loc[optimised_plan_id], language)
    )
    if compare_plan_id is not None:
        lines.append(
            _regret_line(_text("subject_compare", language), by_id.loc[compare_plan_id], language)
        )
    top = site_frequency.head(TOP_SITES)
    if not top.empty:
        sites = ", ".join(
            f"{row.commune_name_vi} ({row.district_name_vi}) "
            f"{format_percent(row.chosen_share, decimals=0, language=language)}"
            for row in top.itertuples()
        )
        lines.append(_text("sites", language).format(sites=sites))
    if not district_sets.empty:
        sets = ", ".join(
            f"{row.districts} {format_percent(row.share, decimals=0, language=language)}"
            for row in district_sets.head(TOP_SITES).itertuples()
        )
        lines.append(_text("districts", language).format(sets=sets))
    minimax = by_id.loc[minimax_plan_id]
    lines.append(
        _text("minimax", language).format(
            plans=len(by_id),
            where=minimax["communes"] or minimax_plan_id,
            worst=_number(minimax["regret_person_minutes_worst"], language),
            worst_share=format_percent(
                minimax["regret_share_worst"], decimals=2, language=language
            ),
        )
    )
    if draws_failed:
        lines.append(_text("failed", language).format(failed=draws_failed))
    return tuple(lines)
