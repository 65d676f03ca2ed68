"""Comparing scenarios: side-by-side tables and the project diff, from runs or folders;
each project that moved is explained from the two results' tables."""

from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.output import save_workbook
from optimizer.io.results import from_folder
from optimizer.reports.workbook import compare_workbook
from optimizer.studies.compare import all_names, compare, load_result

runner = CliRunner()


@pytest.fixture
def two(tmp_path):
    data = write_dataset(
        tmp_path / "d",
        [project("P1", 60, 7), project("P2", 50, 5, region="b"), project("P3", 50, 4)],
    )
    regions = data / "regions.csv"
    regions.write_text("region_id,name\na,城区\nb,泽州县\n", encoding="utf-8")
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
    tables = compare([load_result(p) for p in two], "en")
    diff = tables["project_diff"].set_index("project_id")
    # 100 funds P2+P3; 110 funds P1+P2
    assert diff.loc["P1", "change"] == "funded in more only"
    assert diff.loc["P3", "change"] == "funded in base only"
    assert "还差 60 万元" in diff.loc["P1", "why_base"]
    assert "P2" not in diff.index  # funded in both, same year, same source
    # what took P3's money, and what the base funded instead of P1: the same pool
    assert diff.loc["P3", "explanation"] == (
        "not funded in more: its pools (gb 2024 city-wide) paid for P1 instead"
    )
    assert diff.loc["P1", "explanation"] == (
        "in base, the same pools (gb 2024 city-wide) paid for P3 instead"
    )
    summary = tables["summary"].set_index("scenario")
    assert (
        summary.loc["base", "funded_count"] == 2 and summary.loc["more", "cost_in_plan_wan"] == 110
    )
    costs = tables["cost_by_source"].set_index("source_id")
    assert costs.loc["gb", "base"] == 100 and costs.loc["gb", "more"] == 110
    attain = tables["attainment"].set_index("indicator_id")
    assert attain.loc["ind", "base"] == pytest.approx(0.09)
    assert attain.loc["ind", "more"] == pytest.approx(0.12)


def test_explanations_in_chinese_by_default(two):
    diff = compare([load_result(p) for p in two])["project_diff"].set_index("project_id")
    assert diff.loc["P3", "change"] == "仅在 base 中入选"
    assert diff.loc["P3", "explanation"] == (
        "在 more 中未入选：同一资金池（gb 2024 全市）改为安排了 P1"
    )


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
    assert "仅在 more 中入选" in result.output and "改为安排了 P1" in result.output
    assert "9.0%" in result.output and "12.0%" in result.output  # attainment in %, as in solve
    assert "泽州县" in result.output  # names beside (here: instead of) the ids
    wb = load_workbook(book)
    assert wb.sheetnames == ["摘要", "按资金来源", "按年度", "按地区", "指标完成度", "项目变化"]
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    region = wb["按地区"]
    assert [c.value for c in region[1]] == ["地区编号", "地区", "base", "more"]
    assert {region["B2"].value, region["B3"].value} == {"城区", "泽州县"}
    assert region["C2"].number_format == "#,##0"
    attain = wb["指标完成度"]
    assert attain["C2"].value == pytest.approx(0.09) and attain["C2"].number_format == "0.0%"
    english = runner.invoke(app, ["compare", *map(str, two), "--lang", "en"])
    assert english.exit_code == 0 and "funded in more only" in english.output
    assert runner.invoke(app, ["compare", str(two[0])]).exit_code == 2
    missing = runner.invoke(app, ["compare", str(two[0]), str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "not found" in missing.output


def test_compare_out_is_checked_before_solving(two, tmp_path):
    result = runner.invoke(app, ["compare", *map(str, two), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.output
    assert "仅在" not in result.output  # nothing was compared


def test_columns_named_after_scenarios_keep_their_names(two, tmp_path):
    """A scenario called like a column id (baseline, status) is not translated or reformatted."""
    runs = [
        replace(load_result(p), name=n) for p, n in zip(two, ("baseline", "status"), strict=True)
    ]
    tables = compare(runs)
    book = tmp_path / "c.xlsx"
    save_workbook(book, compare_workbook(tables, all_names(runs), "zh"))
    ws = load_workbook(book)["按资金来源"]
    assert [c.value for c in ws[1]][2:] == ["baseline", "status"]
    assert [c.value for c in ws[2]][2:] == [100, 110] and ws["D2"].number_format == "#,##0"


def test_the_same_question_asked_twice_is_solved_once(tmp_path, monkeypatch):
    import optimizer.studies.compare as compare_module
    from optimizer.studies.compare import load_results

    data = write_dataset(tmp_path / "d", [project("P1", 60, 7), project("P2", 50, 5)])
    files = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.toml"
        path.write_text(f'name = "{name}"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
        files.append(path)
    calls = []
    real = compare_module.run_scenario
    monkeypatch.setattr(
        compare_module, "run_scenario", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    first, second = load_results(files)
    assert len(calls) == 1 and data.exists()
    assert (first.name, second.name) == ("first", "second")
    assert second.summary["scenario"] == "second"
    assert first.ranked.equals(second.ranked)
