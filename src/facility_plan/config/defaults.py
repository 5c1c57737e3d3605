"""Cited default settings: target groups (shares, their ranges, sources, status), anchors, ageing growth."""

from __future__ import annotations

from typing import Any

from facility_plan.config.base import BasePopulation


def default_target_groups() -> dict[str, dict[str, Any]]:
    """Default target groups with the prevalence figures of ``shared/docs/domain.md`` and their sources.

    Each group's low–high ranges (``*_range``) carry their own ``range_source`` and
    ``range_status``; a share without a range moves by the multiplier of its status
    (`facility_plan.config.uncertainty.default_share_factors`: seen ±10 %, derived ±25 %,
    placeholder ±50 %).

    Returns
    -------
    dict
        Group name → settings mapping (plain data, validated by `TargetGroupSettings`).
    """
    return {
        "elderly": {
            "label_vi": "Người cao tuổi",
            "base": "age_60plus",
            "eligible_share": 0.14,
            "residential_share": 0.014,
            "source": (
                "eligible: >1.6 M elderly on monthly allowance (VietnamPlus 2018) / 11.41 M aged 60+ "
                "(2019 census); residential: residents ≈ 1.3–1.5 % of allowance recipients "
                "(Decision 966 / baochinhphu 2024, domain.md §1.5)"
            ),
            "status": "derived",
            "served_by_types": ("elderly", "general", "social_work"),
            "dependent_share": 0.4,
            "residential_range": (0.013, 0.015),
            "range_source": (
                "eligible: no second source, ±25 % (derived); residential: 1.3 % (45,000 / "
                "3.35 M, 2020/2024) to 1.5 % (40,000 / 2.6 M, 2015) of allowance recipients live "
                "in a facility (domain.md §1.5), assumed to hold for this group"
            ),
            "range_status": "derived",
        },
        "disability": {
            "label_vi": "Người khuyết tật nặng",
            "base": "total",
            "prevalence_share": 0.031,
            "eligible_share": 0.289,
            "residential_share": 0.014,
            "source": (
                "prevalence 3.1 % (Ninh Bình registry, tmt-foundation.org ~2022); severe 28.9 % "
                "(MOLISA ~2017); residential as for the elderly (domain.md §2, §1.5)"
            ),
            "status": "derived",
            "served_by_types": ("disability", "general", "social_work"),
            "dependent_share": 0.6,
            "prevalence_range": (0.028, 0.034),
            "eligible_range": (0.26, 0.34),
            "residential_range": (0.013, 0.015),
            "range_source": (
                "prevalence: ±10 % of the rounded registry count (seen); eligible: low 28.9 % − 10 %, "
                "high >1 M PWD on allowance (2018) / (3.1 % × 96.2 M) ≈ 34 %; residential: "
                "1.3–1.5 % of allowance recipients (domain.md §1.5, §2)"
            ),
            "range_status": "derived",
        },
        "mental_illness": {
            "label_vi": "Người tâm thần",
            "base": "total",
            "prevalence_share": 0.002,
            "eligible_share": 0.98,
            "residential_share": 0.1,
            "source": (
                "severe mental illness ≈ 0.2 %, 98 % cannot self-care (MCNV via VNS 2016); "
                "residential share 10 % is an assumption with no source"
            ),
            "status": "placeholder",
            "served_by_types": ("mental_health", "other"),
            "dependent_share": 0.5,
            "residents_per_carer_able": 4.0,
            "residents_per_carer_dependent": 2.0,
            "prevalence_range": (0.0018, 0.0022),
            "eligible_range": (0.88, 1.0),
            "residential_range": (0.05, 0.15),
            "range_source": (
                "prevalence and 98 % cannot self-care: ±10 % (seen, MCNV 2016); residential 10 % "
                "has no source: ±50 % (placeholder)"
            ),
            "range_status": "placeholder",
        },
        "children": {
            "label_vi": "Trẻ em có hoàn cảnh đặc biệt",
            "base": "age_0_14",
            "prevalence_share": 0.0009,
            "residential_share": 0.36,
            "source": (
                "orphans who lost both parents 0.09 % of children; 36 % of social-protection orphans "
                "live in facilities (baochinhphu, 31 Dec 2022; domain.md §1.5, §2)"
            ),
            "status": "seen",
            "served_by_types": ("children", "general", "social_work"),
            "dependent_share": 0.2,
            "residents_per_carer_able": 10.0,
            "residents_per_carer_dependent": 5.0,
            "prevalence_range": (0.00081, 0.00099),
            "residential_range": (0.324, 0.61),
            "range_source": (
                "prevalence ±10 % (seen); residential low 36 % − 10 %, high: Lạng Sơn houses "
                "0.55 children per 1,000 children (112 / 204,049, KH 32/KH-UBND 2024) = 0.09 % × 61 %"
            ),
            "range_status": "derived",
        },
        "emergency": {
            "label_vi": "Người cần bảo vệ khẩn cấp",
            "base": "total",
            "prevalence_share": 0.0001,
            "residential_share": 0.25,
            "source": (
                "victims of violence, trafficking, homeless people awaiting return (Decree 20/2021 "
                "Art. 24(2)); 1 per 10,000 a year and a 25 % shelter share are assumptions; stays "
                "≤ 3 months"
            ),
            "status": "placeholder",
            "served_by_types": ("social_work", "general"),
            "dependent_share": 0.0,
            "residents_per_carer_able": 12.0,
            "residents_per_carer_dependent": 12.0,
            "range_source": "no source: every share ±50 % (placeholder)",
            "range_status": "placeholder",
        },
    }


def default_demand_anchors() -> dict[str, Any]:
    """Independent cross-checks of a province's residential demand, with sources and status.

    Both are national ratios (domain.md §1.5) applied to the province's population in the demand
    year; they count people the system houses today or aims to house, not need.

    Returns
    -------
    dict
        Plain data validated by `facility_plan.config.DemandAnchorSettings`.
    """
    return {
        "residents_per_1000": (0.46, 0.62),
        "residents_per_1000_source": (
            "45,000 residents in social-assistance facilities (2020, Decision 966/QĐ-TTg) / "
            "~97.6 M people = 0.46 per 1,000; 65,000 targeted for 2030 / ~104 M = 0.62 per 1,000 "
            "(domain.md §1.5)"
        ),
        "residents_per_1000_status": "derived",
        "recipients_share_of_population": 0.033,
        "facility_share_of_recipients": (0.013, 0.015),
        "register_source": (
            ">3.35 M monthly allowance recipients ≈ 3.3 % of the population (baochinhphu, Jun "
            "2024); 1.3–1.5 % of recipients live in a facility (45,000 / 3.35 M; 40,000 / 2.6 M; "
            "domain.md §1.5). The elderly and disability groups use the same 1.3–1.5 %"
        ),
        "register_status": "derived",
    }


def default_growth_per_year() -> dict[BasePopulation, float]:
    """Yearly growth of each base population (share per year), derived from census figures.

    total: 85.85 M (2009 census) → 96.21 M (2019 census), +1.15 %/year (GSO). 60+ and 80+:
    9.9 % (2011) → 11.95 % (2018) of a growing population (VGP 2020) gives ≈ +3.9 %/year for 60+;
    80+ is set to the same (no source, flagged). Children 0–14: flat (assumption).
    """
    return {"total": 0.0115, "age_60plus": 0.039, "age_80plus": 0.039, "age_0_14": 0.0}
