"""`urbopt pareto` as a user meets it: N spread points by default, the exact front on
request with its size and time said first, progress to the end of the grid, Chinese
words by default, and one-line errors for malformed objective lists."""

import json
import re
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from knapsack import brute_front, generate, scenario, write_dataset  # noqa: E402

from optimizer.cli import app  # noqa: E402
from optimizer.pipeline import run_pareto  # noqa: E402

runner = CliRunner()
KP = generate(10, 2, 2, seed=3)


def toml(tmp_path, objectives='"gain:o1", "gain:o2"', extra=""):
    data = write_dataset(KP, tmp_path / "data")
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "kp"\ndata = "{data}"\n[solver]\nmip_gap = 0\nexplain = false\n'
        f"[multiobjective]\nobjectives = [{objectives}]\n{extra}",
        encoding="utf-8",
    )
    return path


def test_points_are_spread_by_default_and_the_exact_front_is_asked_for(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["pareto", str(toml(tmp_path)), "--out", str(out), "--points", "3"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["grid_cells"] == 3 and 1 <= summary["points"] <= 3
    assert summary["exact"] is False and "(--points)" in summary["not_exact_reasons"][0]
    exact = tmp_path / "exact"
    result = runner.invoke(app, ["pareto", str(toml(tmp_path)), "--out", str(exact), "--exact"])
    assert result.exit_code == 0, result.output
    points = pd.read_csv(exact / "points.csv")
    assert {tuple(v) for v in points[["gain:o1", "gain:o2"]].to_numpy()} == brute_front(KP)


def test_the_exact_front_says_its_size_and_time_before_it_starts(tmp_path):
    seen = []
    sc = scenario(KP, tmp_path / "kp")
    _, front, _ = run_pareto(sc, on_payoff=seen.append)
    estimate = seen[0].estimate
    g = seen[0].payoff.to_numpy()
    # gain:o2 stepped by 1 from a lower bound (≤ its worst) to its best
    assert estimate.cells >= estimate.range_cells == g[:, 1].max() - g[:, 1].min() + 1
    assert estimate.solves == estimate.range_cells >= len(front.points) == front.grid_solves
    assert estimate.solve_seconds > 0 and estimate.seconds > 0
    out = tmp_path / "out"
    args = ["pareto", str(toml(tmp_path)), "--out", str(out), "--exact", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    said = re.search(
        r"grid: ([\d,]+) cells, ([\d,]+) within the payoff table's range", result.output
    )
    assert said and int(said[2].replace(",", "")) == estimate.range_cells
    assert "Ctrl-C stops and keeps the points found" in result.output
    assert result.output.index("grid: ") < result.output.index("Pareto front")


@pytest.mark.parametrize("exact", [True, False])
def test_progress_grows_to_the_whole_grid(tmp_path, exact):
    seen = []
    sc = scenario(KP, tmp_path / "kp", exact=exact)
    _, front, _ = run_pareto(sc, on_point=lambda f: seen.append((f.progress, len(f.points))))
    shares = [s for s, _ in seen]
    assert shares == sorted(shares) and shares[-1] == 1.0 and front.progress == 1.0
    assert 0 < shares[0] < 1


def test_chinese_output_has_no_english_words(tmp_path):
    out = tmp_path / "out"
    path = toml(tmp_path, '"score", "cost"')
    result = runner.invoke(app, ["pareto", str(path), "--out", str(out), "--points", "3"])
    assert result.exit_code == 0, result.output
    text = result.output.replace(str(out), "").replace("Ctrl-C", "")
    text = re.sub(r"--[a-z-]+", "", text)
    assert "收益表" in text and "帕累托前沿" in text and "非精确" in text
    assert not re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("objectives", [",,,", "score,,cost", "", " , ", "cost,"])
@pytest.mark.parametrize("command", ["pareto", "solve"])
def test_malformed_objective_lists_are_one_line_errors(tmp_path, command, objectives):
    out = tmp_path / "out"
    args = [command, str(toml(tmp_path)), "--objectives", objectives, "--out", str(out)]
    if command == "solve":
        args += ["--method", "weighted"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--objectives: expected a comma-separated list" in lines[0]
    assert not out.exists()


def test_max_steps_without_exact_is_a_one_line_error(tmp_path):
    path = toml(tmp_path, extra="max_steps = 3\n")
    result = runner.invoke(app, ["pareto", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "max_steps caps an exact front's steps" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_empty_objective_list_in_a_scenario_is_an_input_error(tmp_path):
    result = runner.invoke(app, ["pareto", str(toml(tmp_path, "")), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "multiobjective.objectives" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("exact", [True, False])
def test_a_stop_request_ends_the_grid_with_the_points_found(tmp_path, exact):
    stop = threading.Event()

    def press_ctrl_c(front):
        if front.points:
            stop.set()  # what the first Ctrl-C does

    sc = scenario(KP, tmp_path / "kp", exact=exact)
    _, front, _ = run_pareto(sc, on_point=press_ctrl_c, stop=stop)
    _, whole, _ = run_pareto(scenario(KP, tmp_path / "again", exact=exact))
    assert front.stopped == "interrupted" and 1 <= len(front.points) < len(whole.points)
    assert "interrupted (Ctrl-C) before the grid was finished" in front.not_exact_text
