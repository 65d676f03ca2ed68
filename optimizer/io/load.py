"""Read the input tables from a folder of CSV files or one Excel workbook.

Loading only reads: every cell comes back as a stripped string, with the row number the
user sees in their editor in the `_row` column, and every header the schema knows (its
id, Chinese header or an alias) renamed to the column id. Typing and checking is
`validate`'s job. What cannot be read as cells at all is reported here: a file in an
unknown encoding, a row with more values than the header (an unquoted `25,000`), an
Excel error value or a formula without a saved value. Files are opened through
`optimizer.io.files` (regular files only, bounded sizes, workbooks checked before openpyxl
opens them); a hidden worksheet is ignored with a warning.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from optimizer.errors import InputError, Issue
from optimizer.io.files import MAX_CELLS, path_problem, read_input, read_workbook, shown
from optimizer.io.schema import (
    GUIDE_SHEET,
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
HIDDEN = ("hidden", "veryHidden")


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


class Tables(dict[str, RawTable]):
    """The tables read, by name, with what reading them warns about (hidden sheets
    ignored) and which tables only a hidden sheet holds (table -> sheet title)."""

    def __init__(
        self,
        tables: dict[str, RawTable],
        warnings: list[str] | None = None,
        hidden: dict[str, str] | None = None,
    ) -> None:
        super().__init__(tables)
        self.warnings = warnings or []
        self.hidden = hidden or {}


class CellBudget:
    """Cells read from one file (blank ones too): at most MAX_CELLS, so a sheet of a
    million padded rows is refused instead of read for hours."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.left = MAX_CELLS

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise InputError(
                [Issue(self.label, f"holds more than {MAX_CELLS:,} cells, the limit for input")]
            )


@dataclass
class _Grid:
    """Cells as read, before headers are matched: header cells and numbered rows."""

    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    letters: bool  # a worksheet: name columns by letter


def load_tables(source: Path, schema: tuple[Table, ...] = TABLES) -> Tables:
    """Read every table of `schema` (the input tables, or the actuals of a re-plan) from a
    CSV folder or an Excel workbook."""
    issues: list[Issue] = []
    if _is_folder(source):
        tables = Tables({t.name: _read_csv(source / t.filename, t, issues) for t in schema})
    elif source.suffix.lower() in EXCEL_SUFFIXES:
        tables = _read_workbook(source, schema, issues)
    elif source.suffix.lower() == ".xls":
        raise InputError([Issue(str(source), "an old .xls workbook: save it as .xlsx in Excel")])
    else:
        raise InputError([Issue(str(source), "data set must be a folder of CSV files or .xlsx")])
    if issues:
        raise InputError(issues)
    missing = [
        Issue(tables[t.name].label, f"required table is missing{_sheet_hint(source, t, tables)}")
        for t in schema
        if t.required and not tables[t.name].present
    ]
    if missing:
        raise InputError(missing)
    return tables


def _is_folder(source: Path) -> bool:
    """Whether the data set is a folder; one line if it is not there or cannot be read."""
    try:
        return stat.S_ISDIR(source.stat().st_mode)
    except FileNotFoundError:
        problem = "data set not found (expected a folder or .xlsx)"
    except (OSError, ValueError) as exc:
        problem = f"data set cannot be read: {path_problem(exc)}"
    raise InputError([Issue(shown(source), problem)])


def load_scenario_sheet(book: Path) -> RawTable:
    """The optional scenario sheet of an input workbook (key / item / value / note rows)."""
    issues: list[Issue] = []
    sheet = _read_workbook(book, (SCENARIO_TABLE,), issues)[SCENARIO_TABLE.name]
    if issues:
        raise InputError(issues)
    return sheet


def _sheet_hint(source: Path, table: Table, tables: Tables) -> str:
    """For a workbook: the hidden sheet, or the sheet name that looks like a misspelling,
    that holds the table."""
    if table.name in tables.hidden:
        return f" (sheet '{tables.hidden[table.name]}' is hidden: unhide it in Excel to use it)"
    if _is_folder(source):
        return ""
    known = {normalise(n): n for n in _sheet_titles(read_workbook(source))}
    aliases = {a for a, t in sheet_aliases().items() if t == table.name}
    candidates = {k: v for k, v in known.items() if k not in sheet_aliases()}
    for alias in aliases:
        guess = near_miss(alias, candidates)
        if guess:
            return f" (is sheet '{guess}' meant to be '{table.name}'?)"
    return ""


