"""The terminal summary: Chinese labels, indicator names whole at 80 columns, a met column
that marks every indicator (✓ met, ✗ missed) and says which are binding, no scientific
notation, and the benefit/cost comparison whenever the run has one."""

import re

import pytest
from rich.console import Console
from support import indicator, project, scenario, write_dataset

from optimizer.pipeline import run_scenario
from optimizer.reports.overview import overview
from optimizer.reports.terminal import print_summary, status_line

NAMES = {
    "rate": "常住人口城镇化率",
    "air": "城市空气质量优良天数比率",
    "places": "新增中小学幼儿园学位",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("term")
    inds = [
        indicator("rate", 63.55, 68.0, kind="level", upper_bound=100, name=NAMES["rate"]),
        indicator("air", 66.4, 66.78, binding=True, kind="level", name=NAMES["air"]),
        indicator("places", 0, 12000, name=NAMES["places"]),
    ]
    projects = [
        project("P1", 60, gains={"air": 0.5, "places": 41360}),
        project("P2", 50, gains={"rate": 1.0}),
    ]
    data = write_dataset(tmp / "d", projects, indicators=inds)
    return run_scenario(scenario(data))


def render(result, lang="zh", width=80):
    console = Console(width=width, record=True, emoji=False, highlight=False)
    print_summary(result, console, lang)
    return console.export_text()


def test_indicator_names_whole_at_80_columns(result):
    text = render(result)
    for name in NAMES.values():
        assert name in text, name
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_met_column_marks_every_indicator_and_binding_ones(result):
    lines = {
        name: line
        for line in render(result).splitlines()
        for name in NAMES.values()
        if name in line
    }
    assert "✓ 约束性" in lines[NAMES["air"]]  # binding and met
    assert "✓" in lines[NAMES["places"]] and "约束性" not in lines[NAMES["places"]]
    assert "✗" in lines[NAMES["rate"]]  # missed (P2 does not fit next to P1)
    assert "41,360" in lines[NAMES["places"]]


def test_no_scientific_notation(result):
    assert not re.search(r"\d\.?\d*e[+-]\d", render(result), re.IGNORECASE)


def test_chinese_by_default_english_on_request(result):
    zh, en = render(result), render(result, "en")
    assert "求解状态 最优" in zh and "指标完成情况" in zh and "资金来源与年度（万元）" in zh
    assert "status optimal" in en and "Indicator attainment" in en and "binding" in en


def test_benefit_cost_comparison_side_by_side(result, monkeypatch):
    record = result.summary_record()
    extra = {
        "targets_met": 2,
        "targets": 3,
        "unspent_wan": 40.0,
        "benefit_cost": {
            "score": record["score"] / 2,
            "targets_met": 1,
            "targets": 3,
            "unspent_wan": 50.0,
            "funded": 1,
            "only_optimizer": ["P1"],
            "only_ranking": ["P2"],
        },
    }
    monkeypatch.setattr(result, "summary_record", lambda: record | extra)
    text = render(result)
    assert "与按效益成本排序比较" in text
    assert "优化方案得分比按效益成本排序高 100.0%" in text
    assert re.search(r"未使用资金\s+│\s+40\s+│\s+50\s+│\s+−10", text)
    assert "仅优化方案入选 1" in text and "仅排序方案入选 1" in text


def test_interrupted_shows_like_feasible_with_the_word(result):
    ov = overview(result.tables())
    line = status_line(type(ov)(**{**ov.__dict__, "status": "interrupted"}), "zh")
    assert line.plain == "求解状态 可行（未证最优），已中断"
    assert "yellow" in str(line.spans[0].style)
