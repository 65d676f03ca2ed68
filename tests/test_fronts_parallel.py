"""The grid's outer slices in worker processes and on a Dask cluster give the serial front."""

import json
import sys
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from knapsack import generate, scenario, write_dataset  # noqa: E402
from test_parallel import cluster  # noqa: E402, F401  (the LocalCluster fixture)

from optimizer.cli import app  # noqa: E402
from optimizer.pipeline import run_pareto  # noqa: E402
from optimizer.studies.parallel import run_tasks  # noqa: E402

INSTANCES = {2: generate(16, 2, 2, seed=4), 3: generate(13, 3, 2, seed=0)}


def values(front):
    return [p.values for p in front.points]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = {}
    for p, kp in INSTANCES.items():
        sc = scenario(kp, tmp_path_factory.mktemp("kp") / f"kp{p}")
        out[p] = (sc, run_pareto(sc)[1])
    return out


@pytest.mark.parametrize("objectives", [2, 3])
def test_processes_equal_serial(serial, objectives):
    sc, alone = serial[objectives]
    seen = []
    _, front, _ = run_pareto(
        sc,
        on_point=lambda f: seen.append(len(f.points)),
        slices=3,
        run_tasks=partial(run_tasks, jobs=2),
    )
    assert front.slices == 3 and front.exact and alone.exact
    assert values(front) == values(alone)  # merged, filtered and sorted the same way
    assert len(seen) == 3  # one report per finished slice
    assert front.grid_solves >= alone.grid_solves  # a cut costs the solves below it


@pytest.mark.parametrize("objectives", [2, 3])
def test_dask_cluster_equals_serial(serial, cluster, objectives):  # noqa: F811
    sc, alone = serial[objectives]
    _, front, _ = run_pareto(sc, slices=4, run_tasks=partial(run_tasks, scheduler=cluster))
    assert front.exact and values(front) == values(alone)


def test_cli_jobs_and_unreachable_scheduler(tmp_path):
    data = write_dataset(INSTANCES[3], tmp_path / "data")
    toml = tmp_path / "s.toml"
    toml.write_text(
        f'name = "kp"\ndata = "{data}"\n[solver]\nmip_gap = 0\nexplain = false\n'
        '[multiobjective]\nobjectives = ["gain:o1", "gain:o2", "gain:o3"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["pareto", str(toml), "--out", str(out), "--jobs", "2", "--exact"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["slices"] == 2 and summary["exact"] is True
    bad = CliRunner().invoke(
        app, ["pareto", str(toml), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert bad.exit_code == 2 and "cannot reach tcp://127.0.0.1:9" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "o").exists()
