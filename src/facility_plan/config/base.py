"""Shared pieces of the scenario schema: the strict frozen base model and the closed vocabularies."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
)

AssumptionStatus = Literal["seen", "recalled", "derived", "plan", "placeholder"]


FacilityType = Literal[
    "elderly", "children", "disability", "mental_health", "general", "social_work", "other"
]


BasePopulation = Literal["total", "age_0_14", "age_60plus", "age_80plus"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
