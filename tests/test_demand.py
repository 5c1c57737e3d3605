"""Demand arithmetic on a hand-computed case, and calibration."""

from __future__ import annotations

import pandas as pd
import pytest

from facility_plan.config import DemandConfig, TargetGroupSettings
from facility_plan.demand import compute_base_populations, compute_demand
from facility_plan.errors import InputDataError


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


def _config(calibrate: float | None = None) -> DemandConfig:
    return DemandConfig(
        groups={
            "elderly": TargetGroupSettings(
                label_vi="NCT", base="age_60plus", eligible_share=0.5, residential_share=0.1
            ),
            "children": TargetGroupSettings(
                label_vi="TE", base="age_0_14", prevalence_share=0.01, residential_share=0.5
            ),
        },
        calibrate_total_persons=calibrate,
    )


def test_hand_computed_demand() -> None:
    communes, districts = _tables()
    bases = compute_base_populations(communes, districts)
    # 60+ share 600/4000 = 0.15 → 150 and 450; 0-14 share 0.2 → 200 and 600.
    assert bases["age_60plus"].tolist() == pytest.approx([150.0, 450.0])
    assert bases["age_0_14"].tolist() == pytest.approx([200.0, 600.0])
    estimate = compute_demand(communes, districts, _config())
    # elderly 150×0.5×0.1 = 7.5 and 22.5; children 200×0.01×0.5 = 1 and 3.
    assert estimate.by_commune["elderly"].tolist() == pytest.approx([7.5, 22.5])
    assert estimate.by_commune["children"].tolist() == pytest.approx([1.0, 3.0])
    assert estimate.by_commune["demand_persons"].tolist() == pytest.approx([8.5, 25.5])
    assert estimate.raw_total_persons == pytest.approx(34.0)
    assert estimate.calibration_factor == 1.0
    assert estimate.placeholder_groups == ["elderly", "children"]


def test_calibration_scales_every_group_by_one_factor() -> None:
    communes, districts = _tables()
    estimate = compute_demand(communes, districts, _config(calibrate=68.0))
    assert estimate.calibration_factor == pytest.approx(2.0)
    assert estimate.by_commune["demand_persons"].tolist() == pytest.approx([17.0, 51.0])
    assert estimate.by_commune["raw_demand_persons"].tolist() == pytest.approx([8.5, 25.5])
    assert "scaled ×2.000" in estimate.describe_calibration()


def test_changing_a_prevalence_changes_demand() -> None:
    communes, districts = _tables()
    base = compute_demand(communes, districts, _config())
    groups = dict(_config().groups)
    groups["children"] = groups["children"].model_copy(update={"prevalence_share": 0.02})
    changed = compute_demand(communes, districts, DemandConfig(groups=groups))
    assert changed.raw_total_persons == pytest.approx(base.raw_total_persons + 4.0)


def test_unknown_district_is_named() -> None:
    communes, districts = _tables()
    communes.loc["00002", "district_code"] = "999"
    with pytest.raises(
        InputDataError, match=r"communes.csv, row 2, field 'district_code': unknown district '999'"
    ):
        compute_demand(communes, districts, _config(), source="communes.csv")
