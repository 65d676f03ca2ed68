"""Why a project is not funded, exactly: the smallest relief of the rules that admits it.

For an unfunded project p the relief is the cheapest relaxation of the soft rules (extra
money per budget pool, land quota, regional equity room, start-limit slots, indicator
floors) that lets p, with the prerequisites it needs that are not funded, join the
funded portfolio, every project's start year free within its window:

    min Σ_k slack_k / scale_k     on the elastic model: funded ∪ joining in, the rest out

scale_k is the rule's own size (a pool's budget, a quota, ...), so money is asked of the
pools where it is the smallest share. The minimum is proven, so with 90 % of any one
stated item the project does not fit. Three steps per project, cheapest first:

1. every start year fixed (the funded projects as scheduled, the joining ones at each
   combination of their start years): LPs, each an admissible relief U;
2. per combination, the LP relaxation with every funded start year free: a lower bound,
   and U at or below every combination's bound proves U;
3. otherwise, over the combinations whose bound is below U, a small MIP near the
   relaxation's optimum (the funded projects it keeps at their planned year stay there):
   its schedule, when it reaches the lowest bound, is proven; if not, the full MIP,
   started from the best schedule found, decides at a zero gap.

The elastic model is built and handed to HiGHS once; lanes explain side by side, one per
core, each a copy of it in its own HiGHS (one thread, solving without the GIL) taking
the next project from a shared queue. Each explanation starts from the same basis, so an
answer does not depend on the lane that gave it nor on the lane count.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import highspy
import numpy as np

from optimizer.analysis.diagnose import Violation, describe_slack
from optimizer.config import SolverConfig
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs
from optimizer.solve.extract import Solution
from optimizer.solve.solver import HIGHS_DEFAULTS, Solver, quiet_highs

MAX_LANES = 8  # lanes explaining side by side, each holding a copy of the elastic model
FIXED_COMBOS = 16  # start-year combinations tried as LPs before going to the MIP
MIP_TIME_LIMIT = 10.0  # seconds for one explanation's MIP
TOL = 1e-6


@dataclass(frozen=True)
class Explanation:
    """Why a project is or is not funded, as data; `analysis.reasons` puts it in words.

    kind, funded: mandatory | prerequisite | selected.
    kind, not funded: relief (admitted with `reliefs`) | fits (admitted as is) |
    unschedulable | excluded (by the scenario) | alternative (`rival` of `group` funded) |
    no_gain | blocked (hard rules: `rival`/`group` name the exclusion that blocks) |
    not_explained (time limit) | interrupted | skipped (explanations were off).
    """

    kind: str
    reliefs: tuple[Violation, ...] = ()
    start: int | None = None  # p's start year in the relief found
    prerequisites: tuple[str, ...] = ()  # unfunded prerequisites that must join
    shifted: tuple[tuple[str, int, int], ...] = ()  # funded (project, planned, moved to)
    rival: str | None = None
    group: str | None = None
    proven: bool = True  # the relief is proven minimal (False: a limit stopped the proof)

    @property
    def extra_budget_wan(self) -> float | None:
        """Money the reliefs ask for (budget pools and equity room), each rounded up."""
        money = [round_up(v.amount) for v in self.reliefs if v.unit == "万元"]
        if self.kind == "fits":
            return 0.0
        return sum(money) if money else None


def round_up(amount: float) -> float:
    """Round a requirement up to what is shown: whole units from 100, then 0.1, 0.01, and
    three significant digits below 1; never down, so the stated amount always suffices
    and stays within 1 % of the exact one."""
    amount = max(amount - 1e-7 * max(1.0, abs(amount)), 0.0)  # solver noise, not need
    if amount >= 100:
        return float(math.ceil(amount))
    if amount >= 1:
        step = 0.1 if amount >= 10 else 0.01
        return round(math.ceil(amount / step) * step, 2)
    if amount == 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(amount)) - 2)
    return float(f"{math.ceil(amount / step) * step:.3g}")


def prerequisites(d: ModelInputs, p: str) -> set[str]:
    """Every project p needs, directly or through others."""
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


def quick_explanation(d: ModelInputs, p: str, funded: set[str]) -> Explanation | None:
    """Reasons that need no solve: the data or the funded set already say it."""
    if p in d.unschedulable:
        return Explanation("unschedulable")
    if not d.allow[p]:
        return Explanation("excluded")
    for group, members in d.exclusion_groups.items():
        rivals = sorted((set(members) & funded) - {p})
        if p in members and rivals:
            return Explanation("alternative", rival=rivals[0], group=group)
    if d.score(p) <= 0:
        return Explanation("no_gain")
    return None


Years = int | frozenset[int] | None  # a start year fixed, one of these, or free

# HiGHS options for the explanation MIPs unless `[solver] highs` says otherwise: without
# these three heuristics they took 7-39 % less time on five shipped scenarios (README)
EXPLAIN_DEFAULTS: dict[str, object] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
}
# each lane solves with one thread (HiGHS keeps one scheduler per thread), to a zero gap
_LANE_OPTIONS = {"threads": 1, "mip_rel_gap": 0.0, "mip_abs_gap": 0.0, "output_flag": False}


class _Base:
    """The elastic model with the funded set forced in, built and handed to HiGHS once;
    the lanes copy its arrays and never touch Pyomo."""

    def __init__(self, d: ModelInputs, solution: Solution, cfg: SolverConfig) -> None:
        self.d = d
        self.funded = set(solution.funded)
        self.planned = solution.start_years()
        m = build_model(d, elastic=True)
        m.mandatory_slack_ub.set_value(0)
        unfunded = [q for q in d.projects if q not in self.funded]
        for q in d.projects:
            m.must[q].set_value(int(q in self.funded))
            m.allow[q].set_value(int(q in self.funded))
        solver = Solver(m, options=cfg.highs)
        handed = solver.attach()
        highs = solver.highs
        assert highs is not None
        self.col = {k: handed.column(m.x[k]) for k in m.START}
        self.integer = np.array(sorted(self.col.values()), dtype=np.int32)
        self.slacks = [
            (fam.name, key, handed.column(fam.var[key]), fam.scale[key])
            for fam in m.elastic_families
            for key in fam.var
        ]
        rules = (m.select_at_least, m.select_at_most)
        self.rows = {q: [handed.row(r[q]) for r in rules if q in r] for q in unfunded}
        out = highs.getLp()
        self.out = np.array(out.row_lower_), np.array(out.row_upper_)
        for q in unfunded:  # every unfunded project joining: the rows' bounds when in
            m.allow[q].set_value(1)
            m.must[q].set_value(1)
        handed.update()
        joined = highs.getLp()
        self.joined = np.array(joined.row_lower_), np.array(joined.row_upper_)
        for q in unfunded:
            m.allow[q].set_value(0)
            m.must[q].set_value(0)
        handed.update()
        self.model = highs.getModel()
        self.options = HIGHS_DEFAULTS | EXPLAIN_DEFAULTS | cfg.highs | _LANE_OPTIONS


class _Lane:
    """One lane: its own HiGHS copy of the base model, run in the lane's thread.

    Every explanation starts from the same state (the base relaxation's basis, nothing
    else kept), so an answer does not depend on what the lane explained before."""

    def __init__(self, base: _Base, highs: highspy.Highs) -> None:
        self.base = base
        self.d = base.d
        self.funded = base.funded
        self.planned = base.planned
        self.highs = highs
        for name, value in base.options.items():
            self.highs.setOptionValue(name, value)
        self.highs.passModel(base.model)
        self._integral(False)
        self.highs.run()  # the relaxation with every unfunded project out: the start basis
        self.basis = self.highs.getBasis()

    def _bounds(self, years: dict[str, Years]) -> None:
        """x of each project in `years`: its start year fixed (int), one of a set of years,
        or free (None)."""
        index, value_lo, value_hi = [], [], []
        for q, allowed in years.items():
            for t in self.d.starts[q]:
                index.append(self.base.col[(q, t)])
                fixed = isinstance(allowed, int) and allowed == t
                on = allowed is None or fixed or (not isinstance(allowed, int) and t in allowed)
                value_lo.append(1.0 if fixed else 0.0)
                value_hi.append(1.0 if on else 0.0)
        self.highs.changeColsBounds(
            len(index), np.array(index, dtype=np.int32), np.array(value_lo), np.array(value_hi)
        )

    def _integral(self, on: bool) -> None:
        kind = highspy.HighsVarType.kInteger if on else highspy.HighsVarType.kContinuous
        n = len(self.base.integer)
        self.highs.changeColsIntegrality(n, self.base.integer, np.full(n, kind))

    def _run(self, time_limit: float) -> tuple[str, float | None]:
        self.highs.setOptionValue("time_limit", time_limit)
        self.highs.run()
        status = self.highs.getModelStatus()
        info = self.highs.getInfo()
        feasible = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal", info.objective_function_value
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", None
        return ("limit", info.objective_function_value) if feasible else ("none", None)

    def admit(self, p: str, seconds: float) -> Explanation:
        """The smallest relief that admits p (and its unfunded prerequisites)."""
        joining = sorted({p} | (prerequisites(self.d, p) - self.funded))
        self._join(joining, self.base.joined)
        self.highs.clearSolver()  # no factorisation or pricing weights carried over
        self.highs.setBasis(self.basis)
        try:
            return self._admit(p, joining, time.perf_counter() + seconds)
        finally:
            self._join(joining, self.base.out)
            self._bounds(dict.fromkeys(joining))

    def _join(self, joining: list[str], bounds: tuple[np.ndarray, np.ndarray]) -> None:
        """The rows that force the joining projects in (`base.joined`) or out (`base.out`)."""
        rows = np.array([r for q in joining for r in self.base.rows[q]], dtype=np.int32)
        self.highs.changeRowsBounds(len(rows), rows, bounds[0][rows], bounds[1][rows])

    def _admit(self, p: str, joining: list[str], deadline: float) -> Explanation:
        options = itertools.product(*(self.d.starts[q] for q in joining))
        combos = list(itertools.islice(options, FIXED_COMBOS + 1))
        if len(combos) > FIXED_COMBOS:
            return self._mip(p, joining, None, dict.fromkeys(joining), deadline)
        planned: dict[str, Years] = {q: self.planned[q] for q in self.funded}
        free: dict[str, Years] = dict.fromkeys(self.funded)
        best: tuple[float, highspy.HighsSolution] | None = None
        upper = []  # (relief with the funded schedule as planned, combination)
        for k, combo in enumerate(combos):
            mine = dict(zip(joining, combo, strict=True))
            status, value = self._lp(planned | mine, deadline)
            if status == "optimal" and value is not None:
                if _below(value, best):
                    best = value, self.highs.getSolution()
            elif status != "infeasible":  # out of time: no claim at all
                return Explanation("not_explained")
            upper.append((math.inf if value is None else value, k, mine))
        # a lower bound per combination, with every funded start year free: the best
        # relief is the minimum unless a combination's bound is below it
        below = []
        for _, _, mine in sorted(upper, key=lambda u: u[:2]):
            status, value = self._lp(free | mine, deadline)
            if status == "infeasible":
                continue
            if status != "optimal" or value is None:
                return Explanation("not_explained")
            if _below(value, best):
                below.append((value, mine))
        if below:
            years = {q: frozenset(mine[q] for _, mine in below) for q in joining}
            best = self._near(years, best, deadline)
            if best is not None and not _below(min(bound for bound, _ in below), best):
                return self._read(p, joining, best[1], proven=True)  # the bound is reached
            return self._mip(p, joining, best, years, deadline)
        if best is None:
            return self._blocked(p, joining)
        return self._read(p, joining, best[1], proven=True)

    def _lp(self, fixed: dict[str, Years], deadline: float) -> tuple[str, float | None]:
        self._bounds(fixed)
        return self._run(max(deadline - time.perf_counter(), 0.01))

    def _near(
        self,
        years: dict[str, Years],
        best: tuple[float, highspy.HighsSolution] | None,
        deadline: float,
    ) -> tuple[float, highspy.HighsSolution] | None:
        """A small MIP near the relaxation's optimum: the funded projects it keeps at their
        planned year stay there, the others and the joining ones (within `years`) choose.
        Returns the better of its schedule and `best`."""
        status, _ = self._lp(dict.fromkeys(self.funded) | years, deadline)
        if status != "optimal":
            return best
        x = self.highs.getSolution().col_value
        near: dict[str, Years] = {
            q: t if x[self.base.col[(q, t)]] > 1 - TOL else None for q, t in self.planned.items()
        }
        status, value = self._solve_mip(near | years, best, deadline)
        if status in ("optimal", "limit") and value is not None and _below(value, best):
            return value, self.highs.getSolution()
        return best

    def _solve_mip(
        self,
        years: dict[str, Years],
        start: tuple[float, highspy.HighsSolution] | None,
        deadline: float,
    ) -> tuple[str, float | None]:
        """The MIP with start years as in `years`, from `start` when there is one."""
        self._bounds(years)
        self._integral(True)
        try:
            if start is not None:
                self.highs.setSolution(start[1])
            return self._run(min(MIP_TIME_LIMIT, max(deadline - time.perf_counter(), 0.01)))
        finally:
            self._integral(False)

    def _mip(
        self,
        p: str,
        joining: list[str],
        best: tuple[float, highspy.HighsSolution] | None,
        years: dict[str, Years],
        deadline: float,
    ) -> Explanation:
        """The explanation MIP from the best schedule found: every funded start year free,
        the joining projects' within `years`."""
        status, _ = self._solve_mip(dict.fromkeys(self.funded) | years, best, deadline)
        if status == "infeasible":
            return self._blocked(p, joining)
        if status == "none":
            return Explanation("not_explained")
        return self._read(p, joining, self.highs.getSolution(), proven=status == "optimal")

    def _read(
        self, p: str, joining: list[str], solution: highspy.HighsSolution, proven: bool
    ) -> Explanation:
        values = solution.col_value
        # a slack within HiGHS's feasibility tolerance of its rule's size is noise, not need
        reliefs = [
            describe_slack(name, key, values[j], self.d)
            for name, key, j, scale in self.base.slacks
            if values[j] > TOL * max(1.0, scale)
        ]
        on = {q: t for (q, t), j in self.base.col.items() if values[j] > 0.5}
        shifted = tuple(
            (q, self.planned[q], on[q])
            for q in sorted(self.funded)
            if q in on and on[q] != self.planned[q]
        )
        kind = "relief" if reliefs else "fits"
        return Explanation(
            kind,
            tuple(sorted(reliefs, key=lambda v: (v.family, str(v.key)))),
            start=on.get(p),
            prerequisites=tuple(q for q in joining if q != p),
            shifted=shifted,
            proven=proven,
        )

    def _blocked(self, p: str, joining: list[str]) -> Explanation:
        """No relief of the soft rules admits p: name the exclusion that stops it."""
        inside = self.funded | set(joining)
        for group, members in self.d.exclusion_groups.items():
            mine = [q for q in joining if q in members]
            others = sorted((set(members) & inside) - set(mine))
            if mine and (others or len(mine) > 1):
                return Explanation(
                    "blocked",
                    prerequisites=tuple(q for q in joining if q != p),
                    rival=(others or mine[1:])[0],
                    group=group,
                )
        return Explanation("blocked", prerequisites=tuple(q for q in joining if q != p))


