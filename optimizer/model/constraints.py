"""Constraint families: one function each, named for the rule it enforces.

Notation: x[p,t] ∈ {0,1} project p starts in year t (t ∈ T_p, its feasible starts);
c[p,t,y] the cost of p in year y when started in t (its cost profile);
spend[p,y] = Σ_t c[p,t,y]·x[p,t]. Funding is decided per class c of project-years that
share eligible sources, shares and pools: S[c] = Σ_{(p,y)∈c} spend[p,y], F[c,s] ≥ 0 万元
that source s pays for the class, draw[c,s] = F[c,s] (or S[c] for a one-source class).

With `elastic=True` every soft family gets a non-negative slack per row, so an
infeasible scenario still solves and the slacks say which rules conflict.

The fiscal families (debt service, O&M, 人地钱挂钩) add terms to rows other families own:
`m.budget_charges[pool]` (万元 a pool pays besides projects; negative = received) enter
`source_budgets`, `m.land_credits[(year, region)]` (亩 unlocked) enter `land_quota`; so
they are called before those two. Debt expressions are in `model/fiscal.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyomo.environ as pyo

from optimizer.model.fiscal import completed_before, debt_drawn, outstanding
from optimizer.model.inputs import CITY, ModelInputs


@dataclass(frozen=True)
class ElasticFamily:
    """A family's slack variables, the scale each is divided by, and the rule's name."""

    name: str
    var: pyo.Var
    scale: dict


def _slack(
    m: pyo.ConcreteModel,
    name: str,
    index: list,
    scale: dict,
    elastic: bool,
    upper: pyo.Param | None = None,
) -> pyo.Var | None:
    """Declare `name` slacks over `index` when elastic, and register them on the model."""
    if not elastic or not index:
        return None
    var = pyo.Var(index, within=pyo.NonNegativeReals, bounds=(0, upper))
    m.add_component(name, var)
    m.elastic_families.append(ElasticFamily(name, var, scale))
    return var


def project_selection_bounds(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """Each project starts at most once; mandatory and forced projects start exactly once.

        must[p] ≤ Σ_{t∈T_p} x[p,t] ≤ allow[p]

    `must` and `allow` are mutable, so forcing or excluding a project is a re-solve.
    In the elastic model only the originally mandatory rows get a slack, bounded by the
    mutable `mandatory_slack_ub` (0 turns forcing hard again, for explanations).
    """
    schedulable = [p for p in d.projects if p in d.starts]
    m.allow = pyo.Param(d.projects, initialize=d.allow, mutable=True)
    m.must = pyo.Param(d.projects, initialize=d.must, mutable=True)
    m.select_at_most = pyo.Constraint(schedulable, rule=lambda m, p: m.funded[p] <= m.allow[p])
    mandatory = [p for p in d.projects if d.must[p]]
    m.mandatory_slack_ub = pyo.Param(initialize=1.0, mutable=True)
    slack = _slack(
        m, "slack_must", mandatory, dict.fromkeys(mandatory, 1.0), elastic, m.mandatory_slack_ub
    )

    def at_least(m: pyo.ConcreteModel, p: str) -> object:
        lhs = m.funded[p] if p in d.starts else 0
        return lhs + (slack[p] if slack is not None and p in slack else 0) >= m.must[p]

    m.select_at_least = pyo.Constraint(sorted({*schedulable, *mandatory}), rule=at_least)


def funding_covers_spending(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """Every 万元 a funding class spends in its plan year is paid by its eligible sources.

    Σ_s F[c,s] = S[c] = Σ_{(p,y)∈c} spend[p,y]        ∀ classes c with several sources
    (a one-source class draws S[c] from its source: no column, no row)
    """
    split = sorted({c for c, _ in m.SPLIT})
    m.funding_balance = pyo.Constraint(
        split,
        rule=lambda m, c: (
            pyo.quicksum(m.F[c, s] for s, _, _ in d.classes[c].sources) == m.class_spend[c]
        ),
    )


def source_share_caps(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """A source pays at most its eligible share of the class's cost, year by year.

        F[c,s] ≤ share[c,s] · S[c]      ∀ (c,s), share[c,s] < 1

    Tied to spend (hence to x), this is the tight form: no funding without a start. Every
    member has the same share, so the pro-rata split meets each project's own cap.
    """
    share = {(c, s): a for c, cl in enumerate(d.classes) for s, a, _ in cl.sources}
    capped = [(c, s) for (c, s) in m.SPLIT if share[(c, s)] < 1]
    m.source_share_cap = pyo.Constraint(
        capped, rule=lambda m, c, s: m.F[c, s] <= share[(c, s)] * m.class_spend[c]
    )


def source_budgets(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """Spending from each pool (source, year, region or city) stays within its budget.

        Σ_{(c,s)∈pool} draw[c,s] + charges[pool] + carry[pool] − carry[prev(pool)]
            ≤ budget[pool]

    carry ≥ 0 exists only for sources whose unspent funds roll into the next year;
    charges[pool] is what the fiscal rules make the pool pay (debt service, O&M) less what
    they bring it (reward transfers), 0 when they are off.
    `budget` is mutable, so budget sweeps are re-solves.
    """
    members: dict = defaultdict(list)
    for c, cl in enumerate(d.classes):
        for s, _, pool in cl.sources:
            members[pool].append((c, s))
    pools = list(d.pools)
    m.POOLS = pyo.Set(initialize=pools, dimen=3, ordered=True)
    m.budget = pyo.Param(m.POOLS, initialize=d.pools, mutable=True)
    carry_pools = [
        (s, y, r) for (s, y, r) in pools if s in d.carry_sources and (s, y + 1, r) in d.pools
    ]
    m.carry = pyo.Var(carry_pools, within=pyo.NonNegativeReals)
    carried = set(carry_pools)
    scale = {k: max(v, 1.0) for k, v in d.pools.items()}
    slack = _slack(m, "slack_budget", pools, scale, elastic)

    def rule(m: pyo.ConcreteModel, s: str, y: int, r: str) -> object:
        used = pyo.quicksum(m.draw[k] for k in members[(s, y, r)])
        used += pyo.quicksum(m.budget_charges.get((s, y, r), []))
        out = m.carry[s, y, r] if (s, y, r) in carried else 0
        into = m.carry[s, y - 1, r] if (s, y - 1, r) in carried else 0
        extra = slack[s, y, r] if slack is not None else 0
        return used + out - into - extra <= m.budget[s, y, r]

    m.source_budget = pyo.Constraint(m.POOLS, rule=rule)


def land_quota(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """New construction land used by projects starting in a year stays within the quota.

    Σ_{p∈region, t=y} land[p]·x[p,t] − unlocked[y, region] ≤ quota[y, region]
    (region CITY: all projects; `unlocked` is the quota people settled bring, 0 unless
    rules.people_land_money)
    """
    rows = list(range(len(d.land_rows)))
    m.land_quota_mu = pyo.Param(rows, initialize=lambda m, k: d.land_rows[k].quota, mutable=True)
    slack = _slack(
        m, "slack_land", rows, {k: max(d.land_rows[k].quota, 1.0) for k in rows}, elastic
    )

    starting: dict[tuple[int, str], list[str]] = defaultdict(list)  # (year, region) -> p
    for p, ts in d.starts.items():
        if d.land.get(p, 0) > 0:
            for t in ts:
                starting[(t, d.region[p])].append(p)
                starting[(t, CITY)].append(p)

    def rule(m: pyo.ConcreteModel, k: int) -> object:
        row = d.land_rows[k]
        used = pyo.quicksum(d.land[p] * m.x[p, row.year] for p in starting[(row.year, row.region)])
        if isinstance(used, (int, float)):
            return pyo.Constraint.Skip
        used -= pyo.quicksum(m.land_credits.get((row.year, row.region), []))
        return used - (slack[k] if slack is not None else 0) <= m.land_quota_mu[k]

    m.land_quota = pyo.Constraint(rows, rule=rule)


def dependencies(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """A project starts only after (kind=finish) or with (kind=start) what it requires.

    Cumulative time-indexed form, the tightest linear form of precedence:
        finish:  Σ_{t'≤t} x[A,t'] ≤ Σ_{t'': t''+dur_B ≤ t} x[B,t'']     ∀ t ∈ T_A
        start:   Σ_{t'≤t} x[A,t'] ≤ Σ_{t'' ≤ t} x[B,t'']               ∀ t ∈ T_A
    """
    rows = [
        (a, b, kind, t) for (a, b, kind) in d.dependencies if a in d.starts for t in d.starts[a]
    ]

    def rule(m: pyo.ConcreteModel, k: int) -> object:
        a, b, kind, t = rows[k]
        lag = d.duration[b] if kind == "finish" else 0
        before = pyo.quicksum(m.x[a, u] for u in d.starts[a] if u <= t)
        ready = pyo.quicksum(m.x[b, u] for u in d.starts.get(b, []) if u + lag <= t)
        return before <= ready

    m.dependency = pyo.Constraint(range(len(rows)), rule=rule)


def mutual_exclusions(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """At most one project of a group of alternatives is funded.

    Σ_{p∈g} Σ_t x[p,t] ≤ 1      ∀ groups g
    """
    groups = {g: [p for p in ps if p in d.starts] for g, ps in d.exclusion_groups.items()}
    groups = {g: ps for g, ps in groups.items() if len(ps) > 1}
    m.mutual_exclusion = pyo.Constraint(
        list(groups), rule=lambda m, g: pyo.quicksum(m.funded[p] for p in groups[g]) <= 1
    )


def regional_equity(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """Each region's share of total plan spending lies within its bounds.

        spend_r ≥ min_r · Σ_r' spend_r'      and      spend_r ≤ max_r · Σ_r' spend_r'
    where spend_r = Σ_{p∈r, y} spend[p,y] (plan years only).
    """
    lows = [r for r, (lo, _) in d.equity.items() if lo]
    highs = [r for r, (_, hi) in d.equity.items() if hi is not None and hi < 1]
    scale = max(d.total_cost, 1.0)
    s_lo = _slack(m, "slack_equity_min", lows, dict.fromkeys(lows, scale), elastic)
    s_hi = _slack(m, "slack_equity_max", highs, dict.fromkeys(highs, scale), elastic)
    by_region: dict[str, list] = defaultdict(list)
    for p, y in m.SPEND:
        by_region[d.region[p]].append((p, y))

    def spend_in(m: pyo.ConcreteModel, r: str) -> object:
        return pyo.quicksum(m.spend[k] for k in by_region[r])

    m.equity_min = pyo.Constraint(
        lows,
        rule=lambda m, r: (
            spend_in(m, r) + (s_lo[r] if s_lo is not None else 0) >= d.equity[r][0] * m.total_spend
        ),
    )
    m.equity_max = pyo.Constraint(
        highs,
        rule=lambda m, r: (
            spend_in(m, r) - (s_hi[r] if s_hi is not None else 0) <= d.equity[r][1] * m.total_spend
        ),
    )


def indicator_targets(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """Binding (约束性) indicators and planners' floors reach their value by plan end.

        baseline_i + Σ_p gain[p,i] · Σ_{t: p finishes in plan} x[p,t] ≥ floor_i
    `floor` is mutable, so "what if tunnels must reach 30 km" sweeps are re-solves.
    """
    rows = list(d.floors)
    m.floor = pyo.Param(rows, initialize=d.floors, mutable=True)
    scale = {i: d.indicators[i].gap for i in rows}
    slack = _slack(m, "slack_target", rows, scale, elastic)
    m.indicator_floor = pyo.Constraint(
        rows,
        rule=lambda m, i: m.value[i] + (slack[i] if slack is not None else 0) >= m.floor[i],
    )


def start_limits(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """At most N projects start in a region in a year.

    Σ_{p∈r} x[p,y] ≤ N[r,y]
    """
    members: dict = defaultdict(list)
    for p, ts in d.starts.items():
        for t in ts:
            if (d.region[p], t) in d.start_limits:
                members[(d.region[p], t)].append(p)
    rows = [k for k in d.start_limits if len(members[k]) > d.start_limits[k]]
    slack = _slack(m, "slack_starts", rows, dict.fromkeys(rows, 1.0), elastic)
    m.start_limit = pyo.Constraint(
        rows,
        rule=lambda m, r, y: (
            pyo.quicksum(m.x[p, y] for p in members[(r, y)])
            - (slack[r, y] if slack is not None else 0)
            <= d.start_limits[(r, y)]
        ),
    )


def debt_service_charges(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """Debt service falling due in a plan year is paid from the repaying source's budget,
    so borrowing now competes with projects later (rules.debt_service).

        charges[pool(ρ_s, z, r)] += Σ_{y<z} σ_s(z − y) · debt[s, y, r]
                                        ∀ debt sources s repaid from ρ_s, plan years z
    σ_s(k): interest + principal of 1 万元 k years after it was drawn (`DebtTerms`);
    pool(ρ, z, r): ρ's pool of region r in year z, else its city-wide pool. Service due
    after the plan is reported in the fiscal table, not charged.
    """
    if not d.charge_debt_service:
        return
    debt = debt_drawn(m, d)
    for s, y, r in m.DEBT:
        terms = d.debt[s]
        for z in d.years:
            pool = d.pool_in(terms.repaid_from, z, r)
            if pool is not None and terms.service(z - y):
                m.budget_charges[pool].append(terms.service(z - y) * debt[s, y, r])


def om_charges(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """O&M of a completed project is paid from the general budget G every plan year after
    it completes (public-good facilities, 004 L559; rules.om_costs).

        charges[pool(G, z, r_p)] += om_p · Σ_{t: finish(p,t) < z} x[p,t]     ∀ p, plan years z
    """
    if not d.charge_om:
        return
    for p, om in d.om.items():
        for z in d.years:
            pool = d.pool_in(d.general_budget, z, d.region[p])
            done = completed_before(d, p, z)
            if om and pool is not None and done:
                m.budget_charges[pool].append(om * pyo.quicksum(m.x[p, t] for t in done))


def people_land_money(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """人地钱挂钩: the people a project settles unlock land quota and central reward
    transfers in its region in the year after it completes (rules.people_land_money).

        unlocked[z, R] += λ · persons_p · x[p,t]     ∀ t: finish(p,t) + 1 = z, R ∈ {r_p, CITY}
        charges[pool(G, z, r_p)] −= ω · persons_p · x[p,t]
    λ 亩 per person, ω 万元 per person, G the general budget (the reward is a general
    transfer). Linear in the start variables: resources that depend on the decisions.
    """
    if not d.people_land_money:
        return
    for p, persons in d.persons.items():
        for t in d.starts.get(p, []) if persons else []:
            z = d.finish(p, t) + 1
            for where in (d.region[p], CITY):
                m.land_credits[(z, where)].append(d.land_per_person * persons * m.x[p, t])
            pool = d.pool_in(d.general_budget, z, d.region[p])
            if pool is not None:
                m.budget_charges[pool].append(-d.reward_per_person * persons * m.x[p, t])


def debt_ceilings(m: pyo.ConcreteModel, d: ModelInputs, elastic: bool) -> None:
    """Debt stays within its ceilings (限额; 保持债务规模不超限额, pilot #87 L13359):
    new debt drawn in a year, or debt outstanding at its end, per source or all debt,
    city-wide or per region (rules.debt_ceiling).

        new:          Σ_{s∈S_k} Σ_{r∈R_k} debt[s, y_k, r]                        ≤ limit_k
        outstanding:  Σ_{s∈S_k} Σ_{r∈R_k} Σ_{y≤y_k} O_s(y_k − y) · debt[s, y, r]  ≤ limit_k
    R_k = {r_k} for a regional row, every region and CITY for a city-wide one; O_s(k) the
    balance of 1 万元 k years after it was drawn. `debt_limit` is mutable.
    """
    rows = list(range(len(d.debt_limits)))
    if not rows:
        return
    debt = debt_drawn(m, d)
    m.debt_limit = pyo.Param(rows, initialize=lambda m, k: d.debt_limits[k].limit, mutable=True)
    scale = {k: max(d.debt_limits[k].limit, 1.0) for k in rows}
    slack = _slack(m, "slack_debt", rows, scale, elastic)

    def rule(m: pyo.ConcreteModel, k: int) -> object:
        lim = d.debt_limits[k]
        keys = [
            (s, y, r)
            for s, y, r in m.DEBT
            if (lim.source is None or s == lim.source) and lim.region in (CITY, r)
        ]
        if lim.kind == "new":
            owed = pyo.quicksum(debt[key] for key in keys if key[1] == lim.year)
        else:
            owed = outstanding(m, d, lim.year, keys)
        if isinstance(owed, (int, float)):
            return pyo.Constraint.Skip
        return owed - (slack[k] if slack is not None else 0) <= m.debt_limit[k]

    m.debt_ceiling = pyo.Constraint(rows, rule=rule)


def robust_budgets(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """Bertsimas–Sim protection of each budget pool against cost overruns (robust on only).

    Any Γ_k = min(Γ, n_k) of the n_k projects drawing on pool k may cost δ_p more. What
    such an overrun adds to the pool is bounded by the linear term
        dev[k,p] = δ_p · share[p,s] · spend[p,y]      ((p,y) a member of a class on pool k)
    exact for a one-source class (share 1, the class draws all its spending from k) and an
    upper bound otherwise (the source pays at most its share of the extra cost): per-project
    draws are not variables, and this keeps the row linear in x. The worst case over Γ_k
    projects is the LP max Σ_p dev[k,p]·u_p, Σ u ≤ Γ_k, 0 ≤ u ≤ 1; its dual protects the
    pool's budget row (`source_budgets`, slack included when elastic):

        row_k + Γ_k·z[k] + Σ_p q[k,p] ≤ budget[k]
        z[k] + q[k,p] ≥ dev[k,p],      0 ≤ z[k] ≤ max_p dev,  q ≥ 0

    The nominal row stays (it is implied). Γ is a coefficient, never a param (params may
    not enter a row body), so a sweep over Γ rebuilds the model. Γ = 0 leaves the nominal
    optimum; Γ ≥ n_k protects every project's cost × (1 + δ_p).
    """
    if d.robust_gamma is None:
        return
    size: dict = defaultdict(int)  # pool -> n_k, the projects that may draw on it
    deviation = {}  # (pool..., project) -> (δ_p · share, (project, year))
    for cl in d.classes:
        for _, share, pool in cl.sources:
            size[pool] += len(cl.members)
            for p, y in cl.members:
                if d.overrun[p] > 0:
                    deviation[(*pool, p)] = (d.overrun[p] * share, (p, y))
    peak: dict = defaultdict(float)  # (p, y) -> the most p can spend in y
    for (p, _), by_year in d.spend.items():
        for y, amount in by_year.items():
            peak[(p, y)] = max(peak[(p, y)], amount)
    largest: dict = defaultdict(float)
    members: dict = defaultdict(list)
    for (s, y, r, p), (rate, key) in deviation.items():
        largest[(s, y, r)] = max(largest[(s, y, r)], rate * peak[key])
        members[(s, y, r)].append(p)
    m.ROBUST_POOLS = pyo.Set(initialize=list(members), dimen=3, ordered=True)
    m.ROBUST_DEV = pyo.Set(initialize=list(deviation), dimen=4, ordered=True)
    m.protect_z = pyo.Var(m.ROBUST_POOLS, bounds=lambda m, *k: (0, largest[k]))
    m.protect_q = pyo.Var(m.ROBUST_DEV, within=pyo.NonNegativeReals)

    def dual(m: pyo.ConcreteModel, s: str, y: int, r: str, p: str) -> object:
        rate, key = deviation[(s, y, r, p)]
        return m.protect_z[s, y, r] + m.protect_q[s, y, r, p] >= rate * m.spend[key]

    m.protection_dual = pyo.Constraint(m.ROBUST_DEV, rule=dual)

    def rule(m: pyo.ConcreteModel, s: str, y: int, r: str) -> object:
        k = (s, y, r)
        _, row, budget = m.source_budget[k].to_bounded_expression()
        gamma = min(d.robust_gamma or 0.0, size[k])
        protection = pyo.quicksum(m.protect_q[(*k, p)] for p in members[k])
        return row + gamma * m.protect_z[k] + protection <= budget

    m.robust_budget = pyo.Constraint(m.ROBUST_POOLS, rule=rule)
