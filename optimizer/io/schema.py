"""The input tables: their files, columns, types, references, value words and aliases.

One table per CSV file in a data folder, or one sheet per table in an Excel workbook.
The loader, the validator and the `template` command all read this one definition; the
words shown to users (Chinese headers, meanings) are in `optimizer.labels`.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from optimizer.labels import LANGS, Lang, label

ColumnType = Literal["str", "int", "float", "bool", "share", "year"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name, type, whether it must be filled, the table its values name
    (`ref`), the values it allows (`choices`) and other headers that mean it (`aliases`;
    the Chinese header from `labels` is always one)."""

    name: str
    type: ColumnType
    required: bool = True
    ref: str | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()  # (word, value) beyond the labels
    limit: float | None = None  # a number's largest magnitude (int and float columns)

    @property
    def is_id(self) -> bool:
        """Whether the column holds ids (its own or another table's): NFKC-normalised."""
        return self.type == "str" and (self.ref is not None or self.name.endswith("_id"))


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its name (file stem / sheet name), columns and whether the file must exist."""

    name: str
    columns: tuple[Column, ...]
    required: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def header(self, column: str, lang: Lang) -> str:
        """The column's header in `lang` (the English header is the column id)."""
        return label(f"input.col.{self.name}.{column}", lang)

    def sheet(self, lang: Lang) -> str:
        return label(f"input.sheet.{self.name}", lang)


# Bounds (README, Input data): every number a table holds has one, so a typo such as 1e308
# or a duration of 10^12 years is refused before it reaches the model.
MAX_WAN = 1e9  # 万元 (10^13 yuan): a cost, budget, income, O&M or debt limit
MAX_MU = 1e8  # 亩: a land need or quota
MAX_YEARS = 50  # a duration, a debt term, the plan's length, start years around the plan
MAX_COUNT = 1e8  # people settled, starts allowed
MAX_POPULATION_WAN = 1e5  # 万人
MAX_INDICATOR = 1e12  # an indicator's baseline, target or upper bound (its own unit)
MAX_GAIN_RATIO = 100  # a project's gain, in multiples of its indicator's scale
YEAR_RANGE = (1900, 2200)  # a year cell

