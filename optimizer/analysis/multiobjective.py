"""Multi-objective methods over one model built once and re-solved in memory.

Every objective is 'higher is better' g_k (see model/objectives.py); the model carries
mutable weights c_k (max Σ c_k g_k) and floors g_k ≥ e_k. Methods only change those:
- weighted sum: c_k = w_k / range_k (ranges from the payoff table);
- lexicographic: optimise g_{k1}, floor it at (1 − tol) of its optimum, optimise g_{k2}, …;
- AUGMECON-R (Nikas et al. 2022, after Mavrotas & Florios 2013): max g_1 + Σ_{k≥2} w_k g_k
  subject to g_k ≥ e_k, for floors e on a grid over objectives 2..p, skipping the cells a
  found solution or an infeasible cell already answers (analysis/pareto_grid.py). By
  default the grid has `points` floors per objective spread over its payoff range (a front
  of N points, not exact); with `exact` integer objectives are stepped by 1.

Values. Helper variables (credit_i, balance, burden_peak) equal their objective only
while it is optimised; every value reported, and every value the grid and the
lexicographic floors reason with, is computed from the portfolio (`model/values.py`). The
model's own g_k (helpers as the solver left them) serve only what the solver sees: its
objective, in the optimality proofs, and whether the last solution is a valid start.

Exactness. The front is every non-dominated point when (a) objectives 2..p take integer
values and are stepped by 1 from a valid lower bound, and (b) each solve maximises g_1
exactly. Then for any non-dominated y the cell e = (y_2..y_p) is solved or flagged, and
either way the answer x has g_1(x) ≥ g_1(y) and g_k(x) ≥ y_k, so g(x) = g(y).
(b) holds when g_1 is integral and the augmentation adds less than one unit of it:
w_k = θ_k / (U_k − e_k) with Σ θ_k < 1 and U_k an upper bound of g_k; a solve is proven
when its bound leaves less than one unit of g_1 unexplored. A non-integral g_1 is
maximised first alone, then the augmentation is maximised with g_1 held at its optimum.
Where (a) or (b) fails (a non-integral or capped grid, a time limit, a MIP gap) the result
says so in `not_exact`, never silently.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimizer.analysis.pareto_grid import INFEASIBLE, SKIP, STOP, Archive, FlagGrid, Visit
from optimizer.analysis.pareto_result import (
    GridEstimate,
    ParetoPoint,
    ParetoResult,
    Reason,
    SliceResult,
    reason,
)
from optimizer.config import MultiObjectiveConfig, Scenario
from optimizer.io.load import load_tables
from optimizer.io.validate import validate_tables
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs, prepare
from optimizer.model.objectives import add_objectives
from optimizer.model.values import objective_values
from optimizer.solve.extract import model_portfolio
from optimizer.solve.solver import SolveOutcome, Solver, SolveStatus

DELTA = 1e-3  # AUGMECON2's augmentation weight, used where the grid is not exact anyway
THETA = 0.9  # share of one unit of an integral g_1 the augmentation may add up to
TOL = 1e-6
# grid slices per worker by objective count: with 2 a cut costs one solve, with 3+ a 2-D front
SLICES_PER_WORKER = {2: 3, 3: 1, 4: 1}


def _relax(value: float, step: float = 0.0) -> float:
    """How far below a floor a solution may sit (solver tolerance), under a quarter step."""
    slack = 1e-7 * max(1.0, abs(value))
    return min(slack, 0.25 * step) if step > 0 else slack


@dataclass(frozen=True)
class Axis:
    """The grid of one constrained objective: floors low + i·step, i = 0..size−1."""

    low: float
    step: float
    size: int

    def floor(self, i: int) -> float:
        return self.low + i * self.step

    def index(self, g: float) -> int:
        """The last cell whose floor g still meets."""
        if self.step <= 0:
            return 0
        return math.floor((g - self.low) / self.step + 1e-6)


@dataclass(frozen=True)
class GridPlan:
    """Everything a worker needs to sweep part of the grid (picklable).

    axes: objectives 2..p; upper: an upper bound of each g_k; span: g_k's grid range;
    first_floor: a floor on g_1 (from --nadir), if any; two_stage: g_1 is maximised alone
    first (non-integral g_1 on an exact grid); integral_first: g_1 takes integer values;
    seeds: the payoff table's rows (g, point), which answer cells of a spread grid."""

    axes: tuple[Axis, ...]
    upper: tuple[float, ...]
    span: tuple[float, ...]
    first_floor: float | None
    two_stage: bool
    integral_first: bool
    not_exact: tuple[Reason, ...] = ()
    restricted: tuple[str, ...] = ()
    seeds: tuple[tuple[tuple[float, ...], ParetoPoint], ...] = ()

    def floors(self, cell: tuple[int, ...]) -> dict[int, float]:
        floors = {
            k + 1: axis.floor(i) for k, (axis, i) in enumerate(zip(self.axes, cell, strict=True))
        }
        out = {k: v - _relax(v, self.axes[k - 1].step) for k, v in floors.items()}
        if self.first_floor is not None:
            out[0] = self.first_floor - _relax(self.first_floor)
        return out

    def weights(self, floors: dict[int, float], first: float = 1.0) -> dict[int, float]:
        """c_1 = first and the augmentation weights for the cell with these floors."""
        shares = [10.0 ** -(k - 1) for k in range(1, len(self.upper))]
        weights = {0: first}
        for k, share in enumerate(shares, start=1):
            if self.integral_first or self.two_stage:
                room = max(self.upper[k] - floors.get(k, self.upper[k] - 1.0), 1.0)
                weights[k] = THETA * share / sum(shares) / room
            else:
                weights[k] = DELTA * share / max(self.span[k], 1e-9)
        return weights

    def seeded(self) -> list[tuple[tuple[int, ...], tuple[int, ...], ParetoPoint]]:
        """(cell, reach, point) of every seed that answers a cell without a solve: row 1
        (g_1 at its optimum) the all-lowest cell, row k the cell at the top of axis k and
        the bottom of the others (g_k at its optimum, then g_1 at its best) — where the
        row meets that cell's floors."""
        out = []
        for k, (g, point) in enumerate(self.seeds):
            cell = tuple(a.size - 1 if j == k - 1 else 0 for j, a in enumerate(self.axes))
            floors_met = zip(self.axes, cell, strict=True)
            meets = all(a.index(g[j + 1]) >= c for j, (a, c) in enumerate(floors_met))
            first = self.first_floor is None or g[0] >= self.first_floor - _relax(g[0])
            if meets and first and all(a.size > 0 for a in self.axes):
                out.append((cell, self.reach(list(g), cell), point))
        return out

    def reach(self, values: list[float], cell: tuple[int, ...]) -> tuple[int, ...]:
        """The last cell, per axis, that a solution with g = values meets."""
        return tuple(
            max(min(a.index(values[k + 1]), a.size - 1), c)
            for k, (a, c) in enumerate(zip(self.axes, cell, strict=True))
        )


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
        options: dict[str, object] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.m = model
        self.d = inputs
        self.cfg = cfg
        self.specs = add_objectives(model, inputs, cfg.objectives, cfg.groups)
        # each re-solve starts from the last solution: in lexicographic steps it is feasible
        # by construction, and on the grid it often is
        self.solver = Solver(model, time_limit, mip_gap, threads, warm_start=True, options=options)
        self.solver.stop = stop  # set: the solve running stops (incumbent kept), no more start
        self.stop = stop
        self.warm_start = True
        self.outcomes: list[SolveOutcome] = []
        self.upper: list[float] = [math.inf] * len(self.specs)  # from the payoff table
        self.closed: dict[int, bool] = {}  # the last lexicographic steps: optimum proven
        self.payoff_points: list[ParetoPoint] = []

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

    def ranges(self, payoff: pd.DataFrame) -> list[float]:
        """Each objective's range over the payoff table (at least 1e-9)."""
        g = self._payoff_g(payoff)
        return [max(g[:, k].max() - g[:, k].min(), 1e-9) for k in range(len(self.specs))]

    def _set(self, weights: dict[int, float], floors: dict[int, float]) -> None:
        for k, spec in enumerate(self.specs):
            self.m.mo_weight[k].set_value(weights.get(k, 0.0))
            self.m.mo_floor[k].set_value(floors.get(k, spec.lower))

    def _run(self, weights: dict[int, float], floors: dict[int, float]) -> SolveOutcome:
        # the last solution is a start only where it meets the floors: HiGHS rejects an
        # infeasible one, after spending ~10 % of a knapsack solve on it (3kp40's front:
        # 134 s with such starts, 120 s without)
        if self.outcomes:
            last = self.g()
            meets = all(last[k] >= v for k, v in floors.items())
            self.solver.warm_start = self.warm_start and meets
        self._set(weights, floors)
        outcome = self.solver.solve()
        self.outcomes.append(outcome)
        return outcome

    def g(self) -> list[float]:
        """The model's g_k values (higher is better), helper variables as the solver left
        them: what the solver's objective and the warm start are made of."""
        return [pyo.value(self.m.mo_g[k]) for k in range(len(self.specs))]

    def point(self, status: SolveStatus, proven: bool = True) -> ParetoPoint:
        """The current solution, its values the portfolio's own (`model/values.py`), never
        a helper variable's; integral objectives rounded (solver noise of 1e-13 aside, the
        same portfolio gives the same values whatever solve found it)."""
        portfolio = model_portfolio(self.m, self.d)
        names = [s.name for s in self.specs]
        own = objective_values(self.d, portfolio, names, self.cfg.groups)
        values = tuple(
            (float(round(v)) if s.integral and abs(v - round(v)) < TOL else v) + 0.0
            for s, v in zip(self.specs, own.values(), strict=True)
        )
        return ParetoPoint(values, dict(portfolio.starts), status, proven)

    def own_g(self, point: ParetoPoint) -> list[float]:
        """A point's g_k values (higher is better)."""
        return [s * v for s, v in zip(self.senses, point.values, strict=True)]

    def lexicographic(self, order: list[int], tol: float) -> SolveOutcome:
        """Optimise objectives in `order`, each kept within `tol` (relative) of its optimum.

        The first step's bound is an upper bound of that objective (kept in `upper`)."""
        fixed: dict[int, float] = {}
        outcome = None
        for k in order:
            outcome = self._run({k: 1.0}, fixed)
            self.closed[k] = _closed(outcome)
            if not outcome.has_solution:
                return outcome
            best = self.own_g(self.point(outcome.status))[k]
            if not fixed and outcome.bound is not None:
                self.upper[k] = min(self.upper[k], outcome.bound + _relax(outcome.bound))
            step = 1.0 if self.specs[k].integral else 0.0
            fixed[k] = best - max(tol * abs(best), _relax(best, step))
        assert outcome is not None
        return outcome

    def payoff_table(self) -> tuple[pd.DataFrame, SolveOutcome]:
        """Row k: the lexicographic optimum with objective k first (values in own sense);
        its portfolio in `payoff_points`, proven when the step that maximised g_1 was."""
        rows = []
        n = len(self.specs)
        outcome = None
        self.payoff_points = []
        for k in range(n):
            outcome = self.lexicographic([k, *[j for j in range(n) if j != k]], 0.0)
            if not outcome.has_solution:
                return pd.DataFrame(), outcome
            self.payoff_points.append(self.point(outcome.status, self.closed[0]))
            rows.append(self.payoff_points[-1].values)
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
        ranges = self.ranges(payoff)
        return self._run({k: w / ranges[k] for k, w in enumerate(weights)}, {})

    def weight_sweep(
        self,
        payoff: pd.DataFrame,
        points: int,
        total_limit: float,
        on_point: Callable[[ParetoResult], None] | None = None,
    ) -> ParetoResult:
        """Weighted sums over a simplex lattice of weights (`points` levels per objective).

        Finds only supported points (on the convex hull); AUGMECON-R finds all of them.
        """
        result = ParetoResult(self.specs, payoff)
        result.not_exact = [reason("weighted")]
        start = time.perf_counter()
        ranges = self.ranges(payoff)
        steps = points - 1
        lattice = [
            w for w in itertools.product(range(points), repeat=len(self.specs)) if sum(w) == steps
        ]
        archive: Archive[ParetoPoint] = Archive(len(self.specs))
        before = self.solves
        result.grid_cells = len(lattice)
        for done, w in enumerate(lattice, start=1):
            if time.perf_counter() - start > total_limit:
                result.stopped = "total time limit"
                break
            if self.stop is not None and self.stop.is_set():
                result.stopped = "interrupted"
                break
            # a small weight on every objective keeps weakly dominated points out
            weights = {k: (wk / steps + 1e-4) / ranges[k] for k, wk in enumerate(w)}
            outcome = self._run(weights, {})
            result.solves, result.grid_solves = self.solves, self.solves - before
            result.seconds = time.perf_counter() - start
            result.progress = done / len(lattice)
            if outcome.has_solution:
                point = self.point(outcome.status)
                archive.add(self.own_g(point), point)
                result.points = archive.items()
            if on_point:
                on_point(result)
        result.points = sorted(archive.items(), key=lambda p: p.values)
        result.duplicates, result.dominated = archive.duplicates, archive.dominated
        result.seconds = time.perf_counter() - start
        result.cold_solve_seconds = self.cold_solve_seconds
        return result

    def _lowest(self, k: int) -> float:
        """A valid lower bound of g_k over every feasible portfolio: the bound of min g_k
        (the solve need not finish), or the bound from the variables' bounds."""
        outcome = self._run({k: -1.0}, {})
        if outcome.bound is None:
            return self.specs[k].lower
        return max(-outcome.bound - _relax(outcome.bound), self.specs[k].lower)

    def plan_grid(self, payoff: pd.DataFrame) -> GridPlan:
        """The grid over objectives 2..p and every reason it may not give the whole front."""
        g = self._payoff_g(payoff)
        user = {
            k: s.sense * self.cfg.nadir[s.name]
            for k, s in enumerate(self.specs)
            if s.name in self.cfg.nadir
        }
        reasons: list[Reason] = []
        axes, upper = [], [g[:, 0].max()]
        for k in range(1, len(self.specs)):
            top = self.upper[k]
            if not math.isfinite(top):
                top = g[:, k].max()
                reasons.append(reason("unbounded", name=self.specs[k].name))
            top = math.floor(top + TOL) if self.specs[k].integral else top
            upper.append(top)
            axis, why = self._axis(k, min(top, g[:, k].max()), user.get(k), g[:, k].min())
            axes.append(axis)
            reasons += [why] if why else []
        return GridPlan(
            axes=tuple(axes),
            upper=tuple(upper),
            span=tuple([0.0] + [max(a.step * (a.size - 1), 1e-9) for a in axes]),
            first_floor=user.get(0),
            two_stage=not reasons and not self.specs[0].integral,
            integral_first=self.specs[0].integral,
            not_exact=tuple(reasons),
            # a spread grid's end cells are the payoff table's rows: no solve again
            seeds=()
            if self.cfg.exact
            else tuple((tuple(self.own_g(p)), p) for p in self.payoff_points),
            restricted=tuple(
                f"{s.name} {'≥' if s.sense > 0 else '≤'} {self.cfg.nadir[s.name]:,.6g}"
                for s in self.specs
                if s.name in self.cfg.nadir
            ),
        )

    def _axis(
        self, k: int, top: float, user: float | None, worst: float
    ) -> tuple[Axis, Reason | None]:
        """Objective k's grid up to `top`, and why it is not exact (None when it is).

        By default (spread) `points` cells from the user's floor or the payoff table's
        worst value to the best, whatever the objective. Exact (`exact`): an integral
        objective stepped by 1 from the user's floor or from a valid lower bound over all
        portfolios (cells below the front cost no solve: the first solution's box covers
        them), when every constrained objective can be; otherwise gridded like spread:
        steps of 1 buy nothing while another objective is gridded."""
        spec, cfg = self.specs[k], self.cfg
        low = worst if user is None else user
        loose = [s.name for s in self.specs[1:] if not s.integral]
        if cfg.exact and spec.integral and not loose:
            if cfg.max_steps is None or top - low <= cfg.max_steps:
                start = math.ceil(user - TOL) if user is not None else self._lowest(k)
                start = math.floor(start + TOL)
                return Axis(start, 1.0, max(int(top - start) + 1, 0)), None
            step = float(math.ceil((top - low) / cfg.max_steps))
            why = reason("max_steps", name=spec.name, step=step, cap=cfg.max_steps)
            return Axis(low, step, int((top - low) // step) + 1), why + self._from_worst(user)
        count = cfg.points if top - low > 1e-9 else 1
        step = (top - low) / (count - 1) if count > 1 else 0.0
        if not cfg.exact:
            why = reason("spread", name=spec.name, count=count)
        elif spec.integral:
            why = reason("beside_loose", name=spec.name, names=tuple(loose), count=count)
        else:
            why = reason("not_integer", name=spec.name, count=count)
        return Axis(low, step, count), why + self._from_worst(user) + self._hint(k)

    def slices(self, plan: GridPlan, payoff: pd.DataFrame, parts: int) -> list[tuple[int, int]]:
        """The outer axis cut into `parts` ranges of cells for workers: the first reaches
        down to cell 0, the others share the payoff table's range evenly (below its worst
        value a front has few points, and the sweep skips through them)."""
        axis = plan.axes[-1]
        worst = self._payoff_g(payoff)[:, len(self.specs) - 1].min()
        start = min(max(axis.index(worst), 0), axis.size)
        bounds = np.linspace(start, axis.size, max(parts, 1) + 1).round().astype(int)
        bounds[0] = 0
        return [(int(a), int(b)) for a, b in itertools.pairwise(bounds) if b > a]

    def _from_worst(self, user: float | None) -> Reason:
        if user is not None or len(self.specs) < 3:
            return Reason(())
        return reason("from_worst")

    def _hint(self, k: int) -> Reason:
        loose = [s.name for s in self.specs if not s.integral]
        if loose == [self.specs[k].name] and self.cfg.exact:
            order = ",".join([self.specs[k].name, *(s.name for s in self.specs if s.integral)])
            return reason("hint", order=order)
        return Reason(())

    def estimate(self, plan: GridPlan, payoff: pd.DataFrame, limit: float) -> GridEstimate:
        """The grid's size and, from the mean time of the solves so far, its time."""
        timed = self.outcomes[1:] or self.outcomes  # the first one includes the hand-over
        return GridEstimate(
            cells=math.prod(a.size for a in plan.axes),
            range_cells=_front_cells(plan, [tuple(row) for row in self._payoff_g(payoff)]),
            answered=len(plan.seeded()),
            solves_per_cell=2 if plan.two_stage else 1,
            solve_seconds=sum(o.seconds for o in timed) / max(len(timed), 1),
            time_limit=limit,
        )

    def _solve_cell(self, plan: GridPlan, floors: dict[int, float]) -> tuple[SolveOutcome, bool]:
        """One grid cell: the outcome and whether it proves g_1 optimal for these floors."""
        if plan.two_stage:
            first = self._run({0: 1.0}, floors)
            if not first.has_solution:
                return first, False
            best = self.own_g(self.point(first.status))[0]
            proven = _closed(first)
            second = self._run(plan.weights(floors, 0.0), floors | {0: best - _relax(best)})
            return (second if second.has_solution else first), proven
        weights = plan.weights(floors)
        outcome = self._run(weights, floors)
        if not outcome.has_solution or outcome.bound is None or outcome.objective is None:
            return outcome, False
        if not plan.integral_first:
            return outcome, _closed(outcome)
        g = self.g()
        augmentation = sum(w * (g[k] - floors[k]) for k, w in weights.items() if k > 0)
        return outcome, outcome.bound - outcome.objective + augmentation < 1.0 - TOL

    def sweep(
        self,
        plan: GridPlan,
        outer: tuple[int, int] | None = None,
        deadline: float = math.inf,
        on_step: Callable[[SliceResult, float], None] | None = None,
    ) -> SliceResult:
        """AUGMECON-R over the plan's grid (or the outer-axis range `outer` of it), stopping
        at `deadline` (time.time()); the points found, non-dominated among themselves.
        `on_step` sees the result so far and the share of the grid done after each cell."""
        result = SliceResult()
        archive: Archive[ParetoPoint] = Archive(len(self.specs))
        grid = FlagGrid([a.size for a in plan.axes], outer)

        def step(share: float | None) -> None:
            result.points = archive.items()
            result.duplicates, result.dominated = archive.duplicates, archive.dominated
            if on_step is not None and share is not None:
                on_step(result, share)

        grid.on_step = step
        low, high = outer or (0, plan.axes[-1].size if plan.axes else 0)
        for cell, reach, point in plan.seeded():
            if low <= cell[-1] < high:
                grid.flag(cell, reach)
                archive.add(self.own_g(point), point)
                result.unproven += not point.proven

        def visit(cell: tuple[int, ...]) -> Visit:
            if time.time() > deadline or (self.stop is not None and self.stop.is_set()):
                return STOP
            floors = plan.floors(cell)
            before = self.solves
            outcome, proven = self._solve_cell(plan, floors)
            result.solves += self.solves - before
            if outcome.status == SolveStatus.INFEASIBLE:
                result.infeasible += 1
                return INFEASIBLE
            if not outcome.has_solution:
                result.unresolved += 1
                return SKIP
            result.unproven += not proven
            point = self.point(outcome.status, proven)
            g = self.own_g(point)
            archive.add(g, point)
            return plan.reach(g, cell)

        if all(a.size > 0 for a in plan.axes):
            result.finished = grid.sweep(visit)
        step(1.0 if result.finished else None)
        return result

    def augmecon(
        self,
        plan: GridPlan,
        payoff: pd.DataFrame,
        total_limit: float,
        on_point: Callable[[ParetoResult], None] | None = None,
    ) -> ParetoResult:
        """AUGMECON-R over the whole grid, in this process; `on_point` sees the front so
        far after every cell."""
        front = Front(self, payoff, plan, total_limit)

        def step(part: SliceResult, share: float) -> None:
            front.show(part, share)
            if on_point:
                on_point(front.result)

        part = self.sweep(plan, None, time.time() + total_limit, step)
        return front.finish([part])


class Front:
    """Slices merged into one result, in order, as they come in. `runner` is the model that
    made the payoff table and the plan; its solves count with the grid's."""

    def __init__(
        self, runner: MultiObjective, payoff: pd.DataFrame, plan: GridPlan, limit: float
    ) -> None:
        self.plan = plan
        self.limit = limit
        self.senses = runner.senses
        self.setup_solves = runner.solves
        self.cold_solve_seconds = runner.cold_solve_seconds
        self.archive: Archive[ParetoPoint] = Archive(len(self.senses))
        self.result = ParetoResult(
            runner.specs,
            payoff,
            restricted=list(plan.restricted),
            grid_cells=math.prod(a.size for a in plan.axes),
        )
        self.start = time.perf_counter()
        self.added = 0
        self.stop = runner.stop

    def g(self, point: ParetoPoint) -> tuple[float, ...]:
        return tuple(s * v for s, v in zip(self.senses, point.values, strict=True))

    def show(self, part: SliceResult, share: float) -> None:
        """The running result is the one slice being swept, `share` of it done."""
        r = self.result
        r.points = part.points
        r.grid_solves = part.solves
        r.solves = self.setup_solves + part.solves
        r.infeasible = part.infeasible
        r.duplicates, r.dominated = part.duplicates, part.dominated
        r.progress = share
        r.seconds = time.perf_counter() - self.start

    def add(self, part: SliceResult, parts: int) -> None:
        """Merge one of `parts` slices; the running result sees its points at once."""
        for point in part.points:
            self.archive.add(self.g(point), point)
        self.added += 1
        r = self.result
        r.points = self.archive.items()
        r.grid_solves += part.solves
        r.solves = self.setup_solves + r.grid_solves
        r.infeasible += part.infeasible
        r.progress = self.added / max(parts, 1)
        r.seconds = time.perf_counter() - self.start

    def finish(self, parts: list[SliceResult]) -> ParetoResult:
        """The final result from all slices in slice order, with every not-exact reason."""
        r = self.result
        archive: Archive[ParetoPoint] = Archive(len(self.senses))
        for point in (p for part in parts for p in part.points):
            archive.add(self.g(point), point)
        r.points = sorted(archive.items(), key=lambda p: p.values)
        r.grid_solves = sum(p.solves for p in parts)
        r.solves = self.setup_solves + r.grid_solves
        r.infeasible = sum(p.infeasible for p in parts)
        r.duplicates = archive.duplicates + sum(p.duplicates for p in parts)
        r.dominated = archive.dominated + sum(p.dominated for p in parts)
        r.seconds = time.perf_counter() - self.start
        r.cold_solve_seconds = self.cold_solve_seconds
        r.slices = len(parts)
        r.front_cells = _front_cells(self.plan, [self.g(p) for p in r.points])
        finished = all(p.finished for p in parts)
        r.progress = 1.0 if finished else r.progress
        reasons = list(self.plan.not_exact)
        if not finished and self.stop is not None and self.stop.is_set():
            r.stopped = "interrupted"
            reasons.append(reason("interrupted"))
        elif not finished:
            r.stopped = "total time limit"
            reasons.append(reason("time_limit", limit=self.limit))
        unresolved = sum(p.unresolved for p in parts)
        if unresolved:
            reasons.append(reason("unresolved", count=unresolved))
        unproven = sum(p.unproven for p in parts)
        if unproven:
            reasons.append(reason("unproven", count=unproven))
        r.not_exact = reasons
        return r


def _closed(outcome: SolveOutcome) -> bool:
    """The solve proved its optimum (within HiGHS's absolute gap)."""
    if outcome.bound is None or outcome.objective is None:
        return False
    return outcome.bound - outcome.objective <= TOL * max(1.0, abs(outcome.objective))


def _front_cells(plan: GridPlan, values: list[tuple[float, ...]]) -> int:
    """Grid cells between the worst and best of these values on each axis."""
    if not values:
        return 0
    g = np.array(values)
    cells = 1
    for k, axis in enumerate(plan.axes, start=1):
        low, high = (
            min(max(axis.index(v), 0), axis.size - 1) for v in (g[:, k].min(), g[:, k].max())
        )
        cells *= max(high - low + 1, 0)
    return cells


_RUNNERS: dict[str, MultiObjective] = {}  # one model per worker process and scenario


def front_slice(
    scenario: Scenario, plan: GridPlan, outer: tuple[int, int], deadline: float
) -> SliceResult:
    """A worker's share of the grid (module level, so worker processes can import it). The
    model is built the first time a process sees the scenario, then re-solved in memory;
    HiGHS gets one thread unless the scenario says otherwise (workers share the cores)."""
    key = scenario.model_dump_json()
    if key not in _RUNNERS:
        inputs = prepare(validate_tables(load_tables(scenario.data)), scenario)
        mo, cfg = scenario.multiobjective, scenario.solver
        _RUNNERS.clear()
        model = build_model(inputs)
        _RUNNERS[key] = MultiObjective(
            model, inputs, mo, mo.point_time_limit, cfg.mip_gap, cfg.threads or 1, cfg.highs
        )
    return _RUNNERS[key].sweep(plan, outer, deadline)
