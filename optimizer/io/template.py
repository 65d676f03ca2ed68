"""The input workbook a bureau fills in: a guide sheet (说明) first, the scenario sheet, then
a sheet per table with example rows (or a data set's rows), drop-down lists for ids, value
words and 是/否, and each header's meaning as a comment.

The headers and value words are Chinese by default (`lang="en"`: the column ids); the
loader reads either, so a filled template is a data set and, with its scenario sheet, a
scenario: `urbopt solve input.xlsx`. Every cell goes through `_append`, which neutralises
it like the result writers' cells (`optimizer.io.output.cell_value`): a project named
`=HYPERLINK(…)` is text, never a formula.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.errors import InputError, Issue
from optimizer.io.data import InputData
from optimizer.io.output import cell_value
from optimizer.io.results import ResultTables
from optimizer.io.schema import (
    ACTUALS_TABLES,
    GUIDE_SHEET,
    SCENARIO_TABLE,
    TABLES,
    TABLES_BY_NAME,
    WILDCARD,
    Column,
    ScenarioRow,
    Table,
)
from optimizer.io.synthetic import CATEGORIES
from optimizer.labels import Lang, label

LAST_ROW = 1_048_576  # Excel's last row: drop-downs cover every row a user may add
LIST_LIMIT = 255  # characters Excel allows in a literal drop-down list
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# A tiny consistent data set: it shows how the tables refer to each other, and it solves.
EXAMPLE: dict[str, list[dict[str, object]]] = {
    "regions": [
        {"region_id": "chengqu", "name": "城区", "kind": "district", "population_wan": 50.1},
        {"region_id": "zezhou", "name": "泽州县", "kind": "county", "population_wan": 45.3},
    ],
    "indicators": [
        {
            "indicator_id": "old_communities",
            "name": "城镇老旧小区改造",
            "unit": "个",
            "baseline": 0,
            "target": 25,
            "binding": True,
            "kind": "cumulative",
            "source": "规划表 1",
        },
        {
            "indicator_id": "green_coverage",
            "name": "建成区绿化覆盖率",
            "unit": "%",
            "baseline": 40.0,
            "target": 42.0,
            "binding": False,
            "kind": "level",
            "upper_bound": 100,
        },
    ],
    "projects": [
        {
            "project_id": "P0001",
            "name": "城区老旧小区改造第1批",
            "category": "old_community",
            "region_id": "chengqu",
            "cost_wan": 1200,
            "duration_years": 1,
            "earliest_start": 2025,
            "latest_start": 2026,
            "revenue_class": "public",
            "mandatory": True,
        },
        {
            "project_id": "P0002",
            "name": "泽州县老旧小区改造",
            "category": "old_community",
            "region_id": "zezhou",
            "cost_wan": 900,
            "duration_years": 1,
            "earliest_start": 2025,
            "latest_start": 2026,
            "revenue_class": "public",
        },
        {
            "project_id": "P0003",
            "name": "泽州县老旧小区改造（扩大方案）",
            "category": "old_community",
            "region_id": "zezhou",
            "cost_wan": 1500,
            "duration_years": 1,
            "earliest_start": 2025,
            "latest_start": 2026,
            "revenue_class": "quasi_public",
            "income_wan": 60,
            "persons_settled": 300,
        },
        {
            "project_id": "P0004",
            "name": "城区口袋公园",
            "category": "park_green",
            "region_id": "chengqu",
            "cost_wan": 800,
            "duration_years": 2,
            "earliest_start": 2025,
            "latest_start": 2025,
            "revenue_class": "public",
            "land_mu": 3,
            "cost_profile": "0.6;0.4",
        },
    ],
    "project_gains": [
        {"project_id": "P0001", "indicator_id": "old_communities", "gain": 12},
        {"project_id": "P0002", "indicator_id": "old_communities", "gain": 8},
        {"project_id": "P0003", "indicator_id": "old_communities", "gain": 14},
        {"project_id": "P0004", "indicator_id": "green_coverage", "gain": 0.5},
    ],
    "sources": [
        {"source_id": "general_budget", "name": "一般公共预算", "carry_over": False},
        {
            "source_id": "special_bond",
            "name": "地方政府专项债券",
            "carry_over": True,
            "interest_rate": 0.034,
            "term_years": 15,
            "grace_years": 14,
            "repaid_from": "general_budget",
            "self_balance": True,
        },
    ],
    "funding": [
        {"source_id": "general_budget", "year": 2025, "region_id": "chengqu", "amount_wan": 1500},
        {"source_id": "general_budget", "year": 2026, "region_id": "chengqu", "amount_wan": 800},
        {"source_id": "general_budget", "year": 2025, "region_id": "zezhou", "amount_wan": 800},
        {"source_id": "general_budget", "year": 2026, "region_id": "zezhou", "amount_wan": 800},
        {"source_id": "special_bond", "year": 2025, "amount_wan": 600},
        {"source_id": "special_bond", "year": 2026, "amount_wan": 600},
    ],
    "eligibility": [
        {"source_id": "general_budget", "max_share": 1.0},
        {"source_id": "special_bond", "revenue_class": "quasi_public", "max_share": 0.8},
        {
            "source_id": "special_bond",
            "revenue_class": "public",
            "category": "old_community",
            "max_share": 0.5,
        },
    ],
    "land_quota": [{"year": 2025, "quota_mu": 10}, {"year": 2026, "quota_mu": 10}],
    "dependencies": [{"project_id": "P0004", "requires": "P0001", "kind": "start"}],
    "exclusions": [
        {"group_id": "zezhou_old_community_alt", "project_id": "P0002"},
        {"group_id": "zezhou_old_community_alt", "project_id": "P0003"},
    ],
    "equity": [{"region_id": "zezhou", "min_share": 0.2}],
    "start_limits": [{"max_starts": 3}],
    "debt_limits": [{"kind": "outstanding", "limit_wan": 1000}],
}


# Actuals for the example data set: re-planning from 2026, P0001 and the park P0004 started
# in 2025, the park's cost revised, a smaller bond quota in 2026, the alternative P0002
# withdrawn, a new park added.
EXAMPLE_ACTUALS: dict[str, list[dict[str, object]]] = {
    "actual_starts": [
        {"project_id": "P0001", "start_year": 2025},
        {"project_id": "P0004", "start_year": 2025},
    ],
    "actual_spending": [
        {"project_id": "P0001", "source_id": "general_budget", "year": 2025, "amount_wan": 1000},
        {"project_id": "P0001", "source_id": "special_bond", "year": 2025, "amount_wan": 200},
        {"project_id": "P0004", "source_id": "general_budget", "year": 2025, "amount_wan": 480},
    ],
    "cost_revisions": [{"project_id": "P0004", "cost_wan": 950, "note": "材料价格上涨"}],
    "budget_revisions": [{"source_id": "special_bond", "year": 2026, "amount_wan": 400}],
    "withdrawn": [{"project_id": "P0002", "reason": "并入扩大方案"}],
    "new_projects": [
        {
            "project_id": "P0005",
            "name": "城区街心公园",
            "category": "park_green",
            "region_id": "chengqu",
            "cost_wan": 300,
            "duration_years": 1,
            "earliest_start": 2026,
            "latest_start": 2026,
            "revenue_class": "public",
            "land_mu": 1,
        }
    ],
    "new_project_gains": [{"project_id": "P0005", "indicator_id": "green_coverage", "gain": 0.2}],
}


def check_target(path: Path, force: bool) -> None:
    """Refuse to write the template anywhere but a new (or, with `force`, an old) .xlsx."""
    problem = None
    if path.is_dir():
        problem = "is a folder: give a file name, e.g. input.xlsx"
    elif path.suffix.lower() != ".xlsx":
        problem = "the template is an Excel workbook: give a file name ending in .xlsx"
    elif path.exists() and not force:
        problem = "already exists: choose another name, or add --force to overwrite it"
    elif not path.parent.is_dir():
        problem = f"folder {path.parent} does not exist"
    if problem:
        raise InputError([Issue(str(path), problem)])


def example_tables() -> dict[str, pd.DataFrame]:
    """The example rows of every table, in the schema's columns."""
    return {
        t.name: pd.DataFrame(EXAMPLE.get(t.name, []), columns=t.column_names, dtype=object)
        for t in TABLES
    }


