"""Report a run on the terminal: a status panel, spending and indicator attainment tables."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from optimizer.pipeline import RunResult
from optimizer.reports.fiscal import print_fiscal


def spending_summaries(result: RunResult) -> dict[str, pd.DataFrame]:
    """Funded count and plan-period cost by category and region; funds by source × year."""
    assert result.solution is not None
    projects = result.solution.projects
    funded = projects[projects["funded"]]
    out = {}
    for key in ("category", "region_id"):
        out[key] = (
            funded.groupby(key)
            .agg(funded=("project_id", "count"), cost_in_plan_wan=("cost_in_plan_wan", "sum"))
            .join(projects.groupby(key).agg(candidates=("project_id", "count")))
            .reset_index()
        )
    funding = result.solution.funding
    out["source_year"] = funding.pivot_table(
        index="source_id", columns="year", values="amount_wan", aggfunc="sum", fill_value=0.0
    )
    return out


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def print_summary(result: RunResult, console: Console) -> None:
    """Status, objective, gap and time; then spending and indicator attainment tables."""
    o = result.outcome
    colour = {"optimal": "green", "feasible": "yellow"}.get(o.status.value, "red")
    lines = [f"status [bold {colour}]{o.status.value}[/]"]
    if o.objective is not None:
        gap = "–" if o.gap is None else f"{o.gap:.3%}"
        lines.append(f"objective {o.objective:.4f}   gap {gap}   solve {o.seconds:.2f} s")
    if result.solution is not None:
        p = result.solution.projects
        lines.append(
            f"funded {int(p['funded'].sum())} of {len(p)} projects, "
            f"{_fmt(p['cost_in_plan_wan'].sum())} 万元 in the plan period"
        )
    if result.objective_values:
        method = result.scenario.multiobjective.method
        values = ", ".join(f"{k} {v:,.6g}" for k, v in result.objective_values.items())
        lines.append(f"{method}: {values}")
    if result.inputs.unschedulable:
        lines.append(
            f"{len(result.inputs.unschedulable)} projects cannot be scheduled "
            "(see 'why' in the ranked list)"
        )
    console.print(Panel("\n".join(lines), title=f"scenario {result.scenario.name}"))
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    if result.diagnosis is not None:
        _print_conflicts(result, console)
    if result.solution is None:
        return
    sums = spending_summaries(result)
    for key, title in (("category", "By category"), ("region_id", "By region")):
        table = Table(title=title)
        for col in (key, "funded", "candidates", "cost 万元"):
            table.add_column(col, justify="left" if col == key else "right")
        for r in sums[key].itertuples(index=False):
            table.add_row(str(r[0]), str(r.funded), str(r.candidates), _fmt(r.cost_in_plan_wan))
        console.print(table)
    sy = sums["source_year"]
    table = Table(title="Funds by source and year (万元)")
    table.add_column("source")
    for y in sy.columns:
        table.add_column(str(y), justify="right")
    table.add_column("total", justify="right")
    for s, row in sy.iterrows():
        table.add_row(str(s), *[_fmt(v) for v in row], _fmt(row.sum()))
    console.print(table)
    _print_indicators(result, console)
    print_fiscal(result, console)


def _print_indicators(result: RunResult, console: Console) -> None:
    assert result.solution is not None
    table = Table(title="Indicator attainment vs target")
    for col in ("indicator", "unit", "baseline", "value", "target", "attained", "binding"):
        table.add_column(col, justify="left" if col in ("indicator", "unit") else "right")
    for r in result.solution.indicators.itertuples():
        mark = ("[green]✓[/]" if r.met else "[red]✗[/]") if r.binding else ("✓" if r.met else "")
        table.add_row(
            f"{r.name} ({r.indicator_id})",
            r.unit,
            f"{r.baseline:g}",
            f"{r.value:.4g}",
            f"{r.target:g}",
            f"{r.attainment:.0%}",
            mark,
        )
    console.print(table)


def _print_conflicts(result: RunResult, console: Console) -> None:
    diagnosis = result.diagnosis
    assert diagnosis is not None
    if not diagnosis.violations:
        console.print(
            "[red]The scenario is infeasible even with every soft rule relaxed:[/] "
            "check dependencies, exclusions and start windows."
        )
        return
    table = Table(title="Infeasible: these rules conflict (smallest violations that resolve it)")
    for col in ("rule family", "rule", "violation"):
        table.add_column(col, justify="right" if col == "violation" else "left")
    for v in diagnosis.violations:
        table.add_row(v.family, v.rule, f"{v.amount:,.4g} {v.unit}")
    console.print(table)
