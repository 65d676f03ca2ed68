"""What every command shares: the typer app, exit codes, consoles and input-error output.

The command modules import the solver stack (pyomo, highspy, pandas, matplotlib) inside
their commands, so `urbopt --help` and a command's `--help` start at once.
"""

from __future__ import annotations

import math
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from optimizer.errors import InputError, Issue, issue_lines
from optimizer.labels import DEFAULT_LANG, Lang, label

if TYPE_CHECKING:
    import pandas as pd

    from optimizer.io.output import OutputFolder
    from optimizer.solve.solver import StopRequest

EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 2, 3, 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a Ctrl-C


def say_interrupted() -> None:
    """The one line a Ctrl-C outside a solve prints (nothing is written)."""
    sys.stderr.write(label("fault.interrupted", DEFAULT_LANG) + "\n")
    sys.stderr.flush()


class Commands(TyperGroup):
    """The command group: a Ctrl-C a command does not handle itself (while loading, say)
    ends it with one line and exit 130, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            say_interrupted()
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=Commands,
    help="Urbanization investment optimizer: pick, schedule and fund projects (Pyomo + HiGHS).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help is plain text: [stress] and a:b:step print as written
)


@contextmanager
def interrupts(on_first: Callable[[], None] | None = None) -> Iterator[StopRequest]:
    """While the block runs, the first Ctrl-C (or SIGTERM) sets the event, so the run stops
    at HiGHS's next callback and keeps its best portfolio (`on_first` may say so); a second
    one aborts the block with KeyboardInterrupt. The previous handlers come back after."""
    from optimizer.solve.solver import StopRequest

    stop = StopRequest()

    def handler(signum: int, frame: object) -> None:
        stop.signalled(signum, frame)  # a second one raises here
        if on_first is not None:
            on_first()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


class Study:
    """A long study's result folder (`folder`, built in its stage) and its Ctrl-C: the
    first asks it to stop, which `check`, called between its solves, acts on (HiGHS's
    callbacks would swallow a KeyboardInterrupt raised inside them); a second aborts."""

    def __init__(self, folder: OutputFolder) -> None:
        self.folder = folder
        self.asked = False
        self.aborted = False

    def handler(self, signum: int, frame: object) -> None:
        if self.asked:
            self.aborted = True
            raise KeyboardInterrupt
        self.asked = True
        sys.stderr.write(label("fault.stopping", DEFAULT_LANG) + "\n")
        sys.stderr.flush()

    def check(self) -> None:
        """End the study here if a Ctrl-C asked for it (or one was swallowed by HiGHS)."""
        if self.asked:
            raise KeyboardInterrupt


@contextmanager
def keep_partial(target: Path, kind: str, sources: list[Path]) -> Iterator[Study]:
    """A long study (sweep, Pareto front) writing into its stage. A Ctrl-C keeps what was
    found: after the solve going on, the stage's files so far are swapped in, marked
    interrupted in the manifest; a second Ctrl-C aborts and the previous folder stays as it
    was. Either way the command ends with one line and exit 130."""
    from optimizer.io.output import OutputFolder

    with OutputFolder(target, kind, sources) as folder:
        study = Study(folder)
        previous = {
            sig: signal.signal(sig, study.handler) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            yield study
        except InputError as exc:  # a write into the stage as the study went on
            raise folder.named(exc) from None
        except KeyboardInterrupt:
            _keep(study, target)
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)


def _keep(study: Study, target: Path) -> None:
    """Swap in what the interrupted study found (unless aborted); one line, exit 130."""
    folder = study.folder
    try:
        found = any(not p.name.startswith(".") for p in folder.path.iterdir())
        if found and not study.aborted:
            folder.commit(interrupted=True)
    except KeyboardInterrupt:
        pass  # a second Ctrl-C while keeping: nothing swapped in unless already done
    if folder.committed:
        key = "fault.partial"
    else:
        key = "out.aborted" if study.aborted else "fault.interrupted"
    sys.stderr.write(label(key, DEFAULT_LANG, path=f"{target}/") + "\n")
    raise typer.Exit(EXIT_INTERRUPTED) from None


class Language(StrEnum):
    """Language of labels, workbooks and reports (CSV column ids stay English)."""

    zh = "zh"
    en = "en"


LangOption = Annotated[
    Language, typer.Option("--lang", help="zh: Chinese labels (default); en: English")
]


def lang_of(option: Language) -> Lang:
    return "en" if option == Language.en else "zh"


def new_console() -> Console:
    """Emoji codes off (`:b:` stays text); user text is printed as `Text` or escaped."""
    return Console(highlight=False, emoji=False)


def error_line(message: str, prefix: str = "error:", style: str = "red") -> Text:
    """A coloured prefix and the message as plain text: brackets in names are never markup."""
    return Text.assemble((prefix, style), " ", message)


def fail_input(exc: InputError, console: Console) -> typer.Exit:
    """Print the input problems (long lists capped, user text never markup); exit code 2."""
    from optimizer.io.output import release_failed_write

    release_failed_write(exc)
    for line in issue_lines(exc.issues):
        console.print(error_line(line), soft_wrap=True)
    return typer.Exit(EXIT_INPUT)


def warn_changed(folder: Path, console: Console) -> None:
    """A warning per file of a result folder that differs from its manifest's sha256."""
    from optimizer.io.folders import changed_outputs

    if not (folder / "manifest.json").is_file():
        return  # not a result folder: the reader says what is missing
    for issue in changed_outputs(folder):
        console.print(error_line(str(issue), "warning:", "yellow"), soft_wrap=True)


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
    for key, example in (("objectives", "score,cost"), ("weights", "1,0.5")):
        if key in mo:
            mo[key] = comma_list(mo[key], f"--{key}", example)
    if "weights" in mo:
        try:
            mo["weights"] = [float(x) for x in mo["weights"]]
        except ValueError:
            raise typer.BadParameter(
                "weights must be numbers, e.g. 1,0.5", param_hint="--weights"
            ) from None
    out: dict[str, Any] = {"solver": solver} if solver else {}
    return out | ({"multiobjective": mo} if mo else {})


