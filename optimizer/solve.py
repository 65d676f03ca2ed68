"""HiGHS adapter: in-memory persistent solves, outcomes as an enum, progress callbacks.

The model is handed to HiGHS once; later solves send only what changed (mutable params,
bounds), which is what makes sweeps, Pareto points and explanations cheap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs


class SolveStatus(StrEnum):
    """What a solve ended with, in our words."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # stopped by a limit with a solution in hand
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution"  # stopped by a limit before any solution
    UNBOUNDED = "unbounded"
    ERROR = "error"

    @property
    def has_solution(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


_LIMITS = {
    TerminationCondition.maxTimeLimit,
    TerminationCondition.iterationLimit,
    TerminationCondition.objectiveLimit,
    TerminationCondition.interrupted,
}


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report from inside HiGHS's branch and bound."""

    seconds: float
    gap: float  # relative, inf before the first solution
    incumbent: float | None
    bound: float | None


@dataclass(frozen=True, slots=True)
class SolveOutcome:
    """The solver's answer, detached from Pyomo."""

    status: SolveStatus
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float  # wall time: hand-over (first solve) or updates, HiGHS, loading the solution
    termination: str
    highs_seconds: float = 0.0  # HiGHS's own run time

    @property
    def has_solution(self) -> bool:
        return self.status.has_solution


class _HighsWithStart(Highs):
    """Pyomo's persistent HiGHS that can hand HiGHS the previous solution as a MIP start.

    The start is set inside `_solve`, after Pyomo has pushed the changed params: HiGHS
    discards a start when the model changes after it was set. An infeasible start
    (e.g. floors moved past it) is simply rejected by HiGHS.
    """

    warm_start = False
    _start = None  # Pyomo clears its own copy of the last solution on every update

    def _solve(self) -> object:
        if self.warm_start and self._start is not None and self._start.value_valid:
            self._solver_model.setSolution(self._start)
        return super()._solve()

    def _postsolve(self, stream: object) -> object:
        results = super()._postsolve(stream)
        self._start = self._sol
        return results


def _status(term: TerminationCondition, has_solution: bool) -> SolveStatus:
    if term == TerminationCondition.convergenceCriteriaSatisfied:
        return SolveStatus.OPTIMAL
    if term in (TerminationCondition.provenInfeasible, TerminationCondition.infeasibleOrUnbounded):
        # x is binary and f is tied to x, so the model cannot be unbounded: it is infeasible.
        return SolveStatus.INFEASIBLE
    if term == TerminationCondition.unbounded:
        return SolveStatus.UNBOUNDED
    if term in _LIMITS:
        return SolveStatus.FEASIBLE if has_solution else SolveStatus.NO_SOLUTION
    return SolveStatus.ERROR


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return abs(bound - objective) / max(abs(objective), 1e-9)


class Solver:
    """A persistent HiGHS instance bound to one model: build once, re-solve many times."""

    def __init__(
        self,
        model: pyo.ConcreteModel,
        time_limit: float | None = None,
        mip_gap: float | None = None,
        threads: int | None = None,
        warm_start: bool = False,
    ) -> None:
        self.model = model
        self.highs = _HighsWithStart()
        self.highs.warm_start = warm_start
        cfg = self.highs.config
        cfg.load_solutions = False
        cfg.raise_exception_on_nonoptimal_result = False
        cfg.time_limit = time_limit
        cfg.rel_gap = mip_gap
        cfg.threads = threads
        self.on_progress: Callable[[Progress], None] | None = None
        self._attached = False
        self._highs_clock = 0.0  # HiGHS's run clock accumulates over runs

    def _attach(self) -> None:
        """Hand the model to HiGHS once and subscribe the progress callback."""
        self.highs.set_instance(self.model)
        auto = self.highs.config.auto_updates
        auto.check_for_new_or_removed_constraints = False
        auto.check_for_new_or_removed_vars = False
        auto.check_for_new_or_removed_params = False
        auto.update_named_expressions = False
        self.highs._solver_model.cbMipInterrupt.subscribe(self._callback)
        self._attached = True

    def _callback(self, event: object) -> None:
        if self.on_progress is None:
            return
        out = event.data_out  # type: ignore[attr-defined]
        self.on_progress(
            Progress(
                seconds=out.running_time,
                gap=out.mip_gap,
                incumbent=out.objective_function_value
                if math.isfinite(out.objective_function_value)
                else None,
                bound=out.mip_dual_bound if math.isfinite(out.mip_dual_bound) else None,
            )
        )

    def solve(self) -> SolveOutcome:
        """Solve (or re-solve after param changes) and load the solution into the model."""
        start = time.perf_counter()  # the first solve's time includes handing the model over
        if not self._attached:
            self._attach()
        results = self.highs.solve(self.model)
        seconds = time.perf_counter() - start
        has_solution = results.incumbent_objective is not None
        status = _status(results.termination_condition, has_solution)
        if has_solution:
            results.solution_loader.load_vars()
        objective = results.incumbent_objective if has_solution else None
        bound = results.objective_bound
        gap = _gap(objective, bound)
        if status == SolveStatus.OPTIMAL and gap is None:
            gap = 0.0
        clock = results.timing_info.highs_time
        highs_seconds = clock - self._highs_clock if clock >= self._highs_clock else clock
        self._highs_clock = clock
        return SolveOutcome(
            status,
            objective,
            bound,
            gap,
            seconds,
            str(results.termination_condition.name),
            highs_seconds,
        )


def export_lp(model: pyo.ConcreteModel, path: Path) -> None:
    """Write the model as an LP file with readable names (debugging only, on request)."""
    model.write(str(path), io_options={"symbolic_solver_labels": True})
