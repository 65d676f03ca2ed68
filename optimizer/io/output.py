"""Writing outputs: all or nothing, CSV that Excel opens with Chinese intact, workbooks."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def write_atomically(out_dir: Path, write_all: Callable[[Path], list[str]]) -> list[Path]:
    """`write_all(tmp)` writes files into `tmp` and returns their names; each is then
    renamed into `out_dir`. If writing fails, nothing in `out_dir` changes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    try:
        names = write_all(tmp)
        for name in names:
            (tmp / name).replace(out_dir / name)
        return [out_dir / name for name in names]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark: Excel then reads Chinese names correctly."""
    frame.to_csv(path, index=False, encoding="utf-8-sig")


def save_workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """One .xlsx, a sheet per frame (names cut to Excel's 31 characters)."""
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name[:31], index=False)


def write_csv_atomically(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    """Replace one CSV in `out_dir` (for tables rewritten while a long run goes on)."""

    def write(tmp: Path) -> list[str]:
        save_csv(frame, tmp / name)
        return [name]

    write_atomically(out_dir, write)


def write_workbook_atomically(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """Replace one workbook (a sheet per frame), all or nothing."""

    def write(tmp: Path) -> list[str]:
        save_workbook(tmp / path.name, sheets)
        return [path.name]

    write_atomically(path.parent, write)
