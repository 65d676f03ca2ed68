"""Random small instances: the MIP optimum equals a brute-force enumeration of portfolios."""

import itertools

import numpy as np
import pytest
from support import indicator, project, solve, write_dataset

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
    options = [
        [None]
        + [
            t
            for t in range(p["earliest_start"], p["latest_start"] + 1)
            if t + p["duration_years"] - 1 <= YEARS[-1]
        ]
        for p in projects
    ]
    by_id = {p["project_id"]: k for k, p in enumerate(projects)}
    best = 0.0
    for choice in itertools.product(*options):
        a, b = by_id[dep[0]], by_id[dep[1]]
        if (
            a != b
            and choice[a] is not None
            and (choice[b] is None or choice[b] + projects[b]["duration_years"] > choice[a])
        ):
            continue
        x, y_ = by_id[excl[0]], by_id[excl[1]]
        if x != y_ and choice[x] is not None and choice[y_] is not None:
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
            score = sum(
                p["_gains"]["ind"] / 100 + p["_gains"]["i2"] / 50
                for p, t in zip(projects, choice, strict=True)
                if t is not None
            )
            best = max(best, score)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_matches_brute_force(tmp_path, seed):
    projects, funding, land, dep, excl = random_instance(seed)
    eligibility = [(s, c, "*", 1.0) for s, classes in SOURCES.items() for c in classes]
    data = write_dataset(
        tmp_path,
        projects,
        funding=funding,
        eligibility=eligibility,
        indicators=[indicator("ind", 0, 100), indicator("i2", 0, 50)],
        land_quota=[{"year": y, "region_id": "", "quota_mu": land} for y in YEARS],
        dependencies=[{"project_id": dep[0], "requires": dep[1], "kind": "finish"}]
        if dep[0] != dep[1]
        else [],
        exclusions=[{"group_id": "g", "project_id": p} for p in excl] if excl[0] != excl[1] else [],
    )
    result = solve(data)
    assert result.solution.score == pytest.approx(
        brute_force(projects, funding, land, dep, excl), abs=1e-6
    )
