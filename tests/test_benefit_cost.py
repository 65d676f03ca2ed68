"""The benefit/cost list a bureau would draw up, computed beside every solve."""

import pytest
from support import indicator, project, solve, write_dataset


def test_the_list_funds_the_best_ratio_first_and_the_optimizer_beats_it(tmp_path):
    # budget 100: A has the best score per 万元 (7/60) and takes 60; B and C (50 each) no
    # longer fit. The optimizer funds B + C instead: 0.09 against the list's 0.07.
    data = write_dataset(tmp_path, [project("A", 60, 7), project("B", 50, 5), project("C", 50, 4)])
    result = solve(data, solver={"explain": True})
    record = result.summary_record()
    bc = record["benefit_cost"]
    assert bc["score"] == pytest.approx(0.07)
    assert record["score"] == pytest.approx(0.09)
    assert bc["only_ranking"] == ["A"] and bc["only_optimizer"] == ["B", "C"]
    assert bc["unspent_wan"] == pytest.approx(40) and record["unspent_wan"] == pytest.approx(0)
    assert bc["targets"] == 1 and bc["targets_met"] == 0


def test_the_list_keeps_the_rules(tmp_path):
    # B needs A finished; A is cheap but scores little, so the list reaches B first and
    # must skip it. X and Y are alternatives: only the better ratio (X) is funded. M is
    # mandatory and funded first although it scores least. Everything starts as early as
    # the money allows: 2024 has 30, 2025 has 100.
    funding = [("gb", 2024, "", 30.0), ("gb", 2025, "", 100.0)]
    projects = [
        project("M", 10, 0.1, mandatory=True, latest=2025),
        project("A", 20, 0.5, latest=2025),
        project("B", 20, 9, earliest=2024, latest=2025),
        project("X", 30, 6, latest=2025),
        project("Y", 30, 5, latest=2025),
    ]
    data = write_dataset(
        tmp_path,
        projects,
        funding=funding,
        indicators=[indicator("ind", 0, 100)],
        dependencies=[{"project_id": "B", "requires": "A", "kind": "finish"}],
        exclusions=[{"group_id": "g", "project_id": "X"}, {"group_id": "g", "project_id": "Y"}],
    )
    result = solve(data, solver={"explain": True})
    starts = result.benefit_cost.starts
    assert starts == {"M": 2024, "X": 2025, "A": 2024}
    assert result.benefit_cost.score == pytest.approx((0.1 + 6 + 0.5) / 100)
    assert result.summary_record()["score"] >= result.benefit_cost.score


def test_a_missed_minimum_is_named(tmp_path):
    # region b must get 40 % of spending; the list funds region a's better project alone
    data = write_dataset(
        tmp_path,
        [project("A", 60, 9, region="a"), project("B", 40, 4, region="b")],
        equity=[{"region_id": "b", "min_share": 0.4, "max_share": ""}],
        funding=[("gb", 2024, "", 70.0)],
    )
    result = solve(data, solver={"explain": True})
    assert result.benefit_cost.starts == {"A": 2024}
    assert result.benefit_cost.misses == ("equity:b",)
