"""Scenarios: a TOML file, or an input workbook's scenario sheet, names a data set and
overrides rules, budgets and objective.

A TOML scenario may `extends = "other.toml"`; the child is deep-merged over its parent
before validation. Paths are relative to the file that names them. An input workbook is
its own data set, and its optional scenario sheet (情景) holds key / item / value rows.
Unknown keys are errors; every number must be finite and within its bound (README,
Scenarios); ids are NFKC-normalised like the tables' ids; only an allow-list of HiGHS
options can be set.
"""

from __future__ import annotations

import math
import tomllib
import types
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.files import read_input
from optimizer.io.load import EXCEL_SUFFIXES, ROW, RawTable, load_scenario_sheet
from optimizer.io.schema import (
    MAX_COUNT,
    MAX_YEARS,
    OBJECTIVE_SENSES,
    SCENARIO_TABLE,
    WILDCARD,
    ScenarioRow,
    near_miss,
    normalise,
)
from optimizer.io.validate import invisible_character, parse_bool, parse_number
from optimizer.labels import LABELS, LANGS, Lang, label

# Bounds of a scenario's numbers (README, Scenarios); the tables' are in io/schema.py.
MAX_SECONDS = 7 * 24 * 3600.0  # a time limit: a week
MAX_SCALE = 1000.0  # a budget or debt-limit multiplier, a coverage ratio
MAX_WEIGHT = 1e6  # an objective or indicator weight
MAX_VALUE = 1e15  # an indicator floor or an objective's nadir, in its own unit
MAX_OVERRUN = 10.0  # a relative cost overrun (+1000 %) or its standard deviation
MAX_THREADS = 1024
MAX_POINTS = 1000  # pareto: grid points per objective
MAX_STEPS = 1_000_000  # pareto: grid steps per integer objective
MAX_SAMPLES = 100_000  # stress samples
MAX_SEED = 2**32 - 1

Share = Annotated[float, Field(ge=0, le=1)]
Scale = Annotated[float, Field(ge=0, le=MAX_SCALE)]
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT)]
Value = Annotated[float, Field(ge=-MAX_VALUE, le=MAX_VALUE)]
Seconds = Annotated[float, Field(gt=0, le=MAX_SECONDS)]
Overrun = Annotated[float, Field(ge=0, le=MAX_OVERRUN)]

# HiGHS options a scenario may set (`[solver] highs`): search and tolerance settings that
# write nothing. Files, logs and output (solution_file, log_file, write_*…) are refused, and
# so are the options the scenario's own keys set (time_limit, threads, mip_rel_gap).
HIGHS_ALLOWED = frozenset(
    {
        "presolve",
        "parallel",
        "random_seed",
        "primal_feasibility_tolerance",
        "dual_feasibility_tolerance",
        "optimality_tolerance",
        "simplex_strategy",
        "simplex_scale_strategy",
        "simplex_dual_edge_weight_strategy",
        "simplex_primal_edge_weight_strategy",
        "mip_feasibility_tolerance",
        "mip_abs_gap",
        "mip_detect_symmetry",
        "mip_allow_restart",
        "mip_max_nodes",
        "mip_max_stall_nodes",
        "mip_max_leaves",
        "mip_max_start_nodes",
        "mip_root_presolve_only",
        "mip_lifting_for_probing",
        "mip_lp_age_limit",
        "mip_pool_age_limit",
        "mip_pool_soft_limit",
        "mip_pscost_minreliable",
        "mip_min_cliquetable_entries_for_parallelism",
        "mip_heuristic_effort",
        "mip_heuristic_run_feasibility_jump",
        "mip_heuristic_run_rins",
        "mip_heuristic_run_rens",
        "mip_heuristic_run_root_reduced_cost",
        "mip_heuristic_run_zi_round",
        "mip_heuristic_run_shifting",
        "mip_allow_cut_separation_at_nodes",
    }
)
HIGHS_OWN_KEYS = {"time_limit": "time_limit", "threads": "threads", "mip_rel_gap": "mip_gap"}
_WRITES = ("file", "log", "write", "output", "print", "report")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SolverConfig(_Strict):
    """HiGHS settings."""

    time_limit: Seconds = Field(60.0, description="seconds for the main solve")
    mip_gap: float = Field(1e-3, ge=0, lt=1, description="relative MIP gap to stop at")
    threads: int | None = Field(None, ge=1, le=MAX_THREADS)
    explain: bool = Field(True, description="re-solve to explain unfunded projects")
    explain_time_limit: Seconds = Field(60.0, description="seconds for all explanations")
    highs: dict[str, bool | int | float | str] = Field(
        default_factory=dict,
        description="HiGHS options of the allow-list (HIGHS_ALLOWED), e.g. "
        "{ mip_heuristic_effort = 0.3 }; types and ranges are checked against HiGHS",
    )

    @field_validator("highs")
    @classmethod
    def _allowed_options(cls, options: dict[str, object]) -> dict[str, object]:
        for name in options:
            if name in HIGHS_ALLOWED:
                continue
            if name in HIGHS_OWN_KEYS:
                why = f"set it as [solver] {HIGHS_OWN_KEYS[name]}"
            elif any(word in name for word in _WRITES):
                why = "a scenario cannot make HiGHS write or print anything"
            else:
                guess = near_miss(name, {normalise(n): n for n in HIGHS_ALLOWED})
                why = f"did you mean {guess!r}?" if guess else "it is not on the allow-list"
            raise ValueError(
                f"HiGHS option {name!r} cannot be set from a scenario: {why} "
                "(README, Scenarios: HiGHS options)"
            )
        return options