REVENUE_CLASSES = ("public", "quasi_public", "commercial")
INDICATOR_KINDS = ("cumulative", "level")
DEPENDENCY_KINDS = ("finish", "start")
DEBT_LIMIT_KINDS = ("new", "outstanding")  # new debt drawn in a year / debt outstanding at its end
WILDCARD = "*"
# objectives named without an indicator, with their sense (+1 maximise, −1 minimise);
# gain:<indicator> and group:<name> are maximised too
OBJECTIVE_SENSES = {
    "score": 1,
    "cost": -1,
    "land": -1,
    "projects": 1,
    "balance": 1,
    "debt": -1,
    "debt_service": -1,
    "om": -1,
    "recurring_burden": -1,
}
NAME_ALIASES = ("名称",)
ANY_WORDS = (("全部", WILDCARD), ("任意", WILDCARD), ("不限", WILDCARD))

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        (
            Column("region_id", "str", aliases=("区域代码", "区县编号")),
            Column("name", "str", aliases=NAME_ALIASES),
            Column("kind", "str", required=False),
            Column(
                "population_wan",
                "float",
                required=False,
                aliases=("常住人口",),
                limit=MAX_POPULATION_WAN,
            ),
        ),
    ),
    Table(
        "indicators",
        (
            Column("indicator_id", "str", aliases=("指标代码",)),
            Column("name", "str", aliases=NAME_ALIASES),
            Column("unit", "str", aliases=("计量单位",)),
            Column(
                "baseline",
                "float",
                aliases=("基期值（现状）", "现状值", "基数"),
                limit=MAX_INDICATOR,
            ),
            Column("target", "float", aliases=("规划目标", "目标"), limit=MAX_INDICATOR),
            Column(
                "binding",
                "bool",
                aliases=("是否约束性", "指标属性"),
                value_aliases=(("约束性", "true"), ("预期性", "false")),
            ),
            Column(
                "kind",
                "str",
                choices=INDICATOR_KINDS,
                value_aliases=(("累计", "cumulative"), ("水平", "level")),
            ),
            Column(
                "upper_bound",
                "float",
                required=False,
                aliases=("物理上限",),
                limit=MAX_INDICATOR,
            ),
            Column("source", "str", required=False, aliases=("来源",)),
            Column("note", "str", required=False),
        ),
    ),
    Table(
        "projects",
        (
            Column("project_id", "str", aliases=("项目代码", "项目ID")),
            Column("name", "str", aliases=NAME_ALIASES),
            Column("category", "str", aliases=("类别", "项目类型")),
            Column("region_id", "str", ref="regions", aliases=("区域编号", "所在区域", "区域")),
            Column(
                "cost_wan",
                "float",
                aliases=("总投资", "投资额（万元）", "估算总投资（万元）"),
                limit=MAX_WAN,
            ),
            Column(
                "duration_years",
                "int",
                aliases=("建设年限", "建设期（年）", "建设周期（年）"),
                limit=MAX_YEARS,
            ),
            Column("earliest_start", "year", aliases=("最早开工",)),
            Column("latest_start", "year", aliases=("最晚开工",)),
            Column("revenue_class", "str", choices=REVENUE_CLASSES, aliases=("收益性质",)),
            Column(
                "land_mu",
                "float",
                required=False,
                aliases=("新增用地（亩）", "用地（亩）"),
                limit=MAX_MU,
            ),
            Column("mandatory", "bool", required=False, aliases=("是否必选",)),
            Column("cost_profile", "str", required=False, aliases=("投资比例",)),
            Column(
                "income_wan",
                "float",
                required=False,
                aliases=("年运营收入（万元）", "年收益"),
                limit=MAX_WAN,
            ),
            Column(
                "om_wan",
                "float",
                required=False,
                aliases=("年运维费用（万元）", "年运维费"),
                limit=MAX_WAN,
            ),
            Column(
                "persons_settled",
                "int",
                required=False,
                aliases=("吸纳落户人数", "落户人数"),
                limit=MAX_COUNT,
            ),
        ),
    ),
    Table(
        "project_gains",
        (
            Column("project_id", "str", ref="projects"),
            Column("indicator_id", "str", ref="indicators"),
            Column("gain", "float", aliases=("贡献", "指标增量"), limit=MAX_INDICATOR),
        ),
    ),
    Table(
        "sources",
        (
            Column("source_id", "str", aliases=("资金来源编号",)),
            Column("name", "str", aliases=NAME_ALIASES),
            Column("carry_over", "bool", required=False, aliases=("可结转", "是否结转")),
            Column("interest_rate", "share", required=False, aliases=("利率", "年利率")),
            Column(
                "term_years",
                "int",
                required=False,
                aliases=("期限", "期限（年）"),
                limit=MAX_YEARS,
            ),
            Column(
                "grace_years",
                "int",
                required=False,
                aliases=("宽限期", "宽限期（年）"),
                limit=MAX_YEARS,
            ),
            Column("repaid_from", "str", required=False, ref="sources", aliases=("偿债资金来源",)),
            Column("self_balance", "bool", required=False, aliases=("收益自平衡", "自求平衡")),
        ),
    ),
    Table(
        "funding",
        (
            Column("source_id", "str", ref="sources", aliases=("资金来源",)),
            Column("year", "year"),
            Column("region_id", "str", required=False, ref="regions", aliases=("区域",)),
            Column(
                "amount_wan", "float", aliases=("金额（万元）", "可用资金（万元）"), limit=MAX_WAN
            ),
        ),
    ),
    Table(
        "eligibility",
        (
            Column("source_id", "str", ref="sources", aliases=("资金来源",)),
            Column(
                "revenue_class",
                "str",
                required=False,
                choices=REVENUE_CLASSES,
                value_aliases=ANY_WORDS,
            ),
            Column("category", "str", required=False, value_aliases=ANY_WORDS),
            Column("max_share", "share", aliases=("出资比例上限", "最高比例")),
        ),
    ),
    Table(
        "land_quota",
        (
            Column("year", "year"),
            Column("region_id", "str", required=False, ref="regions", aliases=("区域",)),
            Column(
                "quota_mu", "float", aliases=("指标（亩）", "新增建设用地指标（亩）"), limit=MAX_MU
            ),
        ),
        required=False,
    ),
    Table(
        "dependencies",
        (
            Column("project_id", "str", ref="projects"),
            Column("requires", "str", ref="projects", aliases=("前置项目编号",)),
            Column(
                "kind",
                "str",
                required=False,
                choices=DEPENDENCY_KINDS,
                value_aliases=(("完工后", "finish"), ("竣工", "finish"), ("开工后", "start")),
            ),
        ),
        required=False,
    ),
    Table(
        "exclusions",
        (
            Column("group_id", "str", aliases=("互斥组编号", "组")),
            Column("project_id", "str", ref="projects"),
        ),
        required=False,
    ),
    Table(
        "equity",
        (
            Column("region_id", "str", ref="regions", aliases=("区域",)),
            Column("min_share", "share", required=False, aliases=("最低比例",)),
            Column("max_share", "share", required=False, aliases=("最高比例",)),
        ),
        required=False,
    ),
    Table(
        "start_limits",
        (
            Column("region_id", "str", required=False, ref="regions", aliases=("区域",)),
            Column("year", "year", required=False),
            Column("max_starts", "int", aliases=("最多开工项目数",), limit=MAX_COUNT),
        ),
        required=False,
    ),
    Table(
        "debt_limits",
        (
            Column("year", "year", required=False),
            Column("region_id", "str", required=False, ref="regions", aliases=("区域",)),
            Column("source_id", "str", required=False, ref="sources", aliases=("债务来源",)),
            Column(
                "kind",
                "str",
                required=False,
                choices=DEBT_LIMIT_KINDS,
                value_aliases=(("新增", "new"), ("余额", "outstanding")),
            ),
            Column("limit_wan", "float", aliases=("限额（万元）", "债务限额"), limit=MAX_WAN),
        ),
        required=False,
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}

