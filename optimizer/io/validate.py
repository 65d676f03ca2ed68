"""Check and type the raw tables: every broken rule becomes one `Issue` line.

Checks run in two passes: cell-level (headers, characters, types, ranges) per table, then
cross-table (references, duplicates, cycles). All issues of a pass are collected before
raising; the cross-table pass runs only on tables that typed cleanly and have rows, so one
empty or broken table is one line, not a line for every row that names it.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.load import ROW, RawTable, Tables
from optimizer.io.schema import (
    DEBT_LIMIT_KINDS,
    DEPENDENCY_KINDS,
    INDICATOR_KINDS,
    MAX_GAIN_RATIO,
    MAX_YEARS,
    REVENUE_CLASSES,
    TABLES,
    WILDCARD,
    YEAR_RANGE,
    Column,
    Table,
    column_aliases,
    near_miss,
    normalise,
    value_words,
)

TRUE_WORDS = {"true", "1", "yes", "y", "是", "t", "√", "✓"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "f", "", "×", "✗"}
# tables the model cannot do without a row of
NEEDS_ROWS = ("regions", "indicators", "projects", "sources", "funding", "eligibility")
# control and invisible characters: they break one-line messages, CSV rows and Excel files
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
CHARACTER_NAMES = {"\n": "line break", "\r": "carriage return", "\t": "tab"}
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
# a date as openpyxl or Excel's CSV writes it: 2025-03-01, 2025/3/1, 2025-03-01T00:00:00
DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})([ T][\d:.]*)?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 0 of Excel's 1900 date system


def validate_tables(raw: Mapping[str, RawTable]) -> InputData:
    """Type every table, check every rule, and return the data or raise `InputError`."""
    issues: list[Issue] = []
    extra: list[str] = []
    typed = {t.name: _type_table(raw[t.name], t, issues, extra) for t in TABLES}
    issues += [
        Issue(raw[name].label, "has no rows: the table needs at least one row below its header")
        for name in NEEDS_ROWS
        if raw[name].present and typed[name].empty
    ]
    if issues:
        raise InputError(issues)
    labels = {name: table.label for name, table in raw.items()}
    headers = {name: table.headers for name, table in raw.items()}
    checker = Checker(typed, labels, headers)
    years = checker.run()
    if checker.issues:
        raise InputError(checker.issues)
    warnings = [f"columns not used by the model, ignored: {'; '.join(extra)}"] if extra else []
    warnings += raw.warnings if isinstance(raw, Tables) else []
    return InputData(**typed, years=years, labels=labels, warnings=(*warnings, *checker.warnings))


def parse_number(text: str, percent: bool = False) -> float:
    """A number as typed in Excel or a CSV: full-width digits, `25,000` (thousands
    separators), `70%` where `percent`; non-finite values are refused."""
    value = unicodedata.normalize("NFKC", text).strip()
    if THOUSANDS.fullmatch(value):
        value = value.replace(",", "")
    scale = 1.0
    if percent and value.endswith("%"):
        value, scale = value[:-1].strip(), 0.01
    try:
        if "_" in value:
            raise ValueError
        number = float(value) * scale
    except ValueError:
        raise ValueError(f"must be a number, got {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"must be a finite number, got {text!r}")
    return number


def parse_bool(text: str, words: dict[str, str] | None = None) -> bool:
    """是/否, true/false, yes/no, 1/0 (and a column's own words, e.g. 约束性/预期性)."""
    word = normalise(text)
    value = (words or {}).get(word, word)
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError(f"must be 是/否 (true/false), got {text!r}")


def invisible_character(text: str) -> str | None:
    """Why `text` cannot be kept (a control or invisible character), or None."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group()
    name = CHARACTER_NAMES.get(char, "control or invisible character")
    return f"contains a {name} (U+{ord(char):04X}): remove it"


def _parse(value: str, column: Column, words: dict[str, str]) -> object:
    """Parse one cell, or raise ValueError with the reason."""
    if column.type == "str":
        if column.is_id:
            value = unicodedata.normalize("NFKC", value)
        return words.get(normalise(value), value) if words else value
    if column.type == "bool":
        return parse_bool(value, words)
    if value == "":
        return math.nan
    if column.type == "year":
        return parse_year(value)
    number = parse_number(value, percent=column.type == "share")
    if column.limit is not None and abs(number) > column.limit:
        bound = f"at most {column.limit:,.0f}" if number > 0 else f"at least -{column.limit:,.0f}"
        raise ValueError(f"must be {bound}, got {value!r}")
    if column.type == "int":
        if number != int(number):
            raise ValueError(f"must be a whole number, got {value!r}")
        return int(number)
    if column.type == "share" and not 0 <= number <= 1:
        raise ValueError(f"must be a share between 0 and 1, got {value!r}")
    return number


def parse_year(text: str) -> int:
    """A year: 2025, 2025年, or a date in it (an Excel date cell, 2025-03-01 or 2025/3/1).
    A date whose Excel serial number is itself a year (2025 typed into a date-formatted
    cell, shown as 1905-07-17) is that year."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match:
        year, month, day = (int(g) for g in match.group(1, 2, 3))
        try:
            serial = (datetime.date(year, month, day) - EXCEL_EPOCH).days
        except ValueError:
            raise ValueError(f"must be a year, got {text!r}") from None
        zero_time = not match.group(4) or not match.group(4).strip("0:. T")
        number = float(serial if zero_time and _is_year(serial) else year)
    else:
        number = parse_number(text.removesuffix("年"))
    if number != int(number) or not _is_year(number):
        raise ValueError(f"must be a year, got {text!r}")
    return int(number)


def _is_year(number: float) -> bool:
    return YEAR_RANGE[0] <= number <= YEAR_RANGE[1]


def _check_headers(raw: RawTable, table: Table, issues: list[Issue], extra: list[str]) -> set[str]:
    """Report misspelt and missing columns; list unknown ones in `extra`. Returns the
    columns the table lacks (their cells are not checked)."""
    frame = raw.frame
    aliases = column_aliases(table)
    absent = {c.name for c in table.columns if c.name not in frame.columns}
    candidates = {k: v for k, v in aliases.items() if v in absent}
    suggested: set[str] = set()
    unknown: list[str] = []
    for name in frame.columns:
        if name == ROW or name in table.column_names:
            continue
        guess = near_miss(name, candidates)
        if guess is None:
            unknown.append(name)
            continue
        suggested.add(guess)
        zh = table.header(guess, "zh")
        issues.append(
            Issue(raw.label, f"unknown column '{name}': did you mean '{guess}' ({zh})?", 1)
        )
    missing = [c.name for c in table.columns if c.name in absent and c.required]
    hint = "".join(f"; unknown column '{u}' is not it?" for u in unknown)
    for name in missing:
        if name not in suggested:
            zh = table.header(name, "zh")
            issues.append(Issue(raw.label, f"missing required column '{name}' ({zh}){hint}"))
    extra += [f"{raw.label} '{u}'" for u in unknown]
    return absent


def _type_table(raw: RawTable, table: Table, issues: list[Issue], extra: list[str]) -> pd.DataFrame:
    """Check the header and every cell's characters, and parse each cell by its type."""
    frame = raw.frame
    if not raw.present:
        return pd.DataFrame({c.name: pd.Series(dtype=object) for c in table.columns} | {ROW: []})
    absent = _check_headers(raw, table, issues, extra)
    rows = frame[ROW].tolist()
    out: dict[str, list[object]] = {}
    for column in table.columns:
        if column.name in absent:  # an optional column left out: blank everywhere
            out[column.name] = [_parse("", column, {})] * len(rows)
            continue
        shown = raw.shown(column.name)
        words = value_words(column)
        cells = frame[column.name].tolist()
        values: list[object] = []
        for row, value in zip(rows, cells, strict=True):
            problem = invisible_character(value)
            if problem is None and value == "" and column.required:
                problem = "must not be empty"
            if problem is None:
                try:
                    values.append(_parse(value, column, words))
                    continue
                except ValueError as exc:
                    problem = str(exc)
            issues.append(Issue(raw.label, problem, row, shown))
            values.append(None)
        out[column.name] = values
    typed = pd.DataFrame(out)
    typed[ROW] = rows
    return typed


class Checker:
    """Cross-table rules. Each `check_*` method appends issues for one family of rules."""

    def __init__(
        self,
        tables: dict[str, pd.DataFrame],
        labels: dict[str, str],
        headers: dict[str, dict[str, str]],
    ) -> None:
        self.t = tables
        self.labels = labels
        self.headers = headers
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
        self.check_project_years(years)
        self.check_eligibility()
        self.check_land_quota(years)
        self.check_dependencies()
        self.check_exclusions()
        self.check_equity()
        self.check_start_limits(years)
        self.check_debt_sources()
        self.check_fiscal_projects()
        self.check_debt_limits(years)
        return years

    def add(self, table: str, row: int | None, column: str | None, message: str) -> None:
        shown = self.headers[table].get(column, column) if column else None
        self.issues.append(Issue(self.labels[table], message, row, shown))

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

    def check_plan_year(self, table: str, years: tuple[int, ...]) -> None:
        """The table's `year` is a plan year (a blank one, where allowed, is every year)."""
        self.check_rule(
            table,
            "year",
            lambda r: pd.isna(r["year"]) or r["year"] in years,
            lambda r: f"year {r['year']} is outside the plan years {years[0]}-{years[-1]}",
        )

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
        self.check_gain_bounds()

    def check_gain_bounds(self) -> None:
        """A gain is at most MAX_GAIN_RATIO times its indicator's scale: the larger of its
        target − baseline and the size of its target or baseline (a re-plan moves baselines
        up to the targets; the scale stays)."""
        indicators = {r["indicator_id"]: r for r in self.rows("indicators")}
        for rec in self.rows("project_gains"):
            ind = indicators.get(rec["indicator_id"])
            if ind is None or not ind["target"] > ind["baseline"]:
                continue  # reported as an unknown id or a bad target
            scale = gain_scale(ind["baseline"], ind["target"])
            if abs(rec["gain"]) > MAX_GAIN_RATIO * scale:
                self.add(
                    "project_gains",
                    rec[ROW],
                    "gain",
                    f"gain {rec['gain']:g} is more than {MAX_GAIN_RATIO} times the scale of "
                    f"{rec['indicator_id']!r} ({scale:g}: its target − baseline, target or "
                    "baseline, whichever is largest): check its unit",
                )

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
        span = years[-1] - years[0] + 1
        if span > MAX_YEARS:
            self.add(
                "funding",
                None,
                "year",
                f"the plan runs {span} years ({years[0]}-{years[-1]}); at most {MAX_YEARS}",
            )
            return tuple(years)
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            self.add("funding", None, "year", f"plan years must be contiguous; missing {gaps}")
        return tuple(range(years[0], years[-1] + 1))

    def check_project_years(self, years: tuple[int, ...]) -> None:
        """Start years lie within MAX_YEARS of the plan (2205 for 2025 is a typo)."""
        low, high = years[0] - MAX_YEARS, years[-1] + MAX_YEARS
        for column in ("earliest_start", "latest_start"):
            self.check_rule(
                "projects",
                column,
                lambda r, c=column: low <= r[c] <= high,
                lambda r, c=column: (
                    f"year {r[c]} is more than {MAX_YEARS} years from the plan years "
                    f"{years[0]}-{years[-1]}"
                ),
            )

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
        self.check_plan_year("land_quota", years)

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
        self.check_plan_year("start_limits", years)

    def debt_source_ids(self) -> set[str]:
        sources = self.t["sources"]
        return set(sources.loc[sources["term_years"].notna(), "source_id"])

    def check_debt_sources(self) -> None:
        """A debt source has a rate and a term (grace shorter than the term); only debt has
        grace years, a repaying source or self-balance; debt is repaid by a non-debt source."""
        debt = self.debt_source_ids()
        self.check_reference("sources", "repaid_from", "sources", "source_id", allow_blank=True)
        for rec in self.rows("sources"):
            is_debt = rec["source_id"] in debt
            if is_debt and pd.isna(rec["interest_rate"]):
                self.add("sources", rec[ROW], "interest_rate", "a debt source needs a rate")
            if not is_debt:
                given = [
                    c
                    for c in ("interest_rate", "grace_years", "repaid_from", "self_balance")
                    if rec[c] not in ("", False) and not pd.isna(rec[c])
                ]
                if given:
                    self.add(
                        "sources",
                        rec[ROW],
                        "term_years",
                        f"{given[0]} is given, so the source is debt: it needs term_years",
                    )
                continue
            if rec["term_years"] < 1:
                self.add(
                    "sources",
                    rec[ROW],
                    "term_years",
                    f"term must be >= 1, got {rec['term_years']:g}",
                )
            grace = rec["grace_years"]
            if not pd.isna(grace) and not 0 <= grace < rec["term_years"]:
                self.add(
                    "sources",
                    rec[ROW],
                    "grace_years",
                    f"grace years must be >= 0 and shorter than the term ({rec['term_years']:g}), "
                    f"got {grace:g}",
                )
            if rec["repaid_from"] in debt:
                self.add(
                    "sources",
                    rec[ROW],
                    "repaid_from",
                    f"debt is repaid from a budget, but {rec['repaid_from']!r} is debt itself",
                )

    def check_fiscal_projects(self) -> None:
        for column in ("income_wan", "om_wan", "persons_settled"):
            self.check_rule(
                "projects",
                column,
                lambda r, c=column: not r[c] < 0,
                lambda r, c=column: f"{c} must be >= 0, got {r[c]:g}",
            )

    def check_debt_limits(self, years: tuple[int, ...]) -> None:
        self.check_reference("debt_limits", "region_id", "regions", "region_id", allow_blank=True)
        self.check_reference("debt_limits", "source_id", "sources", "source_id", allow_blank=True)
        debt = self.debt_source_ids()
        known = set(self.t["sources"]["source_id"])
        self.check_rule(
            "debt_limits",
            "source_id",
            lambda r: r["source_id"] in ("", *debt) or r["source_id"] not in known,
            lambda r: f"{r['source_id']!r} is not a debt source (no term_years in sources)",
        )
        self.check_choice("debt_limits", "kind", DEBT_LIMIT_KINDS, blank="outstanding")
        limits = self.t["debt_limits"]
        limits["kind"] = limits["kind"].replace("", "outstanding")
        seen: dict[tuple, int] = {}
        for rec in self.rows("debt_limits"):
            year = "every year" if pd.isna(rec["year"]) else int(rec["year"])
            key = (year, rec["region_id"], rec["source_id"], rec["kind"])
            if key in seen:
                self.add(
                    "debt_limits",
                    rec[ROW],
                    "limit_wan",
                    f"duplicate {rec['kind']} debt limit for {year}, region {rec['region_id']!r}, "
                    f"source {rec['source_id']!r} (first on row {seen[key]})",
                )
            seen.setdefault(key, rec[ROW])
        self.check_rule(
            "debt_limits",
            "limit_wan",
            lambda r: r["limit_wan"] >= 0,
            lambda r: f"limit must be >= 0 万元, got {r['limit_wan']:g}",
        )
        self.check_plan_year("debt_limits", years)


def gain_scale(baseline: float, target: float) -> float:
    """An indicator's scale, which bounds a project's gain (README, Input data: bounds)."""
    return max(target - baseline, abs(target), abs(baseline))


def profile_problem(text: str, duration: int) -> str | None:
    """Why a cost profile like '0.3;0.5;0.2' is unusable for `duration` years, or None."""
    try:
        shares = [parse_number(s) for s in text.split(";")]
    except ValueError:
        return f"must be finite shares separated by ';', got {text!r}"
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


def type_tables(
    raw: Mapping[str, RawTable], schema: tuple[Table, ...]
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Tables of another schema (a re-plan's actuals) typed cell by cell like the input
    tables; cross-table rules are the caller's. Returns the frames and the warnings (columns
    the schema does not know, hidden sheets ignored), or raises `InputError`."""
    issues: list[Issue] = []
    extra: list[str] = []
    typed = {t.name: _type_table(raw[t.name], t, issues, extra) for t in schema}
    if issues:
        raise InputError(issues)
    warnings = [f"columns not used, ignored: {'; '.join(extra)}"] if extra else []
    return typed, warnings + (raw.warnings if isinstance(raw, Tables) else [])
