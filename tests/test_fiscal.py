"""One decisive test per fiscal rule (issue 12): each instance is small enough to check by
hand, and the rule changes its optimum. Real HiGHS, through `run_scenario`."""

import pytest
from fiscal_support import GB, bond_source, fiscal_dataset, with_columns
from hypothesis import given
from hypothesis import strategies as st
from support import funded, project, scenario, solve

from optimizer.analysis.reasons import relief_text, unschedulable_text
from optimizer.config import DEFAULT_OM_SHARE
from optimizer.model.inputs import DebtTerms, prepare
from optimizer.pipeline import load_data, run_scenario
from optimizer.solve.solver import SolveStatus


def test_repayment_schedule_of_one_wan():
    # 10 %, 4 years, 2 interest-only: balance 1, 1, 1, 0.5, 0; principal in years 3 and 4
    terms = DebtTerms(0.1, 4, 2, None, False)
    assert [terms.outstanding(k) for k in range(6)] == [1, 1, 1, 0.5, 0, 0]
    assert [terms.principal(k) for k in range(1, 6)] == [0, 0, 0.5, 0.5, 0]
    assert [terms.interest(k) for k in range(1, 6)] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0])
    assert terms.lifetime_service == pytest.approx(1.35)
    bullet = DebtTerms(0.05, 3, 2, None, False)  # grace = term - 1: repaid at maturity
    assert [bullet.service(k) for k in (1, 2, 3)] == pytest.approx([0.05, 0.05, 1.05])


@given(st.floats(0, 0.2), st.integers(1, 30), st.data())
def test_repayment_schedule_invariants(rate, term, data):
    grace = data.draw(st.integers(0, term - 1))
    terms = DebtTerms(rate, term, grace, None, False)
    years = range(-1, term + 3)
    assert sum(terms.principal(k) for k in years) == pytest.approx(1)
    assert terms.outstanding(0) == 1 and terms.outstanding(term) == 0
    for k in years:
        assert terms.principal(k) >= 0
        assert k < 1 or terms.outstanding(k) <= terms.outstanding(k - 1) + 1e-12
        assert terms.interest(k) == pytest.approx(rate * terms.outstanding(k - 1) if k >= 1 else 0)
        assert terms.principal(k) == 0 or grace < k <= term
    assert terms.lifetime_service == pytest.approx(sum(terms.service(k) for k in years))


def _debt_service_case(folder):
    # A (2024, 100, quasi) may use the general budget (gb) or bond; gb 2024 has 50, so A
    # draws >= 50 of bond. 2025: B (100) or C (70) on gb's 100. Bond 10 %, 2 years, equal
    # principal: 50 drawn in 2024 costs 5 + 25 = 30 in 2025.
    projects = [
        project("A", 100, 10, revenue_class="quasi_public"),
        project("B", 100, 6, earliest=2025),
        project("C", 70, 5, earliest=2025),
    ]
    return fiscal_dataset(folder, projects, gb={2024: 50, 2025: 100}, bond={2024: 100, 2025: 100})


def test_debt_service_competes_with_later_projects(tmp_path):
    data = _debt_service_case(tmp_path)
    assert funded(solve(data)) == {"A", "B"}  # 100 + 100 = 16 points; service not charged
    result = solve(data, rules={"debt_service": True})
    assert funded(result) == {"A", "C"}  # 30 of service leaves 70 in 2025: C, not B
    funding = result.solution.funding.set_index(["project_id", "source_id"])["amount_wan"]
    assert funding["A", "bond"] == pytest.approx(50)
    table = result.fiscal.set_index("year")
    assert list(table.index) == [2024, 2025, 2026, 2027]  # 2025's draw is repaid in 2027
    assert table.loc[2024, "debt_drawn_wan"] == pytest.approx(50)
    assert table.loc[2025, "interest_wan"] == pytest.approx(5)
    assert table.loc[2025, "principal_wan"] == pytest.approx(25)
    assert table.loc[2025, "outstanding_wan"] == pytest.approx(25)
    assert table.loc[2026, "debt_service_wan"] == pytest.approx(27.5)
    assert table.loc[2026, "outstanding_wan"] == pytest.approx(0)


def test_debt_service_from_a_regional_budget_follows_the_region_that_borrowed(tmp_path):
    # gb is per region; bond city-wide. A (region a) borrows 50 in 2024: its 30 of service
    # lands on region a's 2025 budget, which then cannot pay B (a, 100) but region b's can.
    projects = [
        project("A", 100, 10, revenue_class="quasi_public"),
        project("B", 100, 6, earliest=2025),
        project("D", 100, 1, earliest=2025, region="b"),
    ]
    data = fiscal_dataset(tmp_path, projects, gb={}, bond={2024: 100, 2025: 100})
    funding = tmp_path / "funding.csv"
    rows = funding.read_text().splitlines()
    rows += [f"{GB},2024,a,50", f"{GB},2025,a,100", f"{GB},2025,b,100"]
    funding.write_text("\n".join(rows) + "\n")
    result = solve(data, rules={"debt_service": True})
    assert funded(result) == {"A", "D"}  # B would need region a's 100 in 2025; D uses b's
    pools = result.solution.pools.set_index(["source_id", "year", "region_id"])
    assert pools.loc[(GB, 2025, "a"), "fiscal_charges_wan"] == pytest.approx(30)  # A's service
    assert pools.loc[(GB, 2025, "b"), "used_wan"] == pytest.approx(100)


