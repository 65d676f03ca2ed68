"""`urbopt validate`, `urbopt template` and `urbopt report`: inputs in, reports out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from optimizer.cli.common import (
    LangOption,
    Language,
    app,
    error_line,
    fail_input,
    lang_of,
    new_console,
)
from optimizer.config import load_scenario
from optimizer.errors import InputError
from optimizer.io.output import check_file_destination
from optimizer.io.template import write_template
from optimizer.labels import label
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data
from optimizer.reports.html import write_report


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="scenario TOML file")]) -> None:
    """Check the scenario and its data without solving."""
    console = new_console()
    try:
        config = load_scenario(scenario)
        data = load_data(config)
    except InputError as exc:
        raise fail_input(exc, console) from None
    inputs = prepare(data, config)
    for warning in inputs.warnings:
        console.print(error_line(warning, "warning:", "yellow"))
    for p, why in sorted(inputs.unschedulable.items()):
        level = ("mandatory project", "red") if inputs.must[p] else ("warning: project", "yellow")
        console.print(error_line(f"{p} cannot be scheduled: {why}", *level))
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
    new_console().print(Text(f"template written to {out}"))


@app.command()
def report(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default: RESULT/report.html)")
    ] = None,
    lang: LangOption = Language.zh,
) -> None:
    """One self-contained HTML report (charts inline) to open offline or print."""
    console = new_console()
    target = out or result / "report.html"
    language = lang_of(lang)
    try:
        check_file_destination(target)
        write_report(result, target, language)
    except InputError as exc:
        raise fail_input(exc, console) from None
    console.print(Text(label("out.report_written", language, path=str(target))))
