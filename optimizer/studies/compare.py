"""Compare scenario results side by side, down to which projects moved and why.

Each input is a scenario TOML (solved now) or a folder written by `solve --out`; both
become the same `ResultTables`, so comparisons never depend on how a result was made.
A project that moved is explained from the two results' tables: what took its money (the
projects funded only on the other side from the same budget pools), or what the other side
funded instead.
"""

from __future__ import annotations

import dataclasses
import json
from functools import reduce
from pathlib import Path

import pandas as pd

from optimizer.config import Scenario, load_scenario
from optimizer.errors import InputError, Issue
from optimizer.io.results import Names, ResultTables, from_folder, project_label
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.pipeline import run_scenario
from optimizer.studies.parallel import run_tasks

SHOWN_PROJECTS = 3  # projects named in one explanation; the rest are counted

Pool = tuple[str, int, str]  # source, year, pool region


def load_result(path: Path, lang: Lang = DEFAULT_LANG) -> ResultTables:
    """A scenario file is solved; a folder is read."""
    if path.is_dir():
        return from_folder(path)
    if not path.exists():
        raise InputError(
            [Issue(str(path), "not found (a scenario .toml or a `solve --out` folder)")]
        )
    return run_scenario(load_scenario(path), lang=lang).tables()


def solve_scenario(scenario: Scenario, lang: Lang = DEFAULT_LANG) -> ResultTables:
    """One scenario solved (module level, so worker processes can import it)."""
    return run_scenario(scenario, lang=lang).tables()


