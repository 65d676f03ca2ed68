"""`urbopt template`: the workbook a bureau fills in, read back with openpyxl: the guide
first and complete, drop-down lists, example rows that solve, the sample filled in; and
it never overwrites what it should not."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from inputs_support import invoke, ranked

from optimizer.config import load_scenario
from optimizer.io.load import ROW, load_tables
from optimizer.io.schema import SCENARIO_TABLE, TABLES
from optimizer.io.validate import validate_tables
from optimizer.labels import label

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "input.xlsx"
    assert invoke("template", path).exit_code == 0
    return path


def test_guide_first_then_scenario_then_a_sheet_per_table(book):
    wb = openpyxl.load_workbook(book)
    tables = [t.sheet("zh") for t in TABLES]
    assert wb.sheetnames == ["说明", "情景", *tables]
    assert wb.sheetnames[:5] == ["说明", "情景", "区域", "指标", "项目"]
    projects = wb["项目"]
    assert [c.value for c in projects[1]][:5] == [
        "项目编号",
        "项目名称",
        "项目类别",
        "所属区域",
        "总投资（万元）",
    ]
    assert projects.freeze_panes == "A2"
    assert projects["A1"].comment is not None and "P0001" in projects["A1"].comment.text


def test_guide_explains_every_column_in_chinese_and_english(book):
    rows = list(openpyxl.load_workbook(book)["说明"].iter_rows(values_only=True))
    assert rows[0] == ("工作表", "列名", "英文列名", "类型", "必填", "说明", "Meaning (English)")
    described = {(r[0], r[2]): r for r in rows[1:]}
    for table in (SCENARIO_TABLE, *TABLES):
        for column in table.columns:
            row = described[(table.sheet("zh"), column.name)]
            assert all(isinstance(v, str) and v.strip() for v in row), row
            assert row[1] == table.header(column.name, "zh")
            assert row[5] != row[6]  # a Chinese and an English meaning
    scenario_keys = [r for r in rows if r[0] == "情景" and "." in r[2]]
    assert len(scenario_keys) >= 20 and all(all(v for v in r) for r in scenario_keys)


def _validations(ws) -> dict[str, str]:
    """Column letter -> the drop-down list (or rule) of that column."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            found[cells.coord.split(":")[0].rstrip("0123456789")] = (
                dv.formula1 if dv.type == "list" else f"{dv.type} {dv.formula1}-{dv.formula2}"
            )
            assert dv.showErrorMessage
    return found


def test_drop_down_lists_for_ids_value_words_categories_and_yes_no(book):
    wb = openpyxl.load_workbook(book)
    projects = _validations(wb["项目"])
    assert projects["D"] == "'区域'!$A$2:$A$1048576"  # region
    assert projects["I"] == '"公益性,准公益性,经营性"'  # revenue class
    assert projects["K"] == '"是,否"'  # mandatory
    assert "old_community" in projects["C"] and "utility_tunnel" in projects["C"]  # category
    assert projects["G"] == "whole 1900-2200"
    assert _validations(wb["项目效益"])["B"] == "'指标'!$A$2:$A$1048576"  # indicator
    assert _validations(wb["项目效益"])["A"] == "'项目'!$A$2:$A$1048576"
    assert _validations(wb["资金额度"])["A"] == "'资金来源'!$A$2:$A$1048576"  # source
    assert _validations(wb["资金适用"])["B"] == '"公益性,准公益性,经营性,*"'
    assert _validations(wb["资金适用"])["D"] == "decimal 0-1"
    assert _validations(wb["指标"])["F"] == '"是,否"'  # binding
    assert _validations(wb["指标"])["G"] == '"累计型,水平型"'
    assert _validations(wb["项目依赖"])["C"] == '"完工,开工"'
    assert _validations(wb["资金来源"])["C"] == '"是,否"'
    scenario = wb["情景"]
    rule = _validations(scenario)["C"]
    assert rule == '"是,否"'


