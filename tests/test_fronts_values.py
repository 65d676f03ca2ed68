"""Every value a front or a multi-objective solve reports is the portfolio's own, and
`--points N` spreads N points over the payoff range: checked against enumeration of every
portfolio, with an oracle that computes each objective from the funded set and start years
by itself (it imports nothing from the optimizer)."""

import itertools
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from fiscal_support import bond_source, fiscal_dataset, with_columns
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import indicator, project, scenario, write_dataset
from typer.testing import CliRunner

from optimizer.analysis.multiobjective import MultiObjective
from optimizer.cli import app
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data, run_pareto, run_scenario

YEAR = 2024
RATE, TERM, GRACE = 0.1, 2, 0  # the bond: 10 %, two equal repayments
GAP = 100.0  # indicator 'ind': baseline 0, target 100
SENSE = {"score": 1, "balance": 1, "projects": 1, "gain:ind": 1}  # the rest are minimised

# (id, cost, gain, region, land, O&M): one plan year, every project starts in 2024 or not
CASE = [
    ("A", 60, 40, "a", 3, 5),
    ("B", 50, 31, "b", 0, 2),
    ("C", 30, 20, "a", 2, 6),
    ("D", 20, 12, "b", 1, 1),
    ("E", 15, 9, "a", 0, 3),
    ("F", 40, 22, "b", 4, 0),
]
BUDGET = 150  # the bond is the only money; the general budget (which repays it) has none


def service(k):
    """Interest and principal due k years after drawing 1 万元 (equal principal after the
    grace years, interest on the balance at the start of the year)."""
    if not 1 <= k <= TERM:
        return 0.0

    def balance(j):
        return 1.0 if j <= GRACE else max(0.0, 1.0 - (j - GRACE) / (TERM - GRACE))

    return RATE * balance(k - 1) + balance(k - 1) - balance(k)


def oracle(funded, objective):
    """One objective of a funded set, from the data above alone."""
    rows = [r for r in CASE if r[0] in funded]
    debt = sum(r[1] for r in rows)
    om = sum(r[5] for r in rows)
    potential = {g: sum(r[2] for r in CASE if r[3] == g) for g in ("a", "b")}
    values = {
        "score": sum(r[2] for r in rows) / GAP,
        "gain:ind": sum(r[2] for r in rows),
        "cost": debt,
        "debt": debt,
        "land": sum(r[4] for r in rows),
        "projects": len(rows),
        "om": om,
        # completed in 2024: O&M from 2025; the bond is serviced in 2025 and 2026
        "recurring_burden": max(
            debt * service(z - YEAR) + (om if z > YEAR else 0) for z in (2024, 2025, 2026)
        ),
        "balance": min(sum(r[2] for r in rows if r[3] == g) / potential[g] for g in potential),
    }
    return float(values[objective])


def portfolios():
    """Every affordable funded set."""
    ids = [r[0] for r in CASE]
    for n in range(len(ids) + 1):
        for subset in itertools.combinations(ids, n):
            if sum(r[1] for r in CASE if r[0] in subset) <= BUDGET:
                yield frozenset(subset)


def lexicographic(order, tolerance=0.0):
    """The values (in `order`) of the lexicographic optimum, by enumeration."""
    pool = list(portfolios())
    for name in order:
        g = {p: SENSE.get(name, -1) * oracle(p, name) for p in pool}
        best = max(g.values())
        pool = [p for p in pool if g[p] >= best - tolerance * abs(best) - 1e-9]
    return pool


def fiscal_case(folder):
    projects = [
        with_columns(
            project(pid, cost, gain, region=region, land=land, revenue_class="quasi_public"),
            om_wan=om,
        )
        for pid, cost, gain, region, land, om in CASE
    ]
    bond = bond_source(rate=RATE, term=TERM, grace=GRACE)
    return fiscal_dataset(folder, projects, gb={YEAR: 0}, bond={YEAR: BUDGET}, bond_row=bond)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return fiscal_case(tmp_path_factory.mktemp("fiscal"))


@pytest.mark.parametrize(
    "objectives",
    [
        ["score", "recurring_burden"],
        ["balance", "om", "debt"],
        ["projects", "land", "cost"],
    ],
)
def test_payoff_and_points_are_the_portfolios_own_values(data, objectives):
    payoff_seen = []
    mo = {"objectives": objectives, "points": 4}
    _, front, _ = run_pareto(scenario(data, multiobjective=mo), on_payoff=payoff_seen.append)
    assert front.points
    for point in front.points:
        expected = [oracle(frozenset(point.starts), o) for o in objectives]
        assert point.values == pytest.approx(expected, abs=1e-9)
        assert set(point.starts.values()) <= {YEAR}
    payoff = payoff_seen[0].payoff.to_numpy()
    for k in range(len(objectives)):
        order = [objectives[k], *(o for o in objectives if o != objectives[k])]
        best = lexicographic(order)[0]
        assert payoff[k] == pytest.approx([oracle(best, o) for o in objectives], abs=1e-9)


def test_a_helper_variable_left_loose_never_reaches_a_value(data):
    # what a time limit or a zero weight leaves behind: burden_peak anywhere above the peak
    # (the payoff table once showed 1,000,000,001), credit down at its floor, balance at 0
    sc = scenario(data, multiobjective={"objectives": ["score", "recurring_burden", "balance"]})
    inputs = prepare(load_data(sc), sc)
    mo = MultiObjective(build_model(inputs), inputs, sc.multiobjective, 60, 0.0)
    outcome = mo.lexicographic([0, 1, 2], 0.0)
    mo.m.burden_peak.set_value(1e9 + 1)
    for var in mo.m.credit.values():
        var.set_value(var.lb)
    mo.m.balance.set_value(0.0)
    assert mo.g()[1] == -(1e9 + 1)  # the model's own reading of the objective
    point = mo.point(outcome.status)
    funded = frozenset(point.starts)
    expected = [oracle(funded, o) for o in ("score", "recurring_burden", "balance")]
    assert point.values == pytest.approx(expected, abs=1e-9)
    assert point.values[1] < 1e6


