"""Interactive speed: the sample end to end, and HiGHS on the sample (at its 0.1 % gap) and
on generated plans (at 1 %), each beside the LP relaxation of the same model (the floor
this formulation can reach).

    python benchmarks/speed.py                       # sample + 2,000 + 5,000 projects
    python benchmarks/speed.py --sizes 20000         # the large one (about a minute each)
    python benchmarks/speed.py --option mip_heuristic_effort=0.3   # compare a HiGHS option
    python benchmarks/speed.py --front 2000          # + a 12-point score/cost front

The front (`urbopt pareto --objectives score,cost --points 12`, 1 % gap per
point) is timed from the payoff table to the last point; its floor is its solve count
times the LP relaxation of the same model.

Every figure is the median over `--seeds` HiGHS random seeds, each measured in its own
process (peak memory is that process's). Run-to-run variance of MIP times is large (a
seed can change HiGHS's path): compare medians and node counts, not single runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import highspy

if TYPE_CHECKING:
    from optimizer.solve.solver import Solver

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "scenarios" / "baseline.toml"


def _options(pairs: list[str]) -> dict[str, object]:
    options: dict[str, object] = {}
    for pair in pairs:
        name, _, text = pair.partition("=")
        try:
            options[name] = json.loads(text)
        except json.JSONDecodeError:
            options[name] = text
    return options


def lp_relaxation_seconds(solver: Solver) -> float:
    """HiGHS's time for the LP relaxation of the model `solver` has handed over."""
    assert solver.highs is not None
    relaxed = highspy.Highs()
    relaxed.setOptionValue("output_flag", False)
    relaxed.passModel(solver.highs.getModel())
    relaxed.setOptionValue("solve_relaxation", True)
    start = time.perf_counter()
    relaxed.run()
    return time.perf_counter() - start


def child(size: int, seed: int, gap: float, options: dict[str, object]) -> dict:
    """One measurement in this process: build, HiGHS to `gap`, and the LP relaxation.
    Size 0 is the embedded sample (baseline scenario)."""
    from optimizer.config import Scenario
    from optimizer.io.synthetic import generate, write_dataset
    from optimizer.model.build import build_model
    from optimizer.model.inputs import prepare
    from optimizer.pipeline import load_data
    from optimizer.solve.solver import Solver

    with tempfile.TemporaryDirectory() as tmp:
        data = SAMPLE.parents[1] / "data" / "jincheng" if size == 0 else Path(tmp)
        if size:
            write_dataset(generate(size), data)
        highs_options = {"random_seed": seed, **options}
        base = {} if size else tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
        base.pop("data", None)
        gap = base.get("solver", {}).get("mip_gap", gap)  # the sample at its own gap
        solver = {"mip_gap": gap, "highs": highs_options}
        scenario = Scenario.model_validate(base | {"name": "g", "data": data, "solver": solver})
        start = time.perf_counter()
        d = prepare(load_data(scenario), scenario)
        model = build_model(d)
        solver = Solver(model, 3600, gap, options=highs_options, canonical=True)
        outcome = solver.solve()
        total = time.perf_counter() - start
        lp_seconds = lp_relaxation_seconds(solver)
    return {
        "status": outcome.status.value,
        "gap": outcome.gap,
        "gap_asked": gap,
        "highs": outcome.highs_seconds,
        "lp": lp_seconds,
        "wall": total,
        "nodes": outcome.nodes,
        "columns": len(solver.handed.variables) if solver.handed else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def front_child(size: int, seed: int, gap: float, points: int) -> dict:
    """The score/cost front of a generated plan: payoff table and grid, and the LP floor."""
    from optimizer.config import Scenario
    from optimizer.io.synthetic import generate, write_dataset
    from optimizer.model.build import build_model
    from optimizer.pipeline import run_pareto
    from optimizer.solve.solver import Solver

    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(generate(size), Path(tmp))
        scenario = Scenario.model_validate(
            {
                "name": "front",
                "data": tmp,
                "solver": {"mip_gap": gap, "highs": {"random_seed": seed}},
                "multiobjective": {
                    "objectives": ["score", "cost"],
                    "points": points,
                    "exact": False,
                },
            }
        )
        start = time.perf_counter()
        inputs, front, _ = run_pareto(scenario)
        seconds = time.perf_counter() - start
        solver = Solver(build_model(inputs))  # the score model, handed over, not solved
        solver.attach()
        lp = lp_relaxation_seconds(solver)
    return {"points": len(front.points), "solves": front.solves, "wall": seconds, "lp": lp}


def measure(size: int, seeds: list[int], gap: float, pairs: list[str]) -> dict:
    runs = []
    for seed in seeds:
        command = [sys.executable, __file__, "--child", str(size), str(seed), str(gap), *pairs]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in runs) for k in ("highs", "lp", "wall", "peak_mb")}
    return med | {
        "runs": runs,
        "nodes": [r["nodes"] for r in runs],
        "ratio": med["highs"] / med["lp"] if med["lp"] else float("nan"),
    }


