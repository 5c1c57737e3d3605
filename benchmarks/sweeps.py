"""Benchmark of the sweep layer: the same robustness sweep serially, on a process pool and on Dask.

Runs ``facility-plan robust`` on Ninh Bình (optimised vs the plan's choice) three times in one
process — serially, on the local process pool and on a Dask ``LocalCluster`` — checks that the
three results are identical, prints the speed-up of each against serial (measured in the same
run), then times the parts of one draw and estimates what a national sweep (34 provinces × 1,000
draws) needs on a cluster and which parts would dominate.

Usage::

    python benchmarks/sweeps.py [--samples 200] [--seed 2025] [--workers 2]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time
from pathlib import Path

import pandas as pd

from facility_plan.config import load_scenario
from facility_plan.scenario import prepare_scenario
from facility_plan.sweeps import (
    DrawBase,
    ExecutorSettings,
    FixedPlan,
    RobustResult,
    draw_inputs,
    evaluate_plan,
    realise_problem,
    run_robust,
    uncertainty_model,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENARIO = REPO_ROOT / "scenarios" / "ninh_binh_2025.toml"
COMPARE = REPO_ROOT / "scenarios" / "ninh_binh_2025_plan_choice.toml"
RESULT_FRAMES = ("draws", "plans", "regret_by_draw", "site_frequency", "district_sets")
PROVINCES = 34
NATIONAL_DRAWS = 1000
CLUSTER_WORKERS = (32, 128, 512)
PROFILE_DRAWS = 10
DASK_TASK_OVERHEAD_SECONDS = 0.001
"""Scheduler time per task on a Dask cluster (order of magnitude from the Dask documentation)."""


def same_results(first: RobustResult, second: RobustResult) -> bool:
    """True when two sweeps give identical tables and verdicts (timings aside)."""
    for name in RESULT_FRAMES:
        try:
            pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
        except AssertionError as err:
            print(f"  {name} differs: {err}")
            return False
    return first.verdict_vi == second.verdict_vi and first.minimax_plan_id == second.minimax_plan_id


def profile_draw(
    prepared, compare_plan: FixedPlan, optimised: FixedPlan, seed: int
) -> dict[str, float]:
    """Median seconds of the parts of one draw: realise, optimum (MIP), one fixed-plan evaluation."""
    config, inputs = prepared.config, prepared.inputs
    model = uncertainty_model(config, inputs.facilities, inputs.communes, inputs.cells)
    base = DrawBase.from_prepared(prepared)
    realise, optimum, evaluate = [], [], []
    for draw in draw_inputs(model, samples=PROFILE_DRAWS, seed=seed):
        started = time.perf_counter()
        problem = realise_problem(base, draw)
        realise.append(time.perf_counter() - started)
        started = time.perf_counter()
        prepared.spec.solve(problem, prepared.solver)
        optimum.append(time.perf_counter() - started)
        for plan in (optimised, compare_plan):
            started = time.perf_counter()
            evaluate_plan(problem, plan, prepared.spec, prepared.solver)
            evaluate.append(time.perf_counter() - started)
    return {
        "realise": statistics.median(realise),
        "optimum": statistics.median(optimum),
        "evaluate": statistics.median(evaluate),
        "scatter_mb": len(pickle.dumps(base)) / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    started = time.perf_counter()
    prepared = prepare_scenario(load_scenario(SCENARIO))
    compare = prepare_scenario(load_scenario(COMPARE))
    prepare_seconds = (time.perf_counter() - started) / 2
    print(f"prepare: {prepare_seconds:.2f} s per scenario")

    runs: dict[str, tuple[RobustResult, float]] = {}
    for name, settings in (
        ("serial", ExecutorSettings(kind="serial")),
        (f"processes ×{args.workers}", ExecutorSettings(kind="processes", workers=args.workers)),
        (
            f"dask LocalCluster ×{args.workers}",
            ExecutorSettings(kind="dask", workers=args.workers, dask_address="local"),
        ),
    ):
        started = time.perf_counter()
        result = run_robust(
            prepared, compare=compare, samples=args.samples, seed=args.seed, executor=settings
        )
        seconds = time.perf_counter() - started
        runs[name] = (result, seconds)
        print(
            f"{name:>24}: {seconds:7.1f} s wall, {result.solve_cpu_seconds:7.1f} CPU-s in tasks "
            f"({result.plans_seen} plans seen, {len(result.plans)} evaluated)"
        )

    serial, serial_seconds = runs["serial"]
    print("\nidentical to serial / speed-up against serial (same run):")
    for name, (result, seconds) in runs.items():
        if name == "serial":
            continue
        print(
            f"{name:>24}: identical={same_results(serial, result)}  speed-up ×{serial_seconds / seconds:.2f}"
        )

    optimised = FixedPlan.from_solution(prepared.spec.solve(prepared.problem, prepared.solver))
    compare_plan = FixedPlan.from_solution(compare.spec.solve(compare.problem, compare.solver))
    parts = profile_draw(prepared, compare_plan, optimised, args.seed)
    evaluated = len(serial.plans)
    per_draw_first = parts["realise"] + parts["optimum"] + 2 * parts["evaluate"]
    per_draw_second = parts["realise"] + (evaluated - 2) * parts["evaluate"]
    print(
        f"\none draw (median of {PROFILE_DRAWS}): realise {parts['realise'] * 1e3:.0f} ms, optimum "
        f"(MIP) {parts['optimum'] * 1e3:.0f} ms, one fixed-plan evaluation {parts['evaluate'] * 1e3:.0f} ms; "
        f"scattered inputs {parts['scatter_mb']:.2f} MB per worker"
    )
    draws = PROVINCES * NATIONAL_DRAWS
    parts_cpu = {
        "prepare (client, per province)": PROVINCES * 2 * prepare_seconds,
        "draw optima (MIP)": draws * parts["optimum"],
        "plan evaluations (LP)": draws * (2 + max(0, evaluated - 2)) * parts["evaluate"],
        "realising draws": draws * 2 * parts["realise"],
        "scheduler (2 tasks per draw)": draws * 2 * DASK_TASK_OVERHEAD_SECONDS,
    }
    total = sum(parts_cpu.values())
    print(
        f"\nestimate, {PROVINCES} provinces × {NATIONAL_DRAWS:,} draws ({draws:,} draws, "
        f"{evaluated} plans evaluated per draw as here; per-province size as Ninh Bình): "
        f"{total / 3600:.1f} CPU-hours"
    )
    for part, seconds in sorted(parts_cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {part:>32}: {seconds / 3600:6.2f} h  ({seconds / total:.0%})")
    parallel = (
        total
        - parts_cpu["prepare (client, per province)"]
        - parts_cpu["scheduler (2 tasks per draw)"]
    )
    for workers in CLUSTER_WORKERS:
        wall = (
            parts_cpu["prepare (client, per province)"]
            + parts_cpu["scheduler (2 tasks per draw)"]
            + parallel / workers
        )
        print(
            f"  on {workers:>4} workers: ≈ {wall / 60:.0f} min wall (prepare and scheduler serial)"
        )
    print(
        f"  per draw: {per_draw_first * 1e3:.0f} ms first pass, {per_draw_second * 1e3:.0f} ms "
        "min–max pass; with many workers the serial parts (preparing each province on the "
        "client, the scheduler's per-task time) take over: prepare provinces in parallel too "
        "and batch several draws per task."
    )


if __name__ == "__main__":
    main()