def test_example_rows_use_the_words_of_the_drop_downs(book):
    wb = openpyxl.load_workbook(book)
    for table in TABLES:
        assert wb[table.sheet("zh")].max_row >= 2, table.name  # every table has an example
    row = [c.value for c in wb["项目"][2]]
    assert row[:2] == ["P0001", "城区老旧小区改造第1批"]
    assert row[8] == "公益性" and row[10] == "是"


def test_the_template_validates_and_solves_as_it_is(book, tmp_path):
    assert invoke("validate", book).exit_code == 0
    projects = ranked(book, tmp_path / "out")
    assert set(projects.loc[projects["funded"] == "y", "project_id"]) == {"P0001", "P0003", "P0004"}


def test_english_template_has_column_ids_and_loads_the_same(book, tmp_path):
    english = tmp_path / "en.xlsx"
    assert invoke("template", english, "--lang", "en").exit_code == 0
    wb = openpyxl.load_workbook(english)
    assert wb.sheetnames[:3] == ["guide", "scenario", "regions"]
    for table in TABLES:
        assert [c.value for c in wb[table.name][1]] == table.column_names
    zh = validate_tables(load_tables(book))
    en = validate_tables(load_tables(english))
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(zh, table.name), getattr(en, table.name))


def _without_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=ROW).reset_index(drop=True)


def test_from_the_sample_writes_its_data_and_scenario(tmp_path):
    sample = tmp_path / "sample.xlsx"
    result = invoke("template", "--from", ROOT / "scenarios" / "baseline.toml", sample)
    assert result.exit_code == 0, result.output
    from_book = validate_tables(load_tables(sample))
    from_csv = validate_tables(load_tables(ROOT / "data" / "jincheng"))
    for table in TABLES:
        pd.testing.assert_frame_equal(
            _without_rows(getattr(from_book, table.name)),
            _without_rows(getattr(from_csv, table.name)),
            check_dtype=False,
        )
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    from_sheet = load_scenario(sample)
    assert from_sheet.model_dump(exclude={"data"}) == baseline.model_dump(exclude={"data"})
    assert label("input.value.public") in [
        c.value for c in openpyxl.load_workbook(sample)["项目"]["I"]
    ]


def test_the_filled_sample_workbook_solves(tmp_path):
    sample = tmp_path / "sample.xlsx"
    assert invoke("template", "--from", ROOT / "data" / "jincheng", sample).exit_code == 0
    result = invoke("solve", sample, "--no-explain", "--mip-gap", "0.02", "--time-limit", "60")
    assert result.exit_code == 0, result.output
    assert "最优" in result.output


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("projects.csv", "give a file name ending in .xlsx"),
        ("folder.xlsx", "is a folder"),
        ("taken.xlsx", "already exists: choose another name, or add --force"),
        ("missing/input.xlsx", "does not exist"),
        ("input.xls", "give a file name ending in .xlsx"),
    ],
)
def test_template_refuses_to_overwrite_or_write_a_non_workbook(tmp_path, name, expected):
    (tmp_path / "projects.csv").write_text("project_id\nP1\n", encoding="utf-8")
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "taken.xlsx").write_bytes(b"the user's workbook")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = invoke("template", tmp_path / name)
    assert result.exit_code == 2
    assert expected in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder.xlsx",
        "projects.csv",
        "taken.xlsx",
    ]


def test_force_overwrites_an_existing_workbook(tmp_path):
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"old")
    assert invoke("template", taken, "--force").exit_code == 0
    assert openpyxl.load_workbook(taken).sheetnames[0] == "说明"
    assert [p.name for p in tmp_path.iterdir()] == ["taken.xlsx"]  # no temporary file left


def test_from_a_broken_data_set_is_exit_2_and_writes_nothing(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "projects.csv").write_text("project_id\n", encoding="utf-8")
    result = invoke("template", "--from", data, tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "required table is missing" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_from_a_file_that_is_not_a_data_set_or_scenario(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    result = invoke("template", "--from", notes, tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "--from takes a data folder" in result.output