class ObjectiveConfig(_Strict):
    """What to maximise: weighted indicator gains, each divided by its gap to target."""

    kind: Literal["gain", "shortfall"] = Field(
        "gain",
        description="gain: every unit of progress counts; shortfall: progress beyond the "
        "target earns nothing (minimises the weighted shortfall against targets)",
    )
    weights: dict[str, Weight] = Field(default_factory=dict, description="indicator -> weight")
    default_weight: Weight = 1.0
    cost_tiebreak: float = Field(
        1e-4,
        ge=0,
        le=1,
        description="score lost if every candidate's full cost were spent; prefers cheaper "
        "ties (scaled by the candidates' cost, not the budget, so budget what-ifs do not move "
        "it)",
    )


class BudgetConfig(_Strict):
    """Budget scaling: `scale` for every source, `sources` per source (0 switches it off)."""

    scale: Scale = 1.0
    sources: dict[str, Scale] = Field(default_factory=dict)
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
    max_carry_years: int = Field(2, ge=0, le=MAX_YEARS)
    region_min_share: float | None = Field(None, ge=0, le=1, description="each region at least")
    region_max_share: float | None = Field(None, ge=0, le=1, description="each region at most")
    indicator_floors: dict[str, Value] = Field(
        default_factory=dict, description="indicator -> value it must reach by plan end"
    )
    force_projects: list[str] = Field(default_factory=list)
    exclude_projects: list[str] = Field(default_factory=list)
    max_starts_per_region_year: int | None = Field(None, ge=0, le=MAX_COUNT)
    # fiscal sustainability (issue 12): off by default, so existing results do not change
    debt_service: bool = Field(
        False, description="debt service due in plan years is paid from the repaying source"
    )
    debt_ceiling: bool = Field(False, description="new / outstanding debt within debt_limits")
    bond_self_balance: bool = Field(
        False, description="a project's own income covers the service of its self-balancing debt"
    )
    om_costs: bool = Field(
        False, description="O&M from the year after completion is paid from the general budget"
    )
    people_land_money: bool = Field(
        False, description="people settled unlock land quota and reward transfers (人地钱挂钩)"
    )


# Annual O&M as a share of cost when a project's om_wan is blank (public and quasi-public
# projects; commercial ones are run by enterprises, 004 L559). Synthetic: data/README.md.
DEFAULT_OM_SHARE = {
    "road": 0.02,
    "park_green": 0.04,
    "utility_tunnel": 0.015,
    "water_sewage": 0.03,
    "heating_gas": 0.02,
    "school": 0.02,
    "elderly_care": 0.03,
    "old_community": 0.01,
    WILDCARD: 0.02,
}


