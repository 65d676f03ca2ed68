"""`urbopt pareto` and `urbopt explain`: Pareto fronts and what moves along them."""

from __future__ import annotations

import math
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn
from rich.table import Table
from rich.text import Text

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_NO_SOLUTION,
    LangOption,
    Language,
    app,
    error_line,
    fail_input,
    interrupts,
    lang_of,
    live_console,
    new_console,
    scenario_overrides,
)
from optimizer.errors import InputError, Issue
from optimizer.labels import LABELS, Lang, duration, label, objective_label

if TYPE_CHECKING:
    from optimizer.analysis.diagnose import Diagnosis
    from optimizer.analysis.pareto_result import GridEstimate, ParetoResult
    from optimizer.config import Scenario
    from optimizer.io.output import OutputFolder
    from optimizer.model.inputs import ModelInputs
    from optimizer.pipeline import TaskRunner

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
        int | None,
        typer.Option(
            help="values spread over the payoff range of every objective after the first "
            "(2 objectives: up to N points)"
        ),
    ] = None,
    exact: Annotated[
        bool | None,
        typer.Option(help="every non-dominated point (integers stepped by 1), not N points"),
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option(min=1, help="--exact: at most N steps per integer objective (not exact)"),
    ] = None,
    nadir: Annotated[
        str | None,
        typer.Option(help="worst acceptable values, e.g. cost=50000,projects=10 (own units)"),
    ] = None,
    time_limit: Annotated[float | None, typer.Option(help="seconds for the whole front")] = None,
    point_time_limit: Annotated[float | None, typer.Option(help="seconds per point")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap per point")] = None,
    method: Annotated[
        str | None, typer.Option(help="augmecon (ε-constraint grid, default) | weighted")
    ] = None,
    jobs: Annotated[
        int, typer.Option(min=1, help="worker processes (with --scheduler: workers to plan for)")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    ] = None,
    lang: LangOption = Language.zh,
) -> None:
    """Pareto front: payoff table, then N points spread over every objective's range (or,
    with --exact, every non-dominated point), each a re-solve in memory."""
    from optimizer.config import load_scenario
    from optimizer.io.output import OutputFolder
    from optimizer.reports.pareto import write_pareto

    console = new_console()
    language = lang_of(lang)
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
            console.print(error_line(label("pareto.needs", language)))
            raise typer.Exit(EXIT_INPUT)
        with OutputFolder(out, "pareto", [scenario, config.data]) as folder:
            runner, slices = _workers(jobs, scheduler, count)
            inputs, front, diagnosis = _run_front(config, folder, console, language, slices, runner)
            if not front.points:
                _no_points(console, front, diagnosis, language)
            folder.fill(lambda stage: write_pareto(front, inputs, stage, config))
            folder.commit(interrupted=front.stopped == "interrupted")
    except InputError as exc:
        raise fail_input(exc, console) from None
    except KeyboardInterrupt:  # the second Ctrl-C: the stage is dropped, --out as it was
        console.print(error_line(label("pareto.aborted", language)))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    _print_front(console, front, out, language)
    if front.stopped == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)


def _workers(jobs: int, scheduler: str | None, count: int) -> tuple[TaskRunner | None, int]:
    """Who sweeps the grid (None: this process) and into how many slices it is cut."""
    from optimizer.analysis.multiobjective import SLICES_PER_WORKER
    from optimizer.studies.parallel import connect, run_tasks

    workers = max(jobs, 2) if scheduler else jobs
    if workers < 2:
        return None, 1
    if scheduler:
        connect(scheduler).close()  # an unreachable scheduler fails before any solve
    return partial(run_tasks, jobs=jobs, scheduler=scheduler), workers * SLICES_PER_WORKER[count]


