"""The bookkeeping of an exact ε-constraint front, free of any solver.

`Archive` keeps the non-dominated points found so far, filtering each new point in O(n).

`FlagGrid` is AUGMECON-R's flag array (Nikas et al. 2022) kept as boxes instead of one
flag per grid cell, so that a grid of 10⁹ cells costs what its boxes cost. Cells are
integer vectors i (dimension 0 = objective 2, the inner loop; the last = objective p, the
outer loop), visited in AUGMECON's loop order. A solve at cell e either
- finds a solution x whose objectives reach cell r ≥ e: x stays optimal for every cell of
  the box [e, r] (their floors are tighter than e's yet x meets them), so the whole box is
  flagged — the slack of *every* constrained objective, not only objective 2; or
- is infeasible: every cell ≥ e (higher floors on all objectives) is infeasible too, so
  the orthant [e, ∞) is flagged (AUGMECON's early exit, on every loop level).
The sweep solves the next unflagged cell in loop order. A slice of the outer loops is
re-examined only where a box that covered the previous slice ends (the jumps of the outer
loops): between two such ends the slices are covered by the same boxes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")


class Archive(Generic[T]):
    """Non-dominated points in the order found; `values` are 'higher is better' vectors.

    A point dominated by, or equal (within `tol`) to, one already kept is refused; a new
    point drops the kept points it dominates. Each insertion is one vectorised pass.
    `duplicates` counts points refused as equal to a kept one, `dominated` the points
    refused or dropped as dominated.
    """

    def __init__(self, dims: int, tol: float = 1e-6) -> None:
        self.tol = tol
        self._values = np.empty((64, dims))
        self._items: list[T | None] = []
        self._alive = np.zeros(64, dtype=bool)
        self.duplicates = 0
        self.dominated = 0

    def __len__(self) -> int:
        return int(self._alive[: len(self._items)].sum())

    def add(self, values: tuple[float, ...] | np.ndarray, item: T) -> bool:
        """Keep `item` if its values are not dominated; returns whether it was kept."""
        g = np.asarray(values, dtype=float)
        n = len(self._items)
        kept = self._values[:n][self._alive[:n]]
        covering = np.all(kept >= g - self.tol, axis=1) if len(kept) else np.zeros(0, bool)
        if covering.any():
            same = np.all(kept[covering] <= g + self.tol, axis=1).any()
            self.duplicates += int(same)
            self.dominated += int(not same)
            return False
        beaten = self._alive[:n] & np.all(self._values[:n] <= g + self.tol, axis=1)
        self._alive[:n][beaten] = False
        self.dominated += int(beaten.sum())
        if n == len(self._values):
            self._values = np.vstack([self._values, np.empty_like(self._values)])
            self._alive = np.concatenate([self._alive, np.zeros_like(self._alive)])
        self._values[n] = g
        self._alive[n] = True
        self._items.append(item)
        return True

    def items(self) -> list[T]:
        """The kept items, in the order they were found."""
        return [item for item, alive in zip(self._items, self._alive, strict=False) if alive]


INFEASIBLE = "infeasible"
SKIP = "skip"  # no answer for this cell (e.g. a time limit): flag it alone and move on
STOP = "stop"  # stop the sweep (e.g. the total time limit)


@dataclass
class _Boxes:
    """Growable arrays of boxes [lo, hi] and orthant corners c, one row per entry."""

    lo: np.ndarray
    hi: np.ndarray
    corners: np.ndarray
    n_boxes: int = 0
    n_corners: int = 0

    @classmethod
    def empty(cls, dims: int) -> _Boxes:
        z = np.zeros((64, dims), dtype=np.int64)
        return cls(z.copy(), z.copy(), z.copy())

    def add_box(self, lo: tuple[int, ...], hi: tuple[int, ...]) -> None:
        if self.n_boxes == len(self.lo):
            self.lo, self.hi = (np.vstack([a, np.zeros_like(a)]) for a in (self.lo, self.hi))
        self.lo[self.n_boxes], self.hi[self.n_boxes] = lo, hi
        self.n_boxes += 1

    def add_corner(self, c: tuple[int, ...]) -> None:
        if self.n_corners == len(self.corners):
            self.corners = np.vstack([self.corners, np.zeros_like(self.corners)])
        self.corners[self.n_corners] = c
        self.n_corners += 1


Visit = tuple[int, ...] | str  # the cell a solution reaches, INFEASIBLE, SKIP or STOP


class FlagGrid:
    """AUGMECON-R's sweep over cells 0 ≤ i < sizes, outer dimension limited to `outer`."""

    def __init__(self, sizes: list[int], outer: tuple[int, int] | None = None) -> None:
        self.sizes = sizes
        self.outer = outer or (0, sizes[-1])
        self.flags = _Boxes.empty(len(sizes))
        self.visited = 0  # cells handed to `visit`
        self.on_step: Callable[[float], None] | None = None  # share done, after each visit

    def flag(self, lo: tuple[int, ...], hi: tuple[int, ...]) -> None:
        """Mark the box [lo, hi] answered before the sweep (a solution found elsewhere
        that is optimal on it)."""
        self.flags.add_box(lo, hi)

    def _done(self, row_end: int, fixed: tuple[int, ...]) -> float:
        """Share of the grid (within `outer`) before cell (row_end, *fixed) in loop order."""
        index = sum(c * math.prod(self.sizes[:d]) for d, c in enumerate((row_end, *fixed)))
        inner = math.prod(self.sizes[:-1])
        low, high = self.outer
        return min(max((index - low * inner) / max((high - low) * inner, 1), 0.0), 1.0)

    def _covering(self, d: int, fixed: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Masks of boxes and corners that contain `fixed` (the values of dims d+1..)."""
        f = self.flags
        lo, hi, c = f.lo[: f.n_boxes], f.hi[: f.n_boxes], f.corners[: f.n_corners]
        if not fixed:
            return np.ones(len(lo), dtype=bool), np.ones(len(c), dtype=bool)
        v = np.asarray(fixed)
        boxes = np.all(lo[:, d + 1 :] <= v, axis=1) & np.all(hi[:, d + 1 :] >= v, axis=1)
        return boxes, np.all(c[:, d + 1 :] <= v, axis=1)

    def _first_open(self, start: int, fixed: tuple[int, ...]) -> int | None:
        """The first unflagged cell ≥ start of the row at `fixed`, or None."""
        boxes, corners = self._covering(0, fixed)
        f = self.flags
        end = self.sizes[0] if fixed else self.outer[1]
        if corners.any():
            end = min(end, int(f.corners[: f.n_corners][corners, 0].min()))
        lo, hi = f.lo[: f.n_boxes][boxes, 0], f.hi[: f.n_boxes][boxes, 0]
        pos = start
        for s, e in zip(lo[np.argsort(lo)].tolist(), hi[np.argsort(lo)].tolist(), strict=True):
            if s > pos:
                break
            pos = max(pos, e + 1)
        return pos if pos < end else None

    def _slice_closed(self, d: int, t: int, fixed: tuple[int, ...]) -> bool:
        """An infeasible corner flags the whole slice t of dim d and all slices after it."""
        f = self.flags
        c = f.corners[: f.n_corners]
        hit = (c[:, d] <= t) & np.all(c[:, :d] == 0, axis=1)
        if fixed:
            hit &= np.all(c[:, d + 1 :] <= np.asarray(fixed), axis=1)
        return bool(hit.any())

    def _next_slice(self, d: int, t: int, fixed: tuple[int, ...]) -> int:
        """After slice t of dim d is covered, the next slice that may not be: one past the
        first end of the boxes that meet slice t (before it, the same boxes cover it)."""
        boxes, _ = self._covering(d, fixed)
        f = self.flags
        lo, hi = f.lo[: f.n_boxes][boxes, d], f.hi[: f.n_boxes][boxes, d]
        meet = (lo <= t) & (hi >= t)
        return int(hi[meet].min()) + 1 if meet.any() else self.sizes[d]

    def _row(self, fixed: tuple[int, ...], visit: Callable[[tuple[int, ...]], Visit]) -> bool:
        pos: int | None = 0 if fixed else self.outer[0]
        while (pos := self._first_open(pos, fixed)) is not None:
            cell = (pos, *fixed)
            self.visited += 1
            answer = visit(cell)
            if answer == STOP:
                return False
            if answer == INFEASIBLE:
                self.flags.add_corner(cell)
                self._step(self.sizes[0], fixed)
                return True
            reach = (
                cell
                if answer == SKIP
                else tuple(max(r, c) for r, c in zip(answer, cell, strict=True))
            )
            self.flags.add_box(cell, reach)
            pos = reach[0] + 1
            self._step(pos, fixed)
        return True

    def _step(self, row_end: int, fixed: tuple[int, ...]) -> None:
        if self.on_step is not None:
            self.on_step(self._done(row_end, fixed))

    def _slices(self, d: int, fixed: tuple[int, ...]) -> Iterator[int]:
        t, end = self.outer if d == len(self.sizes) - 1 else (0, self.sizes[d])
        while t < end and not self._slice_closed(d, t, fixed):
            yield t
            t = max(t + 1, self._next_slice(d, t, fixed))

    def _sweep(
        self, d: int, fixed: tuple[int, ...], visit: Callable[[tuple[int, ...]], Visit]
    ) -> bool:
        if d == 0:
            return self._row(fixed, visit)
        return all(self._sweep(d - 1, (t, *fixed), visit) for t in self._slices(d, fixed))

    def sweep(self, visit: Callable[[tuple[int, ...]], Visit]) -> bool:
        """Visit every cell that is not flagged, in loop order; False if `visit` stopped it."""
        return self._sweep(len(self.sizes) - 1, (), visit)
