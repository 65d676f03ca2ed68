"""Generated bad inputs, each through `urbopt solve --out` in process: exit code 2, no
exception, a message that names the file (and row and column where they exist), and the
previous `--out` folder untouched.

Every strategy starts from one small valid data set (all twelve tables) and breaks it in
one way drawn from the table schema: wrong types, out-of-range numbers, unknown
references, duplicates, dependency cycles, missing or misspelt columns, bad encodings,
shifted rows, invisible characters, empty tables, broken workbooks, bad scenario values.
Hypothesis runs them derandomized, so CI sees the same cases every run.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.output import write_folder
from optimizer.io.schema import TABLES_BY_NAME
from optimizer.io.validate import parse_bool, parse_number

runner = CliRunner()

BASE: dict[str, list[list[str]]] = {
    "regions": [["region_id", "name"], ["a", "城区"], ["b", "泽州县"]],
    "indicators": [
        ["indicator_id", "name", "unit", "baseline", "target", "binding", "kind", "upper_bound"],
        ["ind", "老旧小区", "个", "0", "100", "false", "cumulative", ""],
        ["lvl", "绿化覆盖率", "%", "10", "20", "false", "level", "100"],
    ],
    "projects": [
        [
            "project_id",
            "name",
            "category",
            "region_id",
            "cost_wan",
            "duration_years",
            "earliest_start",
            "latest_start",
            "revenue_class",
            "land_mu",
            "mandatory",
            "cost_profile",
        ],
        ["P1", "一号", "road", "a", "60", "1", "2024", "2025", "public", "1", "false", ""],
        ["P2", "二号", "road", "a", "50", "2", "2024", "2024", "public", "0", "false", "0.5;0.5"],
        ["P3", "三号", "park", "b", "40", "1", "2024", "2025", "quasi_public", "2", "false", ""],
        ["P4", "四号", "park", "b", "30", "1", "2025", "2025", "commercial", "0", "false", ""],
    ],
    "project_gains": [
        ["project_id", "indicator_id", "gain"],
        ["P1", "ind", "7"],
        ["P2", "ind", "5"],
        ["P3", "lvl", "2"],
        ["P4", "ind", "3"],
    ],
    "sources": [
        ["source_id", "name", "carry_over"],
        ["gb", "一般", "false"],
        ["sb", "专项", "true"],
    ],
    "funding": [
        ["source_id", "year", "region_id", "amount_wan"],
        ["gb", "2024", "", "100"],
        ["gb", "2025", "", "100"],
        ["sb", "2024", "a", "50"],
        ["sb", "2025", "a", "50"],
    ],
    "eligibility": [
        ["source_id", "revenue_class", "category", "max_share"],
        ["gb", "*", "*", "1"],
        ["sb", "public", "*", "0.5"],
    ],
    "land_quota": [["year", "region_id", "quota_mu"], ["2024", "", "10"], ["2025", "", "10"]],
    "dependencies": [["project_id", "requires", "kind"], ["P2", "P1", "finish"]],
    "exclusions": [["group_id", "project_id"], ["g1", "P3"], ["g1", "P4"]],
    "equity": [["region_id", "min_share", "max_share"], ["a", "0.1", "0.9"]],
    "start_limits": [["region_id", "year", "max_starts"], ["", "", "3"]],
}
BOOK = "in.xlsx"
KEYS = {  # columns whose duplicates are errors (the last key column is named)
    "regions": "region_id",
    "indicators": "indicator_id",
    "projects": "project_id",
    "sources": "source_id",
    "project_gains": "indicator_id",
    "funding": "region_id",
    "eligibility": "category",
    "land_quota": "region_id",
    "exclusions": "project_id",
    "equity": "region_id",
}
REFERENCES = {  # (table, column) -> the ids it may name
    ("projects", "region_id"): "regions",
    ("project_gains", "project_id"): "projects",
    ("project_gains", "indicator_id"): "indicators",
    ("funding", "source_id"): "sources",
    ("funding", "region_id"): "regions",
    ("eligibility", "source_id"): "sources",
    ("land_quota", "region_id"): "regions",
    ("dependencies", "project_id"): "projects",
    ("dependencies", "requires"): "projects",
    ("exclusions", "project_id"): "projects",
    ("equity", "region_id"): "regions",
    ("start_limits", "region_id"): "regions",
}
# (table, column) -> values that break its range rule
OUT_OF_RANGE = {
    ("projects", "cost_wan"): st.sampled_from(["0", "-1", "-60", "-0.5"]),
    ("projects", "duration_years"): st.sampled_from(["0", "-2"]),
    ("projects", "land_mu"): st.sampled_from(["-1", "-0.1"]),
    ("projects", "latest_start"): st.just("2023"),
    ("projects", "earliest_start"): st.sampled_from(["1800", "2300", "2026"]),
    ("indicators", "target"): st.sampled_from(["0", "-5", "10"]),
    ("indicators", "upper_bound"): st.sampled_from(["19", "5"]),
    ("funding", "amount_wan"): st.sampled_from(["-1", "-100"]),
    ("funding", "year"): st.sampled_from(["1899", "3000"]),
    ("eligibility", "max_share"): st.sampled_from(["1.5", "-0.1", "2", "150%"]),
    ("land_quota", "quota_mu"): st.sampled_from(["-1", "-10"]),
    ("land_quota", "year"): st.sampled_from(["2020", "2030"]),
    ("equity", "min_share"): st.sampled_from(["1.2", "-0.5", "0.95"]),
    ("start_limits", "max_starts"): st.sampled_from(["-1", "-3"]),
    ("start_limits", "year"): st.sampled_from(["2023", "2026"]),
}
INVISIBLE = ["\x00", "\x07", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\u200b", "\u200e", "\ufeff"]
IN_WORKBOOKS = ["\u200b", "\u200e", "\u2060", "\u202e"]  # what openpyxl can write


@dataclass
class Case:
    """One bad input and where its message must point."""

    tables: dict[str, list[list[str]]]
    table: str | None = None  # the file (table) the message names; None: the scenario
    row: int | None = None
    column: str | None = None
    text: str = ""  # a fragment of the message
    workbook: bool = False
    scenario: str = ""  # TOML appended to the scenario file
    raw: dict[str, bytes] = field(default_factory=dict)  # files written byte for byte
    breaker: Callable[[Path], None] | None = None  # breaks the written workbook


def tables() -> dict[str, list[list[str]]]:
    return {name: [list(row) for row in rows] for name, rows in BASE.items()}


def cell_case(table, row, column, value, workbook=False, text="") -> Case:
    data = tables()
    data[table][row][data[table][0].index(column)] = value
    return Case(data, table, row + 1, column, text, workbook)


def fails(check: Callable[[str], object], text: str) -> bool:
    try:
        check(text)
    except ValueError:
        return True
    return False


NUMERIC = [
    (t, c)
    for t, rows in BASE.items()
    for c in rows[0]
    if TABLES_BY_NAME[t].columns[TABLES_BY_NAME[t].column_names.index(c)].type != "str"
]
WORDS = st.text(st.sampled_from("abcxyz五元万一.-+,%e"), min_size=1, max_size=6)


@st.composite
def wrong_types(draw) -> Case:
    table, column = draw(st.sampled_from(NUMERIC))
    kind = TABLES_BY_NAME[table].columns[TABLES_BY_NAME[table].column_names.index(column)].type
    if kind == "bool":
        value = draw(WORDS.filter(lambda w: fails(parse_bool, w)))
    else:
        value = draw(
            WORDS.filter(lambda w: fails(parse_number, w)) | st.sampled_from(["1.5", "2024.5"])
            if kind in ("int", "year")
            else WORDS.filter(lambda w: fails(lambda x: parse_number(x, kind == "share"), w))
        )
    row = draw(st.integers(1, len(BASE[table]) - 1))
    return cell_case(table, row, column, value, draw(st.booleans()))


@st.composite
def out_of_range(draw) -> Case:
    table, column = draw(st.sampled_from(sorted(OUT_OF_RANGE)))
    row = draw(st.integers(1, len(BASE[table]) - 1))
    return cell_case(table, row, column, draw(OUT_OF_RANGE[(table, column)]), draw(st.booleans()))


@st.composite
def unknown_references(draw) -> Case:
    (table, column), target = draw(st.sampled_from(sorted(REFERENCES.items())))
    known = {row[0] for row in BASE[target][1:]}
    value = draw(
        st.from_regex(r"[a-zP][a-z0-9_]{0,7}", fullmatch=True).filter(lambda v: v not in known)
    )
    row = draw(st.integers(1, len(BASE[table]) - 1))
    return cell_case(table, row, column, value, draw(st.booleans()), "unknown")


@st.composite
def duplicates(draw) -> Case:
    table = draw(st.sampled_from(sorted(KEYS)))
    data = tables()
    copied = draw(st.integers(1, len(data[table]) - 1))
    data[table].append(list(data[table][copied]))
    return Case(data, table, len(data[table]), KEYS[table], "duplicate", draw(st.booleans()))


@st.composite
def cycles(draw) -> Case:
    members = draw(st.permutations(["P1", "P2", "P3", "P4"]))[: draw(st.integers(1, 4))]
    kinds = st.sampled_from(["finish", "start", ""])
    edges = [[a, b, draw(kinds)] for a, b in zip(members, [*members[1:], members[0]], strict=True)]
    data = tables()
    data["dependencies"] = [data["dependencies"][0], *edges]
    text = "cannot require itself" if len(members) == 1 else "dependency cycle"
    return Case(data, "dependencies", None, "requires", text)


@st.composite
def missing_or_misspelt_columns(draw) -> Case:
    table = draw(st.sampled_from(sorted(BASE)))
    schema = TABLES_BY_NAME[table]
    required = [c.name for c in schema.columns if c.required and c.name in BASE[table][0]]
    column = draw(st.sampled_from(required))
    data = tables()
    at = data[table][0].index(column)
    edit = draw(st.sampled_from(["drop", "delete", "insert", "swap", "space"]))
    if edit == "drop":
        for row in data[table]:
            del row[at]
    else:
        i = draw(st.integers(0, len(column) - 2))
        misspelt = {
            "delete": column[:i] + column[i + 1 :],
            "insert": column[:i] + draw(st.sampled_from("aqxz")) + column[i:],
            "swap": column[:i] + column[i + 1] + column[i] + column[i + 2 :],
            "space": column.replace("_", " ") if "_" in column else column + "s",
        }[edit]
        if misspelt == column:
            misspelt += "x"
        data[table][0][at] = misspelt
    return Case(data, table, workbook=draw(st.booleans()))


@st.composite
def bad_encodings(draw) -> Case:
    table = draw(st.sampled_from(sorted(BASE)))
    row = draw(st.integers(1, len(BASE[table]) - 1))
    text = _csv_text(BASE[table]).encode("utf-8")
    lines = text.split(b"\n")
    at = draw(st.integers(0, len(lines[row])))
    junk = draw(st.sampled_from([b"\xff", b"\x80", b"\xfe\xff\x80", b"\x81\x20", b"\xc3\x28\xff"]))
    lines[row] = lines[row][:at] + junk + lines[row][at:]
    return Case(tables(), table, row + 1, None, "CSV UTF-8", raw={table: b"\n".join(lines)})


@st.composite
def shifted_rows(draw) -> Case:
    table = draw(st.sampled_from(sorted(BASE)))
    row = draw(st.integers(1, len(BASE[table]) - 1))
    cells = list(BASE[table][row])
    at = draw(st.integers(0, len(cells) - 1))
    cells[at] = cells[at] + "," + draw(st.sampled_from(["000", "500", "", "x"]))
    lines = _csv_text(BASE[table]).split("\n")
    lines[row] = ",".join(cells)  # written as a user would: the comma unquoted
    raw = "\n".join(lines).encode("utf-8")
    return Case(tables(), table, row + 1, None, "values but the header has", raw={table: raw})


@st.composite
def invisible_characters(draw) -> Case:
    table = draw(st.sampled_from(sorted(BASE)))
    column = draw(st.sampled_from(BASE[table][0]))
    row = draw(st.integers(1, len(BASE[table]) - 1))
    workbook = draw(st.booleans())
    char = draw(st.sampled_from(IN_WORKBOOKS if workbook else INVISIBLE))
    value = BASE[table][row][BASE[table][0].index(column)] or "x"
    # inside the text: surrounding whitespace (some control characters count) is stripped
    return cell_case(table, row, column, f"{value}{char}z", workbook, "contains a")


@st.composite
def empty_tables(draw) -> Case:
    table = draw(
        st.sampled_from(["regions", "indicators", "projects", "sources", "funding", "eligibility"])
    )
    content = draw(st.sampled_from(["", "\n", "header only", "header and blank rows"]))
    header = ",".join(BASE[table][0])
    text = {"header only": header + "\n", "header and blank rows": header + "\n,,\n\n"}
    raw = text.get(content, content).encode("utf-8")
    return Case(tables(), table, None, None, "has no rows", raw={table: raw})


@st.composite
def broken_workbooks(draw) -> Case:
    how = draw(st.sampled_from(["truncate", "garbage", "error value", "formula", "no sheet"]))
    table = draw(st.sampled_from(sorted(BASE)))
    row = draw(st.integers(1, len(BASE[table]) - 1))
    col = draw(st.integers(1, len(BASE[table][0])))
    column = BASE[table][0][col - 1]
    if how == "truncate":
        keep = draw(st.floats(0.0, 0.95))
        return Case(tables(), None, workbook=True, breaker=lambda p: _truncate(p, keep))
    if how == "garbage":
        junk = draw(st.binary(min_size=0, max_size=64))
        return Case(tables(), None, workbook=True, breaker=lambda p: p.write_bytes(junk))
    if how == "no sheet":
        required = sorted(n for n in BASE if TABLES_BY_NAME[n].required)
        gone = draw(st.sampled_from(required))
        return Case(
            tables(),
            gone,
            None,
            None,
            "required table is missing",
            True,
            breaker=lambda p: _edit_book(p, gone, None),
        )
    value = draw(st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NUM!"]))
    if how == "formula":
        value = draw(st.sampled_from(["=1+1", "=SUM(A1:A2)", '="x"']))
    text = "formula without a saved value" if how == "formula" else f"Excel error value {value}"
    return Case(
        tables(),
        table,
        row + 1,
        column,
        text,
        True,
        breaker=lambda p: _edit_book(p, table, (row + 1, col, value)),
    )


NUMBER_KEYS = {  # scenario keys that must be a finite number >= 0 (> 0 where noted)
    "budget": ["scale"],
    "objective": ["default_weight", "cost_tiebreak"],
    "solver": ["time_limit", "mip_gap", "explain_time_limit"],
    "rules": ["region_min_share", "region_max_share", "max_carry_years"],
}
ITEM_KEYS = {  # per-item keys and their ids
    "budget.sources": ["gb", "sb"],
    "objective.weights": ["ind", "lvl"],
    "rules.indicator_floors": ["ind", "lvl"],
}


@st.composite
def bad_scenarios(draw) -> Case:
    kind = draw(st.sampled_from(["number", "item", "unknown key", "unknown id", "list"]))
    if kind == "number":
        section = draw(st.sampled_from(sorted(NUMBER_KEYS)))
        key = draw(st.sampled_from(NUMBER_KEYS[section]))
        value = draw(st.sampled_from(["nan", "inf", "-inf", '"abc"', "[1, 2]", "{ a = 1 }", "-1"]))
        return Case(
            tables(), None, column=f"{section}.{key}", scenario=f"[{section}]\n{key} = {value}\n"
        )
    if kind == "item":
        path = draw(st.sampled_from(sorted(ITEM_KEYS)))
        item = draw(st.sampled_from(ITEM_KEYS[path]))
        values = ["nan", "inf", "-inf", '"x"']
        if path != "rules.indicator_floors":
            values.append("-2")
        value = draw(st.sampled_from(values))
        section, key = path.split(".")
        return Case(
            tables(),
            None,
            column=f"{path}.{item}",
            scenario=f"[{section}.{key}]\n{item} = {value}\n",
        )
    if kind == "unknown key":
        word = draw(
            st.from_regex(r"[a-z]{3,10}", fullmatch=True).filter(
                lambda w: (
                    w
                    not in {
                        "name",
                        "description",
                        "data",
                        "extends",
                        "objective",
                        "solver",
                        "budget",
                        "rules",
                        "multiobjective",
                    }
                )
            )
        )
        section = draw(st.sampled_from(["", "[rules]\n", "[budget]\n", "[solver]\n"]))
        return Case(
            tables(), None, text="Extra inputs are not permitted", scenario=f"{section}{word} = 1\n"
        )
    if kind == "unknown id":
        path = draw(st.sampled_from(sorted(ITEM_KEYS)))
        section, key = path.split(".")
        word = draw(st.from_regex(r"[a-z]{4,8}", fullmatch=True))
        return Case(
            tables(), None, column=path, text="unknown", scenario=f"[{section}.{key}]\n{word} = 1\n"
        )
    key = draw(st.sampled_from(["force_projects", "exclude_projects"]))
    word = draw(st.from_regex(r"Q[0-9]{1,3}", fullmatch=True))
    return Case(
        tables(),
        None,
        column=f"rules.{key}",
        text="unknown project",
        scenario=f'[rules]\n{key} = ["{word}"]\n',
    )


@st.composite
def mandatory_alternatives(draw) -> Case:
    data = tables()
    forced = draw(st.sampled_from(["P3", "P4", ""]))
    for row in data["projects"][1:]:
        if row[0] in ("P3", "P4") and row[0] != forced:
            row[10] = draw(st.sampled_from(["true", "是", "yes", "1"]))
    scenario = f'[rules]\nforce_projects = ["{forced}"]\n' if forced else ""
    return Case(data, "exclusions", 3, "project_id", "exclusion group 'g1'", scenario=scenario)


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _truncate(path: Path, keep: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _edit_book(path: Path, table: str, cell: tuple[int, int, str] | None) -> None:
    wb = openpyxl.load_workbook(path)
    if cell is None:
        del wb[table]
    else:
        row, col, value = cell
        wb[table].cell(row=row, column=col, value=value)
    wb.save(path)


def write_case(case: Case, folder: Path) -> Path:
    """Write the case's data set and scenario; return the scenario file."""
    if case.workbook:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, rows in case.tables.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        wb.save(folder / BOOK)
        if case.breaker:
            case.breaker(folder / BOOK)
    else:
        (folder / "data").mkdir()
        for name, rows in case.tables.items():
            raw = case.raw[name] if name in case.raw else _csv_text(rows).encode("utf-8")
            (folder / "data" / f"{name}.csv").write_bytes(raw)
    scenario = folder / "s.toml"
    data = BOOK if case.workbook else "data"
    scenario.write_text(f'name = "robust"\ndata = "{data}"\n{case.scenario}', encoding="utf-8")
    return scenario


