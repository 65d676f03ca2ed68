"""Read a finished result folder back: the tables a comparison, a report or a rerun need."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.errors import InputError, Issue
from optimizer.labels import LABELS, Lang, label

CITY_KEYS = ("*", "(city)", "")  # how a city-wide pool's region appears in tables
RANKED_COLUMNS = ["project_id", "name", "category", "region_id", "funded", "start_year", "why"]
FUNDING_COLUMNS = ["project_id", "source_id", "year", "pool_region", "amount_wan"]
INDICATOR_COLUMNS = ["indicator_id", "name", "unit", "binding", "value", "target", "attainment"]
CONFLICT_COLUMNS = ["family", "rule", "violation", "unit"]


@dataclass(frozen=True)
class Names:
    """Display names from the input beside the ids; categories have none in the input, so
    the known ones come from labels.py. Anything unnamed shows its id."""

    regions: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # indicator id -> unit

    def region(self, region_id: object, lang: Lang) -> str:
        if region_id is None or pd.isna(region_id) or region_id in CITY_KEYS:
            return label("city", lang)
        return self.regions.get(str(region_id)) or str(region_id)

    def source(self, source_id: object) -> str:
        return self.sources.get(str(source_id)) or str(source_id)

    def indicator(self, indicator_id: object) -> str:
        return self.indicators.get(str(indicator_id)) or str(indicator_id)

    @staticmethod
    def category(category_id: object, lang: Lang) -> str:
        key = f"category.{category_id}"
        return label(key, lang) if key in LABELS else str(category_id)

    def merged(self, other: Names) -> Names:
        """Names of both (this one wins where both name an id)."""
        return Names(
            other.regions | self.regions,
            other.sources | self.sources,
            other.indicators | self.indicators,
            other.units | self.units,
        )

    def to_json(self) -> dict[str, dict[str, str]]:
        return {
            "regions": self.regions,
            "sources": self.sources,
            "indicators": self.indicators,
            "units": self.units,
        }

    @classmethod
    def from_json(cls, raw: object) -> Names:
        """Tolerant: a folder written before names were recorded has none."""
        if not isinstance(raw, dict):
            return cls()
        parts = [raw.get(k) for k in ("regions", "sources", "indicators", "units")]
        return cls(
            *({str(a): str(b) for a, b in p.items()} if isinstance(p, dict) else {} for p in parts)
        )


FISCAL_FILE = "fiscal_sustainability"  # the fiscal table's CSV stem and workbook sheet


@dataclass(frozen=True)
class ResultTables:
    """What a comparison or a report needs from one result (feasible or not)."""

    name: str
    summary: dict
    ranked: pd.DataFrame  # project_id, name, category, region_id, funded (y/n), start_year, why
    funding: pd.DataFrame  # project_id, source_id, year, pool_region, amount_wan
    indicators: pd.DataFrame  # indicator_id, name, unit, binding, value, target, attainment, met
    pools: pd.DataFrame = field(default_factory=pd.DataFrame)  # budget_use
    conflicts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONFLICT_COLUMNS))
    names: Names = field(default_factory=Names)
    fiscal: pd.DataFrame | None = None  # the fiscal-sustainability table, when written

    @property
    def feasible(self) -> bool:
        return not self.ranked.empty

    def funding_with_regions(self) -> pd.DataFrame:
        """The funding rows with each project's region."""
        regions = self.ranked.set_index("project_id")["region_id"]
        return self.funding.assign(region_id=self.funding["project_id"].map(regions))


def project_label(project_id: object, name: object) -> str:
    """'P0083 城区道路…', or the id alone when the name adds nothing."""
    text = "" if name is None or pd.isna(name) else str(name)
    return str(project_id) if text in ("", str(project_id)) else f"{project_id} {text}"


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


def from_folder(folder: Path) -> ResultTables:
    """Tables written by `solve --out`: a portfolio, or the conflicts of an infeasible run."""
    summary_path = folder / "summary.json"
    if not folder.is_dir() or not summary_path.is_file():
        raise InputError([Issue(str(summary_path), "not found: is this a `solve --out` folder?")])
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(summary_path), f"not valid JSON ({exc})")]) from None
    if not isinstance(summary, dict):
        raise InputError([Issue(str(summary_path), "not a result summary")])

    def read(name: str, columns: list[str], required: bool) -> pd.DataFrame:
        path = folder / name
        if not path.exists():
            if required:
                raise InputError([Issue(str(path), "not found: is this a `solve --out` folder?")])
            return empty_frame(columns)
        try:
            return pd.read_csv(path, encoding="utf-8-sig")
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError([Issue(str(path), f"cannot be read ({exc})")]) from None

    has_portfolio = summary.get("funded") is not None
    return ResultTables(
        str(summary.get("scenario", folder.name)),
        summary,
        read("ranked_projects.csv", RANKED_COLUMNS, has_portfolio),
        read("funding_schedule.csv", FUNDING_COLUMNS, has_portfolio),
        read("indicator_attainment.csv", INDICATOR_COLUMNS, has_portfolio),
        read("budget_use.csv", [], False),
        read("conflicts.csv", CONFLICT_COLUMNS, False),
        Names.from_json(summary.get("names")),
        read(f"{FISCAL_FILE}.csv", [], False) if (folder / f"{FISCAL_FILE}.csv").exists() else None,
    )
