"""One question, one answer: the same scenario and data give the same portfolio from
`solve`, a sweep point, `compare` and `rerun`; and more money never scores less."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.config import load_scenario
from optimizer.pipeline import run_scenario
from optimizer.studies.compare import load_result
from optimizer.studies.sweep import Sweep, SweepParam

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def _portfolio(ranked) -> dict[str, int]:
    funded = ranked[ranked["funded"] == "y"]
    return dict(zip(funded["project_id"], funded["start_year"].astype(int), strict=True))


def test_solve_sweep_point_compare_and_rerun_agree(tmp_path):
    config = load_scenario(BASELINE, {"solver": {"explain": False}})
    solved = run_scenario(config)
    starts = solved.solution.start_years()

    sweep = Sweep(config, [SweepParam("budget.special_bond", (1.0,))])
    point = sweep.run().iloc[0]
    assert point["objective"] == solved.outcome.objective
    assert point["funded"] == len(starts)

    compared = load_result(BASELINE)  # compare solves a scenario file the same way
    assert _portfolio(compared.ranked) == starts

    scenario_file = tmp_path / "s.toml"
    scenario_file.write_text(
        f'extends = "{BASELINE}"\nname = "again"\n[budget.sources]\nspecial_bond = 1.0\n',
        encoding="utf-8",
    )
    written = tmp_path / "out"
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["solve", str(scenario_file), "--out", str(written), "--no-explain"]
        ).exit_code
        == 0
    )
    rerun = runner.invoke(app, ["rerun", str(written)])
    assert rerun.exit_code == 0, rerun.output
    assert _portfolio(load_result(written).ranked) == starts


@pytest.mark.parametrize(
    "param, values",
    [
        ("budget.special_bond", (0.8, 1.0, 1.2)),
        pytest.param("budget.scale", (0.9, 1.0, 1.1), marks=pytest.mark.slow),
    ],
)
def test_more_money_never_scores_less(param, values):
    config = load_scenario(BASELINE)
    runs = Sweep(config, [SweepParam(param, values)]).run()
    objectives = list(runs["objective"])
    for less, more in zip(objectives, objectives[1:], strict=False):
        assert more >= less - 1e-9 * abs(less), runs[[param, "objective", "status"]]