def example_actuals() -> dict[str, pd.DataFrame]:
    """The example actuals, in the actuals tables' columns."""
    return {
        t.name: pd.DataFrame(EXAMPLE_ACTUALS.get(t.name, []), columns=t.column_names, dtype=object)
        for t in ACTUALS_TABLES
    }


def planned_actuals(result: ResultTables, year: int | None = None) -> dict[str, pd.DataFrame]:
    """The actuals a solved plan foresaw before `year` (every planned start and payment if
    None): the bureau keeps what happened as planned and corrects the rest."""
    funded = result.ranked[result.ranked["funded"] == "y"]
    starts = funded[["project_id", "start_year"]].astype({"start_year": int})
    keys = ["project_id", "source_id", "year"]
    spending = result.funding.groupby(keys, as_index=False)["amount_wan"].sum()
    if year is not None:
        starts = starts[starts["start_year"] < year]
        spending = spending[spending["year"] < year]
    tables = {t.name: pd.DataFrame(columns=t.column_names) for t in ACTUALS_TABLES}
    tables["actual_starts"] = starts.reset_index(drop=True)
    tables["actual_spending"] = spending.reset_index(drop=True)
    return tables


def data_tables(data: InputData) -> dict[str, pd.DataFrame]:
    """A validated data set's tables, in the schema's columns."""
    return {t.name: getattr(data, t.name)[t.column_names] for t in TABLES}


