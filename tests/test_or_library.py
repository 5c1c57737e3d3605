"""OR-Library instances with published optima (read from the shared folder; skipped when absent)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from facility_plan.models import SolveStatus, capacitated, p_center, p_median


def _load_orlib() -> ModuleType:
    """The OR-Library readers live with the benchmarks, outside the package."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "orlib.py"
    spec = importlib.util.spec_from_file_location("benchmarks_orlib", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ORLIB = _load_orlib()
read_cap, read_pmed, read_pmedcap = _ORLIB.read_cap, _ORLIB.read_pmed, _ORLIB.read_pmedcap

OR_LIBRARY = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "or_library"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not OR_LIBRARY.is_dir(), reason=f"{OR_LIBRARY} is absent"),
]

P_MEDIAN_OPTIMA = {"pmed1": 5819, "pmed2": 4093, "pmed3": 4250, "pmed4": 3034, "pmed5": 1355}
P_CENTER_OPTIMA = {"pmed1": 127, "pmed2": 98, "pmed3": 93, "pmed4": 74, "pmed5": 48}


def _path(name: str) -> Path:
    path = OR_LIBRARY / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


@pytest.mark.parametrize(("name", "optimum"), P_MEDIAN_OPTIMA.items())
def test_pmed_p_median_optimum(name: str, optimum: int) -> None:
    problem, p = read_pmed(_path(name))
    solution = p_median(problem, p)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.mip_gap == 0.0
    assert solution.objective == pytest.approx(optimum)
    assert len(solution.open_site_ids) == p
    assert solution.solve_seconds < 30.0  # seconds; was up to ~10 s before the Lagrangian bound


@pytest.mark.parametrize(("name", "optimum"), P_CENTER_OPTIMA.items())
def test_pmed_p_center_optimum(name: str, optimum: int) -> None:
    problem, p = read_pmed(_path(name))
    solution = p_center(problem, p)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(optimum)


def test_read_pmed_last_edge_line_wins(tmp_path: Path) -> None:
    instance = tmp_path / "pmed_tiny.txt"
    instance.write_text("3 3 1\n1 2 5\n2 3 1\n1 2 9\n")
    problem, p = read_pmed(instance)
    assert p == 1
    assert list(problem.sites.index) == ["1", "2", "3"]
    assert problem.travel.minutes[0].tolist() == [0.0, 9.0, 10.0]


def test_read_pmed_shape() -> None:
    problem, p = read_pmed(_path("pmed1"))
    assert (problem.travel.minutes.shape, p) == ((100, 100), 5)
    assert np.array_equal(problem.travel.minutes, problem.travel.minutes.T)


@pytest.mark.parametrize(("name", "optimum"), [("cap41", 1040444.375), ("cap71", 932615.750)])
def test_cap_splittable_optimum(name: str, optimum: float) -> None:
    problem = read_cap(_path(name))
    solution = capacitated(problem, open_cost_weight=1.0)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(optimum, rel=1e-9)


@pytest.mark.slow
def test_pmedcap01_single_source_optimum() -> None:
    problem, p, capacity = read_pmedcap(_path("pmedcap01"))
    assert (p, capacity) == (5, 120.0)
    solution = capacitated(problem, new_facilities=p, single_source=True)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(713.0)


def test_symbolic_capacity_file_is_read_at_each_capacity(tmp_path: Path) -> None:
    """capa/capb/capc read "capacity" where a number should be: the reader puts one in."""
    path = tmp_path / "capx.txt"
    path.write_text("2 2\ncapacity 10\ncapacity 20\n3\n6 9\n4\n8 4\n")
    problem = _ORLIB.read_cap_symbolic(path, 5)
    assert problem.sites["capacity_places"].tolist() == [5.0, 5.0]
    assert problem.sites["open_cost_vnd"].tolist() == [10.0, 20.0]
    # per unit: customer 1 (3 units) 2 or 3, customer 2 (4 units) 2 or 1; 7 units need both
    # warehouses (30) and each customer goes to its cheaper one: 3 · 2 + 4 · 1 = 10.
    solution = capacitated(problem, open_cost_weight=1.0)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(40.0)
    assert _ORLIB.read_cap_symbolic(path, 7).sites["capacity_places"].tolist() == [7.0, 7.0]
    # a copy with a number where "capacity" stood reads the same
    numbered = tmp_path / "capy.txt"
    numbered.write_text(path.read_text().replace("capacity", "9000"))
    assert _ORLIB.read_cap_symbolic(numbered, 5).sites["capacity_places"].tolist() == [5.0, 5.0]
