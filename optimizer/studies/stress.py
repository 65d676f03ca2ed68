"""Stress tests of a solved portfolio: what happens to it when costs overrun and budgets
come in short.

Each sample multiplies every funded project's cost by a lognormal ratio drawn for its
category (`[stress]` in the scenario: mean overrun and standard deviation; defaults in
`config.OVERRUN_PRIORS`) and, optionally, cuts each year's budget of a source by a share
drawn uniformly up to `stress.shortfall[source]`. Start years stay fixed; only the funding
LP is re-solved: every kept project's spending paid by its eligible sources within their
shares, pools with carry-over. While some pool falls short, the bureau drops projects in
this order (`drop_order`): among the projects that draw on a short pool (or, for a source
that carries over, on the same source's pool in an earlier year), the lowest indicator
score per 万元 at the overrun cost goes first, a project counted together with the funded
projects that require it (they go with it); mandatory projects go last.

Samples are drawn from `numpy.random.default_rng((seed, k))`, so sample k is the same
whichever worker draws it: `--jobs` and `--scheduler` give the serial answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pydantic import ValidationError

from optimizer.config import Scenario, StressConfig, deep_merge
from optimizer.errors import InputError, Issue
from optimizer.io.results import from_folder
from optimizer.manifest import read_manifest
from optimizer.model.inputs import ModelInputs, Pool, funding_classes, prepare
from optimizer.pipeline import load_data
from optimizer.solve.solver import Solver
from optimizer.studies.parallel import chunks, run_tasks

SHORT = 1e-6  # 万元 of slack below which a pool is not short
MET = 1e-9  # relative tolerance of "target met"


@dataclass(frozen=True)
class Portfolio:
    """A solved plan's portfolio under test: its scenario, prepared inputs and start years
    (light enough to send to worker processes)."""

    scenario: Scenario
    inputs: ModelInputs
    starts: dict[str, int]  # funded project -> start year

    @property
    def spend(self) -> dict[str, dict[int, float]]:
        """Funded project -> {plan year: 万元} at its planned start."""
        return {p: self.inputs.spend[(p, t)] for p, t in self.starts.items()}


def portfolio_from_result(
    folder: Path, stress: dict | None = None, where: str = "[stress]"
) -> Portfolio:
    """The portfolio of a `solve --out` folder, its data checked against the manifest;
    `stress` overrides its scenario's [stress] keys (`where` names them in errors)."""
    _, scenario = read_manifest(folder)
    if stress:
        raw = deep_merge(scenario.model_dump(exclude={"path"}), {"stress": stress})
        try:
            scenario = Scenario.model_validate(raw)
        except ValidationError as exc:
            raise InputError(
                [
                    Issue(where, e["msg"], column=".".join(map(str, e["loc"])), field="key")
                    for e in exc.errors()
                ]
            ) from None
    ranked = from_folder(folder).ranked
    inputs = prepare(load_data(scenario), scenario)
    funded = ranked[ranked["funded"] == "y"]
    starts = dict(zip(funded["project_id"], funded["start_year"].astype(int), strict=True))
    wrong = [p for p, t in starts.items() if (p, t) not in inputs.spend]
    if wrong:
        raise InputError(
            [
                Issue(str(folder / "ranked_projects.csv"), f"{p} cannot start in {starts[p]}")
                for p in wrong
            ]
        )
    return Portfolio(scenario, inputs, starts)


def lognormal(mean: float, sd: float) -> tuple[float, float]:
    """(μ, σ) of the normal whose exp has mean 1 + `mean` and standard deviation `sd`."""
    sigma2 = math.log1p((sd / (1 + mean)) ** 2)  # log1p: exact for a tiny spread
    return math.log(1 + mean) - sigma2 / 2, math.sqrt(sigma2)


@dataclass(frozen=True)
class Draw:
    """One sample: each funded project's cost ratio and each pool's budget."""

    ratio: dict[str, float]
    budget: dict[Pool, float]


