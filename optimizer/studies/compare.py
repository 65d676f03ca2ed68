"""Compare scenario results side by side, down to which projects moved and why.

Each input is a scenario TOML (solved now) or a folder written by `solve --out`; both
become the same `ResultTables`, so comparisons never depend on how a result was made.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.config import load_scenario
from optimizer.errors import InputError, Issue
from optimizer.io.results import ResultTables, from_folder
from optimizer.pipeline import RunResult, run_scenario


def from_run(result: RunResult) -> ResultTables:
    """Tables of a run in memory (an infeasible run has no portfolio)."""
    empty = pd.DataFrame(columns=["project_id", "name", "region_id", "funded", "start_year", "why"])
    solution = result.solution
    return ResultTables(
        result.scenario.name,
        result.summary_record(),
        result.ranked if result.ranked is not None else empty,
        solution.funding
        if solution
        else pd.DataFrame(columns=["project_id", "source_id", "year", "amount_wan"]),
        solution.indicators
        if solution
        else pd.DataFrame(columns=["indicator_id", "name", "value", "target", "attainment"]),
    )


def load_result(path: Path) -> ResultTables:
    """A scenario file is solved; a folder is read."""
    if path.is_dir():
        return from_folder(path)
    if not path.exists():
        raise InputError(
            [Issue(str(path), "not found (a scenario .toml or a `solve --out` folder)")]
        )
    return from_run(run_scenario(load_scenario(path)))


def _unique_names(results: list[ResultTables]) -> list[str]:
    names: list[str] = []
    for r in results:
        name = r.name
        while name in names:
            name += "'"
        names.append(name)
    return names


def compare(results: list[ResultTables]) -> dict[str, pd.DataFrame]:
    """Side-by-side tables and the project-level diff against the first result."""
    names = _unique_names(results)
    summary = pd.DataFrame(
        [
            {
                "scenario": n,
                "status": r.summary.get("status"),
                "objective": r.summary.get("objective"),
                "score": r.summary.get("score"),
                "funded": r.summary.get("funded"),
                "cost_in_plan_wan": r.summary.get("cost_in_plan_wan"),
            }
            for n, r in zip(names, results, strict=True)
        ]
    )
    tables = {"summary": summary}
    for key in ("source_id", "year", "region_id"):
        columns = {}
        for n, r in zip(names, results, strict=True):
            funding = r.funding_with_regions()
            columns[n] = (
                funding.groupby(key)["amount_wan"].sum() if len(funding) else pd.Series(dtype=float)
            )
        tables[f"cost_by_{key.removesuffix('_id')}"] = (
            pd.DataFrame(columns).fillna(0.0).rename_axis(key).reset_index()
        )
    tables["attainment"] = (
        pd.DataFrame(
            {
                n: r.indicators.set_index("indicator_id")["attainment"]
                for n, r in zip(names, results, strict=True)
            }
        )
        .rename_axis("indicator_id")
        .reset_index()
    )
    tables["project_diff"] = project_diff(results, names)
    return tables


def _split(funding: pd.DataFrame) -> pd.Series:
    """'source:万元' per project, sources sorted, for spotting changed funding splits."""
    if funding.empty:
        return pd.Series(dtype=str)
    by = funding.groupby(["project_id", "source_id"])["amount_wan"].sum().round(0)
    return by.groupby(level=0).apply(
        lambda s: "; ".join(f"{src}:{v:,.0f}" for (_, src), v in s.items())
    )


def project_diff(results: list[ResultTables], names: list[str]) -> pd.DataFrame:
    """Every project whose funding, start year or funding split differs from the first
    result, with each scenario's `why`."""
    base_name, base = names[0], results[0]
    base_r = base.ranked.set_index("project_id")
    base_split = _split(base.funding)
    rows = []
    for name, other in zip(names[1:], results[1:], strict=True):
        other_r = other.ranked.set_index("project_id")
        other_split = _split(other.funding)
        for p in sorted(set(base_r.index) | set(other_r.index)):
            a = base_r.loc[p] if p in base_r.index else None
            b = other_r.loc[p] if p in other_r.index else None
            fa = a is not None and a["funded"] == "y"
            fb = b is not None and b["funded"] == "y"
            if fa and not fb:
                change = f"funded in {base_name} only"
            elif fb and not fa:
                change = f"funded in {name} only"
            elif fa and fb and a["start_year"] != b["start_year"]:
                change = f"start {int(a['start_year'])} → {int(b['start_year'])}"
            elif fa and fb and base_split.get(p) != other_split.get(p):
                change = "funding split changed"
            else:
                continue
            label = a if a is not None else b
            rows.append(
                {
                    "versus": name,
                    "project_id": p,
                    "name": label["name"],
                    "region_id": label["region_id"],
                    "change": change,
                    f"why_{base_name}": a["why"] if a is not None else "",
                    "why_other": b["why"] if b is not None else "",
                    f"split_{base_name}": base_split.get(p, ""),
                    "split_other": other_split.get(p, ""),
                }
            )
    order = {"funded": 0, "start": 1, "funding": 2}
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    rank = frame["change"].str.split().str[0].map(order)
    return frame.assign(_r=rank).sort_values(["_r", "versus", "project_id"]).drop(columns="_r")
