"""Random small instances: the MIP optimum equals a brute-force enumeration of portfolios."""

import itertools

import numpy as np
import pandas as pd
import pytest
from fiscal_support import GB, bond_source
from support import indicator, project, solve, write_dataset

from optimizer.model.inputs import DebtTerms

YEARS = (2024, 2025)
SOURCES = {"gb": {"public", "quasi_public"}, "ppp": {"quasi_public", "commercial"}}
CLASSES = ("public", "quasi_public", "commercial")


def random_instance(seed):
    rng = np.random.default_rng(seed)
    projects = []
    for k in range(5):
        duration = int(rng.integers(1, 3))
        earliest = int(rng.choice(YEARS))
        projects.append(
            project(
                f"P{k}",
                float(rng.integers(10, 60)),
                gains={"ind": float(rng.integers(0, 20)), "i2": float(rng.integers(0, 10))},
                region=str(rng.choice(["a", "b"])),
                revenue_class=str(rng.choice(CLASSES)),
                duration=duration,
                earliest=earliest,
                latest=min(earliest + 1, 2025),
                land=float(rng.integers(0, 10)),
            )
        )
    funding = [(s, y, "", float(rng.integers(20, 90))) for s in SOURCES for y in YEARS]
    land = float(rng.integers(5, 20))
    dep = (f"P{rng.integers(0, 5)}", f"P{rng.integers(0, 5)}")
    excl = (f"P{rng.integers(0, 5)}", f"P{rng.integers(0, 5)}")
    return projects, funding, land, dep, excl


def brute_force(projects, funding, land, dep, excl):
    """Best Σ gain/gap over every choice of (not funded | start year) per project."""
    budget = {(s, y): a for s, y, _, a in funding}
    options = start_options(projects)
    by_id = {p["project_id"]: k for k, p in enumerate(projects)}
    best = 0.0
    for choice in itertools.product(*options):
        if not sequence_ok(projects, choice, dep, excl):
            continue
        if any(
            sum(p["land_mu"] for p, t in zip(projects, choice, strict=True) if t == year) > land
            for year in YEARS
        ):
            continue
        feasible = True
        for year in YEARS:
            demand = {}
            for p, t in zip(projects, choice, strict=True):
                if t is not None and t <= year < t + p["duration_years"]:
                    demand[p["project_id"]] = p["cost_wan"] / p["duration_years"]
            # Hall's condition for a transportation problem with two sources
            for subset in ({"gb"}, {"ppp"}, {"gb", "ppp"}):
                need = sum(
                    d
                    for pid, d in demand.items()
                    if {
                        s
                        for s, ok in SOURCES.items()
                        if projects[by_id[pid]]["revenue_class"] in ok
                    }
                    <= subset
                )
                if need > sum(budget[(s, year)] for s in subset) + 1e-9:
                    feasible = False
        if feasible:
            best = max(best, score(projects, choice))
    return best


def start_options(projects):
    """Per project: not funded (None) or a start year that finishes inside the plan."""
    return [
        [None]
        + [
            t
            for t in range(p["earliest_start"], p["latest_start"] + 1)
            if t + p["duration_years"] - 1 <= YEARS[-1]
        ]
        for p in projects
    ]


def sequence_ok(projects, choice, dep, excl):
    """dep[0] starts only after dep[1] finished; at most one of excl is funded."""
    by_id = {p["project_id"]: k for k, p in enumerate(projects)}
    a, b = by_id[dep[0]], by_id[dep[1]]
    if (
        a != b
        and choice[a] is not None
        and (choice[b] is None or choice[b] + projects[b]["duration_years"] > choice[a])
    ):
        return False
    x, y_ = by_id[excl[0]], by_id[excl[1]]
    return x == y_ or choice[x] is None or choice[y_] is None


def structure(land, dep, excl):
    """The indicators, a city-wide land quota, one dependency and one exclusion (if the
    pair is two projects) of a random instance, as `write_dataset` arguments."""
    return {
        "indicators": [indicator("ind", 0, 100), indicator("i2", 0, 50)],
        "land_quota": [{"year": y, "region_id": "", "quota_mu": land} for y in YEARS],
        "dependencies": [{"project_id": dep[0], "requires": dep[1], "kind": "finish"}]
        if dep[0] != dep[1]
        else [],
        "exclusions": [{"group_id": "g", "project_id": p} for p in excl]
        if excl[0] != excl[1]
        else [],
    }


