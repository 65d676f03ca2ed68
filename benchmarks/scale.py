"""Scale benchmark: generated instances of 500, 2,000, 5,000 (and 20,000 with --large)
projects. For each size, in separate processes (so peak memory is each one's own):

- ours: load+validate+prepare, build, time until HiGHS starts (build + handing the model
  over), HiGHS time, extraction, peak memory, objective, gap; then three budget re-solves
  (×0.97, ×1.03, ×0.95) warm-started on the persistent model against fresh HiGHS instances;
- reference: the same model built with highspy from numpy arrays (highspy_reference.py).

Prints ratio = (our build + hand-over + HiGHS + extract) / (reference build + HiGHS), and
the overhead ratio without HiGHS time, since HiGHS's own time differs run to run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highspy_reference import build_reference

from optimizer.config import Scenario
from optimizer.io.synthetic import generate, write_dataset
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data
from optimizer.solve.extract import extract_solution
from optimizer.solve.solver import Solver

RESOLVE_SCALES = (0.97, 1.03, 0.95)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inputs(folder: Path, gap: float, limit: float) -> tuple:
    scenario = Scenario.model_validate(
        {"name": "scale", "data": str(folder), "solver": {"mip_gap": gap, "time_limit": limit}}
    )
    start = time.perf_counter()
    inputs = prepare(load_data(scenario), scenario)
    return inputs, time.perf_counter() - start


def ours(folder: Path, gap: float, limit: float, resolves: int) -> dict:
    """Our pipeline, stage by stage, then `resolves` warm vs fresh re-solves."""
    inputs, load = _inputs(folder, gap, limit)
    start = time.perf_counter()
    model = build_model(inputs)
    build = time.perf_counter() - start
    solver = Solver(model, limit, gap, warm_start=True)
    outcome = solver.solve()
    start = time.perf_counter()
    extract_solution(model, inputs, outcome)
    extract = time.perf_counter() - start
    warm = fresh = 0.0
    for scale in RESOLVE_SCALES[:resolves]:
        for key, amount in inputs.pools.items():
            model.budget[key].set_value(amount * scale)
        warm += solver.solve().highs_seconds
        fresh += Solver(model, limit, gap).solve().highs_seconds
    return {
        "projects": len(inputs.projects),
        "load": load,
        "build": build,
        "handover": outcome.seconds - outcome.highs_seconds,
        "highs": outcome.highs_seconds,
        "extract": extract,
        "peak_mb": _peak_mb(),
        "objective": outcome.objective,
        "gap": outcome.gap,
        "status": outcome.status.value,
        "warm_resolve": warm,
        "fresh_resolve": fresh,
    }


def reference(folder: Path, gap: float, limit: float) -> dict:
    """The highspy-only build and solve of the same instance."""
    inputs, _ = _inputs(folder, gap, limit)
    start = time.perf_counter()
    highs = build_reference(inputs)
    build = time.perf_counter() - start
    highs.setOptionValue("mip_rel_gap", gap)
    highs.setOptionValue("time_limit", limit)
    start = time.perf_counter()
    highs.run()
    info = highs.getInfo()
    return {
        "build": build,
        "highs": time.perf_counter() - start,
        "gap": info.mip_gap,
        "peak_mb": _peak_mb(),
        "objective": info.objective_function_value,
        "status": highs.modelStatusToString(highs.getModelStatus()),
    }


def _child(mode: str, folder: Path, gap: float, limit: float, resolves: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--folder",
            str(folder),
            "--gap",
            str(gap),
            "--time-limit",
            str(limit),
            "--resolves",
            str(resolves),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _resolves(a: dict, count: int) -> str:
    if count == 0:
        return "re-solves skipped"
    return (
        f"{count} re-solves warm {a['warm_resolve']:.2f}s vs fresh {a['fresh_resolve']:.2f}s "
        f"(speed-up {a['fresh_resolve'] / max(a['warm_resolve'], 1e-9):.2f}×)"
    )


def main() -> None:
    """Parent: generate each size, run both modes, print one block per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--large", action="store_true", help="add 20,000 projects")
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument(
        "--resolves",
        type=int,
        default=len(RESOLVE_SCALES),
        help="budget re-solves after the first (0 measures the first solve only)",
    )
    parser.add_argument("--child", choices=["ours", "reference"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        if args.child == "ours":
            result = ours(args.folder, args.gap, args.time_limit, args.resolves)
        else:
            result = reference(args.folder, args.gap, args.time_limit)
        print(json.dumps(result))
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([20000] if args.large else [])
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_dataset(generate(n), Path(tmp))
            a = _child("ours", Path(tmp), args.gap, args.time_limit, args.resolves)
            b = _child("reference", Path(tmp), args.gap, args.time_limit, args.resolves)
        ours_total = a["build"] + a["handover"] + a["highs"] + a["extract"]
        ref_total = b["build"] + b["highs"]
        gap = "–" if a["gap"] is None else f"{a['gap']:.2%}"
        print(
            f"{n:>6} projects | ours: load {a['load']:.2f}s build {a['build']:.2f}s "
            f"until HiGHS {a['build'] + a['handover']:.2f}s HiGHS {a['highs']:.2f}s "
            f"extract {a['extract']:.2f}s peak {a['peak_mb']:.0f} MB {a['status']} gap {gap} "
            f"obj {a['objective']:.4f}\n"
            f"{'':>15}| reference: build {b['build']:.2f}s HiGHS {b['highs']:.2f}s "
            f"peak {b['peak_mb']:.0f} MB {b['status']} gap {b['gap']:.2%} "
            f"obj {b['objective']:.4f}\n"
            f"{'':>15}| ratio {ours_total / ref_total:.2f}, overhead outside HiGHS "
            f"{a['build'] + a['handover'] + a['extract']:.2f}s vs {b['build']:.2f}s; "
            f"{_resolves(a, args.resolves)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
