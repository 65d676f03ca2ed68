"""Comparing scenarios: side-by-side tables and the project diff, from runs or folders."""

import pandas as pd
import pytest
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.results import from_folder
from optimizer.studies.compare import compare, load_result

runner = CliRunner()


@pytest.fixture
def two(tmp_path):
    data = write_dataset(
        tmp_path / "d", [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )
    paths = []
    for name, scale in (("base", 1.0), ("more", 1.1)):
        path = tmp_path / f"{name}.toml"
        path.write_text(
            f'name = "{name}"\ndata = "{data}"\n[budget]\nscale = {scale}\n[solver]\nmip_gap = 0\n',
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_diff_names_projects_that_moved_with_reasons(two):
    tables = compare([load_result(p) for p in two])
    diff = tables["project_diff"].set_index("project_id")
    # 100 funds P2+P3; 110 funds P1+P2
    assert diff.loc["P1", "change"] == "funded in more only"
    assert diff.loc["P3", "change"] == "funded in base only"
    assert "还差 60 万元" in diff.loc["P1", "why_base"]
    assert "P2" not in diff.index  # funded in both, same year, same source
    summary = tables["summary"].set_index("scenario")
    assert summary.loc["base", "funded"] == 2 and summary.loc["more", "cost_in_plan_wan"] == 110
    costs = tables["cost_by_source"].set_index("source_id")
    assert costs.loc["gb", "base"] == 100 and costs.loc["gb", "more"] == 110
    attain = tables["attainment"].set_index("indicator_id")
    assert attain.loc["ind", "base"] == pytest.approx(0.09) and attain.loc[
        "ind", "more"
    ] == pytest.approx(0.12)


def test_result_folder_compares_like_the_scenario(two, tmp_path):
    out = tmp_path / "out_base"
    assert runner.invoke(app, ["solve", str(two[0]), "--out", str(out)]).exit_code == 0
    from_files = compare([from_folder(out), load_result(two[1])])["project_diff"]
    from_runs = compare([load_result(p) for p in two])["project_diff"]
    pd.testing.assert_frame_equal(
        from_files.reset_index(drop=True), from_runs.reset_index(drop=True)
    )


def test_compare_cli(two, tmp_path):
    book = tmp_path / "cmp.xlsx"
    result = runner.invoke(app, ["compare", *map(str, two), "--out", str(book)])
    assert result.exit_code == 0, result.output
    assert "funded in more only" in result.output
    sheets = pd.read_excel(book, sheet_name=None)
    assert {
        "summary",
        "cost_by_source",
        "cost_by_region",
        "cost_by_year",
        "attainment",
        "project_diff",
    } <= set(sheets)
    assert runner.invoke(app, ["compare", str(two[0])]).exit_code == 2
    missing = runner.invoke(app, ["compare", str(two[0]), str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "not found" in missing.output
