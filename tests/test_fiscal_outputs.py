"""The fiscal-sustainability table reaches every output: a CSV and a results.xlsx sheet,
summary.json, the terminal summary, the HTML report; the debt ceiling shows up in the
explanation of an unfunded project; fiscal objectives work in `pareto`."""

import json

import openpyxl
import pandas as pd
import pytest
from fiscal_support import GB, bond_source, fiscal_dataset, with_columns
from inputs_support import invoke
from support import project


@pytest.fixture
def solved(tmp_path):
    # A (100) may take half of its cost in bonds, and the general budget's 100 in 2024
    # pays B (30), S (20) and the other half: A borrows 50 (10 %, 2 years). B runs from 2025
    # at 5 a year; S settles 100 people.
    projects = [
        with_columns(project("A", 100, 10, revenue_class="quasi_public"), om_wan=0),
        with_columns(project("B", 30, 3), om_wan=5),
        with_columns(project("S", 20, 1), persons_settled=100, om_wan=0),
    ]
    data = fiscal_dataset(
        tmp_path / "d",
        projects,
        gb={2024: 100, 2025: 100},
        bond={2024: 100, 2025: 100},
        bond_row=bond_source(rate=0.1, term=2),
        eligibility=[(GB, "*", "*", 1.0), ("bond", "quasi_public", "*", 0.5)],
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("solve", scenario, "--out", out)
    assert result.exit_code == 0, result.output
    return data, scenario, out, result.output


def test_the_table_is_written_as_a_csv_a_sheet_and_in_the_summary(solved):
    _, _, out, _ = solved
    table = pd.read_csv(out / "fiscal_sustainability.csv").set_index("year")
    assert table.loc[2024, "debt_drawn_wan"] == pytest.approx(50)
    assert table.loc[2025, "debt_service_wan"] == pytest.approx(30)  # 5 interest + 25
    assert table.loc[2025, "om_wan"] == pytest.approx(5)
    assert table.loc[2025, "persons_settled"] == 100
    assert table.loc[2025, "reward_wan"] == pytest.approx(20)  # 0.2 万元 each
    assert table.loc[2025, "land_unlocked_mu"] == pytest.approx(15)
    assert table.loc[2026, "period"] == "after"
    assert table.loc[2025, "burden_share"] == pytest.approx(35 / 100)
    sheet = openpyxl.load_workbook(out / "results.xlsx")["财政可持续性"]
    assert sheet.cell(1, 1).value == "年度" and sheet.max_row == len(table) + 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["debt_drawn_wan"] == pytest.approx(50)
    assert summary["peak_recurring_burden_wan"] == pytest.approx(35)


def test_the_terminal_summary_has_fiscal_lines(solved):
    *_, output = solved
    assert "财政可持续性" in output
    assert "举借债务 50 万元，规划期末余额 25 万元，2026 年还清" in output.replace("\n", "")
    assert "吸纳落户 100 人：奖励资金 20 万元，新增建设用地指标 15.0 亩" in output


def test_the_html_report_has_a_fiscal_section_and_chart(solved):
    _, _, out, _ = solved
    assert invoke("report", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index("<h2>财政可持续性</h2>") :]
    assert "举借债务 50 万元" in section
    assert section.index("<svg") < section.index("<h2>项目清单")


def test_an_older_result_folder_without_the_table_still_reports(solved):
    _, _, out, _ = solved
    (out / "fiscal_sustainability.csv").unlink()
    assert invoke("report", out).exit_code == 0
    assert "财政可持续性" not in (out / "report.html").read_text(encoding="utf-8")


def test_an_unfunded_project_names_the_debt_ceiling_it_needs(tmp_path):
    # A (100, quasi) uses the general budget's 50 and 50 of bond; D (40) needs 40 more of
    # the general budget (40 / 50 of that pool) or 30 more debt room (30 / 60): the latter
    projects = [project("A", 100, 10, revenue_class="quasi_public"), project("D", 40, 4)]
    fiscal_dataset(
        tmp_path / "d",
        projects,
        gb={2024: 50},
        bond={2024: 100},
        debt_limits=[{"year": 2024, "kind": "new", "limit_wan": 60}],
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "t"\ndata = "d"\n[rules]\ndebt_ceiling = true\n[solver]\nmip_gap = 0\n',
        encoding="utf-8",
    )
    result = invoke("solve", scenario, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    ranked = pd.read_csv(tmp_path / "out" / "ranked_projects.csv").set_index("project_id")
    assert (
        ranked.loc["D", "why"] == "未入选：加入需2024 年全市新增债务限额还差 30 万元；2024 年开工"
    )
    assert ranked.loc["D", "extra_budget_wan"] == pytest.approx(30)


def test_pareto_front_of_score_against_debt(tmp_path):
    # {B}: score 0.03, no debt; {A}: 0.1 with 50 of bond; {A, B}: 0.13 with 90
    projects = [project("A", 100, 10, revenue_class="quasi_public"), project("B", 40, 3)]
    fiscal_dataset(tmp_path / "d", projects, gb={2024: 50}, bond={2024: 100})
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "t"\ndata = "d"\n[solver]\nmip_gap = 0\n'
        '[multiobjective]\nobjectives = ["score", "debt"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "front"
    result = invoke("pareto", scenario, "--out", out)
    assert result.exit_code == 0, result.output
    points = pd.read_csv(out / "points.csv").sort_values("score")
    assert list(points["score"]) == pytest.approx([0.03, 0.1, 0.13])
    assert list(points["debt"]) == pytest.approx([0, 50, 90], abs=1e-4)


def test_an_infeasible_debt_ceiling_exits_3_and_names_it(tmp_path):
    # M must be funded, only bonds may pay for it, and only 60 may be borrowed
    fiscal_dataset(
        tmp_path / "d",
        [project("M", 100, 1, revenue_class="quasi_public", mandatory=True)],
        gb={2024: 100},
        bond={2024: 100},
        eligibility=[(GB, "public", "*", 1.0), ("bond", "quasi_public", "*", 1.0)],
        debt_limits=[{"year": 2024, "kind": "new", "limit_wan": 60}],
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n[rules]\ndebt_ceiling = true\n', encoding="utf-8")
    result = invoke("solve", scenario, "--out", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert "2024 new debt (city-wide)" in result.output
    conflicts = pd.read_csv(tmp_path / "out" / "conflicts.csv")
    assert conflicts.iloc[0].to_dict() == {
        "family": "debt ceiling",
        "rule": "2024 new debt (city-wide)",
        "violation": pytest.approx(40),
        "unit": "万元",
    }
