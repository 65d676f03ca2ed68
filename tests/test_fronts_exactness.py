"""Exactness is a promise or a warning: every way a front can fall short says so, in the
result, the terminal, summary.json and points.csv; --nadir is validated and honoured."""

import json
import re
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from knapsack import brute_front, generate, scenario, write_dataset  # noqa: E402

from optimizer.analysis.multiobjective import MultiObjective  # noqa: E402
from optimizer.cli import app  # noqa: E402
from optimizer.model.build import build_model  # noqa: E402
from optimizer.model.inputs import prepare  # noqa: E402
from optimizer.pipeline import load_data, run_pareto  # noqa: E402

runner = CliRunner()
KP = generate(12, 2, 2, seed=7)  # 2 objectives, values in the hundreds: ranges > 100 steps


def vectors(front):
    return {tuple(int(round(v)) for v in p.values) for p in front.points}


@pytest.fixture(scope="module")
def truth():
    return brute_front(KP)


def test_a_capped_grid_is_labelled_not_exact(tmp_path, truth):
    _, front, _ = run_pareto(scenario(KP, tmp_path / "kp", max_steps=4))
    assert not front.exact and len(front.not_exact) == 1
    stepped = r"gain:o2 is stepped by \d+, not 1 \(--max-steps 4\)"
    assert re.fullmatch(stepped, front.not_exact_text[0])
    assert vectors(front) < truth  # a coarse grid misses points, and says it may
    _, exact, _ = run_pareto(scenario(KP, tmp_path / "kp"))
    assert exact.exact and vectors(exact) == truth


def test_the_total_time_limit_is_labelled(tmp_path):
    def slow_down(front):
        time.sleep(0.3)  # every point past the limit: the next cell must not be solved

    _, front, _ = run_pareto(
        scenario(KP, tmp_path / "kp", total_time_limit=0.2), on_point=slow_down
    )
    assert front.stopped == "total time limit" and len(front.points) == 1
    assert front.not_exact_text == [
        "the total time limit (0.2 s) stopped the grid before it was finished"
    ]


def test_a_point_time_limit_is_labelled(tmp_path):
    sc = scenario(KP, tmp_path / "kp")
    inputs = prepare(load_data(sc), sc)
    mo = MultiObjective(build_model(inputs), inputs, sc.multiobjective, 60, 0.0)
    payoff, _ = mo.payoff_table()
    mo.solver.time_limit = 1e-9  # no grid solve can prove anything now
    front = mo.augmecon(mo.plan_grid(payoff), payoff, 60)
    assert not front.exact
    assert any("point time limit" in reason for reason in front.not_exact_text)


def test_non_integer_objectives_are_labelled_with_a_way_out(tmp_path, truth):
    # score = gain / 100: not integer-valued; gridded it is not exact, optimised first it is
    sc = scenario(KP, tmp_path / "kp", objectives=["gain:o1", "score"], points=5)
    _, gridded, _ = run_pareto(sc)
    assert not gridded.exact
    assert "score is not integer-valued: 5 grid points" in gridded.not_exact_text[0]
    assert "--objectives score,gain:o1" in gridded.not_exact_text[0]
    weights = {"o1": 0.0, "o2": 1.0}  # score = o2 / its gap
    first = scenario(KP, tmp_path / "kp2", objectives=["score", "gain:o1"])
    first = first.model_copy(
        update={"objective": first.objective.model_copy(update={"weights": weights})}
    )
    _, front, _ = run_pareto(first)
    gap = KP.c[1].sum() + 1
    assert front.exact
    assert {(round(s * gap), round(o1)) for s, o1 in (p.values for p in front.points)} == {
        (o2, o1) for o1, o2 in truth
    }


def test_nadir_restricts_the_front_to_its_region(tmp_path, truth):
    floor = sorted(v[0] for v in truth)[len(truth) // 2]
    _, front, _ = run_pareto(scenario(KP, tmp_path / "kp", nadir={"gain:o1": floor}))
    assert front.exact and front.restricted == [f"gain:o1 ≥ {floor:,}"]
    assert vectors(front) == {v for v in truth if v[0] >= floor}


def cli(tmp_path, *args, solver=""):
    data = write_dataset(KP, tmp_path / "data")
    toml = tmp_path / "s.toml"
    toml.write_text(
        f'name = "kp"\ndata = "{data}"\n[solver]\nmip_gap = 0\nexplain = false\n{solver}'
        '[multiobjective]\nobjectives = ["gain:o1", "gain:o2"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    command = ["pareto", str(toml), "--out", str(out), "--exact", "--lang", "en", *args]
    return runner.invoke(app, command), out


def test_cli_says_exact_or_not_everywhere(tmp_path):
    result, out = cli(tmp_path, "--max-steps", "4")
    assert result.exit_code == 0, result.output
    assert "not exact:" in result.output and "--max-steps 4" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exact"] is False and "--max-steps 4" in summary["not_exact_reasons"][0]
    points = pd.read_csv(out / "points.csv")
    assert not points["front_exact"].any()
    assert points["not_exact"].str.startswith("not exact: gain:o2 is stepped by").all()
    result, out = cli(tmp_path / "again")
    assert result.exit_code == 0 and "exact: every non-dominated point" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exact"] is True and summary["not_exact_reasons"] == []
    assert summary["grid_solves"] == summary["points"]  # two objectives: one solve per point
    assert pd.read_csv(out / "points.csv")["front_exact"].all()


@pytest.mark.parametrize(
    ("nadir", "message"),
    [
        ("land=5", "nadir names 'land', which is not one of the objectives"),
        ("gain:o1=inf", "key 'multiobjective.nadir.gain:o1': Input should be a finite number"),
        ("gain:o1=nan", "key 'multiobjective.nadir.gain:o1': Input should be a finite number"),
        ("gain:o1", "--nadir: expected name=value (e.g. cost=5000), got 'gain:o1'"),
        ("gain:o1=lots", "expected name=value (e.g. cost=5000), got 'gain:o1=lots'"),
    ],
)
def test_cli_rejects_bad_nadir_in_one_line(tmp_path, nadir, message):
    result, out = cli(tmp_path, "--nadir", nadir)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert not out.exists()


def test_cli_nadir_restricts_and_says_so(tmp_path):
    result, out = cli(tmp_path, "--nadir", "gain:o2=300")
    assert result.exit_code == 0, result.output
    assert "within gain:o2 ≥ 300 (--nadir)" in result.output
    assert (pd.read_csv(out / "points.csv")["gain:o2"] >= 300).all()
    result, _ = cli(tmp_path / "none", "--nadir", "gain:o2=100000")
    assert result.exit_code == 4
    assert "no Pareto point found: no portfolio reaches gain:o2 ≥ 100,000" in result.output


def test_cli_highs_options_reach_the_front_and_bad_ones_are_input_errors(tmp_path):
    fast = "highs = { mip_heuristic_run_rins = false, mip_heuristic_run_rens = false }\n"
    result, out = cli(tmp_path, solver=fast)
    assert result.exit_code == 0 and "exact: every non-dominated point" in result.output
    result, out = cli(tmp_path / "bad", solver="highs = { no_such_option = 1 }\n")
    assert result.exit_code == 2 and "no_such_option" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()
