"""Scenario files: a TOML file names a data set and overrides rules, budgets and objective.

A scenario may `extends = "other.toml"`; the child is deep-merged over its parent before
validation. Unknown keys are errors. Paths are relative to the file that names them.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.schema import OBJECTIVE_SENSES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SolverConfig(_Strict):
    """HiGHS settings."""

    time_limit: float = Field(60.0, gt=0, description="seconds for the main solve")
    mip_gap: float = Field(1e-3, ge=0, lt=1, description="relative MIP gap to stop at")
    threads: int | None = Field(None, ge=1)
    explain: bool = Field(True, description="re-solve to explain unfunded projects")
    explain_time_limit: float = Field(60.0, gt=0, description="seconds for all explanations")
    highs: dict[str, bool | int | float | str] = Field(
        default_factory=dict,
        description="HiGHS options passed as they are, e.g. { mip_heuristic_effort = 0.3 }; "
        "names, types and ranges are checked against HiGHS",
    )


class ObjectiveConfig(_Strict):
    """What to maximise: weighted indicator gains, each divided by its gap to target."""

    kind: Literal["gain", "shortfall"] = Field(
        "gain",
        description="gain: every unit of progress counts; shortfall: progress beyond the "
        "target earns nothing (minimises the weighted shortfall against targets)",
    )
    weights: dict[str, float] = Field(default_factory=dict, description="indicator -> weight")
    default_weight: float = Field(1.0, ge=0)
    cost_tiebreak: float = Field(
        1e-4, ge=0, description="score lost per full plan budget spent; prefers cheaper ties"
    )


class BudgetConfig(_Strict):
    """Budget scaling: `scale` for every source, `sources` per source (0 switches it off)."""

    scale: float = Field(1.0, ge=0)
    sources: dict[str, float] = Field(default_factory=dict)
    carry_over: bool | None = Field(
        None, description="override sources.csv: unspent funds roll into the next year"
    )


class RulesConfig(_Strict):
    """Which rule families apply, and planners' extra rules."""

    mandatory: bool = True
    binding_targets: bool = True
    land: bool = True
    equity: bool = True
    dependencies: bool = True
    exclusions: bool = True
    start_limits: bool = True
    allow_carry_over_projects: bool = Field(
        False, description="projects may finish after the plan end (gains then not counted)"
    )
    max_carry_years: int = Field(2, ge=0)
    region_min_share: float | None = Field(None, ge=0, le=1, description="each region at least")
    region_max_share: float | None = Field(None, ge=0, le=1, description="each region at most")
    indicator_floors: dict[str, float] = Field(
        default_factory=dict, description="indicator -> value it must reach by plan end"
    )
    force_projects: list[str] = Field(default_factory=list)
    exclude_projects: list[str] = Field(default_factory=list)
    max_starts_per_region_year: int | None = Field(None, ge=0)


class MultiObjectiveConfig(_Strict):
    """Objectives and the method that trades them off (see README, Multi-objective)."""

    method: Literal["single", "weighted", "lexicographic", "goal"] = Field(
        "single",
        description="single: [objective]; weighted: Σ w_k·f_k/range_k; lexicographic: in "
        "order, each within `tolerance`; goal: minimise weighted shortfall below targets",
    )
    objectives: list[str] = Field(
        default_factory=lambda: ["score"],
        description="score, cost, land, projects, balance, gain:<indicator>, group:<name>",
    )
    weights: list[float] = Field(default_factory=list, description="weighted: one per objective")
    tolerance: float = Field(0.0, ge=0, lt=1, description="lexicographic: relative slack")
    groups: dict[str, list[str]] = Field(default_factory=dict, description="name -> indicators")
    front: Literal["augmecon", "weighted"] = Field(
        "augmecon", description="pareto: AUGMECON-R (exact) or a weighted-sum sweep"
    )
    points: int = Field(
        11, ge=2, description="pareto: grid points per non-integer secondary objective"
    )
    exact: bool = Field(True, description="pareto: step integer objectives by 1 (exact front)")
    max_steps: int | None = Field(
        None,
        ge=1,
        description="pareto: at most this many grid steps per integer objective (coarser "
        "steps, front then not exact); none = step by 1",
    )
    nadir: dict[str, float] = Field(
        default_factory=dict,
        description="pareto: objective -> its worst acceptable value (own unit and sense); "
        "the front is searched only where every objective is at least that good",
    )
    total_time_limit: float = Field(600.0, gt=0, description="pareto: seconds for the front")
    point_time_limit: float = Field(30.0, gt=0, description="pareto: seconds per point")

    @model_validator(mode="after")
    def _weights_match(self) -> MultiObjectiveConfig:
        if self.weights and len(self.weights) != len(self.objectives):
            raise ValueError("multiobjective.weights needs one weight per objective")
        if any(w < 0 for w in self.weights):
            raise ValueError("multiobjective.weights must be >= 0")
        if len(set(self.objectives)) != len(self.objectives):
            raise ValueError("multiobjective.objectives lists an objective twice")
        for name, value in self.nadir.items():
            if name not in self.objectives:
                raise ValueError(
                    f"nadir names {name!r}, which is not one of the objectives "
                    f"({', '.join(self.objectives)})"
                )
            if not math.isfinite(value):
                raise ValueError(f"nadir of {name!r} must be a finite number, got {value}")
        return self


