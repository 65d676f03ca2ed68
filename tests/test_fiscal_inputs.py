"""The fiscal columns, the debt_limits table and the [fiscal] scenario keys are validated
like the others: one line naming file, row and column, exit 2, nothing written."""

import pandas as pd
import pytest
from fiscal_support import GB, bond_source, fiscal_dataset, with_columns
from inputs_support import invoke
from support import project

from optimizer.config import load_scenario
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data


def _dataset(tmp_path, bond_row=None, projects=None, scenario="", **optional):
    data = fiscal_dataset(
        tmp_path / "d",
        projects or [project("A", 10, 1)],
        gb={2024: 100},
        bond={2024: 10},
        bond_row=bond_row,
        **optional,
    )
    path = tmp_path / "s.toml"
    path.write_text(f'name = "t"\ndata = "d"\n{scenario}', encoding="utf-8")
    return data, path


def _errors(path, out=None):
    args = ("solve", path, "--out", out) if out else ("validate", path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    return [line for line in result.output.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"interest_rate": "abc"}, "interest_rate", "must be a number, got 'abc'"),
        ({"interest_rate": "150%"}, "interest_rate", "must be a share between 0 and 1"),
        ({"term_years": ""}, "term_years", "interest_rate is given, so the source is debt"),
        ({"interest_rate": ""}, "interest_rate", "a debt source needs a rate"),
        ({"term_years": 0}, "term_years", "term must be >= 1, got 0"),
        ({"grace_years": 2}, "grace_years", "shorter than the term (2), got 2"),
        ({"repaid_from": "nowhere"}, "repaid_from", "unknown source_id 'nowhere'"),
        ({"repaid_from": "bond"}, "repaid_from", "'bond' is debt itself"),
    ],
)
def test_bad_debt_terms_are_one_line_each(tmp_path, row, column, message):
    _, path = _dataset(tmp_path, bond_row=bond_source() | row)
    (line,) = _errors(path, tmp_path / "out")
    assert line.startswith(f"error: {tmp_path / 'd' / 'sources.csv'}:3: column '{column}': ")
    assert message in line
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize("column", ["income_wan", "om_wan", "persons_settled"])
def test_negative_project_numbers_are_refused(tmp_path, column):
    _, path = _dataset(tmp_path, projects=[with_columns(project("A", 10, 1), **{column: -5})])
    (line,) = _errors(path)
    assert f"projects.csv:2: column '{column}': {column} must be >= 0, got -5" in line


@pytest.mark.parametrize(
    ("limit", "column", "message"),
    [
        ({"source_id": GB}, "source_id", f"'{GB}' is not a debt source"),
        ({"source_id": "x"}, "source_id", "unknown source_id 'x'"),
        ({"kind": "total"}, "kind", "must be one of new / outstanding, got 'total'"),
        ({"year": 2030}, "year", "year 2030 is outside the plan years 2024-2024"),
        ({"limit_wan": -1}, "limit_wan", "limit must be >= 0 万元, got -1"),
        ({"region_id": "z"}, "region_id", "unknown region_id 'z'"),
    ],
)
def test_bad_debt_limits_are_one_line_each(tmp_path, limit, column, message):
    _, path = _dataset(tmp_path, debt_limits=[{"limit_wan": 5} | limit])
    lines = _errors(path)
    assert any(f"debt_limits.csv:2: column '{column}': {message}" in line for line in lines), lines


def test_chinese_words_for_the_limit_kind_and_a_duplicate_limit(tmp_path):
    limits = [{"kind": "新增", "limit_wan": 5}, {"kind": "new", "limit_wan": 6}]
    _, path = _dataset(tmp_path, debt_limits=limits)
    (line,) = _errors(path)
    assert "debt_limits.csv:3: column 'limit_wan': duplicate new debt limit for every year" in line


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("[fiscal]\nterm_years = { nope = 3 }\n", "unknown source 'nope'"),
        (f"[fiscal]\ninterest_rate = {{ {GB} = 0.03 }}\n", f"debt source '{GB}' needs term_years"),
        ("[fiscal]\nrepaid_from = { bond = 'bond' }\n", "'bond' is repaid from 'bond'"),
        ("[fiscal]\ngrace_years = { bond = 5 }\n", "grace years of 'bond' (5) must be shorter"),
        ("[fiscal]\nom_share = { museum = 0.01 }\n", "unknown category 'museum'"),
        (
            "[fiscal]\nterm_years = { bond = 0 }\n",
            "key 'fiscal.term_years.bond': must be >= 1, got 0",
        ),
        (
            "[rules]\nom_costs = true\n[fiscal]\ngeneral_budget = 'gb'\n",
            "unknown source 'gb': name the general budget's source id",
        ),
    ],
)
def test_bad_fiscal_scenario_keys(tmp_path, scenario, message):
    _, path = _dataset(tmp_path, scenario=scenario)
    lines = _errors(path)
    assert len(lines) == 1 and message in lines[0], lines
    assert str(path) in lines[0]


def test_the_scenario_overrides_the_data_terms(tmp_path):
    data, path = _dataset(
        tmp_path, scenario="[fiscal]\ninterest_rate = { bond = 0.02 }\nterm_years = { bond = 10 }\n"
    )
    scenario = load_scenario(path)
    terms = prepare(load_data(scenario), scenario).debt["bond"]
    assert (terms.rate, terms.term, terms.grace, terms.repaid_from) == (0.02, 10, 0, GB)


def test_a_workbook_scenario_sheet_sets_fiscal_keys(tmp_path):
    data, _ = _dataset(tmp_path)
    book = tmp_path / "in.xlsx"
    assert invoke("template", "--from", data, book).exit_code == 0
    with pd.ExcelWriter(book, mode="a", engine="openpyxl", if_sheet_exists="replace") as xl:
        pd.DataFrame(
            [
                ["专项债券收益自平衡", "", "是"],
                ["债务年利率（按来源，覆盖资金来源表）", "bond", "4%"],
                ["专项债券本息覆盖倍数", "", "1.2"],
            ],
            columns=["参数", "对象", "值"],
        ).to_excel(xl, sheet_name="情景", index=False)
    scenario = load_scenario(book)
    assert scenario.rules.bond_self_balance
    assert scenario.fiscal.interest_rate == {"bond": 0.04}
    assert scenario.fiscal.coverage_ratio == 1.2
