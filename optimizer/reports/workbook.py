"""Workbooks a finance bureau can hand on: a 摘要 sheet first, Chinese (or English) sheet
names and headers, input names beside the ids, number formats, funded/unfunded and
met/missed marked. The CSVs keep the English column ids; only the workbook is translated.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from optimizer.io.output import Sheet, Table
from optimizer.io.results import Names, ResultTables
from optimizer.labels import LABELS, Lang, label
from optimizer.reports.overview import (
    benefit_cost_frame,
    benefit_cost_sentence,
    differing_projects,
    met_mask,
    objective_heading,
    overview,
    source_year,
    status_text,
)

WAN, PCT, SCORE, PLAIN = "#,##0", "0.0%", "0.0000", "#,##0.0##"
SOURCE_YEAR = re.compile(r"^(?P<source>.+)_(?P<year>\d{4})$")
BOOLEANS = ("binding", "met", "completes_in_plan", "mandatory")
FORMATS = {
    "score": SCORE,
    "score_per_1000wan_scarce": SCORE,
    "objective": SCORE,
    "land_mu": "#,##0.0",
    "utilisation": PCT,
    "burden_share": PCT,
    "attainment": PCT,
    "share": PCT,
    "weight": "0.0#",
    "violation": PLAIN,
    **dict.fromkeys(("baseline", "target", "value", "gain", "shortfall", "floor"), PLAIN),
    **dict.fromkeys(("rank", "year", "start_year", "finish_year"), "0"),
    **dict.fromkeys(("funded_count", "candidates", "targets_met"), "#,##0"),
}
# id column -> the name column shown right after it
NAME_COLUMNS = {
    "category": "category_name",
    "region_id": "region_name",
    "pool_region": "pool_region_name",
    "source_id": "source_name",
}


def header(column: str, names: Names, lang: Lang, literal: Collection[str] = ()) -> str:
    """The shown header of a CSV column id; ids built from sources and indicators get
    their input names; `literal` columns (scenario names in compare) and unknown ids stay
    as they are."""
    key = f"col.{column}"
    if column in literal:
        return column
    if key in LABELS:
        return label(key, lang)
    if column.startswith("funds_"):
        return label("col.funds_source", lang, source=names.source(column.removeprefix("funds_")))
    if column.startswith("gain_"):
        i = column.removeprefix("gain_")
        unit = names.units.get(i, "")
        return label("col.gain_indicator", lang, indicator=names.indicator(i), unit=unit)
    for prefix in ("why", "split"):
        if column.startswith(f"{prefix}_"):
            return label(f"col.{prefix}_base", lang, scenario=column.removeprefix(f"{prefix}_"))
    match = SOURCE_YEAR.match(column)
    if match and (match["source"] in names.sources or not names.sources):
        source = names.source(match["source"])
        return label("col.funds_source_year", lang, source=source, year=match["year"])
    return column


def number_format(column: str) -> str | None:
    """The number format a column id implies (None: by its values)."""
    if column in FORMATS:
        return FORMATS[column]
    if column.endswith("_wan") or column.startswith("funds_") or SOURCE_YEAR.match(column):
        return WAN
    if column.startswith("gain_"):
        return "#,##0.0###"
    return None


def word(group: str, value: object, lang: Lang) -> object:
    """The label of a code (a revenue class, a status), or the code itself."""
    key = f"{group}.{value}"
    return label(key, lang) if key in LABELS else value


def with_names(
    frame: pd.DataFrame, names: Names, lang: Lang, literal: Collection[str] = ()
) -> pd.DataFrame:
    """The frame with a name column beside each id column and words for codes: yes/no,
    revenue classes, solve statuses (`literal` columns are left as they are)."""
    out = frame.copy()
    for id_col, name_col in NAME_COLUMNS.items():
        if id_col not in out.columns or name_col in out.columns:
            continue
        if id_col == "category":
            shown = out[id_col].map(lambda c: names.category(c, lang))
        elif id_col == "source_id":
            shown = out[id_col].map(names.source)
        else:
            shown = out[id_col].map(lambda r: names.region(r, lang))
        out.insert(out.columns.get_loc(id_col) + 1, name_col, shown)
    yes, no = label("yes", lang), label("no", lang)
    for col in (*BOOLEANS, "funded"):
        if col in out.columns and col not in literal:
            out[col] = out[col].map(
                lambda v: None if pd.isna(v) else (yes if str(v) in ("True", "y") else no)
            )
    for col, group in (("revenue_class", "revenue"), ("status", "status")):
        if col in out.columns and col not in literal:
            out[col] = out[col].map(lambda v, g=group: word(g, v, lang))
    return out


def _marks(frame: pd.DataFrame) -> dict[str | None, list[str | None]]:
    """Funded rows green and unfunded grey; met cells green and missed red."""
    marks: dict[str | None, list[str | None]] = {}
    if "funded" in frame.columns:
        marks[None] = ["good" if str(f) in ("True", "y") else "muted" for f in frame["funded"]]
    if "met" in frame.columns:
        marks["met"] = ["good" if m else "bad" for m in met_mask(frame)]
        marks["attainment"] = marks["met"]
    return marks


def table(
    frame: pd.DataFrame,
    names: Names,
    lang: Lang,
    *,
    title: str | None = None,
    unit_format: str | None = None,
    literal: Collection[str] = (),
) -> Table:
    """A localised table: names beside ids, translated headers and number formats
    (`unit_format` for numeric columns the ids don't describe, e.g. one per scenario)."""
    shown = with_names(frame, names, lang, literal)
    formats = {}
    for col in shown.columns:
        fmt = None if col in literal else number_format(str(col))
        if fmt is None and unit_format and shown[col].dtype.kind in "iuf":
            fmt = unit_format
        if fmt:
            formats[col] = fmt
    marks = _marks(frame)
    return Table(
        shown,
        headers=[header(str(c), names, lang, literal) for c in shown.columns],
        formats=formats,
        row_marks=marks.get(None),
        cell_marks={k: v for k, v in marks.items() if k is not None},
        title=title,
    )


def data_sheet(frame: pd.DataFrame, names: Names, lang: Lang) -> Sheet:
    """One output table as a sheet; the project list keeps rank, id and name in view."""
    freeze = 3 if list(frame.columns[:3]) == ["rank", "project_id", "name"] else 0
    return Sheet([table(frame, names, lang)], freeze_columns=freeze)


def summary_sheet(tables: ResultTables, lang: Lang) -> Sheet:
    """摘要: the run in a few lines, then the benefit/cost comparison, funds by source and
    year, and every indicator met or missed."""
    ov = overview(tables)
    rows: list[tuple[str, object, str | None]] = [
        (label("out.scenario", lang), ov.scenario, None),
        (label("out.description", lang), ov.description, None),
        (label("out.status", lang), status_text(ov.status, lang), None),
        (objective_heading(ov, tables.names, lang), ov.objective, SCORE),
        (label("out.gap", lang), ov.gap, "0.000%"),
        (label("out.solve_seconds", lang), ov.seconds, "0.0"),
    ]
    if ov.feasible:
        rows += [
            (label("out.funded", lang), ov.funded, "#,##0"),
            (label("col.candidates", lang), ov.candidates, "#,##0"),
            (label("out.cost_wan", lang), ov.cost_wan, WAN),
            (label("out.score", lang), ov.score, SCORE),
            (label("out.targets_met", lang), ov.met, "0"),
            (label("out.indicator_count", lang), ov.total, "0"),
            (
                label("out.targets_missed", lang),
                "、".join(ov.missed) or label("out.none", lang),
                None,
            ),
        ]
        if ov.unspent_wan is not None:
            rows.append((label("out.unspent_wan", lang), ov.unspent_wan, WAN))
    else:
        rows.append((label("report.conflicts", lang), len(tables.conflicts), "0"))
    kv = pd.DataFrame({"item": [r[0] for r in rows], "value": [r[1] for r in rows]}, dtype=object)
    parts = [
        Table(
            kv,
            headers=[label("col.item", lang), label("col.value_shown", lang)],
            cell_formats={"value": [r[2] for r in rows]},
        )
    ]
    names = tables.names
    if ov.benefit_cost is not None and ov.feasible:
        parts.append(
            Table(
                benefit_cost_frame(ov, lang),
                headers=[
                    label("col.item", lang),
                    label("col.optimizer", lang),
                    label("col.ranking", lang),
                    label("col.difference", lang),
                ],
                formats=dict.fromkeys(("optimizer", "ranking", "difference"), "#,##0.0###"),
                title=f"{label('out.benefit_cost', lang)} — {benefit_cost_sentence(ov, lang)}",
            )
        )
        differ = differing_projects(tables, lang)
        if not differ.empty:
            parts.append(table(differ, names, lang, title=label("out.differ", lang)))
    if ov.feasible:
        sy = source_year(tables, lang)
        parts.append(
            table(sy, names, lang, title=label("out.by_source_year", lang), unit_format=WAN)
        )
        ind = tables.indicators[["indicator_id", "name", "attainment", "met"]]
        parts.append(table(ind, names, lang, title=label("out.indicators", lang)))
    else:
        parts.append(table(tables.conflicts, names, lang, title=label("report.conflicts", lang)))
    return Sheet(parts)


def results_workbook(
    tables: ResultTables, frames: dict[str, pd.DataFrame], lang: Lang
) -> dict[str, Sheet]:
    """results.xlsx: 摘要 first, then a sheet per CSV table."""
    sheets = {label("sheet.summary", lang): summary_sheet(tables, lang)}
    for key, frame in frames.items():
        sheets[label(f"sheet.{key}", lang)] = data_sheet(frame, tables.names, lang)
    return sheets


COMPARE_UNITS = {
    "cost_by_source": WAN,
    "cost_by_region": WAN,
    "cost_by_year": WAN,
    "attainment": PCT,
}


def compare_workbook(tables: dict[str, pd.DataFrame], names: Names, lang: Lang) -> dict[str, Sheet]:
    """compare.xlsx: each comparison table localised like results.xlsx; the columns named
    after scenarios keep their names."""
    scenarios = set(tables["summary"]["scenario"])
    return {
        label(f"sheet.{key}", lang): Sheet(
            [table(frame, names, lang, unit_format=COMPARE_UNITS.get(key), literal=scenarios)]
        )
        for key, frame in tables.items()
    }
