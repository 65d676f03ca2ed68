"""results.xlsx is a finished deliverable: 摘要 first, every sheet with a frozen header, an
autofilter, fitted widths and number formats; funded/unfunded and met/missed marked;
Chinese headers with the input's names beside the ids (English with --lang en); numbers,
never text, in numeric columns; the benefit/cost comparison whenever the run has one."""

import json

import pytest
from openpyxl import load_workbook
from support import indicator, project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.output import save_workbook
from optimizer.io.results import from_folder
from optimizer.reports.workbook import results_workbook

runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wb")
    inds = [indicator("ind"), indicator("air", 0, 3, binding=True, kind="level")]
    projects = [
        project("P1", 60, 7, gains={"air": 3}, category="school"),
        project("P2", 50, 5, region="b", category="old_community"),
        project("P3", 50, 4, category="new_kind"),
    ]
    data = write_dataset(tmp / "d", projects, indicators=inds)
    (data / "regions.csv").write_text("region_id,name\na,城区\nb,泽州县\n", encoding="utf-8")
    (data / "sources.csv").write_text("source_id,name,carry_over\ngb,一般公共预算,False\n")
    scenario = tmp / "s.toml"
    scenario.write_text('name = "tiny"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8")
    out = {}
    for lang in ("zh", "en"):
        out[lang] = tmp / lang
        result = runner.invoke(
            app, ["solve", str(scenario), "--out", str(out[lang]), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
    return out


def header_map(ws):
    return {c.value: c.column_letter for c in ws[1]}


def column(ws, letter):
    return list(ws[letter][1:])


def test_sheets_in_order_each_with_frozen_header_filter_and_widths(solved):
    wb = load_workbook(solved["zh"] / "results.xlsx")
    assert wb.sheetnames == ["摘要", "项目排序", "资金安排", "预算使用", "指标完成", "财政可持续性"]
    for ws in wb:
        assert ws.freeze_panes in ("A2", "D2"), ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(w and w >= 6 for w in widths), (ws.title, widths)
    ranked = wb["项目排序"]
    assert ranked.freeze_panes == "D2"  # rank, id and name stay in view
    cols = header_map(ranked)
    assert ranked.column_dimensions[cols["说明"]].width > ranked.column_dimensions["A"].width


def test_headers_are_chinese_with_names_beside_ids(solved):
    wb = load_workbook(solved["zh"] / "results.xlsx")
    cols = header_map(wb["项目排序"])
    heads = ("排名", "项目编号", "地区编号", "地区", "类别编号", "类别", "总投资（万元）", "说明")
    for head in heads:
        assert head in cols, head
    assert "一般公共预算（万元）" in cols and "一般公共预算 2024（万元）" in cols
    regions = {c.value for c in column(wb["项目排序"], cols["地区"])}
    assert regions == {"城区", "泽州县"}
    categories = {c.value for c in column(wb["项目排序"], cols["类别"])}
    assert categories == {"学校", "老旧小区改造", "new_kind"}  # unknown ids fall back to the id
    pools = header_map(wb["预算使用"])
    assert {c.value for c in column(wb["预算使用"], pools["资金来源"])} == {"一般公共预算"}
    assert {c.value for c in column(wb["预算使用"], pools["地区"])} == {"全市"}


def test_number_formats_and_numbers_not_text(solved):
    wb = load_workbook(solved["zh"] / "results.xlsx")
    ranked = wb["项目排序"]
    cols = header_map(ranked)
    for head in ("总投资（万元）", "规划期内投资（万元）", "一般公共预算（万元）"):
        cells = [c for c in column(ranked, cols[head]) if c.value is not None]
        assert cells and all(isinstance(c.value, int | float) for c in cells), head
        assert {c.number_format for c in cells} == {"#,##0"}, head
    ind = wb["指标完成"]
    icols = header_map(ind)
    assert {c.number_format for c in column(ind, icols["完成度"])} == {"0.0%"}
    pools = wb["预算使用"]
    assert {c.number_format for c in column(pools, header_map(pools)["使用率"])} == {"0.0%"}
    for ws in wb:  # a number column never holds text
        for c in ws[1]:
            values = [x.value for x in column(ws, c.column_letter) if x.value is not None]
            kinds = {isinstance(v, str) for v in values}
            assert len(kinds) <= 1 or ws.title == "摘要", (ws.title, c.value)


def test_funded_and_met_are_marked(solved):
    wb = load_workbook(solved["zh"] / "results.xlsx")
    ranked = wb["项目排序"]
    funded_col = header_map(ranked)["是否入选"]
    for cell in column(ranked, funded_col):
        row = ranked[cell.row]
        if cell.value == "是":
            assert row[0].fill.fgColor.rgb.endswith("E2EFDA")
        else:
            assert row[0].font.color.rgb.endswith("7F7F7F")
    ind = wb["指标完成"]
    met_col = header_map(ind)["是否达标"]
    fills = {c.value: c.fill.fgColor.rgb[-6:] for c in column(ind, met_col)}
    assert fills == {"是": "E2EFDA", "否": "FADBD8"}  # ind missed, air met


def test_summary_sheet_first(solved):
    ws = load_workbook(solved["zh"] / "results.xlsx")["摘要"]
    items = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert items["情景"] == "tiny" and items["求解状态"] == "最优"
    assert items["入选项目"] == 1 and items["规划期投资（万元）"] == 60  # P1 (binding air)
    assert items["达标指标"] == 1 and items["指标总数"] == 2 and items["未达标指标"] == "ind"
    text = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "资金来源与年度（万元）" in text and "一般公共预算" in text


def test_english_workbook(solved):
    wb = load_workbook(solved["en"] / "results.xlsx")
    assert wb.sheetnames[:2] == ["summary", "ranked_projects"]
    cols = header_map(wb["ranked_projects"])
    assert "region" in cols and "cost (10k yuan)" in cols
    assert {c.value for c in column(wb["ranked_projects"], cols["funded"])} == {"yes", "no"}


def test_benefit_cost_comparison_in_summary(solved, tmp_path):
    """A run whose summary carries the benefit/cost portfolio shows both side by side."""
    tables = from_folder(solved["zh"])
    summary = tables.summary | {
        "targets_met": 1,
        "targets": 2,
        "unspent_wan": 0.0,
        "benefit_cost": {
            "score": 0.08,
            "targets_met": 1,
            "targets": 2,
            "unspent_wan": 40.0,
            "funded": 2,
            "only_optimizer": ["P1"],
            "only_ranking": ["P2", "P3"],
        },
    }
    tables = type(tables)(**{**tables.__dict__, "summary": summary})
    frames = {"ranked_projects": tables.ranked, "indicator_attainment": tables.indicators}
    save_workbook(tmp_path / "r.xlsx", results_workbook(tables, frames, "zh"))
    rows = list(load_workbook(tmp_path / "r.xlsx")["摘要"].iter_rows(values_only=True))
    flat = [c for r in rows for c in r if c is not None]
    assert any(isinstance(c, str) and c.startswith("与按效益成本排序的比较") for c in flat)
    by_item = {r[0]: r[1:4] for r in rows if r[0]}
    assert by_item["未使用资金"] == (0, 40, -40)
    assert by_item["入选项目"] == (1, 2, -1)  # the comparison's row (after the run's own)
    assert "仅优化方案入选" in flat and "仅排序方案入选" in flat and "P3" in flat
    assert json.loads((solved["zh"] / "summary.json").read_text())["names"]["regions"] == {
        "a": "城区",
        "b": "泽州县",
    }
