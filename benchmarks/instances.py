"""The instances every benchmark runs on: the embedded sample, then a generated one."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from optimizer.io.synthetic import generate, write_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "jincheng"


@contextmanager
def sample_and_generated(projects: int) -> Iterator[list[tuple[str, Path]]]:
    """[("sample", path), ("generated", path)]; the generated folder lives for the block."""
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(generate(projects), Path(tmp))
        yield [("sample", SAMPLE), ("generated", Path(tmp))]
