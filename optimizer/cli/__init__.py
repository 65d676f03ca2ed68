"""Command line: `urbopt solve | pareto | explain | sweep | compare | report | rerun |
validate | template | serve | replan | stress`.

Exit codes: 0 solved, 2 bad input, 3 infeasible (conflicting rules are reported),
4 stopped by the time limit before any solution, 130 interrupted. One module per group of
commands; each command parses options, calls the pipeline and maps the outcome to an exit
code. Importing this package is cheap: the commands load when `app` is first asked for.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def _commands() -> Any:
    from optimizer.cli import cycle, data, fronts, run, studies, web  # noqa: F401  (registers)
    from optimizer.cli.common import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _commands()
    raise AttributeError(name)


def main() -> None:
    """Entry point of `urbopt` and `python -m optimizer`: a Ctrl-C while the commands load
    is one line and exit 130, as it is later."""
    from optimizer.labels import DEFAULT_LANG, label

    try:
        app = _commands()
    except KeyboardInterrupt:
        sys.stderr.write(label("fault.interrupted", DEFAULT_LANG) + "\n")
        raise SystemExit(130) from None
    app()
