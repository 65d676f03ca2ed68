"""Typed errors: one line per input problem, naming file, row and column."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in the input: where it is and which rule it breaks."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    field: str = "column"  # "key" for scenario files

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        col = f" {self.field} '{self.column}':" if self.column else ""
        return f"{where}:{col} {self.message}"


class InputError(Exception):
    """Raised when input files or the scenario break a rule; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


MAX_SHOWN = 20  # issues printed in full; the rest are counted
MAX_SHOWN_PER_KIND = 5  # of one kind (file and column), so other kinds get shown too


def issue_lines(issues: list[Issue], limit: int = MAX_SHOWN) -> list[str]:
    """The lines to print for `issues`: the first few of each kind (file and column), at
    most `limit`, then one line counting the rest by kind."""
    shown: list[Issue] = []
    per_kind: Counter[tuple[str, str | None]] = Counter()
    rest: Counter[tuple[str, str | None]] = Counter()
    for issue in issues:
        kind = (issue.file, issue.column)
        if len(shown) < limit and per_kind[kind] < MAX_SHOWN_PER_KIND:
            shown.append(issue)
            per_kind[kind] += 1
        else:
            rest[kind] += 1
    lines = [str(i) for i in shown]
    if rest:
        top = [
            f"{file}{f' {column!r}' if column else ''}: {n:,}"
            for (file, column), n in rest.most_common(5)
        ]
        others = len(rest) - len(top)
        more = f"; {others} more places" if others else ""
        lines.append(f"… and {rest.total():,} more problems ({', '.join(top)}{more})")
    return lines
