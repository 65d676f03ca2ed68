"""3-objective Pareto front on the sample and on a generated instance.

Prints points, solves, total time and time per point, and what building once saves:
the overhead outside HiGHS of an in-memory re-solve (push changed params, load the
solution) against rebuilding the model and handing it to HiGHS again, measured in the
same run. Then the same front again without warm starts: HiGHS's time with and without
the previous solution handed over as a MIP start.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from instances import sample_and_generated

from optimizer.analysis.multiobjective import MultiObjective
from optimizer.config import Scenario
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data

OBJECTIVES = ["score", "cost", "balance"]


def front(
    data: Path, label: str, points: int, gap: float, point_limit: float, warm: bool = True
) -> float | None:
    """Cold build + first solve, then the front on the same model; returns HiGHS seconds."""
    scenario = Scenario.model_validate(
        {
            "name": label,
            "data": str(data),
            "multiobjective": {"objectives": OBJECTIVES, "points": points},
        }
    )
    inputs = prepare(load_data(scenario), scenario)
    start = time.perf_counter()
    runner = MultiObjective(build_model(inputs), inputs, scenario.multiobjective, point_limit, gap)
    runner.warm_start = warm
    head = f"{label:>10}: {'warm' if warm else 'cold'} starts"
    build = time.perf_counter() - start
    start = time.perf_counter()
    payoff, outcome = runner.payoff_table()
    if payoff.empty:
        print(f"{head}, payoff table failed ({outcome.status.value}); no front", flush=True)
        return None
    result = runner.augmecon(runner.plan_grid(payoff), payoff, 3600)
    total = time.perf_counter() - start
    first, rest = runner.outcomes[0], runner.outcomes[1:]
    transfer = first.seconds - first.highs_seconds  # hand the model to HiGHS, load solution
    cold_overhead = build + transfer
    warm_overhead = statistics.mean(o.seconds - o.highs_seconds for o in rest)
    highs = sum(o.highs_seconds for o in runner.outcomes)
    print(
        f"{head}, {len(inputs.projects):>5} projects, {len(result.points)} points, "
        f"{result.solves} solves ({result.infeasible} infeasible), total {total:.1f}s, "
        f"{total / max(len(result.points), 1):.2f}s per point, HiGHS {highs / total:.0%} of it\n"
        f"{'':>12}overhead outside HiGHS per solve: rebuild+transfer {cold_overhead:.3f}s, "
        f"in-memory re-solve {warm_overhead:.3f}s, ratio {warm_overhead / cold_overhead:.2f}\n"
        f"{'':>12}{'exact' if result.exact else 'not exact: ' + '; '.join(result.not_exact)}",
        flush=True,
    )
    return highs


def main() -> None:
    """Sample first, then a generated instance of the requested size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--points", type=int, default=3)
    parser.add_argument("--mip-gap", type=float, default=0.01)
    parser.add_argument("--point-time-limit", type=float, default=30)
    args = parser.parse_args()
    with sample_and_generated(args.projects) as instances:
        for label, data in instances:
            warm = front(data, label, args.points, args.mip_gap, args.point_time_limit)
            cold = front(data, label, args.points, args.mip_gap, args.point_time_limit, False)
            if warm and cold:
                print(
                    f"{'':>12}HiGHS time, warm starts {warm:.1f}s vs none {cold:.1f}s: "
                    f"speed-up {cold / warm:.2f}×"
                )
            elif warm:
                print(f"{'':>12}without warm starts: no front within the time limits")


if __name__ == "__main__":
    main()
