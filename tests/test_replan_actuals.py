"""`urbopt template --actuals`: the workbook of what happened, its example rows (which
re-plan the example plan) and the plan's own starts and payments (which reproduce it)."""

import openpyxl
import pandas as pd
import pytest
from inputs_support import invoke

from optimizer.io.load import ROW, load_tables
from optimizer.io.schema import ACTUALS_TABLES
from optimizer.io.template import EXAMPLE_ACTUALS
from optimizer.io.validate import type_tables


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The template's example data solved into `plan`, and the example actuals."""
    folder = tmp_path_factory.mktemp("example")
    assert invoke("template", folder / "input.xlsx").exit_code == 0
    assert invoke("solve", folder / "input.xlsx", "--out", folder / "plan").exit_code == 0
    assert invoke("template", folder / "actuals.xlsx", "--actuals").exit_code == 0
    return folder


def test_actuals_workbook_has_a_guide_and_a_sheet_per_table(example):
    wb = openpyxl.load_workbook(example / "actuals.xlsx")
    assert wb.sheetnames == ["说明", *(t.sheet("zh") for t in ACTUALS_TABLES)]
    assert wb.sheetnames[1:4] == ["实际开工", "实际支出", "投资调整"]
    described = {(r[0], r[2]) for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    for table in ACTUALS_TABLES:
        assert {(table.sheet("zh"), c.name) for c in table.columns} <= described
    # the gains of new projects pick from the new projects' ids on their own sheet
    gains = wb["新增项目效益"]
    lists = [v.formula1 for v in gains.data_validations.dataValidation]
    assert any("新增项目" in f for f in lists)


def test_example_rows_read_back_as_written(example):
    tables, warnings = type_tables(
        load_tables(example / "actuals.xlsx", ACTUALS_TABLES), ACTUALS_TABLES
    )
    assert warnings == []
    for name, rows in EXAMPLE_ACTUALS.items():
        frame = tables[name].drop(columns=ROW)
        assert len(frame) == len(rows)
        for column in rows[0] if rows else []:
            assert frame[column].tolist() == [r[column] for r in rows], (name, column)


def test_example_actuals_replan_the_example_plan(example):
    out = example / "replan"
    result = invoke(
        "replan",
        example / "plan",
        "--year",
        2026,
        "--actuals",
        example / "actuals.xlsx",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    diff = pd.read_csv(out / "replan_diff.csv").set_index("project_id")["change_id"]
    assert diff.to_dict() == {
        "P0005": "added",
        "P0002": "withdrawn",
        "P0004": "continuing",
        "P0003": "kept",
        "P0001": "completed",
    }


def test_actuals_from_the_plan_reproduce_it(example, tmp_path):
    book = tmp_path / "planned.xlsx"
    made = invoke(
        "template", book, "--actuals", "--from", example / "plan", "--year", 2026, "--lang", "en"
    )
    assert made.exit_code == 0, made.output
    tables, _ = type_tables(load_tables(book, ACTUALS_TABLES), ACTUALS_TABLES)
    assert tables["actual_starts"]["project_id"].tolist() == ["P0004", "P0001"]
    assert tables["actual_spending"]["amount_wan"].sum() == pytest.approx(1200 + 480)
    out = tmp_path / "replan"
    result = invoke("replan", example / "plan", "--year", 2026, "--actuals", book, "--out", out)
    assert result.exit_code == 0, result.output
    diff = pd.read_csv(out / "replan_diff.csv").set_index("project_id")["change_id"]
    assert diff.to_dict() == {"P0004": "continuing", "P0003": "kept", "P0001": "completed"}
    targets = pd.read_csv(out / "replan_targets.csv")
    assert targets["replan_value"].tolist() == pytest.approx(targets["planned_value"].tolist())


def test_actuals_from_something_else_is_refused(example, tmp_path):
    result = invoke("template", tmp_path / "a.xlsx", "--actuals", "--from", example / "input.xlsx")
    assert result.exit_code == 2 and "takes a `solve --out` folder" in result.output
    assert not (tmp_path / "a.xlsx").exists()
