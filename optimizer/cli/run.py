"""`urbopt solve` and `urbopt rerun`: one scenario end to end, and its audit."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
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
from optimizer.errors import InputError
from optimizer.labels import Lang, label

if TYPE_CHECKING:
    from optimizer.config import Scenario
    from optimizer.io.output import OutputFolder
    from optimizer.pipeline import RunResult


@app.command()
def solve(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file or input workbook")],
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
    lang: LangOption = Language.zh,
    robust: Annotated[
        float | None,
        typer.Option(help="Γ: in each budget pool at most Γ projects overrun by [robust] δ"),
    ] = None,
) -> None:
    """Solve a scenario, print a summary and write the ranked project list."""
    from optimizer.config import load_scenario
    from optimizer.io.output import check_file_destination

    console = new_console()
    language = lang_of(lang)
    try:
        overrides = scenario_overrides(
            time_limit,
            mip_gap,
            explain,
            method=method,
            objectives=objectives,
            weights=weights,
            tolerance=tolerance,
        ) | ({"robust": {"gamma": robust}} if robust is not None else {})
        config = load_scenario(scenario, overrides)
        if export_lp is not None:
            check_file_destination(export_lp, parent_must_exist=True)
            _not_inside(export_lp, out)
    except InputError as exc:
        raise fail_input(exc, console) from None
    sources = [scenario, config.data]
    folder: OutputFolder | None = None
    lp_stage = _beside(export_lp) if export_lp is not None else None

    say_stopping = partial(_say, "out.stop_requested", language)
    try:
        with interrupts(say_stopping) as stop, _output(out, sources) as folder:
            result = _run(config, lp_stage, language, stop)
            if lp_stage is not None and export_lp is not None:
                _keep_lp(lp_stage, export_lp)
            if folder is not None:
                _write(result, folder, language)
        _report(result, out, console, language)
    except InputError as exc:
        raise fail_input(exc, console) from None
    except OSError as exc:  # writing the LP file (the run itself raises InputError)
        if export_lp is None:
            raise
        from optimizer.io.output import cannot_write

        raise fail_input(cannot_write(export_lp, exc), console) from None
    except KeyboardInterrupt:
        if folder is not None and folder.committed:  # a second Ctrl-C after the swap
            console.print(Text(label("out.written", language, path=f"{out}/")))
        else:
            console.print(error_line(label("out.aborted", language)))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        if lp_stage is not None:
            lp_stage.unlink(missing_ok=True)


def _beside(path: Path) -> Path:
    """A file name beside `path` to write it under first (renamed over it when complete)."""
    import os
    import secrets

    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    return path.with_name(f".{path.name}.partial-{tag}{path.suffix}")  # the suffix: the format


def _keep_lp(stage: Path, target: Path) -> None:
    """The LP file, complete, replaces the old one (listed if in a result folder)."""
    from optimizer.io.folders import register_added

    stage.replace(target)
    register_added(target)


def _say(key: str, language: Lang) -> None:
    """A line on stderr (it reaches the terminal even while HiGHS's output is captured)."""
    sys.stderr.write(label(key, language) + "\n")
    sys.stderr.flush()


def _output(
    out: Path | None, sources: list[Path]
) -> contextlib.AbstractContextManager[OutputFolder | None]:
    """The result folder being built (checked first), or nothing without --out."""
    from optimizer.io.output import OutputFolder

    return OutputFolder(out, "solve", sources) if out is not None else contextlib.nullcontext()


def _write(result: RunResult, folder: OutputFolder, language: Lang) -> None:
    from optimizer.reports.files import write_result_files

    folder.fill(lambda stage: write_result_files(result, stage, language))
    folder.commit()


def _not_inside(path: Path, out: Path | None) -> None:
    """--export-lp inside --out would be removed when the folder is replaced."""
    from optimizer.errors import Issue

    with contextlib.suppress(OSError, RuntimeError):  # a broken --out is named when checked
        if out is not None and out.resolve() in path.resolve().parents:
            raise InputError([Issue(str(path), f"is inside --out {out}, which is replaced whole")])


def _report(result: RunResult, out: Path | None, console: Console, language: Lang) -> None:
    """The summary on the terminal, then the exit code the outcome calls for."""
    from optimizer.reports.overview import status_text
    from optimizer.reports.terminal import print_summary
    from optimizer.solve.solver import SolveStatus

    print_summary(result, console, language)
    if out is not None:
        console.print(Text(label("out.written", language, path=f"{out}/")))
    if result.interrupted:
        gap = "–" if result.outcome.gap is None else f"{result.outcome.gap:.2%}"
        console.print(error_line(label("out.interrupted_line", language, gap=gap), "", "yellow"))
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.outcome.status == SolveStatus.INFEASIBLE:
        raise typer.Exit(EXIT_INFEASIBLE)
    if not result.outcome.has_solution:
        status = status_text(result.outcome.status.value, language)
        console.print(error_line(status, f"{label('out.no_solution', language)}:"))
        raise typer.Exit(EXIT_NO_SOLUTION)


def _run(config: Scenario, export_lp: Path | None, lang: Lang, stop: threading.Event) -> RunResult:
    """Run the scenario, with a live status line on a terminal."""
    from optimizer.pipeline import run_scenario
    from optimizer.solve.solver import Progress as SolverProgress

    live = live_console()
    if live is None:  # a log, not a terminal: one line when the first portfolio is found
        said = threading.Event()

        def first(p: SolverProgress) -> None:
            if p.incumbent is not None and not said.is_set():
                said.set()
                gap = "–" if p.gap == float("inf") else f"{p.gap:.2%}"
                sys.stderr.write(label("out.first_solution", lang, gap=gap) + "\n")
                sys.stderr.flush()

        return run_scenario(config, on_progress=first, lp_file=export_lp, stop=stop, lang=lang)
    with live.status(label("out.solving", lang)) as status:
        start = time.perf_counter()

        def show(p: SolverProgress) -> None:
            gap = "–" if p.gap == float("inf") else f"{p.gap:.2%}"
            seconds = f"{time.perf_counter() - start:.1f}"
            key = "out.stopping" if stop.is_set() else "out.solving_progress"
            status.update(label(key, lang, seconds=seconds, gap=gap))

        return run_scenario(config, on_progress=show, lp_file=export_lp, stop=stop, lang=lang)


@app.command()
def rerun(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
) -> None:
    """Re-solve a result from its manifest (same data, checked by sha256) and check that
    the objective matches within the MIP gap."""
    from optimizer.io.folders import changed_outputs
    from optimizer.manifest import read_manifest
    from optimizer.pipeline import run_scenario

    console = new_console()
    try:
        manifest, config = read_manifest(result)
    except InputError as exc:
        raise fail_input(exc, console) from None
    changed = changed_outputs(result)
    if changed:  # an edited summary or ranked list is not what was solved
        for issue in changed:
            console.print(error_line(f"does not reproduce: {issue}"), soft_wrap=True)
        raise typer.Exit(1)
    try:
        config = config.model_copy(
            update={"solver": config.solver.model_copy(update={"explain": False})}
        )
        again = run_scenario(config)
    except InputError as exc:
        raise fail_input(exc, console) from None
    before = manifest["result"]
    now = again.outcome
    console.print(f"status: recorded {before['status']}, now {now.status.value}")
    if before.get("objective") is None or again.objective is None:
        same = before["status"] == now.status.value
    else:
        allowed = config.solver.mip_gap * max(abs(before["objective"]), 1.0) + 1e-7
        diff = abs(again.objective - before["objective"])
        same = diff <= allowed and before["status"] == now.status.value
        console.print(
            f"objective: recorded {before['objective']:.6g}, now {again.objective:.6g} "
            f"(difference {diff:.3g}, allowed {allowed:.3g} by the MIP gap)"
        )
    if not same:
        console.print("[red]does not reproduce[/]")
        raise typer.Exit(1)
    console.print("[green]reproduced[/]")
