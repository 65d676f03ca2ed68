"""What a bureau gets without the optimizer: rank by score per 万元, fund down the list.

The usual practice, written down so every solve can be compared with it: mandatory projects
first, then every other candidate by indicator score per 万元 of cost, best first; each is
funded at its earliest start year that still fits next to those already on the list (its
prerequisites must be on the list and finish in time, no rival of its exclusion group may
be on it), under the same budget pools, eligibility and shares, land quotas, start limits
and regional maximum shares. Rules that ask for a minimum (binding targets, regional minimum
shares) cannot be checked one project at a time: the list is built without them and the
result says which it misses.

Each "does it still fit" is an LP on the optimizer's own model with every start fixed, so
the money check is exactly the optimizer's (pools, carry-over, shares).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import highspy
import numpy as np

from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs
from optimizer.model.values import indicator_values, score_of
from optimizer.solve.solver import Solver

TOL = 1e-6


@dataclass(frozen=True)
class RankedPortfolio:
    """The benefit/cost list's portfolio, scored the way the optimizer scores."""

    starts: dict[str, int]
    score: float
    targets_met: int
    targets: int
    spent_wan: float
    unspent_wan: float
    misses: tuple[str, ...]  # minimum rules the list breaks: target ids, "equity:<region>"


def value_per_wan(d: ModelInputs, p: str) -> float:
    return d.score(p) / d.cost[p] if d.cost[p] > 0 else math.inf


class _Fits:
    """The model without its minimum rules, every start fixed: 'does this schedule fit?'"""

    def __init__(self, d: ModelInputs) -> None:
        upper_only = dataclasses.replace(
            d,
            floors={},
            must=dict.fromkeys(d.projects, 0),
            equity={r: (None, hi) for r, (_, hi) in d.equity.items()},
        )
        m = build_model(upper_only)
        solver = Solver(m)
        handed = solver.attach()
        assert solver.highs is not None
        self.highs = solver.highs
        self.col = {k: handed.column(m.x[k]) for k in m.START}
        columns = np.array(sorted(self.col.values()), dtype=np.int32)
        n = len(columns)
        self.highs.changeColsIntegrality(n, columns, np.full(n, highspy.HighsVarType.kContinuous))
        self.highs.changeColsBounds(n, columns, np.zeros(n), np.zeros(n))

    def fits(self, p: str, t: int) -> bool:
        """Fix p to start in t; keep it if the schedule still fits, else undo."""
        j = self.col[(p, t)]
        self.highs.changeColBounds(j, 1.0, 1.0)
        self.highs.run()
        if self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return True
        self.highs.changeColBounds(j, 0.0, 0.0)
        return False


def rank_by_benefit_cost(d: ModelInputs) -> RankedPortfolio:
    """Fund down the list ranked by score per 万元 (mandatory first), each project at its
    earliest start year that still fits."""
    candidates = [p for p in d.projects if p in d.starts and d.allow[p]]
    order = sorted(candidates, key=lambda p: (-d.must[p], -value_per_wan(d, p), p))
    needs: dict[str, list[tuple[str, str]]] = {}
    for a, b, kind in d.dependencies:
        needs.setdefault(a, []).append((b, kind))
    group_of = {p: g for g, members in d.exclusion_groups.items() for p in members}
    fits = _Fits(d)
    starts: dict[str, int] = {}
    taken_groups: set[str] = set()
    for p in order:
        if group_of.get(p) in taken_groups:
            continue
        earliest = 0
        for b, kind in needs.get(p, []):
            if b not in starts:
                earliest = math.inf
                break
            earliest = max(earliest, starts[b] + (d.duration[b] if kind == "finish" else 0))
        for t in d.starts[p]:
            if t >= earliest and fits.fits(p, t):
                starts[p] = t
                if p in group_of:
                    taken_groups.add(group_of[p])
                break
    spent = sum(a for p, t in starts.items() for a in d.spend[(p, t)].values())
    values = indicator_values(d, starts)
    met = sum(
        values[i] >= ind.target - TOL * max(1.0, abs(ind.target)) for i, ind in d.indicators.items()
    )
    misses = [i for i, floor in d.floors.items() if values[i] < floor - TOL * max(1.0, floor)]
    region_spend: dict[str, float] = {}
    for p, t in starts.items():
        region_spend[d.region[p]] = region_spend.get(d.region[p], 0.0) + sum(
            d.spend[(p, t)].values()
        )
    misses += [
        f"equity:{r}"
        for r, (lo, _) in d.equity.items()
        if lo and region_spend.get(r, 0.0) < lo * spent - TOL * max(1.0, spent)
    ]
    return RankedPortfolio(
        starts,
        score_of(d, starts),
        int(met),
        len(d.indicators),
        spent,
        d.unspent(spent),
        tuple(misses),
    )
