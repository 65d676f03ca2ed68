"""What every command shares: the typer app, exit codes, consoles and input-error output."""

from __future__ import annotations

import math
import os
import sys
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from optimizer.errors import InputError, issue_lines

app = typer.Typer(
    help="Urbanization investment optimizer: pick, schedule and fund projects (Pyomo + HiGHS).",
    no_args_is_help=True,
    add_completion=False,
)
EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 2, 3, 4


def new_console() -> Console:
    return Console(highlight=False)


def fail_input(exc: InputError, console: Console) -> typer.Exit:
    """Print the input problems (long lists capped, user text escaped); exit code 2."""
    for line in issue_lines(exc.issues):
        console.print(f"[red]error:[/] {escape(line)}", soft_wrap=True)
    return typer.Exit(EXIT_INPUT)


def scenario_overrides(
    time_limit: float | None = None,
    mip_gap: float | None = None,
    explain: bool = True,
    **multiobjective: Any,
) -> dict[str, Any]:
    """Scenario overrides from CLI options; None means 'as in the scenario file'."""
    solver: dict[str, Any] = {}
    if time_limit is not None:
        solver["time_limit"] = time_limit
    if mip_gap is not None:
        solver["mip_gap"] = mip_gap
    if not explain:
        solver["explain"] = False
    mo = {k: v for k, v in multiobjective.items() if v is not None}
    for key in ("objectives", "weights"):
        if key in mo:
            mo[key] = [x.strip() for x in mo[key].split(",") if x.strip()]
    if "weights" in mo:
        try:
            mo["weights"] = [float(x) for x in mo["weights"]]
        except ValueError:
            raise typer.BadParameter(
                "weights must be numbers, e.g. 1,0.5", param_hint="--weights"
            ) from None
    out: dict[str, Any] = {"solver": solver} if solver else {}
    return out | ({"multiobjective": mo} if mo else {})


def live_console() -> Console | None:
    """A console on a duplicate of the terminal's fd: HiGHS output capture cannot swallow it."""
    if not sys.stdout.isatty():
        return None
    return Console(file=os.fdopen(os.dup(sys.stdout.fileno()), "w"), highlight=False)


def cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    return "–" if value is None else str(value)


def frame_table(frame: pd.DataFrame, title: str) -> Table:
    table = Table(title=title)
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*[cell(v) for v in row])
    return table
