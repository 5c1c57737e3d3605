"""The examples in the docstrings run and give what they show (doctest on the installed package)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import facility_plan

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(facility_plan.__path__, prefix="facility_plan.")
    if "_vendor" not in info.name and not info.name.endswith("__main__")
)


def test_the_package_has_modules_with_examples() -> None:
    with_examples = [
        name
        for name in MODULES
        if doctest.DocTestFinder().find(importlib.import_module(name), name)
        and any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(name)))
    ]
    assert len(with_examples) >= 10, with_examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
