"""3-objective Pareto front on the sample and on a generated instance: points, solves,
time per point, and its ratio to one cold build + solve (re-solves must be cheaper)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from optimizer.config import Scenario
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.multiobjective import MultiObjective
from optimizer.pipeline import load_data
from optimizer.solve import Solver
from optimizer.synthetic import generate, write_dataset

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVES = ["score", "cost", "balance"]


def front(data: Path, label: str, points: int, gap: float, point_limit: float) -> None:
    """Cold single solve first, then the whole front on one model, and the ratio."""
    scenario = Scenario.model_validate(
        {
            "name": label,
            "data": str(data),
            "solver": {"mip_gap": gap, "time_limit": point_limit, "explain": False},
            "multiobjective": {"objectives": OBJECTIVES, "points": points},
        }
    )
    inputs = prepare(load_data(scenario), scenario)
    start = time.perf_counter()
    Solver(build_model(inputs), point_limit, gap).solve()
    cold = time.perf_counter() - start

    start = time.perf_counter()
    runner = MultiObjective(build_model(inputs), inputs, scenario.multiobjective, point_limit, gap)
    payoff, outcome = runner.payoff_table()
    if payoff.empty:
        print(f"{label:>10}: payoff table failed ({outcome.status.value}); no front")
        return
    result = runner.augmecon(payoff, points, True, 200, 3600)
    total = time.perf_counter() - start
    per_solve = total / max(result.solves, 1)
    per_point = total / max(len(result.points), 1)
    print(
        f"{label:>10}: {len(inputs.projects):>5} projects  {len(result.points)} points  "
        f"{result.solves} solves ({result.infeasible} infeasible)  total {total:.1f}s  "
        f"per solve {per_solve:.2f}s  per point {per_point:.2f}s  cold build+solve {cold:.2f}s  "
        f"ratio per-solve/cold {per_solve / cold:.2f}  per-point/cold {per_point / cold:.2f}"
    )


def main() -> None:
    """Sample first, then a generated instance of the requested size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--points", type=int, default=4)
    parser.add_argument("--mip-gap", type=float, default=0.01)
    parser.add_argument("--point-time-limit", type=float, default=60)
    args = parser.parse_args()
    front(ROOT / "data" / "jincheng", "sample", args.points, args.mip_gap, args.point_time_limit)
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(generate(args.projects), Path(tmp))
        front(Path(tmp), "generated", args.points, args.mip_gap, args.point_time_limit)


if __name__ == "__main__":
    main()
