"""`urbopt replan` and `urbopt stress`: the annual cycle of a plan and its uncertainty."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_NO_SOLUTION,
    app,
    fail_input,
    new_console,
    scenario_overrides,
    warn_changed,
)
from optimizer.errors import InputError, Issue
from optimizer.labels import DEFAULT_LANG, Lang


def _stress_overrides(config: Path | None, samples: int | None, seed: int | None) -> dict:
    """The [stress] keys of `config` (a TOML file), then --samples and --seed."""
    table: dict[str, Any] = {}
    if config is not None:
        try:
            raw = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError([Issue(str(config), f"cannot read as TOML: {exc}")]) from None
        table = raw.get("stress", {})
        if not isinstance(table, dict) or not table:
            raise InputError([Issue(str(config), "has no [stress] table")])
    if samples is not None:
        table["samples"] = samples
    if seed is not None:
        table["seed"] = seed
    return table


@app.command()
def stress(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
    samples: Annotated[
        int | None, typer.Option(min=1, help="samples (default: the scenario's [stress])")
    ] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="random seed")] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="a TOML file whose [stress] table overrides the result's scenario"),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="folder (default: RESULT/stress)")] = None,
    jobs: Annotated[int, typer.Option(min=1, help="worker processes on this machine")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="zh or en: words of the workbook and page")] = (
        DEFAULT_LANG
    ),
) -> None:
    """Cost overruns (lognormal per category) and budget shortfalls on a solved portfolio:
    per project the chance it stays fully financed, per target the chance it is met, and
    the distribution of the score. Start years stay fixed; each sample re-solves only the
    funding, dropping projects in the bureau's order when money runs short."""
    from optimizer.io.output import OutputFolder, check_folder_destination
    from optimizer.reports.stress import print_stress, write_stress
    from optimizer.studies.stress import portfolio_from_result, run_stress

    console = new_console()
    target = out or result / "stress"
    try:
        overrides = _stress_overrides(config, samples, seed)
        check_folder_destination(target, [result])  # before the samples are drawn
        plan = portfolio_from_result(result, overrides, str(config or "--samples/--seed"))
        warn_changed(result, console)
        with OutputFolder(target, "stress", [result, plan.scenario.data]) as folder:
            with console.status("drawing samples…"):
                outcome = run_stress(plan, plan.scenario.stress, jobs, scheduler)
            folder.fill(lambda stage: write_stress(outcome, stage, plan.scenario, lang))
            folder.commit()
    except InputError as exc:
        raise fail_input(exc, console) from None
    print_stress(outcome, plan.scenario.name, console, lang)
    console.print(f"results in {escape(str(target))}/")


@app.command()
def replan(
    result: Annotated[Path, typer.Argument(help="the plan: a folder written by `solve --out`")],
    year: Annotated[
        int, typer.Option(help="the first year to re-plan; actuals cover those before")
    ],
    actuals: Annotated[
        Path, typer.Option(help="what happened: a workbook (`template --actuals`) or CSV folder")
    ],
    out: Annotated[
        Path | None, typer.Option(help="result folder (default: RESULT-replanYEAR beside it)")
    ] = None,
    inputs: Annotated[
        Path | None,
        typer.Option(help="folder for the re-plan's workbook and scenario (default: OUT-inputs)"),
    ] = None,
    time_limit: Annotated[float | None, typer.Option(help="seconds for the solve")] = None,
    mip_gap: Annotated[float | None, typer.Option(help="relative MIP gap, e.g. 0.001")] = None,
    explain: Annotated[
        bool, typer.Option(help="re-solve to explain why projects are not funded")
    ] = True,
    lang: Annotated[Lang, typer.Option(help="zh or en: words of the reasons and reports")] = (
        DEFAULT_LANG
    ),
) -> None:
    """Re-plan the remaining years from the actuals: started projects go on at their revised
    cost, spent money leaves its pools, withdrawn projects are out and added ones compete.
    Writes a normal result folder and the diff against the plan (kept, dropped, delayed,
    added, each with its reason) and the change in targets reached; the re-plan's own
    workbook and scenario go to --inputs, to adjust and solve again."""
    from optimizer.io.output import OutputFolder
    from optimizer.reports.replan import print_replan, write_replan
    from optimizer.reports.terminal import print_summary
    from optimizer.solve.solver import SolveStatus
    from optimizer.studies.replan import run_replan

    console = new_console()
    target = out or result.parent / f"{result.name}-replan{year}"
    inputs = inputs or target.parent / f"{target.name}-inputs"
    try:
        overrides = scenario_overrides(time_limit, mip_gap, explain)
        sources = [result, actuals]
        with (
            OutputFolder(inputs, "replan-inputs", [*sources, target]) as staged_inputs,
            OutputFolder(target, "replan", [*sources, inputs]) as folder,
        ):
            warn_changed(result, console)
            with console.status("re-planning…"):
                run = staged_inputs.fill(
                    lambda stage: run_replan(result, year, actuals, stage, overrides, lang)
                )
            write_replan(run, staged_inputs, folder, lang)
    except InputError as exc:
        raise fail_input(exc, console) from None
    print_summary(run.result, console)
    print_replan(run, console, lang)
    console.print(
        f"results written to {escape(str(target))}/, its inputs to {escape(str(inputs))}/"
    )
    if run.result.outcome.status == SolveStatus.INFEASIBLE:
        raise typer.Exit(EXIT_INFEASIBLE)
    if not run.result.outcome.has_solution:
        raise typer.Exit(EXIT_NO_SOLUTION)
