"""Stress tests of a solved portfolio: hand-checked drops (the bureau's order, short pools
only, carry-over, mandatory last, dependants), reproducible samples, the CLI."""

import json
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import project, solve, write_dataset
from test_parallel import cluster  # noqa: F401  (a LocalCluster on loopback, module scope)
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.config import StressConfig
from optimizer.reports.files import write_outputs
from optimizer.studies.stress import Portfolio, draw, lognormal, portfolio_from_result, run_stress

FIXED_10 = {"overrun_mean": {"road": 0.1}, "overrun_sd": {"road": 0.0}}  # every cost +10 %


def plan_of(folder, **overrides) -> Portfolio:
    result = solve(folder, **overrides)
    return Portfolio(result.scenario, result.inputs, result.solution.start_years())


def stressed(plan: Portfolio, **config) -> tuple:
    outcome = run_stress(plan, StressConfig(**{"samples": 1, **config}))
    return outcome.scores.loc[0, "dropped_projects"], outcome


@pytest.fixture
def three(tmp_path):
    """Budget 100 funds all of A (50, gain 10), B (30, gain 3), C (20, gain 6)."""
    return [project("A", 50, 10), project("B", 30, 3), project("C", 20, 6)]


def test_no_overrun_keeps_everything(tmp_path, three):
    plan = plan_of(write_dataset(tmp_path, three))
    config = {"overrun_mean": {"road": 0.0}, "overrun_sd": {"road": 0.0}, "samples": 3}
    dropped, outcome = stressed(plan, **config)
    assert outcome.summary["all_financed_share"] == 1
    assert outcome.scores["score"].tolist() == pytest.approx([0.19] * 3)
    assert outcome.summary["plan_score"] == pytest.approx(0.19)


def test_overrun_drops_the_lowest_score_per_wan(tmp_path, three):
    # +10 %: 110 > 100; B has 3 per 33 万元, A 10 per 55, C 6 per 22: B goes, 77 fits
    dropped, outcome = stressed(plan_of(write_dataset(tmp_path, three)), **FIXED_10)
    assert dropped == "B"
    assert outcome.scores.loc[0, "score"] == pytest.approx(0.16)
    assert outcome.scores.loc[0, "extra_cost_wan"] == pytest.approx(10)
    share = outcome.projects.set_index("project_id")["financed_share"]
    assert share.to_dict() == {"A": 1.0, "B": 0.0, "C": 1.0}
    assert outcome.projects.set_index("project_id")["drop_rank"].to_dict() == {
        "B": 1,
        "A": 2,
        "C": 3,
    }


def test_mandatory_projects_go_last(tmp_path, three):
    three[1]["mandatory"] = True  # B must stay: A is the next lowest (10/55 < 6/22)
    dropped, outcome = stressed(plan_of(write_dataset(tmp_path, three)), **FIXED_10)
    assert dropped == "A" and outcome.scores.loc[0, "score"] == pytest.approx(0.09)


def test_dependants_go_with_their_prerequisite(tmp_path, three):
    # C requires B: B with C is worth 9 per 55 万元, less than A's 10 per 55... both go
    deps = [{"project_id": "C", "requires": "B", "kind": "start"}]
    dropped, outcome = stressed(
        plan_of(write_dataset(tmp_path, three, dependencies=deps)), **FIXED_10
    )
    assert dropped == "B;C" and outcome.scores.loc[0, "score"] == pytest.approx(0.10)


def test_only_projects_on_a_short_pool_are_dropped(tmp_path):
    # region a's pool (70) still pays A1's 66; region b's (60) cannot pay 33 + 33:
    # B2 goes although A1 has the lowest score per 万元 of all
    projects = [
        project("A1", 60, 1, region="a"),
        project("B1", 30, 9, region="b"),
        project("B2", 30, 8, region="b"),
    ]
    funding = [("gb", 2024, "a", 70), ("gb", 2024, "b", 60)]
    dropped, _ = stressed(plan_of(write_dataset(tmp_path, projects, funding=funding)), **FIXED_10)
    assert dropped == "B2"


@pytest.mark.parametrize(("gain_y", "victim"), [(1, "Y"), (20, "X")])
def test_carry_over_lets_an_earlier_project_make_room(tmp_path, gain_y, victim):
    # 50 a year, carried over; X spends 40 in 2024 (10 carried), Y 60 in 2025.
    # +10 %: 2025 needs 66 of 50 + 6. Y is dropped if it is worth less per 万元; else X,
    # whose 44 万元 in 2024 would have carried into 2025
    projects = [project("X", 40, 5), project("Y", 60, gain_y, earliest=2025)]
    funding = [("gb", 2024, "", 50), ("gb", 2025, "", 50)]
    data = write_dataset(tmp_path, projects, funding=funding, sources=[("gb", True)])
    plan = plan_of(data)
    assert plan.starts == {"X": 2024, "Y": 2025}
    dropped, _ = stressed(plan, **FIXED_10)
    assert dropped == victim


