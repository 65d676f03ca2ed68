"""Read the input tables from a folder of CSV files or one Excel workbook.

Loading only reads: every cell comes back as a stripped string, with the row number the
user sees in their editor in the `_row` column, and every header the schema knows (its
id, Chinese header or an alias) renamed to the column id. Typing and checking is
`validate`'s job. What cannot be read as cells at all is reported here: a file in an
unknown encoding, a row with more values than the header (an unquoted `25,000`), an
Excel error value or a formula without a saved value.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from optimizer.errors import InputError, Issue
from optimizer.io.schema import (
    SCENARIO_TABLE,
    TABLES,
    Table,
    column_aliases,
    near_miss,
    normalise,
    sheet_aliases,
)

ROW = "_row"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SAVE_AS_UTF8 = "in Excel: 另存为 (Save As) → 'CSV UTF-8 (逗号分隔)'"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


@dataclass(frozen=True, slots=True)
class RawTable:
    """One table as read: string cells, `_row` = line/row number in the file.

    `headers` maps each column of `frame` to its header as written (for messages)."""

    name: str
    label: str
    frame: pd.DataFrame
    present: bool
    headers: dict[str, str] = field(default_factory=dict)

    def shown(self, column: str) -> str:
        """How the user wrote the header of `column`."""
        return self.headers.get(column, column)


@dataclass
class _Grid:
    """Cells as read, before headers are matched: header cells and numbered rows."""

    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    letters: bool  # a worksheet: name columns by letter


def load_tables(source: Path, schema: tuple[Table, ...] = TABLES) -> dict[str, RawTable]:
    """Read every table of `schema` (the input tables, or the actuals of a re-plan) from a
    CSV folder or an Excel workbook."""
    if not source.exists():
        raise InputError([Issue(str(source), "data set not found (expected a folder or .xlsx)")])
    issues: list[Issue] = []
    if source.is_dir():
        tables = {t.name: _read_csv(source / t.filename, t, issues) for t in schema}
    elif source.suffix.lower() in EXCEL_SUFFIXES:
        tables = _read_workbook(source, schema, issues)
    elif source.suffix.lower() == ".xls":
        raise InputError([Issue(str(source), "an old .xls workbook: save it as .xlsx in Excel")])
    else:
        raise InputError([Issue(str(source), "data set must be a folder of CSV files or .xlsx")])
    if issues:
        raise InputError(issues)
    missing = [
        Issue(tables[t.name].label, f"required table is missing{_sheet_hint(source, t)}")
        for t in schema
        if t.required and not tables[t.name].present
    ]
    if missing:
        raise InputError(missing)
    return tables


def load_scenario_sheet(book: Path) -> RawTable:
    """The optional scenario sheet of an input workbook (key / item / value / note rows)."""
    issues: list[Issue] = []
    sheet = _read_workbook(book, (SCENARIO_TABLE,), issues)[SCENARIO_TABLE.name]
    if issues:
        raise InputError(issues)
    return sheet


def _sheet_hint(source: Path, table: Table) -> str:
    """For a workbook: the sheet name that looks like a misspelling of the table's."""
    if source.is_dir():
        return ""
    known = {normalise(n): n for n in _sheet_titles(source)}
    aliases = {a for a, t in sheet_aliases().items() if t == table.name}
    candidates = {k: v for k, v in known.items() if k not in sheet_aliases()}
    for alias in aliases:
        guess = near_miss(alias, candidates)
        if guess:
            return f" (is sheet '{guess}' meant to be '{table.name}'?)"
    return ""


def _sheet_titles(book: Path) -> list[str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _empty(table: Table, label: str, present: bool) -> RawTable:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in table.column_names})
    frame[ROW] = pd.Series(dtype=int)
    return RawTable(table.name, label, frame, present=present)


def _to_table(grid: _Grid, table: Table, issues: list[Issue]) -> RawTable:
    """Match headers to column ids, keep non-blank rows, report values without a header."""
    if not any(grid.header) and not grid.rows:
        return _empty(table, grid.label, present=True)  # an empty file: no rows
    aliases = column_aliases(table)
    width = len(grid.header)
    while width and not grid.header[width - 1]:
        width -= 1
    names: list[str] = []
    headers: dict[str, str] = {}
    for i, written in enumerate(grid.header[:width]):
        name = aliases.get(normalise(written), written) if written else f"_blank{i}"
        if name in headers:
            first = headers[name]
            issues.append(
                Issue(grid.label, f"columns '{first}' and '{written}' are the same column", 1)
            )
        headers[name] = written
        names.append(name)
    columns: dict[str, list[str]] = {n: [] for n in names}
    numbers: list[int] = []
    for number, cells in grid.rows:
        if not any(cells):
            continue
        # a CSV row longer than its header has a comma too many, blank or not (Excel
        # writes every row as wide as the header); a worksheet row may carry blank cells
        beyond = cells[len(grid.header) :] if not grid.letters else cells[width:]
        if beyond and (not grid.letters or any(beyond)):
            issues.append(_overflow(grid, number, len(cells), width))
            continue
        numbers.append(number)
        for i, name in enumerate(names):
            columns[name].append(cells[i] if i < len(cells) else "")
    for i, name in enumerate(names):
        if name.startswith("_blank"):
            values = columns.pop(name)
            headers.pop(name)
            first = next((n for n, v in zip(numbers, values, strict=True) if v), None)
            if first is not None:
                where = get_column_letter(i + 1) if grid.letters else f"number {i + 1}"
                issues.append(Issue(grid.label, f"column {where} has values but no header", first))
    frame = pd.DataFrame(columns, dtype=object)
    frame[ROW] = numbers
    return RawTable(table.name, grid.label, frame, present=True, headers=headers)


