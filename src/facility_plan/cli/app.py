"""The ``facility-plan`` command: run, report, explain, validate, compare, schema and data sub-commands.

Heavy libraries (geopandas, PuLP, folium, matplotlib) are imported inside each command, so
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import math
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
from facility_plan.cli.annex import register as register_annex
from facility_plan.cli.app_server import register as register_app_server
from facility_plan.cli.data import data_app
from facility_plan.cli.init import register as register_init
from facility_plan.cli.schema import register as register_schema
from facility_plan.cli.sweeps import register as register_sweeps

if TYPE_CHECKING:
    from facility_plan.labels import Language
    from facility_plan.scenario import ScenarioResult, ScenarioSummary

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Plan networks of social-assistance facilities: run, check and compare scenarios.",
)
app.add_typer(data_app, name="data", help="List, show and convert the bundled data.")
register_init(app)
register_annex(app)
register_app_server(app)
register_schema(app)
register_sweeps(app)


def _version(value: bool) -> None:
    if value:
        from facility_plan import __version__

        typer.echo(f"facility-plan {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan networks of social-assistance facilities: run, check and compare scenarios."""


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _print_summary(summary: ScenarioSummary, language: Language) -> None:
    """The run's key figures on the console, in the scenario's language (`labels` catalogue)."""
    from rich.markup import escape
    from rich.table import Table

    from facility_plan.labels import format_number, label, status_text

    def n(value: float | None, decimals: int = 0) -> str:
        if value is None or math.isnan(value):
            return "–"
        return format_number(value, decimals=decimals, language=language)

    def name(key: str) -> str:
        try:
            return label(key, language)
        except KeyError:
            return key

    out = console()
    demand = summary.demand_range
    if demand is None:
        out.print(escape(summary.demand_calibration.description))
    else:
        out.print(escape(demand.description(language)))
        anchors = Table(title=label("cli_demand_table", language))
        for column in ("", "cli_low", "cli_central", "cli_high", "cli_arithmetic"):
            anchors.add_column(label(column, language) if column else "", overflow="fold")
        anchors.add_row(
            label("row_prevalence_chain", language),
            n(demand.low_persons),
            n(demand.central_persons),
            n(demand.high_persons),
            label("cli_prevalence_arithmetic", language),
        )
        for anchor in demand.anchors:
            anchors.add_row(
                name("anchor_" + anchor.key),
                n(anchor.low_persons),
                "",
                n(anchor.high_persons),
                escape(anchor.basis_vi if language == "vi" else anchor.basis_en),
            )
        anchors.add_row(label("row_modelled_demand", language), "", n(demand.modelled_persons))
        out.print(anchors)
    if summary.assumptions_flagged:
        flagged = ", ".join(name(f"group_{group}") for group in summary.assumptions_flagged)
        out.print(f"{label('cli_placeholders', language)}: {escape(flagged)}")
    for warning in summary.warnings:
        out.print(f"[yellow]{label('data_warning_item', language)}:[/] {escape(warning)}")
    table = Table(show_header=False)
    gap = "–" if summary.mip_gap is None else f"{n(100 * summary.mip_gap, 3)} %"
    rows = (
        ("cli_status", status_text(summary.status, language=language)),
        ("cli_gap", gap),
        ("cli_places", n(summary.places_total)),
        ("cli_served", n(summary.served_persons, 1)),
        ("cli_unserved", n(summary.unserved_persons, 1)),
        ("cli_mean_minutes", n(summary.mean_travel_minutes, 1)),
        ("cli_max_minutes", n(summary.max_travel_minutes, 1)),
        ("cli_solve_seconds", n(summary.solve_seconds, 1)),
    )
    for key, value in rows:
        table.add_row(label(key, language), value)
    for site in summary.new_sites:
        table.add_row(
            label("new_centre", language),
            escape(
                label("cli_new_site", language).format(
                    name=site.name,
                    district=site.district,
                    tier=site.tier,
                    places=n(site.capacity_places),
                    assigned=n(site.assigned_persons, 1),
                )
            ),
        )
    out.print(table)
    pooled = summary.capacity_matching == "pooled"
    by_type = Table(
        title=label("cli_by_type", language) + (label("cli_pooled", language) if pooled else "")
    )
    for column in (
        "cli_type",
        "cli_centres",
        "cli_places",
        "cli_used",
        "cli_idle",
        "cli_idle_wrong",
    ):
        by_type.add_column(label(column, language))
    for row in summary.capacity_by_type:
        by_type.add_row(
            name(row.facility_type),
            str(row.centres),
            n(row.places),
            n(row.used_persons, 1),
            n(row.idle_places, 1),
            n(row.idle_wrong_type_places, 1),
        )
    out.print(by_type)
    groups = Table(
        title=label("cli_by_group", language)
        + (label("cli_apportioned", language) if pooled else "")
    )
    for column in (
        "cli_group",
        "cli_need",
        "cli_range",
        "cli_served",
        "cli_unserved",
        "cli_taken_by",
    ):
        groups.add_column(label(column, language), overflow="fold")
    for group in summary.groups_served:
        groups.add_row(
            name(f"group_{group.group}"),
            n(group.need_persons, 1),
            f"{n(group.low_persons)}–{n(group.high_persons)}",
            n(group.served_persons, 1),
            n(group.unserved_persons, 1),
            ", ".join(name(kind) for kind in group.served_by_types),
        )
    out.print(groups)
    if summary.idle_wrong_type_places > 0.5:
        out.print(
            "[yellow]"
            + escape(
                label("cli_wrong_type_finding", language).format(
                    idle=n(summary.idle_wrong_type_places),
                    unserved=n(summary.unserved_persons),
                )
            )
            + "[/]"
        )


