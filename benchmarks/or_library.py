"""Benchmark facility_plan's models on OR-Library instances and random road networks, against spopt.

Usage::

    python benchmarks/or_library.py ../shared/benchmarks/or_library [--no-spopt]
        [--generated-sizes 500,1000,2000] [--generated-p 10,50] [--spopt-limit-seconds 600]
        [--our-limit-seconds 600] [--spopt-max-vertices 1000]

Runs every instance file found in DIR (pmed*, cap*, pmedcap*) with this project, and the p-median
and p-center instances also with PySAL spopt (``pip install "facility_plan[bench]"``) in the same
run when it is importable. Then random road-like networks (seeded) for p-median. Prints one row
per instance and totals; times are wall-clock seconds including model building.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facility_plan.examples import road_network_problem
from facility_plan.models import SolveStatus, capacitated, p_center, p_median
from facility_plan.orlib import read_cap, read_pmed, read_pmedcap
from facility_plan.problem import Problem

KNOWN_OPTIMA = {
    ("pmed1", "p_median"): 5819.0,
    ("pmed2", "p_median"): 4093.0,
    ("pmed3", "p_median"): 4250.0,
    ("pmed4", "p_median"): 3034.0,
    ("pmed5", "p_median"): 1355.0,
    ("pmed1", "p_center"): 127.0,
    ("pmed2", "p_center"): 98.0,
    ("pmed3", "p_center"): 93.0,
    ("pmed4", "p_center"): 74.0,
    ("pmed5", "p_center"): 48.0,
    ("cap41", "capacitated"): 1040444.375,
    ("cap71", "capacitated"): 932615.750,
    ("pmedcap01", "capacitated"): 713.0,
}


@dataclass
class Row:
    """One benchmark line."""

    instance: str
    model: str
    known: float | None
    ours: float | None
    our_status: str
    our_seconds: float
    spopt: float | None = None
    spopt_seconds: float | None = None
    spopt_note: str = ""


def _timed(
    call: Callable[[float], float | None], limit_seconds: float
) -> tuple[float | None, float, str]:
    """Run a spopt solve with a solver time limit; a run that is not optimal is marked skipped."""
    started = time.perf_counter()
    value = call(limit_seconds)
    print(f"  spopt done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    if value is None or seconds > limit_seconds:
        return None, seconds, f"skipped > {limit_seconds:.0f} s"
    return value, seconds, ""


def _spopt_p_median(problem: Problem, p: int, limit_seconds: float) -> float | None:
    import pulp
    from spopt.locate import PMedian

    weights = problem.demand["demand_persons"].to_numpy()
    model = PMedian.from_cost_matrix(np.asarray(problem.travel.minutes), weights, p_facilities=p)
    try:
        model = model.solve(pulp.HiGHS(msg=False, timeLimit=limit_seconds))
    except RuntimeError:  # spopt raises when the solver stops without an optimum
        return None
    if model.problem.sol_status != pulp.LpSolutionOptimal:
        return None
    return float(pulp.value(model.problem.objective))


def _spopt_p_center(problem: Problem, p: int, limit_seconds: float) -> float | None:
    import pulp
    from spopt.locate import PCenter

    model = PCenter.from_cost_matrix(np.asarray(problem.travel.minutes), p_facilities=p)
    try:
        model = model.solve(pulp.HiGHS(msg=False, timeLimit=limit_seconds))
    except RuntimeError:  # spopt raises when the solver stops without an optimum
        return None
    if model.problem.sol_status != pulp.LpSolutionOptimal:
        return None
    return float(pulp.value(model.problem.objective))


def _ours(call: Callable[[], object]) -> tuple[float | None, str, float]:
    started = time.perf_counter()
    solution = call()
    seconds = time.perf_counter() - started
    print(f"  ours done in {seconds:.1f} s", file=sys.stderr, flush=True)
    status = solution.status  # type: ignore[attr-defined]
    gap = solution.mip_gap  # type: ignore[attr-defined]
    label = status.value
    if status is SolveStatus.FEASIBLE and gap is not None:
        label += f" (gap {100 * gap:.2f} %)"
    return solution.objective, label, seconds  # type: ignore[attr-defined]


def _natural_key(path: Path) -> tuple[str, int]:
    match = re.match(r"([a-z]+)(\d+)", path.stem)
    return (match.group(1), int(match.group(2))) if match else (path.stem, 0)


def run_files(folder: Path, *, use_spopt: bool, spopt_limit: float, our_limit: float) -> list[Row]:
    """Benchmark every pmed*, cap* and pmedcap* file in `folder`."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.txt"), key=_natural_key):
        name = path.stem
        if name.startswith("pmedcap"):
            problem, p, _ = read_pmedcap(path)
            ours, status, seconds = _ours(
                lambda problem=problem, p=p: capacitated(
                    problem, new_facilities=p, single_source=True, time_limit_seconds=our_limit
                )
            )
            rows.append(
                Row(
                    name,
                    "capacitated",
                    KNOWN_OPTIMA.get((name, "capacitated")),
                    ours,
                    status,
                    seconds,
                    spopt_note="n/a",
                )
            )
        elif name.startswith("pmed"):
            problem, p = read_pmed(path)
            for model, ours_call, spopt_call in (
                ("p_median", p_median, _spopt_p_median),
                ("p_center", p_center, _spopt_p_center),
            ):
                ours, status, seconds = _ours(
                    lambda call=ours_call, problem=problem, p=p: call(
                        problem, p, time_limit_seconds=our_limit
                    )
                )
                row = Row(name, model, KNOWN_OPTIMA.get((name, model)), ours, status, seconds)
                if use_spopt:
                    value, spent, note = _timed(
                        lambda limit, call=spopt_call, problem=problem, p=p: call(
                            problem, p, limit
                        ),
                        spopt_limit,
                    )
                    row.spopt, row.spopt_seconds, row.spopt_note = value, spent, note
                rows.append(row)
        elif name.startswith("cap"):
            problem = read_cap(path)
            ours, status, seconds = _ours(
                lambda problem=problem: capacitated(
                    problem, open_cost_weight=1.0, time_limit_seconds=our_limit
                )
            )
            rows.append(
                Row(
                    name,
                    "capacitated",
                    KNOWN_OPTIMA.get((name, "capacitated")),
                    ours,
                    status,
                    seconds,
                    spopt_note="n/a",
                )
            )
    return rows


