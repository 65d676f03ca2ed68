"""The HTML report is self-contained and renders in headless Chromium."""

import shutil
import subprocess

import matplotlib.image
import pytest
from support import indicator, project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def report(tmp_path):
    inds = [indicator("ind"), indicator("air", 0, 3, binding=True, kind="level")]
    projects = [
        project("P1", 60, 7, gains={"air": 3}),
        project("P2", 50, 5, region="b"),
        project("P3", 50, 4),
    ]
    write_dataset(tmp_path / "d", projects, indicators=inds)
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "tiny"\ndescription = "小样本"\ndata = "d"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    for section in (
        "Summary",
        "Indicator attainment vs targets",
        "Spending by year and source",
        "Spending by region",
        "Ranked projects",
        "Fiscal sustainability",
        "小样本",
    ):
        assert section in html
    assert html.count("<svg") == 4  # attainment, years, regions, fiscal
    assert "✓ 约束性" in html  # the binding indicator is met
    assert "还差" in html  # the unfunded project's reason
    assert "<link" not in html and 'src="http' not in html and "<script" not in html


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    shot = tmp_path / "shot.png"
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
            "--hide-scrollbars",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            report.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pixels = matplotlib.image.imread(shot)[..., :3]
    inked = (pixels < 0.9).any(axis=2).mean()  # share of pixels that are not near-white
    assert 0.02 < inked < 0.9, f"screenshot looks blank or broken ({inked:.1%} inked)"
    assert pixels.std() > 0.05