def score(projects, choice):
    return sum(
        p["_gains"]["ind"] / 100 + p["_gains"]["i2"] / 50
        for p, t in zip(projects, choice, strict=True)
        if t is not None
    )


@pytest.mark.parametrize("seed", range(25))
def test_matches_brute_force(tmp_path, seed):
    projects, funding, land, dep, excl = random_instance(seed)
    eligibility = [(s, c, "*", 1.0) for s, classes in SOURCES.items() for c in classes]
    data = write_dataset(
        tmp_path,
        projects,
        funding=funding,
        eligibility=eligibility,
        **structure(land, dep, excl),
    )
    result = solve(data)
    assert result.solution.score == pytest.approx(
        brute_force(projects, funding, land, dep, excl), abs=1e-6
    )


# All fiscal rules on, with land, a dependency and an exclusion: general budget (GB) for
# every project (50 % of a quasi-public one's cost), bonds (debt, self-balancing, repaid
# from GB) for up to 90 % of a quasi-public one's.
COVERAGE, REWARD, LAND_PER_PERSON = 1.1, 0.2, 0.15  # the scenario's defaults
FISCAL_PROJECTS = 6


def random_fiscal_instance(seed):
    """P0 is quasi-public, built in 2024 (it borrows, then runs and settles people in
    2025); P1 is public and starts in 2025: the rules' charges and credits meet there."""
    rng = np.random.default_rng(seed)
    projects = []
    for k in range(FISCAL_PROJECTS):
        duration = 1 if k < 2 else int(rng.choice([1, 1, 2]))
        earliest = (2024, 2025)[k] if k < 2 else int(rng.choice([2024, 2024, 2025]))
        revenue = ("quasi_public", "public")[k] if k < 2 else rng.choice(["public", "quasi_public"])
        row = project(
            f"P{k}",
            float(rng.integers(10, 60)),
            gains={"ind": float(rng.integers(0, 20)), "i2": float(rng.integers(0, 10))},
            revenue_class=str(revenue),
            duration=duration,
            earliest=earliest,
            latest=earliest if k < 2 else min(earliest + 1, 2025),
            land=float(rng.integers(0, 10)),
        )
        row |= {
            "income_wan": float(round(row["cost_wan"] * rng.uniform(0, 0.8))),
            "om_wan": float(rng.integers(0, 25)),
            "persons_settled": int(rng.integers(0, 150)),
        }
        projects.append(row)
    term = int(rng.integers(3, 5))
    grace = int(rng.choice([0, term - 1]))  # equal principal from the first year, or at maturity
    terms = DebtTerms(float(rng.choice([0.1, 0.2])), term, grace, GB, True)
    budgets = {(s, y): float(rng.integers(10, 60)) for s in (GB, "bond") for y in YEARS}
    limits = {
        ("new", 2024): float(rng.integers(20, 60)),
        ("new", 2025): float(rng.integers(5, 40)),
        ("outstanding", 2025): float(rng.integers(20, 80)),
    }
    quota = float(rng.integers(5, 20))
    dep = (f"P{rng.integers(0, FISCAL_PROJECTS)}", f"P{rng.integers(0, FISCAL_PROJECTS)}")
    excl = (f"P{rng.integers(0, FISCAL_PROJECTS)}", f"P{rng.integers(0, FISCAL_PROJECTS)}")
    return projects, terms, budgets, limits, quota, dep, excl


