"""The ranked project list: funded first by value per 万元 of scarce funds, then unfunded
by how close they came (the extra budget that would admit them)."""

from __future__ import annotations

import math

import pandas as pd

from optimizer.analysis.diagnose import Explanation
from optimizer.model.inputs import CITY, CITY_LABEL, ModelInputs
from optimizer.solve.extract import Solution

EXHAUSTED = 0.995  # a pool used to this share of what it had is scarce


def scarce_funds(solution: Solution) -> pd.Series:
    """万元 each project draws from exhausted pools (extra spending there displaces others)."""
    pools = solution.pools
    if pools.empty or solution.funding.empty:
        return pd.Series(dtype=float)
    scarce = pools.loc[pools["utilisation"] >= EXHAUSTED, ["source_id", "year", "region_id"]]
    scarce = scarce.assign(pool_region=scarce["region_id"].replace(CITY_LABEL, CITY))
    hits = solution.funding.merge(scarce, on=["source_id", "year", "pool_region"])
    return hits.groupby("project_id")["amount_wan"].sum()


def _funded_reason(p: str, d: ModelInputs, funded: set[str]) -> str:
    if d.must[p]:
        return "mandatory"
    needed_by = sorted(a for a, b, _ in d.dependencies if b == p and a in funded)
    if needed_by:
        return f"selected; prerequisite of {', '.join(needed_by[:3])}"
    return "selected"


def rank_projects(
    solution: Solution, d: ModelInputs, explanations: dict[str, Explanation]
) -> pd.DataFrame:
    """One row per project, ranked; funding split by source and year; indicator gains."""
    table = solution.projects.copy()
    funded = set(solution.funded)
    scarce = scarce_funds(solution)
    table["scarce_funds_wan"] = table["project_id"].map(scarce).fillna(0.0)
    table.loc[~table["funded"], "scarce_funds_wan"] = math.nan
    density = table["score"] / table["scarce_funds_wan"].where(table["scarce_funds_wan"] > 1e-6)
    table["score_per_1000wan_scarce"] = density * 1000
    table.loc[
        table["funded"] & (table["scarce_funds_wan"] <= 1e-6) & (table["score"] > 0),
        "score_per_1000wan_scarce",
    ] = math.inf
    extra = {p: e.extra_budget_wan for p, e in explanations.items()}
    table["extra_budget_wan"] = table["project_id"].map(extra).astype(float)
    table["why"] = [
        _funded_reason(p, d, funded)
        if f
        else explanations.get(p, Explanation("not explained")).reason
        for p, f in zip(table["project_id"], table["funded"], strict=True)
    ]

    # Funded: highest value per scarce 万元 first. Unfunded: smallest extra budget first,
    # then those blocked by other rules, then those that cannot be funded at all.
    blocked = table["extra_budget_wan"].isna()
    impossible = table["why"].str.startswith(("cannot be scheduled", "excluded", "no indicator"))
    table["_group"] = 0
    table.loc[~table["funded"], "_group"] = 1 + blocked.astype(int) + impossible.astype(int)
    # funded: value per scarce 万元, then per 万元; unfunded: extra budget, then score
    table["_k1"] = -table["score_per_1000wan_scarce"].fillna(0)
    table["_k2"] = -table["score"] / table["cost_wan"]
    unfunded = ~table["funded"]
    table.loc[unfunded, "_k1"] = table.loc[unfunded, "extra_budget_wan"].fillna(0)
    table = table.sort_values(["_group", "_k1", "_k2", "project_id"]).drop(
        columns=["_group", "_k1", "_k2"]
    )
    table.insert(0, "rank", range(1, len(table) + 1))
    table["funded"] = table["funded"].map({True: "y", False: "n"})

    split = solution.funding.pivot_table(
        index="project_id", columns="source_id", values="amount_wan", aggfunc="sum"
    ).add_prefix("funds_")
    by_year = solution.funding.assign(
        col=solution.funding["source_id"] + "_" + solution.funding["year"].astype(str)
    ).pivot_table(index="project_id", columns="col", values="amount_wan", aggfunc="sum")
    gains = (
        pd.DataFrame(
            [(p, f"gain_{i}", g) for (p, i), g in d.gains.items()], columns=["p", "i", "g"]
        )
        .pivot(index="p", columns="i", values="g")
        .rename_axis("project_id")
    )
    for extra in (split, by_year.sort_index(axis=1), gains):
        table = table.join(extra, on="project_id") if not extra.empty else table
    return table.reset_index(drop=True)
