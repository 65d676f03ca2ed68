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

import highspy
import pyomo.environ as pyo
from pyomo.common.tee import capture_output

from optimizer.errors import InputError, Issue
from optimizer.solve.handover import HighsModel


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


HIGHS_DEFAULT_GAP = 1e-4  # HiGHS's own mip_rel_gap default, used when mip_gap is None

_LIMITS = {
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kObjectiveBound,
    highspy.HighsModelStatus.kObjectiveTarget,
    highspy.HighsModelStatus.kInterrupt,
}


def _status(model_status: highspy.HighsModelStatus, has_solution: bool) -> SolveStatus:
    s = highspy.HighsModelStatus
    if model_status == s.kOptimal:
        return SolveStatus.OPTIMAL
    if model_status in (s.kInfeasible, s.kUnboundedOrInfeasible):
        # x is binary and f is tied to x, so the model cannot be unbounded: it is infeasible.
        return SolveStatus.INFEASIBLE
    if model_status == s.kUnbounded:
        return SolveStatus.UNBOUNDED
    if model_status in _LIMITS:
        return SolveStatus.FEASIBLE if has_solution else SolveStatus.NO_SOLUTION
    return SolveStatus.ERROR


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return abs(bound - objective) / max(abs(objective), 1e-9)


class Solver:
    """A persistent HiGHS instance bound to one model: build once, re-solve many times.

    With `warm_start`, each re-solve hands HiGHS the previous solution as a MIP start,
    after the param updates (HiGHS discards a start when the model changes after it, and
    drops its own incumbent when the objective changes). An infeasible start, e.g. floors
    moved past it, is simply rejected by HiGHS.
    """

    def __init__(
        self,
        model: pyo.ConcreteModel,
        time_limit: float | None = None,
        mip_gap: float | None = None,
        threads: int | None = None,
        warm_start: bool = False,
        *,
        options: dict[str, object] | None = None,
    ) -> None:
        self.model = model
        self.time_limit = time_limit
        self.mip_gap = mip_gap
        self.threads = threads
        self.warm_start = warm_start
        self.options = dict(options or {})  # any other HiGHS option, by HiGHS's name
        self.on_progress: Callable[[Progress], None] | None = None
        self.log: list[str] = []  # HiGHS's log lines of the last solve
        self._highs: highspy.Highs | None = None
        self._handed: HighsModel | None = None
        self._start: highspy.HighsSolution | None = None

    def _attach(self) -> HighsModel:
        """Hand the model to HiGHS once; subscribe the progress and log callbacks."""
        with capture_output(capture_fd=True):  # HiGHS prints a banner when created
            highs = highspy.Highs()
        highs.setOptionValue("log_to_console", False)
        if self.threads is not None:
            highs.setOptionValue("threads", self.threads)
        for name, value in self.options.items():
            if highs.setOptionValue(name, value) != highspy.HighsStatus.kOk:
                raise InputError([Issue("HiGHS options", f"{name} = {value!r} is not accepted")])
        highs.HandleKeyboardInterrupt = True
        highs.cbMipInterrupt.subscribe(self._callback)
        highs.cbLogging.subscribe(lambda event: self.log.append(event.message))
        self._highs = highs
        return HighsModel(self.model, highs)

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
        if self._handed is None:
            self._handed = self._attach()
        else:
            self._handed.update()
        highs = self._highs
        assert highs is not None
        highs.setOptionValue("time_limit", math.inf if self.time_limit is None else self.time_limit)
        rel_gap = HIGHS_DEFAULT_GAP if self.mip_gap is None else self.mip_gap
        highs.setOptionValue("mip_rel_gap", rel_gap)
        if self.warm_start and self._start is not None:
            highs.setSolution(self._start)
        self.log.clear()
        run_start = time.perf_counter()
        highs.run()
        highs_seconds = time.perf_counter() - run_start
        info = highs.getInfo()
        has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
        status = _status(highs.getModelStatus(), has_solution)
        objective = bound = None
        if has_solution:
            solution = highs.getSolution()
            self._handed.load(solution.col_value)
            self._start = solution
            objective = info.objective_function_value
        if self._handed.is_mip and math.isfinite(info.mip_dual_bound):
            bound = info.mip_dual_bound
        elif status == SolveStatus.OPTIMAL:
            bound = objective
        gap = _gap(objective, bound)
        if status == SolveStatus.OPTIMAL and gap is None:
            gap = 0.0
        return SolveOutcome(
            status,
            objective,
            bound,
            gap,
            time.perf_counter() - start,
            highs.modelStatusToString(highs.getModelStatus()),
            highs_seconds,
        )


def export_lp(model: pyo.ConcreteModel, path: Path) -> None:
    """Write the model as an LP file with readable names (debugging only, on request)."""
    model.write(str(path), io_options={"symbolic_solver_labels": True})