def run_generated(
    sizes: list[int],
    ps: list[int],
    *,
    use_spopt: bool,
    spopt_limit: float,
    our_limit: float,
    spopt_max_vertices: int,
) -> list[Row]:
    """Benchmark p-median on seeded random road networks."""
    rows: list[Row] = []
    for n_vertices in sizes:
        problem = road_network_problem(n_vertices, seed=n_vertices)
        for p in ps:
            ours, status, seconds = _ours(
                lambda problem=problem, p=p: p_median(problem, p, time_limit_seconds=our_limit)
            )
            row = Row(f"road{n_vertices}", f"p_median p={p}", None, ours, status, seconds)
            if use_spopt and n_vertices > spopt_max_vertices:
                row.spopt_note = f"skipped n > {spopt_max_vertices}"
            elif use_spopt:
                value, spent, note = _timed(
                    lambda limit, problem=problem, p=p: _spopt_p_median(problem, p, limit),
                    spopt_limit,
                )
                row.spopt, row.spopt_seconds, row.spopt_note = value, spent, note
            rows.append(row)
    return rows


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def print_table(rows: list[Row], *, use_spopt: bool) -> None:
    """Print the rows and the totals."""
    header = (
        f"{'instance':<10} {'model':<15} {'known opt':>13} {'ours':>15} {'gap %':>7} "
        f"{'status':<22} {'ours s':>8} {'spopt':>15} {'spopt s':>8} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    ours_total = spopt_total = 0.0
    compared_ours = 0.0
    for row in rows:
        gap = (
            "—"
            if row.known is None or row.ours is None
            else f"{100 * (row.ours - row.known) / row.known:.3f}"
        )
        ratio = "—"
        if row.spopt_seconds is not None and not row.spopt_note:
            ratio = f"{row.spopt_seconds / row.our_seconds:.1f}×"
            spopt_total += row.spopt_seconds
            compared_ours += row.our_seconds
        spopt_value = row.spopt_note or _fmt(row.spopt, 3)
        if not use_spopt:
            spopt_value = "not run"
        print(
            f"{row.instance:<10} {row.model:<15} {_fmt(row.known, 3):>13} {_fmt(row.ours, 3):>15} "
            f"{gap:>7} {row.our_status:<22} {row.our_seconds:>8.2f} {spopt_value:>15} "
            f"{_fmt(row.spopt_seconds, 2):>8} {ratio:>7}"
        )
        ours_total += row.our_seconds
    print("-" * len(header))
    print(f"total seconds, ours (all rows): {ours_total:.1f}")
    if use_spopt and compared_ours > 0:
        print(
            f"rows solved by both: ours {compared_ours:.1f} s, spopt {spopt_total:.1f} s, "
            f"spopt / ours = {spopt_total / compared_ours:.1f}×"
        )
    optimal_known = [r for r in rows if r.known is not None]
    matched = sum(
        1 for r in optimal_known if r.ours is not None and abs(r.ours - r.known) <= 1e-6 * r.known
    )
    print(f"known optima reproduced: {matched} / {len(optimal_known)}")
    proven = sum(1 for r in rows if r.our_status == "optimal")
    print(f"proven optimal by us: {proven} / {len(rows)}")


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder with pmed*/cap*/pmedcap* files")
    parser.add_argument("--spopt", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--generated-sizes", default="500,1000,2000")
    parser.add_argument("--generated-p", default="10,50")
    parser.add_argument("--spopt-limit-seconds", type=float, default=600.0)
    parser.add_argument("--our-limit-seconds", type=float, default=600.0)
    parser.add_argument(
        "--spopt-max-vertices",
        type=int,
        default=1000,
        help="skip spopt above this size (its n × n assignment model needs minutes to build)",
    )
    args = parser.parse_args()
    use_spopt = bool(args.spopt)
    if use_spopt:
        try:
            import spopt  # noqa: F401
        except ImportError:
            print('spopt is not importable (pip install "facility_plan[bench]"); ours only')
            use_spopt = False
    sizes = [int(s) for s in args.generated_sizes.split(",") if s]
    ps = [int(s) for s in args.generated_p.split(",") if s]
    rows = run_files(
        args.folder,
        use_spopt=use_spopt,
        spopt_limit=args.spopt_limit_seconds,
        our_limit=args.our_limit_seconds,
    )
    rows += run_generated(
        sizes,
        ps,
        use_spopt=use_spopt,
        spopt_limit=args.spopt_limit_seconds,
        our_limit=args.our_limit_seconds,
        spopt_max_vertices=args.spopt_max_vertices,
    )
    print_table(rows, use_spopt=use_spopt)


if __name__ == "__main__":
    main()
