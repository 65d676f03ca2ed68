"""CSV files as a bureau saves them: encodings Excel writes, shifted rows, empty tables,
invisible characters, thousands of bad cells: one clear line each (or a capped list)."""

import pytest
from inputs_support import invoke
from inputs_support import tiny as tiny_dataset
from support import project, write_dataset

from optimizer.io.load import load_tables
from optimizer.io.validate import validate_tables


@pytest.fixture
def tiny(tmp_path):
    return tiny_dataset(tmp_path)


def validate(scenario):
    return invoke("validate", scenario)


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error:")]


def _with_chinese_names(data):
    path = data / "projects.csv"
    text = path.read_text(encoding="utf-8").replace("P2,P2,", "P2,城区道路（二期）,")
    return path, text


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ","),
        ("gbk", ","),
        ("gb18030", ","),
        ("utf-16", ","),  # BOM + little-endian, as Python and Excel write it
        ("utf-16", "\t"),  # Excel's "Unicode text" is tab-separated
        ("utf-16-be", ","),
    ],
)
def test_csv_in_the_encodings_excel_writes_is_read(tiny, encoding, delimiter):
    data, _ = tiny
    path, text = _with_chinese_names(data)
    raw = text.replace(",", delimiter).encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path.write_bytes(raw)
    projects = validate_tables(load_tables(data)).projects
    assert list(projects["name"]) == ["P1", "城区道路（二期）", "P3"]
    assert list(projects["cost_wan"]) == [60, 50, 50]


def test_undecodable_csv_says_save_as_csv_utf8(tiny):
    data, scenario = tiny
    path = data / "projects.csv"
    path.write_bytes(path.read_bytes() + b"P4,\xff\x80bad,road,a,5,1,2024,2024,public,0,False,\n")
    result = validate(scenario)
    assert result.exit_code == 2
    (line,) = errors(result)
    assert "projects.csv:5:" in line and "CSV UTF-8" in line


def test_unquoted_thousands_separator_names_the_broken_row_only(tmp_path):
    projects = [project(f"P{i}", 10 + i, 1) for i in range(40)]
    data = write_dataset(tmp_path / "d", projects, funding=[("gb", 2024, "", 1000.0)])
    path = data / "projects.csv"
    text = path.read_text(encoding="utf-8").replace("P17,P17,road,a,27,", "P17,P17,road,a,27,000,")
    path.write_text(text, encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    result = validate(scenario)
    assert result.exit_code == 2
    (line,) = errors(result)
    assert "projects.csv:19:" in line and "13 values but the header has 12 columns" in line


def test_thousands_separators_in_quotes_or_full_width_are_numbers(tiny):
    data, _ = tiny
    path = data / "funding.csv"
    path.write_text(
        'source_id,year,region_id,amount_wan\ngb,2024,,"1,000.5"\ngb,2025,,２５，０００\n',
        encoding="utf-8",
    )
    funding = validate_tables(load_tables(data)).funding
    assert list(funding["amount_wan"]) == [1000.5, 25000.0]


@pytest.mark.parametrize("bad", ["25,00", "1,5", "abc", "1_000", "nan", "inf", "-1e400"])
def test_numbers_that_are_not_numbers_are_refused(tiny, bad):
    data, scenario = tiny
    (data / "funding.csv").write_text(
        f'source_id,year,region_id,amount_wan\ngb,2024,,"{bad}"\n', encoding="utf-8"
    )
    result = validate(scenario)
    assert result.exit_code == 2
    (line,) = errors(result)
    assert "funding.csv:2: column 'amount_wan':" in line


def test_header_only_funding_with_land_quota_rows_is_one_line(tiny):
    data, scenario = tiny
    (data / "funding.csv").write_text("source_id,year,region_id,amount_wan\n", encoding="utf-8")
    (data / "land_quota.csv").write_text("year,region_id,quota_mu\n2024,,5\n", encoding="utf-8")
    result = validate(scenario)
    assert result.exit_code == 2
    assert errors(result) == [
        f"error: {data / 'funding.csv'}: has no rows: the table needs at least one row below "
        "its header"
    ]


HEADER = "project_id,name,category,region_id,cost_wan,duration_years,earliest_start,latest_start,"


@pytest.mark.parametrize(
    "content", ["", "\n\n", HEADER + "revenue_class\n", HEADER + "revenue_class\n,,,,\n"]
)
def test_empty_or_header_only_projects_is_one_line(tiny, content):
    data, scenario = tiny
    (data / "projects.csv").write_text(content, encoding="utf-8")
    result = validate(scenario)
    assert result.exit_code == 2
    (line,) = errors(result)
    assert "projects.csv: has no rows" in line


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x07", "U+0007"),
        ("\x00", "U+0000"),
        ("\x1b", "U+001B"),
        ("\u200b", "U+200B"),
        ("\ufeff", "U+FEFF"),
        ("\x85", "U+0085"),
    ],
)
def test_control_and_invisible_characters_are_refused_with_their_place(tiny, char, what):
    data, scenario = tiny
    path = data / "projects.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("P2,P2,", f"P2,P{char}2,"), encoding="utf-8"
    )
    result = validate(scenario)
    assert result.exit_code == 2
    (line,) = errors(result)
    assert "projects.csv:3: column 'name': contains" in line and what in line


