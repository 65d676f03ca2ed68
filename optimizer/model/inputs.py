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

from optimizer.config import DEFAULT_OM_SHARE, Scenario, blank, debt_terms
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
    sources cannot cover its cost (no pool, or shares below 100 %); self_balance: they
    could, but its own income services too little bond finance (rules.bond_self_balance);
    chain: its prerequisites, followed back, cannot let it start early enough to finish in
    the plan (`chain` runs from the first prerequisite to the project; a link with start
    -1 has no feasible start itself).
    """

    kind: str
    year: int | None = None
    chain: tuple[ChainLink, ...] = ()
    window: tuple[int, int] = (0, 0)  # the project's earliest and latest start year

    def __str__(self) -> str:
        if self.kind == "funding":
            return f"eligible sources cannot cover its cost in {self.year}"
        if self.kind == "self_balance":
            return (
                f"eligible sources cannot cover its cost in {self.year}: its own income "
                "cannot service more bond finance"
            )
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
    column per (class, source) loses no portfolio. Every member has the same plan year
    (pools are per year); `region` is the members' region when the key was refined by
    region (a fiscal rule needs the debt a region draws), else None.
    """

    sources: tuple[tuple[str, float, Pool], ...]  # (source, max share of cost, pool)
    members: tuple[tuple[str, int], ...]  # (project, plan year)
    region: str | None = None

    @property
    def year(self) -> int:
        return self.members[0][1]


def funding_classes(
    pool_of: dict[tuple[str, str, int], Pool],
    share: dict[tuple[str, str], float],
    region: dict[str, str] | None = None,
    debt: frozenset[str] = frozenset(),
) -> list[FundingClass]:
    """Group (project, year) pairs by their eligible (source, share, pool) triples, and by
    the project's region when `region` is given and a `debt` source is among them."""
    eligible: dict[tuple[str, int], list[tuple[str, float, Pool]]] = defaultdict(list)
    for (p, s, y), pool in sorted(pool_of.items()):
        eligible[(p, y)].append((s, share[(p, s)], pool))
    groups: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for key, sources in eligible.items():
        refine = region is not None and any(s in debt for s, _, _ in sources)
        groups[(tuple(sources), region[key[0]] if refine else None)].append(key)  # type: ignore[index]
    return [FundingClass(src, tuple(members), where) for (src, where), members in groups.items()]


@dataclass(frozen=True)
class DebtTerms:
    """A debt source's terms, and the repayment schedule of 1 万元 drawn in some year.

    Interest is paid yearly in arrears on the balance; the first `grace` years after the
    draw year pay interest only, then the principal is repaid in equal parts over the
    remaining term − grace years (grace = term − 1: all at maturity, 到期一次还本).
    k years after the draw (k = 1..term):
        P_k = 1/(term − grace) if k > grace else 0        principal
        O_k = 1 − Σ_{j≤k} P_j   (O_0 = 1)                 balance at the end of year k
        I_k = rate · O_{k−1}                              interest
        σ_k = I_k + P_k                                   debt service
    """

    rate: float
    term: int
    grace: int
    repaid_from: str | None  # the source whose budget pays the service (None: not charged)
    self_balance: bool  # a project's own income must cover the service (special bonds)

    def outstanding(self, k: int) -> float:
        if k < 0 or k >= self.term:
            return 0.0
        return 1.0 - max(k - self.grace, 0) / (self.term - self.grace)

    def principal(self, k: int) -> float:
        return self.outstanding(k - 1) - self.outstanding(k) if 1 <= k <= self.term else 0.0

    def interest(self, k: int) -> float:
        return self.rate * self.outstanding(k - 1) if 1 <= k <= self.term else 0.0

    def service(self, k: int) -> float:
        return self.interest(k) + self.principal(k)

    @property
    def lifetime_service(self) -> float:
        """Principal and every interest payment of 1 万元: Σ_k σ_k."""
        return 1.0 + sum(self.interest(k) for k in range(1, self.term + 1))


