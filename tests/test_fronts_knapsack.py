"""Exact fronts of multi-objective multi-dimensional knapsacks (projects with budgets and a
land quota), against enumeration of every portfolio and against published fronts."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from knapsack import DATA, brute_front, generate, published, scenario  # noqa: E402

from optimizer.pipeline import run_pareto  # noqa: E402

# small, hard knapsacks: the RINS and RENS sub-MIPs cost HiGHS more than they save
FAST = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}


def vectors(front):
    return {tuple(int(round(v)) for v in p.values) for p in front.points}


@pytest.mark.parametrize(
    ("items", "objectives", "capacities", "seed"),
    [(13, 3, 2, 0), (14, 3, 3, 3), (11, 4, 2, 0), (11, 4, 3, 4), (18, 2, 2, 4)],
)
def test_generated_front_equals_enumeration(tmp_path, items, objectives, capacities, seed):
    kp = generate(items, objectives, capacities, seed)
    _, front, _ = run_pareto(scenario(kp, tmp_path / "kp", highs=FAST))
    assert front.exact and not front.stopped
    assert vectors(front) == brute_front(kp)
    assert all(p.proven for p in front.points)


def test_published_2kp50_front_and_payoff(tmp_path):
    kp, truth = published("2kp50")
    seen = []
    _, front, _ = run_pareto(scenario(kp, tmp_path / "kp", highs=FAST), on_payoff=seen.append)
    payoff = pd.read_csv(DATA / "2kp50" / "payoff_table.csv", index_col=0).to_numpy()
    np.testing.assert_array_equal(seen[0].payoff.to_numpy(), payoff)
    assert front.exact and vectors(front) == truth and len(truth) == 35
    assert front.grid_solves == 35  # one solve per point: each jump lands on the next


@pytest.mark.slow
@pytest.mark.parametrize("name", ["2kp100", "3kp40"])
def test_published_fronts(tmp_path, name):
    kp, truth = published(name)
    _, front, _ = run_pareto(scenario(kp, tmp_path / "kp", highs=FAST, total_time_limit=3600))
    assert front.exact and vectors(front) == truth


def test_benchmark_script_runs_and_checks_itself():
    out = subprocess.run(
        [sys.executable, "benchmarks/knapsack_fronts.py", "--instances", "", "--items", "8"]
        + ["--objectives", "2,3", "--check"],
        cwd=Path(__file__).resolve().parents[1],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    lines = out.strip().splitlines()
    assert len(lines) == 2 and all(
        re.search(r"(\d+)/\1 of the reference, 0 other", x) for x in lines
    )
    assert all(x.endswith(", exact") for x in lines)
