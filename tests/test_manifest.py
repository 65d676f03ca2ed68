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
    # the portfolio's score: the cost tie-break (1e-4 × 100 / 160) only breaks ties
    assert manifest["result"]["objective"] == pytest.approx(0.09)
    assert manifest["result"]["objective_name"] == "score"
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


def test_manifest_records_absent_optional_tables_as_null(solved):
    _, _, out = solved
    hashes = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["data_sha256"]
    assert hashes["dependencies.csv"] is None and hashes["land_quota.csv"] is None
    assert len(hashes) == 13 and all(hashes[f] for f in ("projects.csv", "funding.csv"))


def test_rerun_notices_an_optional_table_added_after_the_solve(solved):
    data, _, out = solved
    (data / "dependencies.csv").write_text("project_id,requires\nP1,P2\n", encoding="utf-8")
    result = runner.invoke(app, ["rerun", str(out)])
    assert result.exit_code == 2
    assert f"{data / 'dependencies.csv'}: added since the result was made" in result.output


def test_rerun_notices_a_removed_table(solved):
    data, _, out = solved
    (data / "eligibility.csv").unlink()
    result = runner.invoke(app, ["rerun", str(out)])
    assert result.exit_code == 2
    assert f"{data / 'eligibility.csv'}: removed since the result was made" in result.output


def _tamper(out, change):
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


TAMPERED = {
    "no hashes": (lambda m: m.update(data_sha256={}), "no data hashes"),
    "hashes missing": (lambda m: m.pop("data_sha256"), "key 'data_sha256'"),
    "a table left out": (
        lambda m: m["data_sha256"].pop("land_quota.csv"),
        "does not list the data set's table files (land_quota.csv)",
    ),
    "hash not hex": (
        lambda m: m["data_sha256"].update({"projects.csv": 5}),
        "key 'data_sha256.projects.csv': must be a sha256",
    ),
    "scenario missing": (lambda m: m.pop("scenario"), "key 'scenario': must be an object"),
    "scenario mistyped": (
        lambda m: m["scenario"]["solver"].update(mip_gap="small"),
        "key 'scenario.solver.mip_gap'",
    ),
    "unknown scenario key": (lambda m: m["scenario"].update(budgett=1), "scenario.budgett"),
    "result mistyped": (lambda m: m.update(result=[1]), "key 'result': must be an object"),
    "objective mistyped": (
        lambda m: m["result"].update(objective="0.09"),
        "key 'result.objective': must be a number or null",
    ),
    "status missing": (lambda m: m["result"].pop("status"), "key 'result.status'"),
    "data elsewhere": (
        lambda m: m.update(data="/somewhere/else"),
        "'data' (/somewhere/else) is not the scenario's data set",
    ),
    "data gone": (
        lambda m: (m.update(data="/gone"), m["scenario"].update(data="/gone")),
        "/gone: the data set of this result is gone",
    ),
    "kind missing": (lambda m: m.pop("kind"), "no 'kind' of result; rerun takes solve results"),
    "not an object": (lambda m: m.clear(), "rerun takes solve results"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_manifest_is_one_clear_line(solved, case):
    change, expected = TAMPERED[case]
    _tamper(solved[2], change)
    result = runner.invoke(app, ["rerun", str(solved[2])])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and expected in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2]", "null", '"text"', "\ufeff{}"])
def test_a_manifest_that_is_not_json_or_not_an_object_is_refused(solved, text):
    (solved[2] / "manifest.json").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rerun", str(solved[2])])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "manifest.json" in result.output


def test_rerun_a_folder_that_is_not_a_result(tmp_path):
    result = runner.invoke(app, ["rerun", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "only folders written by `solve --out`" in result.output


def test_rerun_names_an_edited_summary_or_ranked_list(solved):
    """The issue's cases: summary.json edited to objective 99, a funded flag flipped."""
    out = solved[2]
    summary = out / "summary.json"
    summary.write_text(
        json.dumps(json.loads(summary.read_text("utf-8")) | {"objective": 99}), "utf-8"
    )
    ranked = out / "ranked_projects.csv"
    text = ranked.read_text("utf-8-sig")
    ranked.write_text(text.replace(",y,", ",n,", 1), "utf-8-sig")
    result = runner.invoke(app, ["rerun", str(out)])
    assert result.exit_code == 1 and "reproduced" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and all("changed since the result was written" in x for x in lines)
    assert "ranked_projects.csv" in lines[0] and "summary.json" in lines[1]
    report = runner.invoke(app, ["report", str(out)])
    assert report.exit_code == 0 and report.output.count("warning:") == 2
