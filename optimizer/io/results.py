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


# summary.json keys a report or comparison reads, and what each must hold (None allowed)
NUMBER, COUNT, TEXT, TABLE, LIST = "a number", "a whole number", "text", "an object", "a list"
SUMMARY_KEYS = {
    "scenario": TEXT,
    "status": TEXT,
    "description": TEXT,
    "objective": NUMBER,
    "bound": NUMBER,
    "gap": NUMBER,
    "solve_seconds": NUMBER,
    "score": NUMBER,
    "cost_in_plan_wan": NUMBER,
    "unspent_wan": NUMBER,
    "funded": COUNT,
    "candidates": COUNT,
    "targets_met": COUNT,
    "targets": COUNT,
    "names": TABLE,
    "benefit_cost": TABLE,
    "warnings": LIST,
}
BENEFIT_COST_KEYS = {
    "score": NUMBER,
    "targets_met": COUNT,
    "targets": COUNT,
    "unspent_wan": NUMBER,
    "funded": COUNT,
    "only_optimizer": LIST,
    "only_ranking": LIST,
}
# numeric columns of the tables read back (blank cells allowed)
NUMERIC_COLUMNS = {
    "ranked_projects.csv": ["start_year"],
    "funding_schedule.csv": ["year", "amount_wan"],
    "indicator_attainment.csv": ["value", "target", "attainment"],
    "budget_use.csv": ["year", "budget_wan", "used_wan", "unused_wan", "utilisation"],
}
POOL_COLUMNS = ["source_id", "year", "region_id", *NUMERIC_COLUMNS["budget_use.csv"][1:]]


def _holds(value: object, kind: str) -> bool:
    if value is None:
        return True
    if kind in (NUMBER, COUNT):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return kind == NUMBER or float(value).is_integer()
    return isinstance(value, {TEXT: str, TABLE: dict, LIST: list}[kind])


def _summary_issues(summary: dict, path: Path) -> list[Issue]:
    """Keys of a summary.json that do not hold what they should (edited by hand)."""
    checks = [(k, kind, summary.get(k)) for k, kind in SUMMARY_KEYS.items()]
    bc = summary.get("benefit_cost")
    if isinstance(bc, dict):
        checks += [(f"benefit_cost.{k}", kind, bc.get(k)) for k, kind in BENEFIT_COST_KEYS.items()]
    return [
        Issue(str(path), f"must be {kind}, not {value!r:.40}", column=key, field="key")
        for key, kind, value in checks
        if not _holds(value, kind)
    ]


def _read_table(path: Path, columns: list[str], required: bool) -> pd.DataFrame:
    """A CSV of the folder, with the columns readers rely on and numbers where numbers go."""
    if not path.exists():
        if required:
            raise InputError([Issue(str(path), "not found: is this a `solve --out` folder?")])
        return empty_frame(columns)
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(path), f"cannot be read ({exc})")]) from None
    issues = [
        Issue(str(path), "missing: the table was changed since it was written", column=c)
        for c in columns
        if c not in frame.columns
    ]
    for col in NUMERIC_COLUMNS.get(path.name, []):
        if col in frame.columns:
            numbers = pd.to_numeric(frame[col], errors="coerce")
            bad = frame[col].notna() & numbers.isna()
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0]) + 2  # the header is line 1
                text = f"{frame[col][bad].iloc[0]!r:.40}"
                issues.append(Issue(str(path), f"must be a number, not {text}", row, col))
            frame[col] = numbers
    if issues:
        raise InputError(issues)
    return frame


def from_folder(folder: Path) -> ResultTables:
    """Tables written by `solve --out`: a portfolio, or the conflicts of an infeasible run.
    A summary or table edited into a shape the readers cannot use is one line per problem."""
    summary_path = folder / "summary.json"
    if not folder.is_dir() or not summary_path.is_file():
        raise InputError([Issue(str(summary_path), "not found: is this a `solve --out` folder?")])
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(summary_path), f"not valid JSON ({exc})")]) from None
    if not isinstance(summary, dict):
        raise InputError([Issue(str(summary_path), "not a result summary")])
    issues = _summary_issues(summary, summary_path)
    if issues:
        raise InputError(issues)

    def read(name: str, columns: list[str], required: bool) -> pd.DataFrame:
        return _read_table(folder / name, columns, required)

    has_portfolio = summary.get("funded") is not None
    fiscal = folder / f"{FISCAL_FILE}.csv"
    return ResultTables(
        str(summary.get("scenario") or folder.name),
        summary,
        read("ranked_projects.csv", RANKED_COLUMNS, has_portfolio),
        read("funding_schedule.csv", FUNDING_COLUMNS, has_portfolio),
        read("indicator_attainment.csv", [*INDICATOR_COLUMNS, "met"], has_portfolio),
        read("budget_use.csv", POOL_COLUMNS, False),
        read("conflicts.csv", CONFLICT_COLUMNS, False),
        Names.from_json(summary.get("names")),
        read(fiscal.name, [], False) if fiscal.exists() else None,
    )