class Scenario(_Strict):
    """A complete, validated scenario."""

    name: str
    description: str = ""
    data: Path
    objective: ObjectiveConfig = ObjectiveConfig()
    solver: SolverConfig = SolverConfig()
    budget: BudgetConfig = BudgetConfig()
    rules: RulesConfig = RulesConfig()
    multiobjective: MultiObjectiveConfig = MultiObjectiveConfig()
    path: Path | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _shares_consistent(self) -> Scenario:
        lo, hi = self.rules.region_min_share, self.rules.region_max_share
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("rules.region_min_share exceeds rules.region_max_share")
        return self


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` merged into `base`, nested tables key by key (neither is changed)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    if not path.is_file():
        raise InputError([Issue(str(path), "scenario file not found")])
    if path.resolve() in chain:
        raise InputError([Issue(str(path), "scenario 'extends' chain loops back to this file")])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(path), f"invalid TOML: {exc}")]) from exc
    if isinstance(raw.get("data"), str):
        raw["data"] = str((path.parent / raw["data"]).resolve())
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    base = _read_toml(path.parent / str(parent), (*chain, path.resolve()))
    base.pop("name", None)
    base.pop("description", None)
    return deep_merge(base, raw)


def load_scenario(path: Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a scenario TOML (following `extends`), apply CLI overrides, and validate it."""
    raw = deep_merge(_read_toml(path), overrides or {})
    raw.setdefault("name", path.stem)
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        issues = [
            Issue(str(path), err["msg"], column=".".join(str(p) for p in err["loc"]), field="key")
            for err in exc.errors()
        ]
        raise InputError(issues) from None
    return scenario.model_copy(update={"path": path})


def check_scenario_against_data(scenario: Scenario, data: InputData) -> None:
    """Names in the scenario must exist in the data (indicators, sources, projects)."""
    label = str(scenario.path or scenario.name)
    indicators = set(data.indicators["indicator_id"])
    sources = set(data.sources["source_id"])
    projects = set(data.projects["project_id"])
    checks = [
        ("objective.weights", scenario.objective.weights, indicators, "indicator"),
        ("budget.sources", scenario.budget.sources, sources, "source"),
        ("rules.indicator_floors", scenario.rules.indicator_floors, indicators, "indicator"),
        ("rules.force_projects", scenario.rules.force_projects, projects, "project"),
        ("rules.exclude_projects", scenario.rules.exclude_projects, projects, "project"),
    ]
    issues = [
        Issue(label, f"unknown {what} {name!r}", column=key, field="key")
        for key, names, known, what in checks
        for name in names
        if name not in known
    ]
    issues += [
        Issue(label, f"scale must be >= 0, got {v:g}", column=f"budget.sources.{k}", field="key")
        for k, v in scenario.budget.sources.items()
        if v < 0
    ]
    issues += [
        Issue(
            label, f"weight must be >= 0, got {v:g}", column=f"objective.weights.{k}", field="key"
        )
        for k, v in scenario.objective.weights.items()
        if v < 0
    ]
    mo = scenario.multiobjective
    for name in mo.objectives:
        kind, _, key = name.partition(":")
        ok = (
            name in OBJECTIVE_SENSES
            or (kind == "gain" and key in indicators)
            or (kind == "group" and key in mo.groups)
        )
        if not ok:
            issues.append(
                Issue(
                    label,
                    f"unknown objective {name!r}",
                    column="multiobjective.objectives",
                    field="key",
                )
            )
    issues += [
        Issue(label, f"unknown indicator {i!r}", column=f"multiobjective.groups.{g}", field="key")
        for g, members in mo.groups.items()
        for i in members
        if i not in indicators
    ]
    both = set(scenario.rules.force_projects) & set(scenario.rules.exclude_projects)
    issues += [
        Issue(label, f"project {p!r} is both forced and excluded", column="rules", field="key")
        for p in sorted(both)
    ]
    if issues:
        raise InputError(issues)
