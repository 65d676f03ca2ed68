"""Re-plan a solved plan from the actuals of its first years (年度评估, 年度重点工作安排).

`replan(result, year, actuals)` builds a normal data set and scenario over the remaining
years `year`..last and solves them with the normal pipeline:

- a started project goes on (forced in, starting `year`) with what is left of its cost at
  the revised figure, spread over its remaining years in proportion to its cost profile
  (evenly up to a revised finish year), under its funding rules as before; its land was
  used when it started (0 亩 now), and the year's start limits grow by the projects going
  on; a project completed, or fully paid, leaves the data and its gains move the
  indicators' baselines;
- money spent leaves its pools: the remaining years keep their budgets (revised where
  the actuals say so) and a source that carries over brings into `year` what its pools
  had left, as realised;
- withdrawn projects are excluded (their dependants then cannot start), added projects
  compete with the rest, and planned projects that did not start keep a window of at
  least `year`;
- the objective is the original one: each weight is scaled by the remaining gap over
  the original gap (w·gap'/gap), so a unit of progress scores what it scored in the plan,
  and the cost tie-break by the remaining budget over the original.

Rules that sum over the plan (regional equity) apply to the spending still to come. An
indicator already past its target keeps its weight per unit; its target in the re-plan
data is set just above the new baseline (the data must have target > baseline) and it
is not binding any more.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from optimizer.analysis.reasons import number
from optimizer.config import Scenario, deep_merge, load_scenario, scenario_sheet_rows
from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.load import ROW, RawTable, load_tables
from optimizer.io.results import ResultTables, from_folder
from optimizer.io.schema import ACTUALS_TABLES, REVENUE_CLASSES
from optimizer.io.template import data_tables, write_template
from optimizer.io.validate import Checker, profile_problem, type_tables
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.manifest import read_manifest
from optimizer.model.inputs import CITY, ModelInputs, Pool, prepare
from optimizer.pipeline import RunResult, load_data, run_scenario

TOL = 1e-6  # 万元: less than this left to spend is paid
TARGET_STEP = 1e-6  # an indicator past its target: target' = baseline' + this × max(1, |target|)


@dataclass(frozen=True)
class Actuals:
    """What the bureau reports for the years before the re-plan year, validated."""

    starts: dict[str, int]  # project -> year it started
    spent: dict[tuple[str, str, int], float]  # (project, source, year) -> 万元
    costs: dict[str, float]  # project -> revised total cost
    finish: dict[str, int]  # started project -> revised finish year
    budgets: dict[Pool, float]  # pool -> revised amount
    withdrawn: dict[str, str]  # project -> reason
    new_projects: pd.DataFrame  # columns of `projects`
    new_gains: pd.DataFrame  # columns of `project_gains`
    warnings: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The solved plan being revised: scenario, data, inputs, portfolio and results."""

    scenario: Scenario
    data: InputData
    inputs: ModelInputs
    tables: ResultTables

    @property
    def starts(self) -> dict[str, int]:
        funded = self.tables.ranked[self.tables.ranked["funded"] == "y"]
        return dict(zip(funded["project_id"], funded["start_year"].astype(int), strict=True))


def read_plan(folder: Path) -> Plan:
    """A `solve --out` folder: its scenario and data (checked against the manifest)."""
    _, scenario = read_manifest(folder)
    data = load_data(scenario)
    return Plan(scenario, data, prepare(data, scenario), from_folder(folder))


def pool_of(d: ModelInputs, p_region: str, source: str, year: int) -> Pool | None:
    """The pool a project in `p_region` draws `source` from in `year` (regional first)."""
    for key in ((source, year, p_region), (source, year, CITY)):
        if key in d.pools:
            return key
    return None


def _checker(raw: dict[str, RawTable], typed: dict[str, pd.DataFrame], data: InputData) -> Checker:
    """The input validator's rule checker over the actuals and the plan's tables (which
    the actuals name)."""
    named = ("projects", "sources", "regions", "indicators")
    tables = typed | {t: getattr(data, t) for t in named}
    labels = {t: raw[t].label for t in typed} | {t: data.labels.get(t, t) for t in named}
    headers = {t: raw[t].headers for t in typed} | dict.fromkeys(named, {})
    return Checker(tables, labels, headers)


