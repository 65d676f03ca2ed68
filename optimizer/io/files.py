"""Opening input files safely: only regular files of a bounded size, and workbooks whose
parts are bounded and declare no DTD.

A CSV, TOML or workbook is opened without blocking and checked on the open descriptor, so
a FIFO, a device (`/dev/zero`), a folder, a symbolic link loop or a path with a NUL byte is
one line instead of a hang or an unbounded read. A workbook is a zip of XML parts: before
openpyxl sees it, every part's declared size, the parts' total and each large part's
compression ratio are checked (a 1 MB file must not expand to gigabytes: zipfile stops
at the declared size), and every part's prolog is parsed with defusedxml, which
refuses a DTD (the only place entities, and so a billion-laughs expansion, can be
declared). openpyxl itself parses with defusedxml once it is installed.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from optimizer.errors import InputError, Issue

MIB = 2**20
MAX_FILE_BYTES = 32 * MIB  # an input file on disk: CSV, TOML or workbook
MAX_PART_BYTES = 128 * MIB  # one part of a workbook, decompressed
MAX_PARTS_BYTES = 256 * MIB  # every part of a workbook, decompressed
MAX_PARTS = 10_000  # parts in a workbook's zip
MAX_RATIO = 200  # decompressed / compressed size of a part larger than RATIO_FROM
RATIO_FROM = MIB
MAX_CELLS = 5_000_000  # cells read from one workbook or CSV file (blank ones included)

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def shown(path: Path) -> str:
    """`path` as a message names it: a NUL or control character escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def path_problem(exc: OSError | ValueError) -> str:
    """Why a path cannot be opened, in a few words."""
    if isinstance(exc, ValueError):
        return "the path contains a NUL byte"
    reasons = {
        errno.ENOENT: "not found",
        errno.ELOOP: "a symbolic link loop (links that lead back to themselves)",
        errno.ENAMETOOLONG: "the name is too long",
        errno.EACCES: "permission denied",
        errno.ENOTDIR: "a part of the path is not a folder",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def kind_problem(mode: int) -> str | None:
    """Why a file of stat `mode` is not read (a folder, a FIFO…), or None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a file"


def read_input(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or InputError naming `path`.

    Raises FileNotFoundError when nothing is there (an optional table may be absent)."""
    # no blocking on a FIFO; binary on Windows (which has neither O_NONBLOCK nor O_NOCTTY)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise InputError([Issue(shown(path), _open_problem(path, exc))]) from None
    try:
        problem = kind_problem(os.fstat(fd).st_mode)
        if problem:
            raise InputError([Issue(str(path), problem)])
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(limit + 1 - size, MIB))):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise InputError(
            [Issue(str(path), f"is larger than {limit // MIB} MB, the limit for an input file")]
        )
    return data


def _open_problem(path: Path, exc: OSError | ValueError) -> str:
    """Why `path` did not open: what it is (a socket cannot be opened at all), else why."""
    try:
        kind = kind_problem(path.stat().st_mode)
    except (OSError, ValueError):
        kind = None
    return kind or f"cannot be read: {path_problem(exc)}"


def read_workbook(path: Path) -> bytes:
    """The bytes of the workbook at `path`, once `check_parts` passed on them."""
    try:
        data = read_input(path)
    except FileNotFoundError:
        raise InputError([Issue(str(path), "input workbook not found")]) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_parts(archive, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError([_unreadable(path, exc)]) from None
    return data


def check_parts(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a workbook whose parts would expand beyond the limits or declare a DTD."""
    parts = archive.infolist()  # every part: openpyxl finds XML by content type, not name
    problem = _sizes_problem(parts) or next(
        filter(None, (_prolog_problem(archive, p) for p in parts)), None
    )
    if problem:
        raise InputError([Issue(str(path), f"refused as an .xlsx workbook: {problem}")])


def _sizes_problem(parts: list[zipfile.ZipInfo]) -> str | None:
    """Too many parts, a part too large or too compressed, or too much in all."""
    if len(parts) > MAX_PARTS:
        return f"has {len(parts):,} parts (at most {MAX_PARTS:,})"
    problem = next(filter(None, map(_size_problem, parts)), None)
    total = sum(p.file_size for p in parts)
    if problem is None and total > MAX_PARTS_BYTES:
        problem = f"expands to {total / MIB:,.0f} MB (at most {MAX_PARTS_BYTES // MIB} MB)"
    return problem


def _size_problem(part: zipfile.ZipInfo) -> str | None:
    size, packed = part.file_size, max(part.compress_size, 1)
    if size > MAX_PART_BYTES:
        return (
            f"part {part.filename} expands to {size / MIB:,.0f} MB "
            f"(at most {MAX_PART_BYTES // MIB} MB)"
        )
    if size > RATIO_FROM and size / packed > MAX_RATIO:
        return (
            f"part {part.filename} expands {size / packed:,.0f} times "
            f"(a zip bomb? at most {MAX_RATIO} times)"
        )
    return None


def _prolog_problem(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> str | None:
    """Parse a part up to its first element: a DTD (and with it any entity) is refused."""
    try:
        with archive.open(part) as stream:
            for _ in iterparse(stream, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException:
        return f"part {part.filename} declares a DTD or entities (not allowed in a workbook)"
    except (ParseError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return None  # broken, but no DTD: openpyxl names what it cannot read
    return None


def _unreadable(path: Path, exc: Exception) -> Issue:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Issue(str(path), f"cannot be read as an .xlsx workbook ({first}); save it in Excel")
