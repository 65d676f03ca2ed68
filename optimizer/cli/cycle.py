"""`urbopt replan` and `urbopt stress`: the annual cycle of a plan and its uncertainty."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from optimizer.cli.common import app, fail_input, new_console
from optimizer.errors import InputError, Issue
from optimizer.labels import DEFAULT_LANG, Lang
from optimizer.reports.stress import print_stress, write_stress
from optimizer.studies.stress import plan_from_result, run_stress


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
    console = new_console()
    target = out or result / "stress"
    try:
        overrides = _stress_overrides(config, samples, seed)
        plan = plan_from_result(result, overrides, str(config or "--samples/--seed"))
        with console.status("drawing samples…"):
            outcome = run_stress(plan, plan.scenario.stress, jobs, scheduler)
        write_stress(outcome, target, plan.scenario, lang)
    except InputError as exc:
        raise fail_input(exc, console) from None
    print_stress(outcome, plan.scenario.name, console, lang)
    console.print(f"results in {escape(str(target))}/")