def sample(seeds: list[int], pairs: list[str]) -> list[tuple[float, dict[str, float]]]:
    """`urbopt solve` on the sample, explanations included, as a user runs it: wall time and
    the stages' times the run wrote in summary.json."""
    times = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            scenario = Path(tmp) / "s.toml"
            extra = "".join(f"{k} = {v}\n" for k, v in _options(pairs).items())
            scenario.write_text(
                f'extends = "{SAMPLE}"\nname = "baseline"\n[solver.highs]\n'
                f"random_seed = {seed}\n{extra}",
                encoding="utf-8",
            )
            urbopt = [sys.executable, "-m", "optimizer", "solve", str(scenario), "--out"]
            start = time.perf_counter()
            subprocess.run([*urbopt, str(Path(tmp) / "out")], capture_output=True, check=True)
            wall = time.perf_counter() - start
            summary = json.loads((Path(tmp) / "out" / "summary.json").read_text(encoding="utf-8"))
            times.append((wall, summary["timings"]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0,2000,5000", help="projects; 0 = the sample")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--option", action="append", default=[], help="HiGHS name=value")
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--front", type=int, default=0, help="projects of a score/cost front")
    parser.add_argument("--front-points", type=int, default=12)
    parser.add_argument("--front-child", nargs=3, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.front_child is not None:
        size, seed, points = args.front_child
        print(json.dumps(front_child(size, seed, args.gap, points)))
        return
    if args.child is not None:
        size, seed, gap, *pairs = args.child + rest
        print(json.dumps(child(int(size), int(seed), float(gap), _options(pairs))))
        return
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"HiGHS {highspy.Highs().version()}, options {_options(args.option) or 'defaults'}")
    if not args.no_sample:
        runs = sample(seeds, args.option)
        walls = [wall for wall, _ in runs]
        print(
            f"sample, urbopt solve end to end (explanations included): median "
            f"{statistics.median(walls):.2f} s  (runs {', '.join(f'{t:.2f}' for t in walls)})"
        )
        for stage in runs[0][1]:
            spent = [timings.get(stage, 0.0) for _, timings in runs]
            print(
                f"  {stage}: median {statistics.median(spent):.2f} s  "
                f"(runs {', '.join(f'{t:.2f}' for t in spent)})"
            )
    for size in (int(s) for s in args.sizes.split(",") if s):
        m = measure(size, seeds, args.gap, args.option)
        runs = ", ".join(f"{r['highs']:.2f}" for r in m["runs"])
        gap = m["runs"][0]["gap_asked"]
        print(
            f"{size or 'sample':>6} projects: HiGHS to {gap:.1%} median {m['highs']:.2f} s, "
            f"LP relaxation {m['lp']:.2f} s, ratio {m['ratio']:.1f}, build+solve "
            f"{m['wall']:.2f} s, peak {m['peak_mb']:.0f} MB, nodes {m['nodes']}, "
            f"runs {runs} s"
        )
    if args.front:
        fronts = []
        for seed in seeds:
            command = [sys.executable, __file__, "--gap", str(args.gap), "--front-child"]
            command += [str(args.front), str(seed), str(args.front_points)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            fronts.append(json.loads(out.strip().splitlines()[-1]))
        walls = [f["wall"] for f in fronts]
        wall = statistics.median(walls)
        floor = statistics.median(f["solves"] * f["lp"] for f in fronts)
        print(
            f"{args.front:>6} projects: score/cost front, {args.front_points} grid points at "
            f"{args.gap:.0%}: median {wall:.1f} s, LP floor (solves x LP) {floor:.2f} s, "
            f"ratio {wall / floor:.1f}; points "
            f"{[f['points'] for f in fronts]}, solves {[f['solves'] for f in fronts]}, "
            f"runs {', '.join(f'{w:.1f}' for w in walls)} s"
        )


if __name__ == "__main__":
    main()
