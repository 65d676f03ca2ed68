"""Explanations and conflicts in plain words, Chinese by default (labels.py holds the words).

Every amount a project needs is rounded up (`explain.round_up`), so the stated relief
always suffices; places and sources are named as the input names them (城区, 一般公共预算).
"""

from __future__ import annotations

from optimizer.analysis.diagnose import Violation
from optimizer.analysis.explain import Explanation, round_up
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.model.inputs import CITY, ModelInputs


def number(x: float) -> str:
    """1,997.5 / 34 / 0.25: thousands separators, at most two decimals, never 1e+04."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _where(region: str, d: ModelInputs, lang: Lang) -> str:
    return label("where.city", lang) if region == CITY else d.region_name.get(region, region)


def _project(q: str, d: ModelInputs, lang: Lang) -> str:
    return label("reason.project_cost", lang, project=f"{q} {d.name[q]}", amount=number(d.cost[q]))


def relief_text(v: Violation, d: ModelInputs, lang: Lang = DEFAULT_LANG) -> str:
    """One relaxed rule, e.g. '2024 年城区一般公共预算还差 34 万元' (amount rounded up)."""
    amount = number(round_up(v.amount))
    if v.family == "budget":
        s, y, r = v.key
        source = d.source_name.get(s, s)
        where = _where(r, d, lang)
        return label("relief.budget", lang, year=y, where=where, source=source, amount=amount)
    if v.family == "land":
        y, r = v.key
        return label("relief.land", lang, year=y, where=_where(r, d, lang), amount=amount)
    if v.family == "equity":
        side, r = v.key
        lo, hi = d.equity.get(r, (None, None))
        share = f"{(lo if side == 'min' else hi) or 0:.0%}"
        key = "relief.equity_min" if side == "min" else "relief.equity_max"
        return label(key, lang, where=_where(r, d, lang), share=share, amount=amount)
    if v.family == "start limit":
        y, r = v.key
        return label("relief.start_limit", lang, year=y, where=_where(r, d, lang), amount=amount)
    if v.family == "debt ceiling":
        kind, y, r, s = v.key
        source = d.source_name.get(s, s) if s else ""
        source = f"{source} " if source and lang == "en" else source
        return label(
            f"relief.debt_{kind}",
            lang,
            year=y,
            where=_where(r, d, lang),
            source=source,
            amount=amount,
        )
    if v.family == "indicator target":
        (i,) = v.key
        ind = d.indicators[i]
        floor = number(d.floors[i])
        return label(
            "relief.target", lang, indicator=ind.name, floor=floor, unit=ind.unit, amount=amount
        )
    (q,) = v.key
    why = unschedulable_text(q, d, lang) if q in d.unschedulable else label("reason.blocked", lang)
    return label("relief.mandatory", lang, project=f"{q} {d.name[q]}", why=why)


def unschedulable_text(p: str, d: ModelInputs, lang: Lang = DEFAULT_LANG) -> str:
    """Why p has no feasible start year: its window, its funding, or its prerequisites."""
    why = d.unschedulable[p]
    if why.kind == "funding":
        return label("reason.funding", lang, year=why.year)
    if why.kind == "self_balance":
        bonds = sum(
            a for (q, s), a in d.share.items() if q == p and s in d.debt and d.debt[s].self_balance
        )
        share = f"{bonds:.0%}"
        return label(
            "reason.self_balance", lang, year=why.year, ratio=d.coverage_ratio, share=share
        )
    if why.kind == "chain":
        links = []
        for c in why.chain:
            if c.start < 0:
                links.append(label("reason.chain_none", lang, project=c.project))
            else:
                text = label(
                    "reason.chain_link", lang, project=c.project, start=c.start, finish=c.finish
                )
                links.append(text)
        links.append(label("reason.chain_end", lang, year=d.last_year))
        return label("reason.chain", lang, links=" → ".join(links))
    earliest, latest = why.window
    return label("reason.window", lang, earliest=earliest, latest=latest)


def _per_wan(q: str, d: ModelInputs) -> str:
    return number(1000 * d.score(q) / d.cost[q]) if d.cost[q] else "–"


def unfunded_text(p: str, e: Explanation, d: ModelInputs, lang: Lang = DEFAULT_LANG) -> str:
    """Why p is not funded, complete: every relief, prerequisite and moved start."""
    if e.kind in ("relief", "fits") and (e.reliefs or e.prerequisites):
        items = [relief_text(v, d, lang) for v in e.reliefs]
        money = e.extra_budget_wan
        if money and sum(v.unit == "万元" for v in e.reliefs) > 1:
            items.append(label("reason.total", lang, amount=number(money)))
        if e.prerequisites:
            projects = "、".join(_project(q, d, lang) for q in e.prerequisites)
            items.append(label("reason.with_prerequisites", lang, projects=projects))
        if e.start is not None:
            items.append(label("reason.start", lang, year=e.start))
        if e.shifted:
            items.append(label("reason.shifted", lang, count=len(e.shifted)))
        text = label(
            "reason.needs", lang, items="；".join(items) if lang == "zh" else "; ".join(items)
        )
        return text + ("" if e.proven else label("reason.unproven", lang))
    if e.kind == "fits":
        return label("reason.fits", lang)
    if e.kind == "unschedulable":
        return label("reason.unschedulable", lang, why=unschedulable_text(p, d, lang))
    if e.kind == "alternative":
        assert e.rival is not None
        theirs, ours = _per_wan(e.rival, d), _per_wan(p, d)
        rival = f"{e.rival} {d.name[e.rival]}"
        if d.must[e.rival]:
            why = label("reason.rival_mandatory", lang, rival=e.rival)
        elif d.score(e.rival) / d.cost[e.rival] >= d.score(p) / d.cost[p]:
            why = label("reason.rival_better", lang, rival=e.rival, theirs=theirs, ours=ours)
        else:
            why = label("reason.rival_chosen", lang, rival=e.rival, theirs=theirs, ours=ours)
        return label("reason.alternative", lang, rival=rival, group=e.group, why=why)
    if e.kind == "blocked" and e.rival is not None:
        member = e.prerequisites[0] if e.prerequisites else p
        rival = f"{e.rival} {d.name[e.rival]}"
        return label("reason.blocked_exclusion", lang, project=member, rival=rival, group=e.group)
    keys = {
        "excluded": "reason.excluded",
        "no_gain": "reason.no_gain",
        "blocked": "reason.blocked",
        "not_explained": "reason.not_explained",
        "interrupted": "reason.interrupted",
        "skipped": "reason.skipped",
    }
    return label(keys[e.kind], lang)


def funded_text(
    p: str,
    d: ModelInputs,
    rank: int,
    count: int,
    needed_by: list[str],
    slack_only: bool,
    lang: Lang = DEFAULT_LANG,
) -> str:
    """Why p is funded: mandatory, or its rank by score per 万元, what it needs for and
    which targets it moves."""
    if d.must[p]:
        return label("reason.mandatory", lang)
    parts = [label("reason.selected", lang, rank=rank, count=count)]
    if needed_by:
        parts.append(label("reason.prerequisite_of", lang, projects="、".join(needed_by)))
    if slack_only:
        parts.append(label("reason.slack_pools", lang))
    gains = [(d.indicators[i], g) for i, g in d.gains_by_project[p] if g]
    gains.sort(key=lambda item: -abs(item[0].weight * item[1] / item[0].gap))
    if gains:
        sep = "、" if lang == "zh" else ", "
        moved = sep.join(
            label("reason.gain", lang, indicator=ind.name, amount=number(g), unit=ind.unit)
            for ind, g in gains
        )
        parts.append(label("reason.moves", lang, gains=moved))
    return ("；" if lang == "zh" else "; ").join(parts)


def moved_starts(e: Explanation) -> str:
    """The funded projects a relief starts in another year: 'P0013:2024→2023; …'."""
    return "; ".join(f"{q}:{a}→{b}" for q, a, b in e.shifted)
