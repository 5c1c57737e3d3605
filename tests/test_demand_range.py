"""Demand as an estimate with a range and independent anchors: a two-commune toy computed by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from facility_plan.config import (
    DemandAnchorSettings,
    DemandConfig,
    TargetGroupSettings,
    default_target_groups,
)
from facility_plan.demand import compute_demand


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    communes = pd.DataFrame(
        {"population_persons": [1000.0, 3000.0], "district_code": ["001", "001"]},
        index=pd.Index(["00001", "00002"], name="admin_code"),
    )
    districts = pd.DataFrame(
        {
            "population_persons": [4000.0],
            "age_0_14_persons": [800.0],
            "age_60plus_persons": [600.0],
            "age_80plus_persons": [100.0],
        },
        index=pd.Index(["001"], name="district_code"),
    )
    return communes, districts


def _config(**changes: Any) -> DemandConfig:
    groups = {
        # Explicit ranges for both shares it sets.
        "elderly": TargetGroupSettings(
            label_vi="NCT",
            base="age_60plus",
            eligible_share=0.5,
            eligible_range=(0.4, 0.6),
            residential_share=0.1,
            residential_range=(0.05, 0.2),
            status="derived",
            range_source="toy",
        ),
        # No ranges given: status "seen" moves each share it sets by ±10 %; eligible_share is
        # left at 1.0 (the whole base) and does not move.
        "children": TargetGroupSettings(
            label_vi="TE",
            base="age_0_14",
            prevalence_share=0.01,
            residential_share=0.5,
            status="seen",
        ),
    }
    return DemandConfig(groups=groups, **changes)


def test_central_low_high_by_hand() -> None:
    communes, districts = _tables()
    estimate = compute_demand(communes, districts, _config())
    # 60+ share 600/4000 = 0.15 → bases 150 and 450; 0–14 share 0.2 → 200 and 600.
    # elderly central 150×0.5×0.1 = 7.5, 450×0.5×0.1 = 22.5
    #         low     150×0.4×0.05 = 3.0, 450×0.4×0.05 = 9.0
    #         high    150×0.6×0.2 = 18.0, 450×0.6×0.2 = 54.0
    assert estimate.by_commune["elderly"].tolist() == pytest.approx([7.5, 22.5])
    assert estimate.low["elderly"].tolist() == pytest.approx([3.0, 9.0])
    assert estimate.high["elderly"].tolist() == pytest.approx([18.0, 54.0])
    # children central 200×0.01×0.5 = 1.0, 600×0.01×0.5 = 3.0
    #          low  200×0.009×0.45 = 0.81, 600×0.009×0.45 = 2.43
    #          high 200×0.011×0.55 = 1.21, 600×0.011×0.55 = 3.63
    assert estimate.by_commune["children"].tolist() == pytest.approx([1.0, 3.0])
    assert estimate.low["children"].tolist() == pytest.approx([0.81, 2.43])
    assert estimate.high["children"].tolist() == pytest.approx([1.21, 3.63])
    # Totals: central 7.5+22.5+1+3 = 34; low 3+9+0.81+2.43 = 15.24; high 18+54+1.21+3.63 = 76.84.
    assert estimate.raw_total_persons == pytest.approx(34.0)
    assert estimate.low_total_persons == pytest.approx(15.24)
    assert estimate.high_total_persons == pytest.approx(76.84)
    assert estimate.groups.loc["elderly", "low_persons"] == pytest.approx(12.0)
    assert estimate.groups.loc["children", "high_persons"] == pytest.approx(4.84)
    # Not calibrated: the model serves the central estimate, and every output says so.
    assert not estimate.is_calibrated
    assert estimate.by_commune["demand_persons"].sum() == pytest.approx(34.0)
    assert "34 persons (range 15–77)" in estimate.describe_basis("en")
    assert "not calibrated" in estimate.describe_basis("en")
    assert "khoảng 15–77" in estimate.describe_basis("vi")


def test_anchors_by_hand() -> None:
    communes, districts = _tables()
    estimate = compute_demand(communes, districts, _config())
    national, register = estimate.anchors
    # Population 4,000: national 4,000 × 0.46 / 1,000 = 1.84 to 4,000 × 0.62 / 1,000 = 2.48.
    assert national.key == "national_rate"
    assert (national.low_persons, national.high_persons) == pytest.approx((1.84, 2.48))
    # Register route without a register: 4,000 × 3.3 % = 132 recipients × 1.3 % = 1.716 to
    # × 1.5 % = 1.98.
    assert register.key == "register"
    assert (register.low_persons, register.high_persons) == pytest.approx((1.716, 1.98))
    assert "no register given" in register.basis_en
    for anchor in estimate.anchors:
        assert anchor.source
        assert anchor.status == "derived"
    # With the province's register count (200 recipients): 200 × 1.3 % = 2.6 to × 1.5 % = 3.0.
    anchors = DemandAnchorSettings.model_validate({"allowance_recipients_persons": 200})
    with_register = compute_demand(communes, districts, _config(anchors=anchors))
    assert (with_register.anchors[1].low_persons, with_register.anchors[1].high_persons) == (
        pytest.approx((2.6, 3.0))
    )
    assert "(register)" in with_register.anchors[1].basis_en


def test_calibration_is_explicit_and_labelled() -> None:
    communes, districts = _tables()
    estimate = compute_demand(communes, districts, _config(calibrate_total_persons=68.0))
    # k = 68 / 34 = 2: the served demand doubles; the estimate and its range do not move.
    assert estimate.is_calibrated
    assert estimate.calibration_factor == pytest.approx(2.0)
    assert estimate.by_commune["demand_persons"].tolist() == pytest.approx([17.0, 51.0])
    assert estimate.raw_total_persons == pytest.approx(34.0)
    assert estimate.low_total_persons == pytest.approx(15.24)
    text = estimate.describe_basis("en")
    assert "set equal to the plan's scale: 68 persons" in text
    assert "served shares are then not evidence" in text
    assert "không phải là bằng chứng" in estimate.describe_basis("vi")


def test_a_central_value_outside_its_range_stretches_the_range() -> None:
    group = TargetGroupSettings(
        label_vi="X",
        base="total",
        prevalence_share=0.05,
        prevalence_range=(0.02, 0.04),
        residential_share=0.1,
    )
    assert group.share_bounds("prevalence") == (0.02, 0.05)
    with pytest.raises(ValueError, match="low <= high"):
        TargetGroupSettings(
            label_vi="X", base="total", residential_share=0.1, residential_range=(0.2, 0.1)
        )


def test_every_default_group_has_a_sourced_range_around_its_central_value() -> None:
    for name, raw in default_target_groups().items():
        group = TargetGroupSettings.model_validate(raw)
        assert group.range_source, name
        assert group.range_status_or_status in ("seen", "derived", "placeholder"), name
        for share in ("prevalence", "eligible", "residential"):
            low, high = group.share_bounds(share)  # type: ignore[arg-type]
            central = getattr(group, f"{share}_share")
            assert low <= central <= high, (name, share)
        assert group.share_bounds("residential")[0] < group.share_bounds("residential")[1], name
    # The only share without a source for its value is flagged as such.
    mental = TargetGroupSettings.model_validate(default_target_groups()["mental_illness"])
    assert mental.range_status == "placeholder"


def test_ninh_binh_reports_the_estimate_with_range_and_anchors(
    bundled_result: Callable[[str], Any],
) -> None:
    summary = bundled_result("ninh_binh_2025").summary
    demand = summary.demand_range
    assert demand.basis == "estimate"
    # The model serves the prevalence chain's own estimate, not the plan's 600.
    assert summary.demand_persons == pytest.approx(demand.central_persons)
    assert demand.central_persons == pytest.approx(818.07, abs=0.01)
    assert demand.low_persons < 600 < demand.central_persons < demand.high_persons
    national, register = demand.anchors
    # ≈ 1,052,258 people in 2025 (2019 census projected at +1.15 %/year) × 0.46–0.62 per 1,000.
    assert (national.low_persons, national.high_persons) == pytest.approx((484.0, 652.4), abs=0.1)
    # × 3.3 % recipients × 1.3–1.5 % in a facility.
    assert (register.low_persons, register.high_persons) == pytest.approx((451.4, 520.9), abs=0.1)
    assert "not calibrated" in demand.description_en
    assert any("Đối chiếu độc lập" in line for line in summary.plain_summary)
