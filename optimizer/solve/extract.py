"""Read a solved model into plain DataFrames; nothing downstream touches Pyomo."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from optimizer.model.inputs import CITY, CITY_LABEL, ModelInputs
from optimizer.model.values import Portfolio, score_of
from optimizer.solve.solver import SolveOutcome

TOL = 1e-6


@dataclass(frozen=True)
class Solution:
    """A portfolio: which projects start when, who pays, and what the indicators reach."""

    outcome: SolveOutcome
    score: float
    projects: pd.DataFrame  # one row per project
    funding: pd.DataFrame  # project_id, source_id, year, pool_region, amount_wan
    indicators: pd.DataFrame  # one row per indicator
    pools: pd.DataFrame  # one row per budget pool

    @property
    def funded(self) -> list[str]:
        return list(self.projects.loc[self.projects["funded"], "project_id"])

    def start_years(self) -> dict[str, int]:
        funded = self.projects[self.projects["funded"]]
        return dict(zip(funded["project_id"], funded["start_year"].astype(int), strict=True))

    def portfolio(self, d: ModelInputs) -> Portfolio:
        """The start years and the debt drawn by (source, year): what values are made of."""
        debt = self.funding[self.funding["source_id"].isin(list(d.debt))]
        drawn = debt.groupby(["source_id", "year"])["amount_wan"].sum()
        return Portfolio(self.start_years(), {(s, int(y)): a for (s, y), a in drawn.items()})


def model_portfolio(m: pyo.ConcreteModel, d: ModelInputs) -> Portfolio:
    """The portfolio of the solution loaded in the model: x, and the debt draws if the
    model has them (a debt rule or objective)."""
    starts = {p: t for (p, t) in m.START if pyo.value(m.x[p, t]) > 0.5}
    drawn: dict[tuple[str, int], float] = {}
    if m.component("debt_drawn") is not None:
        for s, y, r in m.DEBT:
            drawn[(s, y)] = drawn.get((s, y), 0.0) + pyo.value(m.debt_drawn[s, y, r])
    return Portfolio(starts, drawn)


def _funding_split(m: pyo.ConcreteModel, d: ModelInputs) -> pd.DataFrame:
    """Per-project funding from the class totals, pro rata to each member's spending:
    f[p,s,y] = draw[c,s] · spend[p,y] / Σ_{(q,y)∈c} spend[q,y] (see FundingClass)."""
    spent = {k: pyo.value(m.spend[k]) for k in m.SPEND}
    rows = []
    for c, cl in enumerate(d.classes):
        members = [(k, spent[k]) for k in cl.members if spent[k] > TOL]
        total = sum(a for _, a in members)
        if not members:
            continue
        for s, _, pool in cl.sources:
            drawn = pyo.value(m.draw[c, s])
            if drawn <= TOL:
                continue
            for (p, y), amount in members:
                rows.append((p, s, y, pool[2], round(drawn * amount / total, 6)))
    funding = pd.DataFrame(
        rows, columns=["project_id", "source_id", "year", "pool_region", "amount_wan"]
    )
    funding = funding[funding["amount_wan"] > TOL]
    return funding.sort_values(["project_id", "source_id", "year"], ignore_index=True)


def extract_solution(m: pyo.ConcreteModel, d: ModelInputs, outcome: SolveOutcome) -> Solution:
    """Values of x, f and carry as tables, with derived costs and attainment."""
    start = dict(model_portfolio(m, d).starts)
    rows = []
    for p in d.projects:
        t = start.get(p)
        by_year = d.spend.get((p, t), {}) if t is not None else {}
        in_plan = sum(by_year.values())
        rows.append(
            {
                "project_id": p,
                "name": d.name[p],
                "category": d.category[p],
                "region_id": d.region[p],
                "revenue_class": d.revenue_class[p],
                "cost_wan": d.cost[p],
                "funded": t is not None,
                "start_year": t,
                "finish_year": d.finish(p, t) if t is not None else None,
                "completes_in_plan": t is not None and d.completes(p, t),
                "cost_in_plan_wan": in_plan,
                "carried_over_wan": d.cost[p] - in_plan if t is not None else 0.0,
                "land_mu": d.land.get(p, 0.0) if t is not None else 0.0,
                "mandatory": bool(d.must[p]),
                "score": d.score(p),
            }
        )
    projects = pd.DataFrame(rows)
    projects["start_year"] = projects["start_year"].astype("Int64")
    projects["finish_year"] = projects["finish_year"].astype("Int64")

    funding = _funding_split(m, d)

    used = funding.groupby(["source_id", "year", "pool_region"])["amount_wan"].sum().to_dict()
    carry = {k: pyo.value(m.carry[k]) for k in m.carry}
    # debt service and O&M the fiscal rules charge a pool, less reward transfers it receives
    charged = {k: sum(pyo.value(t) for t in terms) for k, terms in m.budget_charges.items()}
    pools = pd.DataFrame(
        [
            {
                "source_id": s,
                "year": y,
                "region_id": r,
                "budget_wan": budget,
                "carried_in_wan": carry.get((s, y - 1, r), 0.0),
                "used_wan": used.get((s, y, r), 0.0),
                "fiscal_charges_wan": charged.get((s, y, r), 0.0),
                "carried_out_wan": carry.get((s, y, r), 0.0),
            }
            for (s, y, r), budget in d.pools.items()
        ]
    )
    if not pools.empty:
        available = pools["budget_wan"] + pools["carried_in_wan"] - pools["fiscal_charges_wan"]
        pools["unused_wan"] = (available - pools["used_wan"] - pools["carried_out_wan"]).clip(
            lower=0
        )
        pools["utilisation"] = (pools["used_wan"] / available.where(available > 0)).fillna(0.0)
        pools["region_id"] = pools["region_id"].replace(CITY, CITY_LABEL)

    ind_rows = []
    for i, ind in d.indicators.items():
        value = pyo.value(m.value[i])
        if ind.kind == "level" and ind.upper_bound is not None:
            value = min(value, ind.upper_bound)  # a rate cannot pass its physical maximum
        floor = d.floors.get(i)
        ind_rows.append(
            {
                "indicator_id": i,
                "name": ind.name,
                "unit": ind.unit,
                "binding": ind.binding,
                "baseline": ind.baseline,
                "target": ind.target,
                "gain": value - ind.baseline,
                "value": value,
                "attainment": (value - ind.baseline) / ind.gap,
                "met": value >= ind.target - TOL * max(1.0, abs(ind.target)),
                "shortfall": max(ind.target - value, 0.0),
                "floor": floor,
                "weight": ind.weight,
            }
        )
    return Solution(
        outcome=outcome,
        score=score_of(d, start),
        projects=projects,
        funding=funding,
        indicators=pd.DataFrame(ind_rows),
        pools=pools,
    )
