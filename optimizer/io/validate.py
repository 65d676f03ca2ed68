"""Check and type the raw tables: every broken rule becomes one `Issue` line.

Checks run in two passes: cell-level (columns, types, ranges) per table, then
cross-table (references, duplicates, cycles). All issues are collected before raising.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd

from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.load import ROW, RawTable
from optimizer.io.schema import (
    DEPENDENCY_KINDS,
    INDICATOR_KINDS,
    REVENUE_CLASSES,
    TABLES,
    WILDCARD,
    Column,
    Table,
)

TRUE_WORDS = {"true", "1", "yes", "y", "是", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "f", ""}


def validate_tables(raw: dict[str, RawTable]) -> InputData:
    """Type every table, check every rule, and return the data or raise `InputError`."""
    issues: list[Issue] = []
    typed = {t.name: _type_table(raw[t.name], t, issues) for t in TABLES}
    if issues:
        raise InputError(issues)
    labels = {name: table.label for name, table in raw.items()}
    checker = _Checker(typed, labels)
    years = checker.run()
    if checker.issues:
        raise InputError(checker.issues)
    return InputData(**typed, years=years, labels=labels, warnings=tuple(checker.warnings))


def _parse(value: str, column: Column) -> object:
    """Parse one cell, or raise ValueError with the reason."""
    if column.type == "str":
        return value
    if column.type == "bool":
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"must be true or false, got {value!r}")
    if value == "":
        return math.nan
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"must be a finite number, got {value!r}")
    if column.type in ("int", "year"):
        if number != int(number):
            raise ValueError(f"must be a whole number, got {value!r}")
        if column.type == "year" and not 1900 <= number <= 2200:
            raise ValueError(f"must be a year, got {value!r}")
        return int(number)
    if column.type == "share" and not 0 <= number <= 1:
        raise ValueError(f"must be a share between 0 and 1, got {value!r}")
    return number


def _type_table(raw: RawTable, table: Table, issues: list[Issue]) -> pd.DataFrame:
    """Check the header and parse each cell by its column type."""
    frame = raw.frame
    if not raw.present:
        return pd.DataFrame({c.name: pd.Series(dtype=object) for c in table.columns} | {ROW: []})
    known = set(table.column_names)
    for name in frame.columns:
        if name != ROW and name not in known:
            expected = ", ".join(table.column_names)
            issues.append(Issue(raw.label, f"unknown column '{name}' (expected: {expected})"))
    for column in table.columns:
        if column.name not in frame.columns:
            if column.required:
                issues.append(Issue(raw.label, f"missing required column '{column.name}'"))
            frame = frame.assign(**{column.name: ""})
    out: dict[str, list[object]] = {c.name: [] for c in table.columns}
    for record in frame.to_dict("records"):
        for column in table.columns:
            value = record[column.name]
            if value == "" and column.required:
                issues.append(Issue(raw.label, "must not be empty", record[ROW], column.name))
                out[column.name].append(None)
                continue
            try:
                out[column.name].append(_parse(value, column))
            except ValueError as exc:
                issues.append(Issue(raw.label, str(exc), record[ROW], column.name))
                out[column.name].append(None)
    typed = pd.DataFrame(out)
    typed[ROW] = frame[ROW].to_numpy()
    return typed


class _Checker:
    """Cross-table rules. Each `check_*` method appends issues for one family of rules."""

    def __init__(self, tables: dict[str, pd.DataFrame], labels: dict[str, str]) -> None:
        self.t = tables
        self.labels = labels
        self.issues: list[Issue] = []
        self.warnings: list[str] = []

    def run(self) -> tuple[int, ...]:
        for table, key in [
            ("regions", "region_id"),
            ("indicators", "indicator_id"),
            ("projects", "project_id"),
            ("sources", "source_id"),
        ]:
            self.check_unique(table, [key])
        self.check_projects()
        self.check_indicators()
        self.check_gains()
        years = self.check_funding()
        self.check_eligibility()
        self.check_land_quota(years)
        self.check_dependencies()
        self.check_exclusions()
        self.check_equity()
        self.check_start_limits(years)
        return years

    def add(self, table: str, row: int | None, column: str | None, message: str) -> None:
        self.issues.append(Issue(self.labels[table], message, row, column))

    def rows(self, table: str) -> Iterable[dict]:
        return self.t[table].to_dict("records")

    def check_unique(self, table: str, keys: list[str]) -> None:
        seen: dict[tuple, int] = {}
        for rec in self.rows(table):
            key = tuple(rec[k] for k in keys)
            if key in seen:
                what = ", ".join(f"{k}={rec[k]!r}" for k in keys)
                self.add(table, rec[ROW], keys[-1], f"duplicate {what} (first on row {seen[key]})")
            else:
                seen[key] = rec[ROW]

    def check_reference(
        self, table: str, column: str, target: str, key: str, allow_blank: bool = False
    ) -> None:
        known = set(self.t[target][key])
        for rec in self.rows(table):
            value = rec[column]
            if allow_blank and value in ("", WILDCARD):
                continue
            if value not in known:
                self.add(table, rec[ROW], column, f"unknown {key} {value!r} (not in {target})")

    def check_choice(self, table: str, column: str, choices: Iterable[str], blank: str) -> None:
        allowed = set(choices)
        for rec in self.rows(table):
            value = rec[column]
            if value == "" and blank:
                continue
            if value not in allowed:
                options = " / ".join(sorted(allowed))
                self.add(table, rec[ROW], column, f"must be one of {options}, got {value!r}")

    def check_rule(
        self, table: str, column: str, ok: Callable[[dict], bool], message: Callable[[dict], str]
    ) -> None:
        for rec in self.rows(table):
            if not ok(rec):
                self.add(table, rec[ROW], column, message(rec))

    def check_projects(self) -> None:
        self.check_reference("projects", "region_id", "regions", "region_id")
        self.check_choice("projects", "revenue_class", REVENUE_CLASSES, blank="")
        self.check_rule(
            "projects",
            "cost_wan",
            lambda r: r["cost_wan"] > 0,
            lambda r: f"cost must be > 0 万元, got {r['cost_wan']:g}",
        )
        self.check_rule(
            "projects",
            "duration_years",
            lambda r: r["duration_years"] >= 1,
            lambda r: f"duration must be at least 1 year, got {r['duration_years']}",
        )
        self.check_rule(
            "projects",
            "latest_start",
            lambda r: r["latest_start"] >= r["earliest_start"],
            lambda r: (
                f"latest start {r['latest_start']} is before earliest start {r['earliest_start']}"
            ),
        )
        self.check_rule(
            "projects",
            "land_mu",
            lambda r: not r["land_mu"] < 0,
            lambda r: f"land need must be >= 0 亩, got {r['land_mu']:g}",
        )
        for rec in self.rows("projects"):
            if rec["cost_profile"]:
                problem = profile_problem(rec["cost_profile"], rec["duration_years"])
                if problem:
                    self.add("projects", rec[ROW], "cost_profile", problem)
        projects = self.t["projects"]
        projects["land_mu"] = projects["land_mu"].fillna(0.0)

    def check_indicators(self) -> None:
        self.check_choice("indicators", "kind", INDICATOR_KINDS, blank="")
        self.check_rule(
            "indicators",
            "target",
            lambda r: r["target"] > r["baseline"],
            lambda r: (
                f"target {r['target']:g} must exceed baseline {r['baseline']:g} "
                "(express a falling indicator as its improvement)"
            ),
        )
        self.check_rule(
            "indicators",
            "upper_bound",
            lambda r: not r["upper_bound"] < r["target"],
            lambda r: f"upper bound {r['upper_bound']:g} is below the target {r['target']:g}",
        )

    def check_gains(self) -> None:
        self.check_reference("project_gains", "project_id", "projects", "project_id")
        self.check_reference("project_gains", "indicator_id", "indicators", "indicator_id")
        self.check_unique("project_gains", ["project_id", "indicator_id"])

    def check_funding(self) -> tuple[int, ...]:
        self.check_reference("funding", "source_id", "sources", "source_id")
        self.check_reference("funding", "region_id", "regions", "region_id", allow_blank=True)
        self.check_unique("funding", ["source_id", "year", "region_id"])
        self.check_rule(
            "funding",
            "amount_wan",
            lambda r: r["amount_wan"] >= 0,
            lambda r: f"amount must be >= 0 万元, got {r['amount_wan']:g}",
        )
        funding = self.t["funding"]
        if funding.empty:
            self.add("funding", None, None, "no funding rows: the plan years come from this table")
            return ()
        for (source, year), group in funding.groupby(["source_id", "year"]):
            regional = group["region_id"] != ""
            if regional.any() and not regional.all():
                row = int(group[ROW].iloc[-1])
                self.add(
                    "funding",
                    row,
                    "region_id",
                    f"source {source!r} in {year} has both a city-wide row and regional rows; "
                    "use one or the other",
                )
        years = sorted(set(funding["year"]))
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            self.add("funding", None, "year", f"plan years must be contiguous; missing {gaps}")
        return tuple(range(years[0], years[-1] + 1))

    def check_eligibility(self) -> None:
        self.check_reference("eligibility", "source_id", "sources", "source_id")
        self.check_choice("eligibility", "revenue_class", (*REVENUE_CLASSES, WILDCARD), blank="*")
        categories = {*self.t["projects"]["category"], WILDCARD}
        self.check_choice("eligibility", "category", categories, blank="*")
        elig = self.t["eligibility"]
        for column in ("revenue_class", "category"):
            elig[column] = elig[column].replace("", WILDCARD)
        self.check_unique("eligibility", ["source_id", "revenue_class", "category"])

    def check_land_quota(self, years: tuple[int, ...]) -> None:
        self.check_reference("land_quota", "region_id", "regions", "region_id", allow_blank=True)
        self.check_unique("land_quota", ["year", "region_id"])
        self.check_rule(
            "land_quota",
            "quota_mu",
            lambda r: r["quota_mu"] >= 0,
            lambda r: f"quota must be >= 0 亩, got {r['quota_mu']:g}",
        )
        self.check_rule(
            "land_quota",
            "year",
            lambda r: r["year"] in years,
            lambda r: f"year {r['year']} is outside the plan years {years[0]}-{years[-1]}",
        )

    def check_dependencies(self) -> None:
        self.check_reference("dependencies", "project_id", "projects", "project_id")
        self.check_reference("dependencies", "requires", "projects", "project_id")
        self.check_choice("dependencies", "kind", DEPENDENCY_KINDS, blank="finish")
        deps = self.t["dependencies"]
        deps["kind"] = deps["kind"].replace("", "finish")
        self.check_rule(
            "dependencies",
            "requires",
            lambda r: r["requires"] != r["project_id"],
            lambda r: f"project {r['project_id']!r} cannot require itself",
        )
        cycle = find_cycle(
            (r["project_id"], r["requires"], r[ROW])
            for r in self.rows("dependencies")
            if r["requires"] != r["project_id"]
        )
        if cycle:
            path, rows = cycle
            self.add(
                "dependencies",
                rows[0],
                "requires",
                f"dependency cycle {' -> '.join(path)} (rows {', '.join(map(str, rows))})",
            )

    def check_exclusions(self) -> None:
        self.check_reference("exclusions", "project_id", "projects", "project_id")
        self.check_unique("exclusions", ["group_id", "project_id"])

    def check_equity(self) -> None:
        self.check_reference("equity", "region_id", "regions", "region_id")
        self.check_unique("equity", ["region_id"])
        self.check_rule(
            "equity",
            "max_share",
            lambda r: not r["min_share"] > r["max_share"],
            lambda r: f"min share {r['min_share']:g} exceeds max share {r['max_share']:g}",
        )
        total_min = self.t["equity"]["min_share"].fillna(0).sum()
        if total_min > 1 + 1e-9:
            self.add("equity", None, "min_share", f"minimum shares add up to {total_min:g} > 1")

    def check_start_limits(self, years: tuple[int, ...]) -> None:
        self.check_reference("start_limits", "region_id", "regions", "region_id", allow_blank=True)
        self.check_rule(
            "start_limits",
            "max_starts",
            lambda r: r["max_starts"] >= 0,
            lambda r: f"max starts must be >= 0, got {r['max_starts']}",
        )
        self.check_rule(
            "start_limits",
            "year",
            lambda r: pd.isna(r["year"]) or r["year"] in years,
            lambda r: f"year {r['year']} is outside the plan years",
        )


def profile_problem(text: str, duration: int) -> str | None:
    """Why a cost profile like '0.3;0.5;0.2' is unusable for `duration` years, or None."""
    try:
        shares = [float(s) for s in text.split(";")]
    except ValueError:
        return f"must be shares separated by ';', got {text!r}"
    if len(shares) != duration:
        return f"has {len(shares)} shares but the duration is {duration} years"
    if any(s < 0 for s in shares) or abs(sum(shares) - 1) > 1e-6:
        return f"shares must be >= 0 and add up to 1, got {text!r}"
    return None


def find_cycle(edges: Iterable[tuple[str, str, int]]) -> tuple[list[str], list[int]] | None:
    """A cycle in 'a requires b' edges as (path a -> ... -> a, rows), or None."""
    graph: dict[str, list[tuple[str, int]]] = {}
    for a, b, row in edges:
        graph.setdefault(a, []).append((b, row))
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        rows: list[int] = []
        state[root] = 1
        while stack:
            node, i = stack[-1]
            children = graph.get(node, [])
            if i == len(children):
                stack.pop()
                path.pop()
                if rows:
                    rows.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            child, row = children[i]
            if state.get(child) == 1:
                start = path.index(child)
                return [*path[start:], child], [*rows[start:], row]
            if not state.get(child):
                state[child] = 1
                stack.append((child, 0))
                path.append(child)
                rows.append(row)
    return None
