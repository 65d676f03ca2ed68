"""Generated hostile values (issue 21, part 6): numbers beyond their bounds or not finite
in every table and scenario key (TOML and the 情景 sheet), HiGHS options off the
allow-list, full-width ids, date cells in year columns, and formula-like text written
back by `template --from`. Each case passes `hostile_support.check` (exit 2, one clean
located line, nothing written, bounded time; or exit 0 where the input is valid).
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from pathlib import Path

import highspy
import openpyxl
import pandas as pd
import pytest
from hostile_support import Hostile, check, write
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from test_robustness_inputs import BOOK, robust, tables
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.config import HIGHS_ALLOWED, MAX_SEED, Scenario, sheet_keys
from optimizer.io.schema import (
    ACTUALS_TABLES,
    MAX_GAIN_RATIO,
    MAX_YEARS,
    TABLES,
    TABLES_BY_NAME,
)
from optimizer.solve.solver import quiet_highs

runner = CliRunner()
EXTRA = {  # columns the small data set leaves out, with a valid value per row
    "regions": {"population_wan": "10"},
    "projects": {"income_wan": "5", "om_wan": "1", "persons_settled": "100"},
    "sources": {"interest_rate": ["", "0.03"], "term_years": ["", "10"], "grace_years": ["", "2"]},
}


def rich() -> dict[str, list[list[str]]]:
    """The small data set with every bounded column filled (`sb` a debt source)."""
    data = tables()
    for table, columns in EXTRA.items():
        for column, values in columns.items():
            rows = data[table]
            rows[0].append(column)
            for k, row in enumerate(rows[1:]):
                row.append(values[k] if isinstance(values, list) else values)
    return data


def set_cell(data, table: str, row: int, column: str, value: str) -> None:
    data[table][row][data[table][0].index(column)] = value


def where(table: str, workbook: bool) -> str:
    return f"{BOOK}[{table}]" if workbook else f"{table}.csv"


def test_the_rich_data_set_is_valid():
    check(Hostile(rich(), shown="valid: 4 projects"))
    check(Hostile(rich(), workbook=True, shown="valid: 4 projects"))


# --- numbers in the tables ---------------------------------------------------------------

BOUNDED = [
    (t.name, c.name, c.limit)
    for t in TABLES
    for c in t.columns
    if c.limit is not None and c.name in rich().get(t.name, [[]])[0]
]
NOT_FINITE = ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400"]


@st.composite
def numbers_beyond_bounds(draw) -> Hostile:
    """A cell of every bounded column: 10 × its bound, ±1e308, or not finite."""
    table, column, limit = draw(st.sampled_from(BOUNDED))
    value = draw(st.sampled_from([f"{10 * limit:g}", "1e308", "-1e308", *NOT_FINITE]))
    row = draw(st.integers(1, len(rich()[table]) - 1))
    data = rich()
    set_cell(data, table, row, column, value)
    workbook = draw(st.booleans())
    return Hostile(data, workbook, where=where(table, workbook), row=row + 1, column=column)


@robust(30)
@given(numbers_beyond_bounds())
def test_numbers_beyond_their_bounds_are_one_line(case):
    check(case)


@st.composite
def rules_beyond_bounds(draw) -> Hostile:
    """Gains far beyond their indicator's scale, non-finite cost profiles, start years far
    from the plan, a plan over 50 years, a duration longer than the plan and its carry
    years."""
    kind = draw(st.sampled_from(["gain", "profile", "start", "plan", "duration"]))
    data, workbook = rich(), draw(st.booleans())
    if kind == "gain":
        row, scale = draw(st.sampled_from([(1, 100), (3, 20)]))  # ind: 0 -> 100; lvl: 10 -> 20
        gain = draw(st.sampled_from([1, -1])) * (
            MAX_GAIN_RATIO * scale + draw(st.integers(1, 10**6))
        )
        set_cell(data, "project_gains", row, "gain", str(gain))
        shown = where("project_gains", workbook)
        return Hostile(
            data, workbook, where=shown, row=row + 1, column="gain", text="times the scale"
        )
    if kind == "profile":
        profile = draw(st.sampled_from(["nan;nan", "inf;0", "0.5;nan", "1e400;0", "-inf;1"]))
        set_cell(data, "projects", 2, "cost_profile", profile)
        shown = where("projects", workbook)
        return Hostile(data, workbook, where=shown, row=3, column="cost_profile", text="finite")
    if kind == "start":
        column = draw(st.sampled_from(["earliest_start", "latest_start"]))
        year = 2024 - MAX_YEARS - draw(st.integers(1, 70))
        if column == "latest_start":
            year = 2025 + MAX_YEARS + draw(st.integers(1, 100))
        set_cell(data, "projects", 1, column, str(year))
        return Hostile(data, workbook, where=where("projects", workbook), row=2, column=column)
    if kind == "plan":
        set_cell(data, "funding", 1, "year", str(2024 - MAX_YEARS - draw(st.integers(0, 70))))
        return Hostile(data, workbook, where=where("funding", workbook), text="at most 50")
    carry = draw(st.integers(0, 3))
    duration = 2 + carry + draw(st.integers(1, MAX_YEARS - 2 - carry))
    set_cell(data, "projects", 1, "duration_years", str(duration))
    return Hostile(
        data,
        workbook,
        scenario=f"[rules]\nmax_carry_years = {carry}\n",
        where=where("projects", workbook),
        row=2,
        column="duration_years",
        text=f"plus rules.max_carry_years ({carry})",
    )


@robust(24)
@given(rules_beyond_bounds())
def test_values_beyond_the_rules_bounds_are_one_line(case):
    check(case)


# --- numbers in the scenario -------------------------------------------------------------

SCENARIO_BOUNDS = [  # (table, key, a value beyond its bound)
    ("solver", "time_limit", "1e9"),
    ("solver", "explain_time_limit", "700000"),
    ("solver", "threads", "100000"),
    ("budget", "scale", "1e6"),
    ("budget.sources", "gb", "1e4"),
    ("objective", "default_weight", "1e7"),
    ("objective.weights", "ind", "1e300"),
    ("objective", "cost_tiebreak", "2"),
    ("rules", "max_carry_years", "1000"),
    ("rules.indicator_floors", "ind", "1e300"),
    ("rules", "max_starts_per_region_year", "1000000000000"),
    ("fiscal.term_years", "sb", "100000000"),
    ("fiscal.grace_years", "sb", "1000"),
    ("fiscal.interest_rate", "sb", "5"),
    ("fiscal", "coverage_ratio", "1e9"),
    ("fiscal", "debt_limit_scale", "1e9"),
    ("fiscal.om_share", "road", "2"),
    ("fiscal", "land_mu_per_1000", "1e9"),
    ("fiscal", "reward_wan_per_person", "1e9"),
    ("multiobjective", "points", "10000000"),
    ("multiobjective", "max_steps", "1000000000000"),
    ("multiobjective", "total_time_limit", "1e12"),
    ("multiobjective", "point_time_limit", "1e12"),
    ("robust", "gamma", "1e12"),
    ("robust", "overrun", "1000"),
    ("robust.overruns", "road", "1000"),
    ("stress", "samples", "1000000000"),
    ("stress", "seed", str(MAX_SEED + 1)),
    ("stress.overrun_mean", "road", "1e6"),
    ("stress.overrun_sd", "road", "1e6"),
    ("stress", "default_overrun_mean", "1e6"),
    ("stress.shortfall", "gb", "3"),
]


@st.composite
def scenario_numbers(draw) -> Hostile:
    """Every bounded scenario key beyond its bound or not finite, in s.toml."""
    table, key, beyond = draw(st.sampled_from(SCENARIO_BOUNDS))
    value = draw(st.sampled_from([beyond, beyond, "nan", "inf", "-inf"]))
    return Hostile(
        scenario=f"[{table}]\n{key} = {value}\n", where="s.toml", column=f"{table}.{key}"
    )


@robust(30)
@given(scenario_numbers())
def test_scenario_numbers_beyond_bounds_are_one_line(case):
    check(case)


def _scenario_sheet(rows: list[tuple[str, str, str]]):
    def edit(folder: Path) -> None:
        book = folder / BOOK
        wb = openpyxl.load_workbook(book)
        ws = wb.create_sheet("情景")
        ws.append(["参数", "对象", "值"])
        for row in rows:
            ws.append(list(row))
        wb.save(book)

    return edit


@st.composite
def sheet_numbers(draw) -> Hostile:
    """The same keys set in the workbook's 情景 sheet: named by sheet, row and key."""
    table, key, beyond = draw(st.sampled_from(SCENARIO_BOUNDS))
    value = draw(st.sampled_from([beyond, "1e400"]))
    path, item = (table, key) if "." in table else (f"{table}.{key}", "")
    column = f"{table}.{key}"
    if sheet_keys()[path].kind != "number":
        value = beyond
    return Hostile(
        workbook=True,
        edit=_scenario_sheet([(path, item, value)]),
        command=BOOK,
        where=f"{BOOK}[情景]",
        row=2,
        column=None if value == "1e400" else column,
    )


