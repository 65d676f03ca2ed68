"""The pipeline in one place: load → validate → build → solve → extract → explain/rank."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.analysis.benefit_cost import RankedPortfolio, rank_by_benefit_cost
from optimizer.analysis.diagnose import Diagnosis, diagnose_infeasibility
from optimizer.analysis.explain import Explanation, explain_unfunded, quick_explanations
from optimizer.analysis.fiscal import fiscal_table
from optimizer.analysis.multiobjective import Front, GridPlan, MultiObjective, front_slice
from optimizer.analysis.pareto_result import ParetoResult, SliceResult
from optimizer.analysis.rank import rank_projects
from optimizer.config import MultiObjectiveConfig, Scenario, check_scenario_against_data
from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.load import load_tables
from optimizer.io.results import (
    CONFLICT_COLUMNS,
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    RANKED_COLUMNS,
    Names,
    ResultTables,
    empty_frame,
)
from optimizer.io.validate import validate_tables
from optimizer.labels import DEFAULT_LANG, Lang
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs, prepare
from optimizer.model.values import objective_values, weighted_shortfall
from optimizer.solve.extract import Solution, extract_solution
from optimizer.solve.solver import (
    Progress,
    SolveOutcome,
    Solver,
    SolveStatus,
    export_lp,
    option_problems,
)


@dataclass
class RunResult:
    """Everything one scenario run produced, free of Pyomo objects."""

    scenario: Scenario
    inputs: ModelInputs
    outcome: SolveOutcome
    solution: Solution | None = None
    ranked: pd.DataFrame | None = None
    diagnosis: Diagnosis | None = None
    explanations: dict[str, Explanation] = field(default_factory=dict)  # unfunded projects
    timings: dict[str, float] = field(default_factory=dict)
    # the portfolio's own values (model/values.py), never a bound, a floor or a helper
    # variable: the method's objective (`objective_name` says which) and, for weighted
    # and lexicographic, every named objective
    objective: float | None = None
    objective_name: str | None = None
    objective_values: dict[str, float] = field(default_factory=dict)
    interrupted: bool = False  # stopped by the user: the solve or the explanations cut short
    benefit_cost: RankedPortfolio | None = None  # ranking by score per 万元, for comparison
    fiscal: pd.DataFrame | None = None  # the fiscal-sustainability table (analysis/fiscal.py)

    @property
    def warnings(self) -> list[str]:
        return self.inputs.warnings

    def summary_record(self) -> dict:
        """The run in one JSON-able dict."""
        o = self.outcome
        record: dict = {
            "scenario": self.scenario.name,
            "status": o.status.value,
            "objective": self.objective,
            "objective_name": self.objective_name,
            "bound": o.bound,
            "gap": o.gap,
            "solve_seconds": round(o.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "warnings": self.warnings,
            "method": self.scenario.multiobjective.method,
            "objective_values": self.objective_values,
            "interrupted": self.interrupted,
        }
        if self.solution is not None:
            projects = self.solution.projects
            spent = float(projects["cost_in_plan_wan"].sum())
            record |= {
                "score": self.solution.score,
                "funded": int(projects["funded"].sum()),
                "candidates": len(projects),
                "cost_in_plan_wan": spent,
                "targets_met": int(self.solution.indicators["met"].sum()),
                "targets": len(self.solution.indicators),
                "unspent_wan": self.inputs.unspent(spent),
            }
        if self.solution is not None and self.benefit_cost is not None:
            bc, ours = self.benefit_cost, set(self.solution.funded)
            record["benefit_cost"] = {
                "score": bc.score,
                "targets_met": bc.targets_met,
                "targets": bc.targets,
                "unspent_wan": bc.unspent_wan,
                "funded": len(bc.starts),
                "only_optimizer": sorted(ours - set(bc.starts)),
                "only_ranking": sorted(set(bc.starts) - ours),
                "misses": list(bc.misses),
            }
        if self.fiscal is not None:
            table = self.fiscal
            record |= {
                "debt_drawn_wan": float(table["debt_drawn_wan"].sum()),
                "debt_service_in_plan_wan": float(
                    table.loc[table["period"] == "plan", "debt_service_wan"].sum()
                ),
                "peak_recurring_burden_wan": float(table["recurring_burden_wan"].max()),
            }
        if self.diagnosis is not None:
            record["conflicts"] = [str(v) for v in self.diagnosis.violations]
        return record

    def tables(self) -> ResultTables:
        """The run as the tables a result folder holds (what reports and compare read)."""
        sol = self.solution
        violations = self.diagnosis.violations if self.diagnosis else []
        conflicts = pd.DataFrame(
            [(v.family, v.rule, v.amount, v.unit) for v in violations], columns=CONFLICT_COLUMNS
        )
        return ResultTables(
            self.scenario.name,
            self.summary_record() | {"description": self.scenario.description},
            self.ranked if self.ranked is not None else empty_frame(RANKED_COLUMNS),
            sol.funding if sol else empty_frame(FUNDING_COLUMNS),
            sol.indicators if sol else empty_frame(INDICATOR_COLUMNS),
            sol.pools if sol else empty_frame([]),
            conflicts,
            Names(
                dict(self.inputs.region_name),
                dict(self.inputs.source_name),
                {i: ind.name for i, ind in self.inputs.indicators.items()},
                {i: ind.unit for i, ind in self.inputs.indicators.items()},
            ),
            self.fiscal,
        )


def load_data(scenario: Scenario) -> InputData:
    """Load and validate the scenario's data set, and check the scenario's names against it."""
    check_solver_options(scenario)
    data = validate_tables(load_tables(scenario.data))
    check_scenario_against_data(scenario, data)
    return data


def check_solver_options(scenario: Scenario) -> None:
    """Every `[solver] highs` option must be one HiGHS accepts, with a valid value."""
    problems = option_problems(scenario.solver.highs)
    if problems:
        label = str(scenario.path or scenario.name)
        raise InputError(
            [
                Issue(label, why, column=f"solver.highs.{name}", field="key")
                for name, why in problems.items()
            ]
        )


def _as_goal_programme(scenario: Scenario) -> Scenario:
    """Goal programming = the score with credit capped at each target (shortfall kind)."""
    objective = scenario.objective.model_copy(update={"kind": "shortfall"})
    return scenario.model_copy(update={"objective": objective})


def _solve_multiobjective(
    runner: MultiObjective, mo: MultiObjectiveConfig
) -> tuple[SolveOutcome, list[float]]:
    """The outcome, and the weights over each objective's unit the weighted method
    maximises Σ_k c_k·g_k with (c_k = w_k / range_k, ranges from the payoff table)."""
    order = list(range(len(runner.specs)))
    if mo.method == "lexicographic":
        return runner.lexicographic(order, mo.tolerance), []
    payoff, outcome = runner.payoff_table()
    if payoff.empty:
        return outcome, []
    weights = mo.weights or [1.0] * len(order)
    scaled = [w / r for w, r in zip(weights, runner.ranges(payoff), strict=True)]
    return runner.weighted(weights, payoff), scaled


def _own_objective(result: RunResult, runner: MultiObjective | None, scaled: list[float]) -> None:
    """The method's objective and the named objectives' values, all from the extracted
    portfolio: single, the score; goal, the weighted shortfall Σ w_i·shortfall_i/gap_i;
    lexicographic, the first objective; weighted, Σ_k c_k·g_k (g_k = sense·value)."""
    assert result.solution is not None
    d, mo = result.inputs, result.scenario.multiobjective
    portfolio = result.solution.portfolio(d)
    if runner is not None:
        result.objective_values = objective_values(d, portfolio, mo.objectives, mo.groups)
    values = result.objective_values
    if mo.method == "goal":
        result.objective_name = "weighted_shortfall"
        result.objective = weighted_shortfall(d, portfolio.starts)
    elif mo.method == "lexicographic":
        result.objective_name = mo.objectives[0]
        result.objective = values[mo.objectives[0]]
    elif runner is not None:
        result.objective_name = "weighted_sum"
        result.objective = sum(
            c * s.sense * values[s.name] for c, s in zip(scaled, runner.specs, strict=True)
        )
    else:
        result.objective_name, result.objective = "score", result.solution.score


def run_scenario(
    scenario: Scenario,
    on_progress: Callable[[Progress], None] | None = None,
    lp_file: Path | None = None,
    stop: threading.Event | None = None,
    lang: Lang = DEFAULT_LANG,
) -> RunResult:
    """Run one scenario end to end. Raises `InputError` on bad input; infeasible is a result.

    The solve is canonical (a fresh HiGHS instance on the model as built), so the same
    scenario and data always give the same portfolio. Setting `stop` ends the solve with
    the best portfolio found so far (status `interrupted`) and skips the explanations.
    """
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
        solver = Solver(model, cfg.time_limit, cfg.mip_gap, cfg.threads, canonical=True)
    solver.options = dict(cfg.highs)
    solver.stop = stop
    if lp_file is not None:
        export_lp(model, lp_file)
    t2 = clock()
    solver.on_progress = on_progress
    outcome, scaled = _solve_multiobjective(runner, mo) if runner else (solver.solve(), [])
    t3 = clock()
    timings = {"load_validate": t1 - t0, "build": t2 - t1, "solve": t3 - t2}
    result = RunResult(scenario, inputs, outcome, timings=timings)
    result.interrupted = outcome.status == SolveStatus.INTERRUPTED
    if outcome.status == SolveStatus.INFEASIBLE:
        result.diagnosis = diagnose_infeasibility(inputs, cfg)
        timings["diagnose"] = clock() - t3
    if not outcome.has_solution:
        return result
    result.solution = extract_solution(model, inputs, outcome)
    _own_objective(result, runner, scaled)
    result.fiscal = fiscal_table(result.solution, inputs)
    t4 = clock()
    explain = cfg.explain and outcome.status != SolveStatus.INTERRUPTED
    if explain:
        result.explanations = explain_unfunded(inputs, result.solution, cfg, stop)
    else:  # what needs no solve is still said; the rest says why it is not explained
        rest = "interrupted" if outcome.status == SolveStatus.INTERRUPTED else "skipped"
        result.explanations = quick_explanations(inputs, result.solution, rest)
    t5 = clock()
    if explain:
        result.benefit_cost = rank_by_benefit_cost(inputs)
    t6 = clock()
    result.ranked = rank_projects(result.solution, inputs, result.explanations, lang)
    result.interrupted = stop is not None and stop.is_set()
    timings |= {"extract": t4 - t3, "explain": t5 - t4, "benefit_cost": t6 - t5}
    timings["rank"] = clock() - t6
    return result


TaskRunner = Callable[..., list]  # run_tasks(fn, tasks, on_done=...) of studies/parallel.py


def run_pareto(
    scenario: Scenario,
    on_payoff: Callable[[ParetoResult], None] | None = None,
    on_point: Callable[[ParetoResult], None] | None = None,
    slices: int = 1,
    run_tasks: TaskRunner | None = None,
    stop: threading.Event | None = None,
) -> tuple[ModelInputs, ParetoResult, Diagnosis | None]:
    """Pareto front of the scenario's objectives: build once, payoff table, then AUGMECON-R
    (or a weighted-sum sweep), every point a re-solve in memory.

    `on_payoff` sees the payoff table and the grid's estimate before the grid starts;
    `on_point` sees the front so far (points, solves, share done) as the grid goes.
    Setting `stop` ends the solve running (keeping its incumbent) and the grid, which
    returns the points found (in this process; workers run their slices to the end).
    With `run_tasks` (worker processes or a Dask cluster) and `slices` > 1 the grid's outer
    axis is cut into `slices` ranges, each swept by a worker on its own model; the slices'
    points are merged in order, so the front equals the serial one."""
    mo = scenario.multiobjective
    inputs = prepare(load_data(scenario), scenario)
    cfg = scenario.solver
    runner = MultiObjective(
        build_model(inputs),
        inputs,
        mo,
        mo.point_time_limit,
        cfg.mip_gap,
        cfg.threads,
        cfg.highs,
        stop,
    )
    names = {i: ind.name for i, ind in inputs.indicators.items()}
    payoff, outcome = runner.payoff_table()
    interrupted = stop is not None and stop.is_set()
    if payoff.empty or interrupted:
        diagnosis = (
            diagnose_infeasibility(inputs, cfg)
            if outcome.status == SolveStatus.INFEASIBLE
            else None
        )
        why = "interrupted" if interrupted else outcome.status.value
        empty = ParetoResult(runner.specs, pd.DataFrame(), stopped=why, indicator_names=names)
        return inputs, empty, diagnosis
    plan = None if mo.front == "weighted" else runner.plan_grid(payoff)
    if on_payoff:
        estimate = runner.estimate(plan, payoff, mo.total_time_limit) if plan else None
        on_payoff(
            ParetoResult(
                runner.specs,
                payoff,
                solves=runner.solves,
                estimate=estimate,
                indicator_names=names,
            )
        )
    if plan is None:
        front = runner.weight_sweep(payoff, mo.points, mo.total_time_limit, on_point)
    elif run_tasks is None or slices < 2:
        front = runner.augmecon(plan, payoff, mo.total_time_limit, on_point)
    else:
        front = _parallel_front(scenario, runner, payoff, plan, slices, run_tasks, on_point)
    front.indicator_names = names
    return inputs, front, None


def _parallel_front(
    scenario: Scenario,
    runner: MultiObjective,
    payoff: pd.DataFrame,
    plan: GridPlan,
    slices: int,
    run_tasks: TaskRunner,
    on_point: Callable[[ParetoResult], None] | None,
) -> ParetoResult:
    """The grid cut into `slices` ranges of its outer axis, one task each."""
    limit = scenario.multiobjective.total_time_limit
    front = Front(runner, payoff, plan, limit)
    deadline = time.time() + limit
    tasks = [(scenario, plan, part, deadline) for part in runner.slices(plan, payoff, slices)]

    def done(_: int, part: SliceResult) -> None:
        front.add(part, len(tasks))
        if on_point:
            on_point(front.result)

    parts = run_tasks(front_slice, tasks, on_done=done) if tasks else []
    return front.finish(parts)
