"""Benchmark: covering, p-center and p-median models on all 3,321 post-2025 communes of Vietnam.

The national problem has every post-reform commune (ward) as demand point *and* candidate site
(none existing). Codes, names, provinces and centroids come from the registry package
``vietnamadminunits`` (table ``admin_units``, the 2025 units, as in ``scripts/build_geo_data.py``).
Travel minutes are straight-line distance (EPSG:32648) × detour 1.3 at 35 km/h, like the bundled
scenarios. Demand weights (persons) are the 2019-census populations of the bundled
``data/geo/*_2025/communes.csv`` where a commune is there (568 communes, five provinces), and a
uniform weight elsewhere: the mean of those bundled populations, rounded to a person (printed).

Each model (set covering and maximal covering at every ``--minutes``, p-center and p-median with
``--p``) is solved once nationally and once province by province (the same model on each of
the 34 provinces, with p shared out in proportion to the communes, at least 1 per province;
seconds summed), each in its own forked process so that its peak resident memory can be read.
The table gives seconds, status, gap and peak memory, and the ratio national / by-province of
seconds, both measured in the same run (the machine is shared; absolute seconds are noisy).

The capacitated run (``capacitated`` in ``--models``) gives every province a place target: the
residents needing a place (0.62 per 1,000 persons, the national 2030 target), every commune a
candidate with three tiers (50, 100, 200 places at 240 M VND per place), demand served within
its own province. The provinces are then independent, so solving them one by one (each to
within 1 %) is the exact national answer; the line gives the total seconds, worst gap and peak
memory.

Run::

    python benchmarks/national.py                        # p = 100, 30 and 60 minutes, 60 s
    python benchmarks/national.py --p 50 --minutes 45 --time-limit 30
    python benchmarks/national.py --models p_median capacitated    # some models only
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from vietnamadminunits.database import query

from facility_plan.models._status import SolverSettings
from facility_plan.models.capacitated import CapacitatedSpec
from facility_plan.models.coverage import MaxCoverageSpec, SetCoveringSpec
from facility_plan.models.p_center import PCenterSpec
from facility_plan.models.p_median import PMedianSpec
from facility_plan.models.solution import Solution
from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix, compute_straight_line_matrix

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
CRS = "EPSG:32648"
DETOUR_FACTOR = 1.3
SPEED_KMH = 35.0
MODEL_KINDS = ("set_covering", "max_coverage", "p_center", "p_median", "capacitated")
# The national capacitated run: residents needing a place per 1,000 persons (the 2030 national
# target, 65,000 residents / ~104 M people; ../shared/docs/domain.md); candidate tiers around the
# 2013 unit cost of 240 M VND per place (Ministry of Construction, 50-place homes at 12 bn VND;
# no economy of scale is assumed); opening cost weighed at 1 person-minute per million VND,
# 240 minutes per unserved person; each province solved to within 1 %.
NEED_PER_1000 = 0.62
TIERS = (("S", 50.0, 12e9), ("M", 100.0, 24e9), ("L", 200.0, 48e9))
CAPACITATED_GAP = 0.01
OPEN_COST_WEIGHT = 1e-6  # person-minutes per VND
UNSERVED_PENALTY = 240.0  # minutes per unserved person


@dataclass(frozen=True, slots=True)
class NationalProblem:
    """The national problem and what the benchmark needs to split it by province.

    Attributes
    ----------
    problem
        Demand = candidates = the 3,321 communes (persons, minutes).
    province_codes
        Province code of each commune, in problem order.
    uniform_persons
        Weight given to communes without a bundled population (persons).
    bundled_communes
        Communes with a bundled population (count).
    """

    problem: Problem
    province_codes: np.ndarray[Any, np.dtype[np.str_]]
    uniform_persons: float
    bundled_communes: int


def build_national_problem() -> NationalProblem:
    """All post-2025 communes from ``vietnamadminunits`` with bundled or uniform persons."""
    rows = query("SELECT provinceCode, wardCode, ward, wardLat, wardLon FROM admin_units")
    communes = pd.DataFrame(rows).sort_values("wardCode").set_index("wardCode")
    bundled = pd.concat(
        pd.read_csv(path, dtype={"admin_code": str}, usecols=["admin_code", "population_persons"])
        for path in sorted(GEO.glob("*_2025/communes.csv"))
    ).set_index("admin_code")["population_persons"]
    uniform = float(round(bundled.mean()))
    persons = bundled.reindex(communes.index).fillna(uniform).to_numpy(dtype=float)
    points = gpd.GeoDataFrame(
        index=communes.index.astype(str),
        geometry=gpd.points_from_xy(communes["wardLon"], communes["wardLat"]),
        crs="EPSG:4326",
    )
    travel = compute_straight_line_matrix(
        points, points, crs=CRS, detour_factor=DETOUR_FACTOR, speed_kmh=SPEED_KMH
    )
    ids = pd.Index(communes.index.astype(str))
    demand = pd.DataFrame(
        {"demand_persons": persons, "admin_code": ids.to_numpy()},
        index=ids.rename("demand_id"),
    )
    sites = pd.DataFrame(
        {
            "status": "candidate",
            "capacity_places": np.nan,
            "open_cost_vnd": 0.0,
            "admin_code": ids.to_numpy(),
        },
        index=ids.rename("site_id"),
    )
    matrix = TravelMatrix(demand.index, sites.index, travel.minutes, method="straight_line")
    problem = Problem(demand=demand, sites=sites, travel=matrix)
    codes = communes["provinceCode"].astype(str).to_numpy()
    return NationalProblem(problem, codes, uniform, int(bundled.index.isin(ids).sum()))


def province_problem(national: Problem, positions: np.ndarray[Any, Any]) -> Problem:
    """The sub-problem of the communes at `positions` (demand and candidates alike)."""
    demand = national.demand.iloc[positions]
    sites = national.sites.iloc[positions]
    minutes = national.travel.minutes[np.ix_(positions, positions)]
    travel = TravelMatrix(demand.index, sites.index, minutes, method=national.travel.method)
    return Problem(demand=demand, sites=sites, travel=travel)


def with_p(spec: Any, p: int) -> Any:
    """The same spec with another p (specs without p are returned unchanged)."""
    return dataclasses.replace(spec, p=p) if hasattr(spec, "p") else spec


@dataclass(frozen=True, slots=True)
class Measured:
    """One timed run: seconds, outcome and peak resident memory (MB)."""

    seconds: float
    status: str
    objective: float | None
    gap: float | None
    peak_mb: float
    note: str


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _national_child(spec: Any, national: NationalProblem, limit: float, pipe: Connection) -> None:
    started = time.perf_counter()
    solution: Solution = spec.solve(national.problem, SolverSettings(time_limit_seconds=limit))
    seconds = time.perf_counter() - started
    pipe.send(
        Measured(
            seconds,
            solution.status.value,
            solution.objective,
            solution.mip_gap,
            _peak_mb(),
            solution.message[:90],
        )
    )


def _province_child(spec: Any, national: NationalProblem, limit: float, pipe: Connection) -> None:
    codes = national.province_codes
    total_communes = codes.size
    seconds, objective, statuses, worst_gap = 0.0, 0.0, set(), 0.0
    for code in np.unique(codes):
        positions = np.flatnonzero(codes == code)
        part = province_problem(national.problem, positions)
        share = max(1, round(getattr(spec, "p", 1) * positions.size / total_communes))
        started = time.perf_counter()
        solution = with_p(spec, share).solve(part, SolverSettings(time_limit_seconds=limit))
        seconds += time.perf_counter() - started
        statuses.add(solution.status.value)
        value = solution.objective or 0.0
        objective = max(objective, value) if spec.kind == "p_center" else objective + value
        worst_gap = max(worst_gap, solution.mip_gap or 0.0)
    pipe.send(
        Measured(
            seconds, "/".join(sorted(statuses)), objective, worst_gap, _peak_mb(), "34 provinces"
        )
    )


def measure(child: Any, spec: Any, national: NationalProblem, limit: float) -> Measured:
    """Run `child` in a forked process and return what it measured."""
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=child, args=(spec, national, limit, send))
    process.start()
    while not receive.poll(1.0):
        if not process.is_alive():
            process.join()
            return Measured(float("nan"), "crashed", None, None, float("nan"), "child failed")
    result: Measured = receive.recv()
    process.join()
    return result


def capacitated_province(national: Problem, positions: np.ndarray[Any, Any]) -> Problem:
    """A province's capacitated problem: residents needing a place, every commune a candidate.

    Demand = persons × `NEED_PER_1000` / 1,000 (persons); every commune is a candidate with the
    tiers `TIERS` (places, VND); travel as in the national problem, within the province only.
    """
    part = province_problem(national, positions)
    demand = part.demand.assign(
        demand_persons=part.demand["demand_persons"] * NEED_PER_1000 / 1000.0
    )
    tiers = pd.DataFrame(
        [(site, tier, places, cost) for site in part.sites.index for tier, places, cost in TIERS],
        columns=["site_id", "tier_id", "capacity_places", "open_cost_vnd"],
    )
    return Problem(demand=demand, sites=part.sites, travel=part.travel, site_tiers=tiers)


def _capacitated_child(
    spec: Any, national: NationalProblem, limit: float, pipe: Connection
) -> None:
    """Every province with its own place target (residents it needs), solved one by one."""
    codes = national.province_codes
    seconds, objective, statuses, worst_gap, worst_seconds = 0.0, 0.0, set(), 0.0, 0.0
    places = 0.0
    for code in np.unique(codes):
        part = capacitated_province(national.problem, np.flatnonzero(codes == code))
        target = float(np.ceil(part.demand["demand_persons"].sum()))
        province_spec = dataclasses.replace(spec, target_places=target)
        started = time.perf_counter()
        solution = province_spec.solve(
            part, SolverSettings(time_limit_seconds=limit, mip_gap=CAPACITATED_GAP)
        )
        elapsed = time.perf_counter() - started
        seconds += elapsed
        worst_seconds = max(worst_seconds, elapsed)
        statuses.add(solution.status.value)
        objective += solution.objective or 0.0
        worst_gap = max(worst_gap, solution.mip_gap or 0.0)
        places += float(solution.opened["capacity_places"].sum()) if len(solution.opened) else 0.0
    note = (
        f"34 provinces, each with its own place target; slowest province {worst_seconds:.1f} s; "
        f"{places:,.0f} places opened"
    )
    pipe.send(Measured(seconds, "/".join(sorted(statuses)), objective, worst_gap, _peak_mb(), note))


def _gap(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f} %"


def main() -> None:
    """Parse the arguments, build the national problem, time every model and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--p", type=int, default=100, help="open sites (count)")
    parser.add_argument(
        "--minutes", type=float, nargs="+", default=[30.0, 60.0], help="coverage minutes"
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds per national model run"
    )
    parser.add_argument(
        "--skip-p-median", action="store_true", help="leave out the national p-median"
    )
    parser.add_argument(
        "--models",
        nargs="+",
        choices=MODEL_KINDS,
        default=list(MODEL_KINDS),
        help="models to time (default: all)",
    )
    args = parser.parse_args()
    wanted = set(args.models) - ({"p_median"} if args.skip_p_median else set())

    started = time.perf_counter()
    national = build_national_problem()
    n = len(national.problem.demand)
    print(
        f"national problem: {n} communes, {np.unique(national.province_codes).size} provinces, "
        f"{national.bundled_communes} with bundled persons, uniform {national.uniform_persons:g} "
        f"persons elsewhere; built in {time.perf_counter() - started:.1f} s; "
        f"time limit {args.time_limit:g} s per national run",
        flush=True,
    )
    specs: list[tuple[str, Any]] = []
    for minutes in args.minutes:
        specs.append((f"set_covering {minutes:g} min", SetCoveringSpec(minutes)))
        specs.append((f"max_coverage p={args.p} {minutes:g} min", MaxCoverageSpec(args.p, minutes)))
    specs.append((f"p_center p={args.p}", PCenterSpec(args.p)))
    specs.append((f"p_median p={args.p}", PMedianSpec(args.p)))
    specs = [(label, spec) for label, spec in specs if spec.kind in wanted]

    header = (
        f"{'model':<28} {'national s':>10} {'status':>9} {'objective':>14} {'gap':>8} "
        f"{'peak MB':>8} | {'by-province s':>13} {'status':>17} {'objective':>14} "
        f"{'ratio nat/prov':>14}"
    )
    print(header)
    print("-" * len(header), flush=True)
    for label, spec in specs:
        whole = measure(_national_child, spec, national, args.time_limit)
        split = measure(_province_child, spec, national, args.time_limit)
        ratio = whole.seconds / max(split.seconds, 1e-9)
        print(
            f"{label:<28} {whole.seconds:>10.1f} {whole.status:>9} "
            f"{(whole.objective or float('nan')):>14.6g} {_gap(whole.gap):>8} "
            f"{whole.peak_mb:>8.0f} | {split.seconds:>13.1f} {split.status:>17} "
            f"{(split.objective or float('nan')):>14.6g} {ratio:>14.1f}",
            flush=True,
        )
        print(f"    {whole.note}", flush=True)
    if "capacitated" in wanted:
        spec = CapacitatedSpec(
            unserved_penalty=UNSERVED_PENALTY, open_cost_weight=OPEN_COST_WEIGHT, target_places=0.0
        )
        result = measure(_capacitated_child, spec, national, args.time_limit)
        print(
            f"\ncapacitated, places per province target ({NEED_PER_1000:g} per 1,000 persons), "
            f"tiers {', '.join(f'{t} {q:g} places' for t, q, _ in TIERS)}, assignment within "
            f"the province (so the provinces are independent and solving them one by one is "
            f"exact), each to {100 * CAPACITATED_GAP:g} %: {result.seconds:.1f} s in all, {result.status}, objective "
            f"{(result.objective or float('nan')):.6g} (person-minutes + weighted VND), worst gap "
            f"{_gap(result.gap)}, peak {result.peak_mb:.0f} MB",
            flush=True,
        )
        print(f"    {result.note}", flush=True)


if __name__ == "__main__":
    main()
