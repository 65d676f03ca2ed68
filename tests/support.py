"""Build tiny data sets on disk and run them through the real pipeline and real HiGHS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from optimizer.config import Scenario
from optimizer.pipeline import RunResult, run_scenario

YEAR = 2024


def project(
    pid: str,
    cost: float,
    gain: float = 0.0,
    *,
    region: str = "a",
    category: str = "road",
    revenue_class: str = "public",
    duration: int = 1,
    earliest: int = YEAR,
    latest: int | None = None,
    land: float = 0.0,
    mandatory: bool = False,
    profile: str = "",
    gains: dict[str, float] | None = None,
) -> dict[str, Any]:
    """A project row; `gain` goes to indicator 'ind', `gains` to any indicators."""
    return {
        "project_id": pid,
        "name": pid,
        "category": category,
        "region_id": region,
        "cost_wan": cost,
        "duration_years": duration,
        "earliest_start": earliest,
        "latest_start": earliest if latest is None else latest,
        "revenue_class": revenue_class,
        "land_mu": land,
        "mandatory": mandatory,
        "cost_profile": profile,
        "_gains": {"ind": gain, **(gains or {})},
    }


def indicator(iid: str = "ind", baseline: float = 0, target: float = 100, **kw: Any) -> dict:
    return {
        "indicator_id": iid,
        "name": iid,
        "unit": "u",
        "baseline": baseline,
        "target": target,
        "binding": kw.pop("binding", False),
        "kind": kw.pop("kind", "cumulative"),
        "upper_bound": kw.pop("upper_bound", ""),
        **kw,
    }


def write_dataset(
    folder: Path,
    projects: list[dict],
    *,
    funding: list[tuple[str, int, str, float]] | None = None,
    eligibility: list[tuple[str, str, str, float]] | None = None,
    sources: list[tuple[str, bool]] | None = None,
    indicators: list[dict] | None = None,
    regions: tuple[str, ...] = ("a", "b"),
    **optional: list[dict],
) -> Path:
    """Write the CSV tables; defaults: one source 'gb' of 100 万元 in 2024, eligible for all."""
    folder.mkdir(parents=True, exist_ok=True)
    funding = funding if funding is not None else [("gb", YEAR, "", 100.0)]
    used = {f[0] for f in funding}
    sources = sources if sources is not None else [(s, False) for s in sorted(used)]
    eligibility = (
        eligibility if eligibility is not None else [(s, "*", "*", 1.0) for s, _ in sources]
    )
    gains = [
        {"project_id": p["project_id"], "indicator_id": i, "gain": g}
        for p in projects
        for i, g in p["_gains"].items()
        if g
    ]
    tables: dict[str, pd.DataFrame] = {
        "regions": pd.DataFrame({"region_id": list(regions), "name": list(regions)}),
        "indicators": pd.DataFrame(indicators or [indicator()]),
        "projects": pd.DataFrame([{k: v for k, v in p.items() if k != "_gains"} for p in projects]),
        "project_gains": pd.DataFrame(gains, columns=["project_id", "indicator_id", "gain"]),
        "sources": pd.DataFrame([{"source_id": s, "name": s, "carry_over": c} for s, c in sources]),
        "funding": pd.DataFrame(funding, columns=["source_id", "year", "region_id", "amount_wan"]),
        "eligibility": pd.DataFrame(
            eligibility, columns=["source_id", "revenue_class", "category", "max_share"]
        ),
    }
    tables |= {name: pd.DataFrame(rows) for name, rows in optional.items()}
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def scenario(folder: Path, **overrides: Any) -> Scenario:
    """A scenario on `folder`; explanations off unless asked, exact MIP gap."""
    raw: dict[str, Any] = {"name": "test", "data": str(folder)}
    raw["solver"] = {"mip_gap": 0.0, "explain": False, **overrides.pop("solver", {})}
    raw["objective"] = {"cost_tiebreak": 0.0, **overrides.pop("objective", {})}
    return Scenario.model_validate(raw | overrides)


def solve(folder: Path, **overrides: Any) -> RunResult:
    return run_scenario(scenario(folder, **overrides))


def funded(result: RunResult) -> set[str]:
    assert result.solution is not None, result.outcome
    return set(result.solution.funded)


def starts(result: RunResult) -> dict[str, int]:
    assert result.solution is not None, result.outcome
    return result.solution.start_years()
