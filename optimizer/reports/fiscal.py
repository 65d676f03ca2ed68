"""The fiscal-sustainability table in every output, self-contained so that the files, the
terminal and the HTML report each call one function: a CSV and a results.xlsx sheet,
a few summary lines, and a chart with the table for the HTML report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape

from optimizer.io.results import FISCAL_FILE
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.pipeline import RunResult
from optimizer.reports.charts import pyplot, svg

NAME = FISCAL_FILE  # the CSV's stem and the workbook's sheet


def fiscal_frames(result: RunResult) -> dict[str, pd.DataFrame]:
    """{sheet name: table} to add to a run's CSV files and workbook (none if unsolved)."""
    return {} if result.fiscal is None else {NAME: result.fiscal}


def _wan(x: float) -> str:
    return f"{x:,.0f}"


def fiscal_lines(table: pd.DataFrame, lang: Lang = DEFAULT_LANG) -> list[str]:
    """The table in a few sentences: debt, its service in the plan, O&M, the peak burden
    and what settled people bring."""
    plan = table[table["period"] == "plan"]
    drawn = table["debt_drawn_wan"].sum()
    lines = []
    if drawn > 0:
        repaid = table.loc[table["outstanding_wan"] > 1e-6, "year"]
        last = int(repaid.max()) + 1 if not repaid.empty else int(table["year"].max())
        lines.append(
            label(
                "fiscal.debt",
                lang,
                drawn=_wan(drawn),
                outstanding=_wan(plan["outstanding_wan"].iloc[-1]),
                last=last,
            )
        )
        lines.append(label("fiscal.service", lang, service=_wan(plan["debt_service_wan"].sum())))
    else:
        lines.append(label("fiscal.no_debt", lang))
    lines.append(label("fiscal.om", lang, om=_wan(table["om_wan"].iloc[-1])))
    peak = table.loc[table["recurring_burden_wan"].idxmax()]
    share = "–" if pd.isna(peak["burden_share"]) else f"{peak['burden_share']:.1%}"
    lines.append(
        label(
            "fiscal.peak",
            lang,
            burden=_wan(peak["recurring_burden_wan"]),
            year=int(peak["year"]),
            share=share,
        )
    )
    persons = table["persons_settled"].sum()
    if persons > 0:
        lines.append(
            label(
                "fiscal.people",
                lang,
                persons=_wan(persons),
                reward=_wan(table["reward_wan"].sum()),
                land=f"{table['land_unlocked_mu'].sum():,.1f}",
            )
        )
    return lines


def print_fiscal(result: RunResult, console: Console, lang: Lang = DEFAULT_LANG) -> None:
    """The fiscal lines under a heading, for the terminal summary."""
    if result.fiscal is None:
        return
    console.print(f"[bold]{label('fiscal.title', lang)}[/]")
    for line in fiscal_lines(result.fiscal, lang):
        console.print(f"  {escape(line)}")


def read_fiscal(folder: Path) -> pd.DataFrame | None:
    """The table of a `solve --out` folder, or None (an older folder has none)."""
    path = folder / f"{NAME}.csv"
    return pd.read_csv(path, encoding="utf-8-sig") if path.exists() else None


def fiscal_chart(
    table: pd.DataFrame, lang: Lang = DEFAULT_LANG, fonts: list[str] | None = None
) -> str:
    """Inline SVG: interest, principal and O&M per year stacked; the burden's share of the
    general budget as a line on a second axis."""
    plt = pyplot()
    with plt.rc_context({"font.family": fonts or ["DejaVu Sans"], "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(9, 3.5))
        parts = {
            "interest_wan": "fiscal.interest",
            "principal_wan": "fiscal.principal",
            "om_wan": "fiscal.om_cost",
        }
        stacked = table.set_index("year")[list(parts)].rename(
            columns={c: label(k, lang) for c, k in parts.items()}
        )
        stacked.plot.bar(stacked=True, ax=ax, rot=90, color=["#c44", "#e98", "#58a"], width=0.8)
        ax.set_xlabel("")
        ax.set_ylabel(label("unit.wan", lang))
        ax.legend(fontsize=8, loc="upper left")
        if table["burden_share"].notna().any():
            share = ax.twinx()
            share.plot(range(len(table)), 100 * table["burden_share"], color="black", marker=".")
            share.set_ylabel(f"{label('fiscal.share', lang)} %")
            share.set_ylim(bottom=0)
        ax.set_title(label("fiscal.chart", lang), fontsize=9)
        return svg(fig)


def fiscal_section(
    table: pd.DataFrame | None, lang: Lang = DEFAULT_LANG, fonts: list[str] | None = None
) -> dict | None:
    """What the HTML report's fiscal section shows: lines, chart and rows (None without
    a table, e.g. for a folder written before the table existed)."""
    if table is None or table.empty:
        return None
    return {
        "title": label("fiscal.title", lang),
        "lines": fiscal_lines(table, lang),
        "chart": fiscal_chart(table, lang, fonts),
        "note": label("fiscal.after_plan", lang),
        "headers": [
            label(f"fiscal.{key}", lang)
            for key in ("year", "drawn", "outstanding", "interest", "principal", "om_cost")
        ]
        + [label("fiscal.burden", lang), label("fiscal.share", lang)],
        "rows": table.to_dict("records"),
    }
