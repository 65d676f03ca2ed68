"""Report a run on the terminal: a status panel, spending, indicator attainment, the
benefit/cost comparison, or the conflicting rules. Every text from the input is shown as
plain text (`Text`), never parsed as Rich markup."""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from optimizer.io.output import plain_number
from optimizer.io.results import ResultTables
from optimizer.labels import DEFAULT_LANG, Lang, label, objective_label
from optimizer.pipeline import RunResult
from optimizer.reports.fiscal import print_fiscal
from optimizer.reports.overview import (
    Overview,
    benefit_cost_frame,
    benefit_cost_sentence,
    by_group,
    met_mask,
    objective_heading,
    overview,
    source_year,
    status_text,
)

SHOWN_IDS = 12  # project ids listed per side of the benefit/cost comparison
STATUS_STYLE = {"optimal": "green", "feasible": "yellow", "interrupted": "yellow"}


def status_line(ov: Overview, lang: Lang) -> Text:
    """'status optimal', coloured: green optimal, yellow stopped with a solution, red else."""
    return Text.assemble(
        f"{label('out.status', lang)} ",
        (status_text(ov.status, lang), f"bold {STATUS_STYLE.get(ov.status, 'red')}"),
    )


def _panel(result: RunResult, tables: ResultTables, lang: Lang) -> Panel:
    ov = overview(tables)
    lines = [status_line(ov, lang)]
    if ov.objective is not None:
        gap = "–" if ov.gap is None else f"{ov.gap:.3%}"
        seconds = label("out.seconds", lang, n=f"{ov.seconds or 0:.2f}")
        heading = objective_heading(ov, tables.names, lang)
        lines.append(
            Text(
                f"{heading} {plain_number(ov.objective, 6)}   "
                f"{label('out.gap', lang)} {gap}   {label('out.solve_time', lang)} {seconds}"
            )
        )
    if ov.feasible:
        lines.append(
            Text(
                label(
                    "out.funded_line",
                    lang,
                    funded=ov.funded,
                    candidates=ov.candidates,
                    cost=plain_number(ov.cost_wan),
                )
            )
        )
        targets = label("out.targets_of", lang, met=ov.met, total=ov.total)
        line = Text(f"{label('out.targets_met', lang)} {targets}")
        if ov.missed:
            line.append(f"   {label('out.targets_missed', lang)}: ", style="red")
            line.append(label("out.list_sep", lang).join(ov.missed))
        lines.append(line)
    if result.objective_values:
        names = tables.names.indicators
        values = label("out.list_sep", lang).join(
            f"{objective_label(k, lang, names)} {plain_number(v, 6)}"
            for k, v in result.objective_values.items()
        )
        method = label(f"method.{result.scenario.multiobjective.method}", lang)
        lines.append(Text(label("out.method_values", lang, method=method, values=values)))
    if result.inputs.unschedulable:
        lines.append(Text(label("out.unschedulable", lang, n=len(result.inputs.unschedulable))))
    title = escape(f"{label('out.scenario', lang)} {ov.scenario}")
    return Panel(Text("\n").join(lines), title=title)


def print_summary(result: RunResult, console: Console, lang: Lang = DEFAULT_LANG) -> None:
    """Status, objective, gap and time; then spending, indicators and the benefit/cost
    comparison, or the conflicting rules of an infeasible scenario."""
    tables = result.tables()
    ov = overview(tables)
    console.print(_panel(result, tables, lang))
    for warning in result.warnings:
        console.print(Text.assemble((f"{label('out.warning', lang)}: ", "yellow"), warning))
    if result.diagnosis is not None:
        print_conflicts(tables, console, lang)
    if not ov.feasible:
        return
    for key, title in (("category", "out.by_category"), ("region_id", "out.by_region")):
        console.print(_group_table(tables, key, label(title, lang), lang))
    console.print(_source_table(tables, lang))
    console.print(indicator_table(tables, lang))
    if ov.benefit_cost is not None:
        _print_benefit_cost(ov, console, lang)
    print_fiscal(result, console, lang)


def _table(title: str, columns: list[str], left: int = 1) -> Table:
    """A table whose first `left` columns are text and the rest numbers (right-aligned)."""
    table = Table(title=escape(title))
    for k, col in enumerate(columns):
        text = k < left  # names wrap onto a second line rather than being cut
        table.add_column(escape(col), justify="left" if text else "right", overflow="fold")
    return table


