"""Infeasible scenarios name the conflicting rules; unfunded projects get a reason."""

import pytest
from support import indicator, project, solve, write_dataset

from optimizer.solve.solver import SolveStatus


def test_mandatory_over_budget_reports_budget_shortfall(tmp_path):
    data = write_dataset(tmp_path, [project("A", 150, 1, mandatory=True)])
    result = solve(data)
    assert result.outcome.status == SolveStatus.INFEASIBLE
    (v,) = result.diagnosis.violations
    assert v.family == "budget" and v.amount == pytest.approx(50)


def test_unreachable_binding_target_reports_the_indicator(tmp_path):
    inds = [indicator("air", 0, 10, binding=True)]
    data = write_dataset(tmp_path, [project("A", 50, gains={"air": 6})], indicators=inds)
    result = solve(data)
    assert result.diagnosis.families == ["indicator target"]
    assert result.diagnosis.violations[0].amount == pytest.approx(4)


def test_equity_against_mandatory(tmp_path):
    # region b must get 50% but only region a has (mandatory) projects
    data = write_dataset(
        tmp_path,
        [project("A", 50, 1, mandatory=True)],
        equity=[{"region_id": "b", "min_share": 0.5, "max_share": ""}],
    )
    result = solve(data)
    assert result.outcome.status == SolveStatus.INFEASIBLE
    assert result.diagnosis.families in (["equity"], ["mandatory"])


def test_explanation_gives_the_budget_that_admits_a_project(tmp_path):
    data = write_dataset(
        tmp_path, [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )
    result = solve(data, solver={"explain": True})
    ranked = result.ranked.set_index("project_id")
    assert ranked.loc["P1", "funded"] == "n"
    assert ranked.loc["P1", "extra_budget_wan"] == pytest.approx(60)
    assert "2024 年全市gb还差 60 万元" in ranked.loc["P1", "why"]
    assert list(result.ranked["project_id"]) == ["P2", "P3", "P1"]  # funded first, by value


def test_explanation_names_the_funded_alternative(tmp_path):
    groups = [{"group_id": "g", "project_id": "A"}, {"group_id": "g", "project_id": "B"}]
    data = write_dataset(tmp_path, [project("A", 10, 5), project("B", 10, 4)], exclusions=groups)
    ranked = solve(data, solver={"explain": True}).ranked.set_index("project_id")
    assert ranked.loc["B", "why"].startswith("与 A A 二选一（g）")


def test_explanation_includes_prerequisite_cost(tmp_path):
    # B needs A finished first; admitting B means paying for A too: 30 + 20 over 100 used
    funding = [("gb", 2024, "", 100), ("gb", 2025, "", 0)]
    projects = [
        project("A", 30, 0),
        project("B", 20, 5, earliest=2025),
        project("C", 100, 6),
    ]
    deps = [{"project_id": "B", "requires": "A", "kind": "finish"}]
    result = solve(
        write_dataset(tmp_path, projects, funding=funding, dependencies=deps),
        solver={"explain": True},
    )
    ranked = result.ranked.set_index("project_id")
    assert ranked.loc["C", "funded"] == "y"
    assert ranked.loc["B", "extra_budget_wan"] == pytest.approx(50)


def test_nothing_funded_still_ranks_and_explains(tmp_path):
    data = write_dataset(
        tmp_path, [project("A", 50, 5), project("B", 30, 1)], funding=[("gb", 2024, "", 0)]
    )
    result = solve(data, solver={"explain": True})
    ranked = result.ranked.set_index("project_id")
    assert set(ranked["funded"]) == {"n"}
    assert ranked.loc["B", "extra_budget_wan"] == pytest.approx(30)
    assert list(result.ranked["project_id"]) == ["B", "A"]  # closest to being funded first