def load_actuals(path: Path, plan: Plan, year: int) -> Actuals:
    """Read and check the actuals (a CSV folder or a workbook) for re-planning from `year`."""
    data, d = plan.data, plan.inputs
    first, last = d.years[0], d.years[-1]
    if not first <= year <= last:
        raise InputError([Issue("--year", f"must be a plan year, {first}-{last}; got {year}")])
    raw = load_tables(path, ACTUALS_TABLES)
    typed, warnings = type_tables(raw, ACTUALS_TABLES)
    check = _checker(raw, typed, data)
    projects = set(data.projects["project_id"])
    sources = set(data.sources["source_id"])
    past = f"{first}-{year - 1}" if year > first else f"none before {first}"
    for table in ("actual_starts", "actual_spending", "cost_revisions", "withdrawn"):
        check.check_reference(table, "project_id", "projects", "project_id")
    check.check_unique("actual_starts", ["project_id"])
    starts = {r["project_id"]: r["start_year"] for r in check.rows("actual_starts")}
    for r in check.rows("actual_starts"):
        if not first <= r["start_year"] < year:
            check.add("actual_starts", r[ROW], "start_year", f"must be in {past}")
    check.check_reference("actual_spending", "source_id", "sources", "source_id")
    check.check_unique("actual_spending", ["project_id", "source_id", "year"])
    spent: dict[tuple[str, str, int], float] = {}
    for r in check.rows("actual_spending"):
        p, s, y = r["project_id"], r["source_id"], r["year"]
        start = starts.get(p)
        problem = None
        if p in projects and start is None:
            problem = ("project_id", f"{p} has spending but no start year in actual_starts")
        elif not first <= y < year:
            problem = ("year", f"must be in {past}")
        elif start is not None and y < start:
            problem = ("year", f"{p} started in {start}, after this spending")
        elif r["amount_wan"] < 0:
            problem = ("amount_wan", f"must be >= 0 万元, got {r['amount_wan']:g}")
        elif p in projects and s in sources and pool_of(d, d.region[p], s, y) is None:
            problem = ("source_id", f"{s} has no budget for {p}'s region in {y}")
        if problem:
            check.add("actual_spending", r[ROW], *problem)
        spent[(p, s, y)] = r["amount_wan"]
    check.check_unique("cost_revisions", ["project_id"])
    for r in check.rows("cost_revisions"):
        if not r["cost_wan"] > 0:
            check.add("cost_revisions", r[ROW], "cost_wan", f"must be > 0, got {r['cost_wan']:g}")
        f = r["finish_year"]
        if not pd.isna(f) and r["project_id"] not in starts:
            check.add("cost_revisions", r[ROW], "finish_year", "only for a started project")
        elif not pd.isna(f) and f < starts[r["project_id"]]:
            check.add("cost_revisions", r[ROW], "finish_year", "before the project started")
    check.check_unique("withdrawn", ["project_id"])
    budgets = _budget_revisions(check, data)
    new = _new_projects(check, data)
    if check.issues:
        raise InputError(check.issues)
    revisions = typed["cost_revisions"]
    return Actuals(
        starts=starts,
        spent=spent,
        costs=dict(zip(revisions["project_id"], revisions["cost_wan"], strict=True)),
        finish={
            r["project_id"]: int(r["finish_year"])
            for r in check.rows("cost_revisions")
            if not pd.isna(r["finish_year"])
        },
        budgets=budgets,
        withdrawn={r["project_id"]: r["reason"] for r in check.rows("withdrawn")},
        new_projects=new,
        new_gains=typed["new_project_gains"],
        warnings=warnings,
    )


def _budget_revisions(check: Checker, data: InputData) -> dict[Pool, float]:
    """Revised pool amounts; each must name a pool of the data's funding table."""
    check.check_reference("budget_revisions", "source_id", "sources", "source_id")
    check.check_unique("budget_revisions", ["source_id", "year", "region_id"])
    planned = set(data.funding[["source_id", "year", "region_id"]].itertuples(index=False))
    budgets: dict[Pool, float] = {}
    for r in check.rows("budget_revisions"):
        key = (r["source_id"], r["year"], r["region_id"])
        if r["amount_wan"] < 0:
            check.add("budget_revisions", r[ROW], "amount_wan", "must be >= 0 万元")
        elif key not in planned:
            where = r["region_id"] or "city-wide"
            check.add(
                "budget_revisions",
                r[ROW],
                "region_id",
                f"the funding table has no {where} pool of {key[0]} in {key[1]}",
            )
        budgets[(key[0], key[1], key[2] or CITY)] = r["amount_wan"]
    return budgets