def draw(plan: Portfolio, config: StressConfig, k: int) -> Draw:
    """Sample k: ratios in project order, then shortfalls in (source, year) order."""
    rng = np.random.default_rng((config.seed, k))
    projects = sorted(plan.starts)
    params = [lognormal(*config.overrun(plan.inputs.category[p])[:2]) for p in projects]
    z = rng.standard_normal(len(projects))
    ratio = {
        p: math.exp(mu + sigma * zk) for p, (mu, sigma), zk in zip(projects, params, z, strict=True)
    }
    cuts = {
        (s, y): rng.uniform(0, config.shortfall[s])
        for s in sorted(config.shortfall)
        for y in plan.inputs.years
    }
    budget = {k: v * (1 - cuts.get(k[:2], 0.0)) for k, v in plan.inputs.pools.items()}
    return Draw(ratio, budget)


class FundingLP:
    """The money rules of the fixed portfolio as one LP, re-solved per sample and per drop.

    Funding is aggregated by class as in the model (FundingClass): F[c,s] ≥ 0 with
        Σ_s F[c,s] = total[c],   F[c,s] ≤ share[c,s]·total[c]
        Σ_{(c,s)∈pool} F[c,s] + carry_out − carry_in − short[pool] ≤ budget[pool]
    minimising Σ short[pool]·(1 + (last year − year)/10)/pool size: a pool is short when no
    split pays for the kept projects, and the weight puts the shortage in the latest pool
    of a carry-over chain that can hold it. `total` and `budget` are mutable params.
    Solves are canonical, so a drop decision depends on the sample only.
    """

    def __init__(self, plan: Portfolio) -> None:
        d = plan.inputs
        spend = plan.spend
        pool_of = {
            (p, s, y): pool for (p, s, y), pool in d.pool_of.items() if p in spend and y in spend[p]
        }
        self.plan = plan
        self.classes = funding_classes(pool_of, d.share)
        self.touches: dict[str, set[Pool]] = defaultdict(set)
        for (p, _, _), pool in pool_of.items():
            self.touches[p].add(pool)
        m = pyo.ConcreteModel(name="stress_funding")
        classes = range(len(self.classes))
        draws = [(c, s) for c in classes for s, _, _ in self.classes[c].sources]
        m.total = pyo.Param(classes, initialize=0.0, mutable=True)
        m.budget = pyo.Param(list(d.pools), initialize=d.pools, mutable=True)
        m.F = pyo.Var(draws, within=pyo.NonNegativeReals)
        m.short = pyo.Var(list(d.pools), within=pyo.NonNegativeReals)
        carry = [
            (s, y, r) for (s, y, r) in d.pools if s in d.carry_sources and (s, y + 1, r) in d.pools
        ]
        m.carry = pyo.Var(carry, within=pyo.NonNegativeReals)
        m.balance = pyo.Constraint(
            classes,
            rule=lambda m, c: (
                pyo.quicksum(m.F[c, s] for s, _, _ in self.classes[c].sources) == m.total[c]
            ),
        )
        capped = [(c, s, a) for c in classes for s, a, _ in self.classes[c].sources if a < 1]
        m.cap = pyo.Constraint(
            range(len(capped)),
            rule=lambda m, k: m.F[capped[k][:2]] <= capped[k][2] * m.total[capped[k][0]],
        )
        members: dict[Pool, list[tuple[int, str]]] = defaultdict(list)
        for c in classes:
            for s, _, pool in self.classes[c].sources:
                members[pool].append((c, s))
        carried = set(carry)

        def pool_rule(m: pyo.ConcreteModel, s: str, y: int, r: str) -> object:
            out = m.carry[s, y, r] if (s, y, r) in carried else 0
            into = m.carry[s, y - 1, r] if (s, y - 1, r) in carried else 0
            used = pyo.quicksum(m.F[k] for k in members[(s, y, r)])
            return used + out - into - m.short[s, y, r] <= m.budget[s, y, r]

        m.pool = pyo.Constraint(list(d.pools), rule=pool_rule)
        last = d.years[-1]
        m.objective = pyo.Objective(
            expr=pyo.quicksum(
                m.short[k] * (1 + (last - k[1]) / 10) / max(v, 1.0) for k, v in d.pools.items()
            ),
            sense=pyo.minimize,
        )
        self.model = m
        self.solver = Solver(m, canonical=True)

    def shortages(self, sample: Draw, kept: set[str]) -> dict[Pool, float]:
        """Pools that cannot pay for the kept projects' sampled spending, and by how much."""
        m, spend = self.model, self.plan.spend
        for c, cl in enumerate(self.classes):
            total = sum(sample.ratio[p] * spend[p][y] for p, y in cl.members if p in kept)
            m.total[c].set_value(total)
        for k, amount in sample.budget.items():
            m.budget[k].set_value(amount)
        outcome = self.solver.solve()
        if not outcome.has_solution:
            raise RuntimeError(f"the stress funding LP ended {outcome.status}")
        return {k: v for k in m.short if (v := pyo.value(m.short[k])) > SHORT}


