"""Hand-checkable portfolios solved with the real HiGHS."""

import pytest
from support import funded, project, solve, write_dataset

from optimizer.solve.solver import SolveStatus


def test_three_project_knapsack(tmp_path):
    # budget 100: {P2,P3} gives 9, {P1} alone 7, {P1,P2} and {P1,P3} cost 110 > 100
    data = write_dataset(
        tmp_path, [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )
    result = solve(data)
    assert result.outcome.status == SolveStatus.OPTIMAL
    assert funded(result) == {"P2", "P3"}
    assert result.solution.score == pytest.approx(0.09)  # 9 units of a 100-unit gap


def test_six_project_knapsack_known_optimum(tmp_path):
    # classic instance: weights 12,2,1,1,4,3 values 4,2,1,2,10,5 capacity 15 -> optimum 20
    weights = [12, 2, 1, 1, 4, 3]
    values = [4, 2, 1, 2, 10, 5]
    projects = [
        project(f"P{i}", w, v) for i, (w, v) in enumerate(zip(weights, values, strict=True))
    ]
    result = solve(write_dataset(tmp_path, projects, funding=[("gb", 2024, "", 15)]))
    assert result.solution.score * 100 == pytest.approx(20)
    assert funded(result) == {"P1", "P2", "P3", "P4", "P5"}


def test_multi_year_budget_schedules_starts(tmp_path):
    # 60 万元 per year; three 50 万元 projects that may start 2024 or 2025: only two fit
    projects = [
        project(p, 50, g, earliest=2024, latest=2025) for p, g in [("A", 3), ("B", 2), ("C", 1)]
    ]
    funding = [("gb", 2024, "", 60), ("gb", 2025, "", 60)]
    result = solve(write_dataset(tmp_path, projects, funding=funding))
    assert funded(result) == {"A", "B"}
    assert sorted(result.solution.start_years().values()) == [2024, 2025]


def test_cost_profile_spreads_spending(tmp_path):
    # 2-year project 0.8/0.2 costs 80 then 20: fits budgets of 80 and 20; even split does not
    funding = [("gb", 2024, "", 80), ("gb", 2025, "", 20)]
    skewed = [project("A", 100, 1, duration=2, profile="0.8;0.2")]
    assert funded(solve(write_dataset(tmp_path / "a", skewed, funding=funding))) == {"A"}
    even = [project("A", 100, 1, duration=2)]
    assert funded(solve(write_dataset(tmp_path / "b", even, funding=funding))) == set()
