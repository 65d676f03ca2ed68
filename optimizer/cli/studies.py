"""`urbopt sweep` and `urbopt compare`: many runs of one question."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from optimizer.cli.common import (
    EXIT_INPUT,
    LangOption,
    Language,
    app,
    cell,
    error_line,
    fail_input,
    frame_table,
    keep_partial,
    lang_of,
    live_console,
    new_console,
    scenario_overrides,
    warn_changed,
)
from optimizer.errors import InputError, Issue
from optimizer.labels import Lang, label

if TYPE_CHECKING:
    import pandas as pd

    from optimizer.cli.common import Study
    from optimizer.io.results import Names
    from optimizer.studies.sweep import Sweep


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
    from optimizer.config import load_scenario
    from optimizer.reports.sweep import write_sweep
    from optimizer.studies.sweep import METHOD, Sweep, SweepParam, parse_values

    console = new_console()
    try:
        if len(param) != len(values):
            raise InputError(
                [Issue("--values", f"{len(param)} --param but {len(values)} --values")]
            )
        params = [SweepParam(p, parse_values(v)) for p, v in zip(param, values, strict=True)]
        config = load_scenario(scenario, scenario_overrides(time_limit, mip_gap))
        with keep_partial(out, "sweep", [scenario, config.data]) as study:
            runner = Sweep(config, params)
            runs, table_marginal = _sweep_runs(runner, study, marginal, jobs, scheduler)
            paths = [p.path for p in params]
            study.folder.fill(lambda stage: write_sweep(runs, table_marginal, paths, stage, config))
            study.folder.commit()
    except InputError as exc:
        raise fail_input(exc, console) from None
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
                Text(r.source_id),
                cell(r.plan_budget_wan),
                cell(r.score_per_10000wan),
                cell(r.error_bound),
            )
        console.print(mt)
    console.print(Text(f"results in {out}/"))


def _sweep_runs(
    runner: Sweep, study: Study, marginal: bool, jobs: int, scheduler: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sweep's runs (sweep.csv in the stage rewritten after each, a Ctrl-C acted on
    between them) and the marginal values, with a progress bar on a terminal."""
    import pandas as pd

    from optimizer.reports.sweep import write_runs

    live = live_console()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=live or new_console(),
        disable=live is None,
    ) as bar:
        task = bar.add_task("sweep", total=None)

        def progress(n: int, total: int, rows: pd.DataFrame) -> None:
            write_runs(rows, study.folder.path)
            bar.update(task, completed=n, total=total)
            study.check()

        runs = runner.run(progress, jobs, scheduler)
        return runs, runner.marginal_values() if marginal else pd.DataFrame()


@app.command("compare")
def compare_cmd(
    results: Annotated[
        list[Path], typer.Argument(help="2+ scenario files or `solve --out` folders")
    ],
    out: Annotated[Path | None, typer.Option(help="write all tables to this .xlsx")] = None,
    rows: Annotated[int, typer.Option(help="project-diff rows to print")] = 30,
    jobs: Annotated[int, typer.Option(min=1, help="solve scenarios in N processes")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address")] = None,
    lang: LangOption = Language.zh,
) -> None:
    """Side by side: status, objective, cost by source/region/year, attainment, and which
    projects moved (funded, start year, funding split), each explained."""
    from optimizer.io.output import check_file_destination, write_workbook_atomically
    from optimizer.reports.workbook import compare_workbook
    from optimizer.studies.compare import all_names, compare, load_results

    console = new_console()
    language = lang_of(lang)
    if len(results) < 2:
        console.print(error_line(label("compare.need_two", language)))
        raise typer.Exit(EXIT_INPUT)
    try:
        if out is not None:
            check_file_destination(out)
        for path in results:
            if path.is_dir():
                warn_changed(path, console)
        with console.status(label("out.reading", language)):
            loaded = load_results(results, jobs, scheduler, language)
            tables = compare(loaded, language)
        names = all_names(loaded)
        scenarios = set(tables["summary"]["scenario"])
        for key in ("summary", "cost_by_source", "cost_by_region", "cost_by_year", "attainment"):
            console.print(_compare_table(tables[key], key, names, language, scenarios))
        _print_diff(tables["project_diff"], rows, console, language)
        if out is not None:
            write_workbook_atomically(out, compare_workbook(tables, names, language))
            console.print(Text(label("out.tables_written", language, path=str(out))))
    except InputError as exc:
        raise fail_input(exc, console) from None


def _compare_table(
    frame: pd.DataFrame, key: str, names: Names, lang: Lang, scenarios: set[str]
) -> Table:
    """A comparison table with names for ids; attainment in % like solve and report."""
    from optimizer.reports.workbook import NAME_COLUMNS, header, with_names

    shown = with_names(frame, names, lang, scenarios)
    ids = [i for i, n in NAME_COLUMNS.items() if n in shown] + ["indicator_id"] * ("name" in shown)
    shown = shown.drop(columns=[c for c in ids if c in shown and c not in scenarios])
    formats = {"year": lambda v: str(int(v))} if "year" in shown else {}
    if key == "attainment":
        formats = {c: _percent for c in shown.columns if shown[c].dtype.kind == "f"}
    heads = [header(str(c), names, lang, scenarios) for c in shown.columns]
    return frame_table(shown, label(f"sheet.{key}", lang), heads, formats)


def _print_diff(diff: pd.DataFrame, rows: int, console: Console, lang: Lang) -> None:
    """The projects that moved, one paragraph each (the workbook has every column)."""
    from optimizer.io.results import project_label

    if diff.empty:
        return
    shown = diff.head(rows)
    console.print(Text(label("compare.diff_title", lang, n=len(diff), shown=len(shown))))
    for r in shown.itertuples(index=False):
        line = Text(f"[{r.versus}] ", style="dim")
        line.append(project_label(r.project_id, r.name), style="bold")
        line.append(f"  {r.change}")
        if r.explanation:
            line.append(f" — {r.explanation}")
        console.print(line)


def _percent(value: object) -> str:
    import pandas as pd

    return "–" if value is None or pd.isna(value) else f"{float(value):.1%}"
