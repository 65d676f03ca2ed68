"""Writing outputs: whole folders swapped in by renames, single files replaced atomically,
CSV that Excel opens with Chinese intact, formatted workbooks, and no cell a spreadsheet
would run as a formula.

A result folder is built in a stage beside its target (`OutputFolder`) and swapped in by
renaming folders, so the target always holds one complete run: the previous one until the
swap, the new one after it; only an empty folder or a result folder this tool wrote (its
manifest lists every file with its sha256, see `folders`) is ever replaced. Every
destination is checked before any long work starts.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from optimizer.errors import InputError, Issue
from optimizer.io.folders import MANIFEST, foreign_entries, register_added, result_folder_of, seal

T = TypeVar("T")

# OWASP CSV injection: a cell starting with one of these is run as a formula by Excel,
# LibreOffice or WPS; a leading apostrophe makes it text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters the xlsx format cannot hold (XML 1.0 forbids them); openpyxl raises on them.
ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_CELL_LIMIT = 32_767


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is
    returned unchanged (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised."""
    out = frame.rename(columns=lambda c: neutralise(c) if isinstance(c, str) else c)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise)
    return out


def plain_number(value: object, digits: int = 4) -> str:
    """A number for people: thousands separators, `digits` significant digits below 10^digits,
    never scientific notation; missing and non-finite values are '–'."""
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    x = float(value)  # type: ignore[arg-type]
    if not math.isfinite(x):
        return "–"
    if x == 0 or abs(x) >= 10 ** (digits - 1):
        return f"{x:,.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(x)))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display_width(text: str) -> int:
    """Terminal / spreadsheet columns a text takes (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- files ------------------------------------------------------------------------------


def save_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark (Excel then reads Chinese names correctly); text cells
    neutralised against formula injection."""
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8-sig")


@dataclass
class Table:
    """One table of a sheet: the frame, shown headers, number formats and marks."""

    frame: pd.DataFrame
    headers: Sequence[str] | None = None  # shown instead of the column ids
    formats: Mapping[str, str] = field(default_factory=dict)  # column id -> number format
    row_marks: Sequence[str | None] | None = None  # per row: "good" | "bad" | "muted" | None
    cell_marks: Mapping[str, Sequence[str | None]] = field(default_factory=dict)
    cell_formats: Mapping[str, Sequence[str | None]] = field(default_factory=dict)  # per row
    title: str | None = None  # a bold line above the table


@dataclass
class Sheet:
    """A worksheet: its first table gets the frozen header and the autofilter; further
    tables follow below it, each after a blank line and its title."""

    tables: list[Table]
    freeze_columns: int = 0  # leading columns kept in view when scrolling right


FILLS = {
    "good": PatternFill("solid", fgColor="E2EFDA"),
    "bad": PatternFill("solid", fgColor="FADBD8"),
}
MUTED = Font(color="7F7F7F")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH, HEADER_WRAP_WIDTH = 60, 16
PERCENT_SUFFIXES = ("share", "utilisation", "attainment")


def default_format(column: str, series: pd.Series) -> str | None:
    """Number format by column id: 万元 '#,##0', shares '0.0%', years and ranks plain."""
    kind = series.dtype.kind
    if kind not in "iuf" and not (kind == "O" and _numeric_objects(series)):
        return None
    name = column.lower()
    if name in ("rank", "point", "year") or name.endswith("_year"):
        return "0"
    if name.startswith(("attain", "share")) or name.endswith(PERCENT_SUFFIXES):
        return "0.0%"
    if name.endswith("_wan") or kind in "iu":
        return "#,##0"
    return "#,##0.00##"


def _numeric_objects(series: pd.Series) -> bool:
    values = series.dropna()
    return len(values) > 0 and all(
        isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in values
    )