@dataclass(frozen=True)
class DebtLimit:
    """A debt ceiling (限额): new debt drawn in `year`, or debt outstanding at its end, of
    `source` (None: every debt source) in `region` (CITY: the whole city)."""

    kind: str  # new | outstanding
    year: int
    region: str
    source: str | None
    limit: float


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
    # fiscal sustainability: the data the fiscal table always uses, and the rules' switches
    debt: dict[str, DebtTerms] = field(default_factory=dict)  # debt source -> terms
    income: dict[str, float] = field(default_factory=dict)  # p -> own net income, 万元/yr
    om: dict[str, float] = field(default_factory=dict)  # p -> O&M after completion, 万元/yr
    persons: dict[str, float] = field(default_factory=dict)  # p -> people settled
    general_budget: str | None = None  # source id paying O&M, receiving reward transfers
    coverage_ratio: float = 1.1
    land_per_person: float = 0.0  # 亩 of land quota unlocked per person settled
    reward_per_person: float = 0.0  # 万元 of reward transfer per person settled
    charge_debt_service: bool = False
    charge_om: bool = False
    people_land_money: bool = False
    debt_limits: list[DebtLimit] = field(default_factory=list)
    robust_gamma: float | None = None  # Bertsimas–Sim Γ per budget pool; None: nominal
    overrun: dict[str, float] = field(default_factory=dict)  # p -> δ_p when robust

    @property
    def last_year(self) -> int:
        return self.years[-1]

    def pool_in(self, source: str | None, year: int, region: str) -> Pool | None:
        """The pool of `source` that pays or receives in `year` for `region`: the region's
        own pool, else the city-wide one, else None."""
        for key in ((source, year, region), (source, year, CITY)):
            if key in self.pools:
                return key  # type: ignore[return-value]
        return None

    @property
    def fiscal_years(self) -> list[int]:
        """Plan years and after, until the last repayment of debt drawn in the plan and a
        year after the last completion (when every funded project's O&M is running)."""
        ends = [self.last_year + t.term for t in self.debt.values()]
        ends += [self.finish(p, ts[-1]) + 1 for p, ts in self.starts.items()]
        return list(range(self.years[0], max([self.last_year + 1, *ends]) + 1))

    def finish(self, p: str, t: int) -> int:
        return t + self.duration[p] - 1

    def completes(self, p: str, t: int) -> bool:
        """Whether a start in `t` finishes inside the plan (so its gains count)."""
        return self.finish(p, t) <= self.last_year

    @property
    def total_budget(self) -> float:
        return sum(self.pools.values())

    def unspent(self, spent: float) -> float:
        """Money of every budget pool left when a portfolio spends `spent` 万元."""
        return max(self.total_budget - spent, 0.0)

    @property
    def total_cost(self) -> float:
        """Σ cost of every candidate: a scale that no budget scenario changes."""
        return sum(self.cost.values())

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
    """Every pool of the data, scaled; a source scaled to 0 keeps its pools, empty, so the
    model is the one a budget sweep re-solves and explanations can say what it lacks."""
    scale = scenario.budget
    return {
        (r.source_id, int(r.year), r.region_id or CITY): r.amount_wan
        * scale.scale
        * scale.sources.get(r.source_id, 1.0)
        for r in data.funding.itertuples()
    }


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


def _covered(
    shares: dict[tuple[str, str], float],
    p: str,
    sources: list[str],
    y: int,
    pool_for: Any,
) -> bool:
    """Whether p's eligible sources with a pool in year y may pay all of its cost."""
    return sum(shares.get((p, s), 0.0) for s in sources if pool_for(s, y)) >= 1 - 1e-9


def self_balance_shares(
    shares: dict[tuple[str, str], float],
    debt: dict[str, DebtTerms],
    income: dict[str, float],
    cost: dict[str, float],
    duration: dict[str, int],
    ratio: float,
) -> dict[tuple[str, str], float]:
    """Special-bond self-balance (rules.bond_self_balance) as a per-project bond share.

    A project's bond B_p from a self-balancing debt source s must be serviced by its own
    income over the bond's term after construction, with a coverage ratio:
        income_p · max(term_s − dur_p, 0) ≥ ratio · Σ_k σ_k · B_p
    (Σ_k σ_k: principal and interest of 1 万元, `DebtTerms.lifetime_service`), so s pays
    at most
        share_eff[p,s] = min(share[p,s], income_p · max(term_s − dur_p, 0)
                                         / (ratio · Σ_k σ_k · cost_p))
    of p's cost, year by year like any share cap. A project without income takes no bond.
    Projects with different effective shares fall into different funding classes, so the
    rule adds no row and no column.
    """
    out = {}
    for (p, s), share in shares.items():
        terms = debt.get(s)
        if terms is not None and terms.self_balance:
            years = max(terms.term - duration[p], 0)
            share = min(
                share, income.get(p, 0.0) * years / (ratio * terms.lifetime_service * cost[p])
            )
        if share > 1e-9:
            out[(p, s)] = share
    return out


def _column(proj: pd.DataFrame, column: str) -> dict[str, float]:
    """A numeric project column as p -> value, blanks (and absent columns) as 0."""
    if column not in proj:
        return {}
    return proj[column].astype(float).fillna(0.0).to_dict()


def _debt(data: InputData, scenario: Scenario) -> dict[str, DebtTerms]:
    """Every debt source (one with a term) and its terms, the scenario's over the data's."""
    return {
        s: DebtTerms(
            float(t["interest_rate"]),
            int(t["term_years"]),
            0 if blank(t["grace_years"]) else int(t["grace_years"]),
            t["repaid_from"] or None,
            bool(t["self_balance"]),
        )
        for s, t in debt_terms(scenario, data).items()
        if not blank(t["term_years"])
    }


