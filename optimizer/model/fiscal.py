"""Fiscal expressions shared by the fiscal rule families and objectives, built on demand.

Notation as in `constraints.py`; for a debt source s with terms (rate, term, grace) the
schedule of 1 万元 drawn k years earlier is σ_s(k) (service), O_s(k) (balance): see
`DebtTerms`. Each expression is added to the model the first time it is asked for, so a
scenario that uses no fiscal rule or objective builds the model it built before.

    debt[s,y,r] = Σ_{c: year y, region r} draw[c,s]         debt drawn (r = CITY when the
                                                            class was not refined by region)
    service_due(z) = Σ_{(s,y,r)} σ_s(z − y) · debt[s,y,r]   interest + principal due in z
    om_due(z) = Σ_p om_p · Σ_{t: finish(p,t) < z} x[p,t]    O&M of projects completed before z
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from optimizer.model.inputs import CITY, ModelInputs


def debt_drawn(m: pyo.ConcreteModel, d: ModelInputs) -> pyo.Expression:
    """debt[s,y,r]: 万元 drawn from debt source s in plan year y by region r (or CITY)."""
    if m.component("debt_drawn") is None:
        members: dict[tuple[str, int, str], list[tuple[int, str]]] = defaultdict(list)
        for c, cl in enumerate(d.classes):
            for s, _, _ in cl.sources:
                if s in d.debt:
                    members[(s, cl.year, cl.region or CITY)].append((c, s))
        m.DEBT = pyo.Set(initialize=sorted(members), dimen=3, ordered=True)
        m.debt_drawn = pyo.Expression(
            m.DEBT, rule=lambda m, s, y, r: pyo.quicksum(m.draw[k] for k in members[(s, y, r)])
        )
    return m.debt_drawn


def service_due(m: pyo.ConcreteModel, d: ModelInputs, z: int) -> object:
    """Interest and principal of all debt drawn in the plan that fall due in year z."""
    debt = debt_drawn(m, d)
    return pyo.quicksum(
        d.debt[s].service(z - y) * debt[s, y, r] for s, y, r in m.DEBT if d.debt[s].service(z - y)
    )


def outstanding(
    m: pyo.ConcreteModel, d: ModelInputs, z: int, keys: list[tuple[str, int, str]] | None = None
) -> object:
    """Debt drawn in the plan (over `keys` (s, y, r), default all) still owed at the end
    of year z."""
    debt = debt_drawn(m, d)
    return pyo.quicksum(
        d.debt[s].outstanding(z - y) * debt[s, y, r]
        for s, y, r in (m.DEBT if keys is None else keys)
        if d.debt[s].outstanding(z - y)
    )


def completed_before(d: ModelInputs, p: str, z: int) -> list[int]:
    """p's start years that finish before year z (its O&M runs in z)."""
    return [t for t in d.starts.get(p, []) if d.finish(p, t) < z]


def om_due(m: pyo.ConcreteModel, d: ModelInputs, z: int) -> object:
    """O&M in year z of the projects completed before z, 万元."""
    return pyo.quicksum(
        om * m.x[p, t] for p, om in d.om.items() if om for t in completed_before(d, p, z)
    )


def om_once_built(m: pyo.ConcreteModel, d: ModelInputs) -> object:
    """Annual O&M of the funded portfolio once every project is built: Σ_p om_p·funded[p]."""
    return pyo.quicksum(om * m.funded[p] for p, om in d.om.items() if om and p in d.starts)


def recurring_burden(m: pyo.ConcreteModel, d: ModelInputs) -> pyo.Var:
    """The peak yearly burden B ≥ service_due(z) + om_due(z) over every fiscal year z
    (plan years and after, until the last repayment); minimising B minimises the peak.

    After the last possible completion om_due(z) is the O&M once built, held by one
    column (om_built = Σ_p om_p·funded[p]) so those rows stay short."""
    if m.component("burden_peak") is None:
        last_finish = max((d.finish(p, ts[-1]) for p, ts in d.starts.items()), default=0)
        m.burden_peak = pyo.Var(within=pyo.NonNegativeReals)
        m.om_built = pyo.Var(within=pyo.NonNegativeReals)
        m.om_built_def = pyo.Constraint(expr=m.om_built == om_once_built(m, d))

        def om_in(z: int) -> object:
            return m.om_built if z > last_finish else om_due(m, d, z)

        m.burden_peak_row = pyo.Constraint(
            d.fiscal_years,
            rule=lambda m, z: m.burden_peak >= service_due(m, d, z) + om_in(z),
        )
    return m.burden_peak