def cell_value(value: object) -> object:
    """What a workbook cell holds: numbers as numbers, missing and non-finite as empty,
    text neutralised and cut to what Excel stores."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        text = ILLEGAL_XLSX.sub("\ufffd", value)[:EXCEL_CELL_LIMIT]
        return neutralise(text)
    return value


def _text_width(value: object, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        if fmt == "0.0%":
            return len(f"{value:.1%}")
        return len(plain_number(value, 6)) + 1
    return max(display_width(line) for line in str(value).split("\n"))


def _widths(sheet: Sheet) -> list[float]:
    """Fitted widths: the longest value (CJK counted double), the header up to a wrap width."""
    n = max(len(t.frame.columns) for t in sheet.tables)
    widths = [6.0] * n
    for table in sheet.tables:
        headers = _headers(table)
        for j, col in enumerate(table.frame.columns):
            fmt = _format(table, col)
            longest = max(
                (_text_width(cell_value(v), fmt) for v in table.frame[col].head(2000)), default=0
            )
            head = min(display_width(headers[j]), max(HEADER_WRAP_WIDTH, longest))
            widths[j] = max(widths[j], min(max(longest, head) + 2, MAX_WIDTH))
    return widths


def _headers(table: Table) -> list[str]:
    return list(table.headers) if table.headers is not None else [str(c) for c in table.frame]


def _format(table: Table, col: str) -> str | None:
    return table.formats.get(col) or default_format(str(col), table.frame[col])


class _Styles:
    """One named style per (number format, mark, wrap): assigning a registered style by name
    is much faster than setting fill, font and format cell by cell."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.known: set[str] = set()

    def name(self, fmt: str | None, mark: str | None, wrap: bool) -> str | None:
        if fmt is None and mark is None and not wrap:
            return None
        name = f"urbopt {fmt or 'General'} {mark or ''}{' wrap' if wrap else ''}".strip()
        if name not in self.known:
            style = NamedStyle(name=name, number_format=fmt or "General")
            if mark in FILLS:
                style.fill = FILLS[mark]
            elif mark == "muted":
                style.font = MUTED
            if wrap:
                style.alignment = WRAP
            self.wb.add_named_style(style)
            self.known.add(name)
        return name

    def cell(
        self, ws: object, value: object, fmt: str | None, mark: str | None, wrap: bool
    ) -> object:
        if not isinstance(value, int | float) or isinstance(value, bool):
            fmt = None
        name = self.name(fmt, mark, wrap)
        if name is None and value not in ERROR_CODES:
            return value  # plain: neutralised text never starts a formula
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # '#N/A' as a name is text, not an Excel error
        if name is not None:
            cell.style = name
        return cell


def _write_table(ws: object, table: Table, widths: list[float], styles: _Styles) -> None:
    """Append the table's title, header and rows."""
    if table.title:
        title = WriteOnlyCell(ws, value=cell_value(table.title))
        title.font = Font(bold=True, size=12)
        ws.append([title])  # type: ignore[attr-defined]
    header = []
    for text in _headers(table):
        cell = WriteOnlyCell(ws, value=cell_value(text))
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        header.append(cell)
    ws.append(header)  # type: ignore[attr-defined]
    columns = list(table.frame.columns)
    formats = [_format(table, c) for c in columns]
    marks = [table.cell_marks.get(c) for c in columns]
    per_row = [table.cell_formats.get(c) for c in columns]
    for i, row in enumerate(table.frame.itertuples(index=False, name=None)):
        row_mark = table.row_marks[i] if table.row_marks is not None else None
        cells = []
        for j, raw in enumerate(row):
            value = cell_value(raw)
            mark = marks[j][i] if marks[j] is not None else row_mark
            fmt = per_row[j][i] if per_row[j] is not None else formats[j]
            wrap = isinstance(value, str) and display_width(value) > widths[j]
            cells.append(styles.cell(ws, value, fmt, mark, wrap))
        ws.append(cells)  # type: ignore[attr-defined]


def save_workbook(path: Path, sheets: Mapping[str, pd.DataFrame | Sheet]) -> None:
    """One .xlsx, a sheet per entry (names cut to Excel's 31 characters): frozen header,
    autofilter, fitted widths, number formats; text cells never formulas."""
    wb = Workbook(write_only=True)
    try:
        _fill_workbook(wb, sheets)
        wb.save(path)
    except BaseException:
        _drop_quietly(wb)
        raise


@contextlib.contextmanager
def _unraisable_silenced() -> Iterator[None]:
    """No 'Exception ignored' tracebacks while the block finalises what a failed write left
    open (their errors are the failed write's, already reported)."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _drop_quietly(wb: Workbook) -> None:
    """A failed write-only save leaves sheet writers (generators) open; finalise them now."""
    with _unraisable_silenced():
        for ws in wb.worksheets:
            ws.__dict__.clear()
        wb.__dict__.clear()


def release_failed_write(exc: BaseException) -> None:
    """Free what a failed write left open, quietly: an unclosed zip archive (a workbook
    whose save hit a full disk) would complain when its __del__ flushes. Clears the frames
    of `exc` and of the errors it was raised from."""
    with _unraisable_silenced():
        seen: set[int] = set()
        error: BaseException | None = exc
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            if error.__traceback__ is not None:
                traceback.clear_frames(error.__traceback__)
            error = error.__cause__ or error.__context__


def _fill_workbook(wb: Workbook, sheets: Mapping[str, pd.DataFrame | Sheet]) -> None:
    styles = _Styles(wb)
    for name, content in sheets.items():
        sheet = content if isinstance(content, Sheet) else Sheet([Table(content)])
        ws = wb.create_sheet(_sheet_name(name))
        widths = _widths(sheet)
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        first = sheet.tables[0]
        header_row = 2 if first.title else 1
        ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{header_row + 1}"
        last_col = get_column_letter(max(len(first.frame.columns), 1))
        ws.auto_filter.ref = f"A{header_row}:{last_col}{header_row + len(first.frame)}"
        for k, table in enumerate(sheet.tables):
            if k:
                ws.append([])
            _write_table(ws, table, widths, styles)


def _sheet_name(name: str) -> str:
    """Excel forbids []:*?/\\ in sheet names and allows 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31]


