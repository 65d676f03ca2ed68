"""Generated hostile files (issue 21, part 6): special files in place of inputs, workbooks
that are zip or XML bombs, hidden sheets, a column given twice, scenario files with a BOM
or in another encoding. Each case passes `hostile_support.check`: exit 2 with one clean
line naming the file (sheet), row and column, nothing written, bounded time and memory;
or exit 0 where the input is valid. Hypothesis runs derandomized: CI sees the same cases.
"""

from __future__ import annotations

import itertools
import os
import random
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_support import Hostile, Part, bomb, check, deflated, parts_of, write, write_zip
from hypothesis import given
from hypothesis import strategies as st
from test_robustness_inputs import BASE, BOOK, robust, tables

from optimizer.errors import InputError
from optimizer.io.files import MAX_CELLS, MAX_PARTS
from optimizer.io.load import load_tables
from optimizer.io.schema import TABLES_BY_NAME, column_aliases
from optimizer.labels import label

REQUIRED = sorted(n for n in BASE if TABLES_BY_NAME[n].required)

# --- special files -----------------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


def _large(path: Path) -> None:
    with path.open("wb") as file:
        file.truncate(33 * 2**20)  # sparse: 33 MB of NUL bytes, over the 32 MB limit


SPECIAL = {
    "fifo": (_fifo, "is a FIFO (named pipe), not a file"),
    "/dev/zero": (_zero, "is a device, not a file"),
    "folder": (_folder, "is a folder, not a file"),
    "link loop": (_loop, "a symbolic link loop"),
    "socket": (_socket, "is a socket, not a file"),
    "33 MB": (_large, "is larger than 32 MB"),
}


def _replace(relative: str, make) -> object:
    def edit(folder: Path) -> None:
        path = folder / relative
        path.unlink()
        make(path)

    return edit


@st.composite
def special_files(draw) -> Hostile:
    """A FIFO, a link to /dev/zero, a folder, a link loop, a socket or a 33 MB file in place
    of a table's CSV, the workbook or the scenario file."""
    kind = draw(st.sampled_from(sorted(SPECIAL)))
    make, text = SPECIAL[kind]
    target = draw(st.sampled_from(["csv", "scenario", "workbook"]))
    if target == "csv":
        table = draw(st.sampled_from(sorted(BASE)))
        where = f"{table}.csv"
        return Hostile(edit=_replace(f"data/{where}", make), where=where, text=text, memory=True)
    if target == "scenario":
        return Hostile(edit=_replace("s.toml", make), where="s.toml", text=text, memory=True)
    if kind == "/dev/zero":  # the scenario's data path resolves through the link
        text, where = "data set must be a folder of CSV files or .xlsx", "/dev/zero"
    elif kind == "folder":  # a folder named in.xlsx is a data folder without its tables
        edit = _replace(BOOK, make)
        text, where = "required table is missing", "in.xlsx/eligibility.csv"
        return Hostile(workbook=True, edit=edit, where=where, text=text, lines=len(REQUIRED))
    else:
        where = BOOK
    edit = _replace(BOOK, make)
    return Hostile(workbook=True, edit=edit, where=where, text=text, memory=True)


@st.composite
def bad_paths(draw) -> Hostile:
    """A NUL byte (a TOML string may hold one; a shell argument cannot) or a link loop in
    the data path, a data path that is a FIFO or missing."""
    kind = draw(st.sampled_from(["nul", "loop", "fifo", "missing"]))
    if kind == "nul":
        spot = draw(st.integers(0, 4))
        name = "data"[:spot] + "\\u0000" + "data"[spot:]
        return Hostile(scenario="", edit=_data_path(name), where="\\x00", text="NUL byte")
    if kind == "missing":
        return Hostile(edit=_data_path("gone"), where="gone", text="data set not found")

    def edit(folder: Path) -> None:
        (folder / "data").rename(folder / "old")
        (_fifo if kind == "fifo" else _loop)(folder / "data")

    text = "must be a folder of CSV files" if kind == "fifo" else "a symbolic link loop"
    return Hostile(edit=edit, where="data", text=text)


