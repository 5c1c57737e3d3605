"""The ``facility-plan`` command: run, report, explain, validate, compare, schema and data sub-commands.

Heavy libraries (geopandas, PuLP, folium, matplotlib) are imported inside each command, so
``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from facility_plan.cli._common import (
    configure_logging,
    console,
    error_console,
    guard,
)
from facility_plan.cli.annex import register as register_annex
from facility_plan.cli.app_server import register as register_app_server
from facility_plan.cli.data import data_app
from facility_plan.cli.init import register as register_init
from facility_plan.cli.schema import register as register_schema
from facility_plan.cli.sweeps import register as register_sweeps

if TYPE_CHECKING:
    from facility_plan.config import ScenarioConfig
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


def _fmt(value: Any, *, share: bool = False) -> str:
    if value is None:
        return "–"
    if share and isinstance(value, int | float):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if abs(value) >= 1e6:
            return f"{value / 1e9:,.1f} bn"
        return f"{value:,.1f}"
    return str(value)


def _load(scenario: Path) -> ScenarioConfig:
    from facility_plan.config import load_scenario

    return guard(lambda: load_scenario(scenario))


def _print_summary(summary: ScenarioSummary) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    demand = summary.demand_range
    if demand is None:
        out.print(summary.demand_calibration.description)
    else:
        out.print(demand.description_en)
        anchors = Table(title="demand: estimate and independent anchors (persons)")
        for column in ("", "low", "central", "high", "arithmetic"):
            anchors.add_column(column, overflow="fold")
        anchors.add_row(
            "prevalence chain (need)",
            f"{demand.low_persons:,.0f}",
            f"{demand.central_persons:,.0f}",
            f"{demand.high_persons:,.0f}",
            "every share at its low / central / high value",
        )
        for anchor in demand.anchors:
            anchors.add_row(
                f"anchor: {anchor.key.replace('_', ' ')}",
                f"{anchor.low_persons:,.0f}",
                "",
                f"{anchor.high_persons:,.0f}",
                anchor.basis_en,
            )
        anchors.add_row(
            f"served by the model ({demand.basis})", "", f"{demand.modelled_persons:,.0f}", "", ""
        )
        out.print(anchors)
    if summary.assumptions_flagged:
        out.print("assumptions flagged as placeholders: " + ", ".join(summary.assumptions_flagged))
    for warning in summary.warnings:
        out.print(f"[yellow]warning:[/] {escape(warning)}")
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
        table.add_row(key, _fmt(getattr(summary, key)))
    for site in summary.new_sites:
        table.add_row(
            "new centre",
            f"{site.commune}, {site.district} — tier {site.tier}, "
            f"{site.capacity_places:.0f} places, {site.assigned_persons:.1f} assigned",
        )
    out.print(table)
    pooled = summary.capacity_matching == "pooled"
    by_type = Table(
        title="places by centre type"
        + (" (capacity POOLED across types: every centre takes every group)" if pooled else "")
    )
    for column in ("centre type", "centres", "places", "used", "idle", "idle, wrong type"):
        by_type.add_column(column)
    for row in summary.capacity_by_type:
        by_type.add_row(
            row.facility_type,
            str(row.centres),
            f"{row.places:,.0f}",
            f"{row.used_persons:,.1f}",
            f"{row.idle_places:,.1f}",
            f"{row.idle_wrong_type_places:,.1f}",
        )
    out.print(by_type)
    groups = Table(
        title="need by target group (persons)"
        + (" — served/unserved apportioned by commune mix" if pooled else "")
    )
    for column in ("group", "need", "range", "served", "unserved", "taken by"):
        groups.add_column(column, overflow="fold")
    for group in summary.groups_served:
        groups.add_row(
            group.group,
            f"{group.need_persons:,.1f}",
            f"{group.low_persons:,.0f}–{group.high_persons:,.0f}",
            f"{group.served_persons:,.1f}",
            f"{group.unserved_persons:,.1f}",
            ", ".join(group.served_by_types),
        )
    out.print(groups)
    if summary.idle_wrong_type_places > 0.5:
        out.print(
            f"[yellow]places of the wrong type:[/] {summary.idle_wrong_type_places:,.0f} idle "
            f"places at centre types that take none of the {summary.unserved_persons:,.0f} "
            "people left unserved"
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
) -> None:
    """Run SCENARIO and write map.html, plan.gpkg, summary.json and tables to OUT/<name>/."""
    configure_logging(verbose)
    config = _load(scenario)
    console().print(f"[bold]{config.title_vi}[/]")
    from facility_plan.outputs import OUTPUT_FILES, run_to_folder

    with error_console().status("starting") as status:
        result, folder = guard(
            lambda: run_to_folder(config, out, on_step=lambda step: status.update(step)),
            log_dir=out,
        )
    _print_summary(result.summary)
    console().print(f"wrote {folder}/: " + ", ".join(OUTPUT_FILES))


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
) -> None:
    """Run SCENARIO and write the meeting report: report.html, report.xlsx, A4/A3 print maps, charts."""
    from facility_plan.errors import ScenarioConfigError

    config = _load(scenario)

    def budgets() -> list[float] | None:
        if not pareto_budgets:
            return None
        try:
            return [float(text) * 1e9 for text in pareto_budgets.split(",") if text.strip()]
        except ValueError:
            msg = f"--pareto-budgets: {pareto_budgets!r} is not a comma-separated list of numbers"
            raise ScenarioConfigError(msg) from None

    budget_list = guard(budgets)
    from facility_plan.outputs import report_to_folder

    with error_console().status("starting") as status:
        _result, folder = guard(
            lambda: report_to_folder(
                config,
                out,
                pareto_budgets_vnd=budget_list,
                on_step=lambda step: status.update(step),
            ),
            log_dir=out,
        )
    files = sorted(path.name for path in folder.iterdir())
    console().print(f"wrote {folder}/: " + ", ".join(files))


@app.command()
def explain(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip the re-solve with one more new centre.")
    ] = False,
) -> None:
    """Why the answer is what it is: binding constraints and the value of one more place, centre,
    or million VND (each found by re-solving that change)."""
    from rich.table import Table

    from facility_plan.scenario import explain_scenario, run_scenario

    config = _load(scenario)
    with error_console().status("solving and re-solving") as status:
        result = guard(lambda: run_scenario(config, on_step=lambda step: status.update(step)))
        explanation = guard(lambda: explain_scenario(result, try_extra_site=not quick))
    out = console()
    for line in explanation.binding:
        out.print(f"• {line}")
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
    out.print(table)


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
) -> None:
    """Check SCENARIO's settings and input tables, and whether its targets can be met, without solving."""

    def check() -> str:
        from facility_plan.scenario import check_feasibility, prepare_scenario

        prepared = prepare_scenario(_load(scenario))
        check_feasibility(prepared)
        inputs, problem = prepared.inputs, prepared.problem
        lines = [
            f"{scenario}: OK — {len(inputs.communes)} communes, {len(inputs.districts)} districts, "
            f"{len(inputs.facilities)} existing centres "
            f"({inputs.facilities['capacity_places'].sum():,.0f} places), "
            f"{len(problem.candidate_site_ids)} candidate sites; "
            f"{prepared.demand.describe_calibration()}"
        ]
        lines += [f"warning: {warning}" for warning in inputs.warnings]
        return "\n".join(lines)

    console().print(guard(check), markup=False, soft_wrap=True)


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
    from rich.table import Table

    from facility_plan.config import load_scenario
    from facility_plan.errors import ScenarioConfigError
    from facility_plan.scenario import compare_summaries, read_summary, run_scenario

    results: dict[Path, ScenarioResult] = {}

    def summary_of(path: Path) -> tuple[str, ScenarioSummary]:
        if path.suffix == ".toml":
            result = run_scenario(load_scenario(path))
            results[path] = result
            return result.config.name, result.summary
        summary = read_summary(path)
        return summary.scenario, summary

    pairs = guard(lambda: [summary_of(first), summary_of(second)])
    if pairs[0][0] == pairs[1][0]:
        pairs = [(f"{pairs[0][0]} (1)", pairs[0][1]), (f"{pairs[1][0]} (2)", pairs[1][1])]
    frame = compare_summaries(dict(pairs))
    table = Table(title="facility-plan compare")
    table.add_column("measure")
    for name in frame.columns:
        table.add_column(str(name), overflow="fold")
    for measure, row in frame.iterrows():
        is_share = "share" in str(measure)
        table.add_row(str(measure), *(_fmt(value, share=is_share) for value in row))
    console().print(table)
    if out is not None:
        from facility_plan.outputs import write_comparison

        def comparison() -> Path:
            paths = [first, second]
            not_toml = [str(p) for p in paths if p.suffix != ".toml"]
            if not_toml:
                msg = f"compare --out needs scenario files (.toml), got {not_toml}"
                raise ScenarioConfigError(msg)
            return write_comparison([results[p] for p in paths], out)

        folder = guard(comparison, log_dir=out.parent)
        console().print(f"wrote {folder}/: " + ", ".join(sorted(p.name for p in folder.iterdir())))


def main() -> None:
    """Entry point of the ``facility-plan`` command."""
    app()
