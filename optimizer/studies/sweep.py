"""What-if sweeps: one or more scenario parameters over ranges of values.

Budget and land scales and indicator floors are mutable parameters of the built model, so
those runs are re-solves in memory; any other scenario key (e.g. rules.region_min_share)
is applied to the scenario and the model is rebuilt for each value (marked `rebuilt`).

Parameter paths:
    budget.scale            every source's budget × value
    budget.<source>         one source's budget × value
    land.scale              every land quota × value
    floor.<indicator>       the indicator must reach value by plan end
    <any.scenario.key>      e.g. rules.region_min_share, objective.weights.air_quality_days
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pydantic import ValidationError

from optimizer.config import Scenario, deep_merge
from optimizer.errors import InputError, Issue
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data
from optimizer.solve.extract import extract_solution
from optimizer.solve.solver import SolveOutcome, Solver
from optimizer.studies.parallel import chunks, run_tasks

IN_MEMORY = ("budget.", "land.scale", "floor.")
MARGINAL_STEP = 0.10  # finite difference: +10 % of a source's plan budget
MARGINAL_GAP = 1e-6
METHOD = "finite difference: +10% of the source's plan budget, MIP re-solves at 1e-6 gap"


@dataclass(frozen=True)
class SweepParam:
    """A parameter path and the values it takes."""

    path: str
    values: tuple[float, ...]

    @property
    def in_memory(self) -> bool:
        return self.path.startswith(IN_MEMORY)


def parse_values(text: str, label: str = "--values") -> tuple[float, ...]:
    """'0.6:1.4:0.1' (start:stop:step, stop included) or '0.8,1,1.2'."""
    try:
        if ":" in text:
            start, stop, step = (float(x) for x in text.split(":"))
            if step <= 0:
                raise ValueError
            count = int(math.floor((stop - start) / step + 1e-9)) + 1
            values = tuple(round(start + k * step, 10) for k in range(max(count, 0)))
        else:
            values = tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise InputError(
            [Issue(label, f"cannot read values {text!r}: use a:b:step or a,b,c")]
        ) from None
    if not values:
        raise InputError([Issue(label, f"values {text!r} give an empty range")])
    return values


def _nested(path: str, value: float) -> dict:
    out: dict = {}
    node = out
    keys = path.split(".")
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value
    return out


class Sweep:
    """One built model for the in-memory parameters; rebuilt per value for the others."""

    def __init__(self, scenario: Scenario, params: list[SweepParam]) -> None:
        self.scenario = scenario
        self.params = params
        self.data = load_data(scenario)
        self._check(params)
        self._model: pyo.ConcreteModel | None = None
        self._solver: Solver | None = None
        self._built_for: dict | None = None
        self.builds = 0  # how many times a model was built (1 for in-memory sweeps)

    def _check(self, params: list[SweepParam]) -> None:
        sources = set(self.data.sources["source_id"])
        indicators = set(self.data.indicators["indicator_id"])
        issues = []
        for p in params:
            head, _, key = p.path.partition(".")
            if head == "budget" and key != "scale" and key not in sources:
                issues.append(Issue("--param", f"unknown source {key!r} in {p.path!r}"))
            elif head == "floor" and key not in indicators:
                issues.append(Issue("--param", f"unknown indicator {key!r} in {p.path!r}"))
            elif head == "land" and key != "scale":
                issues.append(Issue("--param", f"unknown land parameter {p.path!r} (land.scale)"))
            elif not p.in_memory:
                try:
                    self._scenario_with(_nested(p.path, p.values[0]))
                except ValidationError as exc:  # pydantic names the bad key
                    issues.append(
                        Issue(
                            "--param",
                            f"{p.path!r} is not a scenario parameter: {str(exc).splitlines()[0]}",
                        )
                    )
        if issues:
            raise InputError(issues)

    def _scenario_with(self, overrides: dict) -> Scenario:
        """The sweep's scenario with some keys replaced, validated like a scenario file."""
        if not overrides:
            return self.scenario
        return Scenario.model_validate(
            deep_merge(self.scenario.model_dump(exclude={"path"}), overrides)
        )

    def _rebuild(self, overrides: dict) -> None:
        scenario = self._scenario_with(overrides)
        self._built_for = overrides
        self.builds += 1
        inputs = prepare(self.data, scenario)
        for p in self.params:
            if p.path.startswith("floor."):  # a row to move; inactive until swept
                i = p.path.split(".", 1)[1]
                base = inputs.indicators[i].baseline
                inputs.floors.setdefault(i, base + inputs.worst_progress(i) - 1.0)
        self.inputs = inputs
        self._model = build_model(inputs)
        cfg = scenario.solver
        # canonical: each point is the question a scenario with those values would ask,
        # answered from a cold start, so a sweep point and `solve` give one portfolio
        self._solver = Solver(
            self._model, cfg.time_limit, cfg.mip_gap, cfg.threads, options=cfg.highs, canonical=True
        )
        self._base_floor = {i: pyo.value(self._model.floor[i]) for i in self._model.floor}

    def _set_in_memory(self, values: dict[str, float]) -> None:
        m, d = self._model, self.inputs
        assert m is not None
        scale_all = values.get("budget.scale", 1.0)
        for (s, y, r), amount in d.pools.items():
            m.budget[s, y, r].set_value(amount * scale_all * values.get(f"budget.{s}", 1.0))
        for k, row in enumerate(d.land_rows):
            m.land_quota_mu[k].set_value(row.quota * values.get("land.scale", 1.0))
        for i, base in self._base_floor.items():
            m.floor[i].set_value(values.get(f"floor.{i}", base))

    def grid(self) -> list[tuple[float, ...]]:
        """Every combination of values, first parameter slowest."""
        return list(itertools.product(*(p.values for p in self.params)))

    def _overrides(self, combo: tuple[float, ...]) -> dict:
        overrides: dict = {}
        for p, v in zip(self.params, combo, strict=True):
            if not p.in_memory:
                overrides = deep_merge(overrides, _nested(p.path, v))
        return overrides

    def solve_combos(self, combos: list[tuple[float, ...]]) -> list[dict]:
        """One row per combination; the model is rebuilt only when a scenario key changes."""
        return [self._point(combo)[0] for combo in combos]

    def _point(
        self,
        combo: tuple[float, ...],
        gap: float | None = None,
        start: highspy.HighsSolution | None = None,
    ) -> tuple[dict, highspy.HighsSolution | None]:
        """Solve one combination (at `gap`, or the scenario's; from `start` if given):
        its row and HiGHS's solution."""
        values = {p.path: v for p, v in zip(self.params, combo, strict=True)}
        overrides = self._overrides(combo)
        if self._model is None or overrides != self._built_for:
            self._rebuild(overrides)
        self._set_in_memory(values)
        solver = self._solver
        assert solver is not None
        solver.mip_gap = self.scenario.solver.mip_gap if gap is None else gap
        solver.warm_start, solver.start = start is not None, start
        outcome = solver.solve()
        row: dict = {**values, "status": outcome.status.value, "objective": outcome.objective}
        if outcome.has_solution:
            sol = extract_solution(self._model, self.inputs, outcome)
            row |= {
                "score": sol.score,
                "funded": len(sol.funded),
                "cost_in_plan_wan": float(sol.projects["cost_in_plan_wan"].sum()),
            }
            row |= {f"attain_{r.indicator_id}": r.attainment for r in sol.indicators.itertuples()}
        return row, solver.start if outcome.has_solution else None

    def _make_monotone(self, grid: list[tuple[float, ...]], rows: list[dict]) -> None:
        """More money never scores less. Where a point with more budget (or land) and the same
        other values scores below one with less, both are solved again to a zero gap, which
        proves their optima and so orders them; if a proof does not finish in the time limit,
        the richer point starts from the poorer one's portfolio, which it can afford, and
        keeps the better. Rows say which happened (`proven`, `carried_from`)."""
        money = [k for k, p in enumerate(self.params) if p.path.startswith(("budget.", "land."))]
        if not money:
            return

        def below(rich: int, poor: int) -> bool:
            same = all(
                grid[rich][k] == grid[poor][k] for k in range(len(self.params)) if k not in money
            )
            more = all(grid[rich][k] >= grid[poor][k] for k in money) and rich != poor
            a, b = rows[rich]["objective"], rows[poor]["objective"]
            return same and more and a is not None and b is not None and a < b - 1e-9 * abs(b)

        for _ in range(len(grid)):
            pairs = [(r, p) for r in range(len(grid)) for p in range(len(grid)) if below(r, p)]
            if not pairs:
                return
            rich, poor = pairs[0]
            for k in (rich, poor):
                if not rows[k].get("proven"):
                    row, _ = self._point(grid[k], gap=0.0)
                    rows[k] = row | {"proven": row["status"] == "optimal"}
            if below(rich, poor):
                _, start = self._point(grid[poor], gap=0.0)
                row, _ = self._point(grid[rich], gap=0.0, start=start)
                rows[rich] = row | {"proven": False, "carried_from": poor}

    def run(
        self,
        on_run: Callable[[int, int, pd.DataFrame], None] | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
    ) -> pd.DataFrame:
        """Solve every combination; one row per run, in grid order. Serially, the model is
        built once; with `jobs` or `scheduler` the grid is cut into contiguous chunks and each
        worker builds once for its chunk. `on_run(done, total, rows)` sees finished runs.
        `rebuilt` marks runs whose scenario keys differ from the previous grid point's."""
        grid = self.grid()
        finished: dict[int, dict] = {}

        def report(first: int, rows: list[dict]) -> None:
            finished.update({first + k: row for k, row in enumerate(rows)})
            if on_run:
                ordered = [finished[k] for k in sorted(finished)]
                on_run(len(finished), len(grid), pd.DataFrame(ordered))

        if jobs > 1 or scheduler:
            parts = chunks(list(range(len(grid))), jobs if jobs > 1 else len(grid))
            tasks = [(self.scenario, self.params, [grid[i] for i in part]) for part in parts]
            firsts = [part[0] for part in parts]
            run_tasks(solve_chunk, tasks, jobs, scheduler, lambda k, rows: report(firsts[k], rows))
        else:
            for n, combo in enumerate(grid):
                report(n, self.solve_combos([combo]))
        rows = [finished[k] for k in range(len(grid))]
        self._make_monotone(grid, rows)
        for n, row in enumerate(rows):
            row["rebuilt"] = n > 0 and self._overrides(grid[n]) != self._overrides(grid[n - 1])
        return pd.DataFrame(rows)

    def marginal_values(self) -> pd.DataFrame:
        """Score per extra 万元 of each source, by finite differences at the scenario as is.

        Solved to MARGINAL_GAP so the difference is not MIP-gap noise; each row carries
        the bound on the error left (the two solves' absolute gaps added).
        """
        self._rebuild({})
        self._set_in_memory({})
        assert self._solver is not None
        self._solver.mip_gap = MARGINAL_GAP
        base = self._solver.solve()
        totals: dict[str, float] = {}
        for (s, _, _), amount in self.inputs.pools.items():
            totals[s] = totals.get(s, 0.0) + amount
        rows = []
        for s, total in sorted(totals.items()):
            self._set_in_memory({f"budget.{s}": 1 + MARGINAL_STEP})
            up = self._solver.solve()
            extra = total * MARGINAL_STEP
            ok = up.has_solution and base.has_solution
            gain = round(up.objective - base.objective, 9) if ok else np.nan
            error = _abs_gap(base) + _abs_gap(up) if ok else np.nan
            rows.append(
                {
                    "source_id": s,
                    "plan_budget_wan": total,
                    "extra_wan": extra,
                    "score_gain": gain,
                    "score_per_10000wan": gain / extra * 1e4 if extra else np.nan,
                    "error_bound": error / extra * 1e4 if extra else np.nan,
                    "method": METHOD,
                }
            )
        self._set_in_memory({})
        self._solver.mip_gap = self.scenario.solver.mip_gap
        return pd.DataFrame(rows)


def solve_chunk(
    scenario: Scenario, params: list[SweepParam], combos: list[tuple[float, ...]]
) -> list[dict]:
    """A worker's share of a sweep (module level, so worker processes can import it)."""
    return Sweep(scenario, params).solve_combos(combos)


def _abs_gap(outcome: SolveOutcome) -> float:
    if outcome.objective is None or outcome.bound is None:
        return np.nan
    return abs(outcome.bound - outcome.objective)
