"""Multi-objective methods over one model built once and re-solved in memory.

Every objective is 'higher is better' g_k (see model/objectives.py); the model carries
mutable weights c_k (max Σ c_k g_k) and floors g_k ≥ e_k. Methods only change those:
- weighted sum: c_k = w_k / range_k (ranges from the payoff table);
- lexicographic: optimise g_{k1}, floor it at (1 − tol) of its optimum, optimise g_{k2}, …;
- AUGMECON-R (Nikas et al. 2022, after Mavrotas & Florios 2013): max g_1 + Σ_{k≥2} w_k g_k
  subject to g_k ≥ e_k, for floors e on a grid over objectives 2..p, skipping the cells a
  found solution or an infeasible cell already answers (analysis/pareto_grid.py).

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
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimizer.analysis.pareto_grid import INFEASIBLE, SKIP, STOP, Archive, FlagGrid, Visit
from optimizer.config import MultiObjectiveConfig, Scenario
from optimizer.io.load import load_tables
from optimizer.io.validate import validate_tables
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs, prepare
from optimizer.model.objectives import ObjectiveSpec, add_objectives
from optimizer.solve.solver import SolveOutcome, Solver, SolveStatus

DELTA = 1e-3  # AUGMECON2's augmentation weight, used where the grid is not exact anyway
THETA = 0.9  # share of one unit of an integral g_1 the augmentation may add up to
TOL = 1e-6
# grid slices per worker by objective count: with 2 a cut costs one solve, with 3+ a 2-D front
SLICES_PER_WORKER = {2: 3, 3: 1, 4: 1}


@dataclass(frozen=True)
class ParetoPoint:
    """One solution: objective values in their own sense and the funded projects.

    `proven`: the solve that found it proved its first objective optimal for its floors."""

    values: tuple[float, ...]
    starts: dict[str, int]
    status: SolveStatus
    proven: bool = True

    @property
    def funded(self) -> tuple[str, ...]:
        return tuple(sorted(self.starts))


def dominates(a: tuple[float, ...], b: tuple[float, ...], senses: list[int], tol: float) -> bool:
    """a is at least as good as b everywhere and better somewhere (values in own sense)."""
    ga = [s * v for s, v in zip(senses, a, strict=True)]
    gb = [s * v for s, v in zip(senses, b, strict=True)]
    return all(x >= y - tol for x, y in zip(ga, gb, strict=True)) and any(
        x > y + tol for x, y in zip(ga, gb, strict=True)
    )


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
    first (non-integral g_1 on an exact grid); integral_first: g_1 takes integer values."""

    axes: tuple[Axis, ...]
    upper: tuple[float, ...]
    span: tuple[float, ...]
    first_floor: float | None
    two_stage: bool
    integral_first: bool
    not_exact: tuple[str, ...] = ()
    restricted: tuple[str, ...] = ()

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

    def reach(self, values: list[float], cell: tuple[int, ...]) -> tuple[int, ...]:
        """The last cell, per axis, that a solution with g = values meets."""
        return tuple(
            max(min(a.index(values[k + 1]), a.size - 1), c)
            for k, (a, c) in enumerate(zip(self.axes, cell, strict=True))
        )


@dataclass
class SliceResult:
    """What one sweep over (part of) the grid found (picklable)."""

    points: list[ParetoPoint] = field(default_factory=list)
    solves: int = 0
    infeasible: int = 0
    unresolved: int = 0  # cells with no answer (a point time limit before any solution)
    unproven: int = 0  # solves whose bound did not prove g_1 optimal
    finished: bool = True


