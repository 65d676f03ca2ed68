"""Stress-test outputs: CSV tables (English column ids), one workbook and one HTML page
with the words in Chinese (or English), summary.json and the manifest; a terminal summary.

The page renderer and the column words here are shared with the re-plan report."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from optimizer.config import Scenario
from optimizer.io.output import save_csv, save_workbook, write_atomically
from optimizer.labels import DEFAULT_LANG, LABELS, Lang, label
from optimizer.manifest import manifest_files
from optimizer.reports.charts import pyplot, svg
from optimizer.studies.stress import StressResult

TEMPLATE = Path(__file__).parent / "templates" / "tables.html.j2"
SHOWN = 15  # at-risk projects printed on the terminal


@dataclass(frozen=True)
class Section:
    """One titled table of a page (and an optional inline SVG chart above it)."""

    title: str
    frame: pd.DataFrame  # column ids; `html_page` shows their words
    svg: str = ""


def words(column: str, lang: Lang) -> str:
    """A column id's header in `lang` (the id itself when it has no label)."""
    key = f"cycle.col.{column}"
    return label(key, lang) if key in LABELS else column


def labelled(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The frame with headers in `lang` and yes/no as 是/否 (values stay numbers)."""
    yes_no = {True: label("input.value.true", lang), False: label("input.value.false", lang)}
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = out[col].map(yes_no)
    return out.rename(columns=lambda c: words(c, lang))


def cell_text(column: str, value: object) -> str:
    """A value as a table shows it: shares as %, 万元 with separators, – for none."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        if column.endswith("_share"):
            return f"{value:.0%}"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    return str(value)


def html_page(
    title: str,
    notes: list[str],
    cards: list[tuple[str, str]],
    sections: list[Section],
    lang: Lang,
) -> str:
    """A self-contained page: title, notes, summary cards, then each section's table."""
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(default=True))
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    shown = []
    for section in sections:
        frame = labelled(section.frame, lang)
        numeric = [
            words(c, lang) for c in section.frame.columns if section.frame[c].dtype.kind in "if"
        ]
        rows = [
            {
                words(c, lang): cell_text(c, v)
                for c, v in zip(section.frame.columns, row, strict=True)
            }
            for row in frame.itertuples(index=False)
        ]
        shown.append(
            {
                "title": section.title,
                "svg": section.svg,
                "columns": list(frame.columns),
                "numeric": numeric,
                "rows": rows,
            }
        )
    return template.render(title=title, notes=notes, cards=cards, sections=shown, lang=lang)


def score_histogram(scores: pd.Series, plan_score: float) -> str:
    """Samples by score, the plan's score as a dashed line (inline SVG)."""
    fig, ax = pyplot().subplots(figsize=(9, 3))
    ax.hist(scores, bins=min(30, max(5, len(scores) // 5)), color="#c44")
    ax.axvline(plan_score, color="black", lw=1, ls="--")
    return svg(fig)


def stress_frames(result: StressResult) -> dict[str, pd.DataFrame]:
    """The tables of a stress run, by file stem, in sheet order."""
    return {
        "stress_projects": result.projects,
        "stress_targets": result.targets,
        "stress_samples": result.scores,
        "stress_assumptions": result.assumptions,
    }


def _cards(result: StressResult, lang: Lang) -> list[tuple[str, str]]:
    s = result.summary
    keys = ("samples", "funded", "plan_score", "score_mean", "score_p05", "kept_mean")
    cards = [(label(f"cycle.card.{k}", lang), cell_text(k, float(s[k]))) for k in keys]
    share = label("cycle.card.all_financed_share", lang)
    return [*cards, (share, cell_text("all_financed_share", s["all_financed_share"]))]


def render_stress(result: StressResult, scenario: str, lang: Lang = DEFAULT_LANG) -> str:
    """The stress page: summary cards, then every table, the score histogram first."""
    s = result.summary
    frames = stress_frames(result)
    sections = [
        Section(
            label(f"cycle.section.{name}", lang),
            frame,
            score_histogram(result.scores["score"], s["plan_score"])
            if name == "stress_samples"
            else "",
        )
        for name, frame in frames.items()
    ]
    notes = [
        label("cycle.note.seed", lang, samples=s["samples"], seed=s["seed"]),
        label("cycle.note.drop_order", lang),
    ]
    title = label("cycle.title.stress", lang, scenario=scenario)
    return html_page(title, notes, _cards(result, lang), sections, lang)


def write_stress(
    result: StressResult, out_dir: Path, scenario: Scenario, lang: Lang = DEFAULT_LANG
) -> list[Path]:
    """stress_*.csv, stress.xlsx, stress.html, summary.json and the manifest; all or nothing.
    `scenario` is the result's, its [stress] table as drawn from."""
    frames = stress_frames(result)

    def write(tmp: Path) -> list[str]:
        for name, frame in frames.items():
            save_csv(frame, tmp / f"{name}.csv")
        sheets = {label(f"cycle.sheet.{n}", lang): labelled(f, lang) for n, f in frames.items()}
        save_workbook(tmp / "stress.xlsx", sheets)
        page = render_stress(result, scenario.name, lang)
        (tmp / "stress.html").write_text(page, encoding="utf-8")
        text = json.dumps(result.summary, ensure_ascii=False, indent=2)
        (tmp / "summary.json").write_text(text, encoding="utf-8")
        manifest = manifest_files(scenario, "stress", result.summary, tmp)
        return [
            *(f"{n}.csv" for n in frames),
            "stress.xlsx",
            "stress.html",
            "summary.json",
            *manifest,
        ]

    return write_atomically(out_dir, write)


def print_stress(result: StressResult, scenario: str, console: Console, lang: Lang) -> None:
    """The summary, the projects most at risk and every target's chance of being met."""
    lines = [f"{name}: {value}" for name, value in _cards(result, lang)]
    title = escape(label("cycle.title.stress", lang, scenario=scenario))
    console.print(Panel("\n".join(lines), title=title))
    at_risk = result.projects[result.projects["financed_share"] < 1].head(SHOWN)
    columns = ["project_id", "name", "category", "drop_rank", "financed_share"]
    print_table(console, "stress_projects", at_risk[columns], lang)
    targets = result.targets[["indicator_id", "name", "target", "met_share"]]
    print_table(console, "stress_targets", targets, lang)
    console.print(escape(label("cycle.note.drop_order", lang)), soft_wrap=True)


def print_table(console: Console, name: str, frame: pd.DataFrame, lang: Lang) -> None:
    """A table titled with section `name`'s words; headers and yes/no in `lang`, user text
    escaped."""
    table = Table(title=escape(label(f"cycle.section.{name}", lang)))
    for col in frame.columns:
        numeric = frame[col].dtype.kind in "if"
        table.add_column(escape(words(col, lang)), justify="right" if numeric else "left")
    for row in labelled(frame, lang).itertuples(index=False):
        table.add_row(*(escape(cell_text(c, v)) for c, v in zip(frame.columns, row, strict=True)))
    console.print(table)
