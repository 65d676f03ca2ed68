"""Re-planning from actuals: actuals as planned reproduce the plan; a started project's
overrun pushes out the lowest-value unstarted work (hand-checked); withdrawn, added and
completed projects, realised carry-over and revised budgets; bad actuals are one line each."""

import tomllib

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import project, solve, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.results import from_folder
from optimizer.io.schema import ACTUALS_TABLES
from optimizer.io.template import planned_actuals
from optimizer.reports.files import write_outputs
from optimizer.studies.replan import INPUT_BOOK, run_replan, toml_text

runner = CliRunner()
EXACT = {"solver": {"mip_gap": 0.0, "explain": True}}


def plan_projects() -> list[dict]:
    """S starts 2024 (60 over two years); U1, U2, U3 may start 2025 only; C is done in 2024."""
    return [
        project("S", 60, 10, duration=2, earliest=2024),
        project("C", 20, 4, earliest=2024),
        project("U1", 40, 8, earliest=2025),
        project("U2", 30, 3, earliest=2025),  # the lowest score per 万元: 0.1
        project("U3", 20, 5, earliest=2025),
    ]


@pytest.fixture
def planned(tmp_path):
    """The plan, solved exactly and written as `solve --out` does: S and C in 2024 (30 + 20
    of 100), S's second half and U1 + U2 + U3 in 2025 (30 + 90 = 120 of 120)."""
    funding = [("gb", 2024, "", 100), ("gb", 2025, "", 120)]
    result = solve(write_dataset(tmp_path / "data", plan_projects(), funding=funding))
    assert result.solution.start_years() == {
        "S": 2024,
        "C": 2024,
        "U1": 2025,
        "U2": 2025,
        "U3": 2025,
    }
    folder = tmp_path / "plan"
    write_outputs(result, folder)
    return folder


def write_actuals(folder, **tables):
    """Actuals as CSV files: the plan's own up to 2024, with `tables` replacing any."""
    folder.mkdir()
    rows = planned_actuals(from_folder(tables.pop("plan")), 2025)
    for t in ACTUALS_TABLES:
        frame = pd.DataFrame(tables.get(t.name, rows[t.name]), columns=t.column_names)
        frame.to_csv(folder / t.filename, index=False)
    return folder


def replan(planned, tmp_path, **tables):
    actuals = write_actuals(tmp_path / "actuals", plan=planned, **tables)
    stage = tmp_path / "stage"
    stage.mkdir()
    return run_replan(planned, 2025, actuals, stage, EXACT)


def changes(run) -> dict[str, str]:
    return dict(zip(run.diff["project_id"], run.diff["change_id"], strict=True))


def test_actuals_as_planned_reproduce_the_plan(planned, tmp_path):
    run = replan(planned, tmp_path)
    assert run.result.solution.start_years() == {"S": 2025, "U1": 2025, "U2": 2025, "U3": 2025}
    assert changes(run) == {
        "C": "completed",
        "S": "continuing",
        "U1": "kept",
        "U2": "kept",
        "U3": "kept",
    }
    targets = run.targets.set_index("indicator_id")
    assert targets.loc["ind", "planned_value"] == pytest.approx(30)
    assert targets.loc["ind", "replan_value"] == pytest.approx(30)
    # C's 4 moved the baseline; the weight keeps a unit of progress worth what it was
    ind = run.result.inputs.indicators["ind"]
    assert ind.baseline == pytest.approx(4)
    assert ind.weight / ind.gap == pytest.approx(1 / 100)
    assert run.result.solution.score + 0.04 == pytest.approx(0.30)
    s = run.result.inputs
    assert s.spend[("S", 2025)] == {2025: pytest.approx(30)} and s.must["S"] == 1


def test_overrun_of_a_started_project_pushes_out_the_lowest_value_work(planned, tmp_path):
    # S now costs 80: 50 left for 2025; 50 + 90 > 120, so 20 must go. Dropping U2 (30,
    # gain 3) leaves 110 and gain 13; dropping U3 (20, gain 5) leaves 120 and gain 11
    run = replan(planned, tmp_path, cost_revisions=[("S", 80, "", "钢材涨价")])
    assert set(run.result.solution.start_years()) == {"S", "U1", "U3"}
    diff = run.diff.set_index("project_id")
    assert diff.loc["U2", "change_id"] == "dropped"
    assert "需" in diff.loc["U2", "reason"] and "万元" in diff.loc["U2", "reason"]
    assert diff.loc["S", "left_wan"] == pytest.approx(50)
    assert "投资调整 60→80 万元" in diff.loc["S", "reason"]
    targets = run.targets.set_index("indicator_id")
    assert targets.loc["ind", "replan_value"] == pytest.approx(27)
    assert targets.loc["ind", "value_change"] == pytest.approx(-3)


def test_withdrawn_new_and_revised_budgets(planned, tmp_path):
    # U1 withdrawn frees 40; N (10, gain 9) is added; 2025's budget cut to 100: S's 30 +
    # U2 + U3 + N = 90 fits
    run = replan(
        planned,
        tmp_path,
        withdrawn=[("U1", "规划调整")],
        new_projects=[project("N", 10, earliest=2025)],
        new_project_gains=[("N", "ind", 9)],
        budget_revisions=[("gb", 2025, "", 100)],
    )
    assert changes(run) == {
        "C": "completed",
        "N": "added",
        "S": "continuing",
        "U1": "withdrawn",
        "U2": "kept",
        "U3": "kept",
    }
    assert "撤销：规划调整" in run.diff.set_index("project_id").loc["U1", "reason"]
    assert run.result.ranked.set_index("project_id").loc["U1", "funded"] == "n"


