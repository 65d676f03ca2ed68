"""Command line: `urbopt solve | validate | template`.

Exit codes: 0 solved, 2 bad input, 3 infeasible (conflicting rules are reported),
4 stopped by the time limit before any solution.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from optimizer.analysis.multiobjective import ParetoResult
from optimizer.config import load_scenario
from optimizer.errors import InputError, Issue
from optimizer.io.output import write_workbook_atomically
from optimizer.io.template import write_template
from optimizer.manifest import read_manifest
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data, run_pareto, run_scenario
from optimizer.reports.files import write_outputs
from optimizer.reports.html import write_report
from optimizer.reports.pareto import neighbour_changes, points_frame, write_pareto, write_points
from optimizer.reports.sweep import write_runs, write_sweep
from optimizer.reports.terminal import print_summary
from optimizer.solve.solver import Progress as SolverProgress
from optimizer.solve.solver import SolveStatus
from optimizer.studies.compare import compare, load_result
from optimizer.studies.parallel import run_tasks
from optimizer.studies.sweep import METHOD, Sweep, SweepParam, parse_values

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


def _overrides(
    time_limit: float | None = None,
    mip_gap: float | None = None,
    explain: bool = True,
    **multiobjective: Any,
) -> dict[str, Any]:
    """Scenario overrides from CLI options; None means 'as in the scenario file'."""
    solver: dict[str, Any] = {}
    if time_limit is not None:
        solver["time_limit"] = time_limit
    if mip_gap is not None:
        solver["mip_gap"] = mip_gap
    if not explain:
        solver["explain"] = False
    mo = {k: v for k, v in multiobjective.items() if v is not None}
    for key in ("objectives", "weights"):
        if key in mo:
            mo[key] = [x.strip() for x in mo[key].split(",") if x.strip()]
    if "weights" in mo:
        try:
            mo["weights"] = [float(x) for x in mo["weights"]]
        except ValueError:
            raise typer.BadParameter(
                "weights must be numbers, e.g. 1,0.5", param_hint="--weights"
            ) from None
    out: dict[str, Any] = {"solver": solver} if solver else {}
    return out | ({"multiobjective": mo} if mo else {})


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
    method: Annotated[
        str | None, typer.Option(help="single | weighted | lexicographic | goal")
    ] = None,
    objectives: Annotated[
        str | None, typer.Option(help="comma list, e.g. score,cost,balance")
    ] = None,
    weights: Annotated[str | None, typer.Option(help="weighted: comma list, one each")] = None,
    tolerance: Annotated[
        float | None, typer.Option(help="lexicographic: relative slack on earlier levels")
    ] = None,
) -> None:
    """Solve a scenario, print a summary and write the ranked project list."""
    console = _console()
    try:
        overrides = _overrides(
            time_limit,
            mip_gap,
            explain,
            method=method,
            objectives=objectives,
            weights=weights,
            tolerance=tolerance,
        )
        config = load_scenario(scenario, overrides)
        live = _live_console()
        if live is None:
            result = run_scenario(config, lp_file=export_lp)
        else:
            with live.status("building and solving…") as status:
                start = time.perf_counter()

                def show(p: SolverProgress) -> None:
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
def pareto(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    out: Annotated[Path, typer.Option(help="folder for points, payoff, plots")],
    objectives: Annotated[
        str | None, typer.Option(help="2-4 objectives, e.g. score,cost,balance")
    ] = None,
    points: Annotated[int | None, typer.Option(help="grid points per secondary objective")] = None,
    exact: Annotated[
        bool | None, typer.Option(help="step integer objectives by 1 (exact front)")
    ] = None,
    time_limit: Annotated[float | None, typer.Option(help="seconds for the whole front")] = None,
    point_time_limit: Annotated[float | None, typer.Option(help="seconds per point")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap per point")] = None,
    method: Annotated[
        str | None, typer.Option(help="augmecon (exact, default) | weighted (supported points)")
    ] = None,
) -> None:
    """Pareto front: payoff table, then AUGMECON2 (or a weighted sweep) re-solved in memory."""
    console = _console()
    try:
        overrides = _overrides(
            mip_gap=mip_gap,
            objectives=objectives,
            points=points,
            exact=exact,
            total_time_limit=time_limit,
            point_time_limit=point_time_limit,
            front=method,
        )
        config = load_scenario(scenario, overrides)
        if not 2 <= len(config.multiobjective.objectives) <= 4:
            console.print("[red]error:[/] pareto needs 2 to 4 objectives (--objectives a,b)")
            raise typer.Exit(EXIT_INPUT)
        live = _live_console()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=live or console,
            disable=live is None,
        ) as bar:
            task = bar.add_task("payoff table…", total=None)

            def show_payoff(front: ParetoResult) -> None:
                console.print(_payoff_table(front))

            def show_point(front: ParetoResult) -> None:
                write_points(front, out)
                bar.update(
                    task,
                    description=f"points {len(front.points)}  solves "
                    f"{front.solves}  infeasible {front.infeasible}",
                )

            inputs, front, diagnosis = run_pareto(config, show_payoff, show_point)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    if not front.points:
        console.print(f"[red]no Pareto point found:[/] {front.stopped}")
        if diagnosis is not None:
            for v in diagnosis.violations:
                console.print(f"  conflict: {v}")
        raise typer.Exit(EXIT_INFEASIBLE if diagnosis is not None else EXIT_NO_SOLUTION)
    write_pareto(front, inputs, out, config)
    frame = points_frame(front)
    table = Table(title=f"Pareto front ({len(frame)} points; ★ knee)")
    for col in ("point", *[s.name for s in front.objectives], "funded_count"):
        table.add_column(col, justify="right")
    names = [spec.name for spec in front.objectives]
    for _, r in frame.iterrows():
        star = "★ " if r["knee"] else ""
        table.add_row(
            f"{star}{r['point']}", *[f"{r[n]:,.6g}" for n in names], str(r["funded_count"])
        )
    console.print(table)
    stop = f" (stopped: {front.stopped})" if front.stopped else ""
    console.print(
        f"{front.solves} solves, {front.infeasible} infeasible, grid {front.seconds:.1f} s{stop}; "
        f"results in {out}/"
    )


def _payoff_table(front: ParetoResult) -> Table:
    table = Table(title="Payoff table (each row optimises one objective first)")
    table.add_column("optimising")
    for spec in front.objectives:
        table.add_column(f"{spec.name} ({'max' if spec.sense > 0 else 'min'})", justify="right")
    for label, row in front.payoff.iterrows():
        table.add_row(str(label), *[f"{v:,.6g}" for v in row])
    return table


@app.command()
def explain(
    pareto_dir: Annotated[Path, typer.Argument(help="folder written by `pareto`")],
    point: Annotated[int, typer.Option(help="point number in points.csv")],
) -> None:
    """What changes between a Pareto point and its neighbours: projects in and out."""
    console = _console()
    try:
        points = pd.read_csv(pareto_dir / "points.csv", encoding="utf-8-sig")
        robust = pd.read_csv(pareto_dir / "robustness.csv", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/] {exc.filename}: not found (run `pareto --out` first)")
        raise typer.Exit(EXIT_INPUT) from None
    try:
        changes = neighbour_changes(
            points, point, dict(zip(robust["project_id"], robust["name"], strict=True))
        )
    except KeyError as exc:
        console.print(f"[red]error:[/] {exc.args[0]}")
        raise typer.Exit(EXIT_INPUT) from None
    if changes.empty:
        console.print(f"point {point} has no neighbour with a different portfolio")
    for neighbour, group in changes.groupby("neighbour", sort=False):
        moved = group["objectives_move"].iloc[0]
        table = Table(title=f"Point {point} → point {neighbour}: {moved}")
        for col in ("change", "project_id", "name"):
            table.add_column(col)
        for r in group.itertuples(index=False):
            table.add_row(r.change, r.project_id, r.name)
        console.print(table)


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
    console = _console()
    try:
        if len(param) != len(values):
            raise InputError(
                [Issue("--values", f"{len(param)} --param but {len(values)} --values")]
            )
        params = [SweepParam(p, parse_values(v)) for p, v in zip(param, values, strict=True)]
        config = load_scenario(scenario, _overrides(time_limit, mip_gap))
        runner = Sweep(config, params)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    live = _live_console()
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
            raise _fail_input(exc, console) from None
        table_marginal = runner.marginal_values() if marginal else pd.DataFrame()
    write_sweep(runs, table_marginal, [p.path for p in params], out, config)
    table = Table(title=f"Sweep: {len(runs)} runs")
    shown = [*(p.path for p in params), "status", "score", "funded", "cost_in_plan_wan"]
    for col in shown:
        table.add_column(col, justify="right")
    for _, r in runs.iterrows():
        table.add_row(*[_cell(r.get(c)) for c in shown])
    console.print(table)
    if not table_marginal.empty:
        mt = Table(title=f"Marginal value of each source ({METHOD})")
        for col in ("source", "plan budget 万元", "score per 10,000 万元", "± error bound"):
            mt.add_column(col, justify="right")
        for r in table_marginal.itertuples():
            mt.add_row(
                r.source_id,
                _cell(r.plan_budget_wan),
                _cell(r.score_per_10000wan),
                _cell(r.error_bound),
            )
        console.print(mt)
    console.print(f"results in {out}/")


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    return "–" if value is None else str(value)


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
    console = _console()
    if len(results) < 2:
        console.print("[red]error:[/] compare needs at least two scenarios or result folders")
        raise typer.Exit(EXIT_INPUT)
    try:
        with console.status("solving / reading…"):
            loaded = run_tasks(load_result, [(path,) for path in results], jobs, scheduler)
            tables = compare(loaded)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    for name in ("summary", "cost_by_source", "cost_by_region", "cost_by_year", "attainment"):
        console.print(_frame_table(tables[name], name.replace("_", " ")))
    diff = tables["project_diff"]
    if not diff.empty:  # the workbook has every column; the terminal gets the essentials
        compact = diff[["versus", "project_id", "change", "why_other"]].head(rows)
        title = f"project diff: {len(diff)} changes (first {len(compact)}; --out for all)"
        console.print(_frame_table(compact, title))
    if out is not None:
        write_workbook_atomically(out, tables)
        console.print(f"tables written to {out}")


def _frame_table(frame: pd.DataFrame, title: str) -> Table:
    table = Table(title=title)
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    return table


@app.command()
def report(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default: RESULT/report.html)")
    ] = None,
) -> None:
    """One self-contained HTML report (charts inline) to open offline."""
    console = _console()
    target = out or result / "report.html"
    try:
        write_report(result, target)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    console.print(f"report written to {target}")


@app.command()
def rerun(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
) -> None:
    """Re-solve a result from its manifest (same data, checked by sha256) and check that
    the objective matches within the MIP gap."""
    console = _console()
    try:
        manifest, config = read_manifest(result)
    except InputError as exc:
        raise _fail_input(exc, console) from None
    config = config.model_copy(
        update={"solver": config.solver.model_copy(update={"explain": False})}
    )
    again = run_scenario(config)
    before = manifest["result"]
    now = again.outcome
    console.print(f"status: recorded {before['status']}, now {now.status.value}")
    if before.get("objective") is None or now.objective is None:
        same = before["status"] == now.status.value
    else:
        allowed = config.solver.mip_gap * max(abs(before["objective"]), 1.0) + 1e-7
        diff = abs(now.objective - before["objective"])
        same = diff <= allowed and before["status"] == now.status.value
        console.print(
            f"objective: recorded {before['objective']:.6g}, now {now.objective:.6g} "
            f"(difference {diff:.3g}, allowed {allowed:.3g} by the MIP gap)"
        )
    if not same:
        console.print("[red]does not reproduce[/]")
        raise typer.Exit(1)
    console.print("[green]reproduced[/]")


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