@dataclass(frozen=True)
class Outcome:
    """What one sample did to the portfolio."""

    sample: int
    kept: set[str]
    dropped: list[str]  # in the order they were dropped
    score: float
    values: dict[str, float]  # indicator -> value reached
    extra_cost_wan: float  # overrun of the whole portfolio, at the sampled ratios
    budget_cut_wan: float


class Stress:
    """Samples of one portfolio: draw, settle (drop until financed), score."""

    def __init__(self, plan: Portfolio, config: StressConfig) -> None:
        self.plan = plan
        self.config = config
        d = plan.inputs
        self.dependants: dict[str, list[str]] = defaultdict(list)
        for a, b, _ in d.dependencies:
            if a in plan.starts and b in plan.starts:
                self.dependants[b].append(a)
        objective = plan.scenario.objective.kind
        self.kind = "shortfall" if plan.scenario.multiobjective.method == "goal" else objective

    @cached_property
    def lp(self) -> FundingLP:
        return FundingLP(self.plan)

    def _with_dependants(self, p: str, kept: set[str]) -> list[str]:
        """p and the kept projects that require it, directly or through others."""
        group, stack = [p], [p]
        while stack:
            for a in self.dependants[stack.pop()]:
                if a in kept and a not in group:
                    group.append(a)
                    stack.append(a)
        return group

    def drop_order(self, kept: set[str], ratio: dict[str, float]) -> list[str]:
        """Kept projects, first to drop first: non-mandatory before mandatory, then by score
        per 万元 (at the sampled cost) of the project with its dependants, then by id."""
        d = self.plan.inputs

        def key(p: str) -> tuple[int, float, str]:
            group = self._with_dependants(p, kept)
            value = sum(d.score(q) for q in group)
            cost = sum(d.cost[q] * ratio.get(q, 1.0) for q in group)
            return (int(any(d.must[q] for q in group)), value / cost, p)

        return sorted(kept, key=key)

    def _short_reach(self, short: dict[Pool, float]) -> set[Pool]:
        """The pools whose spending a short pool's shortfall can be met from: itself and,
        for a source that carries over, the same source and region in earlier years."""
        carry = self.plan.inputs.carry_sources
        return {
            k
            for k in self.plan.inputs.pools
            for s in short
            if k == s or (k[0] == s[0] and k[2] == s[2] and s[0] in carry and k[1] < s[1])
        }

    def settle(self, sample: Draw) -> list[str]:
        """Drop projects in the bureau's order until the rest is financed; the dropped."""
        kept = set(self.plan.starts)
        dropped: list[str] = []
        while short := self.lp.shortages(sample, kept):
            reach = self._short_reach(short)
            candidates = {p for p in kept if self.lp.touches[p] & reach} or kept
            victim = next(p for p in self.drop_order(kept, sample.ratio) if p in candidates)
            for p in self._with_dependants(victim, kept):
                kept.discard(p)
                dropped.append(p)
        return dropped

    def values(self, kept: set[str]) -> dict[str, float]:
        """Indicator values reached by the kept projects that finish in the plan."""
        d = self.plan.inputs
        values = {i: ind.baseline for i, ind in d.indicators.items()}
        for p in sorted(kept):  # one order in every process: the same sums to the last digit
            if d.completes(p, self.plan.starts[p]):
                for i, g in d.gains_by_project.get(p, []):
                    values[i] += g
        for i, ind in d.indicators.items():  # a rate cannot pass its physical maximum
            if ind.kind == "level" and ind.upper_bound is not None:
                values[i] = min(values[i], ind.upper_bound)
        return values

    def score(self, values: dict[str, float]) -> float:
        """The objective's score of those values (credit capped as in the model)."""
        total = 0.0
        for i, ind in self.plan.inputs.indicators.items():
            credit = values[i] - ind.baseline
            if self.kind == "shortfall":
                credit = min(credit, ind.gap)
            elif ind.kind == "level" and ind.upper_bound is not None:
                credit = min(credit, ind.upper_bound - ind.baseline)
            total += ind.weight / ind.gap * credit
        return total

    def run_sample(self, k: int) -> Outcome:
        sample = draw(self.plan, self.config, k)
        dropped = self.settle(sample)
        kept = set(self.plan.starts) - set(dropped)
        values = self.values(kept)
        spend = self.plan.spend
        extra = sum((sample.ratio[p] - 1) * sum(spend[p].values()) for p in self.plan.starts)
        cut = sum(self.plan.inputs.pools.values()) - sum(sample.budget.values())
        return Outcome(k, kept, dropped, self.score(values), values, extra, cut)


