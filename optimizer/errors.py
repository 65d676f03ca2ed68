"""Typed errors: one line per input problem, naming file, row and column."""

from __future__ import annotations

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
