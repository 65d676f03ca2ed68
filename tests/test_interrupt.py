"""Ctrl-C during a solve: the first keeps the best portfolio and writes a complete result,
the second aborts and writes nothing. SIGTERM is a first Ctrl-C."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from optimizer.io.synthetic import generate, write_dataset


@pytest.fixture(scope="module")
def slow_scenario(tmp_path_factory) -> Path:
    """1,500 generated projects at a zero gap: incumbents come fast, the proof does not."""
    folder = tmp_path_factory.mktemp("slow")
    write_dataset(generate(1500), folder / "data")
    path = folder / "slow.toml"
    path.write_text(
        'name = "slow"\ndata = "data"\n[solver]\nmip_gap = 0\ntime_limit = 600\n', encoding="utf-8"
    )
    return path


def _start(scenario: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "optimizer", "solve", str(scenario), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_search(process: subprocess.Popen, seconds: float = 8.0) -> None:
    """Long enough for load, build, hand-over and HiGHS's first incumbent."""
    time.sleep(seconds)
    assert process.poll() is None, process.communicate()[0]


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.slow)]
)
def test_first_interrupt_keeps_the_best_portfolio(slow_scenario, tmp_path, sig):
    out = tmp_path / "out"
    process = _start(slow_scenario, out)
    _wait_for_search(process)
    process.send_signal(sig)
    output = process.communicate(timeout=120)[0]
    assert process.returncode == 130, output
    assert "Traceback" not in output and "中断" in output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and summary["interrupted"] is True
    assert summary["objective"] is not None and summary["gap"] is not None
    ranked = pd.read_csv(out / "ranked_projects.csv", encoding="utf-8-sig")
    assert (ranked["funded"] == "y").sum() == summary["funded"] > 0
    assert (out / "results.xlsx").exists() and (out / "manifest.json").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no stage left


def test_second_interrupt_aborts_and_writes_nothing(slow_scenario, tmp_path):
    out = tmp_path / "out"
    process = _start(slow_scenario, out)
    _wait_for_search(process)
    process.send_signal(signal.SIGINT)
    lines = []
    for line in process.stdout:  # the first Ctrl-C is acknowledged at once
        lines.append(line)
        if "收到中断" in line:
            break
    process.send_signal(signal.SIGINT)
    output = "".join(lines) + process.communicate(timeout=120)[0]
    assert process.returncode == 130, output
    assert "Traceback" not in output
    assert "放弃" in output and not out.exists()
    assert list(tmp_path.iterdir()) == []
