"""The flag grid and the non-dominated archive against brute force, without a solver.

A finite set of objective vectors stands in for a problem: the answer at a cell is a
point with the highest first objective among those meeting the cell's floors (ties broken
at random, as a MIP solver may), or 'infeasible'. Exactness needs nothing more.
"""

import itertools
import sys
import time
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.analysis.pareto_grid import INFEASIBLE, SKIP, STOP, Archive, FlagGrid

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from knapsack import published  # noqa: E402


def brute_nd(points):
    pts = set(points)
    return {
        p
        for p in pts
        if not any(q != p and all(a >= b for a, b in zip(q, p, strict=True)) for q in pts)
    }


def oracle(points, seed):
    rng = np.random.default_rng(seed)
    answers = []

    def visit(cell):
        meet = [q for q in points if all(q[k + 1] >= c for k, c in enumerate(cell))]
        if not meet:
            return INFEASIBLE
        top = max(q[0] for q in meet)
        best = [q for q in meet if q[0] == top]
        answer = best[rng.integers(len(best))]  # g_1-optimal, maybe weakly dominated
        answers.append(answer)
        return answer[1:]

    return visit, answers


point_sets = st.integers(2, 4).flatmap(
    lambda p: st.lists(st.tuples(*[st.integers(0, 9)] * p), min_size=1, max_size=30)
)


@settings(max_examples=150, deadline=None)
@given(points=point_sets, seed=st.integers(0, 1000), cut=st.integers(1, 11))
def test_sweep_finds_exactly_the_front_whole_or_in_slices(points, seed, cut):
    truth = brute_nd(points)
    sizes = [12] * (len(points[0]) - 1)
    for slices in ([(0, 12)], [(0, cut), (cut, 12)]):
        visit, answers = oracle(points, seed)
        seen = []

        def record(cell, visit=visit, seen=seen):
            seen.append(cell)
            return visit(cell)

        for outer in slices:
            assert FlagGrid(sizes, outer).sweep(record)
        assert brute_nd(answers) == truth
        for outer in slices:  # no cell is solved twice within a slice
            inside = [c for c in seen if outer[0] <= c[-1] < outer[1]]
            assert len(inside) == len(set(inside))


def test_flags_skip_what_a_solution_or_an_infeasible_cell_answers():
    # 2-D grid: one point (g2, g3) = (3, 2) answers every cell up to it; the cell above
    # is infeasible, and so is everything beyond it
    cells = []

    def visit(cell):
        cells.append(cell)
        return (3, 2) if cell[0] <= 3 and cell[1] <= 2 else INFEASIBLE

    FlagGrid([10, 10]).sweep(visit)
    assert cells == [(0, 0), (4, 0), (0, 3)]  # the row's end, then the next row's start


def test_a_huge_grid_costs_only_its_boxes():
    # 10^12 cells, three points: the sweep jumps over everything the answers cover
    points = [(5, 10**6 - 1, 3), (4, 7, 10**6 - 1), (9, 2, 2)]
    visit, answers = oracle(points, 0)
    grid = FlagGrid([10**6, 10**6])
    start = time.perf_counter()
    grid.sweep(visit)
    assert brute_nd(answers) == brute_nd(points)
    assert grid.visited <= 10 and time.perf_counter() - start < 1


def test_skip_flags_one_cell_and_stop_ends_the_sweep():
    calls = []

    def visit(cell):
        calls.append(cell)
        return SKIP if len(calls) < 3 else STOP

    assert not FlagGrid([5, 5]).sweep(visit)
    assert calls == [(0, 0), (1, 0), (2, 0)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 6)] * 3), min_size=1, max_size=60))
def test_archive_keeps_the_non_dominated_first_of_equals(points):
    archive = Archive(3)
    for i, p in enumerate(points):
        archive.add(p, (i, p))
    kept = archive.items()
    assert {p for _, p in kept} == brute_nd(points)
    first = {}
    for i, p in enumerate(points):
        first.setdefault(p, i)
    assert all(first[p] == i for i, p in kept)  # the first of equal points, in found order
    assert [i for i, _ in kept] == sorted(i for i, _ in kept)


def test_archive_insertion_is_linear():
    # 3,000 points on a plane (all non-dominated): one pass per insertion, not a re-filter
    rng = np.random.default_rng(0)
    xy = rng.permutation(list(itertools.product(range(60), range(50))))[:3000]
    archive = Archive(3)
    start = time.perf_counter()
    for x, y in xy:
        archive.add((x, y, 200 - x - y), None)
    assert len(archive) == 3000 and time.perf_counter() - start < 5


def test_published_3kp40_sweep_costs_738_solves():
    # the published front stands in for the solver: each cell's answer is the front point
    # with the best first objective, ties to the best second, then third
    _, truth = published("3kp40")
    points = np.array(sorted(truth))
    found = set()

    def visit(cell):
        meet = points[np.all(points[:, 1:] >= cell, axis=1)]
        if not len(meet):
            return INFEASIBLE
        best = tuple(int(v) for v in meet[np.argmax(meet @ [1e8, 1e4, 1.0])])
        found.add(best)
        return best[1:]

    grid = FlagGrid([1571, 1609])  # up to the best values, as the payoff table bounds them
    grid.sweep(visit)
    assert found == truth and grid.visited == 738  # 389 points, 316 repeats, 33 infeasible