def _new_projects(check: Checker, data: InputData) -> pd.DataFrame:
    """Added projects: new ids, known regions and indicators, sane numbers."""
    existing = set(data.projects["project_id"])
    check.check_unique("new_projects", ["project_id"])
    check.check_reference("new_projects", "region_id", "regions", "region_id")
    for r in check.rows("new_projects"):
        if r["project_id"] in existing:
            check.add("new_projects", r[ROW], "project_id", "already a project of the plan")
        if r["revenue_class"] not in REVENUE_CLASSES:
            check.add("new_projects", r[ROW], "revenue_class", "must be 公益性/准公益性/经营性")
        if not r["cost_wan"] > 0 or r["duration_years"] < 1:
            check.add("new_projects", r[ROW], "cost_wan", "cost must be > 0 and duration >= 1")
        if r["latest_start"] < r["earliest_start"]:
            check.add("new_projects", r[ROW], "latest_start", "before the earliest start")
        problem = r["cost_profile"] and profile_problem(r["cost_profile"], r["duration_years"])
        if problem:
            check.add("new_projects", r[ROW], "cost_profile", problem)
    check.check_reference("new_project_gains", "project_id", "new_projects", "project_id")
    check.check_reference("new_project_gains", "indicator_id", "indicators", "indicator_id")
    check.check_unique("new_project_gains", ["project_id", "indicator_id"])
    frame = check.t["new_projects"]
    frame["land_mu"] = frame["land_mu"].fillna(0.0)
    return frame


@dataclass(frozen=True)
class Progress:
    """Where a started project stands at the start of the re-plan year."""

    start: int
    spent: float
    cost: float  # revised total
    finish: int  # year it finishes (revised, or as planned; at least the re-plan year if
    # money is left)
    remaining: dict[int, float]  # year -> 万元 still to spend (empty: nothing left)

    @property
    def left(self) -> float:
        return sum(self.remaining.values())


def _shares(row: Any) -> list[float]:
    d = int(row.duration_years)
    return [float(s) for s in row.cost_profile.split(";")] if row.cost_profile else [1 / d] * d


def progress(plan: Plan, actuals: Actuals, year: int) -> dict[str, Progress]:
    """Each started project: what it spent, what is left and when it is spent."""
    spent: dict[str, float] = defaultdict(float)
    for (p, _, _), amount in actuals.spent.items():
        spent[p] += amount
    rows = plan.data.projects.set_index("project_id", drop=False)
    out = {}
    for p, t in actuals.starts.items():
        row = rows.loc[p]
        cost = actuals.costs.get(p, float(row.cost_wan))
        left = cost - spent[p]
        shares = _shares(row)
        finish = actuals.finish.get(p, t + len(shares) - 1)
        remaining: dict[int, float] = {}
        if left > TOL:
            if p in actuals.finish:
                span = range(year, max(finish, year) + 1)
                weights = [1.0] * len(span)
            else:
                span = range(year, t + len(shares))
                weights = [shares[y - t] for y in span]
            if not span or sum(weights) <= 0:
                span, weights = range(year, year + 1), [1.0]
            total = sum(weights)
            remaining = {y: left * w / total for y, w in zip(span, weights, strict=True) if w}
            finish = max(remaining)
        out[p] = Progress(t, spent[p], cost, finish, remaining)
    return out


@dataclass(frozen=True)
class Replan:
    """The re-plan's data tables and scenario (a dict, as a TOML file would hold it)."""

    tables: dict[str, pd.DataFrame]
    scenario: dict[str, Any]
    progress: dict[str, Progress]
    delivered: dict[str, float]  # indicator -> progress already made or paid for
    warnings: list[str]


