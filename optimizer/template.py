"""Write an empty input workbook: one sheet per table with its headers, plus a guide."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from optimizer.schema import TABLES


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
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".xlsx", delete=False) as handle:
        tmp = Path(handle.name)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for table in TABLES:
                pd.DataFrame(columns=table.column_names).to_excel(
                    xl, sheet_name=table.name, index=False
                )
            guide.to_excel(xl, sheet_name="columns", index=False)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