def _below(value: float, best: tuple[float, highspy.HighsSolution] | None) -> bool:
    """`value` is below the best relief found (or none is found yet)."""
    return best is None or value < best[0] - TOL * max(1.0, abs(best[0]))


def quick_explanations(
    d: ModelInputs, solution: Solution, rest: str = "skipped"
) -> dict[str, Explanation]:
    """Every unfunded project's reason that needs no solve; `rest` (skipped, interrupted)
    for the others."""
    funded = set(solution.funded)
    return {
        p: quick_explanation(d, p, funded) or Explanation(rest)
        for p in d.projects
        if p not in funded
    }


def explain_unfunded(
    d: ModelInputs,
    solution: Solution,
    cfg: SolverConfig,
    stop: threading.Event | None = None,
) -> dict[str, Explanation]:
    """An explanation for every unfunded project, until `cfg.explain_time_limit` seconds
    are used or `stop` is set. The lanes take the projects, best-scoring first, one at a
    time from a shared queue; an answer does not depend on which lane gave it."""
    funded = set(solution.funded)
    unfunded = sorted(set(d.projects) - funded, key=lambda p: (-d.score(p), p))
    explanations = {}
    pending = []
    for p in unfunded:
        quick = quick_explanation(d, p, funded)
        if quick is None:
            pending.append(p)
        else:
            explanations[p] = quick
    if not pending:
        return explanations
    deadline = time.perf_counter() + cfg.explain_time_limit
    base = _Base(d, solution, cfg)
    queue = iter(pending)
    take = threading.Lock()

    def lane(highs: highspy.Highs) -> None:
        mine = _Lane(base, highs)
        while True:
            with take:
                p = next(queue, None)
            if p is None:
                return
            left = deadline - time.perf_counter()
            if stop is not None and stop.is_set():
                explanations[p] = Explanation("interrupted")
            elif left <= 0:
                explanations[p] = Explanation("not_explained")
            else:
                explanations[p] = mine.admit(p, left)

    # created here, run in the lanes: HiGHS sizes a thread's scheduler at its first run
    lanes = [quiet_highs() for _ in range(min(lane_count(), len(pending)))]
    with ThreadPoolExecutor(len(lanes)) as pool:
        for done in [pool.submit(lane, highs) for highs in lanes]:
            done.result()  # re-raises a lane's error here
    return {p: explanations[p] for p in unfunded}


def lane_count() -> int:
    """Lanes explaining side by side: one per core this process may use, at most MAX_LANES."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_LANES))