def _ceiling_case(folder, limits):
    # A (100, quasi) on gb 2024 (50) + bond; D (40, public) on gb only.
    projects = [project("A", 100, 10, revenue_class="quasi_public"), project("D", 40, 4)]
    return fiscal_dataset(folder, projects, gb={2024: 50}, bond={2024: 100}, debt_limits=limits)


def test_new_debt_ceiling(tmp_path):
    data = _ceiling_case(tmp_path, [{"year": 2024, "kind": "new", "limit_wan": 60}])
    assert funded(solve(data)) == {"A", "D"}  # A borrows 90 or more
    assert funded(solve(data, rules={"debt_ceiling": True})) == {"A"}  # 50 + 50 only
    # the ceiling is a mutable parameter scaled by the scenario: room for 90
    scaled = solve(data, rules={"debt_ceiling": True}, fiscal={"debt_limit_scale": 1.5})
    assert funded(scaled) == {"A", "D"}


def test_outstanding_debt_ceiling_of_one_region(tmp_path):
    # bond city-wide; region a may owe 30 at the end of 2024, region b is free
    projects = [
        project("A", 100, 10, revenue_class="quasi_public"),
        project("B", 100, 5, revenue_class="quasi_public", region="b"),
    ]
    limits = [{"region_id": "a", "limit_wan": 30}]  # blank kind: outstanding; every year
    data = fiscal_dataset(tmp_path, projects, gb={2024: 50}, bond={2024: 200}, debt_limits=limits)
    assert funded(solve(data)) == {"A", "B"}  # A 50 gb + 50 bond, B 100 bond
    result = solve(data, rules={"debt_ceiling": True})
    assert funded(result) == {"B"}  # A would owe at least 50 in region a


def test_an_infeasible_debt_ceiling_is_explained(tmp_path):
    projects = [project("M", 100, 1, revenue_class="quasi_public", mandatory=True)]
    limits = [{"year": 2024, "kind": "new", "limit_wan": 60}]
    data = fiscal_dataset(
        tmp_path,
        projects,
        gb={2024: 100},
        bond={2024: 100},
        eligibility=[(GB, "public", "*", 1.0), ("bond", "quasi_public", "*", 1.0)],
        debt_limits=limits,
    )
    result = solve(data, rules={"debt_ceiling": True})
    assert result.outcome.status == SolveStatus.INFEASIBLE
    (violation,) = result.diagnosis.violations
    assert str(violation) == "debt ceiling: 2024 new debt (city-wide) short by 40 万元"
    assert relief_text(violation, result.inputs) == "2024 年全市新增债务限额还差 40 万元"
    assert "debt ceiling 2024 (city-wide, new debt) short by 40" in relief_text(
        violation, result.inputs, "en"
    )


def test_bond_self_balance_caps_the_bond_share(tmp_path):
    # bond 5 %, 10 years, repaid at maturity: 1 万元 costs 1.5 over its life. A (100, 1
    # year) earns 10 a year for 9 years after construction: 90 >= 1.0 × 1.5 × B, B <= 60.
    bond = bond_source(rate=0.05, term=10, grace=9, self_balance=True)
    projects = [
        with_columns(project("A", 100, 10, revenue_class="quasi_public"), income_wan=10),
        project("E", 30, 2),
    ]
    data = fiscal_dataset(tmp_path, projects, gb={2024: 30}, bond={2024: 100}, bond_row=bond)
    assert funded(solve(data)) == {"A", "E"}  # A all bond, E on gb
    rules = {"bond_self_balance": True}
    result = solve(data, rules=rules, fiscal={"coverage_ratio": 1.0})
    assert result.inputs.share[("A", "bond")] == pytest.approx(0.6)
    assert funded(result) == {"E"}  # A would need 40 of the general budget's 30


def test_a_project_without_income_cannot_take_self_balancing_bonds(tmp_path):
    bond = bond_source(rate=0.05, term=10, grace=9, self_balance=True)
    projects = [project("N", 50, 5, revenue_class="quasi_public")]  # no income column
    data = fiscal_dataset(
        tmp_path,
        projects,
        gb={2024: 100},
        bond={2024: 100},
        bond_row=bond,
        eligibility=[(GB, "public", "*", 1.0), ("bond", "quasi_public", "*", 1.0)],
    )
    assert funded(solve(data)) == {"N"}
    result = solve(data, rules={"bond_self_balance": True})
    assert funded(result) == set()
    assert result.inputs.unschedulable["N"].kind == "self_balance"
    text = unschedulable_text("N", result.inputs)
    assert (
        text == "2024 年其可用资金不能覆盖全部投资：自身收益按覆盖倍数 1.1 只能支撑 0% 的债券融资"
    )