def load_results(
    paths: list[Path], jobs: int = 1, scheduler: str | None = None, lang: Lang = DEFAULT_LANG
) -> list[ResultTables]:
    """Folders are read; scenario files are solved, each distinct question once: files that
    resolve to the same scenario and data (names and descriptions aside) share one solve,
    in worker processes or on a Dask cluster when `jobs` or `scheduler` say so."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError(
            [
                Issue(str(p), "not found (a scenario .toml or a `solve --out` folder)")
                for p in missing
            ]
        )
    scenarios = {p: load_scenario(p) for p in paths if not p.is_dir()}
    questions: dict[str, Scenario] = {}
    for scenario in scenarios.values():
        questions.setdefault(_question(scenario), scenario)
    keys = list(questions)
    solved = run_tasks(solve_scenario, [(questions[k], lang) for k in keys], jobs, scheduler)
    answers = dict(zip(keys, solved, strict=True))
    results = []
    for path in paths:
        if path.is_dir():
            results.append(from_folder(path))
            continue
        scenario = scenarios[path]
        tables = answers[_question(scenario)]
        summary = tables.summary | {"scenario": scenario.name, "description": scenario.description}
        results.append(dataclasses.replace(tables, name=scenario.name, summary=summary))
    return results


def _question(scenario: Scenario) -> str:
    """What a scenario asks, without its name: equal strings, equal answers."""
    return json.dumps(
        scenario.model_dump(mode="json", exclude={"path", "name", "description"}), sort_keys=True
    )


def _unique_names(results: list[ResultTables]) -> list[str]:
    names: list[str] = []
    for r in results:
        name = r.name
        while name in names:
            name += "'"
        names.append(name)
    return names


def all_names(results: list[ResultTables]) -> Names:
    """The input names of every result (the first wins where they differ)."""
    return reduce(Names.merged, (r.names for r in results), Names())


def _targets_met(r: ResultTables) -> int | None:
    if r.indicators.empty:
        return None
    return int(r.indicators["met"].astype(str).isin(("True", "y")).sum())


def compare(results: list[ResultTables], lang: Lang = DEFAULT_LANG) -> dict[str, pd.DataFrame]:
    """Side-by-side tables and the project-level diff against the first result."""
    names = _unique_names(results)
    summary = pd.DataFrame(
        [
            {
                "scenario": n,
                "status": r.summary.get("status"),
                "objective": r.summary.get("objective"),
                "score": r.summary.get("score"),
                "funded_count": r.summary.get("funded"),
                "cost_in_plan_wan": r.summary.get("cost_in_plan_wan"),
                "targets_met": _targets_met(r),
            }
            for n, r in zip(names, results, strict=True)
        ]
    )
    tables = {"summary": summary}
    for key in ("source_id", "year", "region_id"):
        columns = {}
        for n, r in zip(names, results, strict=True):
            funding = r.funding_with_regions()
            columns[n] = (
                funding.groupby(key)["amount_wan"].sum() if len(funding) else pd.Series(dtype=float)
            )
        tables[f"cost_by_{key.removesuffix('_id')}"] = (
            pd.DataFrame(columns).fillna(0.0).rename_axis(key).reset_index()
        )
    attainment = pd.DataFrame(
        {
            n: r.indicators.set_index("indicator_id")["attainment"]
            for n, r in zip(names, results, strict=True)
        }
    )
    indicator_names = all_names(results)
    attainment.insert(0, "name", [indicator_names.indicator(i) for i in attainment.index])
    tables["attainment"] = attainment.rename_axis("indicator_id").reset_index()
    tables["project_diff"] = project_diff(results, names, lang)
    return tables


def _split(funding: pd.DataFrame) -> pd.Series:
    """'source:万元' per project, sources sorted, for spotting changed funding splits."""
    if funding.empty:
        return pd.Series(dtype=str)
    by = funding.groupby(["project_id", "source_id"])["amount_wan"].sum().round(0)
    return by.groupby(level=0).apply(
        lambda s: "; ".join(f"{src}:{v:,.0f}" for (_, src), v in s.items())
    )


def _pools(funding: pd.DataFrame) -> dict[str, set[Pool]]:
    """The budget pools each project draws on."""
    if funding.empty:
        return {}
    keys = zip(
        funding["project_id"],
        funding["source_id"],
        funding["year"].astype(int),
        funding["pool_region"].astype(str),
        strict=True,
    )
    out: dict[str, set[Pool]] = {}
    for p, s, y, r in keys:
        out.setdefault(p, set()).add((s, y, r))
    return out


class _Explainer:
    """Explains the projects that moved between two results from their own tables."""

    def __init__(
        self, base: ResultTables, other: ResultTables, names: tuple[str, str], lang: Lang
    ) -> None:
        self.base, self.other, self.lang = base, other, lang
        self.base_name, self.other_name = names
        self.words = all_names([base, other])
        self.base_pools, self.other_pools = _pools(base.funding), _pools(other.funding)
        self.labels = {
            **dict(zip(other.ranked["project_id"], other.ranked["name"], strict=True)),
            **dict(zip(base.ranked["project_id"], base.ranked["name"], strict=True)),
        }
        self.regions = {
            **dict(zip(other.ranked["project_id"], other.ranked["region_id"], strict=True)),
            **dict(zip(base.ranked["project_id"], base.ranked["region_id"], strict=True)),
        }

    def _projects(self, ids: list[str]) -> str:
        shown = [project_label(p, self.labels.get(p)) for p in sorted(ids)[:SHOWN_PROJECTS]]
        rest = len(ids) - len(shown)
        more = f" (+{rest})" if rest > 0 else ""
        return label("out.list_sep", self.lang).join(shown) + more

    def _pool_text(self, pools: set[Pool]) -> str:
        shown = [
            f"{self.words.source(s)} {y} {self.words.region(r, self.lang)}"
            for s, y, r in sorted(pools)[:SHOWN_PROJECTS]
        ]
        rest = len(pools) - len(shown)
        return label("out.list_sep", self.lang).join(shown) + (f" (+{rest})" if rest > 0 else "")

    def explain(self, p: str, lost: bool, movers: list[str], why: str) -> str:
        """`lost`: funded in the base only; `movers`: projects that moved the other way."""
        mine = (self.base_pools if lost else self.other_pools).get(p, set())
        theirs = self.other_pools if lost else self.base_pools
        shared = {q: mine & theirs.get(q, set()) for q in movers}
        takers = [q for q, pools in shared.items() if pools]
        if takers:
            pools = set().union(*(shared[q] for q in takers))
            key = "compare.took_money" if lost else "compare.instead"
            side = self.other_name if lost else self.base_name
            pool_text, projects = self._pool_text(pools), self._projects(takers)
            return label(key, self.lang, scenario=side, pools=pool_text, projects=projects)
        same_region = [q for q in movers if self.regions.get(q) == self.regions.get(p)]
        if same_region:
            region = self.words.region(self.regions.get(p), self.lang)
            return label(
                "compare.region_moved",
                self.lang,
                region=region,
                projects=self._projects(same_region),
            )
        side = self.other_name if lost else self.base_name
        return label("compare.reason", self.lang, scenario=side, why=why) if why else ""


def project_diff(
    results: list[ResultTables], names: list[str], lang: Lang = DEFAULT_LANG
) -> pd.DataFrame:
    """Every project whose funding, start year or funding split differs from the first
    result, with an explanation and each scenario's `why`."""
    base_name, base = names[0], results[0]
    base_r = base.ranked.set_index("project_id")
    base_split = _split(base.funding)
    rows = []
    for name, other in zip(names[1:], results[1:], strict=True):
        other_r = other.ranked.set_index("project_id")
        other_split = _split(other.funding)
        explainer = _Explainer(base, other, (base_name, name), lang)
        base_funded = set(base_r.index[base_r["funded"] == "y"])
        other_funded = set(other_r.index[other_r["funded"] == "y"])
        lost, gained = base_funded - other_funded, other_funded - base_funded
        for p in sorted(set(base_r.index) | set(other_r.index)):
            a = base_r.loc[p] if p in base_r.index else None
            b = other_r.loc[p] if p in other_r.index else None
            why_a = "" if a is None else str(a["why"])
            why_b = "" if b is None else str(b["why"])
            if p in lost:
                order, change = 0, label("compare.funded_only", lang, scenario=base_name)
                explanation = explainer.explain(p, True, sorted(gained), why_b)
            elif p in gained:
                order, change = 0, label("compare.funded_only", lang, scenario=name)
                explanation = explainer.explain(p, False, sorted(lost), why_a)
            elif p in base_funded and a["start_year"] != b["start_year"]:
                years = {"a": int(a["start_year"]), "b": int(b["start_year"])}
                order, change, explanation = 1, label("compare.start", lang, **years), ""
            elif p in base_funded and base_split.get(p) != other_split.get(p):
                order, change, explanation = 2, label("compare.split", lang), ""
            else:
                continue
            shown = a if a is not None else b
            rows.append(
                {
                    "_order": order,
                    "versus": name,
                    "project_id": p,
                    "name": shown["name"],
                    "region_id": shown["region_id"],
                    "change": change,
                    "explanation": explanation,
                    f"why_{base_name}": why_a,
                    "why_other": why_b,
                    f"split_{base_name}": base_split.get(p, ""),
                    "split_other": other_split.get(p, ""),
                }
            )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["_order", "versus", "project_id"]).drop(columns="_order")
