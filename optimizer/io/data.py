"""The validated input data set: typed pandas tables, detached from files."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class InputData:
    """Typed, checked tables. Every frame keeps `_row` (the row in its file) for messages."""

    regions: pd.DataFrame
    indicators: pd.DataFrame
    projects: pd.DataFrame
    project_gains: pd.DataFrame
    sources: pd.DataFrame
    funding: pd.DataFrame
    eligibility: pd.DataFrame
    land_quota: pd.DataFrame
    dependencies: pd.DataFrame
    exclusions: pd.DataFrame
    equity: pd.DataFrame
    start_limits: pd.DataFrame
    debt_limits: pd.DataFrame
    years: tuple[int, ...]
    labels: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]
