"""Command line: `urbopt solve | pareto | explain | sweep | compare | report | rerun |
validate | template | serve | replan | stress`.

Exit codes: 0 solved, 2 bad input, 3 infeasible (conflicting rules are reported),
4 stopped by the time limit before any solution. One module per group of commands; each
command parses options, calls the pipeline and maps the outcome to an exit code.
"""

from optimizer.cli import cycle, data, fronts, run, studies, web  # noqa: F401  (registers the commands)
from optimizer.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point for `python -m optimizer`."""
    app()
