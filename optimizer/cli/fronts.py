"""`urbopt pareto` and `urbopt explain`: Pareto fronts and what moves along them."""

from __future__ import annotations

import math
import time
from functools import partial
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from optimizer.analysis.multiobjective import SLICES_PER_WORKER, ParetoResult
from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_NO_SOLUTION,
    app,
    error_line,
    fail_input,
    live_console,
    new_console,
    scenario_overrides,
)
from optimizer.config import load_scenario
from optimizer.errors import InputError, Issue
from optimizer.io.output import plain_number
from optimizer.pipeline import run_pareto
from optimizer.reports.pareto import neighbour_changes, points_frame, write_pareto, write_points
from optimizer.studies.parallel import connect, run_tasks

POINTS_WRITE_SECONDS = 1.0  # rewrite points.csv at most this often while the grid runs


def parse_nadir(text: str) -> dict[str, float]:
    """'cost=5000,gain:ind=10' -> {'cost': 5000.0, 'gain:ind': 10.0}."""
    out: dict[str, float] = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        name, sep, value = item.rpartition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(
                [Issue("--nadir", f"expected name=value (e.g. cost=5000), got {item!r}")]
            ) from None
    return out


@app.command()
def pareto(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    out: Annotated[Path, typer.Option(help="folder for points, payoff, plots")],
    objectives: Annotated[
        str | None, typer.Option(help="2-4 objectives, e.g. score,cost,balance")
    ] = None,
    points: Annotated[
        int | None, typer.Option(help="grid points per non-integer secondary objective")
    ] = None,
    exact: Annotated[
        bool | None, typer.Option(help="step integer objectives by 1 (exact front)")
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option(min=1, help="at most N grid steps per integer objective (front not exact)"),
    ] = None,
    nadir: Annotated[
        str | None,
        typer.Option(help="worst acceptable values, e.g. cost=50000,projects=10 (own units)"),
    ] = None,
    time_limit: Annotated[float | None, typer.Option(help="seconds for the whole front")] = None,
    point_time_limit: Annotated[float | None, typer.Option(help="seconds per point")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap per point")] = None,
    method: Annotated[
        str | None, typer.Option(help="augmecon (exact, default) | weighted (supported points)")
    ] = None,
    jobs: Annotated[
        int, typer.Option(min=1, help="worker processes (with --scheduler: workers to plan for)")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    ] = None,
) -> None:
    """Pareto front: payoff table, then AUGMECON-R (or a weighted sweep) re-solved in memory."""
    console = new_console()
    try:
        overrides = scenario_overrides(
            mip_gap=mip_gap,
            objectives=objectives,
            points=points,
            exact=exact,
            max_steps=max_steps,
            nadir=parse_nadir(nadir) if nadir is not None else None,
            total_time_limit=time_limit,
            point_time_limit=point_time_limit,
            front=method,
        )
        config = load_scenario(scenario, overrides)
        count = len(config.multiobjective.objectives)
        if not 2 <= count <= 4:
            console.print("[red]error:[/] pareto needs 2 to 4 objectives (--objectives a,b)")
            raise typer.Exit(EXIT_INPUT)
        workers = max(jobs, 2) if scheduler else jobs
        runner = None
        if workers > 1:
            if scheduler:
                connect(scheduler).close()  # an unreachable scheduler fails before any solve
            runner = partial(run_tasks, jobs=jobs, scheduler=scheduler)
        live = live_console()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=live or console,
            disable=live is None,
        ) as bar:
            task = bar.add_task("payoff table…", total=None)
            saver = _PointsSaver(out)

            def show_payoff(front: ParetoResult) -> None:
                console.print(_payoff_table(front))

            def show_point(front: ParetoResult) -> None:
                saver.save(front)
                bar.update(
                    task,
                    description=f"points {len(front.points)}  solves "
                    f"{front.solves}  infeasible {front.infeasible}",
                )

            try:
                inputs, front, diagnosis = run_pareto(
                    config,
                    show_payoff,
                    show_point,
                    slices=workers * SLICES_PER_WORKER[count],
                    run_tasks=runner,
                )
            except KeyboardInterrupt:
                saver.flush()  # a stopped run keeps what it found
                raise
    except InputError as exc:
        raise fail_input(exc, console) from None
    if not front.points:
        why = front.stopped or (
            f"no portfolio reaches {', '.join(front.restricted)} (--nadir)"
            if front.restricted
            else "the grid found no solution"
        )
        console.print(f"[red]no Pareto point found:[/] {escape(why)}")
        if diagnosis is not None:
            for v in diagnosis.violations:
                console.print(f"  conflict: {escape(str(v))}")
        raise typer.Exit(EXIT_INFEASIBLE if diagnosis is not None else EXIT_NO_SOLUTION)
    write_pareto(front, inputs, out, config)
    frame = points_frame(front)
    table = Table(title=f"Pareto front ({len(frame)} points; ★ knee)")
    for col in ("point", *[s.name for s in front.objectives], "funded_count"):
        table.add_column(escape(col), justify="right")
    names = [spec.name for spec in front.objectives]
    for _, r in frame.iterrows():
        star = "★ " if r["knee"] else ""
        table.add_row(
            f"{star}{r['point']}", *[plain_number(r[n], 6) for n in names], str(r["funded_count"])
        )
    console.print(table)
    stop = f" (stopped: {front.stopped})" if front.stopped else ""
    skipped = (
        f", {front.skipped_share:.1%} of the front's {front.front_cells:,} grid cells skipped"
        if front.front_cells
        else ""
    )
    console.print(
        f"{front.solves} solves ({front.grid_solves} on the grid, "
        f"{front.grid_solves / len(front.points):.2f} per point{skipped}), "
        f"{front.infeasible} infeasible, grid {front.seconds:.1f} s{stop}; "
        f"results in {escape(str(out))}/"
    )
    _print_exactness(console, front)


