"""Text from the input is printed as it is by every command: never read as Rich markup
(`[/red]` used to crash the CLI, `[link=…]` was swallowed, `in.xlsx[projects]` lost its
sheet name) and never as an emoji code (`:b:`)."""

from pathlib import Path

import pandas as pd
import pytest
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
REGION = "[/red]"
REGION_NAME = "[bold]城区"
PROJECT = "[link=http://evil.example]click[/link] :b:"
SCENARIO = "[/bold]x"


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "MarkupError" not in result.output
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markup")
    projects = [
        project("P1", 60, 7, region=REGION),
        project("P2", 50, 5, region="b"),
        project("P3", 50, 4, region=REGION),
    ]
    projects[0]["name"] = PROJECT
    data = write_dataset(tmp / "d", projects, regions=(REGION, "b"))
    regions = pd.DataFrame({"region_id": [REGION, "b"], "name": [REGION_NAME, "b"]})
    regions.to_csv(data / "regions.csv", index=False)
    scenario = tmp / "s.toml"
    scenario.write_text(
        f'name = "{SCENARIO}"\ndata = "d"\n[solver]\nmip_gap = 0\n', encoding="utf-8"
    )
    more = tmp / "more.toml"
    more.write_text(
        f'name = "{SCENARIO}2"\ndata = "d"\n[budget]\nscale = 1.1\n[solver]\nmip_gap = 0\n',
        encoding="utf-8",
    )
    out = tmp / "out"
    result = invoke("solve", scenario, "--out", out)
    assert result.exit_code == 0, result.output
    return {"tmp": tmp, "scenario": scenario, "more": more, "out": out, "solve": result.output}


def test_solve(hostile):
    output = hostile["solve"]
    assert f"情景 {SCENARIO}" in output and REGION_NAME in output


def test_solve_infeasible_conflicts(hostile, tmp_path):
    scenario = tmp_path / "bad.toml"
    data = hostile["tmp"] / "d"
    scenario.write_text(
        f'name = "{SCENARIO}"\ndata = "{data}"\n[rules]\nindicator_floors = {{ ind = 50 }}\n',
        encoding="utf-8",
    )
    result = invoke("solve", scenario)
    assert result.exit_code == 3 and SCENARIO in result.output


def test_compare(hostile):
    result = invoke("compare", hostile["scenario"], hostile["more"])
    assert result.exit_code == 0
    assert f"{SCENARIO}2" in result.output and "[link=http://evil.example]click" in result.output


def test_report(hostile, tmp_path):
    target = tmp_path / "[red]r.html"
    result = invoke("report", hostile["out"], "--out", target)
    assert result.exit_code == 0 and "[red]r.html" in result.output


def test_rerun(hostile):
    result = invoke("rerun", hostile["out"])
    assert result.exit_code == 0


def test_validate(hostile, tmp_path):
    result = invoke("validate", hostile["scenario"])
    assert result.exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(f'name = "{SCENARIO}"\ndata = "missing[/red]"\n', encoding="utf-8")
    result = invoke("validate", bad)
    assert result.exit_code == 2 and "missing[/red]" in result.output


def test_workbook_errors_keep_the_sheet_name(hostile, tmp_path):
    book = tmp_path / "in.xlsx"
    with pd.ExcelWriter(book) as xl:
        for csv in sorted((hostile["tmp"] / "d").glob("*.csv")):
            frame = pd.read_csv(csv)
            if csv.stem == "projects":
                frame.loc[0, "cost_wan"] = -1
            frame.to_excel(xl, sheet_name=csv.stem, index=False)
    scenario = tmp_path / "x.toml"
    scenario.write_text('name = "x"\ndata = "in.xlsx"\n', encoding="utf-8")
    result = invoke("validate", scenario)
    assert result.exit_code == 2 and "in.xlsx[projects]" in result.output


def test_template(tmp_path):
    target = tmp_path / "[red]t.xlsx"
    result = invoke("template", target)
    assert result.exit_code == 0 and "[red]t.xlsx" in result.output


def test_sweep(hostile, tmp_path):
    out = tmp_path / "[/red]sweep"
    result = invoke(
        "sweep", hostile["scenario"], "--param", "budget.scale", "--values", "1,1.1",
        "--out", out, "--no-marginal",
    )  # fmt: skip
    assert result.exit_code == 0 and "[/red]sweep" in result.output


def test_pareto_and_explain(hostile, tmp_path):
    out = tmp_path / "front"
    result = invoke("pareto", hostile["scenario"], "--objectives", "score,cost", "--out", out)
    assert result.exit_code == 0
    points = pd.read_csv(out / "points.csv", encoding="utf-8-sig")
    shown = []
    for point in points["point"]:
        explained = invoke("explain", out, "--point", point)
        assert explained.exit_code == 0
        shown.append(explained.output)
    assert any("[link=http://evil.example]click[/link] :b:" in text for text in shown)


def test_error_messages_are_plain_text(tmp_path):
    result = invoke("solve", Path(tmp_path / "[/red]none.toml"))
    assert result.exit_code == 2 and "[/red]none.toml" in result.output
