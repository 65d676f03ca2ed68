"""Build the Pyomo model: a table of contents that calls each family in order."""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from optimizer.model import constraints as c
from optimizer.model.inputs import ModelInputs
from optimizer.model.values import credit_bounds


def declare_sets_and_variables(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """Sparse sets over what can happen, the decisions, and the shared expressions.

    x[p,t] binary over feasible starts; spend[p,y] = Σ_t c[p,t,y]·x[p,t];
    funded[p] = Σ_t x[p,t]; value[i] = baseline_i + Σ_p gain[p,i]·Σ_{t completes} x[p,t].
    Funding is aggregated by class c (project-years with the same eligible sources, shares
    and pools; see `FundingClass`): S[c] = Σ_{(p,y)∈c} spend[p,y], and the draw of class c
    on source s is F[c,s] ≥ 0 when the class has several sources, S[c] when it has one.
    """
    m.START = pyo.Set(
        initialize=[(p, t) for p, ts in d.starts.items() for t in ts], dimen=2, ordered=True
    )
    terms: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
    for (p, t), by_year in d.spend.items():
        for y, amount in by_year.items():
            terms[(p, y)].append((t, amount))
    m.SPEND = pyo.Set(initialize=sorted(terms), dimen=2, ordered=True)
    classes = range(len(d.classes))
    m.DRAW = pyo.Set(
        initialize=[(c, s) for c in classes for s, _, _ in d.classes[c].sources],
        dimen=2,
        ordered=True,
    )
    m.SPLIT = pyo.Set(
        initialize=[(c, s) for c, s in m.DRAW if len(d.classes[c].sources) > 1],
        dimen=2,
        ordered=True,
    )

    m.x = pyo.Var(m.START, within=pyo.Binary)
    m.F = pyo.Var(m.SPLIT, within=pyo.NonNegativeReals)
    m.spend = pyo.Expression(
        m.SPEND, rule=lambda m, p, y: pyo.quicksum(a * m.x[p, t] for t, a in terms[(p, y)])
    )
    m.class_spend = pyo.Expression(
        classes, rule=lambda m, c: pyo.quicksum(m.spend[k] for k in d.classes[c].members)
    )
    m.draw = pyo.Expression(
        m.DRAW, rule=lambda m, c, s: m.F[c, s] if (c, s) in m.SPLIT else m.class_spend[c]
    )
    m.funded = pyo.Expression(
        list(d.starts), rule=lambda m, p: pyo.quicksum(m.x[p, t] for t in d.starts[p])
    )
    m.total_spend = pyo.Expression(expr=pyo.quicksum(m.spend[k] for k in m.SPEND))

    contributors: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (p, i), g in d.gains.items():
        if p in d.starts and g:
            contributors[i].append((p, g))

    def value(m: pyo.ConcreteModel, i: str) -> object:
        done = pyo.quicksum(
            g * m.x[p, t] for p, g in contributors[i] for t in d.starts[p] if d.completes(p, t)
        )
        return d.indicators[i].baseline + done

    m.value = pyo.Expression(list(d.indicators), rule=value)


def define_objective(m: pyo.ConcreteModel, d: ModelInputs) -> None:
    """Maximise weighted, gap-normalised indicator progress, less a tiny cost tie-break.

        max Σ_i (w_i / gap_i) · credit_i − ε · Σ spend / Σ cost
        credit_i ≤ value_i − baseline_i,   credit_i ≤ cap_i
    cap_i = gap_i for kind "shortfall" (progress past the target earns nothing: this is
    minimising Σ_i w_i·shortfall_i/gap_i); for "gain", cap_i = upper_bound_i − baseline_i
    for bounded level indicators and none otherwise. Σ cost is every candidate's cost:
    no budget scenario changes the tie-break, so a budget what-if asks the same question
    as a scenario with that budget.
    """

    m.credit = pyo.Var(list(d.indicators), bounds=lambda m, i: credit_bounds(d, i))
    m.credit_limit = pyo.Constraint(
        list(d.indicators),
        rule=lambda m, i: m.credit[i] <= m.value[i] - d.indicators[i].baseline,
    )
    m.score = pyo.Expression(
        expr=pyo.quicksum(ind.weight / ind.gap * m.credit[i] for i, ind in d.indicators.items())
    )
    penalty = d.cost_tiebreak / max(d.total_cost, 1.0)
    m.objective = pyo.Objective(expr=m.score - penalty * m.total_spend, sense=pyo.maximize)


def define_elastic_objective(m: pyo.ConcreteModel) -> None:
    """Minimise the scaled violation of every soft rule: Σ_families Σ_rows slack / scale."""
    m.objective = pyo.Objective(
        expr=pyo.quicksum(fam.var[k] / fam.scale[k] for fam in m.elastic_families for k in fam.var),
        sense=pyo.minimize,
    )


def build_model(d: ModelInputs, elastic: bool = False) -> pyo.ConcreteModel:
    """Build the model once; sweeps and explanations change mutable params and re-solve.

    With `elastic=True` soft rules get slacks and the objective minimises violation:
    the diagnosis model for infeasible scenarios and for explaining unfunded projects.
    """
    m = pyo.ConcreteModel(name="urbanization_investment")
    m.elastic_families = []
    m.budget_charges = defaultdict(list)  # pool -> terms the fiscal rules charge it
    m.land_credits = defaultdict(list)  # (year, region) -> land quota people settled unlock
    declare_sets_and_variables(m, d)
    # Selection, money, land, sequencing, fairness, targets, capacity: one family each.
    c.project_selection_bounds(m, d, elastic)
    c.funding_covers_spending(m, d)
    c.source_share_caps(m, d)
    # the fiscal rules' charges and credits, before the budget and land rows they enter
    c.debt_service_charges(m, d)
    c.om_charges(m, d)
    c.people_land_money(m, d)
    c.source_budgets(m, d, elastic)
    c.robust_budgets(m, d)
    c.land_quota(m, d, elastic)
    c.dependencies(m, d)
    c.mutual_exclusions(m, d)
    c.regional_equity(m, d, elastic)
    c.indicator_targets(m, d, elastic)
    c.start_limits(m, d, elastic)
    c.debt_ceilings(m, d, elastic)
    if elastic:
        define_elastic_objective(m)
    else:
        define_objective(m, d)
    return m
