"""Tests of facility_plan.travel.accessibility against hand computations and analytic cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from facility_plan.errors import ProblemError
from facility_plan.travel import (
    TravelMatrix,
    aggregate_by_admin,
    compute_enhanced_two_step_fca,
    compute_nearest_minutes,
    compute_share_within,
    compute_two_step_fca,
    gaussian_decay,
    linear_decay,
    step_decay,
    zonal_decay,
)

PLACES = ["x", "y", "z"]

# Three places that are both demand points and sites, with an ASYMMETRIC matrix (one-way roads):
# minutes[i, j] = minutes from demand point i to site j.
ASYMMETRIC_MINUTES = np.array(
    [
        [0.0, 15.0, 30.0],
        [25.0, 0.0, 10.0],
        [5.0, 40.0, 0.0],
    ]
)
DEMAND = pd.Series([100.0, 200.0, 300.0], index=PLACES)  # persons
SUPPLY = pd.Series([40.0, 60.0, 25.0], index=PLACES)  # places


def _travel(minutes: np.ndarray, origins: list[str], sites: list[str]) -> TravelMatrix:
    return TravelMatrix(pd.Index(origins), pd.Index(sites), minutes.astype(float))


def test_two_step_fca_hand_computed_on_an_asymmetric_matrix() -> None:
    # Catchment 20 minutes, step decay: w_ij = 1 if minutes[i, j] <= 20 (origin → site).
    #   w = [[1, 1, 0],
    #        [0, 1, 1],
    #        [1, 0, 1]]
    # Step 1, per site j: R_j = S_j / Σ_i P_i w_ij
    #   R_x = 40 / (100·1 + 200·0 + 300·1) = 40 / 400 = 0.10
    #   R_y = 60 / (100·1 + 200·1 + 300·0) = 60 / 300 = 0.20
    #   R_z = 25 / (100·0 + 200·1 + 300·1) = 25 / 500 = 0.05
    # Step 2, per origin i: A_i = Σ_j w_ij R_j
    #   A_x = 0.10 + 0.20 = 0.30,  A_y = 0.20 + 0.05 = 0.25,  A_z = 0.10 + 0.05 = 0.15
    # Using the transposed matrix in step 1 (pysal/access#18) would give R_x = 40 / 300 instead.
    travel = _travel(ASYMMETRIC_MINUTES, PLACES, PLACES)
    access = compute_two_step_fca(travel, DEMAND, SUPPLY, catchment_minutes=20)
    assert access.name == "access_ratio"
    assert list(access.index) == PLACES
    np.testing.assert_allclose(access.to_numpy(), [0.30, 0.25, 0.15])
    # All supply is handed out when every site has demand in its catchment: Σ P_i A_i = Σ S_j.
    assert (access * DEMAND).sum() == pytest.approx(SUPPLY.sum())
    # The transposed matrix is a different problem and gives different scores.
    transposed = _travel(ASYMMETRIC_MINUTES.T.copy(), PLACES, PLACES)
    assert not np.allclose(
        compute_two_step_fca(transposed, DEMAND, SUPPLY, catchment_minutes=20), access
    )


def test_full_catchment_gives_total_supply_over_total_demand() -> None:
    rng = np.random.default_rng(3)
    minutes = rng.uniform(0, 100, size=(7, 4))
    origins = [f"o{i}" for i in range(7)]
    sites = [f"s{j}" for j in range(4)]
    demand = pd.Series(rng.uniform(10, 500, size=7), index=origins)
    supply = pd.Series(rng.uniform(5, 50, size=4), index=sites)
    access = compute_two_step_fca(
        _travel(minutes, origins, sites), demand, supply, catchment_minutes=1000
    )
    np.testing.assert_allclose(access.to_numpy(), supply.sum() / demand.sum())


def test_linear_decay_hand_computed() -> None:
    # 1 origin group of two points, 2 sites, catchment 20 min, w = 1 - t/20.
    #   minutes: a→s1 = 0 (w 1), a→s2 = 10 (w 0.5); b→s1 = 10 (w 0.5), b→s2 = 30 (w 0)
    #   P = (100, 100), S = (30, 10)
    #   R_s1 = 30 / (100·1 + 100·0.5) = 0.2;  R_s2 = 10 / (100·0.5 + 0) = 0.2
    #   A_a = 1·0.2 + 0.5·0.2 = 0.3;  A_b = 0.5·0.2 + 0 = 0.1
    travel = _travel(np.array([[0.0, 10.0], [10.0, 30.0]]), ["a", "b"], ["s1", "s2"])
    demand = pd.Series([100.0, 100.0], index=["a", "b"])
    supply = pd.Series([30.0, 10.0], index=["s1", "s2"])
    access = compute_two_step_fca(travel, demand, supply, catchment_minutes=20, decay="linear")
    np.testing.assert_allclose(access.to_numpy(), [0.3, 0.1])


def test_enhanced_two_step_fca_with_zones() -> None:
    # Zones: ≤10 min weight 1, ≤20 min weight 0.5, beyond 0.
    #   minutes a→s = 5 (w 1), b→s = 15 (w 0.5), c→s = 25 (w 0);  P = (10, 20, 30), S = 40
    #   R_s = 40 / (10·1 + 20·0.5 + 0) = 2
    #   A = (2, 1, 0)
    travel = _travel(np.array([[5.0], [15.0], [25.0]]), ["a", "b", "c"], ["s"])
    demand = pd.Series([10.0, 20.0, 30.0], index=["a", "b", "c"])
    supply = pd.Series([40.0], index=["s"])
    access = compute_enhanced_two_step_fca(travel, demand, supply, zones=[(10, 1.0), (20, 0.5)])
    np.testing.assert_allclose(access.to_numpy(), [2.0, 1.0, 0.0])


def test_decay_factories() -> None:
    minutes = np.array([0.0, 10.0, 20.0, 30.0, np.inf])
    np.testing.assert_allclose(step_decay(20)(minutes), [1, 1, 1, 0, 0])
    np.testing.assert_allclose(linear_decay(20)(minutes), [1, 0.5, 0, 0, 0])
    gauss = gaussian_decay(20)(minutes)
    expected_10 = (np.exp(-0.5 * 0.25) - np.exp(-0.5)) / (1 - np.exp(-0.5))
    np.testing.assert_allclose(gauss, [1, expected_10, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(
        zonal_decay([(10, 1.0), (20, 0.68), (30, 0.22)])(minutes), [1, 1, 0.68, 0.22, 0]
    )
    with pytest.raises(ValueError, match="strictly increasing"):
        zonal_decay([(20, 1.0), (10, 0.5)])
    with pytest.raises(ValueError, match="max_minutes is -1"):
        step_decay(-1)


def test_open_site_ids_and_unreachable_sites() -> None:
    minutes = np.array([[5.0, np.inf], [50.0, 8.0]])
    travel = _travel(minutes, ["a", "b"], ["s1", "s2"])
    nearest = compute_nearest_minutes(travel)
    np.testing.assert_allclose(nearest.to_numpy(), [5.0, 8.0])
    only_s2 = compute_nearest_minutes(travel, open_site_ids=["s2"])
    assert only_s2.to_numpy().tolist() == [np.inf, 8.0]
    demand = pd.Series([30.0, 70.0], index=["a", "b"])
    assert compute_share_within(travel, demand, max_minutes=10) == pytest.approx(1.0)
    assert compute_share_within(travel, demand, max_minutes=10, open_site_ids=["s1"]) == (
        pytest.approx(0.3)
    )
    supply = pd.Series([10.0], index=["s2"])  # supply needed for open sites only
    access = compute_two_step_fca(
        travel, demand, supply, catchment_minutes=60, open_site_ids=["s2"]
    )
    np.testing.assert_allclose(access.to_numpy(), [0.0, 10.0 / 70.0])
    with pytest.raises(ProblemError, match=r"open_site_ids not in the travel matrix: \['s9'\]"):
        compute_nearest_minutes(travel, open_site_ids=["s9"])
    with pytest.raises(ProblemError, match=r"demand_persons: no value for origin ids \['b'\]"):
        compute_share_within(travel, demand.loc[["a"]], max_minutes=10)
    with pytest.raises(ProblemError, match=r"supply: site ids \['s1'\] have values"):
        compute_two_step_fca(
            travel, demand, pd.Series([-1.0, 2.0], index=["s1", "s2"]), catchment_minutes=10
        )


def test_aggregate_by_admin_is_demand_weighted() -> None:
    ids = ["a", "b", "c", "d"]
    values = pd.Series([10.0, 20.0, 5.0, np.inf], index=ids)
    demand = pd.Series([1.0, 3.0, 2.0, 0.0], index=ids)
    codes = pd.Series(["001", "001", "002", "003"], index=ids)
    # 001: (10·1 + 20·3) / 4 = 17.5;  002: 5;  003 has no demand → NaN (its inf is ignored).
    result = aggregate_by_admin(values, demand, codes)
    assert list(result.index) == ["001", "002", "003"]
    np.testing.assert_allclose(result.to_numpy(), [17.5, 5.0, np.nan])
    unreachable = aggregate_by_admin(values, demand.replace(0.0, 1.0), codes)
    assert unreachable["003"] == np.inf
    with pytest.raises(ProblemError, match=r"admin_codes: no admin code for origin ids \['d'\]"):
        aggregate_by_admin(values, demand, codes.iloc[:3])