# --- destinations -------------------------------------------------------------------------


def cannot_write(path: Path, exc: OSError) -> InputError:
    """An OS error while writing `path` as one input-style line (exit 2)."""
    reason = exc.strerror or str(exc)
    return InputError([Issue(str(path), f"cannot write here: {reason}")])


@contextlib.contextmanager
def _os_errors_named(path: Path) -> Iterator[None]:
    """OS errors of a path check (a name too long, a link loop) as one line naming it."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(path, exc) from None
    except (RuntimeError, ValueError) as exc:  # a symlink loop (Python 3.11), a NUL byte
        raise InputError([Issue(str(path), f"cannot write here: {exc}")]) from None


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _probe(folder: Path, target: Path) -> None:
    """Prove `folder` takes new entries by making (and removing) an empty folder in it."""
    if not folder.is_dir():
        raise InputError([Issue(str(target), f"{folder} is not a folder")])
    try:
        Path(tempfile.mkdtemp(prefix=".urbopt-probe-", dir=folder)).rmdir()
    except OSError as exc:
        raise cannot_write(target, exc) from None


def check_file_destination(path: Path, *, parent_must_exist: bool = False) -> None:
    """Fail now, not after a long solve, if `path` cannot be written as a file, or is a
    file of a result folder (its summary, tables, manifest), which no output replaces."""
    with _os_errors_named(path):
        if path.is_dir():
            raise InputError([Issue(str(path), "is a folder; give a file name")])
        parent = path.absolute().parent
        parent.resolve()  # a link loop on the way is named now
        if parent_must_exist and not parent.is_dir():
            what = (
                f"{parent} is not a folder"
                if parent.exists()
                else f"folder {parent} does not exist"
            )
            raise InputError([Issue(str(path), what)])
        manifest = result_folder_of(path)
        if manifest is not None and (path.name == MANIFEST or path.name in manifest["files"]):
            raise InputError(
                [
                    Issue(
                        str(path),
                        f"is a file of the result in {parent}: give another name",
                    )
                ]
            )
        _probe(_nearest_existing(parent), path)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolved(paths: Sequence[Path]) -> Iterator[Path]:
    """The paths that resolve; one that does not (a link loop, a NUL byte) is its reader's
    to name, not the destination's."""
    for path in paths:
        try:
            yield path.resolve()
        except (OSError, RuntimeError, ValueError):
            continue