def _run_front(
    config: Scenario,
    folder: OutputFolder,
    console: Console,
    lang: Lang,
    slices: int,
    runner: TaskRunner | None,
) -> tuple[ModelInputs, ParetoResult, Diagnosis | None]:
    """The front with a progress bar on a terminal: points found, solves, share of the
    grid done and time left; points.csv in the folder's stage kept up to date. The first
    Ctrl-C ends the grid with the points found, a second aborts (KeyboardInterrupt)."""
    from optimizer.pipeline import run_pareto

    live = live_console()
    mo = config.multiobjective
    shown = live or console  # what is printed while the bar runs goes above it
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn())
    more = (TaskProgressColumn(), TextColumn("{task.fields[status]}"))
    saver = _PointsSaver(folder.path)

    def say_stopping() -> None:
        sys.stderr.write(label("pareto.stop_requested", lang) + "\n")
        sys.stderr.flush()

    with (
        interrupts(say_stopping) as stop,
        Progress(*columns, *more, console=shown, disable=live is None) as bar,
    ):
        task = bar.add_task(label("pareto.payoff_running", lang), total=None, status="")

        def show_payoff(front: ParetoResult) -> None:
            shown.print(_payoff_table(front, lang))
            left = mo.total_time_limit
            if front.estimate is not None:
                if not mo.exact:
                    shown.print(Text(label("pareto.spread", lang, points=mo.points)))
                shown.print(Text(_estimate_line(front.estimate, lang)), soft_wrap=True)
                left = min(front.estimate.seconds, left)
            left_text = duration(left, lang)
            status = label("pareto.progress", lang, points=0, solves=front.solves, left=left_text)
            bar.update(
                task, description=label("pareto.grid_running", lang), total=1.0, status=status
            )

        def show_point(front: ParetoResult) -> None:
            saver.save(front)
            left = duration(_time_left(front, mo.total_time_limit), lang)
            status = label(
                "pareto.progress", lang, points=len(front.points), solves=front.solves, left=left
            )
            bar.update(task, completed=front.progress, status=status)

        return run_pareto(
            config, show_payoff, show_point, slices=slices, run_tasks=runner, stop=stop
        )


def _time_left(front: ParetoResult, limit: float) -> float:
    """From the share of the grid done so far, at most what the total time limit leaves."""
    budget = max(limit - front.seconds, 0.0)
    if front.progress <= 0:
        return budget
    return min(front.seconds * (1 - front.progress) / front.progress, budget)


def _estimate_line(estimate: GridEstimate, lang: Lang) -> str:
    return label(
        "pareto.estimate",
        lang,
        cells=estimate.cells,
        range_cells=estimate.range_cells,
        solves=estimate.solves,
        each=duration(estimate.solve_seconds, lang),
        total=duration(estimate.seconds, lang),
        limit=duration(estimate.time_limit, lang),
    )


def _no_points(
    console: Console, front: ParetoResult, diagnosis: Diagnosis | None, lang: Lang
) -> NoReturn:
    """Why there is no front, the conflicts of an infeasible scenario; exit 3 or 4."""
    from optimizer.reports.overview import status_text

    if front.stopped:
        key = f"pareto.stopped.{front.stopped}"
        why = label(key, lang) if key in LABELS else status_text(front.stopped, lang)
    elif front.restricted:
        why = label("pareto.none.nadir", lang, floors=", ".join(front.restricted))
    else:
        why = label("pareto.none.grid", lang)
    console.print(error_line(why, label("pareto.none", lang)))
    if diagnosis is not None:
        for v in diagnosis.violations:
            console.print(error_line(str(v), f"  {label('pareto.conflict', lang)}", "default"))
    raise typer.Exit(EXIT_INFEASIBLE if diagnosis is not None else EXIT_NO_SOLUTION)