def check(case: Case) -> None:
    """solve --out on the case: exit 2, a located message, the old --out untouched."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = write_case(case, folder)
        out = folder / "out"
        previous = {"summary.json": '{"status": "optimal"}', "previous.csv": "a previous result"}

        def write(stage: Path) -> None:  # a result folder urbopt wrote (manifest, hashes)
            for name, text in previous.items():
                (stage / name).write_text(text, encoding="utf-8")

        write_folder(out, write, "solve")
        previous["manifest.json"] = (out / "manifest.json").read_text(encoding="utf-8")
        result = runner.invoke(app, ["solve", str(scenario), "--out", str(out), "--no-explain"])
        output = result.output
        assert result.exit_code == 2, output
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in output
        assert sorted(p.name for p in out.iterdir()) == sorted(previous)
        for name, text in previous.items():
            assert (out / name).read_text(encoding="utf-8") == text
        if case.table is None and not case.workbook:
            where = "s.toml"
        elif case.table is None:
            where = BOOK
        else:
            where = f"{BOOK}[{case.table}]" if case.workbook else f"{case.table}.csv"
        assert where in output, output
        if case.row is not None:
            assert f"{where}:{case.row}:" in output, output
        if case.column is not None:
            assert f"'{case.column}'" in output, output
        assert case.text in output, output


def robust(n: int):
    return settings(
        max_examples=n,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def test_the_base_data_set_is_valid(tmp_path):
    for workbook in (False, True):
        folder = tmp_path / str(workbook)
        folder.mkdir()
        scenario = write_case(Case(tables(), workbook=workbook), folder)
        result = runner.invoke(app, ["validate", str(scenario)])
        assert result.exit_code == 0, result.output


@robust(25)
@given(wrong_types())
def test_wrong_types(case):
    check(case)


@robust(20)
@given(out_of_range())
def test_out_of_range_numbers(case):
    check(case)


@robust(20)
@given(unknown_references())
def test_unknown_references(case):
    check(case)


@robust(12)
@given(duplicates())
def test_duplicates(case):
    check(case)


@robust(10)
@given(cycles())
def test_dependency_cycles(case):
    check(case)


@robust(20)
@given(missing_or_misspelt_columns())
def test_missing_and_misspelt_columns(case):
    check(case)


@robust(12)
@given(bad_encodings())
def test_bad_encodings(case):
    check(case)


@robust(12)
@given(shifted_rows())
def test_shifted_rows(case):
    check(case)


@robust(15)
@given(invisible_characters())
def test_invisible_characters(case):
    check(case)


@robust(10)
@given(empty_tables())
def test_empty_tables(case):
    check(case)


@robust(15)
@given(broken_workbooks())
def test_broken_workbooks(case):
    check(case)


@robust(25)
@given(bad_scenarios())
def test_bad_scenario_values(case):
    check(case)


@robust(5)
@given(mandatory_alternatives())
def test_mandatory_alternatives(case):
    check(case)


def test_a_case_that_should_fail_but_does_not_is_caught():
    """The checker itself fails on valid input: the suite cannot pass vacuously."""
    try:
        check(Case(tables()))
    except AssertionError:
        return
    raise AssertionError("check() accepted a valid data set")


def test_every_class_is_bad_in_the_workbook_form_too():
    """A located cell problem reads the same from a workbook (sheet instead of file)."""
    check(replace(cell_case("projects", 2, "cost_wan", "abc"), workbook=True))
