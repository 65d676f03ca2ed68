"""Command line: `urbopt solve | validate | template`.

Exit codes: 0 solved, 2 bad input, 3 infeasible (conflicting rules are reported),
4 stopped by the time limit before any solution.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from optimizer.config import load_scenario
from optimizer.errors import InputError
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data, run_scenario
from optimizer.report import print_summary, write_outputs
from optimizer.solve import Progress, SolveStatus
from optimizer.template import write_template

app = typer.Typer(
    help="Urbanization investment optimizer: pick, schedule and fund projects (Pyomo + HiGHS).",
    no_args_is_help=True,
    add_completion=False,
)
EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 2, 3, 4


def _console() -> Console:
    return Console(highlight=False)


def _fail_input(exc: InputError, console: Console) -> typer.Exit:
    for issue in exc.issues:
        console.print(f"[red]error:[/] {issue}", soft_wrap=True)
    return typer.Exit(EXIT_INPUT)


def _overrides(time_limit: float | None, mip_gap: float | None, explain: bool) -> dict[str, Any]:
    solver: dict[str, Any] = {}
    if time_limit is not None:
        solver["time_limit"] = time_limit
    if mip_gap is not None:
        solver["mip_gap"] = mip_gap
    if not explain:
        solver["explain"] = False
    return {"solver": solver} if solver else {}


def _live_console() -> Console | None:
    """A console on a duplicate of the terminal's fd: HiGHS output capture cannot swallow it."""
    if not sys.stdout.isatty():
        return None
    return Console(file=os.fdopen(os.dup(sys.stdout.fileno()), "w"), highlight=False)


@app.command()
def solve(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    out: Annotated[Path | None, typer.Option(help="folder for the ranked list and tables")] = None,
    time_limit: Annotated[float | None, typer.Option(help="seconds for the solve")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap, e.g. 0.001")] = None,
    explain: Annotated[
        bool, typer.Option(help="re-solve to explain why projects are not funded")
    ] = True,
    export_lp: Annotated[Path | None, typer.Option(help="also write the model as LP")] = None,
) -> None:
    """Solve a scenario, print a summary and write the ranked project list."""
    console = _console()
    try:
        config = load_scenario(scenario, _overrides(time_limit, mip_gap, explain))
        live = _live_console()
        if live is None:
            result = run_scenario(config, lp_file=export_lp)
        else:
            with live.status("building and solving…") as status:
                start = time.perf_counter()

                def show(p: Progress) -> None:
                    gap = "–" if p.gap == float("inf") else f"{p.gap:.2%}"
                    status.update(f"solving… {time.perf_counter() - start:.1f} s, gap {gap}")

                result = run_scenario(config, on_progress=show, lp_file=export_lp)
        if out is not None:
            write_outputs(result, out)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    print_summary(result, console)
    if out is not None:
        console.print(f"results written to {out}/")
    if result.outcome.status == SolveStatus.INFEASIBLE:
        raise typer.Exit(EXIT_INFEASIBLE)
    if not result.outcome.has_solution:
        console.print(f"[red]no solution:[/] {result.outcome.status.value}")
        raise typer.Exit(EXIT_NO_SOLUTION)


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="scenario TOML file")]) -> None:
    """Check the scenario and its data without solving."""
    console = _console()
    try:
        config = load_scenario(scenario)
        data = load_data(config)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    inputs = prepare(data, config)
    for warning in inputs.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    for p, why in sorted(inputs.unschedulable.items()):
        level = "[red]mandatory project[/]" if inputs.must[p] else "[yellow]warning:[/] project"
        console.print(f"{level} {p} cannot be scheduled: {why}")
    console.print(
        f"[green]valid:[/] {len(data.projects)} projects, {len(data.regions)} regions, "
        f"{len(data.indicators)} indicators, {len(data.sources)} sources, "
        f"plan years {data.first_year}-{data.last_year}"
    )


@app.command()
def template(
    out: Annotated[Path, typer.Argument(help="workbook to write, e.g. input.xlsx")],
) -> None:
    """Write an empty input workbook with the right sheets and headers."""
    write_template(out)
    _console().print(f"template written to {out}")


def main() -> None:
    """Entry point for `python -m optimizer`."""
    app()
