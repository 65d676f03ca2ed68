"""Robust budgets (Bertsimas–Sim): Γ = 0 is the nominal model, Γ ≥ a pool's size its worst
case, and a hand-checked case in between; all with the real HiGHS."""

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import funded, project, scenario, solve, write_dataset
from test_properties import SETTINGS, budgets, build, project_rows, rules
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.manifest import read_manifest
from optimizer.solve.solver import SolveStatus
from optimizer.studies.stress import price_of_robustness
from optimizer.studies.sweep import Sweep, SweepParam

ROBUST = {"overrun": 0.2}
FEWER = settings(SETTINGS, max_examples=12)


@pytest.fixture
def four(tmp_path):
    """One pool of 95 万元; costs 50, 30, 20, 15 with gains 10, 6, 5, 4 (target 100)."""
    projects = [project("A", 50, 10), project("B", 30, 6), project("C", 20, 5)]
    projects.append(project("D", 15, 4))
    return write_dataset(tmp_path, projects, funding=[("gb", 2024, "", 95)])


@pytest.mark.parametrize(
    ("gamma", "score", "chosen"),
    [
        # nominal: A+B+D costs 95 exactly
        (None, 0.20, [{"A", "B", "D"}]),
        (0, 0.20, [{"A", "B", "D"}]),
        # one overrun of 20 %: the largest cost counts 1.2×; ABD needs 105, ACD 85 + 10 = 95
        (1, 0.19, [{"A", "C", "D"}]),
        (0.5, 0.19, [{"A", "C", "D"}]),
        # two overruns: ACD 85 + 14 = 99 no; AC 70 + 14 = 84 and BCD 65 + 10 = 75 give 15
        (2, 0.15, [{"A", "C"}, {"B", "C", "D"}]),
        # every project overruns (Γ ≥ pool size 4): costs 60, 36, 24, 18 against 95
        (3, 0.15, [{"A", "C"}, {"B", "C", "D"}]),
        (10, 0.15, [{"A", "C"}, {"B", "C", "D"}]),
    ],
)
def test_hand_checked_budget_of_uncertainty(four, gamma, score, chosen):
    result = solve(four, robust={**ROBUST, "gamma": gamma})
    assert result.outcome.status == SolveStatus.OPTIMAL
    assert result.solution.score == pytest.approx(score)
    assert funded(result) in chosen


def test_worst_case_equals_every_cost_raised(tmp_path):
    # Γ ≥ pool size: the same portfolio as a nominal solve with every cost × (1 + δ)
    projects = [project("A", 50, 10), project("B", 30, 6), project("C", 20, 5, category="park")]
    robust = solve(
        write_dataset(tmp_path / "r", projects, funding=[("gb", 2024, "", 95)]),
        robust={"gamma": 3, "overrun": 0.2, "overruns": {"park": 0.5}},
    )
    raised = [
        {**p, "cost_wan": p["cost_wan"] * (1.5 if p["category"] == "park" else 1.2)}
        for p in projects
    ]
    nominal = solve(write_dataset(tmp_path / "n", raised, funding=[("gb", 2024, "", 95)]))
    assert funded(robust) == funded(nominal) == {"A", "C"}  # 60 + 30 = 90; A+B is 96
    assert robust.solution.score == pytest.approx(nominal.solution.score)


def test_a_multi_source_project_reserves_each_sources_share(tmp_path):
    # cost 100 paid by two sources of 60 each (at most 60 % from either): nominal fits;
    # with δ = 20 % each pool keeps 0.2 × 0.6 × 100 = 12 back, leaving 48 + 48 < 100
    data = write_dataset(
        tmp_path,
        [project("A", 100, 10)],
        funding=[("gb", 2024, "", 60), ("bond", 2024, "", 60)],
        eligibility=[("gb", "*", "*", 0.6), ("bond", "*", "*", 0.6)],
    )
    assert funded(solve(data)) == {"A"}
    assert funded(solve(data, robust={**ROBUST, "gamma": 1})) == set()
    assert funded(solve(data, robust={"overrun": 0.15, "gamma": 1})) == {"A"}  # 9 + 9: 51 × 2