def test_lexicographic_reports_the_portfolio_not_the_floor(data, tmp_path):
    # score first, then the recurring burden, score kept within 5 % of its optimum
    mo = {"method": "lexicographic", "objectives": ["score", "recurring_burden"]}
    result = run_scenario(scenario(data, multiobjective=mo | {"tolerance": 0.05}))
    funded = frozenset(result.solution.funded)
    best = max(oracle(p, "score") for p in portfolios())
    lowest = min(oracle(p, "recurring_burden") for p in lexicographic(["score"], 0.05))
    own = oracle(funded, "score")
    assert own > 0.95 * best + 1e-6  # the floor is not the answer here: it must not be shown
    assert oracle(funded, "recurring_burden") == pytest.approx(lowest)
    assert result.objective_values == pytest.approx({"score": own, "recurring_burden": lowest})
    record = result.summary_record()
    assert record["objective_name"] == "score"
    assert record["objective"] == pytest.approx(own) and record["score"] == pytest.approx(own)
    out = tmp_path / "out"
    cli = CliRunner().invoke(
        app, ["solve", str(_toml(tmp_path, data, mo, 0.05)), "--out", str(out), "--lang", "en"]
    )
    assert cli.exit_code == 0, cli.output
    assert f"objective (score) {own:.6g}" in cli.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["objective"] == pytest.approx(own)
    assert summary["objective_values"]["score"] == pytest.approx(own)
    sheet = pd.read_excel(out / "results.xlsx", sheet_name="summary", header=None)
    row = sheet[sheet[0] == "objective (score)"]
    assert float(row.iloc[0, 1]) == pytest.approx(own)


def _toml(tmp_path, data, mo, tolerance):
    path = tmp_path / "s.toml"
    objectives = ", ".join(f'"{o}"' for o in mo["objectives"])
    path.write_text(
        f'name = "lex"\ndata = "{data}"\n[solver]\nmip_gap = 0\nexplain = false\n'
        f'[objective]\ncost_tiebreak = 0\n[multiobjective]\nmethod = "{mo["method"]}"\n'
        f"objectives = [{objectives}]\ntolerance = {tolerance}\n",
        encoding="utf-8",
    )
    return path


def test_goal_programming_reports_the_least_weighted_shortfall(tmp_path):
    # two targets of 10 with weights 2 and 1; the budget buys two of the three projects
    weights = {"i1": 2.0, "i2": 1.0}
    gains = {"A": {"i1": 6}, "B": {"i1": 7, "i2": 2}, "C": {"i2": 9}}
    projects = [project(p, 50, gains=g) for p, g in gains.items()]
    data = write_dataset(tmp_path, projects, indicators=[indicator(i, 0, 10) for i in weights])
    sc = scenario(data, multiobjective={"method": "goal"}, objective={"weights": weights})
    result = run_scenario(sc)

    def shortfall(subset):
        got = {i: sum(gains[p].get(i, 0) for p in subset) for i in weights}
        return sum(w * max(10 - got[i], 0) / 10 for i, w in weights.items())

    subsets = [s for n in range(3) for s in itertools.combinations(gains, n)]
    least = min(shortfall(s) for s in subsets)
    assert result.objective_name == "weighted_shortfall"
    assert result.objective == pytest.approx(least)
    assert result.objective == pytest.approx(shortfall(result.solution.funded))


def spread_answers(projects, budget, points):
    """By enumeration: the front `points` spread floors on cost give, max gain then min
    cost below each floor, floors evenly from the most to the least cost of the payoff
    table (max gain, then min cost; min cost, then max gain)."""
    subsets = [
        (sum(g for _, g in s), sum(c for c, _ in s))
        for n in range(len(projects) + 1)
        for s in itertools.combinations(projects, n)
        if sum(c for c, _ in s) <= budget
    ]
    top = max(subsets, key=lambda v: (v[0], -v[1]))
    low = min(subsets, key=lambda v: (v[1], -v[0]))
    floors = [top[1] - i * (top[1] - low[1]) / (points - 1) for i in range(points)]
    return {
        max((v for v in subsets if v[1] <= e + 1e-9), key=lambda v: (v[0], -v[1])) for e in floors
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    costs=st.lists(st.integers(5, 60), min_size=3, max_size=7),
    gains=st.lists(st.integers(1, 30), min_size=7, max_size=7),
    points=st.integers(2, 6),
)
def test_n_points_are_the_spread_cells_answers(costs, gains, points):
    projects = list(zip(costs, gains, strict=False))
    budget = sum(costs) * 2 // 3
    rows = [project(f"P{k}", float(c), float(g)) for k, (c, g) in enumerate(projects)]
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dataset(Path(tmp), rows, funding=[("gb", YEAR, "", float(budget))])
        mo = {"objectives": ["gain:ind", "cost"], "points": points}
        _, front, _ = run_pareto(scenario(data, multiobjective=mo))
    expected = spread_answers(projects, budget, points)
    found = {(round(g), round(c)) for g, c in (p.values for p in front.points)}
    assert found == expected and len(front.points) <= points
    assert front.grid_cells == points
    # the end cells are the payoff table's rows: no solve again
    assert front.grid_solves <= points - 2
    assert any("--points" in why for why in front.not_exact_text)  # spread: never "exact"