@robust(15)
@given(sheet_numbers())
def test_scenario_sheet_numbers_beyond_bounds_are_one_line(case):
    check(case)


# --- HiGHS options -----------------------------------------------------------------------

REFUSED = {
    "solution_file": '"x.sol"',
    "write_solution_to_file": "true",
    "log_file": '"h.log"',
    "output_flag": "true",
    "log_to_console": "true",
    "write_model_file": '"m.lp"',
    "write_model_to_file": "true",
    "write_presolved_model_file": '"p.lp"',
    "write_iis_model_file": '"i.lp"',
    "write_basis_file": '"b.bas"',
    "read_basis_file": '"b.bas"',
    "read_solution_file": '"x.sol"',
    "mip_improving_solution_file": '"s.sol"',
    "mip_improving_solution_save": "true",
    "glpsol_cost_row_location": "1",
    "ranging": '"on"',
    "time_limit": "5",
    "threads": "2",
    "mip_rel_gap": "0.5",
    "no_such_option": "1",
    "mip_heuristic_efort": "0.3",
}
ALLOWED = {
    "random_seed": "7",
    "mip_heuristic_effort": "0.3",
    "presolve": '"off"',
    "mip_heuristic_run_rins": "false",
    "mip_detect_symmetry": "false",
    "mip_max_nodes": "1000",
    "primal_feasibility_tolerance": "1e-6",
}
WRITTEN = ("x.sol", "h.log", "m.lp", "p.lp", "i.lp", "b.bas", "s.sol")


