"""Named objectives for multi-objective methods, each turned into a 'higher is better' g_k.

| name              | meaning                                                    | sense |
|-------------------|------------------------------------------------------------|-------|
| score             | Σ_i w_i·credit_i/gap_i (the single-objective score)        | max   |
| gain:<indicator>  | progress on one indicator in its own unit                  | max   |
| group:<name>      | Σ_{i∈group} w_i·progress_i/gap_i                           | max   |
| cost              | plan-period spending, 万元                                  | min   |
| land              | new construction land, 亩                                   | min   |
| projects          | number of funded projects                                  | max   |
| balance           | min over regions of (realised / candidate score) in region | max   |
| debt              | debt drawn in the plan, 万元                                | min   |
| debt_service      | interest + principal falling due in plan years, 万元        | min   |
| om                | annual O&M of the funded portfolio once built, 万元/yr      | min   |
| recurring_burden  | peak yearly debt service + O&M, plan years and after, 万元  | min   |

For re-solves in memory the model gets, once:
    g_k ≥ floor_k                       (mutable floor; 'off' = a valid lower bound of g_k)
    max Σ_k c_k·g_k                     (mutable weights c_k)
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from optimizer.io.schema import OBJECTIVE_SENSES
from optimizer.model import fiscal
from optimizer.model.inputs import ModelInputs
from optimizer.model.values import balance_regions


@dataclass(frozen=True)
class ObjectiveSpec:
    """One objective: its name, sense (+1 max, −1 min), unit and whether it is integral."""

    name: str
    sense: int
    unit: str
    integral: bool
    lower: float  # a valid lower bound of g = sense · f


def _completed(m: pyo.ConcreteModel, d: ModelInputs, p: str) -> object:
    return pyo.quicksum(m.x[p, t] for t in d.starts[p] if d.completes(p, t))


def _expression(
    m: pyo.ConcreteModel, d: ModelInputs, name: str, groups: dict[str, list[str]]
) -> tuple[object, str, bool]:
    """(f as a Pyomo expression, unit, integral) for an objective name."""
    if name == "score":
        return m.score, "score", False
    if name == "cost":
        integral = all(float(a).is_integer() for by in d.spend.values() for a in by.values())
        return m.total_spend, "万元", integral
    if name == "land":
        expr = pyo.quicksum(
            d.land[p] * m.x[p, t] for p, ts in d.starts.items() if d.land.get(p) for t in ts
        )
        return expr, "亩", all(float(v).is_integer() for v in d.land.values())
    if name == "projects":
        return pyo.quicksum(m.funded[p] for p in d.starts), "projects", True
    if name == "balance":
        return _balance(m, d), "share", False
    if name in FISCAL:
        return FISCAL[name](m, d), "万元", False
    kind, _, key = name.partition(":")
    if kind == "gain" and key in d.indicators:
        gains = [g for (p, i), g in d.gains.items() if i == key]
        unit = d.indicators[key].unit
        return (
            m.value[key] - d.indicators[key].baseline,
            unit,
            all(float(g).is_integer() for g in gains),
        )
    if kind == "group" and key in groups:
        expr = pyo.quicksum(
            d.indicators[i].weight * (m.value[i] - d.indicators[i].baseline) / d.indicators[i].gap
            for i in groups[key]
        )
        return expr, "score", False
    known = ", ".join(
        [*OBJECTIVE_SENSES, *(f"gain:{i}" for i in d.indicators), *(f"group:{g}" for g in groups)]
    )
    raise ValueError(f"unknown objective {name!r} (known: {known})")


def _debt(m: pyo.ConcreteModel, d: ModelInputs) -> object:
    debt = fiscal.debt_drawn(m, d)
    return pyo.quicksum(debt[k] for k in m.DEBT)


def _debt_service(m: pyo.ConcreteModel, d: ModelInputs) -> object:
    return pyo.quicksum(fiscal.service_due(m, d, z) for z in d.years)


# fiscal objectives (all 万元, minimised; see `model/fiscal.py`)
FISCAL = {
    "debt": _debt,
    "debt_service": _debt_service,
    "om": fiscal.om_once_built,
    "recurring_burden": fiscal.recurring_burden,
}


def _balance(m: pyo.ConcreteModel, d: ModelInputs) -> object:
    """z ≤ realised_r / potential_r for every region with potential: max-min fairness."""
    regions = balance_regions(d)
    m.balance = pyo.Var(bounds=(0, 1))
    m.balance_limit = pyo.Constraint(
        list(regions),
        rule=lambda m, r: (
            m.balance
            <= pyo.quicksum(d.score(p) * _completed(m, d, p) for p in regions[r][0]) / regions[r][1]
        ),
    )
    return m.balance


def _lower_bound(expr: object) -> float:
    """A valid lower bound of a linear expression from its variables' bounds."""
    repn = generate_standard_repn(expr, compute_values=True)
    low = float(repn.constant)
    for coef, var in zip(repn.linear_coefs, repn.linear_vars, strict=True):
        bound = var.lb if coef > 0 else var.ub
        if bound is None:
            return -1e9  # unbounded in that direction: a large finite stand-in
        low += coef * bound
    return low


def add_objectives(
    m: pyo.ConcreteModel, d: ModelInputs, names: list[str], groups: dict[str, list[str]]
) -> list[ObjectiveSpec]:
    """Add g_k, floors and a weighted objective; deactivate the single objective."""
    specs, exprs = [], []
    for name in names:
        expr, unit, integral = _expression(m, d, name, groups)
        sense = OBJECTIVE_SENSES.get(name, 1)
        g = sense * expr
        specs.append(ObjectiveSpec(name, sense, unit, integral, _lower_bound(g) - 1.0))
        exprs.append(g)
    k = range(len(names))
    m.mo_g = pyo.Expression(k, rule=lambda m, j: exprs[j])
    m.mo_floor = pyo.Param(k, initialize=lambda m, j: specs[j].lower, mutable=True)
    m.mo_weight = pyo.Param(k, initialize=0.0, mutable=True)
    m.mo_floor_row = pyo.Constraint(k, rule=lambda m, j: m.mo_g[j] >= m.mo_floor[j])
    m.objective.deactivate()
    m.mo_objective = pyo.Objective(
        expr=pyo.quicksum(m.mo_weight[j] * m.mo_g[j] for j in k), sense=pyo.maximize
    )
    return specs