class FiscalConfig(_Strict):
    """Debt terms (over the sources table), the coverage ratio, the general budget's id,
    O&M shares and the 人地钱挂钩 rates; see README, Fiscal sustainability."""

    interest_rate: dict[str, Share] = Field(
        default_factory=dict, description="source -> annual interest rate (overrides sources)"
    )
    term_years: dict[str, Annotated[int, Field(ge=1, le=MAX_YEARS)]] = Field(
        default_factory=dict, description="source -> term"
    )
    grace_years: dict[str, Annotated[int, Field(ge=0, le=MAX_YEARS - 1)]] = Field(
        default_factory=dict, description="source -> interest-only years"
    )
    repaid_from: dict[str, str] = Field(
        default_factory=dict, description="debt source -> the source that pays its service"
    )
    coverage_ratio: float = Field(
        1.1,
        gt=0,
        le=MAX_SCALE,
        description="project income over the term / bond service it must cover",
    )
    debt_limit_scale: Scale = Field(1.0, description="every debt ceiling × this")
    general_budget: str = Field(
        "general_budget", description="source id that pays O&M and receives reward transfers"
    )
    om_share: dict[str, Share] = Field(
        default_factory=dict,
        description="category (or *) -> annual O&M share of cost, over DEFAULT_OM_SHARE",
    )
    land_mu_per_1000: float = Field(
        150.0, ge=0, le=1e4, description="亩 of land quota per 1,000 people settled"
    )
    reward_wan_per_person: float = Field(
        0.2, ge=0, le=1e3, description="万元 of reward transfer per person settled"
    )


class MultiObjectiveConfig(_Strict):
    """Objectives and the method that trades them off (see README, Multi-objective)."""

    method: Literal["single", "weighted", "lexicographic", "goal"] = Field(
        "single",
        description="single: [objective]; weighted: Σ w_k·f_k/range_k; lexicographic: in "
        "order, each within `tolerance`; goal: minimise weighted shortfall below targets",
    )
    objectives: list[str] = Field(
        default_factory=lambda: ["score"],
        min_length=1,
        description="score, cost, land, projects, balance, debt, debt_service, om, "
        "recurring_burden, gain:<indicator>, group:<name>",
    )
    weights: list[Weight] = Field(default_factory=list, description="weighted: one per objective")
    tolerance: float = Field(0.0, ge=0, lt=1, description="lexicographic: relative slack")
    groups: dict[str, list[str]] = Field(default_factory=dict, description="name -> indicators")
    front: Literal["augmecon", "weighted"] = Field(
        "augmecon", description="pareto: AUGMECON-R (ε-constraint grid) or a weighted-sum sweep"
    )
    points: int = Field(
        11,
        ge=2,
        le=MAX_POINTS,
        description="pareto: points spread over the payoff range of every objective after "
        "the first (2 objectives: a front of up to this many points)",
    )
    exact: bool = Field(
        False,
        description="pareto: every non-dominated point (integer objectives stepped by 1) "
        "instead of `points` spread points",
    )
    max_steps: int | None = Field(
        None,
        ge=1,
        le=MAX_STEPS,
        description="pareto, exact: at most this many grid steps per integer objective (coarser "
        "steps, front then not exact); none = step by 1",
    )
    nadir: dict[str, Value] = Field(
        default_factory=dict,
        description="pareto: objective -> its worst acceptable value (own unit and sense); "
        "the front is searched only where every objective is at least that good",
    )
    total_time_limit: Seconds = Field(600.0, description="pareto: seconds for the front")
    point_time_limit: Seconds = Field(30.0, description="pareto: seconds per point")

    @model_validator(mode="after")
    def _weights_match(self) -> MultiObjectiveConfig:
        if self.weights and len(self.weights) != len(self.objectives):
            raise ValueError("multiobjective.weights needs one weight per objective")
        if self.max_steps is not None and not self.exact:
            raise ValueError("multiobjective.max_steps caps an exact front's steps: set exact")
        if any(not name.strip() for name in self.objectives):
            raise ValueError("multiobjective.objectives has an empty name")
        if len(set(self.objectives)) != len(self.objectives):
            raise ValueError("multiobjective.objectives lists an objective twice")
        for name in self.nadir:
            if name not in self.objectives:
                raise ValueError(
                    f"nadir names {name!r}, which is not one of the objectives "
                    f"({', '.join(self.objectives)})"
                )
        return self