def _om(proj: pd.DataFrame, scenario: Scenario) -> dict[str, float]:
    """Annual O&M per project: om_wan, else a share of its cost by category (public and
    quasi-public projects; a commercial one is run by an enterprise)."""
    shares = DEFAULT_OM_SHARE | scenario.fiscal.om_share
    om = {}
    for row in proj.itertuples(index=False):
        if not blank(row.om_wan):
            om[row.project_id] = float(row.om_wan)
        elif row.revenue_class != "commercial":
            share = shares.get(row.category, shares[WILDCARD])
            om[row.project_id] = share * float(row.cost_wan)
    return om


def _debt_limits(data: InputData, scenario: Scenario, years: list[int]) -> list[DebtLimit]:
    """The debt_limits rows, a blank year repeated for every plan year, scaled."""
    scale = scenario.fiscal.debt_limit_scale
    return [
        DebtLimit(r.kind, y, r.region_id or CITY, r.source_id or None, r.limit_wan * scale)
        for r in data.debt_limits.itertuples()
        for y in ([int(r.year)] if not pd.isna(r.year) else years)
    ]


def _fiscal_warnings(d: ModelInputs) -> list[str]:
    """Fiscal rules that are on but have nothing to act on, or no pool to charge."""
    out = []
    if d.charge_debt_service and not any(t.repaid_from for t in d.debt.values()):
        out.append("rules.debt_service: no debt source names repaid_from; nothing is charged")
    payers = {t.repaid_from for t in d.debt.values() if t.repaid_from and d.charge_debt_service}
    if d.charge_om or d.people_land_money:
        payers.add(d.general_budget)
    regions = set(d.region.values())
    for source in sorted(filter(None, payers)):
        missing = [(y, r) for y in d.years for r in sorted(regions) if not d.pool_in(source, y, r)]
        if missing:
            y, r = missing[0]
            out.append(
                f"{source} has no pool for {r} in {y} ({len(missing)} region-years): "
                "debt service, O&M or rewards falling there are not counted"
            )
    return out


def prepare(data: InputData, scenario: Scenario) -> ModelInputs:
    """Apply the scenario to the data and compute the model's sparse index sets."""
    rules = scenario.rules
    years = list(data.years)
    last = years[-1]
    horizon = last + (rules.max_carry_years if rules.allow_carry_over_projects else 0)
    proj = data.projects.set_index("project_id", drop=False)
    eligible, warnings = _eligible_shares(data)
    pools = _pools(data, scenario)
    debt = _debt(data, scenario)
    income = _column(proj, "income_wan")
    shares = eligible
    if rules.bond_self_balance:
        shares = self_balance_shares(
            eligible,
            debt,
            income,
            proj["cost_wan"].astype(float).to_dict(),
            proj["duration_years"].astype(int).to_dict(),
            scenario.fiscal.coverage_ratio,
        )

    starts: dict[str, list[int]] = {}
    spend: dict[tuple[str, int], dict[int, float]] = {}
    unschedulable: dict[str, Unschedulable] = {}
    paths: dict[tuple[str, str, int], Pool] = {}  # (p, s, y) -> pool, for every option
    sources_of: dict[str, list[str]] = defaultdict(list)
    for q, s in eligible:
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
            uncovered = [y for y in by_year if not _covered(shares, p, sources, y, pool_for)]
            if uncovered:
                y = uncovered[0]
                short = shares is not eligible and _covered(eligible, p, sources, y, pool_for)
                reason = Unschedulable("self_balance" if short else "funding", y)
                continue
            options.append(t)
            spend[(p, t)] = by_year
            for y in by_year:
                for s in sources:
                    key = pool_for(s, y)
                    if key and (p, s) in shares:
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

    debt_limits = _debt_limits(data, scenario, years) if rules.debt_ceiling else []
    if rules.debt_ceiling and not debt_limits:
        warnings.append("rules.debt_ceiling: the debt_limits table has no rows")
    regional = {s for (s, _, r) in pools if r != CITY}
    by_region = (
        rules.debt_service and any(t.repaid_from in regional for t in debt.values())
    ) or any(lim.region != CITY for lim in debt_limits)
    region = proj["region_id"].to_dict()
    inputs = ModelInputs(
        years=years,
        projects=list(proj.index),
        region=region,
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
        classes=funding_classes(pool_of, shares, region if by_region else None, frozenset(debt)),
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
        debt=debt,
        income=income,
        om=_om(proj, scenario),
        persons=_column(proj, "persons_settled"),
        general_budget=scenario.fiscal.general_budget
        if scenario.fiscal.general_budget in set(data.sources["source_id"])
        else None,
        coverage_ratio=scenario.fiscal.coverage_ratio,
        land_per_person=scenario.fiscal.land_mu_per_1000 / 1000,
        reward_per_person=scenario.fiscal.reward_wan_per_person,
        charge_debt_service=rules.debt_service,
        charge_om=rules.om_costs,
        people_land_money=rules.people_land_money,
        debt_limits=debt_limits,
        robust_gamma=scenario.robust.gamma,
        overrun={p: scenario.robust.delta(c) for p, c in proj["category"].items()}
        if scenario.robust.gamma is not None
        else {},
    )
    inputs.warnings += _fiscal_warnings(inputs)
    return inputs
