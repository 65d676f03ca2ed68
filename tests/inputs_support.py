"""What the input tests share: the CLI in process, a tiny data set and its scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()


def invoke(*args: object):
    """Run `urbopt ARGS` in process; any exception but a clean exit fails the test."""
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def tiny(folder: Path, scenario: str = "", **dataset: object) -> tuple[Path, Path]:
    """Three projects (60, 50, 50 万元; gains 7, 5, 4) in `folder/data`, and `folder/s.toml`."""
    data = write_dataset(
        folder / "data",
        [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)],
        **dataset,
    )
    path = folder / "s.toml"
    path.write_text(f'name = "tiny"\ndata = "data"\n{scenario}', encoding="utf-8")
    return data, path


def ranked(scenario: Path, out: Path) -> pd.DataFrame:
    """Solve `scenario` into `out` and read its ranked project list."""
    result = invoke("solve", scenario, "--out", out)
    assert result.exit_code == 0, result.output
    return pd.read_csv(out / "ranked_projects.csv")