def _print_front(console: Console, front: ParetoResult, out: Path, lang: Lang) -> None:
    """The points (★ knee), what the grid cost, what was removed, exact or why not."""
    from optimizer.io.output import plain_number
    from optimizer.reports.pareto import points_frame

    frame = points_frame(front)
    names = [spec.name for spec in front.objectives]
    table = Table(title=label("pareto.front_title", lang, n=len(frame)))
    heads = [_name(front, n, lang) for n in names]
    for col in (label("pareto.col.point", lang), *heads, label("pareto.col.funded_count", lang)):
        table.add_column(escape(col), justify="right")
    table.add_column(label("pareto.col.proven", lang), justify="center")
    for _, r in frame.iterrows():
        star = "★ " if r["knee"] else ""
        proven = label("yes" if r["proven"] else "no", lang)
        cells = [plain_number(r[n], 6) for n in names]
        table.add_row(f"{star}{r['point']}", *cells, str(r["funded_count"]), proven)
    console.print(table)
    stop = ""
    if front.stopped:
        stop = label("pareto.stopped", lang, why=label(f"pareto.stopped.{front.stopped}", lang))
    skipped = label("pareto.skipped", lang, share=front.skipped_share, cells=front.front_cells)
    line = label(
        "pareto.solves",
        lang,
        solves=front.solves,
        grid=front.grid_solves,
        per=front.grid_solves / len(front.points),
        skipped=skipped if front.front_cells else "",
        infeasible=front.infeasible,
        seconds=front.seconds,
        stop=stop,
        out=out,
    )
    console.print(Text(line))
    removed = label(
        "pareto.removed",
        lang,
        cells=front.grid_cells,
        points=len(front.points),
        dup=front.duplicates,
        dom=front.dominated,
    )
    console.print(Text(removed))
    _print_exactness(console, front, lang)


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
        from optimizer.reports.pareto import write_points

        if self.front is not None:
            write_points(self.front, self.out)
            self.written = time.monotonic()


def _print_exactness(console: Console, front: ParetoResult, lang: Lang) -> None:
    """The promise, or why it cannot be made (also in summary.json and points.csv)."""
    floors = ", ".join(front.restricted)
    within = label("pareto.within", lang, floors=floors) if front.restricted else ""
    if front.exact:
        console.print(Text(label("pareto.exact", lang, within=within), style="green"))
        return
    console.print(Text(label("pareto.not_exact", lang, within=within), style="yellow"))
    for why in front.not_exact:
        said = why.say(lang, partial(_name, front))
        console.print(Text(f"  - {said}"), soft_wrap=True)


def _name(front: ParetoResult, name: str, lang: Lang) -> str:
    return objective_label(name, lang, front.indicator_names)


@app.command()
def explain(
    pareto_dir: Annotated[Path, typer.Argument(help="folder written by `pareto`")],
    point: Annotated[int, typer.Option(help="point number in points.csv")],
) -> None:
    """What changes between a Pareto point and its neighbours: projects in and out."""
    import pandas as pd

    from optimizer.reports.pareto import neighbour_changes

    console = new_console()
    try:
        points = pd.read_csv(pareto_dir / "points.csv", encoding="utf-8-sig")
        robust = pd.read_csv(pareto_dir / "robustness.csv", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        console.print(error_line(f"{exc.filename}: not found (run `pareto --out` first)"))
        raise typer.Exit(EXIT_INPUT) from None
    except (OSError, ValueError) as exc:  # a folder, a damaged file: one line
        console.print(error_line(f"{pareto_dir}: cannot read the front ({exc})"))
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


def _payoff_table(front: ParetoResult, lang: Lang) -> Table:
    """Row k: the lexicographic optimum with objective k first, in each objective's unit."""
    from optimizer.io.output import plain_number

    table = Table(title=label("pareto.payoff_title", lang))
    table.add_column(label("pareto.optimising", lang))
    for spec in front.objectives:
        sense = label(f"pareto.sense.{spec.sense}", lang)
        head = label("pareto.column", lang, name=_name(front, spec.name, lang), sense=sense)
        table.add_column(escape(head), justify="right")
    for spec, (_, row) in zip(front.objectives, front.payoff.iterrows(), strict=True):
        name = _name(front, spec.name, lang)
        table.add_row(
            Text(label(f"pareto.row.{spec.sense}", lang, name=name)),
            *[plain_number(v, 6) for v in row],
        )
    return table