def test_budget_shortfall_is_drawn_per_source_and_year(tmp_path, three):
    # a cut of u: B goes first, then A once the budget is below 70 (C alone fits)
    plan = plan_of(write_dataset(tmp_path, three))
    config = {"overrun_mean": {"road": 0.0}, "overrun_sd": {"road": 0.0}}
    outcome = run_stress(plan, StressConfig(samples=40, shortfall={"gb": 0.5}, **config))
    scores = outcome.scores
    assert (scores["budget_cut_wan"] > 0).all() and (scores["budget_cut_wan"] < 50).all()
    expected = [0.16 if cut <= 30 else 0.06 for cut in scores["budget_cut_wan"]]
    assert scores["score"].tolist() == pytest.approx(expected)
    assert {0.16, 0.06} == {round(s, 2) for s in scores["score"]}


def test_samples_are_reproducible_and_independent_of_chunks(tmp_path, three):
    plan = plan_of(write_dataset(tmp_path, three))
    config = StressConfig(samples=6, seed=7)
    first = run_stress(plan, config)
    again = run_stress(plan, config)
    pd.testing.assert_frame_equal(first.scores, again.scores)
    assert draw(plan, config, 4) == draw(plan, StressConfig(samples=99, seed=7), 4)
    other = run_stress(plan, StressConfig(samples=6, seed=8))
    assert not first.scores["extra_cost_wan"].equals(other.scores["extra_cost_wan"])


@given(mean=st.floats(-0.5, 2.0), sd=st.floats(0.0, 3.0))
def test_lognormal_has_the_mean_and_sd_asked(mean, sd):
    mu, sigma = lognormal(mean, sd)
    assert math.exp(mu + sigma**2 / 2) == pytest.approx(1 + mean)
    variance = math.expm1(sigma**2) * math.exp(2 * mu + sigma**2)
    assert math.sqrt(variance) == pytest.approx(sd, rel=1e-9, abs=1e-12)


def test_sampled_ratios_follow_the_prior(tmp_path):
    # 4,000 draws of one road project: mean 1.204 and sd 0.299 (Flyvbjerg et al.'s roads)
    plan = plan_of(write_dataset(tmp_path, [project("A", 50, 1)]))
    config = StressConfig()
    ratios = pd.Series([draw(plan, config, k).ratio["A"] for k in range(4000)])
    assert ratios.mean() == pytest.approx(1.204, abs=0.02)
    assert ratios.std() == pytest.approx(0.299, abs=0.02)


def test_stress_cli_from_a_result_folder(tmp_path, three):
    result = solve(write_dataset(tmp_path / "data", three))
    folder = tmp_path / "plan"
    write_outputs(result, folder)
    config = tmp_path / "fixed.toml"
    config.write_text("[stress]\noverrun_mean = { road = 0.1 }\noverrun_sd = { road = 0 }\n")
    runner = CliRunner()
    ok = runner.invoke(app, ["stress", str(folder), "--samples", "3", "--config", str(config)])
    assert ok.exit_code == 0, ok.output
    out = folder / "stress"
    assert pd.read_csv(out / "stress_samples.csv")["dropped_projects"].tolist() == ["B"] * 3
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["samples"] == 3 and summary["plan_score"] == pytest.approx(0.19)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "stress" and manifest["scenario"]["stress"]["samples"] == 3
    sheets = pd.ExcelFile(out / "stress.xlsx").sheet_names
    assert sheets == ["压力测试_项目", "压力测试_指标", "压力测试_样本", "压力测试_假设"]
    page = (out / "stress.html").read_text(encoding="utf-8")
    assert "各项目保持足额资金的概率" in page and "<svg" in page
    assert portfolio_from_result(folder).starts == result.solution.start_years()
    for args, message in [
        (["--config", str(tmp_path / "none.toml")], "cannot read as TOML"),
        (["--seed", "-1"], "--seed"),
        (["--samples", "0"], "--samples"),
    ]:
        bad = runner.invoke(app, ["stress", str(folder), *args, "--out", str(tmp_path / "x")])
        assert bad.exit_code == 2 and message in bad.output, bad.output
        assert not (tmp_path / "x").exists()
    config.write_text("[stress]\noverrun_mean = { tunnel = 0.1 }\n")
    bad = runner.invoke(app, ["stress", str(folder), "--config", str(config)])
    assert bad.exit_code == 2 and "unknown category 'tunnel'" in bad.output, bad.output
    config.write_text("[stress]\nshortfall = { gb = 2 }\n")
    bad = runner.invoke(app, ["stress", str(folder), "--config", str(config)])
    assert bad.exit_code == 2 and "less than or equal to 1" in bad.output, bad.output


def test_workers_and_a_dask_cluster_equal_serial(tmp_path, cluster):  # noqa: F811
    # gains whose float sums depend on their order: equal to the last digit only if every
    # process adds them in the same order (string hashes, hence set order, differ)
    gains = (0.1, 0.2, 0.7, 0.3, 0.6, 1.1, 0.9, 0.4)
    projects = [project(f"P{k}", 10 + k, g) for k, g in enumerate(gains)]
    plan = plan_of(write_dataset(tmp_path, projects, funding=[("gb", 2024, "", 110)]))
    config = StressConfig(samples=6, seed=3, shortfall={"gb": 0.3})
    serial = run_stress(plan, config)
    assert serial.scores["dropped"].sum() > 0  # the samples do drop projects
    for kwargs in ({"jobs": 2}, {"scheduler": cluster}):
        other = run_stress(plan, config, **kwargs)
        for name in ("scores", "projects", "targets"):
            expected, got = getattr(serial, name), getattr(other, name)
            pd.testing.assert_frame_equal(expected, got, check_exact=True)
