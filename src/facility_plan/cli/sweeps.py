"""The sweep commands: ``robust`` (regret across draws of the uncertain inputs) and ``alternatives``.

Heavy libraries are imported inside each command, so ``--help`` answers at once. The lead
registers them with ``register(app)`` in `facility_plan.cli.app`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facility_plan.cli._common import (
    LangOption,
    LanguageChoice,
    configure_logging,
    console,
    error_console,
    guard,
    step_text,
)

if TYPE_CHECKING:
    from rich.progress import Progress

    from facility_plan.labels import Language
    from facility_plan.scenario import PreparedScenario
    from facility_plan.sweeps import ExecutorSettings, RobustResult

TOP_SITES_SHOWN = 5

OutOption = Annotated[
    Path,
    typer.Option(
        "--out", help="Output folder (a sub-folder per scenario: robust/, alternatives/)."
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Run the solves on a Dask cluster: 'local' starts a LocalCluster, or a scheduler "
        "address such as tcp://host:8786. Default: a local process pool.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (default: one per CPU)."),
]
SerialOption = Annotated[
    bool, typer.Option("--serial", help="Solve one after the other in this process.")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show progress messages.")]


def parse_share(text: str, language: Language = "vi") -> float:
    """A share from ``"2%"``, ``"2 %"`` or ``"0.02"``.

    Examples
    --------
    >>> parse_share("2%"), parse_share("0.5 %"), parse_share("0.02")
    (0.02, 0.005, 0.02)
    """
    from facility_plan.errors import ScenarioConfigError
    from facility_plan.labels import label

    cleaned = text.strip().replace(",", ".")
    try:
        if cleaned.endswith("%"):
            return float(cleaned[:-1].strip()) / 100
        return float(cleaned)
    except ValueError:
        msg = label("cli_bad_share", language).format(value=repr(text))
        raise ScenarioConfigError(msg) from None


def _prepare(scenario: Path, choice: LanguageChoice) -> PreparedScenario:
    from facility_plan.scenario import prepare_scenario

    config = choice.load(scenario)
    return guard(lambda: prepare_scenario(config), language=config.outputs.language)


def _executor(
    dask: str | None, workers: int | None, serial: bool, language: Language
) -> ExecutorSettings:
    from facility_plan.sweeps import ExecutorSettings

    return guard(
        lambda: ExecutorSettings.from_options(dask=dask, workers=workers, serial=serial),
        language=language,
    )


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console(),
        transient=True,
    )


def robust(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="Scenario whose choice is compared on the same draws."),
    ] = None,
    samples: Annotated[
        int | None, typer.Option("--samples", min=1, help="Draws (default: the scenario's).")
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help="Seed of the draws (default: the scenario's)."),
    ] = None,
    max_plans: Annotated[
        int,
        typer.Option(
            "--max-plans", min=1, help="Plans evaluated on every draw for min–max regret."
        ),
    ] = 20,
    out: OutOption = Path("outputs"),
    dask: DaskOption = None,
    workers: WorkersOption = None,
    serial: SerialOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
) -> None:
    """Solve SCENARIO on many draws of its uncertain inputs: how often each site and district is
    chosen, the regret of the optimised (and compared) plan, the min–max-regret plan and a verdict.
    Writes OUT/<name>/robust/: robust.json, robust.csv, robust_plans.csv, robust_sites.csv,
    robust_regret.png, robust_map.html, robust.xlsx."""
    configure_logging(verbose)
    from facility_plan.labels import format_number, label
    from facility_plan.outputs.robust_files import write_robust_outputs
    from facility_plan.sweeps import run_robust

    choice = LanguageChoice.from_option(lang)
    prepared = _prepare(scenario, choice)
    language = prepared.config.outputs.language
    compared = _prepare(compare, choice) if compare is not None else None
    settings = _executor(dask, workers, serial, language)
    with _progress() as progress:
        task = progress.add_task(step_text("starting", language), total=None)

        def step(text: str) -> None:
            progress.update(task, description=step_text(text, language), completed=0, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = guard(
            lambda: run_robust(
                prepared,
                compare=compared,
                samples=samples,
                seed=seed,
                executor=settings,
                max_minimax_plans=max_plans,
                on_step=step,
                on_progress=advance,
            ),
            log_dir=out,
            language=language,
        )
    folder = guard(
        lambda: write_robust_outputs(
            result, prepared, out / prepared.config.name / "robust", language=language
        ),
        log_dir=out,
        language=language,
    )
    _print_robust(result, language)
    console().print(
        label("cli_robust_done", language).format(
            samples=result.samples,
            seconds=format_number(result.wall_seconds, language=language),
            executor=result.executor,
            cpu=format_number(result.solve_cpu_seconds, language=language),
            folder=f"{folder}/",
            files=", ".join(sorted(path.name for path in folder.iterdir())),
        ),
        markup=False,
    )


def _print_robust(result: RobustResult, lang: Language) -> None:
    from rich.markup import escape
    from rich.table import Table

    from facility_plan.labels import format_number, format_percent, label

    out = console()
    for line in result.verdict(lang):
        out.print(f"• {escape(line)}")
    sites = Table(title=label("cli_sites_title", lang))
    for column in (
        "commune",
        "district",
        "col_chosen_share",
        "col_chosen_draws",
        "col_most_frequent_tier",
    ):
        sites.add_column(label(column, lang), overflow="fold")
    for row in result.site_frequency.head(TOP_SITES_SHOWN).itertuples():
        sites.add_row(
            str(row.commune_name_vi),
            str(row.district_name_vi),
            format_percent(row.chosen_share, language=lang),
            str(row.chosen_draws),
            str(row.most_frequent_tier),
        )
    out.print(sites)
    regret = Table(title=label("cli_regret_title", lang))
    within = label("col_within_indifference", lang).format(
        share=format_percent(result.indifference_share, decimals=0, language=lang)
    )
    for column in (
        label("col_plan_role", lang),
        label("col_new_centres_where", lang),
        label("col_regret_median", lang),
        label("col_regret_p90", lang),
        label("col_regret_worst", lang),
        within,
    ):
        regret.add_column(column, overflow="fold")
    shown = result.plans[result.plans["role"].isin(["optimised", "compare", "minimax"])]
    for row in shown.itertuples():
        regret.add_row(
            label(f"robust_role_{row.role}", lang),
            str(row.communes),
            format_number(row.regret_person_minutes_median, language=lang),
            format_number(row.regret_person_minutes_p90, language=lang),
            format_number(row.regret_person_minutes_worst, language=lang),
            format_percent(row.within_indifference_share, decimals=0, language=lang),
        )
    out.print(regret)


def alternatives(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    within: Annotated[
        str, typer.Option("--within", help="Tolerance above the optimum, e.g. 2% or 0.02.")
    ] = "2%",
    max_plans: Annotated[int, typer.Option("--max", min=1, help="Most plans to list.")] = 10,
    out: OutOption = Path("outputs"),
    dask: DaskOption = None,
    workers: WorkersOption = None,
    serial: SerialOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
) -> None:
    """List the best distinct plans (different sets of new sites) within a tolerance of the
    optimum, with districts, sizes, land, travel and served figures. Writes
    OUT/<name>/alternatives/: alternatives.csv, alternatives.json."""
    configure_logging(verbose)
    from rich.table import Table

    from facility_plan.labels import format_number, format_percent, format_vnd, label
    from facility_plan.sweeps import find_alternatives, write_alternatives

    choice = LanguageChoice.from_option(lang)
    prepared = _prepare(scenario, choice)
    language = prepared.config.outputs.language
    share = guard(lambda: parse_share(within, language), language=language)
    settings = _executor(dask, workers, serial, language)
    with error_console().status(step_text("searching for near-optimal plans", language)):
        result = guard(
            lambda: find_alternatives(
                prepared, within_share=share, max_plans=max_plans, executor=settings
            ),
            log_dir=out,
            language=language,
        )
    folder = guard(
        lambda: write_alternatives(result, out / prepared.config.name / "alternatives"),
        log_dir=out,
        language=language,
    )
    table = Table(title=f"{prepared.config.title_vi}: ≤ {format_percent(share, language=language)}")
    for column in (
        "cli_alt_number",
        "col_new_centres_where",
        "district",
        "col_places",
        "col_land_m2",
        "col_investment",
        "cli_alt_gap",
        "col_mean_minutes",
        "col_served",
        "col_unserved",
    ):
        table.add_column(label(column, language), overflow="fold")
    for row in result.plans.itertuples():
        table.add_row(
            str(row.rank),
            str(row.communes),
            str(row.districts),
            format_number(row.places_new, language=language),
            format_number(row.land_m2, language=language),
            format_vnd(row.investment_vnd, language=language),
            format_percent(row.gap_share, decimals=2, language=language),
            format_number(row.mean_travel_minutes, decimals=1, language=language),
            format_number(row.served_persons, decimals=1, language=language),
            format_number(row.unserved_persons, decimals=1, language=language),
        )
    console().print(table)
    ending = (
        label("cli_alt_complete", language)
        if result.complete
        else label("cli_alt_stopped", language).format(count=max_plans)
    )
    console().print(
        label("cli_alt_done", language).format(
            plans=len(result.plans),
            solves=result.solves,
            seconds=format_number(result.wall_seconds, language=language),
            executor=result.executor,
            ending=ending,
            folder=f"{folder}/",
        ),
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add the ``robust`` and ``alternatives`` commands to `app`."""
    app.command("robust")(robust)
    app.command("alternatives")(alternatives)
