"""The files of one run: CSV tables, one workbook, summary.json and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from optimizer.io.output import save_csv, save_workbook, write_atomically
from optimizer.manifest import manifest_files
from optimizer.pipeline import RunResult
from optimizer.reports.fiscal import fiscal_frames


def _frames(result: RunResult) -> dict[str, pd.DataFrame]:
    """The tables to write, in sheet order."""
    if result.solution is None:
        violations = result.diagnosis.violations if result.diagnosis else []
        return {
            "conflicts": pd.DataFrame(
                [(v.family, v.rule, v.amount, v.unit) for v in violations],
                columns=["family", "rule", "violation", "unit"],
            )
        }
    assert result.ranked is not None
    sol = result.solution
    return {
        "ranked_projects": result.ranked,
        "funding_schedule": sol.funding,
        "budget_use": sol.pools,
        "indicator_attainment": sol.indicators,
        **fiscal_frames(result),
    }


def write_outputs(result: RunResult, out_dir: Path) -> list[Path]:
    """Write CSVs, one workbook and summary.json; all or nothing."""
    frames = _frames(result)

    def write(tmp: Path) -> list[str]:
        for name, frame in frames.items():
            save_csv(frame, tmp / f"{name}.csv")
        save_workbook(tmp / "results.xlsx", frames)
        record = result.summary_record()
        text = json.dumps(record, ensure_ascii=False, indent=2, default=str)
        (tmp / "summary.json").write_text(text, encoding="utf-8")
        manifest = manifest_files(result.scenario, "solve", record, tmp)
        return [*(f"{name}.csv" for name in frames), "results.xlsx", "summary.json", *manifest]

    return write_atomically(out_dir, write)