# Cost-overrun priors for `stress`: mean and standard deviation of (actual / estimated
# cost − 1). Flyvbjerg, Holm & Buhl, "How common and how large are cost overruns in
# transport infrastructure projects?", Transport Reviews 23(1), 2003, 258 projects in 20
# nations: roads 20.4 % (SD 29.9), fixed links (tunnels and bridges) 33.8 % (SD 62.4); all
# types 28 % (SD 39) in "Underestimating costs in public works projects: error or lie?",
# JAPA 68(3), 2002. Categories they did not study get the all-types figure: an assumption.
OVERRUN_PRIORS: dict[str, tuple[float, float, str]] = {
    "road": (0.204, 0.299, "Flyvbjerg et al. 2003: roads, 167 projects"),
    "utility_tunnel": (
        0.338,
        0.624,
        "Flyvbjerg et al. 2003: fixed links (tunnels and bridges), 33 projects; "
        "a utility tunnel taken as a tunnel (assumption)",
    ),
}
DEFAULT_OVERRUN = (
    0.28,
    0.39,
    "assumption: Flyvbjerg et al. 2002, all 258 transport projects, for a category not studied",
)


class RobustConfig(_Strict):
    """Bertsimas–Sim robust budgets (`solve --robust GAMMA`): in each budget pool at most
    `gamma` projects overrun their cost by their category's δ, and the plan stays funded."""

    gamma: float | None = Field(
        None,
        ge=0,
        le=MAX_COUNT,
        description="projects per budget pool that may overrun at once; none = off",
    )
    overrun: Overrun = Field(0.15, description="δ: an overrunning project costs this more")
    overruns: dict[str, Overrun] = Field(default_factory=dict, description="category -> its δ")

    def delta(self, category: str) -> float:
        """The relative overrun δ of a project of `category`."""
        return self.overruns.get(category, self.overrun)


class StressConfig(_Strict):
    """`stress`: each funded project's cost × a lognormal ratio whose mean overrun and
    standard deviation are its category's; optional budget shortfalls per source."""

    samples: int = Field(200, ge=1, le=MAX_SAMPLES, description="samples drawn")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="the same seed draws the same samples")
    overrun_mean: dict[str, Annotated[float, Field(gt=-1, le=MAX_OVERRUN)]] = Field(
        default_factory=dict,
        description="category -> mean overrun (0.2 = +20 %); else OVERRUN_PRIORS, then "
        "default_overrun_mean",
    )
    overrun_sd: dict[str, Overrun] = Field(
        default_factory=dict, description="category -> standard deviation of the overrun"
    )
    default_overrun_mean: float = Field(DEFAULT_OVERRUN[0], gt=-1, le=MAX_OVERRUN)
    default_overrun_sd: Overrun = DEFAULT_OVERRUN[1]
    shortfall: dict[str, Share] = Field(
        default_factory=dict,
        description="source -> largest share of a year's budget that may not arrive "
        "(drawn uniformly per source and year)",
    )

    def overrun(self, category: str) -> tuple[float, float, str]:
        """(mean, standard deviation, where the numbers come from) for `category`."""
        prior = OVERRUN_PRIORS.get(category, DEFAULT_OVERRUN)
        if category not in OVERRUN_PRIORS:
            prior = (self.default_overrun_mean, self.default_overrun_sd, prior[2])
        mean = self.overrun_mean.get(category, prior[0])
        sd = self.overrun_sd.get(category, prior[1])
        given = category in self.overrun_mean or category in self.overrun_sd
        return mean, sd, "scenario [stress]" if given else prior[2]


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
    fiscal: FiscalConfig = FiscalConfig()
    robust: RobustConfig = RobustConfig()
    stress: StressConfig = StressConfig()
    path: Path | None = Field(None, exclude=True)
    # dotted key -> (sheet label, row) where a workbook's scenario sheet set it
    _origins: dict[str, tuple[str, int]] = PrivateAttr(default_factory=dict)

    def issue(self, key: str, message: str, at: str | None = None) -> Issue:
        """An issue about scenario key `key`, located in its file (and the sheet row that
        set `at`, a more specific key such as `objective.weights.old_communities`)."""
        for prefix in _prefixes(at or key):
            if prefix in self._origins:
                sheet, row = self._origins[prefix]
                return Issue(sheet, message, row, key, field="key")
        return Issue(str(self.path or self.name), message, column=key, field="key")

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
    try:
        text = read_input(path).decode("utf-8-sig")  # Notepad saves UTF-8 with a BOM
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise InputError([Issue(str(path), "scenario file not found")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(path), f"invalid TOML: {exc}")]) from exc
    if path.resolve() in chain:
        raise InputError([Issue(str(path), "scenario 'extends' chain loops back to this file")])
    if isinstance(raw.get("data"), str):
        raw["data"] = str(_absolute(path.parent / raw["data"]))
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    base = _read_toml(path.parent / str(parent), (*chain, path.resolve()))
    base.pop("name", None)
    base.pop("description", None)
    return deep_merge(base, raw)


