"""Time each pipeline stage on the sample and on a generated instance; print HiGHS's share."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from instances import sample_and_generated

from optimizer.config import Scenario
from optimizer.pipeline import run_scenario


def measure(data: Path, label: str, time_limit: float) -> None:
    """Run one scenario without explanations and print stage times and HiGHS's share."""
    scenario = Scenario.model_validate(
        {"name": label, "data": str(data), "solver": {"explain": False, "time_limit": time_limit}}
    )
    start = time.perf_counter()
    result = run_scenario(scenario)
    wall = time.perf_counter() - start
    t = result.timings
    o = result.outcome
    gap = "–" if o.gap is None else f"{o.gap:.3%}"
    print(
        f"{label:>10}: {len(result.inputs.projects):>6} projects  status {o.status.value:<8} "
        f"gap {gap:>7}  load+validate {t['load_validate']:.2f}s  build {t['build']:.2f}s  "
        f"solve {t['solve']:.2f}s (HiGHS {o.highs_seconds:.2f}s)  wall {wall:.2f}s  "
        f"HiGHS share {o.highs_seconds / wall:.0%}"
    )


def main() -> None:
    """Sample data first, then a generated instance of the requested size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=120)
    args = parser.parse_args()
    with sample_and_generated(args.projects) as instances:
        for label, data in instances:
            measure(data, label, args.time_limit)


if __name__ == "__main__":
    main()