def test_a_quoted_line_break_in_a_name_is_refused(tiny):
    data, scenario = tiny
    path = data / "regions.csv"
    path.write_text('region_id,name\na,"City\nNorth"\nb,b\n', encoding="utf-8")
    result = validate(scenario)
    assert result.exit_code == 2
    assert "regions.csv:2: column 'name': contains a line break (U+000A)" in result.output


def test_twenty_thousand_bad_cells_print_twenty_lines_and_a_count(tmp_path):
    data = write_dataset(tmp_path / "d", [project("P1", 60, 7)])
    (data / "project_gains.csv").write_text(
        "project_id,indicator_id,gain\n" + "\n".join(f"P1,ind,abc{i}" for i in range(20_000)),
        encoding="utf-8",
    )
    (data / "land_quota.csv").write_text(
        "year,region_id,quota_mu\n" + "\n".join(f"2024,,x{i}" for i in range(50)),
        encoding="utf-8",
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    result = validate(scenario)
    assert result.exit_code == 2
    lines = errors(result)
    assert len(lines) <= 21
    assert sum("project_gains.csv:" in line for line in lines) == 5  # five of one kind,
    assert sum("land_quota.csv:" in line for line in lines) == 5  # so other kinds show
    assert lines[-1].startswith("error: … and 20,040 more problems")
    assert "project_gains.csv 'gain': 19,995" in lines[-1]


def _mandatory_alternatives(tmp_path, scenario_text, forced=False):
    data = write_dataset(
        tmp_path / "d",
        [
            project("P1", 40, 7, mandatory=True),
            project("P2", 30, 5),
            project("P3", 20, 4, mandatory=not forced),
        ],
        exclusions=[
            {"group_id": "other", "project_id": "P2"},
            {"group_id": "alt", "project_id": "P1"},
            {"group_id": "alt", "project_id": "P3"},
        ],
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "t"\ndata = "d"\n{scenario_text}', encoding="utf-8")
    return data, validate(scenario)


def test_two_mandatory_alternatives_of_one_group_are_named(tmp_path):
    data, result = _mandatory_alternatives(tmp_path, "")
    assert result.exit_code == 2
    (line,) = errors(result)
    assert f"{data / 'exclusions.csv'}:4: column 'project_id': exclusion group 'alt'" in line
    assert "P1 (mandatory) and P3 (mandatory) must all be funded" in line


def test_a_forced_project_and_a_mandatory_alternative_are_named(tmp_path):
    _, result = _mandatory_alternatives(tmp_path, '[rules]\nforce_projects = ["P3"]\n', True)
    assert result.exit_code == 2
    assert "P1 (mandatory) and P3 (forced by the scenario)" in result.output


@pytest.mark.parametrize("rule", ["exclusions", "mandatory"])
def test_mandatory_alternatives_are_fine_when_the_rule_is_off(tmp_path, rule):
    _, result = _mandatory_alternatives(tmp_path, f"[rules]\n{rule} = false\n")
    assert result.exit_code == 0, result.output
