"""`urbopt sweep` and `urbopt compare`: many runs of one question."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from optimizer.cli.common import (
    EXIT_INPUT,
    app,
    cell,
    fail_input,
    frame_table,
    live_console,
    new_console,
    scenario_overrides,
)
from optimizer.config import load_scenario
from optimizer.errors import InputError, Issue
from optimizer.io.output import write_workbook_atomically
from optimizer.reports.sweep import write_runs, write_sweep
from optimizer.studies.compare import compare, load_result
from optimizer.studies.parallel import run_tasks
from optimizer.studies.sweep import METHOD, Sweep, SweepParam, parse_values


@app.command()
def sweep(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    param: Annotated[
        list[str],
        typer.Option(
            help="budget.scale | budget.<source> | land.scale | "
            "floor.<indicator> | any scenario key; repeat for a grid"
        ),
    ],
    values: Annotated[list[str], typer.Option(help="a:b:step or a,b,c; one per --param")],
    out: Annotated[Path, typer.Option(help="folder for sweep.csv, sweep.xlsx, sweep.png")],
    marginal: Annotated[
        bool, typer.Option(help="marginal value of each source (finite differences)")
    ] = True,
    time_limit: Annotated[float | None, typer.Option(help="seconds per solve")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap")] = None,
    jobs: Annotated[int, typer.Option(min=1, help="worker processes on this machine")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    ] = None,
) -> None:
    """What-if sweep: re-solve in memory over budget/land/floor values, rebuild otherwise."""
    console = new_console()
    try:
        if len(param) != len(values):
            raise InputError(
                [Issue("--values", f"{len(param)} --param but {len(values)} --values")]
            )
        params = [SweepParam(p, parse_values(v)) for p, v in zip(param, values, strict=True)]
        config = load_scenario(scenario, scenario_overrides(time_limit, mip_gap))
        runner = Sweep(config, params)
    except InputError as exc:
        raise fail_input(exc, console) from None
    live = live_console()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=live or console,
        disable=live is None,
    ) as bar:
        task = bar.add_task("sweep", total=None)

        def progress(n: int, total: int, rows: pd.DataFrame) -> None:
            write_runs(rows, out)
            bar.update(task, completed=n, total=total)

        try:
            runs = runner.run(progress, jobs, scheduler)
        except InputError as exc:
            raise fail_input(exc, console) from None
        table_marginal = runner.marginal_values() if marginal else pd.DataFrame()
    write_sweep(runs, table_marginal, [p.path for p in params], out, config)
    table = Table(title=f"Sweep: {len(runs)} runs")
    shown = [*(p.path for p in params), "status", "score", "funded", "cost_in_plan_wan"]
    for col in shown:
        table.add_column(col, justify="right")
    for _, r in runs.iterrows():
        table.add_row(*[cell(r.get(c)) for c in shown])
    console.print(table)
    if not table_marginal.empty:
        mt = Table(title=f"Marginal value of each source ({METHOD})")
        for col in ("source", "plan budget 万元", "score per 10,000 万元", "± error bound"):
            mt.add_column(col, justify="right")
        for r in table_marginal.itertuples():
            mt.add_row(
                r.source_id,
                cell(r.plan_budget_wan),
                cell(r.score_per_10000wan),
                cell(r.error_bound),
            )
        console.print(mt)
    console.print(f"results in {out}/")


@app.command("compare")
def compare_cmd(
    results: Annotated[
        list[Path], typer.Argument(help="2+ scenario files or `solve --out` folders")
    ],
    out: Annotated[Path | None, typer.Option(help="write all tables to this .xlsx")] = None,
    rows: Annotated[int, typer.Option(help="project-diff rows to print")] = 30,
    jobs: Annotated[int, typer.Option(min=1, help="solve scenarios in N processes")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address")] = None,
) -> None:
    """Side by side: status, objective, cost by source/region/year, attainment, and which
    projects moved (funded, start year, funding split) with each scenario's reason."""
    console = new_console()
    if len(results) < 2:
        console.print("[red]error:[/] compare needs at least two scenarios or result folders")
        raise typer.Exit(EXIT_INPUT)
    try:
        with console.status("solving / reading…"):
            loaded = run_tasks(load_result, [(path,) for path in results], jobs, scheduler)
            tables = compare(loaded)
    except InputError as exc:
        raise fail_input(exc, console) from None
    for name in ("summary", "cost_by_source", "cost_by_region", "cost_by_year", "attainment"):
        console.print(frame_table(tables[name], name.replace("_", " ")))
    diff = tables["project_diff"]
    if not diff.empty:  # the workbook has every column; the terminal gets the essentials
        compact = diff[["versus", "project_id", "change", "why_other"]].head(rows)
        title = f"project diff: {len(diff)} changes (first {len(compact)}; --out for all)"
        console.print(frame_table(compact, title))
    if out is not None:
        write_workbook_atomically(out, tables)
        console.print(f"tables written to {out}")
