"""The input tables: their files, columns, types and which are required.

One table per CSV file in a data folder, or one sheet per table in an Excel workbook.
The loader, the validator and the `template` command all read this one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["str", "int", "float", "bool", "share", "year"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name, type, whether it must be filled, and what it means."""

    name: str
    type: ColumnType
    required: bool = True
    description: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its name (file stem / sheet name), columns and whether the file must exist."""

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    description: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


REVENUE_CLASSES = ("public", "quasi_public", "commercial")
INDICATOR_KINDS = ("cumulative", "level")
DEPENDENCY_KINDS = ("finish", "start")
WILDCARD = "*"
# objectives named without an indicator, with their sense (+1 maximise, −1 minimise);
# gain:<indicator> and group:<name> are maximised too
OBJECTIVE_SENSES = {"score": 1, "cost": -1, "land": -1, "projects": 1, "balance": 1}

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        (
            Column("region_id", "str", description="short id, e.g. gaoping"),
            Column("name", "str", description="display name, e.g. 高平市"),
            Column("kind", "str", required=False, description="district / county / county_city"),
            Column(
                "population_wan", "float", required=False, description="resident population, 万人"
            ),
        ),
        description="districts and counties that own projects and budgets",
    ),
    Table(
        "indicators",
        (
            Column("indicator_id", "str"),
            Column("name", "str"),
            Column("unit", "str"),
            Column("baseline", "float", description="value at the start of the plan"),
            Column("target", "float", description="plan target; must exceed the baseline"),
            Column("binding", "bool", description="约束性 (true) or 预期性 (false)"),
            Column("kind", "str", description="cumulative (counts delivered) or level (a rate)"),
            Column(
                "upper_bound", "float", required=False, description="physical maximum of a level"
            ),
            Column("source", "str", required=False, description="citation of the plan text"),
            Column("note", "str", required=False),
        ),
        description="plan indicators with baseline and target",
    ),
    Table(
        "projects",
        (
            Column("project_id", "str"),
            Column("name", "str"),
            Column("category", "str", description="old_community, utility_tunnel, school, ..."),
            Column("region_id", "str"),
            Column("cost_wan", "float", description="total cost, 万元; > 0"),
            Column("duration_years", "int", description="years of construction; >= 1"),
            Column("earliest_start", "year"),
            Column("latest_start", "year"),
            Column("revenue_class", "str", description="public / quasi_public / commercial"),
            Column("land_mu", "float", required=False, description="new construction land, 亩"),
            Column("mandatory", "bool", required=False, description="must be funded"),
            Column(
                "cost_profile",
                "str",
                required=False,
                description="yearly cost shares separated by ';', one per year of duration",
            ),
        ),
        description="candidate projects",
    ),
    Table(
        "project_gains",
        (
            Column("project_id", "str"),
            Column("indicator_id", "str"),
            Column("gain", "float", description="indicator change when the project completes"),
        ),
        description="what each project adds to each indicator",
    ),
    Table(
        "sources",
        (
            Column("source_id", "str"),
            Column("name", "str"),
            Column("carry_over", "bool", required=False, description="unspent funds roll over"),
        ),
        description="funding sources",
    ),
    Table(
        "funding",
        (
            Column("source_id", "str"),
            Column("year", "year"),
            Column("region_id", "str", required=False, description="blank: a city-wide pool"),
            Column("amount_wan", "float", description="available funds, 万元; >= 0"),
        ),
        description="money available per source, year and (optionally) region",
    ),
    Table(
        "eligibility",
        (
            Column("source_id", "str"),
            Column("revenue_class", "str", required=False, description="blank or * for any"),
            Column("category", "str", required=False, description="blank or * for any"),
            Column("max_share", "share", description="largest share of a project's cost, (0, 1]"),
        ),
        description="which sources may pay for which projects, and how much",
    ),
    Table(
        "land_quota",
        (
            Column("year", "year"),
            Column("region_id", "str", required=False, description="blank: city-wide"),
            Column("quota_mu", "float", description="new construction land, 亩"),
        ),
        required=False,
        description="construction-land quota (建设用地指标) per year",
    ),
    Table(
        "dependencies",
        (
            Column("project_id", "str"),
            Column("requires", "str"),
            Column("kind", "str", required=False, description="finish (default) or start"),
        ),
        required=False,
        description="project A requires project B",
    ),
    Table(
        "exclusions",
        (
            Column("group_id", "str"),
            Column("project_id", "str"),
        ),
        required=False,
        description="alternatives: at most one project of a group is funded",
    ),
    Table(
        "equity",
        (
            Column("region_id", "str"),
            Column("min_share", "share", required=False),
            Column("max_share", "share", required=False),
        ),
        required=False,
        description="share of plan spending per region",
    ),
    Table(
        "start_limits",
        (
            Column("region_id", "str", required=False, description="blank: every region"),
            Column("year", "year", required=False, description="blank: every year"),
            Column("max_starts", "int"),
        ),
        required=False,
        description="at most N project starts per region and year",
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