def _overflow(grid: _Grid, number: int, count: int, width: int) -> Issue:
    if grid.letters:
        return Issue(grid.label, f"values right of the last header column ({width})", number)
    return Issue(
        grid.label,
        f"{count} values but the header has {width} columns: an unquoted comma, e.g. a "
        'thousands separator? Write 25000 or "25,000" (in quotes)',
        number,
    )


# --- CSV ---------------------------------------------------------------------------------


def _read_csv(path: Path, table: Table, issues: list[Issue]) -> RawTable:
    if not path.exists():
        return _empty(table, str(path), present=False)
    try:
        text = _decode(path.read_bytes(), str(path))
    except InputError as exc:
        issues.extend(exc.issues)
        return _empty(table, str(path), present=True)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            cells = [c.strip() for c in record]
            if not header and not rows and not any(cells):
                start = reader.line_num + 1
                continue  # blank lines above the header
            if not header and not rows:
                header = cells
            else:
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        issues.append(Issue(str(path), f"cannot be read as CSV: {exc}", reader.line_num))
        return _empty(table, str(path), present=True)
    if header:
        header[0] = header[0].lstrip("\ufeff")
    return _to_table(_Grid(str(path), header, rows, letters=False), table, issues)


def _decode(data: bytes, label: str) -> str:
    """Text of a CSV file as Excel saves it: UTF-8 (with or without BOM), UTF-16 (BOM),
    else GB18030 (a superset of GBK, what Excel writes on a Chinese Windows)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError([_undecodable(data, exc, label, codec.upper())]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            [_undecodable(data, first_error, label, "UTF-8, GB18030/GBK or UTF-16")]
        ) from None


def _undecodable(data: bytes, exc: UnicodeDecodeError, label: str, tried: str) -> Issue:
    line = data.count(b"\n", 0, exc.start) + 1
    byte = data[exc.start : exc.start + 1].hex()
    return Issue(
        label, f"cannot be decoded as {tried} (byte 0x{byte}); save it {SAVE_AS_UTF8}", line
    )


# --- Excel -------------------------------------------------------------------------------


def _read_workbook(path: Path, tables: Iterable[Table], issues: list[Issue]) -> dict[str, RawTable]:
    wanted = {t.name: t for t in tables}
    aliases = sheet_aliases()
    try:
        formulas = _formula_cells(path, set(wanted)) if _has_formulas(path) else set()
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            [Issue(str(path), f"cannot be read as an .xlsx workbook ({first}); save it in Excel")]
        ) from exc
    found: dict[str, RawTable] = {}
    titles: dict[str, str] = {}
    try:
        for ws in book.worksheets:
            name = aliases.get(normalise(ws.title))
            if name not in wanted:
                continue
            label = f"{path}[{ws.title}]"
            if name in titles:
                issues.append(
                    Issue(label, f"sheets '{titles[name]}' and '{ws.title}' are the same table")
                )
                continue
            titles[name] = ws.title
            ws.reset_dimensions()
            grid = _sheet_grid(ws, label, formulas, issues)
            found[name] = _to_table(grid, wanted[name], issues)
    finally:
        book.close()
    return {
        name: found.get(name) or _empty(table, f"{path}[{table.name}]", present=False)
        for name, table in wanted.items()
    }


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet holds a formula (read from the zip: cheaper than a load)."""
    with zipfile.ZipFile(path) as archive:
        return any(
            _FORMULA.search(archive.read(n))
            for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )


def _formula_cells(path: Path, tables: set[str]) -> set[tuple[str, int, int]]:
    """(sheet, row, column) of every formula cell of the sheets of `tables`: with its saved
    value missing, the data-only read sees an empty cell."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    aliases = sheet_aliases()
    found: set[tuple[str, int, int]] = set()
    try:
        for ws in book.worksheets:
            if aliases.get(normalise(ws.title)) not in tables:
                continue
            ws.reset_dimensions()
            for r, row in enumerate(ws.iter_rows(), start=1):
                found |= {
                    (ws.title, r, c) for c, cell in enumerate(row, 1) if cell.data_type == "f"
                }
    finally:
        book.close()
    return found


def _sheet_grid(
    ws: Any, label: str, formulas: set[tuple[str, int, int]], issues: list[Issue]
) -> _Grid:
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    for r, row in enumerate(ws.iter_rows(), start=1):
        cells = [
            _cell_text(cell, (ws.title, r, c), formulas, header, label, issues)
            for c, cell in enumerate(row, start=1)
        ]
        if header is None:
            if any(cells):
                header = cells
            continue
        rows.append((r, cells))
    return _Grid(label, header or [], rows, letters=True)


def _cell_text(
    cell: Any,
    where: tuple[str, int, int],
    formulas: set[tuple[str, int, int]],
    header: list[str] | None,
    label: str,
    issues: list[Issue],
) -> str:
    """A worksheet cell as the text a CSV would hold; error values and formulas without a
    saved value are reported and read as blank."""
    value = cell.value
    _, row, col = where
    if cell.data_type == "e":
        problem = f"Excel error value {value}: fix the formula or type the value"
    elif value is None and where in formulas:
        problem = (
            "a formula without a saved value (the file was not saved by Excel): "
            "open and save it in Excel, or paste values"
        )
    else:
        return _as_text(value)
    column = header[col - 1] if header and col <= len(header) and header[col - 1] else None
    issues.append(Issue(label, problem, row, column or get_column_letter(col)))
    return ""


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()