def build_replan(plan: Plan, actuals: Actuals, year: int) -> Replan:
    """The remaining years as a data set and scenario (see the module's docstring)."""
    d, scenario = plan.inputs, plan.scenario
    state = progress(plan, actuals, year)
    last = d.years[-1]
    going = {p for p, s in state.items() if s.left > TOL and p not in actuals.withdrawn}
    gone = {p for p, s in state.items() if s.left <= TOL and p not in actuals.withdrawn}
    warnings = list(actuals.warnings)
    horizon = last + (
        scenario.rules.max_carry_years if scenario.rules.allow_carry_over_projects else 0
    )
    late = [p for p in sorted(going) if state[p].finish > horizon]
    if late:
        raise InputError(
            [
                Issue(
                    "actuals",
                    f"{p} would finish in {state[p].finish}, after the plan ends in {last}: "
                    "give an earlier finish_year, or allow carry-over projects in the scenario",
                )
                for p in late
            ]
        )
    tables = data_tables(plan.data)
    exclusions = tables["exclusions"]
    done_groups = set(exclusions.loc[exclusions["project_id"].isin(gone), "group_id"])
    rivals = set(exclusions.loc[exclusions["group_id"].isin(done_groups), "project_id"]) - gone
    tables["exclusions"] = exclusions[~exclusions["group_id"].isin(done_groups)]
    delivered = _delivered(plan, state, gone, last)
    tables["indicators"] = _indicators(tables["indicators"], delivered)
    out = {*actuals.withdrawn, *rivals}
    tables["projects"] = _projects(tables["projects"], plan, actuals, state, going, gone, out, year)
    gains = tables["project_gains"]
    new_gains = actuals.new_gains[list(gains.columns)]
    tables["project_gains"] = pd.concat(
        [gains[~gains["project_id"].isin(gone)], new_gains], ignore_index=True
    )
    budgets, carry_warnings = _pools(plan, actuals, year)
    warnings += carry_warnings
    tables["funding"] = pd.DataFrame(
        [
            {"source_id": s, "year": y, "region_id": "" if r == CITY else r, "amount_wan": v}
            for (s, y, r), v in budgets.items()
        ]
    )
    tables["land_quota"] = tables["land_quota"][tables["land_quota"]["year"] >= year]
    deps = tables["dependencies"]
    satisfied = deps["project_id"].isin(gone | going) | deps["requires"].isin(gone)
    satisfied |= deps["requires"].isin(going) & (deps["kind"] == "start")
    tables["dependencies"] = deps[~satisfied]
    tables["start_limits"] = _start_limits(d, going, year)
    raw = _scenario(plan, actuals, year, delivered, going, gone, rivals)
    # the same tie-break per 万元 as the plan: it is scaled by the candidates' cost
    cost = float(tables["projects"]["cost_wan"].astype(float).sum())
    raw["objective"]["cost_tiebreak"] *= cost / max(plan.inputs.total_cost, 1.0)
    return Replan(tables, raw, state, delivered, warnings)


def _delivered(
    plan: Plan, state: dict[str, Progress], gone: set[str], last: int
) -> dict[str, float]:
    """Per indicator, the gains of projects completed or fully paid that finish in the plan."""
    delivered = dict.fromkeys(plan.inputs.indicators, 0.0)
    for p in gone:
        if state[p].finish <= last:
            for i, g in plan.inputs.gains_by_project.get(p, []):
                delivered[i] += g
    return delivered


def _indicators(frame: pd.DataFrame, delivered: dict[str, float]) -> pd.DataFrame:
    """Baselines moved by what is delivered; a target already passed sits just above it."""
    out = frame.copy()
    for k, row in out.iterrows():
        baseline = row["baseline"] + delivered[row["indicator_id"]]
        if not pd.isna(row["upper_bound"]):
            baseline = min(baseline, row["upper_bound"])
        out.loc[k, "baseline"] = baseline
        if baseline >= row["target"]:
            target = baseline + TARGET_STEP * max(1.0, abs(row["target"]))
            out.loc[k, ["target", "binding"]] = [target, False]
            if not pd.isna(row["upper_bound"]) and row["upper_bound"] < target:
                out.loc[k, "upper_bound"] = target
    return out


