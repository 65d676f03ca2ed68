"""Parallel runs in worker processes and on a Dask cluster equal serial runs."""

import pandas as pd
import pytest
from distributed import LocalCluster
from support import project, scenario, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.errors import InputError
from optimizer.studies.compare import compare, load_result
from optimizer.studies.parallel import chunks, run_tasks
from optimizer.studies.sweep import Sweep, SweepParam

runner = CliRunner()
COLUMNS = ["budget.scale", "floor.ind", "status", "objective", "score", "funded", "rebuilt"]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def sweep_inputs(tmp_path):
    data = write_dataset(
        tmp_path,
        [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4), project("P4", 30, 2)],
    )
    params = [SweepParam("budget.scale", (0.5, 1.0, 1.5)), SweepParam("floor.ind", (0, 10, 16))]
    return scenario(data), params


def test_chunks_are_contiguous_and_complete():
    parts = chunks(list(range(10)), 3)
    assert parts == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert chunks([1], 4) == [[1]]


def test_processes_equal_serial(sweep_inputs):
    sc, params = sweep_inputs
    serial = Sweep(sc, params).run()[COLUMNS]
    parallel = Sweep(sc, params).run(jobs=2)[COLUMNS]
    pd.testing.assert_frame_equal(serial, parallel)
    assert set(serial["status"]) == {"optimal", "infeasible"}  # the grid crosses the edge


def test_dask_cluster_equals_serial(sweep_inputs, cluster):
    sc, params = sweep_inputs
    seen = []
    serial = Sweep(sc, params).run()[COLUMNS]
    on_dask = Sweep(sc, params).run(lambda n, total, rows: seen.append(n), scheduler=cluster)[
        COLUMNS
    ]
    pd.testing.assert_frame_equal(serial, on_dask)
    assert seen == sorted(seen) and seen[-1] == len(serial)


def test_compare_batch_in_parallel(tmp_path, cluster):
    data = write_dataset(tmp_path / "d", [project("P1", 60, 7), project("P2", 50, 5)])
    paths = []
    for name, scale in (("a", 1.0), ("b", 2.0), ("c", 0.5)):
        path = tmp_path / f"{name}.toml"
        path.write_text(
            f'name = "{name}"\ndata = "{data}"\n[budget]\nscale = {scale}\n', encoding="utf-8"
        )
        paths.append(path)
    serial = compare([load_result(p) for p in paths])
    for kwargs in ({"jobs": 2}, {"scheduler": cluster}):
        parallel = compare(run_tasks(load_result, [(p,) for p in paths], **kwargs))
        for name, frame in serial.items():
            pd.testing.assert_frame_equal(frame, parallel[name])


def sweep_cli(data, tmp_path, values, *extra):
    """Run `urbopt sweep` on budget.scale; returns the result and the output folder."""
    toml = tmp_path / "s.toml"
    toml.write_text(f'name = "t"\ndata = "{data}"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["sweep", str(toml), "--param", "budget.scale", "--values", values, "--out", str(out)]
    return runner.invoke(app, [*args, *extra]), out


def test_unreachable_scheduler_is_a_clear_error(sweep_inputs, tmp_path):
    sc, params = sweep_inputs
    with pytest.raises(InputError, match="cannot reach tcp://127.0.0.1:9"):
        Sweep(sc, params).run(scheduler="tcp://127.0.0.1:9")
    result, _ = sweep_cli(sc.data, tmp_path, "1,2", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and "cannot reach" in result.output
    assert "Traceback" not in result.output


def test_sweep_cli_with_jobs_keeps_every_run(sweep_inputs, tmp_path):
    sc, _ = sweep_inputs
    result, out = sweep_cli(sc.data, tmp_path, "0.5:1.5:0.25", "--jobs", "2", "--no-marginal")
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(out / "sweep.csv")["budget.scale"]) == [0.5, 0.75, 1.0, 1.25, 1.5]