def test_om_after_completion_is_paid_from_the_general_budget(tmp_path):
    # A (2024, 1 year) costs 40 a year to run from 2025: gb 2025 then pays C (60), not B (80)
    projects = [
        with_columns(project("A", 50, 5), om_wan=40),
        with_columns(project("B", 80, 4, earliest=2025), om_wan=0),
        with_columns(project("C", 60, 2, earliest=2025), om_wan=0),
    ]
    data = fiscal_dataset(tmp_path, projects, gb={2024: 100, 2025: 100})
    assert funded(solve(data)) == {"A", "B"}
    result = solve(data, rules={"om_costs": True})
    assert funded(result) == {"A", "C"}
    table = result.fiscal.set_index("year")
    assert table["om_wan"].to_dict() == {2024: 0, 2025: 40, 2026: 40}
    assert table.loc[2025, "burden_share"] == pytest.approx(0.4)


def test_om_defaults_to_a_share_of_cost_by_category(tmp_path):
    projects = [
        project("R", 1000, 1),  # road, public: 2 % a year
        project("K", 1000, 1, revenue_class="commercial"),  # run by an enterprise: none
        with_columns(project("S", 1000, 1, category="school"), om_wan=7),  # given
        project("Q", 1000, 1, category="park_green", revenue_class="quasi_public"),
    ]
    data = fiscal_dataset(tmp_path, projects, gb={2024: 5000})
    d = prepare(load_data(scenario(data)), scenario(data))
    assert d.om == {"R": 20, "S": 7, "Q": 1000 * DEFAULT_OM_SHARE["park_green"]}
    over = scenario(data, fiscal={"om_share": {"road": 0.05, "*": 0.01}})
    assert prepare(load_data(over), over).om["R"] == pytest.approx(50)


def test_people_settled_bring_reward_transfers(tmp_path):
    # S settles 100 people in 2024; at 0.3 万元 each, 30 more in gb 2025 lets T (120) in
    projects = [
        with_columns(project("S", 50, 1), persons_settled=100),
        project("T", 120, 5, earliest=2025),
    ]
    data = fiscal_dataset(tmp_path, projects, gb={2024: 50, 2025: 100})
    fiscal = {"reward_wan_per_person": 0.3}
    assert funded(solve(data, fiscal=fiscal)) == {"S"}
    result = solve(data, rules={"people_land_money": True}, fiscal=fiscal)
    assert funded(result) == {"S", "T"}
    table = result.fiscal.set_index("year")
    assert table.loc[2025, "reward_wan"] == pytest.approx(30)
    assert table.loc[2025, "land_unlocked_mu"] == pytest.approx(15)  # 150 亩 per 1,000


def test_people_settled_unlock_land_quota_in_their_region_and_the_city(tmp_path):
    # S (region a) settles 100 in 2024: 15 亩 more in 2025 for a and for the city.
    # L (a, 20 亩) then fits a's 10 + 15 and the city's 10 + 15; M (b, 20 亩) does not.
    projects = [
        with_columns(project("S", 10, 1), persons_settled=100),
        project("L", 10, 5, earliest=2025, land=20),
        project("M", 10, 4, earliest=2025, land=20, region="b"),
    ]
    quota = [
        {"year": 2025, "region_id": "", "quota_mu": 10},
        {"year": 2025, "region_id": "a", "quota_mu": 10},
    ]
    data = fiscal_dataset(tmp_path, projects, gb={2024: 100, 2025: 100}, land_quota=quota)
    assert funded(solve(data)) == {"S"}
    assert funded(solve(data, rules={"people_land_money": True})) == {"S", "L"}


@pytest.mark.parametrize(
    ("objective", "value"),
    [("debt", 40.0), ("debt_service", 4.0), ("om", 6.0), ("recurring_burden", 50.0)],
)
def test_fiscal_objectives(tmp_path, objective, value):
    # A (100, quasi) must borrow 40 (gb 2024 has 60); bond 10 %, 3 years, repaid at
    # maturity: 4 in 2025 and 2026, 44 in 2027. A's O&M 6 from 2025: the peak is 50.
    bond = bond_source(rate=0.1, term=3, grace=2)
    projects = [with_columns(project("A", 100, 10, revenue_class="quasi_public"), om_wan=6)]
    gb = {2024: 60, 2025: 0}  # plan years 2024-2025
    data = fiscal_dataset(tmp_path, projects, gb=gb, bond={2024: 100}, bond_row=bond)
    mo = {"method": "lexicographic", "objectives": ["score", objective]}
    result = run_scenario(scenario(data, multiobjective=mo))
    assert funded(result) == {"A"}
    assert result.objective_values[objective] == pytest.approx(value)
    if objective != "om":  # the others push the draw down to 40
        assert result.fiscal["recurring_burden_wan"].max() == pytest.approx(50)