def test_a_planned_project_that_did_not_start_is_delayed(tmp_path):
    # A was planned for 2024 but did not start: it may start in 2025 and does
    projects = [project("A", 50, 5, earliest=2024, latest=2024), project("B", 40, 1, earliest=2025)]
    funding = [("gb", 2024, "", 60), ("gb", 2025, "", 60)]
    result = solve(write_dataset(tmp_path / "data", projects, funding=funding))
    folder = tmp_path / "plan"
    write_outputs(result, folder)
    run = replan(folder, tmp_path, actual_starts=[], actual_spending=[])
    diff = run.diff.set_index("project_id")
    assert diff.loc["A", "change_id"] == "delayed" and diff.loc["A", "new_start"] == 2025
    assert "原计划 2024 年开工，未开工" in diff.loc["A", "reason"]
    assert diff.loc["B", "change_id"] == "dropped"  # 50 + 40 > 60


def test_carry_over_is_what_the_pools_had_left(tmp_path):
    # a carry-over source: 2024 spends 40 of 100, so 2025 has 30 + 60 carried = 90
    projects = [project("A", 40, 5, earliest=2024), project("B", 90, 9, earliest=2025)]
    funding = [("gb", 2024, "", 100), ("gb", 2025, "", 30)]
    data = write_dataset(tmp_path / "data", projects, funding=funding, sources=[("gb", True)])
    result = solve(data)
    assert result.solution.start_years() == {"A": 2024, "B": 2025}
    folder = tmp_path / "plan"
    write_outputs(result, folder)
    run = replan(folder, tmp_path)
    assert run.result.inputs.pools == {("gb", 2025, "*"): pytest.approx(90)}
    assert changes(run) == {"A": "completed", "B": "kept"}


def test_cli_writes_a_result_folder_and_the_diff(planned, tmp_path):
    actuals = write_actuals(
        tmp_path / "actuals", plan=planned, cost_revisions=[("S", 80, "", "钢材涨价")]
    )
    out = tmp_path / "replan"
    result = runner.invoke(
        app,
        ["replan", str(planned), "--year", "2025", "--actuals", str(actuals), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    for name in ("ranked_projects.csv", "manifest.json", "replan_diff.csv", "replan.html"):
        assert (out / name).is_file(), name
    inputs = tmp_path / "replan-inputs"
    scenario = tomllib.loads((inputs / "replan.toml").read_text(encoding="utf-8"))
    assert scenario["data"] == INPUT_BOOK and scenario["rules"]["force_projects"] == ["S"]
    assert (inputs / INPUT_BOOK).is_file() and not (out / INPUT_BOOK).exists()
    assert pd.read_csv(out / "replan_diff.csv").set_index("project_id").loc["U2", "change_id"] == (
        "dropped"
    )
    sheets = pd.ExcelFile(out / "results.xlsx").sheet_names
    assert sheets[0] == "摘要" and "重新规划_项目变化" in sheets
    assert "与原规划相比的项目变化" in (out / "replan.html").read_text(encoding="utf-8")
    rerun = runner.invoke(app, ["rerun", str(out)])
    assert rerun.exit_code == 0, rerun.output
    solved = runner.invoke(app, ["solve", str(inputs / "replan.toml")])
    assert solved.exit_code == 0, solved.output


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"actual_starts": [("X", 2024)]}, "unknown project_id 'X'"),
        ({"actual_starts": [("U1", 2025)]}, "must be in 2024-2024"),
        (
            {"actual_spending": [("U1", "gb", 2024, 5)]},
            "U1 has spending but no start year in actual_starts",
        ),
        ({"actual_spending": [("S", "gb", 2024, -1)]}, "must be >= 0"),
        ({"actual_spending": [("S", "nope", 2024, 1)]}, "unknown source_id 'nope'"),
        ({"cost_revisions": [("U1", 50, 2025, "")]}, "only for a started project"),
        ({"budget_revisions": [("gb", 2025, "a", 10)]}, "has no a pool of gb in 2025"),
        ({"withdrawn": [("S", ""), ("S", "")]}, "duplicate project_id='S'"),
        ({"new_projects": [project("U1", 5)]}, "already a project of the plan"),
        ({"new_project_gains": [("N", "ind", 1)]}, "unknown project_id 'N' (not in new_projects)"),
    ],
)
def test_bad_actuals_are_one_line_and_write_nothing(planned, tmp_path, tables, message):
    actuals = write_actuals(tmp_path / "actuals", plan=planned, **tables)
    out = tmp_path / "out"
    args = ["replan", str(planned), "--year", "2025", "--actuals", str(actuals), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists() and not (tmp_path / "out-inputs").exists()


def test_year_outside_the_plan_is_refused(planned, tmp_path):
    actuals = write_actuals(tmp_path / "actuals", plan=planned)
    args = ["replan", str(planned), "--year", "2030", "--actuals", str(actuals)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "must be a plan year, 2024-2025" in result.output


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
values = st.one_of(scalars, st.lists(scalars, max_size=3))
tables = st.recursive(
    st.dictionaries(text.filter(bool), values, max_size=4),
    lambda inner: st.dictionaries(text.filter(bool), st.one_of(values, inner), max_size=4),
    max_leaves=12,
)


@given(tables)
def test_scenario_toml_reads_back_as_written(table):
    # the re-plan's scenario is written by hand-rolled TOML: any keys, strings and numbers
    assert tomllib.loads(toml_text(table)) == table
