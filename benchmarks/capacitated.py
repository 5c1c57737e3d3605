"""Time the capacitated model: fast path (reduced arrays in highspy) against the plain PuLP model.

Usage::

    python benchmarks/capacitated.py ../shared/benchmarks/or_library [--orlib-extra /tmp/orlib]
        [--scenarios scenarios] [--limit-seconds 120] [--fast-only]

(a) Every bundled scenario (``scenarios/*.toml``): wall-clock seconds of one capacitated solve
(model building included) on each path, in the same run, and their ratio. (b) OR-Library
capacitated warehouse instances (cap41, cap71 in the folder given; capa/capb/capc if present in
``--orlib-extra``, their symbolic capacity replaced as in Beasley's description) against the
published optima of the splittable problem. The machine is shared: read ratios, not seconds.
``--fast-only`` skips the PuLP path (minutes per scenario) and times the fast path alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from facility_plan.config import load_scenario
from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec, capacitated_with_pulp
from facility_plan.models.solution import Solution
from facility_plan.problem import Problem
from facility_plan.scenario import prepare_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from orlib import SYMBOLIC_CAPACITIES, read_cap, read_cap_symbolic

CAP_OPTIMA = {"cap41": 1040444.375, "cap71": 932615.750}


def _timed(solve: Callable[[], Solution]) -> tuple[Solution, float]:
    started = time.perf_counter()
    solution = solve()
    return solution, time.perf_counter() - started


def _pulp_or_skip(fast_only: bool, solve: Callable[[], Solution]) -> tuple[Solution | None, float]:
    return (None, float("nan")) if fast_only else _timed(solve)


def bench_scenarios(folder: Path, *, fast_only: bool = False) -> None:
    """Table (a): fast path against plain PuLP on every bundled scenario."""
    print(
        "| scenario | demand × sites | fast s | PuLP s | PuLP / fast | objective fast | "
        "objective PuLP | status |"
    )
    print("|---|---|---|---|---|---|---|---|")
    ratios = []
    for path in sorted(folder.glob("*.toml")):
        prepared = prepare_scenario(load_scenario(path))
        problem, spec, solver = prepared.problem, prepared.spec, prepared.solver
        fast, fast_seconds = _timed(lambda p=problem, s=spec, v=solver: s.solve(p, v))
        plain, plain_seconds = _pulp_or_skip(
            fast_only, lambda p=problem, s=spec, v=solver: capacitated_with_pulp(p, s, v)
        )
        ratios.append(plain_seconds / fast_seconds)
        plain_objective = plain.objective if plain and plain.objective is not None else None
        shape = "×".join(str(n) for n in problem.travel.minutes.shape)
        print(
            f"| {path.stem} | {shape} | {fast_seconds:.2f} | {plain_seconds:.2f} | "
            f"{plain_seconds / fast_seconds:.1f} | {fast.objective or float('nan'):,.3f} | "
            f"{plain_objective or float('nan'):,.3f} | {fast.status}/"
            f"{plain.status if plain else '-'} |",
            flush=True,
        )
    if ratios and not fast_only:
        print(f"\nmedian PuLP / fast ratio: {sorted(ratios)[len(ratios) // 2]:.1f}")


def _cap_problems(folder: Path, extra: Path | None) -> list[tuple[str, Problem, float]]:
    found = []
    for name, optimum in CAP_OPTIMA.items():
        path = folder / f"{name}.txt"
        if path.exists():
            found.append((name, read_cap(path), optimum))
    for stem, capacities in SYMBOLIC_CAPACITIES.items():
        path = extra / f"{stem}.txt" if extra else None
        if path is None or not path.exists():
            continue
        for capacity, optimum in capacities.items():
            found.append((f"{stem}-{capacity}", read_cap_symbolic(path, capacity), optimum))
    return found


def bench_or_library(
    folder: Path, extra: Path | None, limit_seconds: float, *, fast_only: bool = False
) -> None:
    """Table (b): OR-Library cap instances against published optima (splittable demand)."""
    print(
        "\n| instance | m × n | fast s | PuLP s | PuLP / fast | fast objective | "
        "published optimum | rel. diff | status |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    solver = SolverSettings(time_limit_seconds=limit_seconds)
    spec = CapacitatedSpec(open_cost_weight=1.0)
    for name, problem, optimum in _cap_problems(folder, extra):
        fast, fast_seconds = _timed(lambda p=problem: spec.solve(p, solver))
        plain, plain_seconds = _pulp_or_skip(
            fast_only, lambda p=problem: capacitated_with_pulp(p, spec, solver)
        )
        value = fast.objective if fast.objective is not None else float("nan")
        n_demand, n_sites = problem.travel.minutes.shape
        print(
            f"| {name} | {n_sites} × {n_demand} | {fast_seconds:.2f} | {plain_seconds:.2f} | "
            f"{plain_seconds / fast_seconds:.1f} | {value:,.3f} | {optimum:,.3f} | "
            f"{(value - optimum) / optimum:.1e} | {fast.status}/"
            f"{plain.status if plain else '-'} |",
            flush=True,
        )


def main() -> None:
    """Run both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="OR-Library folder with cap41.txt, cap71.txt")
    parser.add_argument("--orlib-extra", type=Path, default=None, help="folder with capa/b/c")
    parser.add_argument(
        "--scenarios", type=Path, default=Path(__file__).resolve().parents[1] / "scenarios"
    )
    parser.add_argument("--limit-seconds", type=float, default=300.0)
    parser.add_argument("--fast-only", action="store_true", help="skip the plain PuLP path")
    args = parser.parse_args()
    bench_scenarios(args.scenarios, fast_only=args.fast_only)
    bench_or_library(args.folder, args.orlib_extra, args.limit_seconds, fast_only=args.fast_only)


if __name__ == "__main__":
    main()