def _data_path(name: str):
    def edit(folder: Path) -> None:
        scenario = folder / "s.toml"
        text = scenario.read_text(encoding="utf-8").replace('data = "data"', f'data = "{name}"')
        scenario.write_text(text, encoding="utf-8")

    return edit


@robust(24)
@given(special_files())
def test_special_files_are_one_line(case):
    check(case)


@robust(8)
@given(bad_paths())
def test_bad_data_paths_are_one_line(case):
    check(case)


# --- hostile workbooks -------------------------------------------------------------------

LEVELS = "abcdefghi"  # each entity is ten of the one before: 10^9 a's
LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in itertools.pairwise(LEVELS))
    + "]>"
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
DOCTYPES = {"billion laughs": LAUGHS, "external entity": EXTERNAL, "bare DTD": "<!DOCTYPE x>"}
XML_PARTS = [
    "xl/workbook.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
]


def _rewrite(edit_parts) -> object:
    def edit(folder: Path) -> None:
        book = folder / BOOK
        write_zip(book, edit_parts(parts_of(book)))

    return edit


def _doctype_edit(name: str, doctype: str):
    """The part `name` with `doctype` after its XML declaration."""

    def edit(folder: Path) -> None:
        book = folder / BOOK
        with zipfile.ZipFile(book) as archive:
            xml = archive.read(name).decode()
        head, sep, rest = xml.partition("?>")
        xml = f"{head}{sep}{doctype}{rest}" if sep else doctype + xml
        parts = [deflated(name, xml.encode()) if p.name == name else p for p in parts_of(book)]
        write_zip(book, parts)

    return edit


def _padded_rows(folder: Path) -> None:
    """Rows of one cell each, in the last column (XFD): every row pads to 16,384 cells."""
    book = folder / BOOK
    wb = openpyxl.load_workbook(book)
    ws = wb["regions"]
    for r in range(4, 4 + MAX_CELLS // 16_384 + 2):
        ws.cell(row=r, column=16_384, value=1)
    wb.save(book)


def _bad_crc(parts: list[Part]) -> list[Part]:
    sheet = "xl/worksheets/sheet1.xml"
    return [Part(p.name, p.stream, p.size, p.crc ^ 1) if p.name == sheet else p for p in parts]


def _lying(parts: list[Part]) -> list[Part]:
    """Three parts declaring 100 MB each over 0.6 MB of noise: each under the part and
    ratio limits, 300 MB together."""
    noise = deflated("noise", random.Random(0).randbytes(600_000)).stream
    return parts + [Part(f"customXml/item{k}.xml", noise, 100 * 2**20, 0) for k in range(3)]


@st.composite
def hostile_workbooks(draw) -> Hostile:
    """Zip bombs (by size and by ratio), lying sizes, too many parts, DTDs in any XML part,
    a part whose checksum is wrong."""
    kind = draw(st.sampled_from(["bomb", "ratio", "lying sizes", "many parts", "doctype", "crc"]))
    text = {
        "bomb": "expands to 2,800 MB",
        "ratio": "times (a zip bomb?",
        "lying sizes": "expands to 300 MB (at most 256 MB)",
        "many parts": f"(at most {MAX_PARTS:,})",
        "crc": "cannot be read as an .xlsx workbook",
    }.get(kind, "declares a DTD or entities")
    if kind == "doctype":
        name = draw(st.sampled_from(XML_PARTS))
        doctype = DOCTYPES[draw(st.sampled_from(sorted(DOCTYPES)))]
        edit = _doctype_edit(name, doctype)
    elif kind == "crc":
        edit = _rewrite(_bad_crc)
    elif kind == "lying sizes":
        edit = _rewrite(_lying)
    elif kind == "many parts":
        extra = draw(st.integers(MAX_PARTS, MAX_PARTS + 50))
        edit = _rewrite(lambda ps: ps + [deflated(f"i{k}.xml", b"<a/>") for k in range(extra)])
    else:
        megabytes = 2800 if kind == "bomb" else 100
        sheet = f"xl/worksheets/sheet{draw(st.integers(1, len(BASE)))}.xml"
        edit = _rewrite(lambda ps: _swap(ps, sheet, megabytes))
    return Hostile(workbook=True, edit=edit, where=BOOK, text=text, memory=True)


def _swap(parts: list[Part], sheet: str, megabytes: int) -> list[Part]:
    """The sheet replaced by a bomb of `megabytes` MB."""
    return [bomb(sheet, megabytes) if p.name == sheet else p for p in parts]


@robust(18)
@given(hostile_workbooks())
def test_hostile_workbooks_are_refused_quickly(case):
    check(case)


def test_a_sheet_of_padded_rows_is_refused_by_its_cell_count():
    """A small sheet whose rows each pad to 16,384 cells: refused once MAX_CELLS are read
    (about 4 s), not read for hours."""
    text = f"more than {MAX_CELLS:,} cells"
    check(Hostile(workbook=True, edit=_padded_rows, where=BOOK, text=text, memory=True))


def test_a_zip_bomb_is_refused_within_a_memory_limit(tmp_path):
    """In a process limited to 1 GB of address space, a 3 MB workbook that expands to 2.8 GB
    is one line, exit 2, in seconds (openpyxl reading it would need the 2.8 GB)."""
    edit = _rewrite(lambda ps: _swap(ps, "xl/worksheets/sheet3.xml", 2800))
    scenario = write(Hostile(workbook=True, edit=edit), tmp_path)
    assert (tmp_path / BOOK).stat().st_size < 4 * 2**20
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); "
    code = limit + f"from optimizer.cli import app; app(['validate', r'{scenario}'])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stdout.strip().count("\n") == 0 and "expands to 2,800 MB" in done.stdout
    assert "Traceback" not in done.stderr


