"""The sample's N-point front end to end, as a user runs it:

    urbopt pareto scenarios/baseline.toml --objectives score,cost --points 5 --out DIR

timed from the command's start to its exit (issue 21's goal: 5 points of score and cost in
at most 30 s on the 2-core machine). Each run prints its wall time, the points and solves
from its summary.json, the grid's own time, and the 1-minute load average before it (the
timing means little on a loaded machine); then the median and the goal met or missed.

    python benchmarks/front_sample.py [--repeat 3] [--points 5] [--objectives score,cost]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 30.0


def run_once(scenario: Path, objectives: str, points: int) -> tuple[float, dict]:
    """One `urbopt pareto` in its own process: wall seconds and its summary.json."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "front"
        command = [sys.executable, "-m", "optimizer", "pareto", str(scenario)]
        command += ["--objectives", objectives, "--points", str(points), "--out", str(out)]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        return seconds, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "baseline.toml")
    parser.add_argument("--objectives", default="score,cost")
    parser.add_argument("--points", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for k in range(1, args.repeat + 1):
        load = os.getloadavg()[0]
        seconds, s = run_once(args.scenario, args.objectives, args.points)
        times.append(seconds)
        print(
            f"run {k}: {seconds:.1f} s end to end, {s['points']} points from "
            f"{s['grid_cells']} grid cells, {s['solves']} solves ({s['grid_solves']} on the "
            f"grid), grid {s['grid_seconds']:.1f} s; load before {load:.2f}",
            flush=True,
        )
    median = statistics.median(times)
    verdict = "met" if median <= GOAL_SECONDS else "missed"
    print(
        f"{args.objectives}, --points {args.points}: median {median:.1f} s over "
        f"{len(times)} runs (min {min(times):.1f}, max {max(times):.1f}); goal "
        f"{GOAL_SECONDS:g} s {verdict}"
    )


if __name__ == "__main__":
    main()
