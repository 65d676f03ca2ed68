"""The benchmark scripts stay runnable, and the highspy reference is the same model."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(script: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return out.stdout


def test_scale_reference_reaches_the_same_optimum():
    out = _run("scale.py", "--sizes", "100", "--gap", "0", "--resolves", "1")
    ours, reference = (float(x) for x in re.findall(r"obj (-?[\d.]+)", out))
    assert ours == pytest.approx(reference, abs=1e-4)  # both optimal, printed to 4 decimals
    assert re.search(r"ratio \d+\.\d+", out)
    assert "1 re-solves warm" in out


def test_handover_benchmark_prints_a_ratio():
    out = _run("handover.py", "--sizes", "100", "--repeat", "1")
    assert re.search(r"100 projects: Pyomo persistent [\d.]+s, handover.py [\d.]+s, ratio", out)


@pytest.mark.slow
def test_pareto_and_sample_benchmarks_run():
    assert "speed-up" in _run("pareto_front.py", "--projects", "100", "--points", "2")
    assert "HiGHS share" in _run("solve_sample.py", "--projects", "100")


@pytest.mark.slow
def test_front_sample_benchmark_prints_its_times():
    out = _run("front_sample.py", "--repeat", "1", "--points", "3")
    assert re.search(r"run 1: [\d.]+ s end to end, [1-3] points from 3 grid cells", out)
    assert re.search(r"median [\d.]+ s over 1 runs .* goal 30 s (met|missed)", out)