def stress_chunk(plan: Portfolio, config: StressConfig, samples: list[int]) -> list[Outcome]:
    """A worker's share of the samples (module level, so worker processes can import it)."""
    runner = Stress(plan, config)
    return [runner.run_sample(k) for k in samples]


@dataclass(frozen=True)
class StressResult:
    """The tables of a stress run."""

    projects: pd.DataFrame  # per funded project: share of samples it stays financed
    targets: pd.DataFrame  # per indicator: share of samples its target is met
    scores: pd.DataFrame  # per sample: score, dropped, overrun, budget cut
    summary: dict
    assumptions: pd.DataFrame  # per category and source: the numbers drawn from


def run_stress(
    plan: Portfolio, config: StressConfig, jobs: int = 1, scheduler: str | None = None
) -> StressResult:
    """`config.samples` samples, serially or in contiguous chunks on workers."""
    ids = list(range(config.samples))
    parts = chunks(ids, jobs) if (jobs > 1 or scheduler) else [ids]
    done = run_tasks(stress_chunk, [(plan, config, part) for part in parts], jobs, scheduler)
    outcomes = [o for part in done for o in part]
    return tabulate(plan, config, outcomes)


def tabulate(plan: Portfolio, config: StressConfig, outcomes: list[Outcome]) -> StressResult:
    """Per project, per target and per sample tables, the summary and the assumptions."""
    d = plan.inputs
    runner = Stress(plan, config)
    order = runner.drop_order(set(plan.starts), {})
    n = len(outcomes)
    kept_count: dict[str, int] = defaultdict(int)
    for o in outcomes:
        for p in o.kept:
            kept_count[p] += 1
    ids = sorted(plan.starts)
    columns = {"name": d.name, "category": d.category, "region_id": d.region, "cost_wan": d.cost}
    projects = pd.DataFrame(columns).loc[ids].rename_axis("project_id").reset_index()
    projects = projects.assign(
        start_year=[plan.starts[p] for p in ids],
        mandatory=[bool(d.must[p]) for p in ids],
        score=[d.score(p) for p in ids],
        drop_rank=[order.index(p) + 1 for p in ids],
        financed_share=[kept_count[p] / n for p in ids],
    ).sort_values(["financed_share", "drop_rank"], ignore_index=True)
    values = pd.DataFrame([o.values for o in outcomes])
    planned = runner.values(set(plan.starts))
    targets = pd.DataFrame(
        [
            {
                "indicator_id": i,
                "name": ind.name,
                "unit": ind.unit,
                "binding": ind.binding,
                "target": ind.target,
                "planned_value": planned[i],
                "met_in_plan": _met(planned[i], ind.target),
                "met_share": float(values[i].map(lambda v, t=ind.target: _met(v, t)).mean()),
                "value_mean": float(values[i].mean()),
                "value_p05": float(values[i].quantile(0.05)),
                "value_p95": float(values[i].quantile(0.95)),
            }
            for i, ind in d.indicators.items()
        ]
    )
    scores = pd.DataFrame(
        [
            {
                "sample": o.sample,
                "score": o.score,
                "kept": len(o.kept),
                "dropped": len(o.dropped),
                "dropped_projects": ";".join(o.dropped),
                "extra_cost_wan": o.extra_cost_wan,
                "budget_cut_wan": o.budget_cut_wan,
            }
            for o in outcomes
        ]
    )
    plan_score = runner.score(planned)
    all_kept = int((scores["dropped"] == 0).sum())
    summary = {
        "samples": n,
        "seed": config.seed,
        "funded": len(plan.starts),
        "plan_score": plan_score,
        "score_mean": float(scores["score"].mean()),
        "score_p05": float(scores["score"].quantile(0.05)),
        "score_p50": float(scores["score"].median()),
        "score_p95": float(scores["score"].quantile(0.95)),
        "kept_mean": float(scores["kept"].mean()),
        "kept_min": int(scores["kept"].min()),
        "all_financed_share": all_kept / n,
        "drop_order": "lowest score per 万元 first among projects on a short pool "
        "(with their dependants); mandatory last",
    }
    return StressResult(projects, targets, scores, summary, assumptions(plan, config))


