"""HiGHS adapter: in-memory solves, outcomes as an enum, progress and interrupt callbacks.

The model is handed to HiGHS once; later solves send only what changed (mutable params,
bounds), which is what makes sweeps, Pareto points and explanations cheap.

A *canonical* solver answers each solve in a fresh HiGHS instance fed the same arrays, so
the answer depends on the question only, never on what was solved before: the same
scenario gives the same portfolio from `solve`, a sweep point, `compare` or `rerun`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import highspy
import pyomo.environ as pyo
from pyomo.common.tee import capture_output

from optimizer.solve.handover import HighsModel


class SolveStatus(StrEnum):
    """What a solve ended with, in our words."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # stopped by a limit with a solution in hand
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution"  # stopped by a limit before any solution
    UNBOUNDED = "unbounded"
    ERROR = "error"
    INTERRUPTED = "interrupted"  # stopped by the user (Ctrl-C, SIGTERM, cancel)

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
    nodes: int = 0  # branch-and-bound nodes HiGHS explored

    @property
    def has_solution(self) -> bool:
        """A portfolio to report: optimal, feasible, or the incumbent of an interrupted run."""
        interrupted = self.status == SolveStatus.INTERRUPTED and self.objective is not None
        return self.status.has_solution or interrupted


class StopRequest(threading.Event):
    """Set: the run stops at HiGHS's next callback and keeps its best solution. Aborted:
    the run is given up; a KeyboardInterrupt raised inside a HiGHS callback only ends the
    solve as an error, so the solver raises it again once HiGHS has returned."""

    aborted = False

    def signalled(self, signum: int, frame: object) -> None:
        """A signal handler: the first signal sets the request, a second aborts."""
        if self.is_set():
            self.aborted = True
            raise KeyboardInterrupt
        self.set()


# HiGHS options we set unless `[solver] highs` says otherwise, each chosen by measurement
# (README, Performance: restarts off made the sample and the knapsack fronts faster and
# left generated plans, solved at the root, unchanged).
HIGHS_DEFAULTS: dict[str, object] = {"mip_allow_restart": False}

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
    if model_status == s.kInterrupt:
        return SolveStatus.INTERRUPTED
    if model_status in _LIMITS:
        return SolveStatus.FEASIBLE if has_solution else SolveStatus.NO_SOLUTION
    return SolveStatus.ERROR


def quiet_highs() -> highspy.Highs:
    with capture_output(capture_fd=True):  # HiGHS prints a banner when created
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


def option_problems(options: dict[str, object]) -> dict[str, str]:
    """Option name -> why HiGHS refuses it (unknown name, wrong type, out of range)."""
    problems = {}
    highs = quiet_highs()
    for name, value in options.items():
        with capture_output(capture_fd=True) as said_by_highs:
            status = highs.setOptionValue(name, value)
        if status != highspy.HighsStatus.kOk:
            said = said_by_highs.getvalue().strip().splitlines()
            problems[name] = said[-1].removeprefix("ERROR:").strip() if said else "refused by HiGHS"
    return problems


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return abs(bound - objective) / max(abs(objective), 1e-9)


class Solver:
    """HiGHS bound to one model: hand it over once, re-solve after param changes.

    With `warm_start`, each re-solve hands HiGHS the previous solution as a MIP start,
    after the param updates (HiGHS discards a start when the model changes after it, and
    drops its own incumbent when the objective changes). An infeasible start, e.g. floors
    moved past it, is simply rejected by HiGHS. With `canonical`, every solve runs in a
    fresh HiGHS instance given the model's current arrays, so its answer never depends
    on earlier solves. Setting `stop` (from a signal handler or another thread) ends the
    solve at HiGHS's next callback with status INTERRUPTED and the incumbent kept.
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
        canonical: bool = False,
        stop: threading.Event | None = None,
    ) -> None:
        self.model = model
        self.time_limit = time_limit
        self.mip_gap = mip_gap
        self.threads = threads
        self.warm_start = warm_start
        self.options = dict(options or {})
        self.canonical = canonical
        self.stop = stop
        self.on_progress: Callable[[Progress], None] | None = None
        self.log: list[str] = []  # HiGHS's log lines of the last solve
        self.highs: highspy.Highs | None = None  # the instance holding the handed-over model
        self.handed: HighsModel | None = None
        self.start: highspy.HighsSolution | None = None  # the last solution: a MIP start

    def _instance(self) -> highspy.Highs:
        """A silent HiGHS with our options and callbacks (progress, log, interrupt)."""
        highs = quiet_highs()
        highs.setOptionValue("log_to_console", False)
        highs.setOptionValue("output_flag", True)  # to the log callback only
        if self.threads is not None:
            highs.setOptionValue("threads", self.threads)
        for name, value in (HIGHS_DEFAULTS | self.options).items():
            highs.setOptionValue(name, value)
        # a Python callback per simplex iteration costs time: only when a stop may come
        if self.stop is not None:
            highs.cbSimplexInterrupt.subscribe(self._interrupt)
            highs.cbIpmInterrupt.subscribe(self._interrupt)
        if self.stop is not None or self.on_progress is not None:
            highs.cbMipInterrupt.subscribe(self._callback)
        highs.cbLogging.subscribe(lambda event: self.log.append(event.message))
        return highs

    def _interrupt(self, event: object) -> None:
        if self.stop is not None and self.stop.is_set():
            event.interrupt()  # type: ignore[attr-defined]

    def _callback(self, event: object) -> None:
        self._interrupt(event)
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

    def attach(self) -> HighsModel:
        """Hand the model to HiGHS (once) or push what changed since; the hand-over."""
        if self.handed is None:
            self.highs = self._instance()
            self.handed = HighsModel(self.model, self.highs)
        else:
            self.handed.update()
        return self.handed

    def solve(self) -> SolveOutcome:
        """Solve (or re-solve after param changes) and load the solution into the model."""
        start = time.perf_counter()  # the first solve's time includes handing the model over
        handed = self.attach()
        highs = self.highs
        assert highs is not None
        if self.canonical:
            highs = self._instance()
            highs.passModel(self.highs.getModel())
        highs.setOptionValue("time_limit", math.inf if self.time_limit is None else self.time_limit)
        rel_gap = HIGHS_DEFAULT_GAP if self.mip_gap is None else self.mip_gap
        highs.setOptionValue("mip_rel_gap", rel_gap)
        if self.warm_start and self.start is not None:
            highs.setSolution(self.start)
        self.log.clear()
        run_start = time.perf_counter()
        highs.run()
        if isinstance(self.stop, StopRequest) and self.stop.aborted:
            raise KeyboardInterrupt
        highs_seconds = time.perf_counter() - run_start
        info = highs.getInfo()
        has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
        status = _status(highs.getModelStatus(), has_solution)
        objective = bound = None
        if has_solution:
            solution = highs.getSolution()
            handed.load(solution.col_value)
            self.start = solution
            objective = info.objective_function_value
        if handed.is_mip and math.isfinite(info.mip_dual_bound):
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
            max(int(info.mip_node_count), 0),
        )


def export_lp(model: pyo.ConcreteModel, path: Path) -> None:
    """Write the model as an LP file with readable names (debugging only, on request)."""
    model.write(str(path), io_options={"symbolic_solver_labels": True})