def comma_list(text: str, option: str, example: str) -> list[str]:
    """'a, b' -> ['a', 'b']; an empty list or an empty item is an input error."""
    items = [x.strip() for x in text.split(",")]
    if not all(items):
        why = f"expected a comma-separated list, e.g. {example}, got {text!r}"
        raise InputError([Issue(option, why)])
    return items


def live_console() -> Console | None:
    """A console on a duplicate of the terminal's fd: HiGHS output capture cannot swallow it."""
    if not sys.stdout.isatty():
        return None
    return Console(file=os.fdopen(os.dup(sys.stdout.fileno()), "w"), highlight=False, emoji=False)


def cell(value: object) -> str:
    """A value for a terminal table: numbers without scientific notation, '–' if missing."""
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if isinstance(value, int | float) and not isinstance(value, bool):
        from optimizer.io.output import plain_number

        return plain_number(value)
    return "–" if value is None else str(value)


def frame_table(
    frame: pd.DataFrame,
    title: str,
    headers: list[str] | None = None,
    formats: dict[str, Any] | None = None,
) -> Table:
    """A frame as a Rich table; cells are plain text (never markup). `formats` maps a
    column to a function that shows its values."""
    table = Table(title=escape(title))
    for col, head in zip(frame.columns, headers or list(map(str, frame.columns)), strict=True):
        right = frame[col].dtype.kind in "if"
        table.add_column(escape(head), justify="right" if right else "left", overflow="fold")
    shown = formats or {}
    for row in frame.itertuples(index=False, name=None):
        table.add_row(
            *[Text(shown.get(c, cell)(v)) for c, v in zip(frame.columns, row, strict=True)]
        )
    return table
