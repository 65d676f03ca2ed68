"""Hand-over: the same built model given to HiGHS by Pyomo's persistent interface
(`pyomo.contrib.solver` Highs.set_instance) and by optimizer/handover.py, timed in one
run at each size, best of `--repeat`; prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import highspy
import pyomo.environ as pyo
from pyomo.common.tee import capture_output
from pyomo.contrib.solver.solvers.highs import Highs

from optimizer.config import Scenario
from optimizer.io.synthetic import generate, write_dataset
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data
from optimizer.solve.handover import HighsModel


def _best(
    run: Callable[[pyo.ConcreteModel], object], model: pyo.ConcreteModel, repeat: int
) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(model)
        times.append(time.perf_counter() - start)
    return min(times)


def _pyomo(model: pyo.ConcreteModel) -> None:
    Highs().set_instance(model)


def _ours(model: pyo.ConcreteModel) -> None:
    with capture_output(capture_fd=True):  # HiGHS prints a banner when created
        highs = highspy.Highs()
    HighsModel(model, highs)


def main() -> None:
    """Generate each size, build once, time both hand-overs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            write_dataset(generate(n), Path(tmp))
            scenario = Scenario.model_validate({"name": "handover", "data": tmp})
            model = build_model(prepare(load_data(scenario), scenario))
        pyomo = _best(_pyomo, model, args.repeat)
        ours = _best(_ours, model, args.repeat)
        print(
            f"{n:>6} projects: Pyomo persistent {pyomo:.2f}s, handover.py {ours:.2f}s, "
            f"ratio {pyomo / ours:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
