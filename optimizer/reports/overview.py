"""What a reader needs first, computed once from a result's tables and shown the same way
in the terminal, the workbook's 摘要 sheet and the HTML report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from optimizer.analysis.rank import EXHAUSTED
from optimizer.io.results import Names, ResultTables
from optimizer.labels import LABELS, Lang, label, objective_label


@dataclass(frozen=True)
class BenefitCost:
    """The portfolio a bureau gets by ranking projects by score per 万元 and funding down
    the list under the same rules (computed by the pipeline; shown here)."""

    score: float
    targets_met: int | None
    targets: int | None
    unspent_wan: float | None
    funded: int | None
    only_optimizer: list[str]
    only_ranking: list[str]

    @classmethod
    def from_summary(cls, raw: object) -> BenefitCost | None:
        if not isinstance(raw, dict) or raw.get("score") is None:
            return None
        return cls(
            float(raw["score"]),
            raw.get("targets_met"),
            raw.get("targets"),
            raw.get("unspent_wan"),
            raw.get("funded"),
            [str(p) for p in raw.get("only_optimizer") or []],
            [str(p) for p in raw.get("only_ranking") or []],
        )


@dataclass(frozen=True)
class Overview:
    """A run in a few numbers."""

    scenario: str
    description: str
    status: str
    objective: float | None
    objective_name: str | None  # what `objective` is (run summaries before it: none)
    gap: float | None
    seconds: float | None
    funded: int | None
    candidates: int | None
    cost_wan: float | None
    score: float | None
    met: int
    total: int
    missed: list[str]  # names of the indicators that miss their target
    unspent_wan: float | None
    benefit_cost: BenefitCost | None

    @property
    def feasible(self) -> bool:
        return self.funded is not None


def met_mask(indicators: pd.DataFrame) -> pd.Series:
    """`met` as booleans, whether read from a CSV or taken from memory."""
    return indicators["met"].astype(str).isin(("True", "true", "y", "1"))


def overview(tables: ResultTables) -> Overview:
    s = tables.summary
    ind = tables.indicators
    met = met_mask(ind) if not ind.empty else pd.Series(dtype=bool)
    return Overview(
        scenario=tables.name,
        description=str(s.get("description") or ""),
        status=str(s.get("status", "")),
        objective=s.get("objective"),
        objective_name=s.get("objective_name"),
        gap=s.get("gap"),
        seconds=s.get("solve_seconds"),
        funded=s.get("funded"),
        candidates=s.get("candidates"),
        cost_wan=s.get("cost_in_plan_wan"),
        score=s.get("score"),
        met=int(s.get("targets_met", met.sum())),
        total=int(s.get("targets", len(ind))),
        missed=list(ind.loc[~met, "name"].astype(str)) if not ind.empty else [],
        unspent_wan=s.get("unspent_wan"),
        benefit_cost=BenefitCost.from_summary(s.get("benefit_cost")),
    )


def objective_heading(ov: Overview, names: Names, lang: Lang) -> str:
    """'objective (score)': what the run's objective value is, in words."""
    if not ov.objective_name:
        return label("out.objective", lang)
    name = objective_label(ov.objective_name, lang, names.indicators)
    return label("out.objective_named", lang, name=name)


def status_text(status: str, lang: Lang) -> str:
    """A status in words; an interrupted run (Ctrl-C kept its best solution) reads like a
    feasible one plus the word."""
    if status == "interrupted":
        return label("out.interrupted", lang)
    key = f"status.{status}"
    return label(key, lang) if key in LABELS else status


def benefit_cost_frame(ov: Overview, lang: Lang) -> pd.DataFrame:
    """Optimizer against ranking by benefit/cost: item, the two values, the difference."""
    bc = ov.benefit_cost
    assert bc is not None
    rows = [
        ("out.score", ov.score, bc.score),
        ("out.targets_met", ov.met, bc.targets_met),
        ("out.unspent", ov.unspent_wan, bc.unspent_wan),
        ("out.funded", ov.funded, bc.funded),
    ]
    frame = pd.DataFrame(
        [
            {
                "item": label(key, lang),
                "optimizer": a,
                "ranking": b,
                "difference": None if a is None or b is None else a - b,
            }
            for key, a, b in rows
        ]
    )
    return frame.astype({"optimizer": float, "ranking": float, "difference": float})


def benefit_cost_sentence(ov: Overview, lang: Lang) -> str:
    bc = ov.benefit_cost
    assert bc is not None and ov.score is not None
    if abs(ov.score - bc.score) <= 1e-9 * max(1.0, abs(bc.score)) or bc.score <= 0:
        return label("out.benefit_cost_same", lang)
    return label("out.benefit_cost_gain", lang, pct=f"{ov.score / bc.score - 1:.1%}")


def differing_projects(tables: ResultTables, lang: Lang) -> pd.DataFrame:
    """The projects only one of the two portfolios funds, with names and costs."""
    bc = BenefitCost.from_summary(tables.summary.get("benefit_cost"))
    assert bc is not None
    ranked = tables.ranked.set_index("project_id") if not tables.ranked.empty else None
    rows = []
    for key, ids in (
        ("out.only_optimizer", bc.only_optimizer),
        ("out.only_ranking", bc.only_ranking),
    ):
        for p in ids:
            known = ranked is not None and p in ranked.index
            rows.append(
                {
                    "project_id": p,
                    "name": ranked.at[p, "name"] if known else "",
                    "region_id": ranked.at[p, "region_id"] if known else None,
                    "cost_wan": ranked.at[p, "cost_wan"]
                    if known and "cost_wan" in ranked
                    else None,
                    "change": label(key, lang),
                }
            )
    return pd.DataFrame(rows, columns=["project_id", "name", "region_id", "cost_wan", "change"])


def source_year(tables: ResultTables, lang: Lang) -> pd.DataFrame:
    """万元 by source (rows, with names) and year (columns), with totals."""
    funding = tables.funding
    if funding.empty:
        return pd.DataFrame(columns=["source_id", "source_name"])
    pivot = funding.pivot_table(
        index="source_id", columns="year", values="amount_wan", aggfunc="sum", fill_value=0.0
    )
    pivot.columns = [str(y) for y in pivot.columns]
    pivot["total"] = pivot.sum(axis=1)
    frame = pivot.reset_index()
    frame.insert(1, "source_name", frame["source_id"].map(tables.names.source))
    total = {"source_id": "", "source_name": label("col.total", lang)}
    total |= {c: frame[c].sum() for c in pivot.columns}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def exhausted_pools(tables: ResultTables) -> pd.DataFrame:
    """Budget pools used up (≥ 99.5 % of what they had): where money binds."""
    pools = tables.pools
    if pools.empty or "utilisation" not in pools:
        return pools
    return pools[pools["utilisation"] >= EXHAUSTED]


def by_group(tables: ResultTables, key: str) -> pd.DataFrame:
    """Per category or region: funded, candidates and plan-period cost of the funded."""
    ranked = tables.ranked
    funded = ranked[ranked["funded"].astype(str).isin(("y", "True"))]
    frame = (
        ranked.groupby(key)
        .agg(candidates=("project_id", "count"))
        .join(
            funded.groupby(key).agg(
                funded_count=("project_id", "count"), cost_in_plan_wan=("cost_in_plan_wan", "sum")
            )
        )
        .fillna(0)
        .astype({"funded_count": int})
        .reset_index()
    )
    return frame[[key, "funded_count", "candidates", "cost_in_plan_wan"]]