def write_template(
    path: Path,
    tables: dict[str, pd.DataFrame],
    scenario_rows: list[ScenarioRow],
    lang: Lang = "zh",
    schema: tuple[Table, ...] = TABLES,
) -> None:
    """Write the input workbook to `path` (a temporary file renamed over it); with
    `schema=ACTUALS_TABLES` and no scenario rows, the actuals workbook of a re-plan."""
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = label(f"input.sheet.{GUIDE_SHEET}", lang)
    _write_guide(guide, scenario_rows, lang, schema)
    if scenario_rows:
        _write_scenario(book.create_sheet(SCENARIO_TABLE.sheet(lang)), scenario_rows, lang)
    named = pd.concat([tables[t.name]["category"] for t in schema if "category" in tables[t.name]])
    categories = sorted({c.id for c in CATEGORIES} | set(named.dropna().astype(str)))
    sheets = {t.name: t for t in schema}
    for table in schema:
        sheet = book.create_sheet(table.sheet(lang))
        _write_table(sheet, table, tables[table.name], lang)
        _add_dropdowns(sheet, table, categories, lang, sheets)
    fd, tmp = tempfile.mkstemp(prefix=".template-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book.save(tmp)
        Path(tmp).replace(path)
    except OSError as exc:
        raise InputError([Issue(str(path), f"cannot write: {exc.strerror or exc}")]) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row, every cell neutralised (text that would run as a formula is kept as
    text; characters the format cannot hold replaced)."""
    sheet.append([cell_value(v) for v in values])


def _header_row(sheet: Worksheet, headers: Sequence[str], notes: Sequence[str]) -> None:
    _append(sheet, headers)
    for i, note in enumerate(notes, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        if note:
            cell.comment = Comment(note, "urbopt", width=320, height=90)
        sheet.column_dimensions[get_column_letter(i)].width = max(12, 2.2 * len(headers[i - 1]))
    sheet.freeze_panes = "A2"


def _cell_value(value: object, column: Column, lang: Lang) -> object:
    """A typed value as the cell a user would type: 是/否, 公益性, whole numbers as int."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if column.type == "bool":
        return label(f"input.value.{str(bool(value)).lower()}", lang)
    if column.choices and value in column.choices:
        return label(f"input.value.{value}", lang)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _write_table(sheet: Worksheet, table: Table, frame: pd.DataFrame, lang: Lang) -> None:
    headers = [table.header(c.name, lang) for c in table.columns]
    notes = [_meaning(table.name, c.name, lang) for c in table.columns]
    _header_row(sheet, headers, notes)
    for record in frame.to_dict("records"):
        _append(sheet, [_cell_value(record.get(c.name), c, lang) for c in table.columns])


def _meaning(table: str, column: str, lang: Lang) -> str:
    return label(f"input.help.{table}.{column}", lang)


def _list(values: Sequence[str]) -> str | None:
    """A literal drop-down list, or None when it does not fit (too long, or a value holds
    a comma or quote, which would split or end the list)."""
    if any("," in v or '"' in v for v in values):
        return None
    text = ",".join(values)
    return f'"{text}"' if len(text) <= LIST_LIMIT - 2 else None


def _add_dropdowns(
    sheet: Worksheet,
    table: Table,
    categories: list[str],
    lang: Lang,
    sheets: dict[str, Table] = TABLES_BY_NAME,
) -> None:
    """Drop-downs: ids of the referenced sheet (when the workbook has it), value words,
    是/否, categories; year and share columns take only years and shares."""
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        wildcard = [WILDCARD] if table.name == "eligibility" else []
        strict = True
        if column.ref in sheets:
            target = sheets[column.ref]
            source = f"{quote_sheetname(target.sheet(lang))}!$A$2:$A${LAST_ROW}"
        elif column.type == "bool":
            source = _list([label(f"input.value.{v}", lang) for v in ("true", "false")])
        elif column.choices:
            source = _list([label(f"input.value.{v}", lang) for v in column.choices] + wildcard)
        elif column.name == "category":
            source, strict = _list(categories + wildcard), False  # new categories are fine
        elif column.type in ("year", "share"):
            low, high, kind = (1900, 2200, "whole") if column.type == "year" else (0, 1, "decimal")
            rule = DataValidation(
                kind,
                operator="between",
                formula1=str(low),
                formula2=str(high),
                showErrorMessage=True,
            )
            rule.error = label(f"input.help.{table.name}.{column.name}", lang)
            rule.add(cells)
            sheet.add_data_validation(rule)
            continue
        else:
            continue
        if source is None:
            continue  # too many values for a literal list
        rule = DataValidation("list", formula1=source, allow_blank=True, showErrorMessage=True)
        rule.errorStyle = "stop" if strict else "warning"
        rule.error = label(f"input.help.{table.name}.{column.name}", lang)
        rule.add(cells)
        sheet.add_data_validation(rule)


def _write_scenario(sheet: Worksheet, rows: list[ScenarioRow], lang: Lang) -> None:
    columns = [c.name for c in SCENARIO_TABLE.columns]
    headers = [SCENARIO_TABLE.header(c, lang) for c in columns]
    _header_row(sheet, headers, [_meaning("scenario", c, lang) for c in columns])
    yes_no = DataValidation(
        "list",
        formula1=_list([label(f"input.value.{v}", lang) for v in ("true", "false")]),
        allow_blank=True,
        showErrorMessage=True,
    )
    words = {label(f"input.value.{v}", lang) for v in ("true", "false")}
    for key, item, value, note in rows:
        _append(sheet, [key, item, value, note])
        if value in words:
            yes_no.add(f"C{sheet.max_row}")
    sheet.add_data_validation(yes_no)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["D"].width = 36


def _write_guide(
    sheet: Worksheet,
    scenario_rows: list[ScenarioRow],
    lang: Lang,
    schema: tuple[Table, ...] = TABLES,
) -> None:
    """Every sheet and column, its type, whether it must be filled and what it means, in
    Chinese and English."""
    keys = ("sheet", "column", "id", "type", "required", "meaning_zh", "meaning_en")
    _header_row(sheet, [label(f"input.col.guide.{k}", lang) for k in keys], [""] * len(keys))
    whole = label("input.guide.whole_table", lang)
    yes, no = label("input.required.yes", lang), label("input.required.no", lang)
    note = label("input.guide.example", "zh"), label("input.guide.example", "en")
    _append(sheet, ["*", whole, "*", whole, no, *note])
    for table in (SCENARIO_TABLE, *schema) if scenario_rows else schema:
        name = table.sheet(lang)
        required = yes if table.required else no
        meaning = (
            label(f"input.table.{table.name}", "zh"),
            label(f"input.table.{table.name}", "en"),
        )
        _append(sheet, [name, whole, table.name, whole, required, *meaning])
        for c in table.columns:
            _append(
                sheet,
                [
                    name,
                    table.header(c.name, lang),
                    c.name,
                    label(f"input.type.{c.type}", lang),
                    yes if c.required else no,
                    _meaning(table.name, c.name, "zh"),
                    _meaning(table.name, c.name, "en"),
                ],
            )
    scenario = SCENARIO_TABLE.sheet(lang)
    seen: set[str] = set()
    for key, _, _, path in scenario_rows:
        if path in seen:
            continue
        seen.add(path)
        zh, en = label(f"input.scenario.{path}", "zh"), label(f"input.scenario.{path}", "en")
        _append(sheet, [scenario, key, path, label("input.type.key", lang), no, zh, en])
    for letter, width in zip("ABCDEFG", (12, 24, 22, 10, 6, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row[5:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
