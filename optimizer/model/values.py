"""What a portfolio is worth on each objective, computed from the portfolio itself.

The model reaches some objectives through helper variables that equal their value only
while that objective is optimised: credit_i ≤ progress_i (score), balance ≤ every
region's share, burden_peak ≥ every year's burden. Left out of the objective (another
method's step, a point time limit) they may sit anywhere their rows allow, e.g. credit at
a lexicographic floor or burden_peak at 10⁹. A portfolio's own values are therefore
computed here, from what it funds, when each project starts and what it borrows, with the
formulas of `model/objectives.py` and `model/fiscal.py`:

    progress_i   = Σ_{p funded, completes in plan} gain_pi
    score        = Σ_i w_i/gap_i · clamp(progress_i, credit_bounds(i))
    balance      = min over regions r with potential of Σ_{p∈r completes} score_p / potential_r
    service(z)   = Σ_{(s,y)} drawn[s,y] · σ_s(z − y);  om(z) = Σ_{p: finish < z} om_p
    recurring_burden = max_z service(z) + om(z) over the fiscal years
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from optimizer.model.inputs import ModelInputs


@dataclass(frozen=True)
class Portfolio:
    """Funded projects with their start years, and debt drawn by (source, year), 万元."""

    starts: Mapping[str, int]
    drawn: Mapping[tuple[str, int], float] = field(default_factory=dict)


def credit_bounds(d: ModelInputs, i: str) -> tuple[float, float | None]:
    """The range of indicator i's credit in the score: from its worst progress up to the
    gap (kind "shortfall": progress past the target earns nothing), to a level
    indicator's upper bound, or unbounded."""
    ind = d.indicators[i]
    worst = d.worst_progress(i)
    if d.objective_kind == "shortfall":
        return (worst, ind.gap)
    if ind.kind == "level" and ind.upper_bound is not None:
        return (worst, ind.upper_bound - ind.baseline)
    return (worst, None)


def indicator_values(d: ModelInputs, starts: Mapping[str, int]) -> dict[str, float]:
    """Each indicator's value at plan end for a schedule (completed projects count)."""
    values = {i: ind.baseline for i, ind in d.indicators.items()}
    for p, t in starts.items():
        if d.completes(p, t):
            for i, g in d.gains_by_project[p]:
                if i in values:
                    values[i] += g
    return values


def score_of(d: ModelInputs, starts: Mapping[str, int]) -> float:
    """Σ_i w_i·credit_i/gap_i, each credit its progress within `credit_bounds`."""
    total = 0.0
    for i, value in indicator_values(d, starts).items():
        ind = d.indicators[i]
        low, high = credit_bounds(d, i)
        credit = max(value - ind.baseline, low)
        total += ind.weight * (credit if high is None else min(credit, high)) / ind.gap
    return total


def weighted_shortfall(d: ModelInputs, starts: Mapping[str, int]) -> float:
    """Σ_i w_i·shortfall_i/gap_i, shortfall_i = max(target_i − value_i, 0) (goal
    programming's objective; a level indicator counts up to its upper bound)."""
    total = 0.0
    for i, value in indicator_values(d, starts).items():
        ind = d.indicators[i]
        if ind.kind == "level" and ind.upper_bound is not None:
            value = min(value, ind.upper_bound)
        total += ind.weight * max(ind.target - value, 0.0) / ind.gap
    return total


def balance_regions(d: ModelInputs) -> dict[str, tuple[list[str], float]]:
    """Region -> (its schedulable projects, their total positive score), for the regions
    with a positive potential: the rows of the `balance` objective."""
    members: dict[str, list[str]] = defaultdict(list)
    for p in d.starts:
        members[d.region[p]].append(p)
    potential = {r: sum(max(d.score(p), 0.0) for p in ps) for r, ps in members.items()}
    return {r: (members[r], v) for r, v in potential.items() if v > 0}


def _balance(d: ModelInputs, starts: Mapping[str, int]) -> float:
    shares = [
        sum(d.score(p) for p in ps if p in starts and d.completes(p, starts[p])) / potential
        for ps, potential in balance_regions(d).values()
    ]
    return min(shares, default=1.0)


def _service(d: ModelInputs, drawn: Mapping[tuple[str, int], float], z: int) -> float:
    return sum(a * d.debt[s].service(z - y) for (s, y), a in drawn.items() if s in d.debt)


def _burden(d: ModelInputs, portfolio: Portfolio) -> float:
    finish = [(d.finish(p, t), d.om.get(p, 0.0)) for p, t in portfolio.starts.items()]
    return max(
        _service(d, portfolio.drawn, z) + sum(om for f, om in finish if f < z)
        for z in d.fiscal_years
    )


def _value(d: ModelInputs, portfolio: Portfolio, name: str, groups: dict[str, list[str]]) -> float:
    starts = portfolio.starts
    kind, _, key = name.partition(":")
    inds = d.indicators
    if kind == "gain":
        return indicator_values(d, starts)[key] - inds[key].baseline
    if kind == "group":
        values = indicator_values(d, starts)
        return sum(
            inds[i].weight * (values[i] - inds[i].baseline) / inds[i].gap for i in groups[key]
        )
    simple = {
        "score": lambda: score_of(d, starts),
        "cost": lambda: sum(sum(d.spend.get((p, t), {}).values()) for p, t in starts.items()),
        "land": lambda: sum(d.land.get(p, 0.0) for p in starts),
        "projects": lambda: float(len(starts)),
        "balance": lambda: _balance(d, starts),
        "debt": lambda: sum(a for (s, _), a in portfolio.drawn.items() if s in d.debt),
        "debt_service": lambda: sum(_service(d, portfolio.drawn, z) for z in d.years),
        "om": lambda: sum(d.om.get(p, 0.0) for p in starts),
        "recurring_burden": lambda: _burden(d, portfolio),
    }
    return float(simple[name]())


def objective_values(
    d: ModelInputs, portfolio: Portfolio, names: list[str], groups: dict[str, list[str]]
) -> dict[str, float]:
    """Each named objective's value for the portfolio, in its own unit and sense."""
    return {name: _value(d, portfolio, name, groups) for name in names}
