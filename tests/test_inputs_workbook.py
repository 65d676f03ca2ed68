"""Workbooks as a bureau fills them: Chinese sheet names and headers, 公益性 and 是/否,
`25,000` typed as text, a 备注 column; and broken ones: error values, formulas without a
saved value, misspelt sheets, files that are not workbooks."""

import csv

import openpyxl
import pandas as pd
import pytest
from inputs_support import invoke, ranked
from support import project, write_dataset

from optimizer.io.output import write_folder
from optimizer.io.schema import TABLES_BY_NAME


@pytest.fixture
def folder(tmp_path):
    return write_dataset(
        tmp_path / "data",
        [project("P1", 60, 7), project("P2", 50, 5, mandatory=True), project("P3", 25_000, 4)],
        funding=[("gb", 2024, "", 25_200.0)],
    )


def to_workbook(folder, book, chinese=False, edit=None):
    """The CSV tables of `folder` as one workbook; Chinese sheet names and headers if asked;
    `edit(sheet_name, rows)` may change the rows (header first) of a sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            rows = [row for row in csv.reader(f) if row]
        if not rows:
            continue
        table = TABLES_BY_NAME[path.stem]
        if chinese:
            rows[0] = [table.header(c, "zh") for c in rows[0]]
        if edit:
            edit(path.stem, rows)
        ws = wb.create_sheet(table.sheet("zh") if chinese else path.stem)
        for row in rows:
            ws.append(row)
    wb.save(book)
    return book


def bureau_style(sheet, rows):
    """What a bureau types: 公益性, 是/否, `25,000` as text, a 备注 column."""
    if sheet != "projects":
        return
    header = rows[0]
    header.append("备注")
    cost, revenue, mandatory = (header.index(h) for h in ("总投资（万元）", "收益类型", "必选"))
    for row in rows[1:]:
        row[cost] = f"{float(row[cost]):,.0f}"
        row[revenue] = {"public": "公益性"}[row[revenue]]
        row[mandatory] = {"True": "是", "False": "否"}[row[mandatory]]
        row.append("拟列入2024年计划")


def test_bureau_workbook_solves_like_the_csv_folder(tmp_path, folder):
    book = to_workbook(folder, tmp_path / "in.xlsx", chinese=True, edit=bureau_style)
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "x"\ndata = "in.xlsx"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    checked = invoke("validate", scenario)
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("warning:") == 1
    assert f"columns not used by the model, ignored: {book}[项目] '备注'" in checked.output
    ws = openpyxl.load_workbook(book)["项目"]
    assert ws["E4"].value == "25,000" and ws["I2"].value == "公益性"  # typed as text
    csv_scenario = tmp_path / "c.toml"
    csv_scenario.write_text('name = "x"\ndata = "data"\n[solver]\nmip_gap = 0\n', "utf-8")
    a, b = ranked(scenario, tmp_path / "ob"), ranked(csv_scenario, tmp_path / "oc")
    pd.testing.assert_frame_equal(a, b)
    assert set(a.loc[a["funded"] == "y", "project_id"]) == {"P1", "P2", "P3"}


def _solve_book(tmp_path, book):
    out = tmp_path / "out"  # a result folder urbopt wrote (manifest, hashes)
    write_folder(out, lambda stage: (stage / "summary.json").write_text('{"status": "ok"}'))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = invoke("solve", book, "--out", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the previous result stays
    return result


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?"])
def test_excel_error_values_are_named_with_sheet_row_and_column(tmp_path, folder, error):
    book = to_workbook(folder, tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["projects"]["E3"] = error  # openpyxl stores '#…' words as error cells
    wb.save(book)
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2
    assert f"error: {book}[projects]:3: column 'cost_wan': Excel error value {error}" in (
        result.output
    )
    assert "must not be empty" not in result.output


def test_a_formula_without_a_saved_value_is_named(tmp_path, folder):
    book = to_workbook(folder, tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["funding"]["D2"] = "=SUM(1, 2)"  # openpyxl saves formulas without their values
    wb.save(book)
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2
    assert f"{book}[funding]:2: column 'amount_wan': a formula without a saved value" in (
        result.output
    )


def test_values_right_of_the_header_and_duplicate_sheets_are_named(tmp_path, folder):
    book = to_workbook(folder, tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["regions"]["D3"] = "stray"
    extra = wb.create_sheet("项目")
    extra.append(["project_id"])
    wb.save(book)
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2
    assert f"{book}[regions]:3: values right of the last header column (2)" in result.output
    assert "sheets 'projects' and '项目' are the same table" in result.output


def test_a_misspelt_sheet_is_suggested(tmp_path, folder):
    book = to_workbook(folder, tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["projects"].title = "projcts"
    wb.save(book)
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2
    assert "required table is missing (is sheet 'projcts' meant to be 'projects'?)" in (
        result.output
    )


@pytest.mark.parametrize(
    "content", [b"not a workbook", b"PK\x03\x04truncated", b"", "项目编号".encode()]
)
def test_files_that_are_not_workbooks_are_one_line(tmp_path, content):
    book = tmp_path / "in.xlsx"
    book.write_bytes(content)
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert str(book) in line and "cannot be read as an .xlsx workbook" in line


def test_a_truncated_real_workbook_is_one_line(tmp_path, folder):
    book = to_workbook(folder, tmp_path / "in.xlsx")
    book.write_bytes(book.read_bytes()[: book.stat().st_size // 2])
    result = _solve_book(tmp_path, book)
    assert result.exit_code == 2 and "cannot be read as an .xlsx workbook" in result.output


def test_an_old_xls_is_asked_to_be_saved_as_xlsx(tmp_path):
    book = tmp_path / "in.xls"
    book.write_bytes(b"\xd0\xcf\x11\xe0")
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "x"\ndata = "in.xls"\n', encoding="utf-8")
    result = invoke("validate", scenario)
    assert result.exit_code == 2 and "save it as .xlsx" in result.output
