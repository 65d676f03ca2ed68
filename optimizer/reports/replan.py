"""Re-plan outputs: a normal result folder (with the re-plan's input workbook and scenario)
plus the diff against the original plan: replan_diff.csv and replan_targets.csv, the same
tables as sheets of results.xlsx (every cell neutralised, as in every workbook written),
replan.html and replan.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape

from optimizer.config import load_scenario
from optimizer.io.output import OutputFolder, save_csv
from optimizer.io.schema import ACTUALS_TABLES
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.reports.files import write_result_files
from optimizer.reports.stress import Section, html_page, labelled, print_table
from optimizer.studies.replan import SCENARIO_FILE, ReplanRun

CHANGES = (
    "kept",
    "continuing",
    "completed",
    "delayed",
    "advanced",
    "dropped",
    "added",
    "withdrawn",
)
SHOWN = ("dropped", "delayed", "advanced", "added", "withdrawn")  # printed on the terminal


def counts(run: ReplanRun) -> dict[str, int]:
    """Projects per kind of change."""
    found = run.diff["change_id"].value_counts() if run.diff is not None else pd.Series()
    return {c: int(found.get(c, 0)) for c in CHANGES}


def _sha256(path: Path) -> dict[str, str]:
    files = [path] if path.is_file() else [path / t.filename for t in ACTUALS_TABLES]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def replan_frames(run: ReplanRun) -> dict[str, pd.DataFrame]:
    """The diff tables by file stem (none when the re-plan has no portfolio)."""
    if run.diff is None or run.targets is None:
        return {}
    return {"replan_diff": run.diff, "replan_targets": run.targets}


def render_replan(run: ReplanRun, lang: Lang = DEFAULT_LANG) -> str:
    """The re-plan page: what changed, project by project, and the targets reached."""
    n = counts(run)
    status = label(f"status.{run.result.outcome.status.value}", lang)
    cards = [(label("cycle.card.status", lang), status)]
    cards += [(label(f"cycle.change.{c}", lang), str(n[c])) for c in CHANGES if n[c]]
    sections = [
        Section(
            label(f"cycle.section.{name}", lang), frame.drop(columns="change_id", errors="ignore")
        )
        for name, frame in replan_frames(run).items()
    ]
    title = label("cycle.title.replan", lang, scenario=run.plan.scenario.name, year=run.year)
    notes = [label("cycle.note.replan", lang), *run.replan.warnings]
    return html_page(title, notes, cards, sections, lang)


def write_replan(
    run: ReplanRun, inputs: OutputFolder, out: OutputFolder, lang: Lang = DEFAULT_LANG
) -> list[Path]:
    """Swap in the re-plan's inputs (workbook and scenario, written into the `inputs` stage
    by `run_replan`), where the result's manifest finds them, then the result folder as
    `solve --out` writes it, with the diff beside its tables and as sheets of results.xlsx."""
    inputs.commit()
    run.result.scenario = load_scenario(inputs.target / SCENARIO_FILE)
    frames = replan_frames(run)
    sheets = {label(f"cycle.sheet.{n}", lang): labelled(f, lang) for n, f in frames.items()}
    record = {
        "plan": str(run.source),
        "year": run.year,
        "actuals": str(run.actuals_path),
        "actuals_sha256": _sha256(run.actuals_path),
        "inputs": str(inputs.target),
        "changes": counts(run),
        "warnings": run.replan.warnings,
    }

    def write(stage: Path) -> list[str]:
        names = write_result_files(run.result, stage, lang, sheets)
        for name, frame in frames.items():
            save_csv(frame, stage / f"{name}.csv")
        (stage / "replan.html").write_text(render_replan(run, lang), encoding="utf-8")
        text = json.dumps(record, ensure_ascii=False, indent=2, default=str)
        (stage / "replan.json").write_text(text, encoding="utf-8")
        return [*names, *(f"{name}.csv" for name in frames), "replan.html", "replan.json"]

    names = out.fill(write)
    out.commit()
    return [out.target / name for name in names]


def print_replan(run: ReplanRun, console: Console, lang: Lang = DEFAULT_LANG) -> None:
    """Projects that moved against the plan (with the reason) and the change in targets;
    the warnings are the run's, printed with its summary."""
    if run.diff is None or run.targets is None:
        return
    moved = run.diff[run.diff["change_id"].isin(SHOWN)]
    columns = ["project_id", "name", "change", "planned_start", "new_start"]
    targets = ["indicator_id", "name", "target", "planned_value", "replan_value", "met_replan"]
    print_table(console, "replan_diff", moved[columns], lang)
    for r in moved.itertuples():  # the reasons in full, below the table
        console.print(f"{escape(r.project_id)} {escape(r.reason)}", soft_wrap=True)
    print_table(console, "replan_targets", run.targets[targets], lang)
    n = counts(run)
    console.print(", ".join(f"{label(f'cycle.change.{c}', lang)} {n[c]}" for c in CHANGES))
