"""What-if sweeps: in-memory re-solves equal separate solves; marginal values by hand."""

import pandas as pd
import pytest
from support import funded, project, scenario, solve, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.errors import InputError
from optimizer.studies.sweep import Sweep, SweepParam, parse_values


def test_parse_values():
    assert parse_values("0.6:1.4:0.2") == (0.6, 0.8, 1.0, 1.2, 1.4)
    assert parse_values("1, 2,5") == (1.0, 2.0, 5.0)
    for bad in ("1:0:1", "a:b:c", "1:2:0", ""):
        with pytest.raises(InputError):
            parse_values(bad)


@pytest.fixture
def knapsack(tmp_path):
    return write_dataset(
        tmp_path, [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )


def test_budget_sweep_matches_separate_solves(knapsack):
    sweep = Sweep(scenario(knapsack), [SweepParam("budget.scale", (0.5, 1.0, 1.1, 2.0))])
    runs = sweep.run()
    assert sweep.builds == 1  # one model, re-solved in memory
    assert list(runs["rebuilt"]) == [False, False, False, False]
    for scale, score in zip(runs["budget.scale"], runs["score"], strict=True):
        assert score == pytest.approx(solve(knapsack, budget={"scale": scale}).solution.score)
    assert list(runs["score"]) == sorted(runs["score"])  # more budget never lowers it
    assert list(runs["funded"]) == [1, 2, 2, 3]


def test_floor_sweep_turns_infeasible_past_what_projects_give(knapsack):
    runs = Sweep(scenario(knapsack), [SweepParam("floor.ind", (0, 9, 10))]).run()
    assert list(runs["status"]) == ["optimal", "optimal", "infeasible"]


def test_scenario_key_is_rebuilt_and_matches(tmp_path):
    projects = [project("A", 50, 5), project("B", 50, 4), project("C", 50, 1, region="b")]
    data = write_dataset(tmp_path, projects)
    sweep = Sweep(scenario(data), [SweepParam("rules.region_min_share", (0.0, 0.5))])
    runs = sweep.run()
    assert sweep.builds == 2 and list(runs["rebuilt"]) == [False, True]
    assert runs["score"].tolist() == pytest.approx([0.09, 0.06])
    assert funded(solve(data, rules={"region_min_share": 0.5})) == {"A", "C"}


def test_marginal_value_by_hand(knapsack):
    # 100 funds P2+P3 (9); 110 funds P1+P2 (12): +0.03 score for +10 万元
    marginal = Sweep(scenario(knapsack), [SweepParam("budget.scale", (1.0,))]).marginal_values()
    row = marginal.set_index("source_id").loc["gb"]
    assert row["score_gain"] == pytest.approx(0.03)
    assert row["score_per_10000wan"] == pytest.approx(30)
    assert row["error_bound"] == pytest.approx(0, abs=1e-9)
    assert "finite difference" in row["method"]


def test_unknown_parameters_are_rejected(knapsack):
    for path in ("budget.nope", "floor.nope", "land.area", "rules.nope"):
        with pytest.raises(InputError):
            Sweep(scenario(knapsack), [SweepParam(path, (1.0,))])


def test_sweep_cli(knapsack, tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(f'name = "t"\ndata = "{knapsack}"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    ok = runner.invoke(
        app, ["sweep", str(sc), "--param", "budget.gb", "--values", "1:2:0.5", "--out", str(out)]
    )
    assert ok.exit_code == 0, ok.output
    assert len(pd.read_csv(out / "sweep.csv")) == 3
    for name in ("sweep.xlsx", "sweep.png", "marginal_values.csv"):
        assert (out / name).stat().st_size > 0
    for args, message in [
        (["--param", "budget.nope", "--values", "1"], "unknown source 'nope'"),
        (["--param", "budget.gb", "--values", "2:1:1"], "empty range"),
        (
            ["--param", "budget.gb", "--param", "land.scale", "--values", "1"],
            "2 --param but 1 --values",
        ),
    ]:
        bad = runner.invoke(app, ["sweep", str(sc), *args, "--out", str(tmp_path / "bad")])
        assert bad.exit_code == 2 and message in bad.output, bad.output
        assert not (tmp_path / "bad").exists()


def test_a_stopped_sweep_keeps_finished_runs(knapsack, tmp_path):
    from optimizer.reports.sweep import write_runs

    out = tmp_path / "out"

    def save_then_stop(done, total, rows):
        write_runs(rows, out)
        if done == 2:
            raise KeyboardInterrupt  # the user presses Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        Sweep(scenario(knapsack), [SweepParam("budget.scale", (0.5, 1.0, 2.0))]).run(save_then_stop)
    kept = pd.read_csv(out / "sweep.csv")
    assert list(kept["budget.scale"]) == [0.5, 1.0] and not list(out.glob(".partial-*"))
