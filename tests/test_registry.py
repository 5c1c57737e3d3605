"""Model registry: kind → spec class, specs mirror their model functions, errors name what is allowed."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from facility_plan.errors import ScenarioConfigError
from facility_plan.examples import line_problem
from facility_plan.models import (
    MODEL_SPECS,
    CapacitatedSpec,
    MaxCoverageSpec,
    PCenterSpec,
    PhasedSpec,
    PMedianSpec,
    SetCoveringSpec,
    SolverSettings,
    capacitated,
    max_coverage,
    p_center,
    p_median,
    set_covering,
    solve,
    spec_from_kind,
)
from facility_plan.models import phased as phased_module

MODEL_FUNCTIONS = {
    "p_median": p_median,
    "max_coverage": max_coverage,
    "set_covering": set_covering,
    "p_center": p_center,
    "capacitated": capacitated,
    "phased": phased_module.phased,
}
SPEC_CLASSES = {
    "p_median": PMedianSpec,
    "max_coverage": MaxCoverageSpec,
    "set_covering": SetCoveringSpec,
    "p_center": PCenterSpec,
    "capacitated": CapacitatedSpec,
    "phased": PhasedSpec,
}


def test_registry_lists_every_kind_once_and_is_read_only() -> None:
    assert dict(MODEL_SPECS) == SPEC_CLASSES
    with pytest.raises(TypeError):
        MODEL_SPECS["p_median"] = PCenterSpec  # type: ignore[index]


@pytest.mark.parametrize("kind", sorted(SPEC_CLASSES))
def test_spec_fields_mirror_the_model_function(kind: str) -> None:
    spec_class = MODEL_SPECS[kind]
    assert spec_class.kind == kind
    assert dataclasses.is_dataclass(spec_class)
    assert spec_class.__dataclass_params__.frozen  # type: ignore[attr-defined]
    signature = inspect.signature(MODEL_FUNCTIONS[kind])
    arguments = {
        name: parameter.default
        for name, parameter in signature.parameters.items()
        if name not in ("problem", "solver")
    }
    fields = {
        field.name: (
            field.default if field.default is not dataclasses.MISSING else inspect.Parameter.empty
        )
        for field in dataclasses.fields(spec_class)
    }
    assert set(fields) == set(arguments)
    for name, default in arguments.items():
        if default is inspect.Parameter.empty:
            assert fields[name] is inspect.Parameter.empty, name
        elif fields[name] is not inspect.Parameter.empty:
            assert fields[name] == default, name
    solver_parameter = signature.parameters["solver"]
    assert solver_parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert solver_parameter.default == SolverSettings()


def test_spec_from_kind_solves_like_the_function() -> None:
    problem = line_problem()
    spec = spec_from_kind("p_median", p=2)
    assert spec == PMedianSpec(p=2)
    via_registry = solve(problem, spec, SolverSettings(name="highs"))
    direct = p_median(problem, 2)
    assert (via_registry.status, via_registry.objective, via_registry.open_site_ids) == (
        direct.status,
        direct.objective,
        direct.open_site_ids,
    )
    center = solve(problem, spec_from_kind("p_center", p=1))
    assert center.model_kind == "p_center"
    assert center.objective == p_center(problem, 1).objective


def test_unknown_kind_names_the_allowed_ones() -> None:
    with pytest.raises(ScenarioConfigError, match="'p_medain'") as raised:
        spec_from_kind("p_medain", p=2)
    for kind in SPEC_CLASSES:
        assert kind in str(raised.value)


def test_unknown_field_names_the_field_and_the_allowed_ones() -> None:
    with pytest.raises(ScenarioConfigError, match=r"'radius'.*allowed: p\b"):
        spec_from_kind("p_median", p=2, radius=5)


def test_missing_field_is_named() -> None:
    with pytest.raises(ScenarioConfigError, match=r"missing required field.*'p'"):
        spec_from_kind("p_median")


def test_solve_rejects_an_unregistered_spec() -> None:
    @dataclasses.dataclass(frozen=True)
    class Imposter:
        kind = "p_median"

        def solve(self, problem: object, solver: SolverSettings = SolverSettings()) -> None:
            return None

    with pytest.raises(ScenarioConfigError, match="Imposter is not a registered model spec"):
        solve(line_problem(), Imposter())  # type: ignore[arg-type]