OutOption = Annotated[
    Path, typer.Option("--out", help="Output folder (a sub-folder per scenario).")
]


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: OutOption = Path("outputs"),
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show progress messages.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Run SCENARIO and write map.html, plan.gpkg, summary.json and tables to OUT/<name>/."""
    configure_logging(verbose)
    choice = LanguageChoice.from_option(lang)
    config = choice.load(scenario)
    language = config.outputs.language
    console().print(f"[bold]{_escape(config.title_vi)}[/]")
    from facility_plan.labels import label
    from facility_plan.outputs import OUTPUT_FILES, run_to_folder

    with error_console().status(step_text("starting", language)) as status:
        result, folder = guard(
            lambda: run_to_folder(
                config, out, on_step=lambda step: status.update(step_text(step, language))
            ),
            log_dir=out,
            language=language,
        )
    _print_summary(result.summary, language)
    console().print(
        label("cli_wrote", language).format(folder=f"{folder}/", files=", ".join(OUTPUT_FILES)),
        markup=False,
    )


@app.command()
def report(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: OutOption = Path("outputs"),
    pareto_budgets: Annotated[
        str | None,
        typer.Option(
            "--pareto-budgets",
            help="Comma-separated budgets in billion VND for a budget-vs-served curve, e.g. 0,7,14,17.5",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Run SCENARIO and write the meeting report: report.html, report.xlsx, A4/A3 print maps, charts."""
    from facility_plan.errors import ScenarioConfigError
    from facility_plan.labels import label

    config = LanguageChoice.from_option(lang).load(scenario)
    language = config.outputs.language

    def budgets() -> list[float] | None:
        if not pareto_budgets:
            return None
        try:
            return [float(text) * 1e9 for text in pareto_budgets.split(",") if text.strip()]
        except ValueError:
            msg = label("cli_bad_budgets", language).format(value=repr(pareto_budgets))
            raise ScenarioConfigError(msg) from None

    budget_list = guard(budgets, language=language)
    from facility_plan.outputs import report_to_folder

    console().print(f"[bold]{_escape(config.title_vi)}[/]")
    with error_console().status(step_text("starting", language)) as status:
        result, folder = guard(
            lambda: report_to_folder(
                config,
                out,
                pareto_budgets_vnd=budget_list,
                on_step=lambda step: status.update(step_text(step, language)),
            ),
            log_dir=out,
            language=language,
        )
    _print_summary(result.summary, language)
    files = sorted(path.name for path in folder.iterdir())
    console().print(
        label("cli_wrote", language).format(folder=f"{folder}/", files=", ".join(files)),
        markup=False,
    )


