"""Multi-objective methods against hand answers and brute-force enumeration of portfolios."""

import itertools
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import indicator, project, scenario, solve, write_dataset

from optimizer.analysis.pareto_result import dominates
from optimizer.pipeline import run_pareto

SENSES = {"gain:ind": 1, "cost": -1, "land": -1, "projects": 1}


def values_of(subset, projects, objectives):
    by = {
        "gain:ind": sum(p["_gains"]["ind"] for p in subset),
        "cost": sum(p["cost_wan"] for p in subset),
        "land": sum(p["land_mu"] for p in subset),
        "projects": len(subset),
    }
    return tuple(float(by[o]) for o in objectives)


def brute_front(projects, budget, land_quota, objectives):
    """Non-dominated objective vectors over every feasible subset (one year, one source)."""
    vectors = set()
    for r in range(len(projects) + 1):
        for subset in itertools.combinations(projects, r):
            if (
                sum(p["cost_wan"] for p in subset) <= budget
                and sum(p["land_mu"] for p in subset) <= land_quota
            ):
                vectors.add(values_of(subset, projects, objectives))
    senses = [SENSES[o] for o in objectives]
    return {v for v in vectors if not any(dominates(w, v, senses, 1e-9) for w in vectors)}


def front_of(folder, objectives):
    sc = scenario(folder, multiobjective={"objectives": objectives, "exact": True})
    _, front, _ = run_pareto(sc)
    return front


def instance(seed, n=6):
    rng = np.random.default_rng(seed)
    projects = [
        project(
            f"P{k}",
            float(rng.integers(5, 40)),
            float(rng.integers(0, 12)),
            land=float(rng.integers(0, 6)),
        )
        for k in range(n)
    ]
    return projects, float(rng.integers(30, 90)), float(rng.integers(5, 15))


def write(folder, projects, budget, land):
    return write_dataset(
        folder,
        projects,
        funding=[("gb", 2024, "", budget)],
        land_quota=[{"year": 2024, "region_id": "", "quota_mu": land}],
    )


@pytest.mark.parametrize("seed", range(8))
def test_two_objective_front_is_exact(tmp_path, seed):
    projects, budget, land = instance(seed)
    front = front_of(write(tmp_path, projects, budget, land), ["gain:ind", "cost"])
    found = {tuple(round(v, 6) for v in p.values) for p in front.points}
    assert found == brute_front(projects, budget, land, ["gain:ind", "cost"])


@pytest.mark.parametrize("seed", range(6))
def test_three_objective_front_is_exact(tmp_path, seed):
    projects, budget, land = instance(seed, n=5)
    objectives = ["gain:ind", "cost", "land"]
    front = front_of(write(tmp_path, projects, budget, land), objectives)
    found = {tuple(round(v, 6) for v in p.values) for p in front.points}
    assert found == brute_front(projects, budget, land, objectives)


@pytest.mark.parametrize("seed", range(4))
def test_four_objective_front_is_exact(tmp_path, seed):
    projects, budget, land = instance(seed, n=5)
    objectives = ["gain:ind", "cost", "land", "projects"]
    front = front_of(write(tmp_path, projects, budget, land), objectives)
    found = {tuple(round(v, 6) for v in p.values) for p in front.points}
    assert front.exact and found == brute_front(projects, budget, land, objectives)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    costs=st.lists(st.integers(5, 40), min_size=2, max_size=6),
    gains=st.lists(st.integers(0, 10), min_size=6, max_size=6),
    budget=st.integers(10, 100),
)
def test_every_pareto_point_is_non_dominated(costs, gains, budget):
    projects = [project(f"P{k}", float(c), float(gains[k])) for k, c in enumerate(costs)]
    objectives = ["gain:ind", "projects", "cost"]
    with tempfile.TemporaryDirectory() as tmp:
        front = front_of(write(Path(tmp), projects, budget, 1000), objectives)
    truth = brute_front(projects, budget, 1000, objectives)
    senses = [SENSES[o] for o in objectives]
    for p in front.points:
        assert not any(dominates(v, p.values, senses, 1e-6) for v in truth)
    assert {tuple(round(v, 6) for v in p.values) for p in front.points} == truth


def test_lexicographic_with_and_without_tolerance(tmp_path):
    projects = [project("A", 50, 10), project("B", 50, 10), project("C", 40, 10)]
    data = write_dataset(tmp_path, projects)
    mo = {"method": "lexicographic", "objectives": ["gain:ind", "cost"]}
    strict = solve(data, multiobjective=mo)
    assert strict.objective_values == {"gain:ind": 20, "cost": 90}
    assert "C" in strict.solution.funded
    loose = solve(data, multiobjective=mo | {"tolerance": 0.5})  # gain may drop to 10
    assert loose.objective_values == {"gain:ind": 10, "cost": 40}
    assert loose.solution.funded == ["C"]


