"""Explain an infeasible scenario: which rules conflict, and by how much.

The elastic model (soft rules with slacks, minimise scaled violation) is solved; its
non-zero slacks are the smallest violations that make the scenario feasible. The same
slacks, read by `analysis.explain`, say what would admit an unfunded project.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from optimizer.config import SolverConfig
from optimizer.model.build import build_model
from optimizer.model.inputs import CITY, ModelInputs
from optimizer.solve.solver import Solver, SolveStatus

TOL = 1e-6
DIAGNOSIS_GAP = 1e-6  # relative MIP gap of the elastic solve, whatever the scenario's


@dataclass(frozen=True, slots=True)
class Violation:
    """How far one rule had to give way."""

    family: str  # budget, land, equity, indicator target, mandatory, start limit, debt ceiling
    rule: str  # which row, in English words (stable for CSV readers)
    amount: float
    unit: str
    key: tuple = ()  # the row: (source, year, region) for budget, (year, region) for land
    # and start limit, ("min" | "max", region) for equity, (indicator,) for a target,
    # (project,) for mandatory, (kind, year, region, source or None) for debt ceiling

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


def _region(key: str) -> str:
    return "city-wide" if key == CITY else key


def describe_slack(name: str, key: object, amount: float, d: ModelInputs) -> Violation:
    if name == "slack_budget":
        s, y, r = key  # type: ignore[misc]
        where = "" if r == CITY else f" ({r})"
        return Violation("budget", f"{s} {y}{where}", amount, "万元", (s, y, r))
    if name == "slack_land":
        row = d.land_rows[key]  # type: ignore[index]
        rule = f"quota {row.year} ({_region(row.region)})"
        return Violation("land", rule, amount, "亩", (row.year, row.region))
    if name == "slack_equity_min":
        return Violation("equity", f"minimum share of region {key}", amount, "万元", ("min", key))
    if name == "slack_equity_max":
        rule = f"maximum share of region {key} (excess)"
        return Violation("equity", rule, amount, "万元", ("max", key))
    if name == "slack_target":
        ind = d.indicators[key]  # type: ignore[index]
        rule = f"{ind.name} ({key}) ≥ {d.floors[key]:g}"
        return Violation("indicator target", rule, amount, ind.unit, (key,))
    if name == "slack_must":
        why = d.unschedulable.get(key, "conflicts with the other rules")  # type: ignore[arg-type]
        rule = f"project {key} {d.name[key]}: {why}"  # type: ignore[index]
        return Violation("mandatory", rule, 1, "project", (key,))
    if name == "slack_debt":
        lim = d.debt_limits[key]  # type: ignore[index]
        what = f"{lim.source} " if lim.source else ""
        owed = "new debt" if lim.kind == "new" else "debt outstanding"
        rule = f"{lim.year} {owed} {what}({_region(lim.region)})"
        row = (lim.kind, lim.year, lim.region, lim.source)
        return Violation("debt ceiling", rule, amount, "万元", row)
    r, y = key  # type: ignore[misc]
    return Violation("start limit", f"{r} {y}", amount, "starts", (y, r))


def read_violations(m: pyo.ConcreteModel, d: ModelInputs) -> list[Violation]:
    """Non-zero slacks of a solved elastic model, largest scaled violation first."""
    found = []
    for fam in m.elastic_families:
        for key in fam.var:
            amount = pyo.value(fam.var[key], exception=False) or 0.0
            if amount > TOL * max(1.0, fam.scale[key]):
                found.append((amount / fam.scale[key], describe_slack(fam.name, key, amount, d)))
    return [v for _, v in sorted(found, key=lambda item: -item[0])]


def diagnose_infeasibility(d: ModelInputs, cfg: SolverConfig) -> Diagnosis:
    """Solve the elastic model: the smallest scaled violations that restore feasibility."""
    m = build_model(d, elastic=True)
    # the slacks are the answer: at the scenario's gap, noise-sized ones would be reported
    outcome = Solver(m, cfg.time_limit, DIAGNOSIS_GAP, cfg.threads).solve()
    if not outcome.has_solution:
        return Diagnosis(outcome.status, [])
    return Diagnosis(outcome.status, read_violations(m, d))
