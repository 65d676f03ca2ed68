"""The fiscal-sustainability table of a portfolio: what it leaves the budget to carry.

One row per year, the plan years and after until the last repayment of debt drawn in the
plan (and at least a year after the last completion): debt drawn, outstanding at year
end, interest, principal, O&M, their sum (the recurring burden) and its share of the
general budget; people settled and what they bring (reward transfers, land quota).
Computed from the solution's tables with the same schedules the model charges
(`DebtTerms`), for every solve, whatever rules are on.
"""

from __future__ import annotations

import pandas as pd

from optimizer.model.inputs import ModelInputs
from optimizer.solve.extract import Solution

COLUMNS = [
    "year",
    "period",  # plan | after
    "debt_drawn_wan",
    "outstanding_wan",
    "interest_wan",
    "principal_wan",
    "debt_service_wan",
    "om_wan",
    "recurring_burden_wan",
    "general_budget_wan",
    "burden_share",
    "persons_settled",
    "reward_wan",
    "land_unlocked_mu",
]


def fiscal_table(solution: Solution, d: ModelInputs) -> pd.DataFrame:
    """The fiscal-sustainability table (columns `COLUMNS`) of a solved portfolio.

    general_budget_wan is the general budget's plan-year budget (after the scenario's
    scaling); after the plan it is held at the last plan year's, so burden_share there is
    an estimate. Without a general budget in the data both are blank.
    """
    funding = solution.funding
    drawn = (
        funding[funding["source_id"].isin(list(d.debt))]
        .groupby(["source_id", "year"])["amount_wan"]
        .sum()
        .to_dict()
    )
    funded = solution.projects[solution.projects["funded"]]
    finish = dict(zip(funded["project_id"], funded["finish_year"].astype(int), strict=True))
    budget = {
        y: sum(v for (s, yy, _), v in d.pools.items() if s == d.general_budget and yy == y)
        for y in d.years
    }
    rows = []
    for z in d.fiscal_years:
        owed = interest = principal = 0.0
        for (s, y), amount in drawn.items():
            terms = d.debt[s]
            owed += amount * terms.outstanding(z - y)
            interest += amount * terms.interest(z - y)
            principal += amount * terms.principal(z - y)
        om = sum(d.om.get(p, 0.0) for p, f in finish.items() if f < z)
        settled = sum(d.persons.get(p, 0.0) for p, f in finish.items() if f + 1 == z)
        burden = interest + principal + om
        general = budget.get(z, budget[d.last_year]) if d.general_budget else None
        rows.append(
            {
                "year": z,
                "period": "plan" if z <= d.last_year else "after",
                "debt_drawn_wan": sum(a for (_, y), a in drawn.items() if y == z),
                "outstanding_wan": owed,
                "interest_wan": interest,
                "principal_wan": principal,
                "debt_service_wan": interest + principal,
                "om_wan": om,
                "recurring_burden_wan": burden,
                "general_budget_wan": general,
                "burden_share": burden / general if general else None,
                "persons_settled": settled,
                "reward_wan": settled * d.reward_per_person,
                "land_unlocked_mu": settled * d.land_per_person,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
