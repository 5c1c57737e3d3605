"""Registry of model specs: kind → spec class, build a spec from a kind and fields, and solve it."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

from facility_plan.errors import ScenarioConfigError
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec
from facility_plan.models.coverage import MaxCoverageSpec, SetCoveringSpec
from facility_plan.models.p_center import PCenterSpec
from facility_plan.models.p_median import PMedianSpec
from facility_plan.models.phased import PhasedSpec
from facility_plan.models.solution import Solution
from facility_plan.problem import Problem


class ModelSpec(Protocol):
    """What every model spec offers: its kind and a solve on a problem."""

    kind: ClassVar[str]

    def solve(self, problem: Problem, solver: SolverSettings = ...) -> Solution:
        """Solve this model on `problem`."""
        ...


MODEL_SPECS: Mapping[str, type] = types.MappingProxyType(
    {
        spec.kind: spec
        for spec in (
            PMedianSpec,
            MaxCoverageSpec,
            SetCoveringSpec,
            PCenterSpec,
            CapacitatedSpec,
            PhasedSpec,
        )
    }
)


def spec_from_kind(kind: str, **fields: Any) -> ModelSpec:
    """Build the spec of model `kind` from its fields.

    Parameters
    ----------
    kind
        One of `MODEL_SPECS` (``p_median``, ``max_coverage``, ``set_covering``, ``p_center``,
        ``capacitated``, ``phased``).
    **fields
        The model's keyword arguments (other than problem and solver), by name.

    Returns
    -------
    ModelSpec
        A frozen spec; ``spec.solve(problem, solver)`` runs the model.

    Raises
    ------
    ScenarioConfigError
        If `kind` is unknown, a field is unknown or a required field is missing; the message
        names the offender and the allowed kinds or fields.
    """
    spec_class = MODEL_SPECS.get(kind)
    if spec_class is None:
        msg = f"unknown model kind {kind!r}; allowed: {', '.join(sorted(MODEL_SPECS))}"
        raise ScenarioConfigError(msg)
    declared = {f.name: f for f in dataclasses.fields(spec_class)}
    unknown = sorted(set(fields) - set(declared))
    if unknown:
        msg = (
            f"model {kind!r}: unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(declared))}"
        )
        raise ScenarioConfigError(msg)
    missing = sorted(
        name
        for name, field in declared.items()
        if name not in fields
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    )
    if missing:
        msg = f"model {kind!r}: missing required field(s) {', '.join(map(repr, missing))}"
        raise ScenarioConfigError(msg)
    spec: ModelSpec = spec_class(**fields)
    return spec


def solve(
    problem: Problem,
    spec: ModelSpec,
    solver: SolverSettings = SolverSettings(),
) -> Solution:
    """Solve the model `spec` describes on `problem` (dispatches through ``spec.solve``).

    Parameters
    ----------
    problem
        Demand (persons), sites and travel matrix (minutes).
    spec
        A model spec (e.g. ``PMedianSpec(p=3)`` or ``spec_from_kind("p_median", p=3)``).
    solver
        Solver settings, passed whole to every solve the model makes.

    Returns
    -------
    Solution

    Raises
    ------
    ScenarioConfigError
        If `spec` is not one of the registered spec classes.
    """
    if type(spec) not in MODEL_SPECS.values():
        msg = (
            f"{type(spec).__name__} is not a registered model spec; allowed: "
            f"{', '.join(cls.__name__ for cls in MODEL_SPECS.values())}"
        )
        raise ScenarioConfigError(msg)
    return spec.solve(problem, solver)
