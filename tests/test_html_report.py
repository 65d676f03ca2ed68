"""The HTML report for a director: Chinese headings and a short narrative, charts labelled
with names in a CJK font, projects grouped by category in collapsible sections, numbers
with separators; self-contained; renders in headless Chromium and prints the sample to A4
in at most 10 pages; an infeasible result shows its conflicts."""

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib.image
import pandas as pd
import pytest
from support import indicator, project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.results import from_folder
from optimizer.reports.html import attainment_chart, chart_fonts, render_tables

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not installed (.ci/run installs it)"
)
SCIENTIFIC = re.compile(r"\d\.?\d*e[+-]\d", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The page without its inline SVG charts and style."""
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def chromium(tmp_path: Path, *args: str) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def solved(tmp_path):
    inds = [
        indicator("ind", name="常住人口城镇化率指标"),
        indicator("air", 0, 3, binding=True, kind="level", name="空气质量"),
    ]
    projects = [
        project("P1", 60, 7, gains={"air": 3}, category="school"),
        project("P2", 50, 5, region="b"),
        project("P3", 50, 4),
    ]
    data = write_dataset(tmp_path / "d", projects, indicators=inds)
    (data / "regions.csv").write_text("region_id,name\na,城区\nb,泽州县\n", encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "tiny"\ndescription = "小样本"\ndata = "d"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(out)]).exit_code == 0
    return out


@pytest.fixture
def report(solved):
    result = runner.invoke(app, ["report", str(solved)])
    assert result.exit_code == 0, result.output
    return solved / "report.html"


def test_report_in_chinese_with_narrative_and_collapsible_categories(report):
    html = report.read_text(encoding="utf-8")
    for heading in (
        "摘要",
        "主要结论",
        "指标完成情况",
        "分年度、分来源投资",
        "分地区投资",
        "预算使用",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "tiny 投资方案报告" in html and "小样本" in html
    # targets missed, what would lift it, and what binds
    assert "2 项指标中 1 项达到目标；未达标：常住人口城镇化率指标" in html
    assert "其中最接近的 P2 还需追加 10 万元" in html
    assert "没有预算池完全用尽" in html and "约束性指标全部达标：空气质量" in html
    assert html.count("<details>") == 2  # 学校, 道路
    assert "<summary>学校：入选 1 / 1 个" in html and "<summary>道路：入选 0 / 2 个" in html
    assert "泽州县" in html  # region names, not ids
    assert html.count("<svg") == 4  # attainment, years, regions, fiscal
    assert not SCIENTIFIC.search(visible_text(html))
    assert "<link" not in html and 'src="http' not in html and "<script" not in html


def test_report_in_english(solved, tmp_path):
    out = tmp_path / "en.html"
    result = runner.invoke(app, ["report", str(solved), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert ">Findings</h2>" in html and "1 of 2 indicators reach their targets" in html


def test_benefit_cost_comparison_is_shown_when_present(solved):
    tables = from_folder(solved)
    summary = tables.summary | {
        "benefit_cost": {
            "score": tables.summary["score"] / 1.25,
            "targets_met": 0,
            "targets": 2,
            "unspent_wan": 0.0,
            "funded": 2,
            "only_optimizer": ["P1"],
            "only_ranking": ["P2", "P3"],
        }
    }
    html = render_tables(type(tables)(**{**tables.__dict__, "summary": summary}), "zh")
    assert "与按效益成本排序比较" in html
    assert "优化方案得分比按效益成本排序高 25.0%" in html
    assert "仅排序方案入选" in html and "P3" in html


def test_report_on_an_infeasible_result_shows_the_conflicts(tmp_path):
    write_dataset(tmp_path / "d", [project("A", 150, 1, mandatory=True)])
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "t"\ndata = "d"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(out)]).exit_code == 3
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "该情景不可行" in html and ">冲突的规则</h2>" in html
    assert "gb 2024" in html and "50 万元" in html


def test_report_on_a_folder_that_is_not_a_result(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "is this a `solve --out` folder?" in result.output


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_charts_use_an_installed_cjk_font():
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "Noto Sans CJK SC" not in listed:
        pytest.skip("fonts-noto-cjk not installed (.ci/run installs it)")
    assert chart_fonts()[0] == "Noto Sans CJK SC"
    frame = pd.DataFrame(
        {
            "indicator_id": ["a"],
            "name": ["城市空气质量优良天数比率"],
            "binding": [True],
            "attainment": [1.2],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns 'Glyph … missing from font(s)'
        svg = attainment_chart(frame, "zh")
    assert svg.startswith("<svg")


@needs_chromium
def test_report_renders_in_headless_chromium(report, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1200,1600",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    pixels = matplotlib.image.imread(shot)[..., :3]
    inked = (pixels < 0.9).any(axis=2).mean()  # share of pixels that are not near-white
    assert 0.02 < inked < 0.9, f"screenshot looks blank or broken ({inked:.1%} inked)"
    assert pixels.std() > 0.05


@needs_chromium
def test_sample_report_prints_to_at_most_10_a4_pages(tmp_path):
    out = tmp_path / "sample"
    solved = runner.invoke(
        app,
        [
            "solve",
            str(ROOT / "scenarios" / "baseline.toml"),
            "--out",
            str(out),
            "--no-explain",
            "--mip-gap",
            "0.05",
        ],
    )
    assert solved.exit_code == 0, solved.output
    assert runner.invoke(app, ["report", str(out)]).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<details>") == 8  # one per category of the sample
    assert not SCIENTIFIC.search(visible_text(html))  # 41,360 school places, not 4.136e+04
    pdf = tmp_path / "report.pdf"
    chromium(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (out / "report.html").as_uri()
    )
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    assert 1 <= pages <= 10, pages