def fiscal_brute_force(projects, terms, budgets, limits, quota, dep, excl):
    """Best score over every portfolio, each checked year by year in closed form.

    In a year with demand d_p, general-budget cap a_p and bond cap b_p (self-balance
    applied) per project, the least bond that pays for everything is
    D = max(Σ (d_p − a_p)+, Σ d_p − GB') where GB' is the general budget after debt
    service and O&M, plus reward transfers; it must fit Σ min(b_p, d_p), the bond budget
    and the ceilings. Less debt in 2024 only leaves more for 2025 (service, balance), so
    the least 2024 debt is the one to take.
    """
    lifetime = 1 + sum(terms.interest(k) for k in range(1, terms.term + 1))
    caps = []
    for p in projects:
        quasi = p["revenue_class"] == "quasi_public"
        years = max(terms.term - p["duration_years"], 0)
        bond = min(0.9, p["income_wan"] * years / (COVERAGE * lifetime * p["cost_wan"]))
        caps.append((0.5 if quasi else 1.0, max(bond, 0.0) if quasi else 0.0))
    best = 0.0
    for choice in itertools.product(*start_options(projects)):
        if not sequence_ok(projects, choice, dep, excl):
            continue
        finish = {
            k: t + projects[k]["duration_years"] - 1 for k, t in enumerate(choice) if t is not None
        }
        settled = {
            y: sum(projects[k]["persons_settled"] for k, f in finish.items() if f + 1 == y)
            for y in YEARS
        }
        land_ok = all(
            sum(p["land_mu"] for p, t in zip(projects, choice, strict=True) if t == y)
            <= quota + LAND_PER_PERSON * settled[y] + 1e-9
            for y in YEARS
        )
        if not land_ok:
            continue
        drawn = {}
        for y in YEARS:
            demand = [
                (projects[k]["cost_wan"] / projects[k]["duration_years"], caps[k])
                for k, t in enumerate(choice)
                if t is not None and t <= y <= finish[k]
            ]
            service = sum(terms.service(y - z) * d for z, d in drawn.items())
            om = sum(projects[k]["om_wan"] for k, f in finish.items() if f < y)
            general = budgets[(GB, y)] - service - om + REWARD * settled[y]
            need = sum(d for d, _ in demand)
            least = max(sum(max(d - a * d, 0) for d, (a, _) in demand), need - general)
            most = min(
                sum(min(b * d, d) for d, (_, b) in demand),
                budgets[("bond", y)],
                limits[("new", y)],
            )
            if any(d > (a + b) * d + 1e-9 for d, (a, b) in demand) or least > most + 1e-9:
                break
            drawn[y] = max(least, 0.0)
        else:
            owed = sum(terms.outstanding(2025 - z) * d for z, d in drawn.items())
            if owed <= limits[("outstanding", 2025)] + 1e-9:
                best = max(best, score(projects, choice))
    return best


@pytest.mark.parametrize("seed", range(25))
def test_fiscal_rules_match_brute_force(tmp_path, seed):
    projects, terms, budgets, limits, quota, dep, excl = random_fiscal_instance(seed)
    data = write_dataset(
        tmp_path,
        projects,
        funding=[(s, y, "", a) for (s, y), a in budgets.items()],
        eligibility=[
            (GB, "public", "*", 1.0),
            (GB, "quasi_public", "*", 0.5),
            ("bond", "quasi_public", "*", 0.9),
        ],
        **structure(quota, dep, excl),
        debt_limits=[{"kind": k, "year": y, "limit_wan": v} for (k, y), v in limits.items()],
    )
    bond = bond_source(terms.rate, terms.term, terms.grace, GB, self_balance=True)
    sources = [{"source_id": GB, "name": GB, "carry_over": False}, bond]
    pd.DataFrame(sources).to_csv(tmp_path / "sources.csv", index=False)
    rules = {
        "debt_service": True,
        "debt_ceiling": True,
        "bond_self_balance": True,
        "om_costs": True,
        "people_land_money": True,
    }
    result = solve(data, rules=rules)
    expected = fiscal_brute_force(projects, terms, budgets, limits, quota, dep, excl)
    assert result.solution is not None or expected == 0.0
    assert (result.solution.score if result.solution else 0.0) == pytest.approx(expected, abs=1e-6)
    if result.fiscal is not None:  # the table: balances are draws less repayments
        table = result.fiscal
        owed = table["debt_drawn_wan"].cumsum() - table["principal_wan"].cumsum()
        assert list(table["outstanding_wan"]) == pytest.approx(list(owed), abs=1e-6)
        assert table["principal_wan"].sum() == pytest.approx(table["debt_drawn_wan"].sum())
