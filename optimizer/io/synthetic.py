"""Generate sample data sets from the Jincheng (晋城) plan: real regions, indicators and
funding rules; synthetic project costs and gains (the plans give none).

`python -m optimizer.io.synthetic data/jincheng` rewrites the embedded sample; `--projects N`
scales it (budgets and land grow in proportion), for benchmarks.
Derivations are documented in data/README.md.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.io.schema import TABLES_BY_NAME

YEARS = (2022, 2023, 2024, 2025)  # baseline 2021, targets 2025 (004:L152)
BASE_PROJECTS = 220

# region id, name, kind, share of projects, general budget 万元/yr (synthetic)
REGIONS = [
    ("chengqu", "城区", "district", 0.28, 25000),
    ("zezhou", "泽州县", "county", 0.16, 12000),
    ("gaoping", "高平市", "county_city", 0.17, 13000),
    ("yangcheng", "阳城县", "county", 0.15, 12000),
    ("lingchuan", "陵川县", "county", 0.11, 7000),
    ("qinshui", "沁水县", "county", 0.13, 10000),
]
CENTRAL = {"chengqu", "zezhou"}  # central-city built-up area (004:L252)

# id, name, unit, baseline, target, binding, kind, upper bound, source, note
INDICATORS = [
    ("urbanization_rate", "常住人口城镇化率", "%", 63.55, 68, False, "level", 100, "004:L153", ""),
    ("road_density", "城市建成区道路网密度", "km/km²", 5, 8, False, "level", None, "004:L156", ""),
    (
        "old_communities",
        "累计改造城镇老旧小区",
        "个",
        264,
        434,
        False,
        "cumulative",
        None,
        "004:L157",
        "",
    ),
    ("green_coverage", "中心城市建成区绿化率", "%", 43.46, 44, False, "level", 100, "004:L158", ""),
    (
        "air_quality_days",
        "城市空气质量优良天数比率",
        "%",
        66.4,
        66.78,
        True,
        "level",
        100,
        "004:L159",
        "",
    ),
    (
        "sewage_treatment",
        "城镇污水处理率",
        "%",
        86,
        90,
        False,
        "level",
        100,
        "004:L144",
        "baseline synthetic; target from text",
    ),
    (
        "utility_tunnel_km",
        "综合管廊",
        "km",
        0,
        20,
        False,
        "cumulative",
        None,
        "004:L361",
        "plan gives no km target; baseline and target synthetic",
    ),
    (
        "school_places",
        "新增中小学幼儿园学位",
        "个",
        0,
        12000,
        False,
        "cumulative",
        None,
        "004:L377",
        "plan gives no count; target synthetic",
    ),
    (
        "nursing_bed_share",
        "养老机构护理型床位占比",
        "%",
        38,
        50,
        False,
        "level",
        100,
        "004:L383",
        "baseline synthetic; target from text",
    ),
    (
        "sponge_city_share",
        "海绵城市达标面积比例",
        "%",
        30,
        50,
        False,
        "level",
        100,
        "004:L393",
        "baseline synthetic; target from text",
    ),
    (
        "clean_heating",
        "清洁取暖覆盖率",
        "%",
        85,
        100,
        False,
        "level",
        100,
        "004:L441",
        "baseline synthetic; 全覆盖 from text",
    ),
]

# source id, name, carry-over, city-wide 万元/yr (None: per region, general budget)
SOURCES = [
    ("general_budget", "一般公共预算", False, None),
    ("special_bond", "地方政府专项债券", True, 60000),
    ("ppp", "政府和社会资本合作(PPP)/社会资本", True, 40000),
    ("policy_loan", "政策性开发性银行贷款", True, 30000),
    ("central_transfer", "中央预算内投资/专项转移支付", False, 20000),
]

# debt terms (synthetic; data/README.md): rate, term, interest-only years, repaid from,
# self-balancing. Special bonds: MoF's October 2021 averages for new special bonds were
# 3.42 % and 15.6 years; repaid at maturity (到期一次还本). Policy-bank loans: 20 years, 3
# years of grace. The sample has no government-fund budget, so the general budget repays.
DEBT = {
    "special_bond": (0.034, 15, 14, "general_budget", True),
    "policy_loan": (0.035, 20, 3, "general_budget", False),
}

# source, revenue class, category, max share (seed notes §3.3; * = any)
ELIGIBILITY = [
    ("general_budget", "public", "*", 1.0),
    ("general_budget", "quasi_public", "*", 0.7),
    ("special_bond", "quasi_public", "*", 0.8),
    ("ppp", "quasi_public", "*", 0.6),
    ("ppp", "commercial", "*", 1.0),
    ("policy_loan", "quasi_public", "*", 0.5),
    ("policy_loan", "commercial", "*", 0.6),
    ("central_transfer", "*", "old_community", 0.5),
    ("central_transfer", "*", "water_sewage", 0.5),
    ("central_transfer", "*", "elderly_care", 0.4),
    ("central_transfer", "*", "school", 0.3),
    ("central_transfer", "*", "heating_gas", 0.3),
]


@dataclass(frozen=True)
class Category:
    """How projects of one category are drawn: size, unit cost, land, gains, revenue."""

    id: str
    share: float
    unit: str
    size: tuple[float, float]
    unit_cost: tuple[float, float]  # 万元 per unit
    land_per_unit: float  # 亩 per unit
    duration: tuple[int, int]
    revenue: tuple[tuple[str, float], ...]  # (class, probability)
    regions: tuple[str, ...] | None = None  # None: any region


CATEGORIES = [
    Category(
        "old_community",
        0.18,
        "个小区",
        (3, 12),
        (300, 650),
        0,
        (1, 2),
        (("public", 0.7), ("quasi_public", 0.3)),
    ),
    Category(
        "utility_tunnel",
        0.05,
        "km",
        (1, 3.5),
        (8000, 11000),
        0,
        (2, 3),
        (("quasi_public", 1.0),),
        ("chengqu", "zezhou", "gaoping"),
    ),
    Category("school", 0.11, "个学位", (900, 2700), (3, 5), 0.03, (2, 2), (("public", 1.0),)),
    Category("road", 0.16, "km", (2, 10), (1500, 3000), 15, (1, 3), (("public", 1.0),)),
    Category(
        "water_sewage",
        0.14,
        "万吨/日",
        (0.5, 4),
        (1500, 3500),
        6,
        (1, 3),
        (("quasi_public", 0.8), ("public", 0.2)),
    ),
    Category(
        "heating_gas",
        0.14,
        "万户",
        (0.5, 3),
        (1200, 2600),
        3,
        (1, 2),
        (("quasi_public", 0.6), ("commercial", 0.4)),
    ),
    Category("park_green", 0.11, "公顷", (5, 40), (80, 200), 1.5, (1, 2), (("public", 1.0),)),
    Category(
        "elderly_care",
        0.11,
        "张床位",
        (100, 400),
        (8, 12),
        0.06,
        (1, 2),
        (("quasi_public", 0.5), ("commercial", 0.5)),
    ),
]

# the project's own net income a year after completion, as a share of its cost (uniform
# range; synthetic): user fees of tunnels (入廊费), sewage treatment, heating and gas, care
# beds, and parking / property services in renewed communities. Public projects earn none.
INCOME_YIELD = {
    "utility_tunnel": (0.02, 0.04),
    "water_sewage": (0.04, 0.07),
    "heating_gas": (0.05, 0.09),
    "elderly_care": (0.04, 0.08),
    "old_community": (0.01, 0.03),
}
# people settled per unit of size (uniform range; synthetic): per school place, per
# renewed community
PERSONS_PER_UNIT = {"school": (0.3, 0.6), "old_community": (20, 60)}
# debt room for the plan's projects (万元, city-wide, outstanding at year end; synthetic)
DEBT_ROOM = {2022: 50000, 2023: 110000, 2024: 170000, 2025: 230000}

NAMES = {
    "old_community": "{r}老旧小区改造第{n}批（{size:.0f}个小区）",
    "utility_tunnel": "{r}新区综合管廊{n}号线（{size:.1f}km）",
    "school": "{r}第{n}中小学新建（{size:.0f}个学位）",
    "road": "{r}城市道路{n}号路新改建（{size:.1f}km）",
    "water_sewage": "{r}污水处理厂及管网提标扩容{n}期（{size:.1f}万吨/日）",
    "heating_gas": "{r}清洁取暖燃气管网改造{n}期（{size:.1f}万户）",
    "park_green": "{r}{n}号公园绿地建设（{size:.0f}公顷）",
    "elderly_care": "{r}第{n}养老服务中心（{size:.0f}张床位）",
}


def _gains(cat: str, size: float, region: str, rng: np.random.Generator) -> dict[str, float]:
    """Indicator gains of one project (synthetic, proportional to size with noise)."""
    noise = rng.uniform(0.7, 1.3)
    central = region in CENTRAL
    if cat == "old_community":
        return {"old_communities": size, "urbanization_rate": 0.004 * size * noise}
    if cat == "utility_tunnel":
        return {"utility_tunnel_km": size, "sponge_city_share": 0.3 * size * noise}
    if cat == "school":
        return {"school_places": size, "urbanization_rate": 0.00008 * size * noise}
    if cat == "road":
        return {
            "road_density": size / 86 * (1.0 if central else 0.3) * noise,
            "urbanization_rate": 0.01 * size * noise,
        }
    if cat == "water_sewage":
        return {"sewage_treatment": 0.35 * size * noise, "sponge_city_share": 0.4 * size * noise}
    if cat == "heating_gas":
        return {"clean_heating": 1.1 * size * noise, "air_quality_days": 0.018 * size * noise}
    if cat == "park_green":
        return {
            "green_coverage": 0.0035 * size * noise * (1.0 if central else 0.4),
            "air_quality_days": 0.0008 * size * noise,
            "sponge_city_share": 0.04 * size * noise,
        }
    return {"nursing_bed_share": 0.007 * size * noise, "urbanization_rate": 0.0002 * size}


def generate(n_projects: int = BASE_PROJECTS, seed: int = 20211231) -> dict[str, pd.DataFrame]:
    """All input tables of a Jincheng-like data set with `n_projects` candidates."""
    rng = np.random.default_rng(seed)
    scale = n_projects / BASE_PROJECTS
    region_ids = [r[0] for r in REGIONS]
    region_p = np.array([r[3] for r in REGIONS])
    names = {r[0]: r[1] for r in REGIONS}
    projects, gains = [], []
    sizes: list[float] = []
    counter: dict[tuple[str, str], int] = {}
    for cat in CATEGORIES:
        count = max(1, round(cat.share * n_projects))
        allowed = list(cat.regions or region_ids)
        weights = np.array([region_p[region_ids.index(r)] for r in allowed])
        if cat.id == "old_community":  # 城区 holds 274 of the 434 communities (004:L369)
            weights = np.where(np.array(allowed) == "chengqu", 0.6, 0.4 / (len(allowed) - 1))
        for _ in range(count):
            region = str(rng.choice(allowed, p=weights / weights.sum()))
            counter[(cat.id, region)] = n = counter.get((cat.id, region), 0) + 1
            size = float(rng.uniform(*cat.size))
            if cat.id in ("old_community", "school", "elderly_care"):
                size = float(round(size))
            sizes.append(size)
            cost = round(size * rng.uniform(*cat.unit_cost), -1)
            duration = int(rng.integers(cat.duration[0], cat.duration[1] + 1))
            earliest = int(rng.choice(YEARS[: len(YEARS) - duration + 1]))
            latest = min(earliest + int(rng.integers(0, 3)), YEARS[-1] - duration + 1)
            classes, probs = zip(*cat.revenue, strict=True)
            pid = f"P{len(projects) + 1:04d}"
            projects.append(
                {
                    "project_id": pid,
                    "name": NAMES[cat.id].format(r=names[region], n=n, size=size),
                    "category": cat.id,
                    "region_id": region,
                    "cost_wan": cost,
                    "duration_years": duration,
                    "earliest_start": earliest,
                    "latest_start": latest,
                    "revenue_class": str(rng.choice(classes, p=probs)),
                    "land_mu": round(size * cat.land_per_unit, 1),
                    "mandatory": False,
                    "cost_profile": "",
                }
            )
            for ind, g in _gains(cat.id, size, region, rng).items():
                gains.append({"project_id": pid, "indicator_id": ind, "gain": round(g, 5)})
    frame = pd.DataFrame(projects)
    _mark_mandatory(frame, rng)
    gain_frame = _calibrate(pd.DataFrame(gains))
    three_year = frame["duration_years"] == 3
    frame.loc[three_year, "cost_profile"] = "0.3;0.4;0.3"
    _fiscal_columns(frame, sizes, np.random.default_rng([seed, 12]))
    return {
        "regions": pd.DataFrame([{"region_id": r[0], "name": r[1], "kind": r[2]} for r in REGIONS]),
        "indicators": pd.DataFrame(
            INDICATORS,
            columns=[
                "indicator_id",
                "name",
                "unit",
                "baseline",
                "target",
                "binding",
                "kind",
                "upper_bound",
                "source",
                "note",
            ],
        ),
        "projects": frame,
        "project_gains": gain_frame,
        "sources": pd.DataFrame([_source(s) for s in SOURCES]).astype(
            {"term_years": "Int64", "grace_years": "Int64"}
        ),
        "funding": _funding(scale),
        "eligibility": pd.DataFrame(
            ELIGIBILITY, columns=["source_id", "revenue_class", "category", "max_share"]
        ),
        "land_quota": pd.DataFrame(
            [{"year": y, "region_id": "", "quota_mu": round(900 * scale)} for y in YEARS]
            + [{"year": y, "region_id": "chengqu", "quota_mu": round(250 * scale)} for y in YEARS]
        ),
        "dependencies": _dependencies(frame, rng),
        "exclusions": _exclusions(frame),
        "equity": pd.DataFrame(
            [{"region_id": "chengqu", "min_share": "", "max_share": 0.4}]
            + [{"region_id": r, "min_share": 0.07, "max_share": ""} for r in region_ids[1:]]
        ),
        "start_limits": pd.DataFrame(
            [{"region_id": "", "year": "", "max_starts": max(1, round(12 * scale))}]
        ),
        "debt_limits": pd.DataFrame(
            [
                {"year": y, "kind": "outstanding", "limit_wan": round(v * scale)}
                for y, v in DEBT_ROOM.items()
            ]
        ),
    }


def _source(row: tuple) -> dict:
    """A sources row: id, name, carry-over, and the debt terms of a debt source."""
    source = {"source_id": row[0], "name": row[1], "carry_over": row[2]}
    if row[0] in DEBT:
        rate, term, grace, repaid_from, self_balance = DEBT[row[0]]
        source |= {
            "interest_rate": rate,
            "term_years": term,
            "grace_years": grace,
            "repaid_from": repaid_from,
            "self_balance": self_balance,
        }
    return source


def _fiscal_columns(frame: pd.DataFrame, sizes: list[float], rng: np.random.Generator) -> None:
    """income_wan and persons_settled, drawn from their own stream after everything else,
    so the sample's other values do not change; om_wan is left blank (the scenario's
    per-category shares apply)."""
    income, persons = [], []
    for row, size in zip(frame.itertuples(), sizes, strict=True):
        low, high = INCOME_YIELD.get(row.category, (0.0, 0.0))
        earns = row.revenue_class != "public" and high > 0
        income.append(round(row.cost_wan * rng.uniform(low, high), 1) if earns else "")
        low, high = PERSONS_PER_UNIT.get(row.category, (0.0, 0.0))
        persons.append(int(round(size * rng.uniform(low, high))) if high else "")
    frame["income_wan"] = income
    frame["om_wan"] = ""
    frame["persons_settled"] = persons


PHYSICAL = {"old_communities", "utility_tunnel_km", "school_places"}  # counted in real units
CANDIDATE_COVER = 1.6  # all candidates together deliver 160% of each rate's gap


def _calibrate(gains: pd.DataFrame) -> pd.DataFrame:
    """Scale the gains of rate indicators so all candidates deliver 160% of the gap,
    whatever the number of projects (the same tension at every size).

    Physical counts (communities, km, school places) keep their units; the plans give no
    project-to-rate conversions, so rates are calibrated instead of guessed.
    """
    gaps = {ind[0]: ind[4] - ind[3] for ind in INDICATORS}
    totals = gains.groupby("indicator_id")["gain"].sum()
    factor = {
        i: 1.0 if i in PHYSICAL else CANDIDATE_COVER * gaps[i] / totals[i] for i in totals.index
    }
    return gains.assign(gain=(gains["gain"] * gains["indicator_id"].map(factor)).round(6))


def _funding(scale: float) -> pd.DataFrame:
    rows = []
    for source, _, _, city in SOURCES:
        for y in YEARS:
            if city is None:
                rows += [
                    {
                        "source_id": source,
                        "year": y,
                        "region_id": r[0],
                        "amount_wan": round(r[4] * scale),
                    }
                    for r in REGIONS
                ]
            else:
                rows.append(
                    {
                        "source_id": source,
                        "year": y,
                        "region_id": "",
                        "amount_wan": round(city * scale),
                    }
                )
    return pd.DataFrame(rows)


def _mark_mandatory(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """A few continuing projects the plan names must go ahead (clean heating, sewage)."""
    for cat, k in (("heating_gas", 3), ("water_sewage", 1), ("old_community", 2)):
        pool = frame.index[
            (frame["category"] == cat)
            & (frame["earliest_start"] == YEARS[0])
            & (frame["revenue_class"] != "commercial")  # committed by government
        ]
        pick = rng.choice(pool, size=min(k, len(pool)), replace=False)
        frame.loc[pick, "mandatory"] = True
        frame.loc[pick, "latest_start"] = YEARS[1]


def _dependencies(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """先地下后地上 (004:L487): a road in a tunnel's region starts no earlier than the tunnel;
    sewage networks follow plant upgrades; some schools need their access road finished."""
    rows = []
    by = frame.groupby(["category", "region_id"])["project_id"].apply(list).to_dict()
    for (cat, region), ids in by.items():
        if cat == "utility_tunnel":
            for tunnel, road in zip(ids, by.get(("road", region), []), strict=False):
                rows.append({"project_id": road, "requires": tunnel, "kind": "start"})
        if cat == "water_sewage" and len(ids) >= 2:
            rows.append({"project_id": ids[1], "requires": ids[0], "kind": "finish"})
        if cat == "school":
            roads = by.get(("road", region), [])
            if roads and rng.random() < 0.5:
                rows.append({"project_id": ids[0], "requires": roads[-1], "kind": "finish"})
    deps = pd.DataFrame(rows, columns=["project_id", "requires", "kind"])
    starts = frame.set_index("project_id")
    # keep only dependencies that some start years can satisfy
    ok = [
        starts.at[r.requires, "earliest_start"]
        + (starts.at[r.requires, "duration_years"] if r.kind == "finish" else 0)
        <= starts.at[r.project_id, "latest_start"]
        for r in deps.itertuples()
    ]
    return deps[ok].reset_index(drop=True)


def _exclusions(frame: pd.DataFrame) -> pd.DataFrame:
    """Alternative designs for the same need: pairs of heating or park projects per region."""
    rows = []
    for cat in ("heating_gas", "park_green"):
        for region, ids in frame[frame["category"] == cat].groupby("region_id")["project_id"]:
            ids = list(ids)
            if (
                len(ids) >= 3
                and not frame.loc[frame["project_id"].isin(ids[1:3]), "mandatory"].any()
            ):
                group = f"{cat}_{region}_alt"
                rows += [{"group_id": group, "project_id": p} for p in ids[1:3]]
    return pd.DataFrame(rows, columns=["group_id", "project_id"])


def write_dataset(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Write the tables as UTF-8 CSV files with the schema's column order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        columns = [c for c in TABLES_BY_NAME[name].column_names if c in frame.columns]
        frame[columns].to_csv(folder / f"{name}.csv", index=False, encoding="utf-8")


def main() -> None:
    """Command-line entry: write a generated data set to a folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--projects", type=int, default=BASE_PROJECTS)
    parser.add_argument("--seed", type=int, default=20211231)
    args = parser.parse_args()
    write_dataset(generate(args.projects, args.seed), args.folder)


if __name__ == "__main__":
    main()
