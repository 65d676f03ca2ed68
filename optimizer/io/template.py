"""Write an empty input workbook: one sheet per table with its headers, plus a guide."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.io.output import write_workbook_atomically
from optimizer.io.schema import TABLES


def write_template(path: Path) -> None:
    """An .xlsx with a sheet per input table (headers only) and a `columns` guide sheet."""
    guide = pd.DataFrame(
        [
            (t.name, c.name, c.type, "yes" if c.required else "no", c.description)
            for t in TABLES
            for c in t.columns
        ],
        columns=["table", "column", "type", "required", "meaning"],
    )
    sheets = {t.name: pd.DataFrame(columns=t.column_names) for t in TABLES}
    write_workbook_atomically(path, sheets | {"columns": guide})
