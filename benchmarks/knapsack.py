"""Multi-objective multi-dimensional knapsacks as project data sets.

An instance is max c_k·x (k = 1..p) subject to a_r·x ≤ b_r (r = 1..m), x binary. Item j
becomes project P<j> that starts in the plan's first year; capacity r < m is the general
budget of plan year r (the project's cost profile puts a_rj 万元 in year r), the last one
is the construction-land quota (a_mj 亩); objective k is `gain:o<k>`, project j adding
c_kj to indicator o<k>. With m = 1 the only capacity is one year's budget.

`data/kp/` holds published instances (see data/kp/README.md) with their Pareto fronts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.config import Scenario

DATA = Path(__file__).resolve().parent / "data" / "kp"
FIRST_YEAR = 2024


@dataclass(frozen=True)
class Knapsack:
    """c: p × n objective coefficients, a: m × n weights, b: m capacities (all >= 0)."""

    c: np.ndarray
    a: np.ndarray
    b: np.ndarray

    @property
    def objectives(self) -> list[str]:
        return [f"gain:o{k + 1}" for k in range(len(self.c))]


def _matrix(path: Path) -> np.ndarray:
    return pd.read_csv(path, index_col=0).to_numpy(dtype=float)


def published(name: str) -> tuple[Knapsack, set[tuple[int, ...]]]:
    """An embedded instance (e.g. "3kp40") and its published Pareto front."""
    folder = DATA / name
    kp = Knapsack(
        _matrix(folder / "c.csv"), _matrix(folder / "a.csv"), _matrix(folder / "b.csv")[:, 0]
    )
    front = {tuple(int(v) for v in row) for row in _matrix(folder / "pareto_sols.csv")}
    return kp, front


def generate(items: int, objectives: int, capacities: int, seed: int) -> Knapsack:
    """Random integers in 1..100, each capacity half the total weight (the classic setup)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 101, size=(capacities, items)).astype(float)
    c = rng.integers(1, 101, size=(objectives, items)).astype(float)
    return Knapsack(c, a, np.floor(a.sum(axis=1) / 2))


def write_dataset(kp: Knapsack, folder: Path) -> Path:
    """The instance as a CSV data set the optimizer loads."""
    folder.mkdir(parents=True, exist_ok=True)
    m, n = kp.a.shape
    budget_rows = max(m - 1, 1)
    land = kp.a[m - 1] if m > 1 else np.zeros(n)
    years = [FIRST_YEAR + r for r in range(budget_rows)]
    cost = kp.a[:budget_rows].sum(axis=0)
    projects = pd.DataFrame(
        {
            "project_id": [f"P{j + 1}" for j in range(n)],
            "name": [f"item {j + 1}" for j in range(n)],
            "category": "road",
            "region_id": "a",
            "cost_wan": cost,
            "duration_years": budget_rows,
            "earliest_start": FIRST_YEAR,
            "latest_start": FIRST_YEAR,
            "revenue_class": "public",
            "land_mu": land,
            "mandatory": False,
            "cost_profile": [
                ";".join(repr(float(kp.a[r, j] / cost[j])) for r in range(budget_rows))
                if budget_rows > 1
                else ""
                for j in range(n)
            ],
        }
    )
    gains = pd.DataFrame(
        [
            {"project_id": f"P{j + 1}", "indicator_id": f"o{k + 1}", "gain": kp.c[k, j]}
            for k in range(len(kp.c))
            for j in range(n)
            if kp.c[k, j]
        ]
    )
    indicators = pd.DataFrame(
        {
            "indicator_id": [f"o{k + 1}" for k in range(len(kp.c))],
            "name": [f"objective {k + 1}" for k in range(len(kp.c))],
            "unit": "pt",
            "baseline": 0.0,
            "target": kp.c.sum(axis=1) + 1,
            "binding": False,
            "kind": "cumulative",
            "upper_bound": "",
        }
    )
    tables = {
        "regions": pd.DataFrame({"region_id": ["a"], "name": ["a"]}),
        "indicators": indicators,
        "projects": projects,
        "project_gains": gains,
        "sources": pd.DataFrame({"source_id": ["gb"], "name": ["budget"], "carry_over": [False]}),
        "funding": pd.DataFrame(
            {"source_id": "gb", "year": years, "region_id": "", "amount_wan": kp.b[:budget_rows]}
        ),
        "eligibility": pd.DataFrame(
            {"source_id": ["gb"], "revenue_class": ["*"], "category": ["*"], "max_share": [1.0]}
        ),
    }
    if m > 1:
        tables["land_quota"] = pd.DataFrame(
            {"year": [FIRST_YEAR], "region_id": [""], "quota_mu": [kp.b[m - 1]]}
        )
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def scenario(
    kp: Knapsack, folder: Path, highs: dict | None = None, **multiobjective: object
) -> Scenario:
    """An exact (zero gap, unit steps) pareto scenario over the instance's objectives;
    `highs`: HiGHS options."""
    return Scenario.model_validate(
        {
            "name": folder.name,
            "data": str(write_dataset(kp, folder)),
            "solver": {"mip_gap": 0.0, "explain": False, "highs": highs or {}},
            "objective": {"cost_tiebreak": 0.0},
            "multiobjective": {"objectives": kp.objectives, "exact": True, **multiobjective},
        }
    )


def brute_front(kp: Knapsack) -> set[tuple[int, ...]]:
    """Every non-dominated objective vector, by enumerating all 2^n subsets (n ≤ ~22)."""
    n = kp.a.shape[1]
    vectors = []
    for first in range(0, 2**n, 2**16):
        codes = np.arange(first, min(first + 2**16, 2**n))
        bits = (codes[:, None] >> np.arange(n)) & 1
        feasible = np.all(bits @ kp.a.T <= kp.b + 1e-9, axis=1)
        vectors.append((bits[feasible] @ kp.c.T).round().astype(np.int64))
    unique = np.unique(np.vstack(vectors), axis=0)
    # a first pass against the front of the 2,000 best sums leaves few candidates
    best = _sorted_front(unique[np.argsort(-unique.sum(axis=1))[:2000]])
    dominated = np.zeros(len(unique), dtype=bool)
    for w in best:
        dominated |= np.all(unique <= w, axis=1) & np.any(unique < w, axis=1)
    return {tuple(int(x) for x in v) for v in _sorted_front(unique[~dominated])}


def _sorted_front(vectors: np.ndarray) -> np.ndarray:
    """Non-dominated rows of distinct vectors: sorted best-first, a dominator comes first,
    so each vector is tested against the rows kept before it."""
    ordered = vectors[np.lexsort(vectors.T[::-1])[::-1]]
    kept = np.empty((0, vectors.shape[1]), dtype=vectors.dtype)
    for v in ordered:
        if not np.any(np.all(kept >= v, axis=1)):
            kept = np.vstack([kept, v])
    return kept
