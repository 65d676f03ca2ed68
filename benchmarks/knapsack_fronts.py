"""Exact Pareto fronts of multi-objective knapsacks, timed, in one run.

1. Published instances (data/kp: 2kp50, 2kp100, 3kp40): points found against the published
   front (the reference), time, solves per point and the share of the front's grid cells
   skipped, with one worker and with `--workers` (the ratio is measured in this run).
2. Growth: generated instances (`--items`, `--objectives`): time and solves as items and
   objectives grow; `--check` compares those of up to 20 items with enumeration.

HiGHS runs with its RINS and RENS sub-MIP heuristics off (`--highs default` keeps HiGHS's
defaults): on these small, hard MIPs they take about half of HiGHS's time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path

from knapsack import Knapsack, brute_front, generate, published, scenario

from optimizer.analysis.multiobjective import SLICES_PER_WORKER
from optimizer.analysis.pareto_result import ParetoResult
from optimizer.pipeline import run_pareto
from optimizer.studies.parallel import run_tasks

FAST = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}


def front(kp: Knapsack, workers: int, options: dict) -> tuple[ParetoResult, float]:
    """The front with `workers` worker processes (1: in this process) and its wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        sc = scenario(kp, Path(tmp) / "kp", highs=options, total_time_limit=7200)
        start = time.perf_counter()
        if workers > 1:
            slices = workers * SLICES_PER_WORKER[len(kp.c)]
            runner = partial(run_tasks, jobs=workers)
            _, result, _ = run_pareto(sc, slices=slices, run_tasks=runner)
        else:
            _, result, _ = run_pareto(sc)
        return result, time.perf_counter() - start


def line(label: str, result: ParetoResult, seconds: float, truth: set | None) -> str:
    found = {tuple(int(round(v)) for v in p.values) for p in result.points}
    check = ""
    if truth is not None:
        check = f"{len(found & truth)}/{len(truth)} of the reference, {len(found - truth)} other; "
    points = max(len(result.points), 1)
    return (
        f"{label:<24} {len(result.points):>4} points, {check}{seconds:7.1f} s, "
        f"{result.grid_solves} grid solves ({result.grid_solves / points:.2f} per point, "
        f"{result.infeasible} infeasible), {result.skipped_share:.2%} of "
        f"{result.front_cells:,} cells skipped, {'exact' if result.exact else 'NOT EXACT'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", default="2kp50,2kp100,3kp40")
    parser.add_argument("--workers", type=int, default=2, help="also run with this many")
    parser.add_argument("--items", default="10,20,30,40", help="growth: generated sizes")
    parser.add_argument("--objectives", default="2,3,4", help="growth: objective counts")
    parser.add_argument("--max-items-4", type=int, default=20, help="4 objectives up to")
    parser.add_argument("--highs", choices=["fast", "default"], default="fast")
    parser.add_argument("--check", action="store_true", help="growth: enumerate (n <= 20)")
    args = parser.parse_args()
    options = FAST if args.highs == "fast" else {}
    for name in filter(None, args.instances.split(",")):
        kp, truth = published(name)
        one, t1 = front(kp, 1, options)
        print(line(f"{name}, 1 worker", one, t1, truth), flush=True)
        if args.workers > 1:
            many, tn = front(kp, args.workers, options)
            print(line(f"{name}, {args.workers} workers", many, tn, truth), flush=True)
            print(f"{'':<24} speed-up with {args.workers} workers: {t1 / tn:.2f}×", flush=True)
    for p in (int(x) for x in filter(None, args.objectives.split(","))):
        for n in (int(x) for x in filter(None, args.items.split(","))):
            if p == 4 and n > args.max_items_4:
                continue
            kp = generate(n, p, p, seed=n)
            result, seconds = front(kp, 1, options)
            truth = brute_front(kp) if args.check and n <= 20 else None
            print(line(f"generated {p} obj, {n} items", result, seconds, truth), flush=True)


if __name__ == "__main__":
    main()
