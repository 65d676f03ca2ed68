"""Read a finished result folder back: the tables a comparison, a report or a rerun need."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimizer.errors import InputError, Issue

FILES = ("summary.json", "ranked_projects.csv", "funding_schedule.csv", "indicator_attainment.csv")


@dataclass(frozen=True)
class ResultTables:
    """What a comparison needs from one result."""

    name: str
    summary: dict
    ranked: pd.DataFrame  # project_id, name, region_id, funded (y/n), start_year, why
    funding: pd.DataFrame  # project_id, source_id, year, amount_wan
    indicators: pd.DataFrame  # indicator_id, name, value, target, attainment

    def funding_with_regions(self) -> pd.DataFrame:
        """The funding rows with each project's region."""
        regions = self.ranked.set_index("project_id")["region_id"]
        return self.funding.assign(region_id=self.funding["project_id"].map(regions))


def from_folder(folder: Path) -> ResultTables:
    """Tables written by `solve --out`."""
    missing = [f for f in FILES if not (folder / f).exists()]
    if missing:
        raise InputError(
            [Issue(str(folder / missing[0]), "not found: is this a `solve --out` folder?")]
        )
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(folder / name, encoding="utf-8-sig")

    return ResultTables(
        summary.get("scenario", folder.name),
        summary,
        read("ranked_projects.csv"),
        read("funding_schedule.csv"),
        read("indicator_attainment.csv"),
    )