def _projects(
    projects: pd.DataFrame,
    plan: Plan,
    actuals: Actuals,
    state: dict[str, Progress],
    going: set[str],
    gone: set[str],
    out: set[str],
    year: int,
) -> pd.DataFrame:
    """Projects going on (what is left, from `year`), the rest (windows from `year`; those
    excluded no longer mandatory), and the new ones."""
    frame = projects[~projects["project_id"].isin(gone)].reset_index(drop=True)
    frame.loc[frame["project_id"].isin(out), "mandatory"] = False
    planned = plan.starts
    for k, row in frame.iterrows():
        p = row["project_id"]
        if p in going:
            s = state[p]
            shares = [s.remaining[y] / s.left for y in sorted(s.remaining)]
            frame.loc[k, ["cost_wan", "duration_years", "earliest_start", "latest_start"]] = [
                s.left,
                len(shares),
                year,
                year,
            ]
            frame.loc[k, ["land_mu", "cost_profile"]] = [
                0.0,
                ";".join(repr(x) for x in shares) if len(shares) > 1 else "",
            ]
            continue
        frame.loc[k, "cost_wan"] = actuals.costs.get(p, row["cost_wan"])
        latest = row["latest_start"]
        if planned.get(p, year) < year and p not in actuals.starts:
            latest = max(latest, year)  # planned, not started: it may still start now
        if latest >= year:
            frame.loc[k, ["earliest_start", "latest_start"]] = [
                max(row["earliest_start"], year),
                latest,
            ]
    new = actuals.new_projects[list(frame.columns)]
    return pd.concat([frame, new], ignore_index=True)


def _pools(plan: Plan, actuals: Actuals, year: int) -> tuple[dict[Pool, float], list[str]]:
    """Budgets of `year`..last (revised where given) plus what carried into `year`."""
    d = plan.inputs
    budget = {k: actuals.budgets.get(k, v) for k, v in d.pools.items()}
    budget |= {k: v for k, v in actuals.budgets.items() if k not in budget}
    used: dict[Pool, float] = defaultdict(float)
    for (p, s, y), amount in actuals.spent.items():
        pool = pool_of(d, d.region[p], s, y)
        if pool is not None:
            used[pool] += amount
    warnings = []
    carried: dict[Pool, float] = defaultdict(float)
    for s, y, r in sorted(budget, key=lambda k: (k[0], k[2], k[1])):
        if y >= year:
            continue
        available = budget[(s, y, r)] + carried[(s, y, r)]
        if used[(s, y, r)] > available + TOL:
            warnings.append(
                f"{s} {y} ({'city-wide' if r == CITY else r}): spent {number(used[(s, y, r)])} "
                f"of {number(available)} 万元 available; add a budget revision if more came"
            )
        if s in d.carry_sources and (s, y + 1, r) in budget:
            carried[(s, y + 1, r)] = max(available - used[(s, y, r)], 0.0)
    remaining = {k: v + carried[k] for k, v in budget.items() if k[1] >= year}
    return remaining, warnings


def _start_limits(d: ModelInputs, going: set[str], year: int) -> pd.DataFrame:
    """The limits in force from `year`, one row per region and year; a project going on
    counts as a start in `year` in the re-plan, so that year's limit grows by them."""
    going_in: dict[str, int] = defaultdict(int)
    for p in going:
        going_in[d.region[p]] += 1
    rows = [
        {"region_id": r, "year": y, "max_starts": n + (going_in[r] if y == year else 0)}
        for (r, y), n in sorted(d.start_limits.items())
        if y >= year
    ]
    return pd.DataFrame(rows, columns=["region_id", "year", "max_starts"])


def _scenario(
    plan: Plan,
    actuals: Actuals,
    year: int,
    delivered: dict[str, float],
    going: set[str],
    gone: set[str],
    rivals: set[str],
) -> dict[str, Any]:
    """The plan's scenario over the re-plan data: budgets as written, projects going on
    forced in, withdrawn and completed alternatives' rivals out, the objective unchanged."""
    scenario = plan.scenario
    raw = scenario.model_dump(mode="json", exclude={"path"})
    raw["name"] = f"{scenario.name}-replan{year}"
    raw["description"] = f"{scenario.description} (re-planned from {year})".strip()
    raw["budget"] |= {"scale": 1.0, "sources": {}}
    rules = raw["rules"]
    excluded = {*scenario.rules.exclude_projects, *actuals.withdrawn, *rivals} - gone - going
    rules["force_projects"] = sorted(({*scenario.rules.force_projects} - gone - excluded) | going)
    rules["exclude_projects"] = sorted(excluded)
    rules["max_starts_per_region_year"] = None
    weights = {}
    for i, ind in plan.inputs.indicators.items():
        remaining = ind.gap - delivered[i]
        gap = remaining if remaining > 0 else TARGET_STEP * max(1.0, abs(ind.target))
        weights[i] = ind.weight * gap / ind.gap
    raw["objective"]["weights"] = weights
    return _without_none(raw)


