"""The files of one run: CSV tables, one workbook, summary.json and the manifest, written
as a whole folder (an infeasible run's folder holds only its conflicts and summary)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from optimizer.io.output import save_csv, save_workbook, write_folder
from optimizer.io.results import ResultTables
from optimizer.labels import DEFAULT_LANG, Lang
from optimizer.manifest import manifest_files
from optimizer.pipeline import RunResult
from optimizer.reports.fiscal import fiscal_frames
from optimizer.reports.workbook import results_workbook


def _frames(tables: ResultTables) -> dict[str, pd.DataFrame]:
    """The CSV tables, in sheet order after 摘要."""
    if not tables.feasible:
        return {"conflicts": tables.conflicts}
    return {
        "ranked_projects": tables.ranked,
        "funding_schedule": tables.funding,
        "budget_use": tables.pools,
        "indicator_attainment": tables.indicators,
    }


def _finite(value: object) -> object:
    """NaN and infinities as null: summary.json stays valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def write_result_files(
    result: RunResult,
    folder: Path,
    lang: Lang = DEFAULT_LANG,
    more_sheets: Mapping[str, pd.DataFrame] | None = None,
) -> list[str]:
    """Write the run's files into `folder` (a stage); returns their names. `more_sheets`
    (a re-plan's diff) follow the tables in results.xlsx."""
    tables = result.tables()
    frames = _frames(tables) | (fiscal_frames(result) if tables.feasible else {})
    for name, frame in frames.items():
        save_csv(frame, folder / f"{name}.csv")
    sheets = results_workbook(tables, frames, lang) | dict(more_sheets or {})
    save_workbook(folder / "results.xlsx", sheets)
    record = _finite(tables.summary | {"names": tables.names.to_json()})
    text = json.dumps(record, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    (folder / "summary.json").write_text(text, encoding="utf-8")
    manifest = manifest_files(result.scenario, "solve", result.summary_record(), folder)
    return [*(f"{name}.csv" for name in frames), "results.xlsx", "summary.json", *manifest]


def write_outputs(result: RunResult, out_dir: Path, lang: Lang = DEFAULT_LANG) -> list[Path]:
    """Replace `out_dir` as a whole with the run's files (see `OutputFolder`)."""
    names = write_folder(out_dir, lambda stage: write_result_files(result, stage, lang), "solve")
    return [out_dir / name for name in names]
