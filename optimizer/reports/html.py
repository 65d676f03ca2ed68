"""One self-contained HTML report of a `solve --out` folder for a bureau director: a short
narrative (targets met or missed and what binds them), the benefit/cost comparison, charts
labelled with the input's names (inline SVG), and the projects grouped by category in
collapsible sections. No external files: it opens offline and prints to A4."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path

import jinja2
import pandas as pd

from optimizer.io.output import plain_number, write_file_atomically
from optimizer.io.results import ResultTables, from_folder, project_label
from optimizer.labels import DEFAULT_LANG, Lang, label
from optimizer.reports.charts import chart_fonts, has_cjk_font, pyplot, svg, thousands
from optimizer.reports.fiscal import fiscal_section
from optimizer.reports.overview import (
    Overview,
    benefit_cost_frame,
    benefit_cost_sentence,
    by_group,
    differing_projects,
    exhausted_pools,
    met_mask,
    overview,
    source_year,
    status_text,
)

TEMPLATE = Path(__file__).parent / "templates" / "report.html.j2"
ATTAINMENT_AXIS_MAX = 200  # bars beyond this are cut, their value written beside them


def attainment_chart(indicators: pd.DataFrame, lang: Lang) -> str:
    """Share of each indicator's gap closed (by name), binding ones red, target at 100 %."""
    labels = indicators["name"] if has_cjk_font() else indicators["indicator_id"]
    shares = 100 * indicators["attainment"].astype(float)
    plt = pyplot()
    with plt.rc_context({"font.family": chart_fonts(), "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(8, 0.32 * len(indicators) + 0.9))
        binding = indicators["binding"].astype(str).isin(("True", "y"))
        colours = ["#b22" if b else "#58a" for b in binding]
        ax.barh(list(labels), shares.clip(upper=ATTAINMENT_AXIS_MAX), color=colours)
        for y, share in enumerate(shares):
            if share > ATTAINMENT_AXIS_MAX:
                ax.text(ATTAINMENT_AXIS_MAX, y, f" {share:,.0f}%", va="center", fontsize=8)
        ax.axvline(100, color="black", lw=1, ls="--")
        ax.set_xlim(0, ATTAINMENT_AXIS_MAX * 1.12)
        ax.set_xlabel(label("report.attainment_axis", lang))
        ax.invert_yaxis()
        return svg(fig)


def stacked_chart(table: pd.DataFrame, xlabel: str, lang: Lang) -> str:
    """万元 stacked by source (columns), one bar per row (a year or a region)."""
    plt = pyplot()
    with plt.rc_context({"font.family": chart_fonts(), "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(8, 3.2))
        if not table.empty:
            table.plot.bar(stacked=True, ax=ax, rot=0)
            ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(label("report.chart_wan", lang))
        thousands(ax.yaxis)
        return svg(fig)


def _by_source(tables: ResultTables, by: str, lang: Lang) -> pd.DataFrame:
    funding = tables.funding_with_regions()
    table = funding.pivot_table(index=by, columns="source_id", values="amount_wan", aggfunc="sum")
    names = tables.names
    source = names.source if has_cjk_font() else str
    table = table.fillna(0).rename(columns=source)
    if by == "region_id":
        table = table.rename(index=lambda r: names.region(r, lang) if has_cjk_font() else r)
    return table


def _pct(x: object) -> str:
    return "–" if x is None or pd.isna(x) else f"{float(x):.0%}"


def findings(tables: ResultTables, ov: Overview, lang: Lang) -> list[str]:
    """The narrative: targets met or missed, what would lift each missed one, which budget
    pools are used up, binding targets, and the benefit/cost comparison."""
    if not ov.feasible:
        return [label("report.infeasible", lang)]
    ind = tables.indicators
    met = met_mask(ind)
    sep = label("out.list_sep", lang)
    if met.all():
        lines = [label("report.met_all", lang, total=len(ind))]
    else:
        missed = sep.join(
            label("report.missed_item", lang, name=r["name"], attainment=_pct(r["attainment"]))
            for _, r in ind[~met].iterrows()
        )
        lines = [label("report.met_some", lang, total=len(ind), met=int(met.sum()), missed=missed)]
        lines += [_missed_detail(tables, r, lang) for _, r in ind[~met].iterrows()]
    binding = ind[ind["binding"].astype(str).isin(("True", "y"))]
    if len(binding) and met_mask(binding).all():
        lines.append(label("report.binding_met", lang, names=sep.join(binding["name"].astype(str))))
    lines.append(_exhausted_sentence(tables, lang))
    if ov.benefit_cost is not None:
        lines.append(benefit_cost_sentence(ov, lang))
    return lines


def _missed_detail(tables: ResultTables, row: pd.Series, lang: Lang) -> str:
    """What would lift a missed indicator: the unfunded projects that raise it, the closest."""
    ranked = tables.ranked
    col = f"gain_{row['indicator_id']}"
    unit = "" if pd.isna(row.get("unit")) else f" {row['unit']}"
    fields = {
        "name": row["name"],
        "value": plain_number(row["value"]),
        "target": plain_number(row["target"]),
        "unit": unit,
    }
    if col not in ranked:
        return label("report.missed_no_project", lang, **fields)
    helps = ranked[(ranked["funded"] != "y") & (ranked[col].fillna(0) > 0)]
    if helps.empty:
        return label("report.missed_no_project", lang, **fields)
    extra = helps["extra_budget_wan"].dropna() if "extra_budget_wan" in helps else pd.Series()
    if extra.empty:
        return label("report.missed_unexplained", lang, n=len(helps), **fields)
    closest = helps.loc[extra.idxmin()]
    return label(
        "report.missed_detail",
        lang,
        n=len(helps),
        project=project_label(closest["project_id"], closest["name"]),
        extra=plain_number(extra.min()),
        **fields,
    )


def _exhausted_sentence(tables: ResultTables, lang: Lang) -> str:
    pools = exhausted_pools(tables)
    if pools.empty:
        return label("report.exhausted_none", lang)
    sep = label("out.list_sep", lang)
    parts = [
        label(
            "report.pools_of",
            lang,
            source=tables.names.source(source),
            n=len(group),
            years=sep.join(str(y) for y in sorted(group["year"].unique())),
        )
        for source, group in pools.groupby("source_id")
    ]
    return label("report.exhausted", lang, pools="; ".join(parts))


def _categories(tables: ResultTables, lang: Lang) -> list[dict]:
    """Per category: its line and its projects in rank order."""
    ranked = tables.ranked
    names = tables.names
    out = []
    for r in by_group(tables, "category").itertuples(index=False):
        rows = ranked[ranked["category"] == r.category].sort_values("rank")
        out.append(
            {
                "line": label(
                    "report.category_line",
                    lang,
                    category=names.category(r.category, lang),
                    funded=r.funded_count,
                    candidates=r.candidates,
                    cost=plain_number(r.cost_in_plan_wan),
                ),
                "rows": [
                    {
                        "rank": p["rank"],
                        "project": project_label(p["project_id"], p["name"]),
                        "region": names.region(p["region_id"], lang),
                        "funded": p["funded"] == "y",
                        "start": "" if pd.isna(p["start_year"]) else int(p["start_year"]),
                        "cost": plain_number(p["cost_wan"]),
                        "why": "" if pd.isna(p["why"]) else p["why"],
                    }
                    for _, p in rows.iterrows()
                ],
            }
        )
    return out


def _indicators(tables: ResultTables) -> list[dict]:
    ind = tables.indicators
    return [
        {
            "name": r["name"],
            "unit": "" if pd.isna(r["unit"]) else r["unit"],
            "baseline": plain_number(r["baseline"]),
            "value": plain_number(r["value"]),
            "target": plain_number(r["target"]),
            "attainment": _pct(r["attainment"]),
            "met": bool(m),
            "binding": str(r["binding"]) in ("True", "y"),
        }
        for (_, r), m in zip(ind.iterrows(), met_mask(ind), strict=True)
    ]


def _regions(tables: ResultTables, lang: Lang) -> list[dict]:
    groups = by_group(tables, "region_id")
    total = groups["cost_in_plan_wan"].sum()
    return [
        {
            "name": tables.names.region(r.region_id, lang),
            "funded": r.funded_count,
            "candidates": r.candidates,
            "cost": plain_number(r.cost_in_plan_wan),
            "share": r.cost_in_plan_wan / total if total else 0.0,
        }
        for r in groups.itertuples(index=False)
    ]


def _budget(tables: ResultTables) -> list[dict]:
    """Per source over the plan: budget, used, unused, utilisation, pools used up."""
    pools = tables.pools
    if pools.empty:
        return []
    used_up = exhausted_pools(tables).groupby("source_id").size()
    rows = []
    for source, g in pools.groupby("source_id"):
        available = g["budget_wan"].sum()
        rows.append(
            {
                "source": tables.names.source(source),
                "budget": plain_number(available),
                "used": plain_number(g["used_wan"].sum()),
                "unused": plain_number(g["unused_wan"].sum()),
                "utilisation": _pct(g["used_wan"].sum() / available if available else None),
                "exhausted": f"{int(used_up.get(source, 0))} / {len(g)}",
            }
        )
    return rows


def _benefit_cost(tables: ResultTables, ov: Overview, lang: Lang) -> dict | None:
    if ov.benefit_cost is None or not ov.feasible:
        return None
    frame = benefit_cost_frame(ov, lang)
    differ = differing_projects(tables, lang)
    return {
        "rows": [
            {
                "item": r.item,
                "optimizer": plain_number(r.optimizer, 5),
                "ranking": plain_number(r.ranking, 5),
                "difference": plain_number(r.difference, 5),
            }
            for r in frame.itertuples(index=False)
        ],
        "sentence": benefit_cost_sentence(ov, lang),
        "differ": [
            {
                "which": r.change,
                "project": project_label(r.project_id, r.name),
                "region": tables.names.region(r.region_id, lang),
                "cost": plain_number(r.cost_wan),
            }
            for r in differ.itertuples(index=False)
        ],
    }


def _cards(ov: Overview, lang: Lang) -> list[tuple[str, str]]:
    cards = [(label("out.status", lang), status_text(ov.status, lang))]
    if ov.feasible:
        cards += [
            (label("out.funded", lang), f"{ov.funded} / {ov.candidates}"),
            (label("out.cost_wan", lang), plain_number(ov.cost_wan)),
            (label("out.targets_met", lang), f"{ov.met} / {ov.total}"),
            (label("out.score", lang), f"{ov.score:.3f}" if ov.score is not None else "–"),
        ]
    gap = "–" if ov.gap is None else f"{ov.gap:.3%}"
    return [*cards, (label("out.gap", lang), gap)]


def render_tables(tables: ResultTables, lang: Lang = DEFAULT_LANG) -> str:
    """The report's HTML for a result's tables."""
    ov = overview(tables)
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(default=True))
    env.globals["L"] = functools.partial(label, lang=lang)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    context: dict = {
        "lang": "zh-CN" if lang == "zh" else "en",
        "ov": ov,
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cards": _cards(ov, lang),
        "findings": findings(tables, ov, lang),
        "conflicts": [
            {
                "family": r.family,
                "rule": r.rule,
                "violation": f"{plain_number(r.violation)} {'' if pd.isna(r.unit) else r.unit}",
            }
            for r in tables.conflicts.itertuples(index=False)
        ],
    }
    if ov.feasible:
        sy = source_year(tables, lang)
        years = [c for c in sy.columns if c not in ("source_id", "source_name")]
        context |= {
            "benefit_cost": _benefit_cost(tables, ov, lang),
            "indicators": _indicators(tables),
            "regions": _regions(tables, lang),
            "budget": _budget(tables),
            "source_years": years,
            "source_rows": [
                {"name": r["source_name"], "values": [plain_number(r[y]) for y in years]}
                for _, r in sy.iterrows()
            ],
            "categories": _categories(tables, lang),
            "fiscal": fiscal_section(tables.fiscal, lang, chart_fonts()),
            "charts": {
                "attainment": attainment_chart(tables.indicators, lang),
                "years": stacked_chart(
                    _by_source(tables, "year", lang), label("col.year", lang), lang
                ),
                "regions": stacked_chart(
                    _by_source(tables, "region_id", lang), label("col.region_name", lang), lang
                ),
            },
        }
    return template.render(**context)


def render_report(folder: Path, lang: Lang = DEFAULT_LANG) -> str:
    """The report's HTML for a result folder (feasible or not)."""
    return render_tables(from_folder(folder), lang)


def write_report(folder: Path, out: Path, lang: Lang = DEFAULT_LANG) -> None:
    """Render and write the report atomically."""
    html = render_report(folder, lang)
    write_file_atomically(out, lambda tmp: tmp.write_text(html, encoding="utf-8"))