def test_infeasible_robust_plan_names_the_pool(tmp_path):
    # a mandatory 100 万元 project in a 100 万元 pool cannot be protected against +20 %
    data = write_dataset(tmp_path, [project("A", 100, 1, mandatory=True)])
    result = solve(data, robust={**ROBUST, "gamma": 1})
    assert result.outcome.status == SolveStatus.INFEASIBLE
    (violation,) = result.diagnosis.violations
    assert violation.family == "budget" and violation.amount == pytest.approx(20)


def test_explanations_see_the_protection(four):
    # at Γ = 1, B (30) is out: admitting it next to A, C, D needs 30 + the larger reserve
    result = solve(four, robust={**ROBUST, "gamma": 1}, solver={"explain": True})
    ranked = result.ranked.set_index("project_id")
    assert ranked.loc["B", "funded"] == "n"
    assert ranked.loc["B", "extra_budget_wan"] == pytest.approx(30)


@FEWER
@given(rows=project_rows, elig=rules, money=budgets, delta=st.sampled_from((0.1, 0.3)))
def test_gamma_zero_is_nominal_and_protection_only_costs(rows, elig, money, delta):
    with tempfile.TemporaryDirectory() as tmp:
        data = build(Path(tmp), rows, elig, money)
        nominal = solve(data)
        scores = [
            solve(data, robust={"overrun": delta, "gamma": g}).outcome.objective
            for g in (0, 1, 2, 50)
        ]
    assert scores[0] == pytest.approx(nominal.outcome.objective, abs=1e-9)
    assert all(a >= b - 1e-9 for a, b in zip(scores, scores[1:], strict=False))


@FEWER
@given(
    costs=st.lists(st.integers(5, 60), min_size=1, max_size=6),
    gains=st.lists(st.integers(0, 20), min_size=6, max_size=6),
    budget=st.integers(20, 150),
)
def test_worst_case_of_one_source_pools_is_raised_costs(costs, gains, budget):
    projects = [project(f"P{k}", c, g) for k, (c, g) in enumerate(zip(costs, gains, strict=False))]
    raised = [{**p, "cost_wan": p["cost_wan"] * 1.25} for p in projects]
    with tempfile.TemporaryDirectory() as tmp:
        funding = [("gb", 2024, "", float(budget))]
        robust = solve(
            write_dataset(Path(tmp) / "r", projects, funding=funding),
            robust={"overrun": 0.25, "gamma": len(costs)},
        )
        nominal = solve(write_dataset(Path(tmp) / "n", raised, funding=funding))
    assert robust.solution.score == pytest.approx(nominal.solution.score, abs=1e-9)


def test_sweep_over_gamma_rebuilds_and_prices_robustness(four):
    sweep = Sweep(scenario(four, robust=ROBUST), [SweepParam("robust.gamma", (0, 1, 2, 3))])
    runs = sweep.run()
    assert sweep.builds == 4 and list(runs["rebuilt"]) == [False, True, True, True]
    assert runs["score"].tolist() == pytest.approx([0.20, 0.19, 0.15, 0.15])
    price = price_of_robustness(runs)
    assert price["score_lost"].tolist() == pytest.approx([0, 0.01, 0.05, 0.05])
    assert price["score_lost_per_gamma"].tolist()[1:] == pytest.approx([0.01, 0.04, 0])


def test_sweep_cli_writes_the_price_of_robustness(four, tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(
        f'name = "t"\ndata = "{four}"\n[solver]\nmip_gap = 0\n[robust]\noverrun = 0.2\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["sweep", str(sc), "--param", "robust.gamma", "--values", "0:2:1", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--no-marginal"])
    assert result.exit_code == 0, result.output
    price = pd.read_csv(out / "price_of_robustness.csv")
    assert price["robust.gamma"].tolist() == [0, 1, 2]
    assert "price_of_robustness" in pd.ExcelFile(out / "sweep.xlsx").sheet_names


def test_solve_robust_cli(four, tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(
        f'name = "t"\ndata = "{four}"\n[solver]\nmip_gap = 0\nexplain = false\n'
        "[objective]\ncost_tiebreak = 0\n[robust]\noverrun = 0.2\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["solve", str(sc), "--robust", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    _, config = read_manifest(out)
    assert config.robust.gamma == 1
    ranked = pd.read_csv(out / "ranked_projects.csv")
    assert set(ranked.loc[ranked["funded"] == "y", "project_id"]) == {"A", "C", "D"}
    bad = CliRunner().invoke(app, ["solve", str(sc), "--robust", "-1"])
    assert bad.exit_code == 2
