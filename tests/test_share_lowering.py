"""An overall served share is lowered only when the solver proves no plan reaches it."""

from __future__ import annotations

from typing import Any

import pytest

from facility_plan.errors import InfeasibleScenarioError, SolverError
from facility_plan.models import Solution, SolveStatus
from facility_plan.scenario import objective


def _empty(status: SolveStatus) -> Solution:
    return Solution("capacitated", status, None, None, 20.0, "highs", ())


def test_a_proven_infeasible_solve_is_infeasible() -> None:
    with pytest.raises(InfeasibleScenarioError, match="proved the model infeasible"):
        objective._checked(_empty(SolveStatus.INFEASIBLE), "2030")


def test_a_solve_stopped_without_a_plan_is_a_solver_error_not_infeasibility() -> None:
    with pytest.raises(SolverError, match="time_limit_seconds"):
        objective._checked(_empty(SolveStatus.NOT_SOLVED), "2030")


def _fake_once(outcomes: dict[float, Exception | None], asked: list[float | None]) -> Any:
    def once(*_: Any, shares: tuple[float | None, dict[str, float]], label: str) -> Any:
        asked.append(shares[0])
        error = outcomes.get(shares[0])
        if error is not None:
            raise error
        return _empty(SolveStatus.OPTIMAL), None

    return once


def test_share_steps_down_only_after_proven_infeasibility(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float | None] = []
    outcomes: dict[float, Exception | None] = {
        0.9: InfeasibleScenarioError("proved"),
        0.85: InfeasibleScenarioError("proved"),
    }
    monkeypatch.setattr(objective, "_solve_costed_once", _fake_once(outcomes, asked))
    objective.solve_costed(None, None, None, None, shares=(0.9, {}), label="x")  # type: ignore[arg-type]
    assert asked == [0.9, 0.85, 0.8]


def test_a_time_limit_never_lowers_the_share(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float | None] = []
    outcomes: dict[float, Exception | None] = {0.9: SolverError("stopped at the time limit")}
    monkeypatch.setattr(objective, "_solve_costed_once", _fake_once(outcomes, asked))
    with pytest.raises(SolverError):
        objective.solve_costed(None, None, None, None, shares=(0.9, {}), label="x")  # type: ignore[arg-type]
    assert asked == [0.9]