def _sheet_titles(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
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
        if name in headers and name in aliases.values():
            first = headers[name]
            why = "appears twice" if first == written else f"is the same column as '{first}'"
            issues.append(Issue(grid.label, f"{why}: keep one of them", 1, written))
        if name in headers:
            name = f"_twice{i}"  # a second copy: dropped (a known column's is refused above)
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
        if name.startswith("_twice"):
            columns.pop(name)
            headers.pop(name)
        elif name.startswith("_blank"):
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
    try:
        text = _decode(read_input(path), str(path))
    except FileNotFoundError:
        return _empty(table, str(path), present=False)
    except InputError as exc:
        issues.extend(exc.issues)
        return _empty(table, str(path), present=True)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    start = 1
    budget = CellBudget(str(path))
    try:
        for record in reader:
            budget.take(len(record))
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
    except InputError as exc:
        issues.extend(exc.issues)
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


def _read_workbook(path: Path, tables: Iterable[Table], issues: list[Issue]) -> Tables:
    data = read_workbook(path)
    wanted = {t.name: t for t in tables}
    budget = CellBudget(str(path))
    try:
        formulas = _formula_cells(data, set(wanted), path) if _has_formulas(data) else set()
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            found = _read_sheets(book, path, wanted, formulas, issues, budget)
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            [Issue(str(path), f"cannot be read as an .xlsx workbook ({first}); save it in Excel")]
        ) from exc
    return Tables(
        {
            name: found.get(name) or _empty(table, f"{path}[{table.name}]", present=False)
            for name, table in wanted.items()
        },
        found.warnings,
        found.hidden,
    )


def _read_sheets(
    book: Any,
    path: Path,
    wanted: dict[str, Table],
    formulas: set[tuple[str, int, int]],
    issues: list[Issue],
    budget: CellBudget,
) -> Tables:
    """The visible sheets of the tables `wanted`; a hidden sheet named like a table (or
    the scenario sheet) is ignored with a warning."""
    aliases = sheet_aliases()
    found = Tables({})
    titles: dict[str, str] = {}
    for ws in book.worksheets:
        name = aliases.get(normalise(ws.title))
        if ws.sheet_state in HIDDEN and name is not None and name != GUIDE_SHEET:
            found.warnings.append(
                f"{path}[{ws.title}]: hidden sheet ignored (unhide it in Excel to use it)"
            )
            found.hidden.setdefault(name, ws.title)
            continue
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
        grid = _sheet_grid(ws, label, formulas, issues, budget)
        found[name] = _to_table(grid, wanted[name], issues)
    return found


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula (read from the zip in chunks: cheaper than a
    load, and memory stays bounded)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _holds_formula(archive, n)
            for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )


def _holds_formula(archive: zipfile.ZipFile, name: str) -> bool:
    tail = b""
    with archive.open(name) as stream:
        for chunk in iter(lambda: stream.read(2**20), b""):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _formula_cells(data: bytes, tables: set[str], path: Path) -> set[tuple[str, int, int]]:
    """(sheet, row, column) of every formula cell of the sheets of `tables`: with its saved
    value missing, the data-only read sees an empty cell."""
    budget = CellBudget(str(path))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    aliases = sheet_aliases()
    found: set[tuple[str, int, int]] = set()
    try:
        for ws in book.worksheets:
            if aliases.get(normalise(ws.title)) not in tables or ws.sheet_state in HIDDEN:
                continue
            ws.reset_dimensions()
            for r, row in _counted_rows(ws, budget):
                found |= {
                    (ws.title, r, c) for c, cell in enumerate(row, 1) if cell.data_type == "f"
                }
    finally:
        book.close()
    return found


def _counted_rows(ws: Any, budget: CellBudget) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's rows, numbered from 1, each taken from the workbook's cell budget."""
    for r, row in enumerate(ws.iter_rows(), start=1):
        budget.take(max(len(row), 1))
        yield r, row


def _sheet_grid(
    ws: Any,
    label: str,
    formulas: set[tuple[str, int, int]],
    issues: list[Issue],
    budget: CellBudget,
) -> _Grid:
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    for r, row in _counted_rows(ws, budget):
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