# --- hidden sheets -----------------------------------------------------------------------


def _hide(table: str, state: str, stale: bool, before: bool):
    """Hide a sheet of `table`: a stale copy (its first data cell broken) beside the visible
    one, or the only one."""

    def edit(folder: Path) -> None:
        book = folder / BOOK
        wb = openpyxl.load_workbook(book)
        sheet = wb[table]
        if stale:
            sheet = wb.copy_worksheet(sheet)
            sheet.title = label(f"input.sheet.{table}", "zh")
            sheet.cell(row=2, column=1, value="\u200b#REF!")
            if before:
                wb.move_sheet(sheet, offset=-len(wb.sheetnames))
        sheet.sheet_state = state
        wb.save(book)

    return edit


@st.composite
def hidden_sheets(draw) -> Hostile:
    table = draw(st.sampled_from(sorted(BASE)))
    state = draw(st.sampled_from(["hidden", "veryHidden"]))
    stale = draw(st.booleans())
    edit = _hide(table, state, stale, draw(st.booleans()))
    if stale or not TABLES_BY_NAME[table].required:
        return Hostile(workbook=True, edit=edit, shown="hidden sheet ignored")
    return Hostile(
        workbook=True,
        edit=edit,
        where=f"{BOOK}[{table}]",
        text=f"sheet '{table}' is hidden: unhide it",
    )


@robust(16)
@given(hidden_sheets())
def test_hidden_sheets_are_ignored_with_a_warning(case):
    check(case)


def test_a_hidden_scenario_sheet_is_ignored_with_a_warning(tmp_path):
    def edit(folder: Path) -> None:
        book = folder / BOOK
        wb = openpyxl.load_workbook(book)
        ws = wb.create_sheet("情景")
        ws.append(["参数", "对象", "值"])
        ws.append(["求解时限（秒）", None, "abc"])  # read, this would be an error
        ws.sheet_state = "hidden"
        wb.save(book)

    check(Hostile(workbook=True, edit=edit, command=BOOK, shown="[情景]: hidden sheet ignored"))


