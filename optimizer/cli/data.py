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
    warn_changed,
)
from optimizer.errors import InputError, Issue
from optimizer.labels import label


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file or input workbook")],
) -> None:
    """Check the scenario and its data without solving."""
    from optimizer.config import load_scenario
    from optimizer.model.inputs import prepare
    from optimizer.pipeline import load_data

    console = new_console()
    try:
        config = load_scenario(scenario)
        data = load_data(config)
    except InputError as exc:
        raise fail_input(exc, console) from None
    inputs = prepare(data, config)
    for warning in inputs.warnings:
        console.print(error_line(warning, "warning:", "yellow"), soft_wrap=True)
    for p, why in sorted(inputs.unschedulable.items()):
        level = ("mandatory project", "red") if inputs.must[p] else ("warning: project", "yellow")
        console.print(error_line(f"{p} cannot be scheduled: {why}", *level), soft_wrap=True)
    console.print(
        f"[green]valid:[/] {len(data.projects)} projects, {len(data.regions)} regions, "
        f"{len(data.indicators)} indicators, {len(data.sources)} sources, "
        f"plan years {data.first_year}-{data.last_year}"
    )


@app.command()
def template(
    out: Annotated[Path, typer.Argument(help="workbook to write, e.g. input.xlsx")],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="fill it from a data set (folder or .xlsx) or a scenario (.toml): its rows "
            "and scenario settings instead of the examples",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="overwrite OUT if it exists")] = False,
    lang: LangOption = Language.zh,
    actuals: Annotated[
        bool,
        typer.Option(
            "--actuals",
            help="the actuals workbook of `replan` instead; --from a `solve --out` folder "
            "fills in its planned starts and payments (before --year)",
        ),
    ] = False,
    year: Annotated[int | None, typer.Option(help="--actuals: the re-plan year")] = None,
) -> None:
    """Write an input workbook: a 说明 guide, a scenario sheet, a sheet per table with
    example rows (or the rows of --from) and drop-down lists; with --actuals, the workbook
    of what happened that `replan` reads."""
    from optimizer.config import Scenario, load_scenario, scenario_sheet_rows
    from optimizer.io.folders import register_added
    from optimizer.io.load import EXCEL_SUFFIXES
    from optimizer.io.output import check_file_destination
    from optimizer.io.results import from_folder
    from optimizer.io.schema import ACTUALS_TABLES
    from optimizer.io.template import (
        check_target,
        data_tables,
        example_actuals,
        example_tables,
        planned_actuals,
        write_template,
    )
    from optimizer.pipeline import load_data

    console = new_console()
    try:
        check_file_destination(out)
        check_target(out, force)
        if actuals:
            if source is not None and not (source / "manifest.json").is_file():
                raise InputError(
                    [Issue(str(source), "--actuals --from takes a `solve --out` folder")]
                )
            rows = (
                example_actuals() if source is None else planned_actuals(from_folder(source), year)
            )
            write_template(out, rows, [], lang_of(lang), ACTUALS_TABLES)
            register_added(out)
            console.print(Text(f"actuals template written to {out}"))
            return
        if source is None:
            tables = example_tables()
            config = Scenario(name=out.stem, data=out)
        elif source.is_dir():
            config = Scenario(name=source.name, data=source)
            tables = data_tables(load_data(config))
        elif source.suffix.lower() in (".toml", *EXCEL_SUFFIXES):
            config = load_scenario(source)
            tables = data_tables(load_data(config))
        else:
            raise InputError(
                [Issue(str(source), "--from takes a data folder, an .xlsx workbook or a .toml")]
            )
        language = lang_of(lang)
        write_template(out, tables, scenario_sheet_rows(config, language), language)
        register_added(out)
    except InputError as exc:
        raise fail_input(exc, console) from None
    console.print(Text(f"template written to {out}"))


@app.command()
def report(
    result: Annotated[Path, typer.Argument(help="a folder written by `solve --out`")],
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default: RESULT/report.html)")
    ] = None,
    lang: LangOption = Language.zh,
) -> None:
    """One self-contained HTML report (charts inline) to open offline or print."""
    from optimizer.io.output import check_file_destination
    from optimizer.reports.html import write_report

    console = new_console()
    target = out or result / "report.html"
    language = lang_of(lang)
    try:
        check_file_destination(target)
        warn_changed(result, console)
        write_report(result, target, language)
    except InputError as exc:
        raise fail_input(exc, console) from None
    console.print(Text(label("out.report_written", language, path=str(target))))
