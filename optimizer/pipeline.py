"""The pipeline in one place: load → validate → build → solve → extract → explain/rank."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.analysis.diagnose import Diagnosis, diagnose_infeasibility, explain_unfunded
from optimizer.analysis.multiobjective import (
    Front,
    MultiObjective,
    ParetoResult,
    SliceResult,
    front_slice,
)
from optimizer.analysis.rank import rank_projects
from optimizer.config import MultiObjectiveConfig, Scenario, check_scenario_against_data
from optimizer.io.data import InputData
from optimizer.io.load import load_tables
from optimizer.io.validate import validate_tables
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs, prepare
from optimizer.solve.extract import Solution, extract_solution
from optimizer.solve.solver import Progress, SolveOutcome, Solver, SolveStatus, export_lp


@dataclass
class RunResult:
    """Everything one scenario run produced, free of Pyomo objects."""

    scenario: Scenario
    inputs: ModelInputs
    outcome: SolveOutcome
    solution: Solution | None = None
    ranked: pd.DataFrame | None = None
    diagnosis: Diagnosis | None = None
    timings: dict[str, float] = field(default_factory=dict)
    objective_values: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        return self.inputs.warnings

    def summary_record(self) -> dict:
        """The run in one JSON-able dict."""
        o = self.outcome
        record: dict = {
            "scenario": self.scenario.name,
            "status": o.status.value,
            "objective": o.objective,
            "bound": o.bound,
            "gap": o.gap,
            "solve_seconds": round(o.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "warnings": self.warnings,
            "method": self.scenario.multiobjective.method,
            "objective_values": self.objective_values,
        }
        if self.solution is not None:
            projects = self.solution.projects
            record |= {
                "score": self.solution.score,
                "funded": int(projects["funded"].sum()),
                "candidates": len(projects),
                "cost_in_plan_wan": float(projects["cost_in_plan_wan"].sum()),
            }
        if self.diagnosis is not None:
            record["conflicts"] = [str(v) for v in self.diagnosis.violations]
        return record


def load_data(scenario: Scenario) -> InputData:
    """Load and validate the scenario's data set, and check the scenario's names against it."""
    data = validate_tables(load_tables(scenario.data))
    check_scenario_against_data(scenario, data)
    return data


def _as_goal_programme(scenario: Scenario) -> Scenario:
    """Goal programming = the score with credit capped at each target (shortfall kind)."""
    objective = scenario.objective.model_copy(update={"kind": "shortfall"})
    return scenario.model_copy(update={"objective": objective})


def _solve_multiobjective(runner: MultiObjective, mo: MultiObjectiveConfig) -> SolveOutcome:
    order = list(range(len(runner.specs)))
    if mo.method == "lexicographic":
        return runner.lexicographic(order, mo.tolerance)
    payoff, outcome = runner.payoff_table()
    if payoff.empty:
        return outcome
    return runner.weighted(mo.weights or [1.0] * len(order), payoff)


def run_scenario(
    scenario: Scenario,
    on_progress: Callable[[Progress], None] | None = None,
    lp_file: Path | None = None,
) -> RunResult:
    """Run one scenario end to end. Raises `InputError` on bad input; infeasible is a result."""
    clock = time.perf_counter
    mo = scenario.multiobjective
    if mo.method == "goal":
        scenario = _as_goal_programme(scenario)
    t0 = clock()
    inputs = prepare(load_data(scenario), scenario)
    t1 = clock()
    model = build_model(inputs)
    cfg = scenario.solver
    runner = None
    if mo.method in ("weighted", "lexicographic"):
        runner = MultiObjective(model, inputs, mo, cfg.time_limit, cfg.mip_gap, cfg.threads)
        solver = runner.solver
    else:
        solver = Solver(model, cfg.time_limit, cfg.mip_gap, cfg.threads)
    if lp_file is not None:
        export_lp(model, lp_file)
    t2 = clock()
    solver.on_progress = on_progress
    outcome = _solve_multiobjective(runner, mo) if runner else solver.solve()
    t3 = clock()
    timings = {"load_validate": t1 - t0, "build": t2 - t1, "solve": t3 - t2}
    result = RunResult(scenario, inputs, outcome, timings=timings)
    if outcome.status == SolveStatus.INFEASIBLE:
        result.diagnosis = diagnose_infeasibility(inputs, cfg)
        timings["diagnose"] = clock() - t3
    if not outcome.has_solution:
        return result
    if runner is not None:
        point = runner.point(outcome.status)
        result.objective_values = dict(zip(mo.objectives, point.values, strict=True))
    result.solution = extract_solution(model, inputs, outcome)
    t4 = clock()
    explanations = explain_unfunded(inputs, result.solution, cfg) if cfg.explain else {}
    t5 = clock()
    result.ranked = rank_projects(result.solution, inputs, explanations)
    timings |= {"extract": t4 - t3, "explain": t5 - t4, "rank": clock() - t5}
    return result


TaskRunner = Callable[..., list]  # run_tasks(fn, tasks, on_done=...) of studies/parallel.py


def run_pareto(
    scenario: Scenario,
    on_payoff: Callable[[ParetoResult], None] | None = None,
    on_point: Callable[[ParetoResult], None] | None = None,
    slices: int = 1,
    run_tasks: TaskRunner | None = None,
) -> tuple[ModelInputs, ParetoResult, Diagnosis | None]:
    """Pareto front of the scenario's objectives: build once, payoff table, then AUGMECON-R
    (or a weighted-sum sweep), every point a re-solve in memory.

    With `run_tasks` (worker processes or a Dask cluster) and `slices` > 1 the grid's outer
    axis is cut into `slices` ranges, each swept by a worker on its own model; the slices'
    points are merged in order, so the front equals the serial one."""
    mo = scenario.multiobjective
    inputs = prepare(load_data(scenario), scenario)
    model = build_model(inputs)
    cfg = scenario.solver
    runner = MultiObjective(
        model, inputs, mo, mo.point_time_limit, cfg.mip_gap, cfg.threads, cfg.highs
    )
    payoff, outcome = runner.payoff_table()
    if payoff.empty:
        diagnosis = (
            diagnose_infeasibility(inputs, cfg)
            if outcome.status == SolveStatus.INFEASIBLE
            else None
        )
        return inputs, ParetoResult(runner.specs, payoff, stopped=outcome.status.value), diagnosis
    if on_payoff:
        on_payoff(ParetoResult(runner.specs, payoff))
    if mo.front == "weighted":
        return inputs, runner.weight_sweep(payoff, mo.points, mo.total_time_limit, on_point), None
    if run_tasks is None or slices < 2:
        return inputs, runner.augmecon(payoff, mo.total_time_limit, on_point), None
    plan = runner.plan_grid(payoff)
    front = Front(runner, payoff, plan, mo.total_time_limit)
    deadline = time.time() + mo.total_time_limit
    tasks = [(scenario, plan, part, deadline) for part in runner.slices(plan, payoff, slices)]

    def done(_: int, part: SliceResult) -> None:
        front.add(part)
        if on_point:
            on_point(front.result)

    parts = run_tasks(front_slice, tasks, on_done=done) if tasks else []
    return inputs, front.finish(parts), None
