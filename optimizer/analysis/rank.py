"""The ranked project list: funded first by value per 万元 of scarce funds, then unfunded
by how close they came (the extra budget that would admit them)."""

from __future__ import annotations

import math

import pandas as pd

from optimizer.analysis.explain import Explanation
from optimizer.analysis.reasons import funded_text, moved_starts, unfunded_text
from optimizer.labels import DEFAULT_LANG, Lang
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


def rank_projects(
    solution: Solution,
    d: ModelInputs,
    explanations: dict[str, Explanation],
    lang: Lang = DEFAULT_LANG,
) -> pd.DataFrame:
    """One row per project, ranked; funding split by source and year; indicator gains;
    `why` in plain words for every project, funded or not."""
    table = solution.projects.copy()
    funded = set(solution.funded)
    scarce = scarce_funds(solution)
    table["scarce_funds_wan"] = table["project_id"].map(scarce).fillna(0.0)
    table.loc[~table["funded"], "scarce_funds_wan"] = math.nan
    paid_from_slack = table["funded"] & (table["scarce_funds_wan"] <= 1e-6)
    # a project paid only from pools with money left displaces nothing: no density to show
    density = table["score"] / table["scarce_funds_wan"].where(~paid_from_slack & table["funded"])
    table["score_per_1000wan_scarce"] = density * 1000
    table["paid_from_slack_pools"] = paid_from_slack
    extra = {p: e.extra_budget_wan for p, e in explanations.items()}
    table["extra_budget_wan"] = table["project_id"].map(extra).astype(float)
    table["moved_starts"] = [
        moved_starts(explanations[p]) if p in explanations else "" for p in table["project_id"]
    ]
    needed_by: dict[str, list[str]] = {}
    for a, b, _ in d.dependencies:
        if a in funded:
            needed_by.setdefault(b, []).append(a)
    table["reason_kind"] = [
        _funded_kind(p, d, needed_by)
        if f
        else explanations.get(p, Explanation("not_explained")).kind
        for p, f in zip(table["project_id"], table["funded"], strict=True)
    ]
    per_wan = table["score"] / table["cost_wan"]
    order = per_wan.where(table["funded"]).rank(ascending=False, method="min")
    count = len(funded)
    table["why"] = [
        funded_text(p, d, int(rk), count, sorted(needed_by.get(p, [])), bool(slack), lang)
        if f
        else unfunded_text(p, explanations.get(p, Explanation("not_explained")), d, lang)
        for p, f, rk, slack in zip(
            table["project_id"], table["funded"], order.fillna(0), paid_from_slack, strict=True
        )
    ]

    # Funded: highest value per scarce 万元 first. Unfunded: smallest extra budget first,
    # then those blocked by other rules, then those that cannot be funded at all.
    blocked = table["extra_budget_wan"].isna()
    impossible = table["reason_kind"].isin(["unschedulable", "excluded", "no_gain"])
    table["_group"] = 0
    table.loc[~table["funded"], "_group"] = 1 + blocked.astype(int) + impossible.astype(int)
    # funded: slack-paid first, then value per scarce 万元, then per 万元;
    # unfunded: extra budget, then score
    table["_k1"] = -table["score_per_1000wan_scarce"].fillna(0)
    table.loc[paid_from_slack, "_k1"] = -math.inf
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


def _funded_kind(p: str, d: ModelInputs, needed_by: dict[str, list[str]]) -> str:
    if d.must[p]:
        return "mandatory"
    return "prerequisite" if p in needed_by else "selected"