@st.composite
def highs_options(draw) -> Hostile:
    """Options off the allow-list (files, logs, the scenario's own keys, unknown names) are
    one line and write nothing; allowed ones validate; an allowed one out of HiGHS's range
    is one line naming it."""
    kind = draw(st.sampled_from(["refused", "refused", "allowed", "out of range", "sheet"]))
    if kind == "allowed":
        name = draw(st.sampled_from(sorted(ALLOWED)))
        return Hostile(scenario=f"[solver.highs]\n{name} = {ALLOWED[name]}\n", shown="valid:")
    if kind == "out of range":
        toml = "[solver.highs]\nmip_heuristic_effort = 5\n"
        return Hostile(scenario=toml, where="s.toml", column="solver.highs.mip_heuristic_effort")
    name = draw(st.sampled_from(sorted(REFUSED)))
    if kind == "sheet":
        edit = _scenario_sheet([("solver.highs", name, REFUSED[name].strip('"'))])
        return Hostile(
            workbook=True,
            edit=edit,
            command=BOOK,
            where=f"{BOOK}[情景]",
            row=2,
            text=repr(name),
            absent=WRITTEN,
        )
    return Hostile(
        scenario=f"[solver.highs]\n{name} = {REFUSED[name]}\n",
        where="s.toml",
        column="solver.highs",
        text=repr(name),
        absent=WRITTEN,
    )


@robust(25)
@given(highs_options())
def test_only_allowed_highs_options_are_set(case):
    check(case)


def test_every_allowed_highs_option_is_a_highs_option():
    highs = quiet_highs()
    unknown = [n for n in HIGHS_ALLOWED if highs.getOptionValue(n)[0] != highspy.HighsStatus.kOk]
    assert unknown == []


# --- ids -----------------------------------------------------------------------------------

IDS = {"region_id": ["a", "b"], "project_id": ["P1", "P2", "P3", "P4"], "source_id": ["gb", "sb"]}
IDS |= {"indicator_id": ["ind", "lvl"], "group_id": ["g1"]}


