"""Reasons are complete and exact: re-tested the way a reader would check them.

For an explained unfunded project, force it in (with the prerequisites the reason names) next
to the funded portfolio, every start year free, and relax exactly the stated rules by exactly
the stated amounts (as printed, i.e. rounded up): it must fit. With 90 % of any one stated
item (the others as stated) it must not. Nothing else is relaxed, so a relief the reason
leaves out makes the first check fail.
"""

from pathlib import Path

import highspy
import pytest

from optimizer.analysis import explain
from optimizer.analysis.diagnose import describe_slack
from optimizer.analysis.explain import Explanation, explain_unfunded, round_up
from optimizer.analysis.reasons import number
from optimizer.config import load_scenario
from optimizer.model.build import build_model
from optimizer.model.inputs import ModelInputs
from optimizer.pipeline import RunResult, run_scenario
from optimizer.solve.solver import Solver

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample() -> RunResult:
    return run_scenario(load_scenario(ROOT / "scenarios" / "baseline.toml"))


class _Checker:
    """The elastic model with the funded set and one project forced in, every slack
    bounded by what the reason states."""

    def __init__(self, d: ModelInputs, funded: set[str], joining: set[str]) -> None:
        self.d = d
        m = build_model(d, elastic=True)
        m.mandatory_slack_ub.set_value(0)
        for q in d.projects:
            inside = int(q in funded or q in joining)
            m.must[q].set_value(inside)
            m.allow[q].set_value(inside)
        solver = Solver(m, time_limit=120, mip_gap=1.0)  # any feasible point will do
        handed = solver.attach()
        self.highs = solver.highs
        self.slacks = {
            (fam.name, key): handed.column(fam.var[key])
            for fam in m.elastic_families
            for key in fam.var
        }

    def fits(self, allowed: dict[tuple[str, tuple], float]) -> bool:
        for (name, key), j in self.slacks.items():
            v = describe_slack(name, key, 0.0, self.d)
            self.highs.changeColBounds(j, 0.0, allowed.get((v.family, v.key), 0.0))
        self.highs.run()
        status = self.highs.getModelStatus()
        assert status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible)
        return status == highspy.HighsModelStatus.kOptimal


def _check(result: RunResult, p: str, e: Explanation) -> None:
    d = result.inputs
    why = result.ranked.set_index("project_id").loc[p, "why"]
    stated = {(v.family, v.key): round_up(v.amount) for v in e.reliefs}
    for amount in stated.values():
        assert number(amount) in why, (p, why)  # the text shows the amount it claims
    for q in e.prerequisites:
        assert q in why, (p, why)
    checker = _Checker(d, set(result.solution.funded), {p, *e.prerequisites})
    assert checker.fits(stated), f"{p}: the stated relief does not admit it: {why}"
    for item, amount in stated.items():
        less = stated | {item: 0.9 * amount}
        assert not checker.fits(less), f"{p}: 90 % of {item} still admits it: {why}"


def _explained(result: RunResult) -> list[tuple[str, Explanation]]:
    return sorted((p, e) for p, e in result.explanations.items() if e.kind == "relief" and e.proven)


def test_sample_reasons_say_why_every_project_is_or_is_not_funded(sample):
    ranked = sample.ranked
    assert ranked["why"].str.len().gt(0).all()
    assert not ranked["why"].str.contains("not explained|未解释").any()
    funded = ranked[ranked["funded"] == "y"]
    assert funded["why"].str.match("必选|入选").all()
    unfunded = ranked[ranked["funded"] == "n"]
    assert unfunded["why"].str.match("未入选|与 |无法安排|规划期内").all()
    chain = ranked.set_index("project_id").loc["P0053", "why"]
    assert "P0041" in chain and "P0099" in chain and "2026" in chain  # the chain is named
    assert all(e.proven for e in sample.explanations.values() if e.kind == "relief")


def test_sample_reasons_are_exact_for_a_sample_of_projects(sample):
    explained = _explained(sample)
    assert len(explained) > 20
    for p, e in explained[::6]:
        _check(sample, p, e)


def test_reasons_do_not_depend_on_the_lanes(sample, monkeypatch):
    """Lanes take projects from a shared queue as they free up: one lane and three give
    the same answers to the last digit, whichever lane explained which project."""
    answers = []
    for lanes in (1, 3):
        monkeypatch.setattr(explain, "lane_count", lambda lanes=lanes: lanes)
        answers.append(explain_unfunded(sample.inputs, sample.solution, sample.scenario.solver))
    assert sum(e.kind == "relief" for e in answers[0].values()) > 20
    assert answers[0] == answers[1]


@pytest.mark.slow
def test_sample_reasons_are_exact_for_every_project(sample):
    for p, e in _explained(sample):
        _check(sample, p, e)


@pytest.mark.parametrize(
    "amount, shown",
    [(290.5, 291), (1997.5, 1998), (34.0, 34), (33.51, 33.6), (0.3, 0.3), (0.01234, 0.0124)],
)
def test_amounts_are_rounded_up_never_down(amount, shown):
    assert round_up(amount) == pytest.approx(shown)
    assert round_up(amount) >= amount - 1e-9
    assert 0.9 * round_up(amount) < amount  # a tenth less than stated never suffices
