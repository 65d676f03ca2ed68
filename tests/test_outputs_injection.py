"""No cell that came from user text runs as a formula in Excel, LibreOffice or WPS (OWASP
CSV injection: a leading = + - @ tab or CR gets an apostrophe); numbers stay numbers; text
Excel cannot store never crashes the workbook writer."""

import csv

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.output import FORMULA_PREFIXES, neutralise, save_csv, save_workbook

runner = CliRunner()
HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
]  # a leading tab or CR is stripped by the loader; the writers' unit tests cover them


@given(st.text())
def test_neutralised_text_never_starts_a_formula(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_PREFIXES)
    assert safe.endswith(text) and len(safe) - len(text) in (0, 1)
    assert neutralise(safe) == safe  # idempotent: a re-read file is not quoted twice


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none()))
def test_numbers_stay_numbers(value):
    assert neutralise(value) is value


def formula_cells(path):
    """(sheet, cell) of every formula, and every text cell that starts like one."""
    bad = []
    for ws in load_workbook(path):
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (
                    isinstance(c.value, str) and c.value.startswith(FORMULA_PREFIXES)
                ):
                    bad.append((ws.title, c.coordinate, c.value))
    return bad


def csv_fields(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [field for row in csv.reader(f) for field in row]


def test_hostile_names_are_text_in_every_output(tmp_path):
    projects = [
        project(f"P{k}", 10, 1 + k, category="=2*3" if k == 0 else "road")
        for k in range(len(HOSTILE))
    ]
    for p, name in zip(projects, HOSTILE, strict=True):
        p["name"] = name
    write_dataset(tmp_path / "d", projects, funding=[("gb", 2024, "", 30.0)])
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "=1+2"\ndata = "d"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert formula_cells(out / "results.xlsx") == []
    for path in out.glob("*.csv"):
        fields = csv_fields(path)
        assert not [f for f in fields if f.startswith(FORMULA_PREFIXES)], path
    ranked = pd.read_csv(out / "ranked_projects.csv", encoding="utf-8-sig")
    assert set(ranked["name"]) == {"'" + n for n in HOSTILE}
    assert ranked["cost_wan"].dtype.kind == "f"  # numbers stay numbers
    book = load_workbook(out / "results.xlsx")
    names = [c.value for c in book["项目排序"]["C"][1:]]
    assert set(names) == {"'" + n for n in HOSTILE}
    costs = [c.value for c in book["项目排序"]["I"][1:]]
    assert all(isinstance(v, int | float) for v in costs)
    compare_book = tmp_path / "cmp.xlsx"
    result = runner.invoke(app, ["compare", str(out), str(out), "--out", str(compare_book)])
    assert result.exit_code == 0, result.output
    assert formula_cells(compare_book) == []  # a scenario name is a column header there


def test_text_excel_cannot_store_does_not_crash_the_writer(tmp_path):
    frame = pd.DataFrame(
        {
            "name": ["bell\x07", "nul\x00x", "\r=cmd", "x" * 40_000, "#N/A"],
            "cost_wan": [1.0, 2, 3, 4, 5],
        }
    )
    save_workbook(tmp_path / "t.xlsx", {"t": frame})
    save_csv(frame, tmp_path / "t.csv")
    ws = load_workbook(tmp_path / "t.xlsx")["t"]
    assert ws["A2"].value == "bell\ufffd" and ws["A3"].value == "nul\ufffdx"
    assert ws["A4"].value.startswith("'") and len(ws["A5"].value) == 32_767  # XML reads CR as LF
    assert ws["A6"].value == "#N/A" and ws["A6"].data_type == "s"  # text, not an Excel error
    assert [ws[f"B{r}"].value for r in range(2, 7)] == [1, 2, 3, 4, 5]
    assert csv_fields(tmp_path / "t.csv")[6].startswith("'")


def test_every_workbook_a_study_writes_holds_no_live_formula(tmp_path):
    """Pareto, sweep, stress and re-plan (its results and its intermediate input workbook):
    a hostile project name is neutralised text in every cell of every workbook, and the
    re-plan reads its own workbook back."""
    projects = [project(f"P{k}", 10, 1 + k, latest=2025) for k in range(len(HOSTILE))]
    for p, name in zip(projects, HOSTILE, strict=True):
        p["name"] = name
    funding = [("gb", 2024, "", 25.0), ("gb", 2025, "", 25.0)]
    write_dataset(tmp_path / "d", projects, funding=funding)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "=1+2"\ndata = "d"\n[solver]\nexplain = false\n[stress]\nsamples = 3\n',
        encoding="utf-8",
    )
    plan, actuals = tmp_path / "plan", tmp_path / "actuals.xlsx"
    commands = [
        ["solve", scenario, "--out", plan],
        ["pareto", scenario, "--objectives", "score,cost", "--out", tmp_path / "front"],
        ["sweep", scenario, "--param", "budget.scale", "--values", "1,2", "--out", tmp_path / "sw"],
        ["stress", plan],
        ["template", actuals, "--actuals", "--from", plan, "--year", "2025"],
        ["replan", plan, "--year", "2025", "--actuals", actuals, "--out", tmp_path / "re"],
    ]
    for args in commands:
        result = runner.invoke(app, [str(a) for a in args])
        assert result.exit_code == 0, (args, result.output)
    books = sorted(tmp_path.rglob("*.xlsx"))
    assert {b.name for b in books} >= {
        "results.xlsx",
        "pareto.xlsx",
        "sweep.xlsx",
        "stress.xlsx",
        "replan_input.xlsx",
    }
    found = {str(b.relative_to(tmp_path)): formula_cells(b) for b in books}
    assert found == {name: [] for name in found}
    diff = load_workbook(tmp_path / "re" / "results.xlsx")
    assert any("重新规划" in name for name in diff.sheetnames)  # the diff's sheets are there
