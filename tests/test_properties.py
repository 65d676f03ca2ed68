"""Invariants checked on generated instances (hypothesis) with the real HiGHS."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import project, solve, write_dataset

CLASSES = ("public", "quasi_public", "commercial")
SOURCES = ("gb", "bond", "ppp")

project_rows = st.lists(
    st.tuples(
        st.integers(10, 80),  # cost
        st.integers(0, 20),  # gain
        st.sampled_from(CLASSES),
        st.integers(1, 2),  # duration
        st.sampled_from((2024, 2025)),  # earliest start
        st.sampled_from(("a", "b")),
    ),
    min_size=1,
    max_size=7,
)
rules = st.lists(
    st.tuples(
        st.sampled_from(SOURCES), st.sampled_from((*CLASSES, "*")), st.sampled_from((0.3, 0.6, 1.0))
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: (r[0], r[1]),
)
budgets = st.lists(st.integers(0, 120), min_size=6, max_size=6)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(folder: Path, rows, elig, money):
    projects = [
        project(
            f"P{k}", c, g, revenue_class=rc, duration=d, earliest=e, latest=2025 - d + 1, region=r
        )
        for k, (c, g, rc, d, e, r) in enumerate(rows)
        if e + d - 1 <= 2025
    ] or [project("P0", 10, 1)]
    funding = [
        (s, y, "", float(money[2 * i + j]))
        for i, s in enumerate(SOURCES)
        for j, y in enumerate((2024, 2025))
    ]
    return write_dataset(
        folder, projects, funding=funding, eligibility=[(s, rc, "*", sh) for s, rc, sh in elig]
    )


@SETTINGS
@given(
    rows=project_rows, elig=rules, money=budgets, more=st.integers(1, 100), which=st.integers(0, 5)
)
def test_more_budget_never_lowers_the_optimum(rows, elig, money, more, which):
    with tempfile.TemporaryDirectory() as tmp:
        before = solve(build(Path(tmp) / "a", rows, elig, money))
        raised = list(money)
        raised[which] += more
        after = solve(build(Path(tmp) / "b", rows, elig, raised))
    assert after.solution.score >= before.solution.score - 1e-7


@SETTINGS
@given(rows=project_rows, elig=rules, money=budgets)
def test_funding_respects_eligibility_and_caps(rows, elig, money):
    with tempfile.TemporaryDirectory() as tmp:
        result = solve(build(Path(tmp), rows, elig, money))
    projects = result.solution.projects.set_index("project_id")
    share = {}
    for s, rc, sh in elig:  # most specific rule wins: a class rule over the '*' rule
        for p, row in projects.iterrows():
            if rc in ("*", row["revenue_class"]) and ((p, s) not in share or rc != "*"):
                share[(p, s)] = sh
    for (p, s), group in result.solution.funding.groupby(["project_id", "source_id"]):
        assert (p, s) in share, f"{s} paid for {p} without an eligibility rule"
        cost = projects.loc[p, "cost_wan"]
        for amount in group["amount_wan"]:
            assert amount <= share[(p, s)] * cost / result.inputs.duration[p] + 1e-6
    paid = result.solution.funding.groupby("project_id")["amount_wan"].sum()
    for p in result.solution.funded:
        assert paid[p] == pytest.approx(projects.loc[p, "cost_in_plan_wan"])