@dataclass
class ParetoResult:
    """A front: payoff table, non-dominated points, and what it took to find them."""

    objectives: list[ObjectiveSpec]
    payoff: pd.DataFrame
    points: list[ParetoPoint] = field(default_factory=list)
    solves: int = 0  # payoff table, bounds and grid together
    infeasible: int = 0
    seconds: float = 0.0  # grid only
    cold_solve_seconds: float = 0.0  # the first solve, which hands the model to HiGHS
    stopped: str | None = None  # why the grid was not finished
    not_exact: list[str] = field(default_factory=list)  # why this may not be the whole front
    restricted: list[str] = field(default_factory=list)  # floors the user set (--nadir)
    grid_solves: int = 0
    front_cells: int = 0  # grid cells between the front's worst and best values
    slices: int = 1

    @property
    def exact(self) -> bool:
        return not self.not_exact

    @property
    def skipped_share(self) -> float:
        """Share of the front's grid cells answered without a solve."""
        return max(0.0, 1.0 - self.grid_solves / self.front_cells) if self.front_cells else 0.0


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
    ) -> None:
        self.m = model
        self.d = inputs
        self.cfg = cfg
        self.specs = add_objectives(model, inputs, cfg.objectives, cfg.groups)
        # each re-solve starts from the last solution: in lexicographic steps it is feasible
        # by construction, and on the grid it often is
        self.solver = Solver(model, time_limit, mip_gap, threads, warm_start=True, options=options)
        self.warm_start = True
        self.outcomes: list[SolveOutcome] = []
        self.upper: list[float] = [math.inf] * len(self.specs)  # from the payoff table

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
        """Current g_k values (higher is better)."""
        return [pyo.value(self.m.mo_g[k]) for k in range(len(self.specs))]

    def point(self, status: SolveStatus, proven: bool = True) -> ParetoPoint:
        """The current solution; integral objectives rounded (solver noise of 1e-13 aside,
        the same portfolio gives the same values whatever solve found it)."""
        starts = {p: t for (p, t) in self.m.START if pyo.value(self.m.x[p, t]) > 0.5}
        values = tuple(
            s.sense * (float(round(v)) if s.integral and abs(v - round(v)) < TOL else v) + 0.0
            for s, v in zip(self.specs, self.g(), strict=True)
        )
        return ParetoPoint(values, starts, status, proven)

    def lexicographic(self, order: list[int], tol: float) -> SolveOutcome:
        """Optimise objectives in `order`, each kept within `tol` (relative) of its optimum.

        The first step's bound is an upper bound of that objective (kept in `upper`)."""
        fixed: dict[int, float] = {}
        outcome = None
        for k in order:
            outcome = self._run({k: 1.0}, fixed)
            if not outcome.has_solution:
                return outcome
            best = self.g()[k]
            if not fixed and outcome.bound is not None:
                self.upper[k] = min(self.upper[k], outcome.bound + _relax(outcome.bound))
            step = 1.0 if self.specs[k].integral else 0.0
            fixed[k] = best - max(tol * abs(best), _relax(best, step))
        assert outcome is not None
        return outcome

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
        result.not_exact = ["a weighted-sum sweep finds only supported points (convex hull)"]
        start = time.perf_counter()
        ranges = self._ranges(payoff)
        steps = points - 1
        lattice = [
            w for w in itertools.product(range(points), repeat=len(self.specs)) if sum(w) == steps
        ]
        archive: Archive[ParetoPoint] = Archive(len(self.specs))
        before = self.solves
        for w in lattice:
            if time.perf_counter() - start > total_limit:
                result.stopped = "total time limit"
                break
            # a small weight on every objective keeps weakly dominated points out
            weights = {k: (wk / steps + 1e-4) / ranges[k] for k, wk in enumerate(w)}
            outcome = self._run(weights, {})
            result.solves, result.grid_solves = self.solves, self.solves - before
            result.seconds = time.perf_counter() - start
            if outcome.has_solution:
                archive.add(self.g(), self.point(outcome.status))
                result.points = archive.items()
            if on_point:
                on_point(result)
        result.points = sorted(archive.items(), key=lambda p: p.values)
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
        reasons: list[str] = []
        axes, upper = [], [g[:, 0].max()]
        for k in range(1, len(self.specs)):
            top = self.upper[k]
            if not math.isfinite(top):
                top = g[:, k].max()
                reasons.append(
                    f"the payoff table did not bound {self.specs[k].name}: its grid ends at "
                    "the best value found"
                )
            top = math.floor(top + TOL) if self.specs[k].integral else top
            upper.append(top)
            axis, reason = self._axis(k, min(top, g[:, k].max()), user.get(k), g[:, k].min())
            axes.append(axis)
            reasons += [reason] if reason else []
        return GridPlan(
            axes=tuple(axes),
            upper=tuple(upper),
            span=tuple([0.0] + [max(a.step * (a.size - 1), 1e-9) for a in axes]),
            first_floor=user.get(0),
            two_stage=not reasons and not self.specs[0].integral,
            integral_first=self.specs[0].integral,
            not_exact=tuple(reasons),
            restricted=tuple(
                f"{s.name} {'≥' if s.sense > 0 else '≤'} {self.cfg.nadir[s.name]:,.6g}"
                for s in self.specs
                if s.name in self.cfg.nadir
            ),
        )

    def _axis(
        self, k: int, top: float, user: float | None, worst: float
    ) -> tuple[Axis, str | None]:
        """Objective k's grid up to `top`, and why it is not exact (None when it is).

        Exact: an integral objective stepped by 1 from the user's floor or from a valid
        lower bound over all portfolios (cells below the front cost no solve: the first
        solution's box covers them), when every constrained objective can be. Otherwise
        `points` (or --max-steps) cells between the user's floor or the payoff table's
        worst value and the best: steps of 1 buy nothing while another objective is
        gridded, and on a range of 10⁵ 万元 they would not end."""
        spec, cfg = self.specs[k], self.cfg
        low = worst if user is None else user
        loose = [s.name for s in self.specs[1:] if not s.integral]
        if cfg.exact and spec.integral and not loose:
            if cfg.max_steps is None or top - low <= cfg.max_steps:
                start = math.ceil(user - TOL) if user is not None else self._lowest(k)
                start = math.floor(start + TOL)
                return Axis(start, 1.0, max(int(top - start) + 1, 0)), None
            step = float(math.ceil((top - low) / cfg.max_steps))
            reason = f"{spec.name} is stepped by {step:,.6g}, not 1 (--max-steps {cfg.max_steps})"
            return Axis(low, step, int((top - low) // step) + 1), reason + self._from_worst(user)
        count = cfg.points if top - low > 1e-9 else 1
        step = (top - low) / (count - 1) if count > 1 else 0.0
        if not cfg.exact:
            why = "is gridded (exact stepping is off)"
        elif spec.integral:
            why = f"is gridded, not stepped by 1, while {', '.join(loose)} cannot be exact"
        else:
            why = "is not integer-valued"
        reason = f"{spec.name} {why}: {count} grid points, points between them can be missed"
        return Axis(low, step, count), reason + self._from_worst(user) + self._hint(k)

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

    def _from_worst(self, user: float | None) -> str:
        if user is not None or len(self.specs) < 3:
            return ""
        return "; its grid starts at the payoff table's worst value, which can cut off points"

    def _hint(self, k: int) -> str:
        loose = [s.name for s in self.specs if not s.integral]
        if loose == [self.specs[k].name] and self.cfg.exact:
            order = ",".join([self.specs[k].name, *(s.name for s in self.specs if s.integral)])
            return f" (listing it first, --objectives {order}, makes the front exact)"
        return ""

    def _solve_cell(self, plan: GridPlan, floors: dict[int, float]) -> tuple[SolveOutcome, bool]:
        """One grid cell: the outcome and whether it proves g_1 optimal for these floors."""
        if plan.two_stage:
            first = self._run({0: 1.0}, floors)
            if not first.has_solution:
                return first, False
            best = self.g()[0]
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
        on_point: Callable[[ParetoPoint], None] | None = None,
    ) -> SliceResult:
        """AUGMECON-R over the plan's grid (or the outer-axis range `outer` of it), stopping
        at `deadline` (time.time()); the points found, non-dominated among themselves."""
        result = SliceResult()
        archive: Archive[ParetoPoint] = Archive(len(self.specs))
        grid = FlagGrid([a.size for a in plan.axes], outer)

        def visit(cell: tuple[int, ...]) -> Visit:
            if time.time() > deadline:
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
            g = self.g()
            if archive.add(g, point) and on_point:
                on_point(point)
            return plan.reach(g, cell)

        if all(a.size > 0 for a in plan.axes):
            result.finished = grid.sweep(visit)
        result.points = archive.items()
        return result

    def augmecon(
        self,
        payoff: pd.DataFrame,
        total_limit: float,
        on_point: Callable[[ParetoResult], None] | None = None,
    ) -> ParetoResult:
        """AUGMECON-R over the whole grid, in this process."""
        plan = self.plan_grid(payoff)
        front = Front(self, payoff, plan, total_limit)

        def found(point: ParetoPoint) -> None:
            front.archive.add(front.g(point), point)
            front.result.points = front.archive.items()
            front.result.grid_solves = self.solves - front.setup_solves
            front.result.solves = self.solves
            if on_point:
                on_point(front.result)

        part = self.sweep(plan, None, time.time() + total_limit, found)
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
        self.result = ParetoResult(runner.specs, payoff, restricted=list(plan.restricted))
        self.start = time.perf_counter()

    def g(self, point: ParetoPoint) -> tuple[float, ...]:
        return tuple(s * v for s, v in zip(self.senses, point.values, strict=True))

    def add(self, part: SliceResult) -> None:
        """Merge one slice's points; the running result sees them at once."""
        for point in part.points:
            self.archive.add(self.g(point), point)
        r = self.result
        r.points = self.archive.items()
        r.grid_solves += part.solves
        r.solves = self.setup_solves + r.grid_solves
        r.infeasible += part.infeasible
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
        r.seconds = time.perf_counter() - self.start
        r.cold_solve_seconds = self.cold_solve_seconds
        r.slices = len(parts)
        r.front_cells = _front_cells(self.plan, [self.g(p) for p in r.points])
        reasons = list(self.plan.not_exact)
        if not all(p.finished for p in parts):
            r.stopped = "total time limit"
            reasons.append(
                f"the total time limit ({self.limit:g} s) stopped the grid before it was finished"
            )
        unresolved = sum(p.unresolved for p in parts)
        if unresolved:
            reasons.append(
                f"{_count(unresolved, 'grid cell')} found no solution within the point time "
                "limit; points there may be missing"
            )
        unproven = sum(p.unproven for p in parts)
        if unproven:
            reasons.append(
                f"{_count(unproven, 'solve')} stopped before proving the optimum (point time "
                "limit or MIP gap; --mip-gap 0 proves it): points may be dominated or missing"
            )
        r.not_exact = reasons
        return r


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _closed(outcome: SolveOutcome) -> bool:
    """The solve proved its optimum (within HiGHS's absolute gap)."""
    if outcome.bound is None or outcome.objective is None:
        return False
    return outcome.bound - outcome.objective <= TOL * max(1.0, abs(outcome.objective))


def _front_cells(plan: GridPlan, values: list[tuple[float, ...]]) -> int:
    """Grid cells between the front's worst and best value on each axis."""
    if not values:
        return 0
    g = np.array(values)
    cells = 1
    for k, axis in enumerate(plan.axes, start=1):
        cells *= axis.index(g[:, k].max()) - axis.index(g[:, k].min()) + 1
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
