"""Read the input tables from a folder of CSV files or one Excel workbook.

Loading only reads: every cell comes back as a stripped string, with the row number the
user sees in their editor in the `_row` column. Typing and checking is `validate`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimizer.errors import InputError, Issue
from optimizer.io.schema import TABLES, TABLES_BY_NAME

ROW = "_row"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class RawTable:
    """One table as read: string cells, `_row` = line/row number in the file."""

    name: str
    label: str
    frame: pd.DataFrame
    present: bool


def load_tables(source: Path) -> dict[str, RawTable]:
    """Read every table of the schema from a CSV folder or an Excel workbook."""
    if not source.exists():
        raise InputError([Issue(str(source), "data set not found (expected a folder or .xlsx)")])
    if source.is_dir():
        tables = {t.name: _read_csv(source / t.filename, t.name) for t in TABLES}
    elif source.suffix.lower() in EXCEL_SUFFIXES:
        tables = _read_workbook(source)
    else:
        raise InputError([Issue(str(source), "data set must be a folder of CSV files or .xlsx")])
    missing = [
        Issue(tables[t.name].label, "required table is missing")
        for t in TABLES
        if t.required and not tables[t.name].present
    ]
    if missing:
        raise InputError(missing)
    return tables


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.fillna("").astype(str)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip())
    frame[ROW] = range(2, len(frame) + 2)  # header is row 1
    return frame[(frame.drop(columns=ROW) != "").any(axis=1)].reset_index(drop=True)


def _empty(name: str, label: str) -> RawTable:
    return RawTable(name, label, pd.DataFrame({ROW: pd.Series(dtype=int)}), present=False)


def _read_csv(path: Path, name: str) -> RawTable:
    if not path.exists():
        return _empty(name, str(path))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:  # a 0-byte file: the table has no rows
        columns = TABLES_BY_NAME[name].column_names
        return RawTable(name, str(path), _tidy(pd.DataFrame(columns=columns)), present=True)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Issue(str(path), f"cannot be read as UTF-8 CSV: {first_line}")]) from exc
    return RawTable(name, str(path), _tidy(frame), present=True)


def _read_workbook(path: Path) -> dict[str, RawTable]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise InputError([Issue(str(path), f"cannot be read as a workbook: {exc}")]) from exc
    tables: dict[str, RawTable] = {}
    for table in TABLES:
        label = f"{path}[{table.name}]"
        if table.name in sheets:
            tables[table.name] = RawTable(table.name, label, _tidy(sheets[table.name]), True)
        else:
            tables[table.name] = _empty(table.name, label)
    return tables