def test_goal_programming_reports_shortfall(tmp_path):
    inds = [indicator("i1", 0, 10), indicator("i2", 0, 10)]
    projects = [
        project("A", 50, gains={"i1": 10}),
        project("B", 50, gains={"i1": 8}),
        project("C", 50, gains={"i2": 5}),
    ]
    result = solve(
        write_dataset(tmp_path, projects, indicators=inds), multiobjective={"method": "goal"}
    )
    assert set(result.solution.funded) == {"A", "C"}
    shortfall = result.solution.indicators.set_index("indicator_id")["shortfall"]
    assert shortfall["i1"] == pytest.approx(0) and shortfall["i2"] == pytest.approx(5)


def test_weighted_sum_moves_along_the_front(tmp_path):
    projects = [project("A", 50, 10), project("B", 30, 4), project("C", 20, 1)]
    data = write_dataset(tmp_path, projects)
    mo = {"method": "weighted", "objectives": ["gain:ind", "cost"]}
    assert (
        solve(data, multiobjective=mo | {"weights": [1, 0.001]}).objective_values["gain:ind"] == 15
    )
    assert solve(data, multiobjective=mo | {"weights": [0.001, 1]}).objective_values["cost"] == 0
    middle = solve(data, multiobjective=mo | {"weights": [1, 1]}).objective_values
    assert middle == {"gain:ind": 10, "cost": 50}  # A: 10/15 − 50/100 beats A+B and A+B+C


def test_balance_objective_is_max_min_regional_share(tmp_path):
    projects = [project("A", 50, 10), project("B", 50, 10, region="b"), project("C", 40, 12)]
    data = write_dataset(tmp_path, projects)
    result = solve(
        data, multiobjective={"method": "lexicographic", "objectives": ["balance", "gain:ind"]}
    )
    # region a's candidates score 22, b's 10; A+C leaves b at 0, A+B gives min(10/22, 1),
    # B+C gives min(12/22, 1): the best worst-off region
    assert set(result.solution.funded) == {"B", "C"}
    assert result.objective_values["balance"] == pytest.approx(12 / 22)


def test_progress_callback_sees_growing_fronts(tmp_path):
    projects, budget, land = instance(3)
    sc = scenario(
        write(tmp_path, projects, budget, land), multiobjective={"objectives": ["gain:ind", "cost"]}
    )
    seen = []
    _, front, _ = run_pareto(sc, on_point=lambda f: seen.append((f.solves, len(f.points))))
    assert seen and [s for s, _ in seen] == sorted(s for s, _ in seen)
    assert seen[-1][1] == len(front.points)


def test_weighted_sweep_finds_only_supported_points(tmp_path):
    # gains 10, 5, 5 at cost 50, 30, 30 (budget 100): (5, 30) is non-dominated but lies
    # strictly inside the hull ((0, 0)-(10, 50) gives 6 at cost 30): no weighting picks it
    projects = [project("A", 50, 10), project("B", 30, 5), project("C", 30, 5)]
    data = write(tmp_path, projects, 100, 1000)
    truth = brute_front(projects, 100, 1000, ["gain:ind", "cost"])
    assert truth == {(0.0, 0.0), (5.0, 30.0), (10.0, 50.0), (15.0, 80.0)}
    mo = {"objectives": ["gain:ind", "cost"], "front": "weighted", "points": 21}
    _, sweep, _ = run_pareto(scenario(data, multiobjective=mo))
    found = {tuple(round(v, 6) for v in p.values) for p in sweep.points}
    assert found == truth - {(5.0, 30.0)}
    exact = front_of(data, ["gain:ind", "cost"])
    assert {tuple(round(v, 6) for v in p.values) for p in exact.points} == truth


def test_a_stopped_run_keeps_the_points_found(tmp_path):
    import pandas as pd

    from optimizer.reports.pareto import write_points

    projects, budget, land = instance(5)
    sc = scenario(
        write(tmp_path, projects, budget, land), multiobjective={"objectives": ["gain:ind", "cost"]}
    )
    out = tmp_path / "front"

    written = []

    def write_then_stop(front):
        write_points(front, out)
        if len(front.points) >= 2:
            written.append(len(front.points))
            raise KeyboardInterrupt  # the user presses Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        run_pareto(sc, on_point=write_then_stop)
    kept = pd.read_csv(out / "points.csv")
    assert len(kept) == written[0] >= 2 and not list(out.glob(".partial-*"))