def _absolute(path: Path) -> Path:
    """`path` resolved; as it is written (made absolute) when it cannot be resolved (a
    link loop, a NUL byte): reading it then says why."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def load_scenario(path: Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a scenario: a TOML file (following `extends`) or an input workbook (its
    scenario sheet, if any, over the defaults; the workbook is the data). CLI overrides
    are applied last, then everything is validated."""
    origins: dict[str, tuple[str, int]] = {}
    if path.suffix.lower() in EXCEL_SUFFIXES:
        raw = scenario_from_sheet(load_scenario_sheet(path), origins)
        raw["data"] = str(path.resolve())
    else:
        raw = _read_toml(path)
    raw = deep_merge(raw, overrides or {})
    raw.setdefault("name", path.stem)
    try:
        scenario = Scenario.model_validate(normalise_ids(raw, str(path)))
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            where = _origin(key, err["msg"], origins)
            if where:
                issues.append(Issue(where[0], error_message(err), where[1], key, field="key"))
            else:
                issues.append(Issue(str(path), error_message(err), column=key or None, field="key"))
        raise InputError(issues) from None
    scenario = scenario.model_copy(update={"path": path})
    scenario._origins.update(origins)
    return scenario


_BOUND_WORDS = {
    "greater_than_equal": ">=",
    "greater_than": ">",
    "less_than_equal": "<=",
    "less_than": "<",
}


def error_message(err: Any) -> str:
    """pydantic's message, or for a bound: 'must be <= 50, got 100000000'."""
    word = _BOUND_WORDS.get(err["type"])
    if word is None:
        return err["msg"]
    limit = next(iter(err["ctx"].values()))
    shown = f"{limit:,}" if isinstance(limit, int) or float(limit).is_integer() else f"{limit}"
    return f"must be {word} {shown.removesuffix('.0')}, got {err['input']}"


# scenario keys whose dict keys (or list items) name ids of the data
ID_KEYS = (
    ("objective", "weights"),
    ("budget", "sources"),
    ("rules", "indicator_floors"),
    ("rules", "force_projects"),
    ("rules", "exclude_projects"),
    ("fiscal", "interest_rate"),
    ("fiscal", "term_years"),
    ("fiscal", "grace_years"),
    ("fiscal", "repaid_from"),
    ("stress", "shortfall"),
)


def normalise_ids(raw: dict[str, Any], label: str) -> dict[str, Any]:
    """The scenario dict with the ids it names NFKC-normalised, as the tables' ids are
    (a full-width ｇｂ is gb); two spellings of one id in one table (of the scenario file
    `label`) are refused."""
    out = dict(raw)
    for section, key in ID_KEYS:
        table = out.get(section)
        if not isinstance(table, dict) or key not in table:
            continue
        value = table[key]
        if isinstance(value, dict):
            value = _normalised_keys(value, label, f"{section}.{key}")
        elif isinstance(value, list):
            value = [_nfkc(v) for v in value]
        out[section] = {**table, key: value}
    return out


