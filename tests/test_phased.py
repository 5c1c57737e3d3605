"""Phased plans: a centre once opened stays open; budgets per period; demand grows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from facility_plan.models.phased import phased
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix


def _problem() -> Problem:
    # Villages a, b, c at km 0, 10, 20; existing centre E at km 0 with 10 places;
    # candidates N10 (km 10) and N20 (km 20), one tier of 10 places for 1 bn VND. Minutes = km.
    villages = np.array([0.0, 10.0, 20.0])
    sites = np.array([0.0, 10.0, 20.0])
    demand = pd.DataFrame(
        {"demand_persons": 0.0, "admin_code": ["1", "2", "3"]},
        index=pd.Index(["a", "b", "c"], name="demand_id"),
    )
    site_table = pd.DataFrame(
        {
            "status": ["existing", "candidate", "candidate"],
            "capacity_places": [10.0, np.nan, np.nan],
            "open_cost_vnd": 0.0,
            "admin_code": ["1", "2", "3"],
        },
        index=pd.Index(["E", "N10", "N20"], name="site_id"),
    )
    tiers = pd.DataFrame(
        {
            "site_id": ["N10", "N20"],
            "tier_id": ["S", "S"],
            "capacity_places": [10.0, 10.0],
            "open_cost_vnd": [1e9, 1e9],
        }
    )
    travel = TravelMatrix(
        demand.index, site_table.index, np.abs(villages[:, None] - sites[None, :])
    )
    return Problem(demand=demand, sites=site_table, travel=travel, site_tiers=tiers)


def test_opening_waits_for_the_budget_and_stays_open() -> None:
    demand = pd.DataFrame(
        {"2025": [10.0, 0.0, 5.0], "2030": [10.0, 5.0, 10.0]}, index=pd.Index(["a", "b", "c"])
    )
    solution = phased(
        _problem(),
        demand_by_period=demand,
        budgets_vnd={"2025": 0.0, "2030": 1e9},
        unserved_penalty=100.0,
    )
    assert solution.status == "optimal"
    # 2025: no money → E serves a (10 persons, 0 min); c unserved (5 × 100).
    assert solution.periods["2025"].unserved_persons == pytest.approx(5.0)
    # 2030: open N20 (serves c at 0 min and 5 of b... capacity 10 → c 10 at 0 min); b 5 unserved or
    # to E (full with a). Best: N20 takes c (10), b unserved 5 → 500; or N10 takes b 5 + c 5 (50 min)
    # and 5 of c unserved (500) → worse. So N20 opens in 2030.
    assert list(solution.openings["site_id"]) == ["N20"]
    assert list(solution.openings["opened_in"]) == ["2030"]
    assert "N20" not in solution.periods["2025"].open_site_ids
    assert "N20" in solution.periods["2030"].open_site_ids
    assert solution.objective == pytest.approx(500.0 + 500.0)


def test_opened_early_is_still_open_later() -> None:
    demand = pd.DataFrame({"2025": [0.0, 10.0, 0.0], "2030": [0.0, 0.0, 10.0]}, index=list("abc"))
    solution = phased(
        _problem(),
        demand_by_period=demand,
        budgets_vnd={"2025": 1e9, "2030": 0.0},
        unserved_penalty=100.0,
    )
    # N10 opens in 2025 for b, and in 2030 it is still open to serve c (10 minutes) with no new money.
    assert list(solution.openings["site_id"]) == ["N10"]
    assert "N10" in solution.periods["2030"].open_site_ids
    assert solution.periods["2030"].unserved_persons == pytest.approx(0.0)
    assert solution.objective == pytest.approx(100.0)


@pytest.mark.slow
def test_budget_pareto_on_the_plan_choice() -> None:
    from conftest import SCENARIOS

    from facility_plan.config import load_scenario
    from facility_plan.scenario import compute_budget_pareto

    frame = compute_budget_pareto(
        load_scenario(SCENARIOS / "ninh_binh_2025_plan_choice.toml"), [0.0, 7e9, 14e9, 17.5e9]
    )
    # 7 bn VND cannot open a centre in both Yên Mô and Kim Sơn: reported, not hidden.
    assert list(frame["status"]) == ["optimal", "infeasible", "optimal", "optimal"]
    feasible = frame[frame["status"] == "optimal"]
    assert feasible["places_total"].tolist() == [560.0, 600.0, 610.0]
    assert (feasible["served_persons"].diff().dropna() >= -1e-6).all()
    assert (feasible["investment_vnd"] <= feasible["budget_vnd"]).all()