def _group_table(tables: ResultTables, key: str, title: str, lang: Lang) -> Table:
    names = tables.names
    head = label("col.category_name" if key == "category" else "col.region_name", lang)
    table = _table(
        title,
        [
            head,
            label("col.funded_count", lang),
            label("col.candidates", lang),
            label("out.cost_wan", lang),
        ],
    )
    for r in by_group(tables, key).itertuples(index=False):
        shown = names.category(r[0], lang) if key == "category" else names.region(r[0], lang)
        table.add_row(
            Text(shown), str(r.funded_count), str(r.candidates), plain_number(r.cost_in_plan_wan)
        )
    return table


def _source_table(tables: ResultTables, lang: Lang) -> Table:
    sy = source_year(tables, lang)
    years = [c for c in sy.columns if c not in ("source_id", "source_name", "total")]
    table = _table(
        label("out.by_source_year", lang),
        [label("col.source_name", lang), *years, label("col.total", lang)],
    )
    for _, row in sy.iterrows():
        table.add_row(
            Text(str(row["source_name"])), *[plain_number(row[c]) for c in [*years, "total"]]
        )
    return table


def indicator_table(tables: ResultTables, lang: Lang) -> Table:
    """Indicators by name (never cut at 80 columns): baseline, value reached, target,
    attainment, met ✓/✗ for every indicator, and whether the target is binding."""
    table = Table(
        title=escape(label("out.indicators", lang)),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
    )
    table.add_column(label("out.indicator", lang), no_wrap=True)
    table.add_column(label("col.unit", lang), no_wrap=True)
    for key in ("out.base", "out.reached", "out.target", "out.done"):
        table.add_column(label(key, lang), justify="right", no_wrap=True)
    table.add_column(label("out.met", lang), no_wrap=True)
    ind = tables.indicators
    for r, met in zip(ind.itertuples(index=False), met_mask(ind), strict=True):
        binding = str(r.binding) in ("True", "y")
        mark = Text("✓", style="green") if met else Text("✗", style="bold red")
        if binding:
            mark.append(f" {label('out.binding', lang)}")
        table.add_row(
            Text(str(r.name)),
            Text("" if pd.isna(r.unit) else str(r.unit)),
            plain_number(r.baseline),
            plain_number(r.value),
            plain_number(r.target),
            f"{r.attainment:.0%}",
            mark,
        )
    return table


def _print_benefit_cost(ov: Overview, console: Console, lang: Lang) -> None:
    """The optimizer's portfolio beside ranking by benefit/cost, and the projects that differ."""
    bc = ov.benefit_cost
    assert bc is not None
    table = _table(
        label("out.benefit_cost_short", lang),
        [
            "",
            label("col.optimizer", lang),
            label("col.ranking", lang),
            label("col.difference", lang),
        ],
    )
    for r in benefit_cost_frame(ov, lang).itertuples(index=False):
        diff = "–" if math.isnan(r.difference) else _signed(r.difference)
        table.add_row(r.item, plain_number(r.optimizer, 5), plain_number(r.ranking, 5), diff)
    console.print(table)
    console.print(Text(benefit_cost_sentence(ov, lang)))
    sep = label("out.list_sep", lang)
    for key, ids in (
        ("out.only_optimizer", bc.only_optimizer),
        ("out.only_ranking", bc.only_ranking),
    ):
        shown = sep.join(ids[:SHOWN_IDS]) + (
            f" (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else ""
        )
        console.print(Text(f"{label(key, lang)} {len(ids)}: {shown}"))


def _signed(x: float) -> str:
    text = plain_number(abs(x), 5)
    return text if x == 0 else ("+" if x > 0 else "−") + text


def print_conflicts(tables: ResultTables, console: Console, lang: Lang) -> None:
    """The rules that conflict, and by how much each must give way."""
    conflicts = tables.conflicts
    if conflicts.empty:
        console.print(Text(label("out.infeasible_none", lang), style="red"))
        return
    table = _table(
        label("out.infeasible_title", lang),
        [label("col.family", lang), label("col.rule", lang), label("col.violation", lang)],
        left=2,
    )
    for r in conflicts.itertuples(index=False):
        unit = "" if not isinstance(r.unit, str) else f" {r.unit}"
        table.add_row(
            Text(str(r.family)), Text(str(r.rule)), Text(plain_number(r.violation) + unit)
        )
    console.print(table)
