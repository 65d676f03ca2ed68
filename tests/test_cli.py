"""The CLI through typer's runner: sample scenario, Excel input, template, bad input, exit codes."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def tiny(tmp_path):
    write_dataset(
        tmp_path / "data", [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "tiny"\ndata = "data"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    return scenario


def test_solve_sample_scenario_writes_ranked_list(tmp_path):
    out = tmp_path / "out"
    result = invoke("solve", ROOT / "scenarios" / "baseline.toml", "--out", out, "--time-limit", 60)
    assert result.exit_code == 0, result.output
    assert "求解状态 最优" in result.output and "指标完成情况" in result.output
    ranked = pd.read_csv(out / "ranked_projects.csv")
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert (ranked["funded"].iloc[: (ranked["funded"] == "y").sum()] == "y").all()  # funded first
    assert ranked["why"].notna().all()
    assert {"funds_general_budget", "gain_old_communities", "extra_budget_wan"} <= set(
        ranked.columns
    )
    book = pd.read_excel(out / "results.xlsx", sheet_name=None)
    assert list(book) == ["摘要", "项目排序", "资金安排", "预算使用", "指标完成", "财政可持续性"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal" and summary["funded"] == (ranked["funded"] == "y").sum()
    attainment = pd.read_csv(out / "indicator_attainment.csv")
    assert attainment.loc[attainment["binding"], "met"].all()


@pytest.mark.parametrize("name", ["austerity", "no_ppp", "equity_first"])
def test_shipped_scenarios_solve(name):
    result = invoke("solve", ROOT / "scenarios" / f"{name}.toml", "--no-explain")
    assert result.exit_code == 0, result.output


def test_tunnels_30km_is_reported_infeasible_with_conflict(tmp_path):
    out = tmp_path / "out"
    result = invoke("solve", ROOT / "scenarios" / "tunnels_30km.toml", "--out", out)
    assert result.exit_code == 3
    assert "utility_tunnel_km" in result.output and "Traceback" not in result.output
    conflicts = pd.read_csv(out / "conflicts.csv", encoding="utf-8-sig")
    # the tunnel target alone: no noise-sized slack on other rules (the scenario's gap is 0.1 %)
    assert list(conflicts["family"]) == ["indicator target"]
    assert "utility_tunnel_km" in conflicts["rule"][0]
    assert conflicts["violation"][0] == pytest.approx(3.96, abs=0.01)


def test_validate_sample():
    result = invoke("validate", ROOT / "scenarios" / "baseline.toml")
    assert result.exit_code == 0 and "valid" in result.output


def test_excel_workbook_input_solves_like_csv(tmp_path, tiny):
    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book) as xl:
        for csv in sorted((tmp_path / "data").glob("*.csv")):
            if csv.stat().st_size:
                pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(
                    xl, sheet_name=csv.stem, index=False
                )
    scenario = tmp_path / "x.toml"
    scenario.write_text('name = "x"\ndata = "data.xlsx"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out_x, out_c = tmp_path / "ox", tmp_path / "oc"
    assert invoke("solve", scenario, "--out", out_x).exit_code == 0
    assert invoke("solve", tiny, "--out", out_c).exit_code == 0
    a = pd.read_csv(out_x / "ranked_projects.csv")
    b = pd.read_csv(out_c / "ranked_projects.csv")
    pd.testing.assert_frame_equal(a, b)


def test_infeasible_tiny_exit_code_3(tmp_path):
    write_dataset(tmp_path / "d", [project("A", 150, 1, mandatory=True)])
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    result = invoke("solve", scenario)
    assert result.exit_code == 3
    assert "budget" in result.output and "gb 2024" in result.output
    assert "50 万元" in result.output


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


BAD_INPUTS = {
    "missing file": (
        lambda d, s: (d / "projects.csv").unlink(),
        "projects.csv: required table is missing",
    ),
    "unknown column": (
        lambda d, s: _edit(d / "projects.csv", "cost_wan", "costs"),
        "unknown column 'costs'",
    ),
    "negative cost": (
        lambda d, s: _edit(d / "projects.csv", "P1,P1,road,a,60", "P1,P1,road,a,-60"),
        "projects.csv:2: column 'cost_wan': cost must be > 0",
    ),
    "not a number": (
        lambda d, s: _edit(d / "projects.csv", "P1,P1,road,a,60", "P1,P1,road,a,abc"),
        "projects.csv:2: column 'cost_wan': must be a number",
    ),
    "unknown region": (
        lambda d, s: _edit(d / "projects.csv", "P2,P2,road,a", "P2,P2,road,zz"),
        "projects.csv:3: column 'region_id': unknown region_id 'zz'",
    ),
    "unknown source": (
        lambda d, s: _edit(d / "eligibility.csv", "gb,*", "gx,*"),
        "eligibility.csv:2: column 'source_id': unknown source_id 'gx'",
    ),
    "dependency cycle": (
        lambda d, s: (d / "dependencies.csv").write_text(
            "project_id,requires,kind\nP1,P2,finish\nP2,P3,start\nP3,P1,finish\n", encoding="utf-8"
        ),
        "dependency cycle P1 -> P2 -> P3 -> P1",
    ),
    "duplicate id": (
        lambda d, s: _edit(d / "projects.csv", "P2,P2,", "P1,P2,"),
        "projects.csv:3: column 'project_id': duplicate project_id='P1'",
    ),
    "start window": (
        lambda d, s: _edit(d / "projects.csv", "2024,2024", "2024,2023"),
        "column 'latest_start': latest start 2023 is before earliest start 2024",
    ),
    "missing scenario": (lambda d, s: s.unlink(), "s.toml: scenario file not found"),
    "unknown scenario key": (
        lambda d, s: s.write_text('name = "t"\ndata = "data"\nbudgett = 1\n', encoding="utf-8"),
        "s.toml: key 'budgett': Extra inputs are not permitted",
    ),
    "unknown indicator in scenario": (
        lambda d, s: s.write_text(
            'name = "t"\ndata = "data"\n[objective]\nweights = { nope = 2 }\n', encoding="utf-8"
        ),
        "key 'objective.weights': unknown indicator 'nope'",
    ),
    "missing data folder": (lambda d, s: shutil.rmtree(d), "data set not found"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_no_output(tmp_path, tiny, case):
    breaker, expected = BAD_INPUTS[case]
    breaker(tmp_path / "data", tiny)
    out = tmp_path / "out"
    result = invoke("solve", tiny, "--out", out)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    assert invoke("validate", tiny).exit_code == 2


def test_validate_lists_unschedulable_projects(tmp_path):
    write_dataset(tmp_path / "d", [project("A", 10, 1), project("B", 10, 1, duration=2)])
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    result = invoke("validate", scenario)
    assert result.exit_code == 0
    assert (
        "project B cannot be scheduled: no start year in 2024-2024 fits the plan" in result.output
    )


def test_negative_weight_is_rejected(tmp_path, tiny):
    tiny.write_text(
        'name = "t"\ndata = "data"\n[objective]\nweights = { ind = -1 }\n', encoding="utf-8"
    )
    result = invoke("validate", tiny)
    assert (
        result.exit_code == 2
        and "key 'objective.weights.ind': must be >= 0, got -1" in result.output
    )


def test_pareto_and_explain(tmp_path):
    projects = [project("A", 50, 10, land=3), project("B", 30, 4), project("C", 20, 1, land=1)]
    write_dataset(tmp_path / "d", projects)
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out = tmp_path / "front"
    result = invoke("pareto", scenario, "--objectives", "gain:ind,cost", "--out", out)
    assert result.exit_code == 0, result.output
    assert "收益表" in result.output and "拐点" in result.output  # Chinese by default
    for name in (
        "points.csv",
        "payoff.csv",
        "robustness.csv",
        "pareto.xlsx",
        "front.png",
        "front.svg",
    ):
        assert (out / name).stat().st_size > 0, name
    points = pd.read_csv(out / "points.csv")
    # all 8 subsets fit the 100 budget; B+C (gain 5, cost 50) is dominated by A (10, 50)
    assert sorted(points["gain:ind"]) == [0, 1, 4, 10, 11, 14, 15]
    assert points["knee"].sum() == 1
    robust = pd.read_csv(out / "robustness.csv").set_index("project_id")
    assert set(robust["status"]) == {"sometimes"}
    explained = invoke("explain", out, "--point", 2)
    assert explained.exit_code == 0 and ("in" in explained.output or "out" in explained.output)
    assert invoke("explain", out, "--point", 99).exit_code == 2


def test_pareto_rejects_one_objective_and_unknown_names(tiny, tmp_path):
    assert invoke("pareto", tiny, "--objectives", "cost", "--out", tmp_path / "o").exit_code == 2
    bad = invoke("pareto", tiny, "--objectives", "cost,nope", "--out", tmp_path / "o")
    assert bad.exit_code == 2 and "unknown objective 'nope'" in bad.output


def test_pareto_on_infeasible_scenario_exits_3(tmp_path):
    write_dataset(tmp_path / "d", [project("A", 150, 1, mandatory=True)])
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    result = invoke("pareto", scenario, "--objectives", "score,cost", "--out", tmp_path / "o")
    assert result.exit_code == 3 and "budget" in result.output


def test_solve_lexicographic_prints_objective_values(tiny):
    command = ("solve", tiny, "--method", "lexicographic", "--objectives", "gain:ind,cost")
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert "目标函数值（ind进展） 9 " in result.output  # the first objective's own value
    assert "字典序法: ind进展 9、规划期投资 100" in result.output
    english = invoke(*command, "--lang", "en")
    assert "objective (gain:ind) 9 " in english.output
    assert "lexicographic: gain:ind 9, cost 100" in english.output


def test_shipped_tradeoffs_scenario_validates():
    result = invoke("validate", ROOT / "scenarios" / "tradeoffs.toml")
    assert result.exit_code == 0, result.output


def test_non_numeric_weights_are_a_usage_error(tiny):
    result = invoke(
        "solve", tiny, "--method", "weighted", "--objectives", "score,cost", "--weights", "1,x"
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