# --- a column given twice ----------------------------------------------------------------


@st.composite
def duplicate_columns(draw) -> Hostile:
    """A column written twice: by its id, its Chinese header, an alias, another case or
    full-width letters; in a CSV file or a sheet."""
    table = draw(st.sampled_from(sorted(BASE)))
    column = draw(st.sampled_from(BASE[table][0]))
    spellings = sorted(
        {column, column.upper(), table_header(table, column)}
        | {a for a, c in column_aliases(TABLES_BY_NAME[table]).items() if c == column}
        | {"".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in column)}
    )
    second = draw(st.sampled_from(spellings))
    data = tables()
    data[table] = [row + [row[data[table][0].index(column)]] for row in data[table]]
    data[table][0][-1] = second
    workbook = draw(st.booleans())
    where = f"{BOOK}[{table}]" if workbook else f"{table}.csv"
    return Hostile(data, workbook, where=where, row=1, column=second, text="keep one of them")


def table_header(table: str, column: str) -> str:
    return TABLES_BY_NAME[table].header(column, "zh")


@robust(24)
@given(duplicate_columns())
def test_a_column_given_twice_is_one_line(case):
    check(case)


# --- scenario files: byte order marks and encodings --------------------------------------


def _encode(encoding: str, bom: bytes = b"", crlf: bool = False, parent: bool = False):
    """s.toml (or, with `parent`, the file it extends) in `encoding`, after `bom`."""

    def edit(folder: Path) -> None:
        scenario = folder / "s.toml"
        text = scenario.read_text(encoding="utf-8") + 'description = "晋城 样例"\n'
        if parent:
            scenario.write_text('extends = "base.toml"\nname = "child"\n', encoding="utf-8")
            scenario = folder / "base.toml"
        if crlf:
            text = text.replace("\n", "\r\n")
        scenario.write_bytes(bom + text.encode(encoding))

    return edit


@st.composite
def scenario_encodings(draw) -> Hostile:
    """UTF-8 with Notepad's BOM (valid, also in an extended parent and with CRLF); UTF-16
    or GBK (one line: not UTF-8)."""
    kind = draw(st.sampled_from(["bom", "bom parent", "utf-16", "gbk"]))
    crlf = draw(st.booleans())
    if kind.startswith("bom"):
        edit = _encode("utf-8", b"\xef\xbb\xbf", crlf, parent=kind == "bom parent")
        return Hostile(edit=edit, shown="valid: 4 projects")
    edit = _encode("utf-16" if kind == "utf-16" else "gbk", crlf=crlf)
    return Hostile(edit=edit, where="s.toml", text="invalid TOML")


@robust(10)
@given(scenario_encodings())
def test_scenario_files_with_a_bom_are_read(case):
    check(case)


@pytest.mark.parametrize("hidden", [False, True])
def test_the_visible_sheet_is_what_is_read(tmp_path, hidden):
    """A hidden stale copy holding another cost never replaces the visible sheet's."""
    write(Hostile(workbook=True), tmp_path)
    book = tmp_path / BOOK
    wb = openpyxl.load_workbook(book)
    stale = wb.copy_worksheet(wb["projects"])
    stale.title = "项目"
    stale["E2"] = 999
    stale.sheet_state = "hidden" if hidden else "visible"
    wb.move_sheet(stale, offset=-len(wb.sheetnames))
    wb.save(book)
    if not hidden:
        with pytest.raises(InputError, match="are the same table"):
            load_tables(book)
        return
    tables_read = load_tables(book)
    assert tables_read["projects"].frame["cost_wan"].tolist()[0] == "60"
    assert tables_read.warnings == [
        f"{book}[项目]: hidden sheet ignored (unhide it in Excel to use it)"
    ]