class _PointsSaver:
    """Rewrites points.csv as points come in: at most once a second, and when asked."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.front: ParetoResult | None = None
        self.written = -math.inf

    def save(self, front: ParetoResult) -> None:
        self.front = front
        if time.monotonic() - self.written >= POINTS_WRITE_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.front is not None:
            write_points(self.front, self.out)
            self.written = time.monotonic()


def _print_exactness(console: Console, front: ParetoResult) -> None:
    """The promise, or why it cannot be made (also in summary.json and points.csv)."""
    within = f" within {', '.join(front.restricted)} (--nadir)" if front.restricted else ""
    if front.exact:
        console.print(f"[green]exact:[/] every non-dominated point{escape(within)}")
        return
    console.print(f"[yellow]not exact:[/] this may not be the whole front{escape(within)}")
    for reason in front.not_exact:
        console.print(f"  - {escape(reason)}", soft_wrap=True)


@app.command()
def explain(
    pareto_dir: Annotated[Path, typer.Argument(help="folder written by `pareto`")],
    point: Annotated[int, typer.Option(help="point number in points.csv")],
) -> None:
    """What changes between a Pareto point and its neighbours: projects in and out."""
    console = new_console()
    try:
        points = pd.read_csv(pareto_dir / "points.csv", encoding="utf-8-sig")
        robust = pd.read_csv(pareto_dir / "robustness.csv", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        console.print(error_line(f"{exc.filename}: not found (run `pareto --out` first)"))
        raise typer.Exit(EXIT_INPUT) from None
    try:
        changes = neighbour_changes(
            points, point, dict(zip(robust["project_id"], robust["name"], strict=True))
        )
    except KeyError as exc:
        console.print(error_line(str(exc.args[0])))
        raise typer.Exit(EXIT_INPUT) from None
    if changes.empty:
        console.print(f"point {point} has no neighbour with a different portfolio")
    for neighbour, group in changes.groupby("neighbour", sort=False):
        moved = group["objectives_move"].iloc[0]
        table = Table(title=escape(f"Point {point} → point {neighbour}: {moved}"))
        for col in ("change", "project_id", "name"):
            table.add_column(col)
        for r in group.itertuples(index=False):
            table.add_row(r.change, Text(str(r.project_id)), Text(str(r.name)))
        console.print(table)


def _payoff_table(front: ParetoResult) -> Table:
    table = Table(title="Payoff table (each row optimises one objective first)")
    table.add_column("optimising")
    for spec in front.objectives:
        head = f"{spec.name} ({'max' if spec.sense > 0 else 'min'})"
        table.add_column(escape(head), justify="right")
    for label, row in front.payoff.iterrows():
        table.add_row(Text(str(label)), *[plain_number(v, 6) for v in row])
    return table
