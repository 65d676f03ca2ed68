"""Scenarios: no NaN or infinity anywhere; an input workbook's scenario sheet (情景) makes
the workbook a scenario of its own, validated with sheet and row like every table."""

import json
import math

import openpyxl
import pytest
from inputs_support import invoke
from inputs_support import tiny as tiny_dataset

from optimizer.config import load_scenario, sheet_keys
from optimizer.errors import InputError
from optimizer.labels import LABELS


@pytest.fixture
def tiny(tmp_path):
    tiny_dataset(tmp_path, funding=[("gb", 2024, "", 100.0), ("ppp", 2024, "", 50.0)])
    return tmp_path


NON_FINITE = [
    ("[objective]\nweights = { ind = nan }", "objective.weights.ind"),
    ("[objective]\ncost_tiebreak = inf", "objective.cost_tiebreak"),
    ("[objective]\ndefault_weight = -inf", "objective.default_weight"),
    ("[rules]\nindicator_floors = { ind = nan }", "rules.indicator_floors.ind"),
    ("[rules]\nregion_min_share = nan", "rules.region_min_share"),
    ("[budget]\nscale = inf", "budget.scale"),
    ("[budget.sources]\nppp = nan", "budget.sources.ppp"),
    ("[solver]\ntime_limit = inf", "solver.time_limit"),
    ("[solver]\nmip_gap = nan", "solver.mip_gap"),
    ("[multiobjective]\nweights = [1.0, nan]", "multiobjective.weights.1"),
    ("[multiobjective]\ntotal_time_limit = inf", "multiobjective.total_time_limit"),
]


@pytest.mark.parametrize(("toml", "key"), NON_FINITE)
def test_non_finite_numbers_in_a_scenario_are_refused(tiny, toml, key):
    scenario = tiny / "s.toml"
    scenario.write_text(f'name = "t"\ndata = "data"\n{toml}\n', encoding="utf-8")
    out = tiny / "out"
    result = invoke("solve", scenario, "--out", out)
    assert result.exit_code == 2
    assert f"s.toml: key '{key}': Input should be a finite number" in result.output
    assert not out.exists()


def test_a_nan_time_limit_on_the_command_line_is_refused(tiny):
    scenario = tiny / "s.toml"
    scenario.write_text('name = "t"\ndata = "data"\n', encoding="utf-8")
    result = invoke("solve", scenario, "--time-limit", "nan")
    assert result.exit_code == 2 and "solver.time_limit" in result.output


def workbook_with_scenario(tiny, rows, header=("参数", "对象", "值", "说明")):
    """The tiny data set as a workbook, plus a scenario sheet of `rows`."""
    book = tiny / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for csv in sorted((tiny / "data").glob("*.csv")):
        text = csv.read_text(encoding="utf-8").strip()
        if text:
            ws = wb.create_sheet(csv.stem)
            for line in text.splitlines():
                ws.append(line.split(","))
    if rows is not None:
        ws = wb.create_sheet("情景")
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    wb.save(book)
    return book


def test_the_scenario_sheet_sets_every_kind_of_key(tiny):
    book = workbook_with_scenario(
        tiny,
        [
            ("情景名称", None, "紧缩", None),
            ("预算系数（全部来源）", None, "90%", "budget.scale"),
            ("预算系数（按来源；0 = 不用该来源）", "ppp", 0, None),
            ("执行用地指标", None, "否", None),
            ("指标下限（规划期末须达到的值）", "ind", "5", None),
            ("指标权重", "ind", 2, None),
            ("目标类型（增益 = 每一点进展都计分；缺口 = 超过目标不再计分）", None, "缺口", None),
            ("求解时限（秒）", None, 30, None),
            ("solver.mip_gap", None, 0, None),  # the TOML key works too
            ("rules.force_projects", None, "P1; P2", None),
            ("budget.carry_over", None, None, "blank: keep the default"),
        ],
    )
    scenario = load_scenario(book)
    assert scenario.name == "紧缩" and scenario.data == book.resolve()
    assert scenario.budget.scale == pytest.approx(0.9)
    assert scenario.budget.sources == {"ppp": 0.0}
    assert scenario.budget.carry_over is None
    assert scenario.rules.land is False and scenario.rules.equity is True
    assert scenario.rules.indicator_floors == {"ind": 5.0}
    assert scenario.rules.force_projects == ["P1", "P2"]
    assert scenario.objective.weights == {"ind": 2.0}
    assert scenario.objective.kind == "shortfall"
    assert scenario.solver.time_limit == 30 and scenario.solver.mip_gap == 0


