"""Tiny data sets with a general budget and a debt source 'bond' for the fiscal tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from support import write_dataset

GB = "general_budget"  # the scenario's default fiscal.general_budget


def bond_source(
    rate: float = 0.1,
    term: int = 2,
    grace: int | str = "",
    repaid_from: str = GB,
    self_balance: bool = False,
) -> dict[str, Any]:
    """The sources row of a debt source 'bond'."""
    return {
        "source_id": "bond",
        "name": "专项债券",
        "carry_over": False,
        "interest_rate": rate,
        "term_years": term,
        "grace_years": grace,
        "repaid_from": repaid_from,
        "self_balance": self_balance,
    }


def fiscal_dataset(
    folder: Path,
    projects: list[dict],
    gb: dict[int, float],
    bond: dict[int, float] | None = None,
    bond_row: dict[str, Any] | None = None,
    eligibility: list[tuple[str, str, str, float]] | None = None,
    **optional: list[dict],
) -> Path:
    """The general budget (`gb`, any project) and bond (quasi-public projects unless
    `eligibility`) budgets by year, city-wide; the sources table has the bond's terms."""
    funding = [(GB, y, "", a) for y, a in gb.items()]
    funding += [("bond", y, "", a) for y, a in (bond or {}).items()]
    default = [(GB, "*", "*", 1.0)] + ([("bond", "quasi_public", "*", 1.0)] if bond else [])
    eligibility = eligibility or default
    write_dataset(folder, projects, funding=funding, eligibility=eligibility, **optional)
    rows = [{"source_id": GB, "name": "一般公共预算", "carry_over": False}]
    if bond is not None:
        rows.append(bond_row or bond_source())
    pd.DataFrame(rows).to_csv(folder / "sources.csv", index=False)
    return folder


def with_columns(project: dict[str, Any], **columns: Any) -> dict[str, Any]:
    """A `support.project` row with fiscal columns (income_wan, om_wan, persons_settled)."""
    return {**project, **columns}
