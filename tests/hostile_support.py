"""What the hostile-input suites share: a case (the small valid data set of
`test_robustness_inputs`, written as CSV files or a workbook, then edited on disk), the
check every case must pass, and zips written by hand (bombs, lying sizes).

A case is run in process through `urbopt solve --out` (or `validate` where it is valid):
exit 2 and exactly one clean line per problem naming the file (sheet), row and column, no
traceback, the previous `--out` folder untouched, time and memory bounded; or exit 0 where
the input is valid.
"""

from __future__ import annotations

import struct
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from test_robustness_inputs import Case, tables, write_case
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.output import write_folder

runner = CliRunner()
SECONDS = 20.0  # per case, generous for a loaded 2-core machine (most take well under 1 s)
MEMORY = 200 * 2**20  # Python's peak allocations while a file or workbook case runs
PREVIOUS = {"summary.json": '{"status": "optimal"}', "previous.csv": "a previous result"}


@dataclass
class Hostile:
    """One input and the answer it must get: `where` is None for a valid input, else the
    file the one error line names (with `row`, `column` and a `text` fragment)."""

    tables: dict[str, list[list[str]]] = field(default_factory=tables)
    workbook: bool = False
    scenario: str = ""  # TOML appended to s.toml
    edit: Callable[[Path], None] | None = None  # changes the written folder
    where: str | None = None
    row: int | None = None
    column: str | None = None
    text: str = ""
    lines: int = 1  # error lines (one per problem)
    shown: str = ""  # valid: a fragment the output shows (a warning, "valid: 4 projects")
    command: str = "s.toml"  # what the command is given, inside the case's folder
    memory: bool = False  # measure Python's peak allocations (files and workbooks)
    absent: tuple[str, ...] = ()  # files that must not exist in the folder afterwards


def write(case: Hostile, folder: Path) -> Path:
    """Write the case's data set and scenario into `folder`, apply its edit; return the
    path the command is given."""
    write_case(Case(case.tables, workbook=case.workbook, scenario=case.scenario), folder)
    if case.edit:
        case.edit(folder)
    return folder / case.command


def run(case: Hostile, folder: Path) -> tuple[object, float, int]:
    """Run the case; (result, seconds, peak bytes allocated or 0)."""
    target = write(case, folder)
    out = folder / "out"  # an earlier result folder urbopt wrote (manifest, hashes)
    write_folder(
        out, lambda stage: [(stage / n).write_text(t, "utf-8") for n, t in PREVIOUS.items()]
    )
    args = ["validate", str(target)]
    if case.where is not None:
        args = ["solve", str(target), "--out", str(out), "--no-explain"]
    if case.memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        result = runner.invoke(app, args)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if case.memory else 0
        tracemalloc.stop()
    return result, seconds, peak


def check(case: Hostile) -> None:
    """The case's answer: exit 0 where valid; else exit 2 with one clean located line per
    problem and the previous --out untouched; never a traceback; time and memory bounded."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result, seconds, peak = run(case, folder)
        output = result.output
        assert "Traceback" not in output, output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert seconds < SECONDS, f"{seconds:.1f} s"
        assert peak < MEMORY, f"{peak / 2**20:.0f} MB"
        assert not [name for name in case.absent if (folder / name).exists()]
        if case.where is None:
            assert result.exit_code == 0, output
            assert case.shown in output, output
            return
        assert result.exit_code == 2, output
        lines = output.strip().splitlines()
        assert len(lines) == case.lines and all(x.startswith("error: ") for x in lines), output
        line = lines[0]
        assert case.where in line, output
        if case.row is not None:
            assert f"{case.where}:{case.row}:" in line, output
        if case.column is not None:
            assert f"'{case.column}'" in line, output
        assert case.text in line, output
        out = folder / "out"
        assert sorted(p.name for p in out.iterdir()) == sorted([*PREVIOUS, "manifest.json"])
        for name, text in PREVIOUS.items():
            assert (out / name).read_text(encoding="utf-8") == text


# --- zips written by hand ----------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A zip member as stored: its raw deflate stream and what the zip declares."""

    name: str
    stream: bytes
    size: int  # declared decompressed size
    crc: int


def deflated(name: str, data: bytes) -> Part:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(name, compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data))


def parts_of(book: Path) -> list[Part]:
    with zipfile.ZipFile(book) as archive:
        return [deflated(n, archive.read(n)) for n in archive.namelist()]


def bomb(name: str, megabytes: int) -> Part:
    """A worksheet of `megabytes` MB of blanks inside its XML, as a true deflate stream
    (its CRC right) built from one compressed megabyte: about 1 KB per MB."""
    return Part(name, *_bomb_stream(megabytes))


@cache
def _bomb_stream(megabytes: int) -> tuple[bytes, int, int]:
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head += b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    filler = b" " * 2**20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + megabytes * len(filler) + len(tail)
    return first + middle * megabytes + last, size, crc


def write_zip(path: Path, parts: list[Part]) -> None:
    """A zip of deflated parts whose sizes are what `parts` declare (zipfile cannot store
    a stream it did not compress itself, nor declare a size it did not write)."""
    body, directory = bytearray(), bytearray()
    for part in parts:
        name, offset = part.name.encode(), len(body)
        fields = (8, 0, 0x21, part.crc, len(part.stream), part.size, len(name))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields, 0) + name + part.stream
        directory += (
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, 0, offset)
            + name
        )
    count = len(parts)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
