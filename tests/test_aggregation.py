"""The funding block is aggregated by class, and nothing is lost by it.

- the model has one funding column per (class, source) of a class with several sources and
  none per project, so a change cannot silently bring the large per-project block back;
- the per-project split recovered after the solve meets every per-project rule: sources
  cover each project-year, each source within its share, each pool within its budget;
- the aggregated model reaches the optimum of an independently written model with one
  funding variable per (project, source, year) (benchmarks/highspy_reference.py).
"""

import importlib.util
import math
import tempfile
from collections import defaultdict
from pathlib import Path

import highspy
import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import project, scenario, write_dataset

from optimizer.config import load_scenario
from optimizer.model.build import build_model
from optimizer.model.inputs import CITY, CITY_LABEL, ModelInputs, prepare
from optimizer.pipeline import RunResult, load_data, run_scenario

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "highspy_reference", ROOT / "benchmarks" / "highspy_reference.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def test_one_funding_column_per_class_and_source_on_the_sample():
    config = load_scenario(ROOT / "scenarios" / "baseline.toml")
    d = prepare(load_data(config), config)
    m = build_model(d)
    expected = sum(len(c.sources) for c in d.classes if len(c.sources) > 1)
    assert len(m.F) == expected
    keys = {(c, s) for c, s in m.F}
    assert len(keys) == len(m.F)  # one column per (class, source); a class is one year
    assert all(len({y for _, y in c.members}) == 1 for c in d.classes)
    per_project = len(d.pool_of)  # what one column per (project, source, year) would need
    continuous = [v for v in m.component_data_objects(pyo.Var) if not v.is_integer()]
    assert len(continuous) <= len(m.F) + len(m.carry) + len(d.indicators)
    assert len(m.F) < per_project / 2, (len(m.F), per_project)


def check_split(result: RunResult) -> None:
    """Every per-project funding rule, on the split recovered from the class totals."""
    d: ModelInputs = result.inputs
    sol = result.solution
    starts = sol.start_years()
    funding = sol.funding
    spend = {
        (p, y): a for p, t in starts.items() for y, a in d.spend[(p, t)].items()
    }  # plan-year spending of each funded project
    paid = funding.groupby(["project_id", "year"])["amount_wan"].sum().to_dict()
    for key, amount in spend.items():
        assert paid.get(key, 0.0) == pytest.approx(amount, abs=1e-4), key
    assert set(paid) <= set(spend)
    for r in funding.itertuples():
        pool = d.pool_of[(r.project_id, r.source_id, r.year)]  # eligible, with a pool
        assert r.pool_region == pool[2]
        cap = d.share[(r.project_id, r.source_id)] * spend[(r.project_id, r.year)]
        assert r.amount_wan <= cap + 1e-4, r
    used = defaultdict(float)
    for r in funding.itertuples():
        used[(r.source_id, r.year, r.pool_region)] += r.amount_wan
    for p in sol.pools.itertuples():
        region = CITY if p.region_id == CITY_LABEL else p.region_id
        assert used[(p.source_id, p.year, region)] == pytest.approx(p.used_wan, abs=1e-4)
        available = p.budget_wan + p.carried_in_wan
        assert p.used_wan + p.carried_out_wan <= available + 1e-4, p


def test_the_sample_split_meets_every_per_project_rule():
    config = load_scenario(ROOT / "scenarios" / "baseline.toml", {"solver": {"explain": False}})
    check_split(run_scenario(config))


CLASSES = ("public", "quasi_public", "commercial")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.integers(10, 80),
            st.integers(1, 20),
            st.sampled_from(CLASSES),
            st.integers(1, 2),
            st.sampled_from(("a", "b")),
        ),
        min_size=2,
        max_size=8,
    ),
    shares=st.tuples(*[st.sampled_from((0.3, 0.5, 0.8, 1.0))] * 4),
    money=st.lists(st.integers(0, 100), min_size=8, max_size=8),
)
def test_aggregated_and_per_project_models_agree(rows, shares, money):
    """Regional and city pools, shares below 1, carry-over: the same optimum as the
    independent per-project formulation, and a split that meets every per-project row."""
    projects = [
        project(
            f"P{k}",
            c,
            g,
            revenue_class=rc,
            duration=dur,
            earliest=2024,
            latest=2025 - dur + 1,
            region=r,
        )
        for k, (c, g, rc, dur, r) in enumerate(rows)
    ]
    funding = [
        ("gb", 2024, "a", money[0]),
        ("gb", 2024, "b", money[1]),
        ("gb", 2025, "a", money[2]),
        ("gb", 2025, "b", money[3]),
        ("bond", 2024, "", money[4]),
        ("bond", 2025, "", money[5]),
        ("ppp", 2024, "", money[6]),
        ("ppp", 2025, "", money[7]),
    ]
    eligibility = [
        ("gb", "public", "*", 1.0),
        ("gb", "quasi_public", "*", shares[0]),
        ("bond", "quasi_public", "*", shares[1]),
        ("ppp", "quasi_public", "*", shares[2]),
        ("ppp", "commercial", "*", 1.0),
        ("bond", "commercial", "*", shares[3]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(
            Path(tmp),
            projects,
            funding=funding,
            eligibility=eligibility,
            sources=[("gb", False), ("bond", True), ("ppp", True)],
        )
        config = scenario(folder)
        result = run_scenario(config)
        d = prepare(load_data(config), config)
    highs = reference.build_reference(d)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    best = highs.getInfo().objective_function_value
    assert math.isclose(result.outcome.objective, best, rel_tol=1e-7, abs_tol=1e-7)
    check_split(result)