@app.command()
def explain(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip the re-solve with one more new centre.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Why the answer is what it is: binding constraints and the value of one more place, centre,
    or million VND (each found by re-solving that change)."""
    from facility_plan.cli.views import print_explanation
    from facility_plan.scenario import explain_scenario, run_scenario

    config = LanguageChoice.from_option(lang).load(scenario)
    language = config.outputs.language
    with error_console().status(step_text("solving and re-solving", language)) as status:
        result = guard(
            lambda: run_scenario(
                config, on_step=lambda step: status.update(step_text(step, language))
            ),
            language=language,
        )
        explanation = guard(
            lambda: explain_scenario(result, try_extra_site=not quick), language=language
        )
    print_explanation(result, explanation, language)


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    lang: LangOption = None,
) -> None:
    """Check SCENARIO's settings and input tables, and whether its targets can be met, without solving."""
    from facility_plan.labels import format_number, label

    choice = LanguageChoice.from_option(lang)
    config = choice.load(scenario)
    language = config.outputs.language

    def check() -> str:
        from facility_plan.scenario import check_feasibility, prepare_scenario

        prepared = prepare_scenario(config)
        check_feasibility(prepared)
        inputs, problem = prepared.inputs, prepared.problem
        lines = [
            label("cli_validate_ok", language).format(
                scenario=scenario,
                communes=format_number(len(inputs.communes), language=language),
                districts=len(inputs.districts),
                facilities=len(inputs.facilities),
                places=format_number(
                    float(inputs.facilities["capacity_places"].sum()), language=language
                ),
                candidates=format_number(len(problem.candidate_site_ids), language=language),
                demand=prepared.demand.describe_basis(language),
            )
        ]
        lines += [
            f"{label('cli_warning', language)}: {warning.text(language)}"
            for warning in inputs.warnings
        ]
        return "\n".join(lines)

    console().print(guard(check, language=language), markup=False, soft_wrap=True)


@app.command()
def compare(
    first: Annotated[Path, typer.Argument(help="Scenario TOML file or output folder.")],
    second: Annotated[Path, typer.Argument(help="Scenario TOML file or output folder.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Also write a comparison report (HTML, XLSX, maps) to this folder."
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Print two scenarios side by side: places, served, unserved, travel minutes, sites chosen.

    With --out, both must be scenario files (they are re-run) and a comparison report is written.
    """
    from facility_plan.cli.views import print_comparison
    from facility_plan.errors import ScenarioConfigError
    from facility_plan.labels import label
    from facility_plan.scenario import read_summary, run_scenario

    choice = LanguageChoice.from_option(lang)
    results: dict[Path, ScenarioResult] = {}
    languages: list[Language] = []

    def summary_of(path: Path) -> tuple[str, ScenarioSummary]:
        if path.suffix == ".toml":
            config = choice.load(path)
            languages.append(config.outputs.language)
            result = run_scenario(config)
            results[path] = result
            return result.config.name, result.summary
        summary = read_summary(path)
        return summary.scenario, summary

    pairs = guard(lambda: [summary_of(first), summary_of(second)], language=choice.language)
    language: Language = choice.requested or (languages[0] if languages else "vi")
    if pairs[0][0] == pairs[1][0]:
        pairs = [(f"{pairs[0][0]} (1)", pairs[0][1]), (f"{pairs[1][0]} (2)", pairs[1][1])]
    print_comparison(pairs, language)
    if out is not None:
        from facility_plan.outputs import write_comparison

        def comparison() -> Path:
            paths = [first, second]
            not_toml = [str(p) for p in paths if p.suffix != ".toml"]
            if not_toml:
                msg = label("cli_compare_needs_toml", language).format(paths=not_toml)
                raise ScenarioConfigError(msg)
            return write_comparison([results[p] for p in paths], out)

        folder = guard(comparison, log_dir=out.parent, language=language)
        files = ", ".join(sorted(p.name for p in folder.iterdir()))
        console().print(
            label("cli_wrote", language).format(folder=f"{folder}/", files=files), markup=False
        )


def main() -> None:
    """Entry point of the ``facility-plan`` command."""
    app()
