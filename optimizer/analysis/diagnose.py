"""Explain what the optimum cannot: which rules conflict, and why a project is not funded.

Both answers come from the elastic model (soft rules with slacks, minimise violation):
- an infeasible scenario is solved elastically; the non-zero slacks are the conflict;
- an unfunded project is forced in next to the funded portfolio; the slacks say how much
  more budget (or land, or equity room) would admit it. The elastic model is built once
  and re-solved in memory for each project.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import pyomo.environ as pyo

from optimizer.config import SolverConfig
from optimizer.model.build import build_model
from optimizer.model.inputs import CITY, ModelInputs
from optimizer.solve.extract import Solution
from optimizer.solve.solver import Solver, SolveStatus

TOL = 1e-6
DIAGNOSIS_GAP = 1e-6  # relative MIP gap of the elastic solve, whatever the scenario's


@dataclass(frozen=True, slots=True)
class Violation:
    """How far one rule had to give way."""

    family: str  # budget, land, equity, indicator target, mandatory, start limit
    rule: str  # which row, in words
    amount: float
    unit: str

    def __str__(self) -> str:
        return f"{self.family}: {self.rule} short by {self.amount:,.4g} {self.unit}".rstrip()


@dataclass(frozen=True)
class Diagnosis:
    """The smallest set of violations that makes an infeasible scenario feasible."""

    status: SolveStatus
    violations: list[Violation]

    @property
    def families(self) -> list[str]:
        return sorted({v.family for v in self.violations})


@dataclass(frozen=True)
class Explanation:
    """Why a project is not funded, and what would admit it."""

    reason: str
    extra_budget_wan: float | None = None
    violations: list[Violation] = field(default_factory=list)


def _region(key: str) -> str:
    return "city-wide" if key == CITY else key


def _describe(name: str, key: object, amount: float, d: ModelInputs) -> Violation:
    if name == "slack_budget":
        s, y, r = key  # type: ignore[misc]
        where = "" if r == CITY else f" ({r})"
        return Violation("budget", f"{s} {y}{where}", amount, "万元")
    if name == "slack_land":
        row = d.land_rows[key]  # type: ignore[index]
        return Violation("land", f"quota {row.year} ({_region(row.region)})", amount, "亩")
    if name == "slack_equity_min":
        return Violation("equity", f"minimum share of region {key}", amount, "万元")
    if name == "slack_equity_max":
        return Violation("equity", f"maximum share of region {key} (excess)", amount, "万元")
    if name == "slack_target":
        ind = d.indicators[key]  # type: ignore[index]
        return Violation(
            "indicator target", f"{ind.name} ({key}) ≥ {d.floors[key]:g}", amount, ind.unit
        )
    if name == "slack_must":
        why = d.unschedulable.get(key, "conflicts with the other rules")  # type: ignore[arg-type]
        return Violation("mandatory", f"project {key} {d.name[key]}: {why}", 1, "project")  # type: ignore[index]
    r, y = key  # type: ignore[misc]
    return Violation("start limit", f"{r} {y}", amount, "starts")


def read_violations(m: pyo.ConcreteModel, d: ModelInputs) -> list[Violation]:
    """Non-zero slacks of a solved elastic model, largest scaled violation first."""
    found = []
    for fam in m.elastic_families:
        for key in fam.var:
            amount = pyo.value(fam.var[key], exception=False) or 0.0
            if amount > TOL * max(1.0, fam.scale[key]):
                found.append((amount / fam.scale[key], _describe(fam.name, key, amount, d)))
    return [v for _, v in sorted(found, key=lambda item: -item[0])]


def diagnose_infeasibility(d: ModelInputs, cfg: SolverConfig) -> Diagnosis:
    """Solve the elastic model: the smallest scaled violations that restore feasibility."""
    m = build_model(d, elastic=True)
    # the slacks are the answer: at the scenario's gap, noise-sized ones would be reported
    outcome = Solver(m, cfg.time_limit, DIAGNOSIS_GAP, cfg.threads).solve()
    if not outcome.has_solution:
        return Diagnosis(outcome.status, [])
    return Diagnosis(outcome.status, read_violations(m, d))


def _prerequisites(d: ModelInputs, p: str) -> set[str]:
    needs: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in d.dependencies:
        needs[a].add(b)
    seen: set[str] = set()
    stack = [p]
    while stack:
        for b in needs[stack.pop()] - seen:
            seen.add(b)
            stack.append(b)
    return seen


def _quick_reason(d: ModelInputs, p: str, funded: set[str]) -> str | None:
    """Reasons that need no solve."""
    if p in d.unschedulable:
        return f"cannot be scheduled: {d.unschedulable[p]}"
    if not d.allow[p]:
        return "excluded by the scenario"
    for group, members in d.exclusion_groups.items():
        rivals = sorted((set(members) & funded) - {p})
        if p in members and rivals:
            return f"alternative {rivals[0]} funded (group {group})"
    if d.score(p) <= 0:
        return "no indicator gain counted in the plan period"
    return None


def explain_unfunded(
    d: ModelInputs, solution: Solution, cfg: SolverConfig
) -> dict[str, Explanation]:
    """For each unfunded project, the smallest extra resources that would admit it.

    Forces the funded portfolio plus the project (prerequisites may join) into the elastic
    model and minimises violation; best-scoring projects are explained first, until
    `cfg.explain_time_limit` seconds are used.
    """
    funded = set(solution.funded)
    unfunded = sorted(set(d.projects) - funded, key=lambda p: -d.score(p))
    explanations: dict[str, Explanation] = {}
    pending = []
    for p in unfunded:
        quick = _quick_reason(d, p, funded)
        if quick:
            explanations[p] = Explanation(quick)
        else:
            pending.append(p)
    if not pending:
        return explanations

    m = build_model(d, elastic=True)
    m.mandatory_slack_ub.set_value(0)
    for q in d.projects:
        m.must[q].set_value(int(q in funded))
        m.allow[q].set_value(int(q in funded))
    solver = Solver(m, time_limit=min(10.0, cfg.explain_time_limit), mip_gap=1e-4)
    deadline = time.perf_counter() + cfg.explain_time_limit
    for p in pending:
        if time.perf_counter() > deadline:
            explanations[p] = Explanation("not explained: explanation time limit reached")
            continue
        joining = {p} | (_prerequisites(d, p) - funded)
        for q in joining:
            m.allow[q].set_value(int(q in d.starts))
        m.must[p].set_value(1)
        outcome = solver.solve()
        explanations[p] = _explain(
            outcome.status, read_violations(m, d) if outcome.has_solution else []
        )
        m.must[p].set_value(0)
        for q in joining:
            m.allow[q].set_value(0)
    return explanations


def _explain(status: SolveStatus, violations: list[Violation]) -> Explanation:
    """Why a forced project did not fit, from the elastic solve's violations."""
    if not status.has_solution:
        return Explanation("blocked by dependency, exclusion or timing rules with the funded set")
    if not violations:
        return Explanation("fits as is; not chosen (adds too little or within the MIP gap)", 0.0)
    money = [v for v in violations if v.family == "budget"]
    extra = sum(v.amount for v in money)
    others = [v for v in violations if v.family != "budget"]
    parts = []
    if money:
        pools = "; ".join(f"{v.rule} +{v.amount:,.0f}" for v in money[:3])
        more = "; …" if len(money) > 3 else ""
        parts.append(f"budget: needs +{extra:,.0f} 万元 ({pools}{more})")
    parts += [f"{v.family}: {v.rule} by {v.amount:,.4g} {v.unit}".rstrip() for v in others[:2]]
    reason = "; ".join(parts)
    return Explanation(reason, extra if money else None, violations)
