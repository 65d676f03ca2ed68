"""All-or-nothing output: write into a temporary folder beside the outputs, then rename."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


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