def test_solve_a_workbook_with_no_toml_uses_its_scenario_sheet(tiny):
    plain = workbook_with_scenario(tiny, None)
    out = tiny / "plain"
    assert invoke("solve", plain, "--out", out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"]["name"] == "in" and manifest["data_sha256"].keys() == {"in.xlsx"}
    assert not (out / "scenario.toml").exists()  # the workbook is the scenario, hashed
    book = workbook_with_scenario(tiny, [("budget.scale", None, 0.5, None)])
    out = tiny / "half"
    result = invoke("solve", book, "--out", out, "--no-explain")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["cost_in_plan_wan"] == pytest.approx(60)  # 75 万元 of 150: P1 alone
    assert invoke("rerun", out).exit_code == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ("求解时限（秒）", None, "abc", None),
            "[情景]:2: column '值': must be a number, got 'abc'",
        ),
        (("求解时限（秒）", None, "nan", None), "[情景]:2: column '值': must be a finite number"),
        (
            ("solver.time_limit", None, -5, None),
            "[情景]:2: key 'solver.time_limit': must be > 0, got -5",
        ),
        (("执行用地指标", None, "也许", None), "[情景]:2: column '值': must be 是/否"),
        (("budget.scal", None, 1, None), "unknown scenario key 'budget.scal': did you mean"),
        (("指标权重", None, 2, None), "objective.weights needs an id in the item column"),
        (("budget.scale", "ppp", 2, None), "budget.scale takes no item"),
        (("指标权重", "nope", 2, None), "[情景]:2: key 'objective.weights': unknown indicator"),
        (
            ("预算系数（按来源；0 = 不用该来源）", "gb", -1, None),
            "key 'budget.sources.gb': must be >= 0, got -1",
        ),
        (("指标权重\u200b", "ind", 2, None), "[情景]:2: column '参数': contains a control"),
    ],
)
def test_bad_scenario_rows_are_named_by_sheet_and_row(tiny, row, expected):
    book = workbook_with_scenario(tiny, [row])
    result = invoke("validate", book)
    assert result.exit_code == 2
    assert expected in result.output


def test_a_key_set_twice_is_named(tiny):
    book = workbook_with_scenario(
        tiny, [("budget.scale", None, 1, None), ("预算系数（全部来源）", None, 0.5, None)]
    )
    with pytest.raises(InputError) as caught:
        load_scenario(book)
    assert str(caught.value).endswith("[情景]:3: budget.scale is set twice (first on row 2)")


def test_english_headers_and_labels_are_read(tiny):
    book = workbook_with_scenario(
        tiny, [("budget scale (every source)", None, 0.5, None)], ("key", "item", "value", "note")
    )
    assert load_scenario(book).budget.scale == 0.5


def test_every_labelled_scenario_key_exists():
    keys = sheet_keys()
    labelled = [
        k.removeprefix("input.scenario.") for k in LABELS if k.startswith("input.scenario.")
    ]
    assert set(labelled) <= set(keys)
    assert {"budget.sources", "rules.indicator_floors", "objective.weights"} <= set(labelled)
    assert all(keys[k].item for k in ("budget.sources", "objective.weights"))


def test_toml_scenarios_keep_working_and_never_write_nan(tiny):
    scenario = tiny / "s.toml"
    scenario.write_text(
        'name = "t"\ndata = "data"\n[budget.sources]\nppp = 0\n[solver]\nmip_gap = 0\n',
        encoding="utf-8",
    )
    out = tiny / "out"
    assert invoke("solve", scenario, "--out", out).exit_code == 0
    text = (out / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in manifest"))
    assert manifest["scenario"]["budget"]["sources"] == {"ppp": 0.0}
    assert not any(
        isinstance(v, float) and not math.isfinite(v) for v in manifest["result"].values()
    )


@pytest.mark.parametrize(
    ("header", "missing"), [(("对象", "值"), "'key' (参数)"), (("参数", "说明"), "'value' (值)")]
)
def test_a_scenario_sheet_without_its_key_or_value_column_is_refused(tiny, header, missing):
    book = workbook_with_scenario(tiny, [("budget.scale", "0.5")], header)
    result = invoke("validate", book)
    assert result.exit_code == 2 and f"[情景]: missing column {missing}" in result.output