# What a bureau reports at the annual review (`replan`, `template --actuals`): which
# projects started and when, what was spent, revised costs and budgets, projects withdrawn
# and added (new projects and their gains have the columns of `projects` and
# `project_gains`). Every table is optional.
ACTUALS_TABLES: tuple[Table, ...] = (
    Table(
        "actual_starts",
        (
            Column("project_id", "str", aliases=("项目代码",)),
            Column("start_year", "year", aliases=("开工年度", "实际开工年份")),
        ),
        required=False,
    ),
    Table(
        "actual_spending",
        (
            Column("project_id", "str", aliases=("项目代码",)),
            Column("source_id", "str", aliases=("资金来源",)),
            Column("year", "year", aliases=("年度",)),
            Column("amount_wan", "float", aliases=("支出（万元）", "实际支出"), limit=MAX_WAN),
        ),
        required=False,
    ),
    Table(
        "cost_revisions",
        (
            Column("project_id", "str", aliases=("项目代码",)),
            Column(
                "cost_wan", "float", aliases=("调整后总投资", "调整后投资（万元）"), limit=MAX_WAN
            ),
            Column("finish_year", "year", required=False, aliases=("预计完工年度",)),
            Column("note", "str", required=False, aliases=("备注",)),
        ),
        required=False,
    ),
    Table(
        "budget_revisions",
        (
            Column("source_id", "str", aliases=("资金来源",)),
            Column("year", "year", aliases=("年度",)),
            Column("region_id", "str", required=False, aliases=("区域",)),
            Column("amount_wan", "float", aliases=("调整后金额", "金额（万元）"), limit=MAX_WAN),
        ),
        required=False,
    ),
    Table(
        "withdrawn",
        (
            Column("project_id", "str", aliases=("项目代码",)),
            Column("reason", "str", required=False, aliases=("原因",)),
        ),
        required=False,
    ),
    Table("new_projects", TABLES_BY_NAME["projects"].columns, required=False),
    Table(
        "new_project_gains",
        tuple(
            replace(c, ref="new_projects") if c.name == "project_id" else c
            for c in TABLES_BY_NAME["project_gains"].columns
        ),
        required=False,
    ),
)
# the optional scenario sheet of a workbook: key / item / value / note rows
SCENARIO_TABLE = Table(
    "scenario",
    (
        Column("key", "str", aliases=("键", "参数名")),
        Column("item", "str", required=False, aliases=("编号",)),
        Column("value", "str", required=False, aliases=("取值", "数值")),
        Column("note", "str", required=False, aliases=("备注",)),
    ),
    required=False,
)
GUIDE_SHEET = "guide"
ScenarioRow = tuple[str, str, object, str]  # key (its label), item, value, note


def normalise(text: str) -> str:
    """Header/word comparison form: full-width to half-width, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def header_names(table: str, column: str, aliases: tuple[str, ...] = ()) -> set[str]:
    """Every normalised header that means `column` of `table`."""
    words = {column, *aliases, *(label(f"input.col.{table}.{column}", lang) for lang in LANGS)}
    return {normalise(w) for w in words}


def column_aliases(table: Table) -> dict[str, str]:
    """Normalised header -> column id, for every column of `table`."""
    return {
        name: c.name for c in table.columns for name in header_names(table.name, c.name, c.aliases)
    }


def sheet_aliases() -> dict[str, str]:
    """Normalised sheet name -> table name (tables, the scenario sheet and the guide)."""
    names = [t.name for t in (*TABLES, *ACTUALS_TABLES)] + [SCENARIO_TABLE.name, GUIDE_SHEET]
    return {normalise(label(f"input.sheet.{n}", lang)): n for n in names for lang in LANGS}


def value_words(column: Column) -> dict[str, str]:
    """Normalised word -> value for a column with choices or yes/no values."""
    values = ("true", "false") if column.type == "bool" else column.choices
    words = {normalise(label(f"input.value.{v}", lang)): v for v in values for lang in LANGS}
    return words | {normalise(w): v for w, v in column.value_aliases}


def near_miss(word: str, candidates: dict[str, str]) -> str | None:
    """The candidate `word` is probably a misspelling of (by normalised similarity), or None."""
    match = difflib.get_close_matches(normalise(word), list(candidates), n=1, cutoff=0.75)
    return candidates[match[0]] if match else None