def _without_none(value: Any) -> Any:
    """TOML has no null: a key set to None is left out (its default applies)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value


def toml_text(raw: dict[str, Any]) -> str:
    """A scenario dict as TOML: scalars and lists first, then each table."""
    lines: list[str] = []
    _toml_table(raw, [], lines)
    return "\n".join(lines).strip() + "\n"


def _toml_key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if bare else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"TOML cannot hold {value}")
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _toml_table(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    if path:
        lines.append(f"\n[{'.'.join(_toml_key(k) for k in path)}]")
    for key, value in table.items():
        if not isinstance(value, dict):
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in table.items():
        if isinstance(value, dict):
            _toml_table(value, [*path, key], lines)


# --- the diff against the original plan ---------------------------------------------------


def _join(parts: list[str], lang: Lang) -> str:
    return ("；" if lang == "zh" else "; ").join(p for p in parts if p)


def project_diff(
    plan: Plan,
    actuals: Actuals,
    replan: Replan,
    result: RunResult,
    year: int,
    lang: Lang = DEFAULT_LANG,
) -> pd.DataFrame:
    """Every project the plan or the re-plan funds, or the actuals name: kept, going on,
    completed, delayed, advanced, dropped, added or withdrawn, with the reason."""
    assert result.solution is not None and result.ranked is not None
    planned = plan.starts
    now = result.solution.start_years()
    why = result.ranked.set_index("project_id")["why"]
    new = actuals.new_projects.set_index("project_id")
    names = {**plan.inputs.name, **new["name"].to_dict()}
    regions = {**plan.inputs.region, **new["region_id"].to_dict()}
    state = replan.progress
    ids = sorted({*planned, *now, *actuals.starts, *actuals.withdrawn, *new.index})
    rows = []
    for p in ids:
        reasons = []
        before = plan.inputs.cost.get(p)
        if p in actuals.costs and before is not None:
            reasons.append(
                label("cycle.why.cost", lang, before=number(before), after=number(actuals.costs[p]))
            )
        if p in planned and planned[p] < year and p not in actuals.starts:
            reasons.append(label("cycle.why.not_started", lang, year=planned[p]))
        start = now.get(p)
        if p in actuals.withdrawn:
            change = "withdrawn"
            reasons.insert(
                0, label("cycle.why.withdrawn", lang, reason=actuals.withdrawn[p] or "–")
            )
        elif p in state:
            s = state[p]
            start = s.start
            if s.left > TOL:
                change = "continuing"
                reasons.insert(
                    0,
                    label(
                        "cycle.why.started",
                        lang,
                        year=s.start,
                        left=number(s.left),
                        finish=s.finish,
                    ),
                )
            elif s.finish < year:
                change = "completed"
                reasons.insert(0, label("cycle.why.completed", lang))
            else:
                change = "continuing"
                counted = label(
                    "cycle.why.counted"
                    if s.finish <= plan.inputs.years[-1]
                    else "cycle.why.not_counted",
                    lang,
                )
                reasons.insert(0, label("cycle.why.paid", lang, finish=s.finish, counted=counted))
        elif p in planned and start is None:
            change = "dropped"
            reasons.append(str(why.get(p, "")))
        elif p not in planned and start is not None:
            change = "added"
            if p in new.index:
                reasons.insert(0, label("cycle.why.new", lang))
            reasons.append(str(why.get(p, "")))
        elif start is None:
            continue  # neither plan funds it (a new project left out, a revised cost)
        elif start > planned[p]:
            change = "delayed"
            reasons.append(str(why.get(p, "")))
        elif start < planned[p]:
            change = "advanced"
            reasons.append(str(why.get(p, "")))
        else:
            change = "kept"
            reasons.append(str(why.get(p, "")))
        rows.append(
            {
                "project_id": p,
                "name": names.get(p, p),
                "region_id": regions.get(p, ""),
                "change": label(f"cycle.change.{change}", lang),
                "change_id": change,
                "planned_start": planned.get(p),
                "new_start": start if change != "withdrawn" else None,
                "planned_cost_wan": before,
                "revised_cost_wan": actuals.costs.get(p, before),
                "left_wan": state[p].left if p in state else None,
                "reason": _join(reasons, lang),
            }
        )
    order = {
        c: k
        for k, c in enumerate(
            (
                "dropped",
                "delayed",
                "added",
                "withdrawn",
                "advanced",
                "continuing",
                "kept",
                "completed",
            )
        )
    }
    frame = pd.DataFrame(rows)
    frame["planned_start"] = frame["planned_start"].astype("Int64")
    frame["new_start"] = frame["new_start"].astype("Int64")
    return frame.sort_values(
        by="change_id", key=lambda c: c.map(order), kind="stable", ignore_index=True
    )


def target_diff(plan: Plan, result: RunResult) -> pd.DataFrame:
    """Per indicator: the value the plan reached, the re-plan reaches, and whether each
    meets the original target."""
    assert result.solution is not None
    before = plan.tables.indicators.set_index("indicator_id")["value"]
    after = result.solution.indicators.set_index("indicator_id")["value"]
    rows = []
    for i, ind in plan.inputs.indicators.items():
        tol = 1e-9 * max(1.0, abs(ind.target))
        rows.append(
            {
                "indicator_id": i,
                "name": ind.name,
                "unit": ind.unit,
                "binding": ind.binding,
                "target": ind.target,
                "planned_value": float(before[i]),
                "replan_value": float(after[i]),
                "value_change": float(after[i] - before[i]),
                "met_in_plan": bool(before[i] >= ind.target - tol),
                "met_replan": bool(after[i] >= ind.target - tol),
            }
        )
    return pd.DataFrame(rows)


# --- the run --------------------------------------------------------------------------------

INPUT_BOOK = "replan_input.xlsx"  # the re-plan's data set (and, informatively, its scenario)
SCENARIO_FILE = "replan.toml"  # the re-plan's scenario, naming INPUT_BOOK


@dataclass
class ReplanRun:
    """A re-plan solved: the plan, the actuals, the re-plan's inputs, its run and the diff
    (none when the re-plan has no portfolio)."""

    source: Path  # the plan's result folder
    actuals_path: Path
    plan: Plan
    actuals: Actuals
    replan: Replan
    result: RunResult
    year: int
    diff: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None


def write_replan_input(folder: Path, replan: Replan, raw: dict[str, Any], lang: Lang) -> None:
    """INPUT_BOOK (the data, the scenario as its 情景 sheet) and SCENARIO_FILE in `folder`."""
    (folder / SCENARIO_FILE).write_text(toml_text(raw | {"data": INPUT_BOOK}), encoding="utf-8")
    scenario = Scenario.model_validate(raw | {"data": folder / INPUT_BOOK})
    write_template(folder / INPUT_BOOK, replan.tables, scenario_sheet_rows(scenario, lang), lang)


def run_replan(
    result: Path,
    year: int,
    actuals: Path,
    stage: Path,
    overrides: dict[str, Any] | None = None,
    lang: Lang = DEFAULT_LANG,
) -> ReplanRun:
    """Re-plan the `solve --out` folder `result` from `year` with the actuals at `actuals`;
    the re-plan's input files are written to `stage` and solved from there."""
    plan = read_plan(result)
    reported = load_actuals(actuals, plan, year)
    replan = build_replan(plan, reported, year)
    write_replan_input(stage, replan, deep_merge(replan.scenario, overrides or {}), lang)
    solved = run_scenario(load_scenario(stage / SCENARIO_FILE), lang=lang)
    solved.inputs.warnings.extend(replan.warnings)
    run = ReplanRun(result, actuals, plan, reported, replan, solved, year)
    if solved.solution is not None:
        run.diff = project_diff(plan, reported, replan, solved, year, lang)
        run.targets = target_diff(plan, solved)
    return run
