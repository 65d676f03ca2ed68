"""What a front run hands back: points, the reasons it may not be whole, its estimate and
progress, free of Pyomo (picklable, so worker processes can return them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from optimizer.labels import Lang, label
from optimizer.model.objectives import ObjectiveSpec
from optimizer.solve.solver import SolveStatus


@dataclass(frozen=True)
class ParetoPoint:
    """One solution: objective values in their own sense, computed from the portfolio
    (`model/values.py`), and the funded projects' start years.

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


NameOf = Callable[[str, Lang], str]  # an objective's name in a language


def _as_is(name: str, lang: Lang) -> str:
    return name


@dataclass(frozen=True)
class Reason:
    """Why a front may not hold every non-dominated point: label keys with their fields,
    said in either language (English in summary.json and points.csv). The fields `name`
    and `names` hold objective names, said by `name_of`."""

    parts: tuple[tuple[str, dict[str, object]], ...]

    def __add__(self, other: Reason) -> Reason:
        return Reason(self.parts + other.parts)

    def say(self, lang: Lang, name_of: NameOf = _as_is) -> str:
        def named(key: str, value: object) -> object:
            if key == "name":
                return name_of(str(value), lang)
            if key == "names" and isinstance(value, Sequence):
                return label("out.list_sep", lang).join(name_of(str(n), lang) for n in value)
            return value

        return "".join(
            label(key, lang, **{k: named(k, v) for k, v in fields.items()})
            for key, fields in self.parts
        )

    def __str__(self) -> str:
        return self.say("en")


def reason(key: str, **fields: object) -> Reason:
    """A one-part reason `pareto.why.<key>`; a `count` field also gives the English
    plural ending `s`."""
    if "count" in fields:
        fields["s"] = "" if fields["count"] == 1 else "s"
    return Reason(((f"pareto.why.{key}", fields),))


@dataclass(frozen=True)
class GridEstimate:
    """What a grid will cost, said before it starts: its cells, those within the payoff
    table's range (at most one front point each, so at most that many solves with 2
    objectives), and the mean time of the solves so far (payoff table, bounds)."""

    cells: int
    range_cells: int
    answered: int  # cells the payoff table's rows answer (spread grids)
    solves_per_cell: int  # 2 where the first objective is maximised alone first
    solve_seconds: float
    time_limit: float

    @property
    def solves(self) -> int:
        return max(self.range_cells - self.answered, 0) * self.solves_per_cell

    @property
    def seconds(self) -> float:
        return self.solves * self.solve_seconds


@dataclass
class SliceResult:
    """What one sweep over (part of) the grid found (picklable)."""

    points: list[ParetoPoint] = field(default_factory=list)
    solves: int = 0
    infeasible: int = 0
    unresolved: int = 0  # cells with no answer (a point time limit before any solution)
    unproven: int = 0  # solves whose bound did not prove g_1 optimal
    duplicates: int = 0  # solves whose point had been found already
    dominated: int = 0  # points removed as dominated by another
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
    not_exact: list[Reason] = field(default_factory=list)  # why it may not be the whole front
    restricted: list[str] = field(default_factory=list)  # floors the user set (--nadir)
    grid_solves: int = 0
    grid_cells: int = 0  # the whole grid (spread: points^(p−1))
    front_cells: int = 0  # grid cells between the front's worst and best values
    slices: int = 1
    duplicates: int = 0
    dominated: int = 0
    estimate: GridEstimate | None = None
    progress: float = 0.0  # share of the grid done
    indicator_names: dict[str, str] = field(default_factory=dict)  # for gain:<id> objectives

    @property
    def exact(self) -> bool:
        return not self.not_exact

    @property
    def skipped_share(self) -> float:
        """Share of the front's grid cells answered without a solve."""
        return max(0.0, 1.0 - self.grid_solves / self.front_cells) if self.front_cells else 0.0

    @property
    def not_exact_text(self) -> list[str]:
        """The reasons in English (summary.json, points.csv)."""
        return [str(r) for r in self.not_exact]