def check_folder_destination(target: Path, sources: Sequence[Path] = ()) -> None:
    """Fail now if `target` cannot be replaced by a result folder: a file, the current
    folder, a folder holding a source of the run (a result read, the data), a folder with
    anything this tool did not write (replacing it would delete it), an unwritable place."""
    with _os_errors_named(target):
        if target.exists() and not target.is_dir():
            raise InputError([Issue(str(target), "exists and is not a folder")])
        resolved = target.resolve()
        if _within(Path.cwd().resolve(), resolved):
            raise InputError([Issue(str(target), "is the current folder or contains it")])
        for source in _resolved(sources):
            if _within(source, resolved):
                what = f"is or holds {source}, which this run reads: give another folder"
                raise InputError([Issue(str(target), what)])
        if target.is_dir():
            foreign = foreign_entries(target)
            if foreign:
                shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
                raise InputError(
                    [
                        Issue(
                            str(target),
                            f"holds files urbopt did not write or that changed since ({shown}): "
                            "the folder is replaced as a whole, so give a new or empty one",
                        )
                    ]
                )
        _probe(_nearest_existing(resolved.parent), target)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """While the block runs (the renames of a swap), a Ctrl-C or SIGTERM is recorded, not
    acted on; after it the handlers in place come back and get it. Python runs signal
    handlers in the main thread whichever thread the signal reached, so this holds where
    masking one thread's signals would not (HiGHS and progress bars run threads)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda sig, _: arrived.append(sig)) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in arrived:
            signal.raise_signal(sig)  # to the handler that was in place


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clear_stale(parent: Path, name: str) -> None:
    """Stages and swapped-out folders of `name` left by processes that died (killed with no
    chance to clean up): an old folder is restored if the target is missing, else removed."""
    for entry in parent.iterdir():
        for kind in ("partial", "old"):
            prefix = f".{name}.{kind}-"
            if not entry.name.startswith(prefix):
                continue
            pid = entry.name[len(prefix) :].split("-")[0]
            if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
                continue
            target = parent / name
            if kind == "old" and not target.exists():
                entry.rename(target)
            else:
                shutil.rmtree(entry, ignore_errors=True)


class OutputFolder:
    """A result folder built in a stage beside `target` and swapped in whole.

    Created before the long work (it checks the destination and makes the stage), filled
    with `fill` (long runs may write into `path` as they go), then `commit` lists every
    file with its sha256 in the manifest, renames the old folder aside, the stage into
    place and removes the old one. Leaving the `with` block without a commit (an error,
    Ctrl-C) removes the stage: the previous result is untouched. `sources` are what the
    run reads (a result folder, its data): the target may not hold them.
    """

    def __init__(self, target: Path, kind: str = "result", sources: Sequence[Path] = ()) -> None:
        check_folder_destination(target, sources)
        self.target = target
        self.kind = kind
        self._final = target.resolve()
        parent = self._final.parent
        self._made = _nearest_existing(parent)  # folders above it are ours to remove
        try:
            parent.mkdir(parents=True, exist_ok=True)
            _clear_stale(parent, self._final.name)
            # mkdir (not mkdtemp, which makes it 0700): the result keeps the usual mode
            self.path = parent / f".{self._final.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
            self.path.mkdir()
        except OSError as exc:
            self._remove_made_parents()
            raise cannot_write(target, exc) from None
        self.committed = False

    def fill(self, write: Callable[[Path], T]) -> T:
        """`write(stage)` writes the files; an OS error (disk full…) becomes one line, and
        errors name the target, never the stage."""
        try:
            return write(self.path)
        except OSError as exc:
            raise cannot_write(self.target, exc) from None
        except InputError as exc:
            raise self.named(exc) from None

    def named(self, exc: InputError) -> InputError:
        """`exc` with the stage's path replaced by the target's in every issue."""
        stage, target = str(self.path), str(self.target)
        return InputError([replace(i, file=i.file.replace(stage, target)) for i in exc.issues])

    def commit(self, **record: object) -> Path:
        """Seal the stage (`record` added to its manifest) and swap it in for the target.
        Until the swap a Ctrl-C is handled as it comes (a second one aborts: the stage is
        dropped, the target stays as it was); during the swap it waits for its end."""
        self.fill(lambda stage: seal(stage, self.kind, record))
        with _signals_deferred():
            self._swap()
        return self.target

    def _swap(self) -> None:
        parent = self._final.parent
        old = parent / f".{self._final.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
        moved = False
        try:
            if self._final.exists() or self._final.is_symlink():
                self._final.rename(old)
                moved = True
            self.path.rename(self._final)
        except OSError as exc:
            if moved:
                old.rename(self._final)
            self.discard()
            raise cannot_write(self.target, exc) from None
        self.committed = True
        if moved:  # still with signals deferred: no old folder is left behind
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the stage (and folders made for it); the target is left as it was."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._remove_made_parents()

    def _remove_made_parents(self) -> None:
        folder = self._final.parent
        while folder != self._made and folder != folder.parent:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: never another run's files
            folder = folder.parent

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self.discard()


def write_folder(target: Path, write: Callable[[Path], T], kind: str = "result") -> T:
    """Build a whole result folder with `write(stage)` and swap it in for `target`."""
    with OutputFolder(target, kind) as folder:
        value = folder.fill(write)
        folder.commit()
    return value


def write_file_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """`write(tmp)` writes a file beside `path`, which is then renamed over `path`; written
    into a result folder, it is listed in the folder's manifest as added."""
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}{path.suffix}")
    try:
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        tmp.replace(path)
        register_added(path)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(out_dir: Path, write_all: Callable[[Path], list[str]]) -> list[Path]:
    """`write_all(tmp)` writes files into `tmp` and returns their names; each is then
    renamed into `out_dir` (for folders that collect files as a long run goes on: a Pareto
    front, a sweep). If writing fails, nothing in `out_dir` changes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    try:
        names = write_all(tmp)
        for name in names:
            (tmp / name).replace(out_dir / name)
        return [out_dir / name for name in names]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_csv_atomically(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    """Replace one CSV in `out_dir` (for tables rewritten while a long run goes on)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_file_atomically(out_dir / name, lambda tmp: save_csv(frame, tmp))


def write_workbook_atomically(path: Path, sheets: Mapping[str, pd.DataFrame | Sheet]) -> None:
    """Replace one workbook (a sheet per entry), all or nothing."""
    write_file_atomically(path, lambda tmp: save_workbook(tmp, sheets))
