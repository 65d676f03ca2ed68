"""Multi-objective methods over one model built once and re-solved in memory.

Every objective is 'higher is better' g_k (see model/objectives.py); the model carries
mutable weights c_k (max Σ c_k g_k) and floors g_k ≥ e_k. Methods only change those:
- weighted sum: c_k = w_k / range_k (ranges from the payoff table);
- lexicographic: optimise g_{k1}, floor it at (1 − tol) of its optimum, optimise g_{k2}, …;
- AUGMECON2 (Mavrotas & Florios 2013): max g_1 + δ Σ_{k≥2} 10^{-(k-2)} g_k / r_k with
  g_k ≥ e_k on a grid; infeasible → early exit of the inner loop; the slack of g_2 above
  its floor lets the inner loop bypass grid points that would repeat the same solution.
  With integer objectives stepped by 1 the front is exact.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimizer.config import MultiObjectiveConfig
from optimizer.model.inputs import ModelInputs
from optimizer.model.objectives import ObjectiveSpec, add_objectives
from optimizer.solve.solver import SolveOutcome, Solver, SolveStatus

DELTA = 1e-3  # AUGMECON augmentation weight


@dataclass(frozen=True)
class ParetoPoint:
    """One solution: objective values in their own sense and the funded projects."""

    values: tuple[float, ...]
    starts: dict[str, int]
    status: SolveStatus

    @property
    def funded(self) -> tuple[str, ...]:
        return tuple(sorted(self.starts))


@dataclass
class ParetoResult:
    """A front: payoff table, non-dominated points, and what it took to find them."""

    objectives: list[ObjectiveSpec]
    payoff: pd.DataFrame
    points: list[ParetoPoint] = field(default_factory=list)
    solves: int = 0  # payoff table and grid together
    infeasible: int = 0
    seconds: float = 0.0  # grid only
    cold_solve_seconds: float = 0.0  # the first solve, which hands the model to HiGHS
    stopped: str | None = None  # why the grid was not finished


def dominates(a: tuple[float, ...], b: tuple[float, ...], senses: list[int], tol: float) -> bool:
    """a is at least as good as b everywhere and better somewhere (values in own sense)."""
    ga = [s * v for s, v in zip(senses, a, strict=True)]
    gb = [s * v for s, v in zip(senses, b, strict=True)]
    return all(x >= y - tol for x, y in zip(ga, gb, strict=True)) and any(
        x > y + tol for x, y in zip(ga, gb, strict=True)
    )


def non_dominated(
    points: list[ParetoPoint], senses: list[int], tol: float = 1e-6
) -> list[ParetoPoint]:
    """Drop dominated and duplicate points, keep the first of equal ones."""
    kept: list[ParetoPoint] = []
    for p in points:
        if any(dominates(q.values, p.values, senses, tol) for q in points):
            continue
        if any(
            all(abs(x - y) <= tol for x, y in zip(p.values, q.values, strict=True)) for q in kept
        ):
            continue
        kept.append(p)
    return kept


class MultiObjective:
    """The model with named objectives added, and a persistent solver over it."""

    def __init__(
        self,
        model: pyo.ConcreteModel,
        inputs: ModelInputs,
        cfg: MultiObjectiveConfig,
        time_limit: float,
        mip_gap: float,
        threads: int | None = None,
    ) -> None:
        self.m = model
        self.d = inputs
        self.specs = add_objectives(model, inputs, cfg.objectives, cfg.groups)
        # each re-solve starts from the last solution: in lexicographic steps it is feasible
        # by construction, and on the grid it often is
        self.solver = Solver(model, time_limit, mip_gap, threads, warm_start=True)
        self.outcomes: list[SolveOutcome] = []

    @property
    def senses(self) -> list[int]:
        return [s.sense for s in self.specs]

    @property
    def solves(self) -> int:
        return len(self.outcomes)

    @property
    def cold_solve_seconds(self) -> float:
        """The first solve, which includes handing the model to HiGHS."""
        return self.outcomes[0].seconds if self.outcomes else 0.0

    def _payoff_g(self, payoff: pd.DataFrame) -> np.ndarray:
        """The payoff table as g values (higher is better)."""
        return payoff.to_numpy() * self.senses

    def _ranges(self, payoff: pd.DataFrame) -> list[float]:
        """Each objective's range over the payoff table (at least 1e-9)."""
        g = self._payoff_g(payoff)
        return [max(g[:, k].max() - g[:, k].min(), 1e-9) for k in range(len(self.specs))]

    def _set(self, weights: dict[int, float], floors: dict[int, float]) -> None:
        for k, spec in enumerate(self.specs):
            self.m.mo_weight[k].set_value(weights.get(k, 0.0))
            self.m.mo_floor[k].set_value(floors.get(k, spec.lower))

    def _run(self, weights: dict[int, float], floors: dict[int, float]) -> SolveOutcome:
        self._set(weights, floors)
        outcome = self.solver.solve()
        self.outcomes.append(outcome)
        return outcome

    def g(self) -> list[float]:
        """Current g_k values (higher is better)."""
        return [pyo.value(self.m.mo_g[k]) for k in range(len(self.specs))]

    def point(self, status: SolveStatus) -> ParetoPoint:
        starts = {p: t for (p, t) in self.m.START if pyo.value(self.m.x[p, t]) > 0.5}
        values = tuple(s.sense * v + 0.0 for s, v in zip(self.specs, self.g(), strict=True))
        return ParetoPoint(values, starts, status)

    def lexicographic(self, order: list[int], tol: float) -> SolveOutcome:
        """Optimise objectives in `order`, each kept within `tol` (relative) of its optimum."""
        fixed: dict[int, float] = {}
        outcome = None
        for k in order:
            outcome = self._run({k: 1.0}, fixed)
            if not outcome.has_solution:
                return outcome
            best = self.g()[k]
            fixed[k] = best - max(tol * abs(best), 1e-7 * max(1.0, abs(best)))
        assert outcome is not None
        return outcome

    def _worst(self, k: int) -> float | None:
        """The lowest g_k over all feasible portfolios (a true lower end for the grid)."""
        outcome = self._run({k: -1.0}, {})
        return self.g()[k] if outcome.has_solution else None

    def payoff_table(self) -> tuple[pd.DataFrame, SolveOutcome]:
        """Row k: the lexicographic optimum with objective k first (values in own sense)."""
        rows = []
        n = len(self.specs)
        outcome = None
        for k in range(n):
            outcome = self.lexicographic([k, *[j for j in range(n) if j != k]], 0.0)
            if not outcome.has_solution:
                return pd.DataFrame(), outcome
            rows.append(self.point(outcome.status).values)
        names = [s.name for s in self.specs]
        table = pd.DataFrame(
            rows,
            columns=names,
            index=[
                f"max {n_}" if s.sense > 0 else f"min {n_}"
                for n_, s in zip(names, self.specs, strict=True)
            ],
        )
        assert outcome is not None
        return table, outcome

    def weighted(self, weights: list[float], payoff: pd.DataFrame) -> SolveOutcome:
        """max Σ w_k g_k / range_k, ranges from the payoff table."""
        ranges = self._ranges(payoff)
        return self._run({k: w / ranges[k] for k, w in enumerate(weights)}, {})

    def _finish(self, result: ParetoResult, found: list[ParetoPoint], start: float) -> ParetoResult:
        """Final non-dominated points, sorted, and what the run took."""
        result.points = sorted(non_dominated(found, self.senses), key=lambda p: p.values)
        result.seconds = time.perf_counter() - start
        result.solves = self.solves
        result.cold_solve_seconds = self.cold_solve_seconds
        return result

    def weight_sweep(
        self,
        payoff: pd.DataFrame,
        points: int,
        total_limit: float,
        on_point: Callable[[ParetoResult], None] | None = None,
    ) -> ParetoResult:
        """Weighted sums over a simplex lattice of weights (`points` levels per objective).

        Finds only supported points (on the convex hull); AUGMECON2 finds all of them.
        """
        result = ParetoResult(self.specs, payoff)
        start = time.perf_counter()
        ranges = self._ranges(payoff)
        steps = points - 1
        lattice = [
            w for w in itertools.product(range(points), repeat=len(self.specs)) if sum(w) == steps
        ]
        found: list[ParetoPoint] = []
        for w in lattice:
            if time.perf_counter() - start > total_limit:
                result.stopped = "total time limit"
                break
            # a small weight on every objective keeps weakly dominated points out
            weights = {k: (wk / steps + 1e-4) / ranges[k] for k, wk in enumerate(w)}
            outcome = self._run(weights, {})
            result.solves, result.seconds = self.solves, time.perf_counter() - start
            if outcome.has_solution:
                found.append(self.point(outcome.status))
                result.points = non_dominated(found, self.senses)
            if on_point:
                on_point(result)
        return self._finish(result, found, start)

    def augmecon(
        self,
        payoff: pd.DataFrame,
        points: int,
        exact: bool,
        max_exact_steps: int,
        total_limit: float,
        on_point: Callable[[ParetoResult], None] | None = None,
    ) -> ParetoResult:
        """AUGMECON2 over a grid of floors on objectives 2..p."""
        result = ParetoResult(self.specs, payoff)
        start = time.perf_counter()
        g = self._payoff_g(payoff)
        ideal, lows = g.max(axis=0), g.min(axis=0)
        steps, counts = {}, {}
        for k in range(1, len(self.specs)):
            if exact and self.specs[k].integral:
                # The payoff table only estimates the nadir, and with 3+ objectives a
                # Pareto point can lie below it: grid from the worst feasible value instead.
                worst = self._worst(k) if len(self.specs) > 2 else lows[k]
                if worst is not None and ideal[k] - worst <= max_exact_steps:
                    lows[k] = math.floor(worst + 1e-9)
                    steps[k], counts[k] = 1.0, int(round(ideal[k] - lows[k])) + 1
                    continue
            span = ideal[k] - lows[k]
            counts[k] = max(points, 2) if span > 1e-9 else 1
            steps[k] = span / (counts[k] - 1) if counts[k] > 1 else 0.0
        ranges = ideal - lows
        weights = {0: 1.0}
        for k in range(1, len(self.specs)):
            weights[k] = DELTA * 10.0 ** (-(k - 1)) / max(ranges[k], 1e-9)
        outer = [range(counts[k]) for k in range(2, len(self.specs))]
        found: list[ParetoPoint] = []
        for combo in itertools.product(*outer):
            i2 = 0
            while i2 < counts.get(1, 1):
                if time.perf_counter() - start > total_limit:
                    result.stopped = "total time limit"
                    break
                floors = {1: lows[1] + i2 * steps.get(1, 0)} if len(self.specs) > 1 else {}
                floors |= {
                    k: lows[k] + j * steps[k]
                    for k, j in zip(range(2, len(self.specs)), combo, strict=True)
                }
                floors = {k: v - 1e-7 * max(1.0, abs(v)) for k, v in floors.items()}
                outcome = self._run(weights, floors)
                result.solves = self.solves
                result.seconds = time.perf_counter() - start
                if outcome.status == SolveStatus.INFEASIBLE:
                    result.infeasible += 1
                    if on_point:
                        on_point(result)
                    break  # early exit: higher floors on g_2 are infeasible too
                if not outcome.has_solution:
                    i2 += 1
                    continue
                found.append(self.point(outcome.status))
                result.points = non_dominated(found, self.senses)
                if on_point:
                    on_point(result)
                if len(self.specs) == 1 or steps.get(1, 0) == 0:
                    break
                slack = self.g()[1] - floors[1]
                i2 += int(math.floor(slack / steps[1] + 1e-9)) + 1  # bypass
            if result.stopped:
                break
        return self._finish(result, found, start)
