"""The optimizer's model written independently with highspy from numpy arrays, no Pyomo,
in its per-project form: one funding variable f[p,s,y] per (project, source, year), where
optimizer/model aggregates funding by class. Same rules, same objective: the benchmark
and tests/test_aggregation.py check that both reach the same optimum."""

from __future__ import annotations

from collections import defaultdict

import highspy
import numpy as np

from optimizer.model.inputs import CITY, ModelInputs

INF = highspy.kHighsInf


class _Builder:
    """Columns and triplet rows, turned into one HighsLp."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.cost: list[float] = []
        self.integer: list[int] = []
        self.rows_lo: list[float] = []
        self.rows_hi: list[float] = []
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []

    def col(self, lo: float, hi: float, integer: bool = False) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        self.cost.append(0.0)
        self.integer.append(int(integer))
        return len(self.lower) - 1

    def row(self, terms: dict[int, float], lo: float, hi: float) -> None:
        k = len(self.rows_lo)
        self.rows_lo.append(lo)
        self.rows_hi.append(hi)
        for col, val in terms.items():
            if val:
                self.r.append(k)
                self.c.append(col)
                self.v.append(val)

    def highs(self) -> highspy.Highs:
        lp = highspy.HighsLp()
        n, m = len(self.lower), len(self.rows_lo)
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.array(self.cost)
        lp.col_lower_ = np.array(self.lower)
        lp.col_upper_ = np.array(self.upper)
        lp.row_lower_ = np.array(self.rows_lo)
        lp.row_upper_ = np.array(self.rows_hi)
        cols = np.array(self.c, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=n))])
        lp.a_matrix_.index_ = np.array(self.r, dtype=np.int32)[order]
        lp.a_matrix_.value_ = np.array(self.v)[order]
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in self.integer
        ]
        lp.sense_ = highspy.ObjSense.kMaximize
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(lp)
        return h


def build_reference(d: ModelInputs) -> highspy.Highs:
    """The optimizer's model as one HighsLp."""
    b = _Builder()
    x = {(p, t): b.col(0, 1, True) for p, ts in d.starts.items() for t in ts}
    f = {k: b.col(0, INF) for k in sorted(d.pool_of)}
    carry = {
        (s, y, r): b.col(0, INF)
        for (s, y, r) in d.pools
        if s in d.carry_sources and (s, y + 1, r) in d.pools
    }
    spend: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)
    for (p, t), by_year in d.spend.items():
        for y, amount in by_year.items():
            spend[(p, y)][x[(p, t)]] = amount

    for p in d.projects:  # selection bounds
        cols = {x[(p, t)]: 1.0 for t in d.starts.get(p, [])}
        if p in d.starts:
            b.row(cols, -INF, d.allow[p])
        if p in d.starts or d.must[p]:
            b.row(cols, d.must[p], INF)
    sources_of: dict[tuple[str, int], list[str]] = defaultdict(list)
    for p, s, y in f:
        sources_of[(p, y)].append(s)
    for (p, y), terms in sorted(spend.items()):  # funding covers spending
        row = {f[(p, s, y)]: 1.0 for s in sources_of[(p, y)]}
        row.update({col: -a for col, a in terms.items()})
        b.row(row, 0.0, 0.0)
    for (p, s, y), col in f.items():  # share caps
        share = d.share[(p, s)]
        if share < 1:
            row = {col: 1.0} | {c: -share * a for c, a in spend[(p, y)].items()}
            b.row(row, -INF, 0.0)
    members: dict = defaultdict(list)
    for key, pool in d.pool_of.items():
        members[pool].append(key)
    for (s, y, r), budget in d.pools.items():  # budgets with carry-over
        row = {f[k]: 1.0 for k in members[(s, y, r)]}
        if (s, y, r) in carry:
            row[carry[(s, y, r)]] = 1.0
        if (s, y - 1, r) in carry:
            row[carry[(s, y - 1, r)]] = -1.0
        b.row(row, -INF, budget)
    for land in d.land_rows:  # land quota
        row = {
            x[(p, land.year)]: d.land[p]
            for p in d.starts
            if d.land.get(p, 0) > 0
            and land.year in d.starts[p]
            and land.region in (CITY, d.region[p])
        }
        if row:
            b.row(row, -INF, land.quota)
    for a, dep, kind in d.dependencies:  # cumulative precedence
        lag = d.duration[dep] if kind == "finish" else 0
        for t in d.starts.get(a, []):
            row = {x[(a, u)]: 1.0 for u in d.starts[a] if u <= t}
            for u in d.starts.get(dep, []):
                if u + lag <= t:
                    row[x[(dep, u)]] = row.get(x[(dep, u)], 0.0) - 1.0
            b.row(row, -INF, 0.0)
    for group in d.exclusion_groups.values():  # alternatives
        present = [p for p in group if p in d.starts]
        if len(present) > 1:
            b.row({x[(p, t)]: 1.0 for p in present for t in d.starts[p]}, -INF, 1.0)
    total: dict[int, float] = defaultdict(float)
    by_region: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (p, _), terms in spend.items():
        for col, a in terms.items():
            total[col] += a
            by_region[d.region[p]][col] += a
    for r, (lo, hi) in d.equity.items():  # regional equity
        if lo:
            b.row({c: by_region[r].get(c, 0.0) - lo * a for c, a in total.items()}, 0.0, INF)
        if hi is not None and hi < 1:
            b.row({c: by_region[r].get(c, 0.0) - hi * a for c, a in total.items()}, -INF, 0.0)
    progress: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (p, i), g in d.gains.items():
        for t in d.starts.get(p, []):
            if d.completes(p, t) and g:
                progress[i][x[(p, t)]] += g
    for i, floor in d.floors.items():  # indicator targets
        b.row(dict(progress[i]), floor - d.indicators[i].baseline, INF)
    starters: dict = defaultdict(list)
    for p, ts in d.starts.items():
        for t in ts:
            if (d.region[p], t) in d.start_limits:
                starters[(d.region[p], t)].append(x[(p, t)])
    for key, cap in d.start_limits.items():  # start limits
        if len(starters[key]) > cap:
            b.row(dict.fromkeys(starters[key], 1.0), -INF, cap)
    penalty = d.cost_tiebreak / max(d.total_cost, 1.0)
    for col, a in total.items():
        b.cost[col] -= penalty * a
    for i, ind in d.indicators.items():  # credit ≤ progress, capped; objective
        worst = d.worst_progress(i)
        if d.objective_kind == "shortfall":
            cap = ind.gap
        elif ind.kind == "level" and ind.upper_bound is not None:
            cap = ind.upper_bound - ind.baseline
        else:
            cap = INF
        credit = b.col(worst, cap)
        b.cost[credit] = ind.weight / ind.gap
        b.row({credit: 1.0} | {c: -g for c, g in progress[i].items()}, -INF, 0.0)
    return b.highs()
