"""Every result folder records what made it; `rerun` reproduces a solve or says why not."""

import hashlib
import json

import pytest
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()


@pytest.fixture
def solved(tmp_path):
    data = write_dataset(
        tmp_path / "d", [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(out)]).exit_code == 0
    return data, scenario, out


def test_manifest_records_inputs_versions_and_result(solved):
    data, scenario, out = solved
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected = hashlib.sha256((data / "projects.csv").read_bytes()).hexdigest()
    assert manifest["data_sha256"]["projects.csv"] == expected
    assert manifest["kind"] == "solve" and manifest["result"]["status"] == "optimal"
    assert manifest["result"]["score"] == pytest.approx(0.09)
    assert manifest["result"]["objective"] == pytest.approx(0.09 - 1e-4)  # minus the cost tie-break
    assert {"pyomo", "highspy", "python"} <= set(manifest["versions"])
    assert manifest["solver"]["mip_gap"] == 0 and manifest["solver"]["highs_random_seed"] == 0
    assert (out / "scenario.toml").read_text(encoding="utf-8") == scenario.read_text(
        encoding="utf-8"
    )


def test_rerun_reproduces(solved):
    result = runner.invoke(app, ["rerun", str(solved[2])])
    assert result.exit_code == 0 and "reproduced" in result.output


def test_rerun_refuses_changed_data(solved):
    data, _, out = solved
    path = data / "funding.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("100.0", "90.0"), encoding="utf-8")
    result = runner.invoke(app, ["rerun", str(out)])
    assert result.exit_code == 2 and "funding.csv" in result.output and "changed" in result.output


def test_rerun_detects_a_different_objective(solved):
    out = solved[2]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["result"]["objective"] = 0.5
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(app, ["rerun", str(out)])
    assert result.exit_code == 1 and "does not reproduce" in result.output


def test_rerun_needs_a_solve_folder(tmp_path, solved):
    assert runner.invoke(app, ["rerun", str(tmp_path)]).exit_code == 2
    _, scenario, _ = solved
    front = tmp_path / "front"
    ok = runner.invoke(
        app, ["pareto", str(scenario), "--objectives", "gain:ind,cost", "--out", str(front)]
    )
    assert ok.exit_code == 0
    assert json.loads((front / "manifest.json").read_text(encoding="utf-8"))["kind"] == "pareto"
    refused = runner.invoke(app, ["rerun", str(front)])
    assert refused.exit_code == 2 and "rerun takes solve results" in refused.output