def _met(value: float, target: float) -> bool:
    return value >= target - MET * max(1.0, abs(target))


def assumptions(plan: Portfolio, config: StressConfig) -> pd.DataFrame:
    """The distributions drawn from: per category of a funded project, per short source."""
    d = plan.inputs
    rows = []
    for cat in sorted({d.category[p] for p in plan.starts}):
        mean, sd, source = config.overrun(cat)
        mu, sigma = lognormal(mean, sd)
        rows.append(
            {
                "what": "cost overrun",
                "item": cat,
                "distribution": f"lognormal ratio, μ={mu:.4f} σ={sigma:.4f}",
                "mean": mean,
                "sd": sd,
                "source": source,
            }
        )
    for s, most in sorted(config.shortfall.items()):
        rows.append(
            {
                "what": "budget shortfall",
                "item": s,
                "distribution": f"uniform 0–{most:.0%} of each year's budget",
                "mean": most / 2,
                "sd": most / math.sqrt(12),
                "source": "scenario [stress] shortfall",
            }
        )
    return pd.DataFrame(rows)


def price_of_robustness(runs: pd.DataFrame) -> pd.DataFrame:
    """A sweep over `robust.gamma`: score lost against the smallest Γ of each combination
    of the other parameters, and per unit of Γ between neighbouring values."""
    others = [c for c in runs.columns if "." in c and c != "robust.gamma"]
    rows = []
    groups = runs.groupby(others) if others else [((), runs)]
    for _, group in groups:
        group = group.sort_values("robust.gamma")
        base = group["score"].iloc[0]
        step = group["robust.gamma"].diff()
        lost = -group["score"].diff()
        rows.append(
            group[
                [*others, "robust.gamma", "status", "score", "funded", "cost_in_plan_wan"]
            ].assign(
                score_lost=base - group["score"],
                score_lost_share=(base - group["score"]) / base if base else np.nan,
                score_lost_per_gamma=lost / step,
            )
        )
    return pd.concat(rows, ignore_index=True)
