"""Communes placed at one point are reported: sites there tie and alternatives differ only in name."""

from __future__ import annotations

import pandas as pd

from facility_plan.io.plausibility import check_communes


def _communes(points: list[tuple[float, float]]) -> pd.DataFrame:
    codes = [f"0000{i}" for i in range(1, len(points) + 1)]
    return pd.DataFrame(
        {
            "name_vi": [f"Xã {i}" for i in range(1, len(points) + 1)],
            "district_code": ["001"] * len(points),
            "unit_type": ["xa"] * len(points),
            "population_persons": [1000] * len(points),
            "lat": [p[0] for p in points],
            "lon": [p[1] for p in points],
        },
        index=pd.Index(codes, name="admin_code"),
    )


def test_communes_sharing_a_point_give_one_warning_naming_them() -> None:
    communes = _communes([(20.1, 105.9), (20.2, 105.8), (20.1, 105.9), (20.3, 105.7)])
    districts = pd.DataFrame({"population_persons": [4000]}, index=pd.Index(["001"]))
    problems = check_communes(communes, districts, "communes.csv")
    shared = [p for p in problems if "share one point" in p.message]
    assert len(shared) == 1
    problem = shared[0]
    assert problem.severity == "warning"
    assert (problem.source, problem.row, problem.field) == ("communes.csv", 1, "lat")
    assert "Xã 1 (00001), Xã 3 (00003)" in problem.message


def test_distinct_points_give_no_shared_point_warning() -> None:
    communes = _communes([(20.1, 105.9), (20.1000011, 105.9), (20.3, 105.7)])
    districts = pd.DataFrame({"population_persons": [3000]}, index=pd.Index(["001"]))
    assert not [p for p in check_communes(communes, districts, "c.csv") if "share" in p.message]


def test_the_warning_reads_in_the_run_language() -> None:
    communes = _communes([(20.1, 105.9), (20.1, 105.9)])
    districts = pd.DataFrame({"population_persons": [2000]}, index=pd.Index(["001"]))
    (problem,) = [p for p in check_communes(communes, districts, "x.csv") if p.label_key]
    vi = problem.text("vi")
    assert vi.startswith("x.csv, dòng 1, trường 'lat': Xã 1 (00001), Xã 2 (00002) nằm tại cùng")
    assert "share one point" not in vi
    assert problem.text("en") == str(problem)
