"""Turn validated data + a scenario into the sparse index sets and numbers the model needs.

Only what can happen is indexed: start years that fit the plan, (project, source, year)
triples where the source is eligible and has a pool. Start years whose spending no
eligible source mix can cover are pruned here, with the reason kept for the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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
    unschedulable: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

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
    unschedulable: dict[str, str] = {}
    pool_of: dict[tuple[str, str, int], Pool] = {}
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
        reason = f"no start year in {row.earliest_start}-{row.latest_start} fits the plan"
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
                reason = f"eligible sources cannot cover its cost in {uncovered[0]}"
                continue
            options.append(t)
            spend[(p, t)] = by_year
            for y in by_year:
                for s in sources:
                    key = pool_for(s, y)
                    if key:
                        pool_of[(p, s, y)] = key
        if options:
            starts[p] = options
        else:
            unschedulable[p] = reason

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
        duration=proj["duration_years"].astype(int).to_dict(),
        land=proj["land_mu"].astype(float).to_dict() if rules.land else {},
        starts=starts,
        spend=spend,
        share=shares,
        pools=pools,
        pool_of=pool_of,
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
        dependencies=[(r.project_id, r.requires, r.kind) for r in data.dependencies.itertuples()]
        if rules.dependencies
        else [],
        exclusion_groups=dict(groups),
        equity={k: v for k, v in equity.items() if v != (None, None)},
        start_limits=limits,
        must=must,
        allow=allow,
        objective_kind=scenario.objective.kind,
        cost_tiebreak=scenario.objective.cost_tiebreak,
        unschedulable=unschedulable,
        warnings=[*data.warnings, *warnings],
    )