def wide(text: str) -> str:
    """Full-width letters and digits, as a Chinese input method types them."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def is_id(table: str, column: str) -> bool:
    schema = TABLES_BY_NAME[table]
    return schema.columns[schema.column_names.index(column)].is_id


@st.composite
def full_width_ids(draw) -> Hostile:
    """Full-width ids are the ids (anywhere: in the table that defines them, in the tables
    that name them, in the scenario); beside the half-width one they are a duplicate."""
    kind = draw(st.sampled_from(["some tables", "scenario", "duplicate", "scenario twice"]))
    data, workbook = tables(), draw(st.booleans())
    if kind == "scenario":
        force = f'[rules]\nforce_projects = ["{wide("P1")}"]\n'
        toml = draw(st.sampled_from([force, f'[budget.sources]\n"{wide("gb")}" = 0.5\n']))
        return Hostile(data, workbook, scenario=toml, shown="valid: 4 projects")
    if kind == "scenario twice":
        toml = f'[budget.sources]\ngb = 0.5\n"{wide("gb")}" = 0.6\n'
        return Hostile(data, workbook, scenario=toml, where="s.toml", column="budget.sources")
    if kind == "duplicate":
        table = draw(st.sampled_from(["regions", "projects", "sources"]))
        copy = list(data[table][1])
        copy[0] = wide(copy[0])
        data[table].append(copy)
        key, shown = data[table][0][0], where(table, workbook)
        return Hostile(
            data, workbook, where=shown, row=len(data[table]), column=key, text="duplicate"
        )
    value = draw(st.sampled_from(IDS[draw(st.sampled_from(sorted(IDS)))]))
    for table, rows in data.items():
        if draw(st.booleans()):
            ids = [i for i, name in enumerate(rows[0]) if is_id(table, name)]
            for row in rows[1:]:
                row[:] = [wide(v) if i in ids and v == value else v for i, v in enumerate(row)]
    return Hostile(data, workbook, shown="valid: 4 projects")


@robust(20)
@given(full_width_ids())
def test_full_width_ids_are_the_ids(case):
    check(case)


# --- years written as dates ----------------------------------------------------------------

YEAR_CELLS = [("funding", r, "year") for r in range(1, 5)]
YEAR_CELLS += [("land_quota", r, "year") for r in (1, 2)]
YEAR_CELLS += [("projects", r, c) for r in range(1, 5) for c in ("earliest_start", "latest_start")]


def _date_cells(cells: list[tuple[str, int, str]], style: str, day: tuple[int, int]):
    """Year cells of the workbook as dates in that year, or as the year typed into a
    date-formatted cell (which Excel shows as a day of 1905)."""

    def edit(folder: Path) -> None:
        book = folder / BOOK
        wb = openpyxl.load_workbook(book)
        for table, row, column in cells:
            ws = wb[table]
            cell = ws.cell(row=row + 1, column=[c.value for c in ws[1]].index(column) + 1)
            year = int(cell.value)
            if style == "date":
                cell.value = datetime.datetime(year, *day)
            else:
                cell.value = year
                cell.number_format = "yyyy-mm-dd"
        wb.save(book)

    return edit


@st.composite
def year_dates(draw) -> Hostile:
    """Years as dates: date cells, years typed into date-formatted cells, or in a CSV
    2024年, 2024-03-01, 2024/3/1, 2024-12-31 00:00:00."""
    cells = draw(st.lists(st.sampled_from(YEAR_CELLS), min_size=1, max_size=6, unique=True))
    if draw(st.booleans()):
        style = draw(st.sampled_from(["date", "typed"]))
        day = (draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        edit = _date_cells(cells, style, day)
        return Hostile(workbook=True, edit=edit, shown="plan years 2024-2025")
    data = tables()
    form = draw(st.sampled_from(["{}年", "{}-03-01", "{}/3/1", "{}-12-31 00:00:00"]))
    for table, row, column in cells:
        year = data[table][row][data[table][0].index(column)]
        set_cell(data, table, row, column, form.format(year))
    return Hostile(data, shown="plan years 2024-2025")


@robust(15)
@given(year_dates())
def test_years_written_as_dates_are_years(case):
    check(case)


# --- template --from writes no formula ----------------------------------------------------

PAYLOADS = [
    '=HYPERLINK("http://x.example","点我")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
]
TEXT_CELLS = [
    ("projects", 1, "name"),
    ("projects", 2, "category"),
    ("regions", 1, "name"),
    ("indicators", 1, "name"),
    ("indicators", 2, "unit"),
    ("sources", 1, "name"),
]


@st.composite
def formula_text(draw) -> Hostile:
    """Names, a category, a unit and the scenario's description that a spreadsheet would
    run as formulas."""
    data = tables()
    for table, row, column in draw(st.lists(st.sampled_from(TEXT_CELLS), min_size=1, unique=True)):
        set_cell(data, table, row, column, draw(st.sampled_from(PAYLOADS)))
    description = draw(st.sampled_from(["", *PAYLOADS]))
    scenario = f"description = {json.dumps(description, ensure_ascii=False)}\n"
    return Hostile(data, scenario=scenario if description else "")


@robust(8)
@given(formula_text())
def test_template_from_data_writes_no_formula(case):
    """Every cell `template --from` writes is text or a number, never a formula; the
    workbook it writes validates (the round trip keeps the neutralised text)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write(case, folder)
        book = folder / "template.xlsx"
        result = runner.invoke(app, ["template", str(book), "--from", str(source)])
        assert result.exit_code == 0, result.output
        cells = [c for ws in openpyxl.load_workbook(book) for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
        assert runner.invoke(app, ["validate", str(book)]).exit_code == 0


def test_scenario_bounds_cover_every_number():
    """Every number a scenario holds (a field, a dict value, a list item) has an upper bound."""
    unbounded = []

    def visit(model, prefix=""):
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                visit(annotation, f"{prefix}{name}.")
                continue
            text, shown = str(annotation), repr(info)
            numeric = ("float" in text or "int" in text) and "str, bool" not in text
            if numeric and not any(b in text or b in shown for b in ("Le(", "Lt(")):
                unbounded.append(f"{prefix}{name}")

    visit(Scenario)
    assert unbounded == []


def test_every_numeric_column_has_a_bound():
    missing = [
        f"{t.name}.{c.name}"
        for t in (*TABLES, *ACTUALS_TABLES)
        for c in t.columns
        if c.type in ("int", "float") and c.limit is None
    ]
    assert missing == []


def _solve(data, folder: Path) -> tuple[dict, dict[str, str]]:
    """Solve `data` (the small set's shape) into folder/out: its summary and funded flags."""
    scenario = write(Hostile(data), folder)
    result = runner.invoke(app, ["solve", str(scenario), "--out", str(folder / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    ranked = pd.read_csv(folder / "out" / "ranked_projects.csv", dtype=str)
    return summary, dict(zip(ranked["project_id"], ranked["funded"], strict=True))


@pytest.mark.parametrize(("cost", "gain", "funded"), [("1e9", "7", "n"), ("60", "10000", "y")])
def test_an_optional_project_at_the_bounds_keeps_the_plan_optimal(tmp_path, cost, gain, funded):
    """One optional project costing 1e9 万元 (never affordable: 300 万元 of budget), or
    gaining 100 × its indicator's gap (it must be funded): the plan still solves to the
    optimum, not 'infeasible'."""
    data = tables()
    data["projects"].append(
        ["P9", "九", "road", "a", cost, "1", "2024", "2025", "public", "0", "false", ""]
    )
    data["project_gains"].append(["P9", "ind", gain])
    summary, flags = _solve(data, tmp_path)
    assert summary["status"] == "optimal" and flags["P9"] == funded


@pytest.mark.slow
@pytest.mark.parametrize("what", ["cost", "gain"])
def test_the_sample_stays_optimal_with_a_project_at_the_bounds(tmp_path, what):
    """The sample, one optional project's cost at 1e9 万元 or its gain at the largest its
    indicator allows: the baseline still solves to the optimum."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data" / "jincheng", data)
    projects = pd.read_csv(data / "projects.csv", dtype=str, keep_default_na=False)
    gains = pd.read_csv(data / "project_gains.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(data / "indicators.csv").set_index("indicator_id")
    optional = projects.loc[~projects["mandatory"].isin(["true", "True", "是", "1"]), "project_id"]
    chosen = optional.iloc[0]
    if what == "cost":
        projects.loc[projects["project_id"] == chosen, "cost_wan"] = "1000000000"
        projects.to_csv(data / "projects.csv", index=False)
    else:
        row = gains.index[gains["project_id"] == chosen][0]
        ind = indicators.loc[gains.loc[row, "indicator_id"]]
        scale = max(ind["target"] - ind["baseline"], abs(ind["target"]), abs(ind["baseline"]))
        gains.loc[row, "gain"] = repr(float(MAX_GAIN_RATIO * scale))
        gains.to_csv(data / "project_gains.csv", index=False)
    baseline = (Path(__file__).parents[1] / "scenarios" / "baseline.toml").read_text("utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(baseline.replace('"../data/jincheng"', '"data"'), encoding="utf-8")
    result = runner.invoke(
        app, ["solve", str(scenario), "--out", str(tmp_path / "out"), "--no-explain"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
