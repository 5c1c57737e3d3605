"""Robustness sweep: solve a scenario on many draws of its uncertain inputs and measure each plan's regret."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from facility_plan.errors import InfeasibleScenarioError, ScenarioConfigError
from facility_plan.labels import Language
from facility_plan.models import Solution
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps.draws import Draw, draw_inputs, draws_table, uncertainty_model
from facility_plan.sweeps.executor import ExecutorSettings, ProgressHook, open_sweep, run_task
from facility_plan.sweeps.plans import (
    FixedPlan,
    PlanOutcome,
    evaluate_plan,
    no_outcome,
    service_outcome,
)
from facility_plan.sweeps.realise import DrawBase, realise_problem
from facility_plan.sweeps.regret import regret_tables, selection_frequency
from facility_plan.sweeps.result import RobustResult
from facility_plan.sweeps.sites import plan_facts, site_directory
from facility_plan.sweeps.verdict import robust_verdict

DEFAULT_MINIMAX_PLANS = 20
"""Plans (the most often optimal first) evaluated on every draw in the search for the min–max-regret plan."""
StepHook = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class DrawTask:
    """One task of the sweep: a draw, the plans to evaluate on it and whether to solve its optimum."""

    draw: Draw
    plans: tuple[FixedPlan, ...]
    solve_optimum: bool


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """What one task found.

    Attributes
    ----------
    number
        The draw.
    optimum_plan
        The draw's optimal plan (None when not solved or not asked for).
    optimum
        Its outcome.
    evaluations
        Outcome of each plan of the task, in the task's order.
    seconds
        Seconds the task took (realising the draw and every solve).
    cpu_seconds
        Processor seconds of the task's process (all its threads).
    """

    number: int
    optimum_plan: FixedPlan | None
    optimum: PlanOutcome
    evaluations: tuple[PlanOutcome, ...]
    seconds: float
    cpu_seconds: float


def solve_draw(base: DrawBase, task: DrawTask) -> DrawOutcome:
    """A sweep task: realise the draw, solve its optimum (if asked) and evaluate the given plans."""
    started, started_cpu = time.perf_counter(), time.process_time()
    problem = realise_problem(base, task.draw)
    plan: FixedPlan | None = None
    optimum = no_outcome("not_asked")
    if task.solve_optimum:
        try:
            solution = base.spec.solve(problem, base.solver)
        except InfeasibleScenarioError:
            optimum = no_outcome("infeasible")
        else:
            optimum = service_outcome(solution, base.spec.unserved_penalty)
            plan = FixedPlan.from_solution(solution) if solution.has_solution else None
    evaluations = tuple(evaluate_plan(problem, p, base.spec, base.solver) for p in task.plans)
    return DrawOutcome(
        number=task.draw.number,
        optimum_plan=plan,
        optimum=optimum,
        evaluations=evaluations,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - started_cpu,
    )


def _solve_own_data(prepared: PreparedScenario, _unused: None) -> Solution:
    return prepared.spec.solve(prepared.problem, prepared.solver)


def _optimal_plan(prepared: PreparedScenario, name: str) -> FixedPlan:
    solution = run_task(_solve_own_data, prepared, None)
    if not solution.has_solution:
        msg = f"{name}: no solution on its own data (status {solution.status})"
        raise InfeasibleScenarioError(msg)
    return FixedPlan.from_solution(solution)


def _check_comparable(
    prepared: PreparedScenario, compare: PreparedScenario, plan: FixedPlan
) -> None:
    missing = sorted({site for site, _ in plan.capacities} - set(prepared.problem.sites.index))
    if missing:
        msg = (
            f"{compare.config.name}: its plan opens sites {missing[:5]} that "
            f"{prepared.config.name} does not have; compare scenarios built on the same inputs"
        )
        raise ScenarioConfigError(msg)


def _district_tables(
    plans: Sequence[FixedPlan | None], directory: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    solved = [plan for plan in plans if plan is not None]
    district_rows, set_rows = [], []
    for plan in solved:
        codes = sorted({str(directory.at[site, "district_code"]) for site in plan.new_site_ids})
        district_rows += codes
        names = sorted({str(directory.at[site, "district_name_vi"]) for site in plan.new_site_ids})
        set_rows.append((" + ".join(codes), " + ".join(names)))
    total = max(1, len(solved))
    names_of = directory.drop_duplicates("district_code").set_index("district_code")
    counts = pd.Series(district_rows, dtype=str).value_counts()
    districts = pd.DataFrame(
        {
            "district_code": counts.index.astype(str),
            "district_name_vi": [names_of.at[c, "district_name_vi"] for c in counts.index],
            "draws_with_new_centre": counts.to_numpy(),
            "share": counts.to_numpy() / total,
        }
    )
    sets = pd.DataFrame(set_rows, columns=["district_codes", "districts"])
    set_counts = sets.value_counts().rename("draws").reset_index()
    set_counts["share"] = set_counts["draws"] / total
    order = ["draws", "district_codes"]
    return (
        districts.sort_values(
            ["draws_with_new_centre", "district_code"], ascending=[False, True], kind="mergesort"
        ).reset_index(drop=True),
        set_counts.sort_values(order, ascending=[False, True], kind="mergesort").reset_index(
            drop=True
        ),
    )


def run_robust(
    prepared: PreparedScenario,
    *,
    compare: PreparedScenario | None = None,
    samples: int | None = None,
    seed: int | None = None,
    executor: ExecutorSettings | None = None,
    max_minimax_plans: int = DEFAULT_MINIMAX_PLANS,
    on_step: StepHook | None = None,
    on_progress: ProgressHook | None = None,
) -> RobustResult:
    """Solve `prepared` on `samples` draws of its uncertain inputs and measure each plan's regret.

    Each draw is solved to its optimum; the scenario's own optimum (on its undrawn data) and,
    with `compare`, the compared scenario's optimum are held fixed and evaluated on the same
    draws (demand assigned best to their open sites). Then the plans that were most often optimal
    are evaluated on every draw to find the min–max-regret plan among them.

    Parameters
    ----------
    prepared
        The scenario; its ``[uncertainty]`` section says what is drawn.
    compare
        A scenario on the same inputs whose optimum is the plan to compare (e.g. the plan's
        own choice of districts).
    samples, seed
        Number of draws and their seed; default from the uncertainty section.
    executor
        Where the solves run (default: a local process pool).
    max_minimax_plans
        Most plans evaluated on every draw for the min–max-regret plan (most often optimal first).
    on_step, on_progress
        Called with a step description, and with (tasks done, tasks) during each pass.

    Returns
    -------
    RobustResult

    Raises
    ------
    ScenarioConfigError
        Bad uncertainty settings, or a compared scenario on other sites.
    InfeasibleScenarioError
        A scenario without a solution on its own data.
    """
    started = time.perf_counter()
    step = on_step or (lambda _text: None)
    config = prepared.config
    uncertainty = config.uncertainty
    samples = samples if samples is not None else uncertainty.samples
    seed = seed if seed is not None else uncertainty.seed
    settings = executor or ExecutorSettings()
    model = uncertainty_model(
        config, prepared.inputs.facilities, prepared.inputs.communes, prepared.inputs.cells
    )
    draws = draw_inputs(model, samples=samples, seed=seed)
    step("solving the scenario on its own data")
    optimised = _optimal_plan(prepared, config.name)
    references = [optimised]
    compared: FixedPlan | None = None
    if compare is not None:
        compared = _optimal_plan(compare, compare.config.name)
        _check_comparable(prepared, compare, compared)
        if compared.plan_id != optimised.plan_id:
            references.append(compared)
    # Every draw's solve starts from the scenario's own optimum (a warm start; same result).
    warm_spec = replace(prepared.spec, initial_open_site_ids=optimised.new_site_ids)
    base = replace(DrawBase.from_prepared(prepared), spec=warm_spec)
    with open_sweep(base, settings) as runner:
        step(f"solving {samples} draws ({settings.describe()})")
        first = runner.map(
            solve_draw,
            [DrawTask(draw, tuple(references), True) for draw in draws],
            on_progress=on_progress,
        )
        counts = pd.Series([o.optimum_plan.plan_id for o in first if o.optimum_plan]).value_counts()
        plan_of = {o.optimum_plan.plan_id: o.optimum_plan for o in first if o.optimum_plan}
        known = {plan.plan_id for plan in references}
        extra = tuple(
            plan_of[plan_id]
            for plan_id in sorted(counts.index, key=lambda p: (-counts[p], p))
            if plan_id not in known
        )[: max(0, max_minimax_plans - len(references))]
        second = []
        if extra:
            step(f"evaluating {len(extra)} more plans on every draw (min–max regret)")
            second = runner.map(
                solve_draw,
                [DrawTask(draw, extra, False) for draw in draws],
                on_progress=on_progress,
            )
    evaluated = [*references, *extra]
    evaluations = {
        plan.plan_id: [o.evaluations[position] for o in first]
        for position, plan in enumerate(references)
    }
    for position, plan in enumerate(extra):
        evaluations[plan.plan_id] = [o.evaluations[position] for o in second]
    tables = regret_tables(
        [o.optimum for o in first],
        [o.optimum_plan.plan_id if o.optimum_plan else None for o in first],
        evaluations,
        indifference_share=uncertainty.indifference_share,
    )
    directory = site_directory(prepared)
    tiers = prepared.problem.site_tiers
    facts = {
        plan.plan_id: plan_facts(plan, directory, tiers) for plan in {*evaluated, *plan_of.values()}
    }
    roles = {optimised.plan_id: "optimised"}
    if compared is not None:
        roles.setdefault(compared.plan_id, "compare")
    plans = tables.by_plan.assign(
        role=[
            roles.get(p, "minimax" if p == tables.minimax_plan_id else "seen")
            for p in tables.by_plan["plan_id"]
        ],
        communes=[facts[p].communes for p in tables.by_plan["plan_id"]],
        districts=[facts[p].districts for p in tables.by_plan["plan_id"]],
        places_new=[facts[p].places_new for p in tables.by_plan["plan_id"]],
        land_m2=[facts[p].land_m2 for p in tables.by_plan["plan_id"]],
        investment_vnd=[facts[p].investment_vnd for p in tables.by_plan["plan_id"]],
    )
    frequency = selection_frequency(
        [o.optimum_plan.new_sites if o.optimum_plan else None for o in first]
    )
    frequency = frequency.join(directory.drop(columns="site_id"), on="site_id")
    frequency = _names_first(frequency, ("commune_name_vi", "district_name_vi"))
    plans = _names_first(plans, ("role", "communes", "districts"))
    district_frequency, district_sets = _district_tables([o.optimum_plan for o in first], directory)
    draw_rows = draws_table(draws).assign(
        optimum_status=[o.optimum.status for o in first],
        optimum_plan_id=[o.optimum_plan.plan_id if o.optimum_plan else None for o in first],
        optimum_communes=[
            facts[o.optimum_plan.plan_id].communes if o.optimum_plan else None for o in first
        ],
        optimum_districts=[
            facts[o.optimum_plan.plan_id].districts if o.optimum_plan else None for o in first
        ],
        optimum_service_person_minutes=[o.optimum.service_person_minutes for o in first],
        optimum_unserved_persons=[o.optimum.unserved_persons for o in first],
    )
    compare_id = compared.plan_id if compared is not None else None
    for role, role_plan_id in (("optimised", optimised.plan_id), ("compare", compare_id)):
        if role_plan_id is None:
            continue
        regret = tables.by_draw[tables.by_draw["plan_id"] == role_plan_id].set_index("draw")
        draw_rows[f"{role}_regret_person_minutes"] = draw_rows["draw"].map(
            regret["regret_person_minutes"]
        )
        draw_rows[f"{role}_regret_share"] = draw_rows["draw"].map(regret["regret_share"])
    failed = sum(1 for o in first if not o.optimum.solved)

    def verdict(language: Language) -> tuple[str, ...]:
        return robust_verdict(
            plans,
            frequency,
            district_sets,
            optimised_plan_id=optimised.plan_id,
            compare_plan_id=compare_id,
            minimax_plan_id=tables.minimax_plan_id,
            indifference_share=uncertainty.indifference_share,
            draws_failed=failed,
            language=language,
        )

    return RobustResult(
        scenario=config.name,
        compare_scenario=compare.config.name if compare is not None else None,
        samples=samples,
        seed=seed,
        executor=settings.describe(),
        indifference_share=uncertainty.indifference_share,
        uncertainty=model.to_frame(),
        draws=draw_rows,
        site_frequency=frequency,
        district_frequency=district_frequency,
        district_sets=district_sets,
        plans=plans,
        regret_by_draw=tables.by_draw,
        optimised_plan_id=optimised.plan_id,
        compare_plan_id=compare_id,
        minimax_plan_id=tables.minimax_plan_id,
        plans_seen=len(plan_of),
        verdict_vi=verdict("vi"),
        verdict_en=verdict("en"),
        draws_failed=failed,
        solve_seconds=sum(o.seconds for o in [*first, *second]),
        solve_cpu_seconds=sum(o.cpu_seconds for o in [*first, *second]),
        wall_seconds=time.perf_counter() - started,
    )


def _names_first(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with the name columns a person reads first and the ids after them."""
    first = [column for column in names if column in frame.columns]
    return frame[first + [column for column in frame.columns if column not in first]]
