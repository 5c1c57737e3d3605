"""Command line: ``facility-plan run | validate | compare``; input errors exit with code 2 and one message."""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from facility_plan.cli_data import data_app
from facility_plan.config import load_scenario
from facility_plan.errors import FacilityPlanError, ScenarioConfigError
from facility_plan.models import check_capacitated_feasibility
from facility_plan.outputs import OUTPUT_FILES, report_to_folder, run_to_folder, write_comparison
from facility_plan.scenario import (
    ScenarioResult,
    build_problem,
    compare_summaries,
    explain_scenario,
    load_inputs,
    read_summary,
    run_scenario,
)

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    help="Plan networks of social-assistance facilities: run, check and compare scenarios.",
)
app.add_typer(data_app, name="data", help="List, show and convert the bundled data.")
EXIT_INPUT_ERROR = 2
T = TypeVar("T")


def _console() -> Console:
    # Piped output (files, notebooks, CI logs) gets a wide fixed width so tables are not folded.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except FacilityPlanError as err:
        Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {err}", markup=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_path=False)],
        force=True,
    )


def _fmt(value: Any, *, share: bool = False) -> str:
    if share and isinstance(value, (int, float)):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if abs(value) >= 1e6:
            return f"{value / 1e9:,.1f} bn"
        return f"{value:,.1f}"
    return "–" if value is None else str(value)


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder (a sub-folder per scenario).")
    ] = Path("outputs"),
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show progress messages.")
    ] = False,
) -> None:
    """Run SCENARIO and write map.html, plan.gpkg, summary.json and tables to OUT/<name>/."""
    _configure_logging(verbose)
    console = _console()
    config = _guard(lambda: load_scenario(scenario))
    console.print(f"[bold]{config.title_vi}[/]")
    with Console(stderr=True).status("starting") as status:
        result, folder = _guard(
            lambda: run_to_folder(config, out, on_step=lambda step: status.update(step))
        )
    summary = result.summary
    console.print(summary["demand_calibration"]["description"])
    if summary["assumptions_flagged"]:
        console.print(
            "assumptions flagged as placeholders: " + ", ".join(summary["assumptions_flagged"])
        )
    table = Table(show_header=False)
    for key in (
        "status",
        "mip_gap",
        "places_total",
        "served_persons",
        "unserved_persons",
        "mean_travel_minutes",
        "max_travel_minutes",
        "solve_seconds",
    ):
        table.add_row(key, _fmt(summary[key]))
    for site in summary["new_sites"]:
        table.add_row(
            "new centre",
            f"{site['commune']}, {site['district']} — tier {site['tier']}, "
            f"{site['capacity_places']:.0f} places, {site['assigned_persons']:.1f} assigned",
        )
    console.print(table)
    console.print(f"wrote {folder}/: " + ", ".join(OUTPUT_FILES))


@app.command()
def report(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder (a sub-folder per scenario).")
    ] = Path("outputs"),
    pareto_budgets: Annotated[
        str | None,
        typer.Option(
            "--pareto-budgets",
            help="Comma-separated budgets in billion VND for a budget-vs-served curve, e.g. 0,7,14,17.5",
        ),
    ] = None,
) -> None:
    """Run SCENARIO and write the meeting report: report.html, report.xlsx, A4/A3 print maps, charts."""
    console = _console()
    config = _guard(lambda: load_scenario(scenario))

    def budgets() -> list[float] | None:
        if not pareto_budgets:
            return None
        try:
            return [float(text) * 1e9 for text in pareto_budgets.split(",") if text.strip()]
        except ValueError:
            msg = f"--pareto-budgets: {pareto_budgets!r} is not a comma-separated list of numbers"
            raise ScenarioConfigError(msg) from None

    budget_list = _guard(budgets)
    with Console(stderr=True).status("starting") as status:
        _result, folder = _guard(
            lambda: report_to_folder(
                config,
                out,
                pareto_budgets_vnd=budget_list,
                on_step=lambda step: status.update(step),
            )
        )
    files = sorted(path.name for path in folder.iterdir())
    console.print(f"wrote {folder}/: " + ", ".join(files))


