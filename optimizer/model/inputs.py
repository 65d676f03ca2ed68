"""Turn validated data + a scenario into the sparse index sets and numbers the model needs.

Only what can happen is indexed: start years that fit the plan, (project, source, year)
triples where the source is eligible and has a pool. Start years whose spending no
eligible source mix can cover are pruned here, with the reason kept for the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from optimizer.config import Scenario
from optimizer.io.data import InputData
from optimizer.io.schema import WILDCARD

CITY = "*"  # region key of a city-wide pool or quota
CITY_LABEL = "(city)"  # how a city-wide pool's region is shown in output tables
Pool = tuple[str, int, str]  # (source, year, region or CITY)


@dataclass(frozen=True)
class Indicator:
    """An indicator with the numbers the objective and targets need."""

    id: str
    name: str
    unit: str
    baseline: float
    target: float
    binding: bool
    kind: str
    upper_bound: float | None
    weight: float

    @property
    def gap(self) -> float:
        return self.target - self.baseline


@dataclass(frozen=True)
class LandRow:
    """A land quota: projects starting in `year` in `region` (or city-wide) share `quota`."""

    year: int
    region: str
    quota: float


@dataclass(frozen=True)
class ChainLink:
    """One project on a chain of prerequisites: the earliest it can start and finish."""

    project: str
    kind: str  # how the next project on the chain depends on this one: finish / start
    start: int
    finish: int


@dataclass(frozen=True)
class Unschedulable:
    """Why a project has no feasible start year, known before any solve.

    window: no start year in its window fits the plan; funding: in `year` its eligible
    sources cannot cover its cost (no pool, or shares below 100 %); chain: its
    prerequisites, followed back, cannot let it start early enough to finish in the plan
    (`chain` runs from the first prerequisite to the project; a link with start -1 has no
    feasible start itself).
    """

    kind: str
    year: int | None = None
    chain: tuple[ChainLink, ...] = ()
    window: tuple[int, int] = (0, 0)  # the project's earliest and latest start year

    def __str__(self) -> str:
        if self.kind == "funding":
            return f"eligible sources cannot cover its cost in {self.year}"
        if self.kind == "chain":
            links = " -> ".join(
                f"{c.project} ({'no start' if c.start < 0 else f'{c.start}-{c.finish}'})"
                for c in self.chain
            )
            return f"its prerequisites cannot finish in time: {links}"
        return f"no start year in {self.window[0]}-{self.window[1]} fits the plan"


@dataclass(frozen=True)
class FundingClass:
    """Project-years that may draw on the same pools under the same caps: funded as one.

    Any split of a class total F[c,s] among the members in proportion to their spending,
    f[p,s,y] = F[c,s]·spend[p,y] / Σ_{(q,y)∈c} spend[q,y], meets every per-project row
    (each project's sources cover its cost, each source within its share), so one funding
    column per (class, source) loses no portfolio.
    """

    sources: tuple[tuple[str, float, Pool], ...]  # (source, max share of cost, pool)
    members: tuple[tuple[str, int], ...]  # (project, plan year)


def funding_classes(
    pool_of: dict[tuple[str, str, int], Pool], share: dict[tuple[str, str], float]
) -> list[FundingClass]:
    """Group (project, year) pairs by their eligible (source, share, pool) triples."""
    eligible: dict[tuple[str, int], list[tuple[str, float, Pool]]] = defaultdict(list)
    for (p, s, y), pool in sorted(pool_of.items()):
        eligible[(p, y)].append((s, share[(p, s)], pool))
    groups: dict[tuple[tuple[str, float, Pool], ...], list[tuple[str, int]]] = defaultdict(list)
    for key, sources in eligible.items():
        groups[tuple(sources)].append(key)
    return [FundingClass(sources, tuple(members)) for sources, members in groups.items()]


@dataclass
class ModelInputs:
    """Everything `build_model` needs, as plain Python containers."""

    years: list[int]
    projects: list[str]
    region: dict[str, str]
    category: dict[str, str]
    revenue_class: dict[str, str]
    name: dict[str, str]
    region_name: dict[str, str]  # region id -> display name from the input (e.g. 泽州县)
    source_name: dict[str, str]  # source id -> display name from the input (e.g. 一般公共预算)
    cost: dict[str, float]
    duration: dict[str, int]
    land: dict[str, float]
    starts: dict[str, list[int]]
    spend: dict[tuple[str, int], dict[int, float]]  # (p, start) -> {plan year: 万元}
    share: dict[tuple[str, str], float]  # (p, source) -> max share of cost
    pools: dict[Pool, float]
    pool_of: dict[tuple[str, str, int], Pool]  # (p, s, y) -> pool
    classes: list[FundingClass]  # the funding block, aggregated (see FundingClass)
    carry_sources: set[str]
    gains: dict[tuple[str, str], float]  # (p, indicator) -> gain on completion
    indicators: dict[str, Indicator]
    floors: dict[str, float]
    land_rows: list[LandRow]
    dependencies: list[tuple[str, str, str]]  # (project, requires, kind)
    exclusion_groups: dict[str, list[str]]
    equity: dict[str, tuple[float | None, float | None]]
    start_limits: dict[tuple[str, int], int]
    must: dict[str, int]
    allow: dict[str, int]
    objective_kind: str
    cost_tiebreak: float
    unschedulable: dict[str, Unschedulable] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    robust_gamma: float | None = None  # Bertsimas–Sim Γ per budget pool; None: nominal
    overrun: dict[str, float] = field(default_factory=dict)  # p -> δ_p when robust

    @property
    def last_year(self) -> int:
        return self.years[-1]

    def finish(self, p: str, t: int) -> int:
        return t + self.duration[p] - 1

    def completes(self, p: str, t: int) -> bool:
        """Whether a start in `t` finishes inside the plan (so its gains count)."""
        return self.finish(p, t) <= self.last_year

    @property
    def total_budget(self) -> float:
        return sum(self.pools.values())

    def worst_progress(self, i: str) -> float:
        """A valid lower bound of indicator i's progress: every schedulable project with a
        negative gain completes, none with a positive one does."""
        return sum(min(g, 0.0) for (p, j), g in self.gains.items() if j == i and p in self.starts)

    @cached_property
    def gains_by_project(self) -> dict[str, list[tuple[str, float]]]:
        """p -> [(indicator, gain on completion)]."""
        index: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (p, i), g in self.gains.items():
            index[p].append((i, g))
        return index

    def score(self, p: str) -> float:
        """Objective value of project p on completion: Σ_i w_i · gain_pi / gap_i."""
        return sum(
            ind.weight * self.gains.get((p, i), 0.0) / ind.gap for i, ind in self.indicators.items()
        )


def _profile(row: Any) -> list[float]:
    d = int(row.duration_years)
    if row.cost_profile:
        return [float(s) for s in row.cost_profile.split(";")]
    return [1.0 / d] * d


def _eligible_shares(data: InputData) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Most specific matching eligibility row per (project, source); ties take the smaller."""
    shares: dict[tuple[str, str], float] = {}
    warnings: list[str] = []
    rules = data.eligibility.to_dict("records")
    for p in data.projects.itertuples():
        by_source: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for r in rules:
            if r["revenue_class"] in (WILDCARD, p.revenue_class) and r["category"] in (
                WILDCARD,
                p.category,
            ):
                specificity = (r["revenue_class"] != WILDCARD) + (r["category"] != WILDCARD)
                by_source[r["source_id"]].append((specificity, r["max_share"]))
        for source, matches in by_source.items():
            best = max(m[0] for m in matches)
            candidates = {m[1] for m in matches if m[0] == best}
            if len(candidates) > 1:
                warnings.append(
                    f"eligibility: {source} rules tie for {p.project_id}; using the smaller share"
                )
            share = min(candidates)
            if share > 0:
                shares[(p.project_id, source)] = share
    return shares, warnings


def _pools(data: InputData, scenario: Scenario) -> dict[Pool, float]:
    scale = scenario.budget
    pools: dict[Pool, float] = {}
    for r in data.funding.itertuples():
        factor = scale.scale * scale.sources.get(r.source_id, 1.0)
        if factor > 0:
            pools[(r.source_id, int(r.year), r.region_id or CITY)] = r.amount_wan * factor
    return pools


def _prune_by_prerequisites(
    starts: dict[str, list[int]],
    unschedulable: dict[str, Unschedulable],
    dependencies: list[tuple[str, str, str]],
    duration: dict[str, int],
) -> None:
    """Drop start years that no schedule of the prerequisites can reach.

    ready[a] = max over `a requires b`: earliest[b] + dur[b] (finish) or earliest[b] (start);
    earliest[a] = the first start of a at or after ready[a]. Followed in dependency order
    (validated acyclic); a project left without a start names the chain that stops it.
    """
    needs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, kind in dependencies:
        needs[a].append((b, kind))
    earliest = {a: ts[0] for a, ts in starts.items() if a not in needs}
    chain: dict[str, tuple[ChainLink, ...]] = {}  # the prerequisite path that sets ready[a]
    for a in _prerequisites_first(needs):
        if a in unschedulable:  # no start of its own: window or funding says why
            continue
        ready, path = -1, ()
        for b, kind in needs[a]:
            if b not in earliest:  # the prerequisite can never start
                link = ChainLink(b, kind, -1, -1)
                unschedulable[a] = Unschedulable("chain", chain=(*chain.get(b, ()), link))
                break
            lag = duration[b] if kind == "finish" else 0
            if earliest[b] + lag > ready:
                link = ChainLink(b, kind, earliest[b], earliest[b] + duration[b] - 1)
                ready, path = earliest[b] + lag, (*chain.get(b, ()), link)
        if a in unschedulable:
            starts.pop(a)
            continue
        options = [t for t in starts[a] if t >= ready]
        if not options:
            first = max(ready, starts[a][0])
            link = ChainLink(a, "", first, first + duration[a] - 1)
            unschedulable[a] = Unschedulable("chain", chain=(*path, link))
            starts.pop(a)
            continue
        starts[a], earliest[a], chain[a] = options, options[0], path


def _prerequisites_first(needs: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The projects that have prerequisites, each after all of its own (graph is acyclic)."""
    order: list[str] = []
    done: set[str] = set()
    for root in needs:
        stack = [(root, iter(needs[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if node not in done:
                    done.add(node)
                    if node in needs:
                        order.append(node)
            elif child[0] not in done and child[0] in needs:
                stack.append((child[0], iter(needs[child[0]])))
    return order


def prepare(data: InputData, scenario: Scenario) -> ModelInputs:
    """Apply the scenario to the data and compute the model's sparse index sets."""
    rules = scenario.rules
    years = list(data.years)
    last = years[-1]
    horizon = last + (rules.max_carry_years if rules.allow_carry_over_projects else 0)
    proj = data.projects.set_index("project_id", drop=False)
    shares, warnings = _eligible_shares(data)
    pools = _pools(data, scenario)

    starts: dict[str, list[int]] = {}
    spend: dict[tuple[str, int], dict[int, float]] = {}
    unschedulable: dict[str, Unschedulable] = {}
    paths: dict[tuple[str, str, int], Pool] = {}  # (p, s, y) -> pool, for every option
    sources_of: dict[str, list[str]] = defaultdict(list)
    for q, s in shares:
        sources_of[q].append(s)
    for row in data.projects.itertuples(index=False):
        p, profile, region, d = row.project_id, _profile(row), row.region_id, row.duration_years
        sources = sources_of[p]

        def pool_for(s: str, y: int, region: str = region) -> Pool | None:
            for key in ((s, y, region), (s, y, CITY)):
                if key in pools:
                    return key
            return None

        options: list[int] = []
        reason = Unschedulable("window", window=(row.earliest_start, row.latest_start))
        for t in range(max(row.earliest_start, years[0]), row.latest_start + 1):
            if t + d - 1 > horizon:
                break
            by_year = {
                t + k: row.cost_wan * profile[k]
                for k in range(d)
                if t + k <= last and profile[k] > 0
            }
            uncovered = [
                y
                for y in by_year
                if sum(shares[(p, s)] for s in sources if pool_for(s, y)) < 1 - 1e-9
            ]
            if uncovered:
                reason = Unschedulable("funding", uncovered[0])
                continue
            options.append(t)
            spend[(p, t)] = by_year
            for y in by_year:
                for s in sources:
                    key = pool_for(s, y)
                    if key:
                        paths[(p, s, y)] = key
        if options:
            starts[p] = options
        else:
            unschedulable[p] = reason
    dependencies = (
        [(r.project_id, r.requires, r.kind) for r in data.dependencies.itertuples()]
        if rules.dependencies
        else []
    )
    duration = proj["duration_years"].astype(int).to_dict()
    _prune_by_prerequisites(starts, unschedulable, dependencies, duration)
    spend = {(p, t): by_year for (p, t), by_year in spend.items() if t in starts.get(p, ())}
    spent = {(p, y) for (p, _), by_year in spend.items() for y in by_year}
    pool_of = {(p, s, y): pool for (p, s, y), pool in paths.items() if (p, y) in spent}

    carry_default = dict(zip(data.sources["source_id"], data.sources["carry_over"], strict=True))
    if scenario.budget.carry_over is not None:
        carry_default = dict.fromkeys(carry_default, scenario.budget.carry_over)

    weights = scenario.objective.weights
    indicators = {
        r.indicator_id: Indicator(
            r.indicator_id,
            r.name,
            r.unit,
            r.baseline,
            r.target,
            bool(r.binding),
            r.kind,
            None if pd.isna(r.upper_bound) else r.upper_bound,
            weights.get(r.indicator_id, scenario.objective.default_weight),
        )
        for r in data.indicators.itertuples()
    }
    floors = dict(rules.indicator_floors)
    if rules.binding_targets:
        for i, ind in indicators.items():
            if ind.binding:
                floors[i] = max(floors.get(i, ind.target), ind.target)

    regions = list(data.regions["region_id"])
    equity: dict[str, tuple[float | None, float | None]] = {}
    if rules.equity:
        for r in data.equity.itertuples():
            lo = None if pd.isna(r.min_share) else r.min_share
            hi = None if pd.isna(r.max_share) else r.max_share
            equity[r.region_id] = (lo, hi)
    if rules.region_min_share is not None or rules.region_max_share is not None:
        for reg in regions:
            lo, hi = equity.get(reg, (None, None))
            equity[reg] = (
                rules.region_min_share if rules.region_min_share is not None else lo,
                rules.region_max_share if rules.region_max_share is not None else hi,
            )

    limits: dict[tuple[str, int], int] = {}
    if rules.start_limits:
        for r in data.start_limits.itertuples():
            for reg in [r.region_id] if r.region_id else regions:
                for y in [int(r.year)] if not pd.isna(r.year) else years:
                    limits[(reg, y)] = min(limits.get((reg, y), r.max_starts), r.max_starts)
    if rules.max_starts_per_region_year is not None:
        for reg in regions:
            for y in years:
                cap = rules.max_starts_per_region_year
                limits[(reg, y)] = min(limits.get((reg, y), cap), cap)

    mandatory = set(proj.index[proj["mandatory"]]) if rules.mandatory else set()
    must = {p: int(p in mandatory or p in rules.force_projects) for p in proj.index}
    allow = {p: int(p in starts and p not in rules.exclude_projects) for p in proj.index}

    groups: dict[str, list[str]] = defaultdict(list)
    if rules.exclusions:
        for r in data.exclusions.itertuples():
            groups[r.group_id].append(r.project_id)

    return ModelInputs(
        years=years,
        projects=list(proj.index),
        region=proj["region_id"].to_dict(),
        category=proj["category"].to_dict(),
        revenue_class=proj["revenue_class"].to_dict(),
        name=proj["name"].to_dict(),
        region_name=dict(zip(data.regions["region_id"], data.regions["name"], strict=True)),
        source_name=dict(zip(data.sources["source_id"], data.sources["name"], strict=True)),
        cost=proj["cost_wan"].astype(float).to_dict(),
        duration=duration,
        land=proj["land_mu"].astype(float).to_dict() if rules.land else {},
        starts=starts,
        spend=spend,
        share=shares,
        pools=pools,
        pool_of=pool_of,
        classes=funding_classes(pool_of, shares),
        carry_sources={s for s, c in carry_default.items() if c},
        gains={(r.project_id, r.indicator_id): r.gain for r in data.project_gains.itertuples()},
        indicators=indicators,
        floors=floors,
        land_rows=[
            LandRow(int(r.year), r.region_id or CITY, r.quota_mu)
            for r in data.land_quota.itertuples()
        ]
        if rules.land
        else [],
        dependencies=dependencies,
        exclusion_groups=dict(groups),
        equity={k: v for k, v in equity.items() if v != (None, None)},
        start_limits=limits,
        must=must,
        allow=allow,
        objective_kind=scenario.objective.kind,
        cost_tiebreak=scenario.objective.cost_tiebreak,
        unschedulable=unschedulable,
        warnings=[*data.warnings, *warnings],
        robust_gamma=scenario.robust.gamma,
        overrun={p: scenario.robust.delta(c) for p, c in proj["category"].items()}
        if scenario.robust.gamma is not None
        else {},
    )
