"""Benchmark p-median, p-center and the capacitated families against published optima and baselines.

Usage::

    python benchmarks/or_library.py DIR [--no-spopt] [--limit-seconds 60]
        [--models p_median,p_center,capacitated] [--generated 400:5,500:10]

Every ``pmedN.txt`` in DIR is solved with facility_plan's p-median (and p-center when
``--models`` has it); with ``capacitated`` in ``--models`` the capacitated families go through
the capacitated model: Beasley's warehouse files ``capN.txt`` and ``capa/capb/capc.txt`` (the
symbolic capacity set to each of Beasley's four values; splittable demand, fixed costs) and
Osman–Christofides ``pmedcapN.txt`` (single-source capacitated p-median). For each instance the
table shows whether the optimum was proven, seconds, our objective against the published
optimum, and a baseline in the same run: PySAL spopt on HiGHS where spopt has the model
(PMedian, PCenter, PMedian with facility capacities), otherwise the plain textbook PuLP model on
HiGHS (`capacitated_with_pulp`), with the time ratio baseline / ours and a count of instances the
baseline does not finish within the limit. ``--generated n:p,…`` adds seeded OR-Library-like
graphs (a ring plus random edges, n²/50 edges of length 1–100) without published optima. Times
are wall-clock seconds, model building included; compare them only as ratios within one run
(the machine is shared).
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import queue
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from facility_plan.models import PMedianSpec, Solution, SolverSettings, SolveStatus
from facility_plan.problem import Problem

# Beasley's OR-Library p-median optima (pmedopt.txt), person-units = unweighted distance sums.
P_MEDIAN_OPTIMA = {
    1: 5819, 2: 4093, 3: 4250, 4: 3034, 5: 1355, 6: 7824, 7: 5631, 8: 4445, 9: 2734, 10: 1255,
    11: 7696, 12: 6634, 13: 4374, 14: 2968, 15: 1729, 16: 8162, 17: 6999, 18: 4809, 19: 2845,
    20: 1789, 21: 9138, 22: 8579, 23: 4619, 24: 2961, 25: 1828, 26: 9917, 27: 8307, 28: 4498,
    29: 3033, 30: 1989, 31: 10086, 32: 9297, 33: 4700, 34: 3013, 35: 10400, 36: 9934, 37: 5057,
    38: 11060, 39: 9423, 40: 5128,
}  # fmt: skip
P_CENTER_OPTIMA = {1: 127, 2: 98, 3: 93, 4: 74, 5: 48}
CAPACITATED_OPTIMA = {"cap41": 1040444.375, "cap71": 932615.750, "pmedcap01": 713.0}


def _load_orlib() -> ModuleType:
    path = Path(__file__).resolve().parent / "orlib.py"
    spec = importlib.util.spec_from_file_location("benchmarks_orlib", path)
    if spec is None or spec.loader is None:
        msg = f"cannot load {path}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Row:
    """One benchmark line (seconds are wall-clock, objectives in the instance's units)."""

    instance: str
    model: str
    n: int
    p: int
    known: float | None
    ours: float | None = None
    proven: bool = False
    gap: float | None = None  # the solver's stated relative gap (None: not reported)
    seconds: float = 0.0
    method: str = ""
    spopt: float | None = None
    spopt_seconds: float | None = None
    spopt_note: str = ""
    baseline: str = "spopt"


def orlib_like_problem(n_vertices: int, *, seed: int) -> Problem:
    """A seeded graph like Beasley's pmed files: ring plus random edges, lengths 1–100."""
    rng = np.random.default_rng(seed)
    n_edges = max(n_vertices, n_vertices * n_vertices // 50)
    tails = np.r_[np.arange(n_vertices), rng.integers(0, n_vertices, n_edges - n_vertices)]
    heads = np.r_[
        (np.arange(n_vertices) + 1) % n_vertices,
        rng.integers(0, n_vertices, n_edges - n_vertices),
    ]
    lengths = rng.integers(1, 101, n_edges).astype(float)
    graph = csr_matrix((lengths, (tails, heads)), shape=(n_vertices, n_vertices))
    distances = shortest_path(graph, method="D", directed=False)
    return Problem.from_arrays(distances, np.ones(n_vertices))


def _run_ours(problem: Problem, spec: Any, limit: float) -> tuple[Solution, float]:
    started = time.perf_counter()
    solution: Solution = spec.solve(problem, SolverSettings(time_limit_seconds=limit))
    seconds = time.perf_counter() - started
    print(f"  ours {solution.status.value} in {seconds:.1f} s", file=sys.stderr, flush=True)
    return solution, seconds


def _spopt_objective(
    problem: Problem,
    p: int,
    model: str,
    limit: float,
    answer: multiprocessing.Queue[tuple[float | None, float]],
) -> None:
    """Child process: build and solve spopt's model; put (proven objective or None, seconds).

    ``model`` is ``p_median``, ``p_center`` or ``capacitated_p_median`` (spopt's PMedian with
    facility capacities: single-source, the weights count against the capacities). The seconds
    cover model building and solving, not the child's start-up and imports.
    """
    import os

    import pulp
    from spopt.locate import PCenter, PMedian

    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # HiGHS's banner goes to the C-level stdout
    started = time.perf_counter()
    minutes = np.asarray(problem.travel.minutes)
    weights = problem.demand["demand_persons"].to_numpy()
    try:
        if model == "p_median":
            located = PMedian.from_cost_matrix(minutes, weights, p_facilities=p)
        elif model == "capacitated_p_median":
            capacities = problem.sites["capacity_places"].to_numpy(dtype=float)
            located = PMedian.from_cost_matrix(
                minutes, weights, p_facilities=p, facility_capacities=capacities
            )
        else:
            located = PCenter.from_cost_matrix(minutes, p_facilities=p)
        located = located.solve(pulp.HiGHS(msg=False, timeLimit=limit))
        finished = located.problem.sol_status == pulp.LpSolutionOptimal
        value = float(pulp.value(located.problem.objective)) if finished else None
    except RuntimeError:  # spopt raises when the solver stops without an optimum
        value = None
    answer.put((value, time.perf_counter() - started))


_START_UP_SECONDS = 60.0  # allowance for the spawned child's interpreter and imports


def _run_spopt(
    problem: Problem, p: int, model: str, limit: float
) -> tuple[float | None, float, str]:
    """spopt + HiGHS in a spawned child process, stopped at `limit` seconds of its own time.

    Spawned, not forked: a child forked after HiGHS has started its worker threads in this
    process can hang in HiGHS (pmedcap01 never finished forked; 2 s spawned).
    """
    context = multiprocessing.get_context("spawn")
    answer: multiprocessing.Queue[tuple[float | None, float]] = context.Queue()
    child = context.Process(target=_spopt_objective, args=(problem, p, model, limit, answer))
    started = time.perf_counter()
    child.start()
    value: float | None = None
    seconds = limit
    try:
        value, seconds = answer.get(timeout=limit + _START_UP_SECONDS)
    except queue.Empty:
        seconds = max(limit, time.perf_counter() - started - _START_UP_SECONDS)
    child.join(timeout=1)
    if child.is_alive():
        child.terminate()
        child.join()
    print(f"  spopt in {seconds:.1f} s", file=sys.stderr, flush=True)
    if value is None or seconds > limit:
        return None, seconds, f"not finished in {limit:.0f} s"
    return value, seconds, ""


def _spec(name: str, **fields: Any) -> Any:
    """A model spec by class name, imported only when that model is benchmarked."""
    models = importlib.import_module("facility_plan.models")
    return getattr(models, name)(**fields)


def _number(path: Path) -> int:
    match = re.search(r"(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


def _fill(row: Row, solution: Solution, seconds: float) -> Row:
    row.ours, row.seconds = solution.objective, seconds
    row.proven = solution.status is SolveStatus.OPTIMAL
    row.gap = solution.mip_gap
    row.method = solution.message.split(";")[-1].strip()[:48]
    return row


def run_instances(
    folder: Path,
    *,
    models: set[str],
    limit: float,
    use_spopt: bool,
    generated: list[tuple[int, int]],
) -> list[Row]:
    """Solve every instance in `folder` (and the generated ones) with ours and spopt."""
    orlib = _load_orlib()
    problems: list[tuple[str, Problem, int, float | None, float | None]] = []
    for path in sorted(folder.glob("pmed*.txt"), key=_number):
        if path.stem.startswith("pmedcap"):
            continue
        problem, p = orlib.read_pmed(path)
        number = _number(path)
        problems.append(
            (path.stem, problem, p, P_MEDIAN_OPTIMA.get(number), P_CENTER_OPTIMA.get(number))
        )
    for n_vertices, p in generated:
        problem = orlib_like_problem(n_vertices, seed=n_vertices + p)
        problems.append((f"like{n_vertices}", problem, p, None, None))
    rows: list[Row] = []
    for name, problem, p, median_optimum, center_optimum in problems:
        for model, known in (("p_median", median_optimum), ("p_center", center_optimum)):
            if model not in models:
                continue
            print(f"{name} {model} p={p}", file=sys.stderr, flush=True)
            spec = PMedianSpec(p=p) if model == "p_median" else _spec("PCenterSpec", p=p)
            row = _fill(
                Row(name, model, len(problem.demand), p, known), *_run_ours(problem, spec, limit)
            )
            if use_spopt:
                row.spopt, row.spopt_seconds, row.spopt_note = _run_spopt(problem, p, model, limit)
            rows.append(row)
    if "capacitated" in models:
        rows += _run_capacitated(folder, orlib, limit, use_baseline=use_spopt)
    return rows


def _capacitated_instances(
    folder: Path, orlib: ModuleType
) -> list[tuple[str, Problem, int, float | None, bool]]:
    """(name, problem, p, published optimum, single-source) of every capacitated file in `folder`.

    capN: Beasley's warehouse files (splittable); capa/capb/capc: their symbolic capacity set to
    each of Beasley's four values; pmedcapN: Osman–Christofides capacitated p-median
    (single-source).
    """
    found: list[tuple[str, Problem, int, float | None, bool]] = []
    for path in sorted(folder.glob("cap[0-9]*.txt"), key=_number):
        found.append((path.stem, orlib.read_cap(path), 0, CAPACITATED_OPTIMA.get(path.stem), False))
    for stem, capacities in orlib.SYMBOLIC_CAPACITIES.items():
        path = folder / f"{stem}.txt"
        if path.exists():
            for capacity, optimum in capacities.items():
                problem = orlib.read_cap_symbolic(path, capacity)
                found.append((f"{stem}-{capacity}", problem, 0, optimum, False))
    for path in sorted(folder.glob("pmedcap*.txt"), key=_number):
        instance = orlib.read_pmedcap(path)
        known = CAPACITATED_OPTIMA.get(path.stem)
        found.append((path.stem, instance.problem, instance.p, known, True))
    return found


def _run_plain_pulp(problem: Problem, spec: Any, limit: float) -> tuple[float | None, float, str]:
    """The textbook PuLP model (`capacitated_with_pulp`) on HiGHS, the baseline where spopt has
    no model (fixed-charge capacitated warehouse location)."""
    models = importlib.import_module("facility_plan.models.capacitated")
    started = time.perf_counter()
    solution = models.capacitated_with_pulp(problem, spec, SolverSettings(time_limit_seconds=limit))
    seconds = time.perf_counter() - started
    print(f"  plain PuLP {solution.status.value} in {seconds:.1f} s", file=sys.stderr, flush=True)
    if solution.status is not SolveStatus.OPTIMAL:
        return None, seconds, f"not finished in {limit:.0f} s"
    return solution.objective, seconds, ""


def _run_capacitated(
    folder: Path, orlib: ModuleType, limit: float, *, use_baseline: bool
) -> list[Row]:
    """Ours against the published optima; spopt's capacitated PMedian (single-source files) or
    the plain PuLP model (warehouse files) as the baseline in the same run."""
    rows: list[Row] = []
    for name, problem, p, known, single_source in _capacitated_instances(folder, orlib):
        print(f"{name} capacitated p={p}", file=sys.stderr, flush=True)
        if single_source:
            spec = _spec("CapacitatedSpec", new_facilities=p, single_source=True)
        else:
            spec = _spec("CapacitatedSpec", open_cost_weight=1.0)
        baseline = "spopt" if single_source else "plain PuLP"
        row = Row(name, "capacitated", len(problem.demand), p, known, baseline=baseline)
        rows.append(_fill(row, *_run_ours(problem, spec, limit)))
        if not use_baseline:
            row.spopt_note = "n/a"
        elif single_source:
            row.spopt, row.spopt_seconds, row.spopt_note = _run_spopt(
                problem, p, "capacitated_p_median", limit
            )
        else:
            row.spopt, row.spopt_seconds, row.spopt_note = _run_plain_pulp(problem, spec, limit)
    return rows


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def print_table(rows: list[Row], *, use_spopt: bool, limit: float) -> None:
    """Print the rows (Markdown) and the totals."""
    print(
        "| instance | model | n | p | published | ours | Δ % | proven | stated gap % | ours s | "
        "method | baseline | baseline value | baseline s | baseline / ours |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    both_ours = both_spopt = 0.0
    for row in rows:
        delta = (
            "—"
            if row.known is None or row.ours is None
            else f"{100 * (row.ours - row.known) / row.known:.3f}"
        )
        ratio = "—"
        if row.spopt_seconds is not None and not row.spopt_note and row.seconds > 0:
            ratio = f"{row.spopt_seconds / row.seconds:.1f}×"
            both_ours += row.seconds
            both_spopt += row.spopt_seconds
        spopt = (row.spopt_note or _fmt(row.spopt, 0)) if use_spopt else "not run"
        gap = "—" if row.gap is None else f"{100 * row.gap:.3f}"
        print(
            f"| {row.instance} | {row.model} | {row.n} | {row.p} | {_fmt(row.known, 0)} | "
            f"{_fmt(row.ours, 0)} | {delta} | {'yes' if row.proven else 'no'} | "
            f"{gap} | {row.seconds:.2f} | {row.method} | {row.baseline} | {spopt} | "
            f"{_fmt(row.spopt_seconds, 2)} | {ratio} |"
        )
    known = [r for r in rows if r.known is not None]
    matched = sum(
        1 for r in known if r.ours is not None and abs(r.ours - r.known) <= 1e-6 * r.known
    )
    print()
    print(f"published optima reproduced: {matched} / {len(known)}")
    print(f"proven optimal by us: {sum(r.proven for r in rows)} / {len(rows)}")
    print(f"ours, all rows: {sum(r.seconds for r in rows):.1f} s; limit {limit:.0f} s per instance")
    if use_spopt:
        for name in sorted({r.baseline for r in rows}):
            compared = [r for r in rows if r.baseline == name and r.spopt_note != "n/a"]
            unfinished = sum(1 for r in compared if r.spopt_note)
            print(f"{name} did not finish within {limit:.0f} s: {unfinished} / {len(compared)}")
        if both_ours > 0:
            print(
                f"instances both finished: ours {both_ours:.1f} s, baselines {both_spopt:.1f} s, "
                f"baseline / ours = {both_spopt / both_ours:.1f}×"
            )


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder with pmedN.txt (and cap*.txt) files")
    parser.add_argument("--spopt", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--limit-seconds", type=float, default=60.0, help="per instance per tool")
    parser.add_argument("--models", default="p_median", help="p_median,p_center,capacitated")
    parser.add_argument("--generated", default="", help="n:p pairs, e.g. 400:5,500:10")
    args = parser.parse_args()
    use_spopt = bool(args.spopt)
    if use_spopt and importlib.util.find_spec("spopt") is None:
        print('spopt is not importable (pip install "facility_plan[bench]"); ours only')
        use_spopt = False
    generated = [
        (int(n), int(p)) for n, p in (pair.split(":") for pair in args.generated.split(",") if pair)
    ]
    rows = run_instances(
        args.folder,
        models=set(args.models.split(",")),
        limit=args.limit_seconds,
        use_spopt=use_spopt,
        generated=generated,
    )
    print_table(rows, use_spopt=use_spopt, limit=args.limit_seconds)


if __name__ == "__main__":
    main()