@app.command()
def explain(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip the re-solve with one more new centre.")
    ] = False,
) -> None:
    """Why the answer is what it is: binding constraints and the value of one more place, centre,
    or million VND (each found by re-solving that change)."""
    console = _console()
    config = _guard(lambda: load_scenario(scenario))
    with Console(stderr=True).status("solving and re-solving") as status:
        result = _guard(lambda: run_scenario(config, on_step=lambda step: status.update(step)))
        explanation = _guard(lambda: explain_scenario(result, try_extra_site=not quick))
    for line in explanation.binding:
        console.print(f"• {line}")
    table = Table(title="marginal values (objective: person-minutes + unserved penalty)")
    for column in ("change", "saving", "unserved_before", "unserved_after", "status"):
        table.add_column(column)
    for row in explanation.marginal.to_dict(orient="records"):
        table.add_row(
            str(row["change"]),
            _fmt(row.get("saving")),
            _fmt(row.get("unserved_before")),
            _fmt(row.get("unserved_after")),
            str(row.get("status")),
        )
    console.print(table)


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
) -> None:
    """Check SCENARIO's settings and input tables, and whether its targets can be met, without solving."""
    console = _console()

    def check() -> str:
        from facility_plan.demand import compute_demand

        config = load_scenario(scenario)
        inputs = load_inputs(config)
        demand = compute_demand(inputs.communes, inputs.districts, config.demand, year=config.year)
        problem, groups = build_problem(config, inputs, demand)
        model = config.model
        check_capacitated_feasibility(
            problem,
            new_facilities=model.new_facilities,
            target_places=model.target_places,
            budget_vnd=model.budget_vnd,
            unserved_allowed=True,
            required_site_groups=groups,
        )
        return (
            f"{scenario}: OK — {len(inputs.communes)} communes, {len(inputs.districts)} districts, "
            f"{len(inputs.facilities)} existing centres "
            f"({inputs.facilities['capacity_places'].sum():,.0f} places), "
            f"{len(problem.candidate_site_ids)} candidate sites; {demand.describe_calibration()}"
        )

    console.print(_guard(check))


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
) -> None:
    """Print two scenarios side by side: places, served, unserved, travel minutes, sites chosen.

    With --out, both must be scenario files (they are re-run) and a comparison report is written.
    """
    console = _console()

    results: dict[Path, ScenarioResult] = {}

    def summary_of(path: Path) -> tuple[str, dict[str, Any]]:
        if path.suffix == ".toml":
            result = run_scenario(load_scenario(path))
            results[path] = result
            return result.config.name, result.summary
        summary = read_summary(path)
        return str(summary.get("scenario", path.name)), summary

    pairs = _guard(lambda: [summary_of(first), summary_of(second)])
    if pairs[0][0] == pairs[1][0]:
        pairs = [(f"{pairs[0][0]} (1)", pairs[0][1]), (f"{pairs[1][0]} (2)", pairs[1][1])]
    summaries = dict(pairs)
    frame = compare_summaries(summaries)
    table = Table(title="facility-plan compare")
    table.add_column("measure")
    for name in frame.columns:
        table.add_column(str(name), overflow="fold")
    for measure, row in frame.iterrows():
        is_share = "share" in str(measure)
        table.add_row(str(measure), *(_fmt(value, share=is_share) for value in row))
    console.print(table)
    if out is not None:

        def comparison() -> Path:
            paths = [first, second]
            not_toml = [str(p) for p in paths if p.suffix != ".toml"]
            if not_toml:
                msg = f"compare --out needs scenario files (.toml), got {not_toml}"
                raise ScenarioConfigError(msg)
            return write_comparison([results[p] for p in paths], out)

        folder = _guard(comparison)
        console.print(f"wrote {folder}/: " + ", ".join(sorted(p.name for p in folder.iterdir())))


def main() -> None:
    """Entry point of the ``facility-plan`` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