def _nfkc(value: Any) -> Any:
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def _normalised_keys(table: dict[str, Any], label: str, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in table.items():
        item = _nfkc(name)
        if item in out:
            problem = f"names {item!r} twice (once as {name!r})"
            raise InputError([Issue(label, problem, column=key, field="key")])
        out[item] = value
    return out


def _origin(key: str, message: str, origins: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """Where the sheet set `key`: itself or a key above it, else the row of a key below it
    that the message names (an option of solver.highs)."""
    above = next((origins[k] for k in _prefixes(key) if k in origins), None)
    below = [k for k in origins if k.startswith(f"{key}.")]
    named = [k for k in below if repr(k.rsplit(".", 1)[1]) in message]
    return above or next((origins[k] for k in named or below), None)


def _prefixes(key: str) -> list[str]:
    """'a.b.c' -> ['a.b.c', 'a.b', 'a']: the most specific origin first."""
    parts = key.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


@dataclass(frozen=True, slots=True)
class SheetKey:
    """A key the scenario sheet accepts: its dotted path, the kind of its values, whether a
    row names an item (a source, indicator or project id) and whether it holds a list."""

    path: str
    kind: Literal["number", "bool", "text", "any"]  # any: a number, else 是/否, else text
    item: bool = False
    many: bool = False
    words: tuple[str, ...] = ()  # the values a text key allows (a Literal)


def sheet_keys(model: type[BaseModel] = Scenario, prefix: str = "") -> dict[str, SheetKey]:
    """Every scenario key a sheet row can set, read from the scenario's pydantic models."""
    keys: dict[str, SheetKey] = {}
    for name, info in model.model_fields.items():
        if name in ("data", "path"):
            continue
        path = f"{prefix}{name}"
        annotation = _without_none(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys |= sheet_keys(annotation, f"{path}.")
            continue
        item = get_origin(annotation) is dict
        if item:
            annotation = _without_none(get_args(annotation)[1])
        many = get_origin(annotation) is list
        if many:
            annotation = get_args(annotation)[0]
        keys[path] = SheetKey(path, _kind(annotation), item, many, _words(annotation))
    return keys


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _without_none(annotation: Any) -> Any:
    """The type itself: without None, and without the bounds of an Annotated type (a union
    of several types stays one)."""
    if _is_union(annotation):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        annotation = kinds[0] if len(kinds) == 1 else annotation
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _kind(annotation: Any) -> Literal["number", "bool", "text", "any"]:
    if _is_union(annotation):
        return "any"  # HiGHS option values: bool | int | float | str
    if annotation is bool:
        return "bool"
    return "number" if annotation in (int, float) else "text"


def _words(annotation: Any) -> tuple[str, ...]:
    return tuple(get_args(annotation)) if get_origin(annotation) is Literal else ()


def _key_words() -> dict[str, str]:
    """Normalised dotted key or label (Chinese or English) -> dotted key."""
    words = {normalise(k): k for k in sheet_keys()}
    for key in LABELS:
        if key.startswith("input.scenario."):
            path = key.removeprefix("input.scenario.")
            words |= {normalise(label(key, lang)): path for lang in LANGS}
    return words


def scenario_from_sheet(sheet: RawTable, origins: dict[str, tuple[str, int]]) -> dict[str, Any]:
    """The scenario dict of a workbook's scenario sheet; `origins` gets each key's row."""
    if not sheet.present:
        return {}
    absent = [c for c in ("key", "value") if c not in sheet.frame.columns]
    if absent:
        raise InputError(
            [
                Issue(sheet.label, f"missing column '{c}' ({SCENARIO_TABLE.header(c, 'zh')})")
                for c in absent
            ]
        )
    keys, words = sheet_keys(), _key_words()
    raw: dict[str, Any] = {}
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for rec in sheet.frame.to_dict("records"):
        row, text, item = rec[ROW], rec["value"], _nfkc(rec.get("item", ""))
        problem = next(filter(None, map(invisible_character, (rec["key"], item, text))), None)
        path = words.get(normalise(rec["key"]))
        if problem is None and path is None:
            guess = near_miss(rec["key"], words)
            hint = f": did you mean '{guess}'?" if guess else " (see the guide sheet)"
            problem = f"unknown scenario key {rec['key']!r}{hint}"
        if problem is not None:
            issues.append(Issue(sheet.label, problem, row, sheet.shown("key")))
            continue
        if text == "":
            continue  # a blank value keeps the default
        key = keys[path]
        try:
            value = _sheet_value(key, item, text)
        except ValueError as exc:
            issues.append(Issue(sheet.label, str(exc), row, sheet.shown("value")))
            continue
        parts = [*path.split("."), item] if key.item else path.split(".")
        dotted = ".".join(parts)
        if dotted in seen:
            first = seen[dotted]
            issues.append(Issue(sheet.label, f"{dotted} is set twice (first on row {first})", row))
            continue
        seen[dotted] = row
        origins[dotted] = (sheet.label, row)
        node = raw
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if issues:
        raise InputError(issues)
    return raw


def _sheet_value(key: SheetKey, item: str, text: str) -> Any:
    """A cell's value for `key`: a list is separated by ';' (or ',', '、')."""
    if key.item and not item:
        raise ValueError(f"{key.path} needs an id in the item column (对象)")
    if not key.item and item:
        raise ValueError(f"{key.path} takes no item (对象), got {item!r}")
    if key.many:
        parts = text.replace("、", ";").replace(",", ";").split(";")
        return [_scalar(key, p.strip()) for p in parts if p.strip()]
    return _scalar(key, text)


def _scalar(key: SheetKey, text: str) -> Any:
    if key.kind == "number":
        return parse_number(text, percent=True)
    if key.kind == "bool":
        return parse_bool(text)
    if key.kind == "any":
        return _any_value(text)
    words = {
        normalise(label(f"input.value.{w}", lang)): w
        for w in key.words
        if f"input.value.{w}" in LABELS
        for lang in LANGS
    }
    return words.get(normalise(text), text)


def _any_value(text: str) -> Any:
    """A whole number, a number, 是/否, else the text itself."""
    try:
        number = parse_number(text)
    except ValueError:
        try:
            return parse_bool(text)
        except ValueError:
            return text
    return int(number) if number.is_integer() and "." not in text else number


def scenario_sheet_rows(scenario: Scenario, lang: Lang) -> list[ScenarioRow]:
    """The scenario as scenario-sheet rows: every labelled key with its value (a row per
    item for per-source / per-indicator keys; one blank row when there is none)."""
    keys = sheet_keys()
    rows: list[ScenarioRow] = []
    for key in LABELS:
        if not key.startswith("input.scenario."):
            continue
        path = key.removeprefix("input.scenario.")
        value: Any = scenario
        for part in path.split("."):
            value = getattr(value, part)
        items = value.items() if keys[path].item else [("", value)]
        for item, v in items or [("", None)]:
            rows.append((label(key, lang), item, _cell(keys[path], v, lang), path))
    return rows


def _cell(key: SheetKey, value: Any, lang: Lang) -> object:
    """A scenario value as a sheet cell: 是/否, a Chinese word for a choice, a list joined."""
    if value is None:
        return None
    if key.many:
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return label(f"input.value.{str(value).lower()}", lang)
    if key.words and f"input.value.{value}" in LABELS:
        return label(f"input.value.{value}", lang)
    return value


def check_scenario_against_data(scenario: Scenario, data: InputData) -> None:
    """Names in the scenario must exist in the data (indicators, sources, projects), and
    the projects that must be funded cannot be alternatives of one exclusion group."""
    indicators = set(data.indicators["indicator_id"])
    sources = set(data.sources["source_id"])
    projects = set(data.projects["project_id"])
    categories = set(data.projects["category"])
    checks = [
        ("objective.weights", scenario.objective.weights, indicators, "indicator"),
        ("budget.sources", scenario.budget.sources, sources, "source"),
        ("rules.indicator_floors", scenario.rules.indicator_floors, indicators, "indicator"),
        ("rules.force_projects", scenario.rules.force_projects, projects, "project"),
        ("rules.exclude_projects", scenario.rules.exclude_projects, projects, "project"),
        ("robust.overruns", scenario.robust.overruns, categories, "category"),
        ("stress.overrun_mean", scenario.stress.overrun_mean, categories, "category"),
        ("stress.overrun_sd", scenario.stress.overrun_sd, categories, "category"),
        ("stress.shortfall", scenario.stress.shortfall, sources, "source"),
    ]
    issues = [
        scenario.issue(key, f"unknown {what} {name!r}", at=f"{key}.{name}")
        for key, names, known, what in checks
        for name in names
        if name not in known
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
                scenario.issue("multiobjective.objectives", f"unknown objective {name!r}")
            )
    issues += [
        scenario.issue(f"multiobjective.groups.{g}", f"unknown indicator {i!r}")
        for g, members in mo.groups.items()
        for i in members
        if i not in indicators
    ]
    both = set(scenario.rules.force_projects) & set(scenario.rules.exclude_projects)
    issues += [
        scenario.issue("rules", f"project {p!r} is both forced and excluded") for p in sorted(both)
    ]
    issues += _mandatory_alternatives(scenario, data)
    issues += _fiscal_issues(scenario, data)
    issues += _durations_beyond_plan(scenario, data)
    if issues:
        raise InputError(issues)


DEBT_KEYS = ("interest_rate", "term_years", "grace_years", "repaid_from")  # [fiscal] overrides


def blank(value: object) -> bool:
    """An empty cell: None, '' or NaN."""
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def debt_terms(scenario: Scenario, data: InputData) -> dict[str, dict[str, Any]]:
    """source -> its debt columns (interest_rate, term_years, grace_years, repaid_from,
    self_balance) from the sources table with the [fiscal] overrides; a source with a term
    is debt. `check_scenario_against_data` refuses incomplete terms."""
    fiscal = scenario.fiscal
    columns = (*DEBT_KEYS, "self_balance")
    terms = {r["source_id"]: {c: r[c] for c in columns} for r in data.sources.to_dict("records")}
    for key in DEBT_KEYS:
        for s, value in getattr(fiscal, key).items():
            if s in terms:
                terms[s][key] = value
    return terms


def _fiscal_issues(scenario: Scenario, data: InputData) -> list[Issue]:
    """[fiscal] names known sources and categories; each debt source's merged terms are
    complete (a rate and a term, grace shorter than the term, repaid by a non-debt source);
    the general budget exists when a rule charges or credits it."""
    fiscal, rules = scenario.fiscal, scenario.rules
    sources = set(data.sources["source_id"])
    issues = [
        scenario.issue(f"fiscal.{key}", f"unknown source {s!r}", at=f"fiscal.{key}.{s}")
        for key in DEBT_KEYS
        for s in getattr(fiscal, key)
        if s not in sources
    ]
    categories = {*data.projects["category"], WILDCARD}
    issues += [
        scenario.issue("fiscal.om_share", f"unknown category {c!r}", at=f"fiscal.om_share.{c}")
        for c in fiscal.om_share
        if c not in categories
    ]
    needs_budget = rules.om_costs or rules.people_land_money
    if needs_budget and fiscal.general_budget not in sources:
        issues.append(
            scenario.issue(
                "fiscal.general_budget",
                f"unknown source {fiscal.general_budget!r}: name the general budget's source id "
                "(rules.om_costs and rules.people_land_money charge or credit it)",
            )
        )
    terms = debt_terms(scenario, data)
    debt = {s for s, t in terms.items() if not blank(t["term_years"])}
    for s, t in terms.items():
        overrides = [k for k in DEBT_KEYS if s in getattr(fiscal, k)]
        at = f"fiscal.{overrides[0]}.{s}" if overrides else None
        problems = []
        if blank(t["term_years"]):
            if not blank(t["interest_rate"]) or overrides:
                problems.append(f"debt source {s!r} needs term_years")
        else:
            if blank(t["interest_rate"]):
                problems.append(f"debt source {s!r} needs an interest_rate")
            if not blank(t["grace_years"]) and t["grace_years"] >= t["term_years"]:
                problems.append(
                    f"grace years of {s!r} ({t['grace_years']:g}) must be shorter than its "
                    f"term ({t['term_years']:g})"
                )
            payer = t["repaid_from"]
            if payer and (payer not in sources or payer in debt):
                why = "is a debt source itself" if payer in debt else "is not a source"
                problems.append(f"{s!r} is repaid from {payer!r}, which {why}")
        issues += [scenario.issue("fiscal", problem, at) for problem in problems]
    return issues


def _durations_beyond_plan(scenario: Scenario, data: InputData) -> list[Issue]:
    """A project must fit in the plan's years plus `rules.max_carry_years`: one that
    cannot finish even then is a typo (40 for 4), not a candidate."""
    longest = len(data.years) + scenario.rules.max_carry_years
    return [
        Issue(
            data.labels["projects"],
            f"duration {d} years is longer than the plan's {len(data.years)} years plus "
            f"rules.max_carry_years ({scenario.rules.max_carry_years})",
            int(row),
            "duration_years",
        )
        for d, row in zip(data.projects["duration_years"], data.projects[ROW], strict=True)
        if d > longest
    ]


def _mandatory_alternatives(scenario: Scenario, data: InputData) -> list[Issue]:
    """Two projects that must both be funded in one exclusion group: never feasible."""
    rules = scenario.rules
    if not rules.exclusions:
        return []
    mandatory = (
        set(data.projects.loc[data.projects["mandatory"], "project_id"])
        if rules.mandatory
        else set()
    )
    must = mandatory | set(rules.force_projects)
    issues = []
    for group, members in data.exclusions.groupby("group_id", sort=False):
        required = members[members["project_id"].isin(must)]
        if len(required) < 2:
            continue
        names = [
            f"{p} ({'mandatory' if p in mandatory else 'forced by the scenario'})"
            for p in required["project_id"]
        ]
        issues.append(
            Issue(
                data.labels["exclusions"],
                f"exclusion group {group!r} allows one project, but {' and '.join(names)} "
                "must all be funded",
                int(required[ROW].iloc[-1]),
                "project_id",
            )
        )
    return issues
