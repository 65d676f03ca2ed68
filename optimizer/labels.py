"""Every user-facing word in Chinese and English, defined once.

Workbooks, the HTML report, the terminal, reasons and the web pages look their labels up
here; CSV column ids stay English and stable for analysts' scripts. Chinese is the
default (`--lang en` switches). A label may carry `{fields}` filled by `label(...)`.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

# key -> (Chinese, English)
LABELS: dict[str, tuple[str, str]] = {
    "status.optimal": ("最优", "optimal"),
    "status.feasible": ("可行（未证最优）", "feasible (not proven optimal)"),
    "status.infeasible": ("不可行", "infeasible"),
    "status.no solution": ("未找到方案", "no solution"),
    "status.unbounded": ("无界", "unbounded"),
    "status.error": ("求解出错", "solver error"),
    "status.interrupted": ("已中断", "interrupted"),
    "unit.wan": ("万元", "10k yuan"),
    "unit.mu": ("亩", "mu"),
}


# Reasons why a project is or is not funded, and what a conflict is (analysis/reasons.py).
REASON_LABELS: dict[str, tuple[str, str]] = {
    "reason.mandatory": ("必选项目（续建或强制安排）", "mandatory (continuing or forced)"),
    "reason.selected": (
        "入选：每万元得分在 {count} 个入选项目中排第 {rank}",
        "selected: {rank} of {count} funded projects by score per 10k yuan",
    ),
    "reason.moves": ("推进{gains}", "moves {gains}"),
    "reason.gain": ("{indicator} +{amount}{unit}", "{indicator} +{amount} {unit}"),
    "reason.prerequisite_of": ("是 {projects} 的前置项目", "prerequisite of {projects}"),
    "reason.slack_pools": (
        "只用未用尽的资金池，不挤占其他项目",
        "paid only from pools with money left, displacing nothing",
    ),
    "reason.needs": ("未入选：加入需{items}", "not funded: admitting it needs {items}"),
    "reason.total": ("合计 {amount} 万元", "{amount} 10k yuan in all"),
    "reason.start": ("{year} 年开工", "starting {year}"),
    "reason.unproven": ("（时限内未证明最小）", " (not proven minimal within the time limit)"),
    "reason.with_prerequisites": (
        "同时安排前置项目 {projects}",
        "together with its prerequisites {projects}",
    ),
    "reason.project_cost": ("{project}（{amount} 万元）", "{project} ({amount} 10k yuan)"),
    "reason.shifted": (
        "并调整已选项目开工年份：{moves}",
        "with funded projects starting in other years: {moves}",
    ),
    "reason.move": ("{project} {planned}→{moved}", "{project} {planned}→{moved}"),
    "relief.budget": (
        "{year} 年{where}{source}还差 {amount} 万元",
        "{source} {year} ({where}) short by {amount} 10k yuan",
    ),
    "relief.land": (
        "{year} 年{where}建设用地指标还差 {amount} 亩",
        "land quota {year} ({where}) short by {amount} mu",
    ),
    "relief.equity_min": (
        "{where}规划期支出占比低于下限 {share}，差 {amount} 万元",
        "{where} below its minimum share {share} of spending by {amount} 10k yuan",
    ),
    "relief.equity_max": (
        "{where}规划期支出占比超过上限 {share} {amount} 万元",
        "{where} above its maximum share {share} of spending by {amount} 10k yuan",
    ),
    "relief.start_limit": (
        "{year} 年{where}开工项目数超出上限 {amount} 个",
        "starts in {where} {year} over the limit by {amount}",
    ),
    "relief.target": (
        "{indicator}（≥ {floor}{unit}）差 {amount}{unit}",
        "{indicator} (≥ {floor} {unit}) short by {amount} {unit}",
    ),
    "relief.mandatory": (
        "必选项目 {project} 无法安排：{why}",
        "mandatory project {project} cannot be funded: {why}",
    ),
    "where.city": ("全市", "city-wide"),
    "reason.fits": (
        "未入选：现有资金和规则下可以加入，得分增益小于求解间隙",
        "not funded: it fits as things stand; its gain is within the solver's gap",
    ),
    "reason.excluded": ("情景设置排除了该项目", "excluded by the scenario"),
    "reason.alternative": (
        "与 {rival} 二选一（{group}），{why}",
        "alternative to {rival} ({group}): {why}",
    ),
    "reason.rival_better": (
        "{rival} 更划算（每万元得分 {theirs} 对 {ours}）",
        "{rival} scores more per 10k yuan ({theirs} vs {ours})",
    ),
    "reason.rival_mandatory": ("{rival} 为必选项目", "{rival} is mandatory"),
    "reason.rival_chosen": (
        "{rival} 与其余项目搭配更优（每万元得分 {theirs} 对 {ours}）",
        "{rival} fits the rest of the portfolio better ({theirs} vs {ours} per 10k yuan)",
    ),
    "reason.no_gain": ("规划期内不产生计入的指标增益", "no indicator gain counted within the plan"),
    "reason.blocked_exclusion": (
        "{project} 与 {rival} 二选一（{group}），无法同时安排",
        "{project} and {rival} are alternatives ({group}): they cannot both be funded",
    ),
    "reason.blocked": (
        "受依赖、互斥或开工时间规则所限，无法与已选项目同时安排",
        "dependency, exclusion or timing rules keep it out next to the funded projects",
    ),
    "reason.not_explained": (
        "未解释：解释时间已用完（可增大 solver.explain_time_limit）",
        "not explained: the explanation time limit was reached (solver.explain_time_limit)",
    ),
    "reason.interrupted": ("未解释：运行被中断", "not explained: the run was interrupted"),
    "reason.window": (
        "规划期内没有可行的开工年份（开工窗口 {earliest}–{latest} 年）",
        "no start year in its window {earliest}-{latest} fits the plan",
    ),
    "reason.funding": (
        "{year} 年其可用资金来源不能覆盖全部投资",
        "in {year} its eligible sources cannot cover its cost",
    ),
    "reason.chain": (
        "前置项目链无法在规划期内完成：{links}",
        "its chain of prerequisites cannot finish within the plan: {links}",
    ),
    "reason.chain_link": (
        "{project} 最早 {start} 年开工、{finish} 年完工",
        "{project} {start}-{finish} at the earliest",
    ),
    "reason.chain_none": ("{project} 无可行开工年份", "{project} cannot start at all"),
    "reason.chain_end": ("晚于规划期末 {year} 年", "after the plan ends in {year}"),
    "reason.unschedulable": ("无法安排：{why}", "cannot be scheduled: {why}"),
}
LABELS |= REASON_LABELS


def label(key: str, lang: Lang = DEFAULT_LANG, **fields: object) -> str:
    """The label `key` in `lang`, with `{fields}` filled in; an unknown key is an error."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


# The input tables' words: sheet names, column headers and meanings (`input.col.*`,
# `input.help.*`), value words the loader accepts (`input.value.*`) and the keys of a
# workbook's scenario sheet (`input.scenario.*`). The Chinese header of a column is also
# an alias the loader accepts for it.
INPUT_LABELS: dict[str, tuple[str, str]] = {
    "input.sheet.guide": ("说明", "guide"),
    "input.sheet.regions": ("区域", "regions"),
    "input.sheet.indicators": ("指标", "indicators"),
    "input.sheet.projects": ("项目", "projects"),
    "input.sheet.project_gains": ("项目效益", "project_gains"),
    "input.sheet.sources": ("资金来源", "sources"),
    "input.sheet.funding": ("资金额度", "funding"),
    "input.sheet.eligibility": ("资金适用", "eligibility"),
    "input.sheet.land_quota": ("用地指标", "land_quota"),
    "input.sheet.dependencies": ("项目依赖", "dependencies"),
    "input.sheet.exclusions": ("互斥方案", "exclusions"),
    "input.sheet.equity": ("区域均衡", "equity"),
    "input.sheet.start_limits": ("开工限制", "start_limits"),
    "input.sheet.scenario": ("情景", "scenario"),
    "input.table.regions": (
        "规划范围内的区县（市、区）；项目和资金池按区域归属",
        "districts and counties that own projects and budgets",
    ),
    "input.table.indicators": (
        "规划指标：基期值、目标值、是否约束性",
        "plan indicators with baseline and target",
    ),
    "input.table.projects": ("备选项目", "candidate projects"),
    "input.table.project_gains": (
        "每个项目建成后对各指标的贡献",
        "what each project adds to each indicator",
    ),
    "input.table.sources": ("资金来源", "funding sources"),
    "input.table.funding": (
        "各资金来源每年（可分区域）的可用资金；本表的年份即规划年份",
        "money available per source, year and (optionally) region; its years are the plan years",
    ),
    "input.table.eligibility": (
        "各资金来源可投向哪些项目、最多承担多少比例；最具体的匹配行生效",
        "which sources may pay for which projects, and how much; the most specific row applies",
    ),
    "input.table.land_quota": (
        "每年新增建设用地指标（可选表）",
        "construction-land quota per year (optional table)",
    ),
    "input.table.dependencies": (
        "项目之间的前后依赖（可选表）",
        "project A requires project B (optional table)",
    ),
    "input.table.exclusions": (
        "互斥方案：同一组的项目最多安排一个（可选表）",
        "alternatives: at most one project of a group is funded (optional table)",
    ),
    "input.table.equity": (
        "各区域占规划期投资的比例下限和上限（可选表）",
        "share of plan-period spending per region (optional table)",
    ),
    "input.table.start_limits": (
        "每个区域每年最多新开工项目数（可选表）",
        "at most N project starts per region and year (optional table)",
    ),
    "input.table.scenario": (
        "情景设置（可选表）：直接求解本工作簿时使用；值为空的行取默认值",
        "scenario settings (optional table): used when this workbook is solved directly; "
        "rows with a blank value keep the default",
    ),
    "input.col.regions.region_id": ("区域编号", "region_id"),
    "input.help.regions.region_id": (
        "区域的短编号（字母或拼音），其他表用它引用区域，如 gaoping",
        "short id that other tables use to name the region, e.g. gaoping",
    ),
    "input.col.regions.name": ("区域名称", "name"),
    "input.help.regions.name": ("区域名称，如 高平市", "display name, e.g. 高平市"),
    "input.col.regions.kind": ("区域类型", "kind"),
    "input.help.regions.kind": (
        "区 (district) / 县 (county) / 县级市 (county_city)，仅作说明",
        "district / county / county_city, for information",
    ),
    "input.col.regions.population_wan": ("常住人口（万人）", "population_wan"),
    "input.help.regions.population_wan": (
        "常住人口（万人），仅作说明",
        "resident population in 万人, for information",
    ),
    "input.col.indicators.indicator_id": ("指标编号", "indicator_id"),
    "input.help.indicators.indicator_id": (
        "指标的短编号，项目效益表用它引用指标，如 old_communities",
        "short id that project_gains uses to name the indicator, e.g. old_communities",
    ),
    "input.col.indicators.name": ("指标名称", "name"),
    "input.help.indicators.name": ("指标名称，如 城镇老旧小区改造", "display name"),
    "input.col.indicators.unit": ("单位", "unit"),
    "input.help.indicators.unit": ("计量单位，如 个、%、km", "unit of measure, e.g. %, km"),
    "input.col.indicators.baseline": ("基期值", "baseline"),
    "input.help.indicators.baseline": ("规划期初的数值", "value at the start of the plan"),
    "input.col.indicators.target": ("目标值", "target"),
    "input.help.indicators.target": (
        "规划目标值，须大于基期值（下降型指标请换算为改善量）",
        "plan target; must exceed the baseline (express a falling indicator as its improvement)",
    ),
    "input.col.indicators.binding": ("约束性", "binding"),
    "input.help.indicators.binding": (
        "是 = 约束性指标（必须达到），否 = 预期性指标",
        "true: 约束性, must be reached; false: 预期性, expected",
    ),
    "input.col.indicators.kind": ("指标类型", "kind"),
    "input.help.indicators.kind": (
        "累计型（项目贡献逐个累加）或 水平型（比率、密度等，有上限）",
        "cumulative (counts delivered) or level (a rate or density, bounded)",
    ),
    "input.col.indicators.upper_bound": ("上限", "upper_bound"),
    "input.help.indicators.upper_bound": (
        "水平型指标的物理上限（如 100），可空",
        "physical maximum of a level indicator (e.g. 100); may be blank",
    ),
    "input.col.indicators.source": ("出处", "source"),
    "input.help.indicators.source": ("规划文本中的出处，仅作说明", "citation of the plan text"),
    "input.col.indicators.note": ("备注", "note"),
    "input.help.indicators.note": ("备注，仅作说明", "free note, for information"),
    "input.col.projects.project_id": ("项目编号", "project_id"),
    "input.help.projects.project_id": ("项目的唯一编号，如 P0001", "unique id, e.g. P0001"),
    "input.col.projects.name": ("项目名称", "name"),
    "input.help.projects.name": ("项目名称", "project name"),
    "input.col.projects.category": ("项目类别", "category"),
    "input.help.projects.category": (
        "类别编号，如 old_community、utility_tunnel、school；资金适用表按它匹配",
        "category id, e.g. old_community, utility_tunnel, school; eligibility rows match it",
    ),
    "input.col.projects.region_id": ("所属区域", "region_id"),
    "input.help.projects.region_id": ("区域表中的区域编号", "region id from the regions table"),
    "input.col.projects.cost_wan": ("总投资（万元）", "cost_wan"),
    "input.help.projects.cost_wan": ("总投资（万元），大于 0", "total cost in 万元; > 0"),
    "input.col.projects.duration_years": ("建设年限（年）", "duration_years"),
    "input.help.projects.duration_years": ("建设年限（年），至少 1", "years of construction; >= 1"),
    "input.col.projects.earliest_start": ("最早开工年份", "earliest_start"),
    "input.help.projects.earliest_start": ("最早可以开工的年份", "earliest start year"),
    "input.col.projects.latest_start": ("最晚开工年份", "latest_start"),
    "input.help.projects.latest_start": (
        "最晚开工年份，不早于最早开工年份",
        "latest start year, not before the earliest",
    ),
    "input.col.projects.revenue_class": ("收益类型", "revenue_class"),
    "input.help.projects.revenue_class": (
        "公益性 / 准公益性 / 经营性（也可填 public / quasi_public / commercial）",
        "public / quasi_public / commercial (or 公益性 / 准公益性 / 经营性)",
    ),
    "input.col.projects.land_mu": ("新增建设用地（亩）", "land_mu"),
    "input.help.projects.land_mu": ("新增建设用地（亩），空 = 0", "new construction land in 亩"),
    "input.col.projects.mandatory": ("必选", "mandatory"),
    "input.help.projects.mandatory": ("是 = 必须安排，否或空 = 由优化决定", "must be funded"),
    "input.col.projects.cost_profile": ("分年投资比例", "cost_profile"),
    "input.help.projects.cost_profile": (
        "各年投资占比，用分号分隔，个数等于建设年限，如 0.3;0.4;0.3；空 = 平均",
        "yearly cost shares separated by ';', one per year of duration, e.g. 0.3;0.4;0.3; "
        "blank = even",
    ),
    "input.col.project_gains.project_id": ("项目编号", "project_id"),
    "input.help.project_gains.project_id": ("项目表中的项目编号", "project id"),
    "input.col.project_gains.indicator_id": ("指标编号", "indicator_id"),
    "input.help.project_gains.indicator_id": ("指标表中的指标编号", "indicator id"),
    "input.col.project_gains.gain": ("指标贡献", "gain"),
    "input.help.project_gains.gain": (
        "项目建成后该指标的变化量（按指标单位）；规划期内建成才计入",
        "change of the indicator when the project is completed inside the plan, in its unit",
    ),
    "input.col.sources.source_id": ("来源编号", "source_id"),
    "input.help.sources.source_id": (
        "资金来源的短编号，如 general_budget、special_bond",
        "short id, e.g. general_budget, special_bond",
    ),
    "input.col.sources.name": ("来源名称", "name"),
    "input.help.sources.name": ("资金来源名称，如 一般公共预算", "display name, e.g. 一般公共预算"),
    "input.col.sources.carry_over": ("结余可结转", "carry_over"),
    "input.help.sources.carry_over": (
        "是 = 当年未用完的资金结转到下一年",
        "true: unspent funds roll into the next year",
    ),
    "input.col.funding.source_id": ("来源编号", "source_id"),
    "input.help.funding.source_id": ("资金来源表中的来源编号", "source id"),
    "input.col.funding.year": ("年份", "year"),
    "input.help.funding.year": (
        "年份；本表出现的年份即规划年份，须连续",
        "year; the years of this table are the plan years and must be contiguous",
    ),
    "input.col.funding.region_id": ("区域编号", "region_id"),
    "input.help.funding.region_id": (
        "区域编号；空 = 全市统筹的资金池",
        "region id; blank = a city-wide pool",
    ),
    "input.col.funding.amount_wan": ("可用金额（万元）", "amount_wan"),
    "input.help.funding.amount_wan": (
        "可用资金（万元），不小于 0",
        "available funds in 万元; >= 0",
    ),
    "input.col.eligibility.source_id": ("来源编号", "source_id"),
    "input.help.eligibility.source_id": ("资金来源表中的来源编号", "source id"),
    "input.col.eligibility.revenue_class": ("收益类型", "revenue_class"),
    "input.help.eligibility.revenue_class": (
        "该行适用的收益类型；空或 * = 任意",
        "revenue class this row applies to; blank or * = any",
    ),
    "input.col.eligibility.category": ("项目类别", "category"),
    "input.help.eligibility.category": (
        "该行适用的项目类别；空或 * = 任意",
        "project category this row applies to; blank or * = any",
    ),
    "input.col.eligibility.max_share": ("最高出资比例", "max_share"),
    "input.help.eligibility.max_share": (
        "该来源最多承担项目总投资的比例，0–1（如 0.7 或 70%）",
        "largest share of a project's cost this source may pay, in (0, 1], e.g. 0.7 or 70%",
    ),
    "input.col.land_quota.year": ("年份", "year"),
    "input.help.land_quota.year": ("规划年份", "plan year"),
    "input.col.land_quota.region_id": ("区域编号", "region_id"),
    "input.help.land_quota.region_id": ("区域编号；空 = 全市", "region id; blank = city-wide"),
    "input.col.land_quota.quota_mu": ("用地指标（亩）", "quota_mu"),
    "input.help.land_quota.quota_mu": (
        "当年新开工项目可用的新增建设用地（亩）",
        "new construction land for the year's starts, 亩",
    ),
    "input.col.dependencies.project_id": ("项目编号", "project_id"),
    "input.help.dependencies.project_id": ("依赖其他项目的项目", "the project that depends"),
    "input.col.dependencies.requires": ("前置项目", "requires"),
    "input.help.dependencies.requires": ("它依赖的前置项目编号", "the project it requires"),
    "input.col.dependencies.kind": ("依赖类型", "kind"),
    "input.help.dependencies.kind": (
        "完工 = 前置项目完工后才能开工（默认）；开工 = 不早于前置项目开工",
        "finish: start after it is done (default); start: not before it starts",
    ),
    "input.col.exclusions.group_id": ("互斥组", "group_id"),
    "input.help.exclusions.group_id": (
        "互斥组编号：同一组的项目最多安排一个",
        "group id: at most one project of a group is funded",
    ),
    "input.col.exclusions.project_id": ("项目编号", "project_id"),
    "input.help.exclusions.project_id": ("属于该组的项目编号", "a project of the group"),
    "input.col.equity.region_id": ("区域编号", "region_id"),
    "input.help.equity.region_id": ("区域表中的区域编号", "region id"),
    "input.col.equity.min_share": ("最低占比", "min_share"),
    "input.help.equity.min_share": (
        "该区域占规划期总投资的最低比例（0–1），可空",
        "minimum share of plan-period spending, 0-1; may be blank",
    ),
    "input.col.equity.max_share": ("最高占比", "max_share"),
    "input.help.equity.max_share": (
        "该区域占规划期总投资的最高比例（0–1），可空",
        "maximum share of plan-period spending, 0-1; may be blank",
    ),
    "input.col.start_limits.region_id": ("区域编号", "region_id"),
    "input.help.start_limits.region_id": ("区域编号；空 = 每个区域", "region id; blank = every"),
    "input.col.start_limits.year": ("年份", "year"),
    "input.help.start_limits.year": ("年份；空 = 每一年", "year; blank = every year"),
    "input.col.start_limits.max_starts": ("最多开工数", "max_starts"),
    "input.help.start_limits.max_starts": (
        "该区域该年最多新开工的项目数",
        "most project starts in the region and year",
    ),
    "input.col.scenario.key": ("参数", "key"),
    "input.help.scenario.key": (
        "情景参数：下表中文名称或英文键（如 budget.scale）",
        "scenario key: its Chinese label or dotted key (e.g. budget.scale)",
    ),
    "input.col.scenario.item": ("对象", "item"),
    "input.help.scenario.item": (
        "按来源、指标或项目设置的参数填其编号（如 special_bond），其他参数留空",
        "the source, indicator or project id for per-item keys (e.g. special_bond); else blank",
    ),
    "input.col.scenario.value": ("值", "value"),
    "input.help.scenario.value": ("参数的值；留空 = 默认值", "the value; blank = the default"),
    "input.col.scenario.note": ("说明", "note"),
    "input.help.scenario.note": ("说明，不参与计算", "a note, not read"),
    "input.col.guide.sheet": ("工作表", "sheet"),
    "input.col.guide.column": ("列名", "column"),
    "input.col.guide.id": ("英文列名", "column id"),
    "input.col.guide.type": ("类型", "type"),
    "input.col.guide.required": ("必填", "required"),
    "input.col.guide.meaning_zh": ("说明", "meaning (Chinese)"),
    "input.col.guide.meaning_en": ("Meaning (English)", "meaning"),
    "input.guide.whole_table": ("（整表）", "(whole table)"),
    "input.guide.example": (
        "各表中的示例行可以直接改写或删除；带下拉列表的单元格也可以手工输入",
        "the example rows may be overwritten or deleted; cells with a drop-down accept typing",
    ),
    "input.type.str": ("文本", "text"),
    "input.type.int": ("整数", "whole number"),
    "input.type.float": ("数值", "number"),
    "input.type.bool": ("是/否", "yes/no"),
    "input.type.share": ("比例 0–1", "share 0-1"),
    "input.type.year": ("年份", "year"),
    "input.type.key": ("参数", "key"),
    "input.required.yes": ("是", "yes"),
    "input.required.no": ("否", "no"),
    "input.value.true": ("是", "true"),
    "input.value.false": ("否", "false"),
    "input.value.public": ("公益性", "public"),
    "input.value.quasi_public": ("准公益性", "quasi_public"),
    "input.value.commercial": ("经营性", "commercial"),
    "input.value.cumulative": ("累计型", "cumulative"),
    "input.value.level": ("水平型", "level"),
    "input.value.finish": ("完工", "finish"),
    "input.value.start": ("开工", "start"),
    "input.value.gain": ("增益", "gain"),
    "input.value.shortfall": ("缺口", "shortfall"),
    "input.scenario.name": ("情景名称", "scenario name"),
    "input.scenario.description": ("情景说明", "description"),
    "input.scenario.objective.kind": (
        "目标类型（增益 = 每一点进展都计分；缺口 = 超过目标不再计分）",
        "objective kind (gain: all progress counts; shortfall: none beyond the target)",
    ),
    "input.scenario.objective.weights": ("指标权重", "indicator weight"),
    "input.scenario.objective.default_weight": ("其他指标的权重", "weight of other indicators"),
    "input.scenario.objective.cost_tiebreak": (
        "同分时偏向省钱的系数",
        "cost tie-break (score lost per full budget spent)",
    ),
    "input.scenario.budget.scale": ("预算系数（全部来源）", "budget scale (every source)"),
    "input.scenario.budget.sources": (
        "预算系数（按来源；0 = 不用该来源）",
        "budget scale of one source (0 switches it off)",
    ),
    "input.scenario.budget.carry_over": (
        "结余结转（空 = 按资金来源表）",
        "carry unspent funds over (blank: as in sources)",
    ),
    "input.scenario.rules.mandatory": ("执行必选项目", "rule: mandatory projects"),
    "input.scenario.rules.binding_targets": ("约束性指标必须达到", "rule: binding targets"),
    "input.scenario.rules.land": ("执行用地指标", "rule: land quotas"),
    "input.scenario.rules.equity": ("执行区域均衡", "rule: regional equity"),
    "input.scenario.rules.dependencies": ("执行项目依赖", "rule: dependencies"),
    "input.scenario.rules.exclusions": ("执行互斥方案", "rule: exclusions"),
    "input.scenario.rules.start_limits": ("执行开工限制", "rule: start limits"),
    "input.scenario.rules.allow_carry_over_projects": (
        "允许项目跨期完工（跨期项目不计指标贡献）",
        "projects may finish after the plan (their gains do not count)",
    ),
    "input.scenario.rules.max_carry_years": ("最多跨期年数", "most years past the plan"),
    "input.scenario.rules.region_min_share": (
        "每个区域投资占比下限",
        "each region's minimum share of spending",
    ),
    "input.scenario.rules.region_max_share": (
        "每个区域投资占比上限",
        "each region's maximum share of spending",
    ),
    "input.scenario.rules.indicator_floors": (
        "指标下限（规划期末须达到的值）",
        "indicator floor (value to reach by the plan end)",
    ),
    "input.scenario.rules.force_projects": ("强制安排的项目", "project forced in"),
    "input.scenario.rules.exclude_projects": ("排除的项目", "project excluded"),
    "input.scenario.rules.max_starts_per_region_year": (
        "每区域每年最多开工数",
        "most starts per region and year",
    ),
    "input.scenario.solver.time_limit": ("求解时限（秒）", "time limit (seconds)"),
    "input.scenario.solver.mip_gap": ("允许的最优性差距（如 0.001）", "relative MIP gap"),
    "input.scenario.solver.threads": ("求解线程数（空 = 自动）", "solver threads"),
    "input.scenario.solver.explain": ("解释未入选项目", "explain unfunded projects"),
    "input.scenario.solver.explain_time_limit": (
        "解释的时限（秒）",
        "time limit for explanations (seconds)",
    ),
}
LABELS.update(INPUT_LABELS)


# Fiscal sustainability (issue 12): the new input columns and table, the scenario's
# [rules] switches and [fiscal] keys, the debt-ceiling relief, and the fiscal table.
FISCAL_LABELS: dict[str, tuple[str, str]] = {
    "input.sheet.debt_limits": ("债务限额", "debt_limits"),
    "input.table.debt_limits": (
        "政府债务限额：每年新增债务或年末债务余额的上限（可选表；rules.debt_ceiling 开启时生效）",
        "debt ceilings: new debt per year or debt outstanding at year end "
        "(optional table; applies with rules.debt_ceiling)",
    ),
    "input.col.projects.income_wan": ("年运营收入（万元）", "income_wan"),
    "input.help.projects.income_wan": (
        "建成后每年的项目自身净收益（万元/年），用于专项债券收益自平衡；空 = 0",
        "the project's own net income per year after completion, 万元/yr "
        "(special-bond self-balance); blank = 0",
    ),
    "input.col.projects.om_wan": ("年运维费用（万元）", "om_wan"),
    "input.help.projects.om_wan": (
        "建成后每年由一般公共预算承担的管护运行费用（万元/年）；空 = 按类别占总投资的比例估算",
        "O&M the general budget pays per year after completion, 万元/yr; "
        "blank = a share of cost by category",
    ),
    "input.col.projects.persons_settled": ("吸纳落户人数", "persons_settled"),
    "input.help.projects.persons_settled": (
        "项目建成后吸纳农业转移人口落户的人数（人地钱挂钩）；空 = 0",
        "people the project settles once completed (人地钱挂钩); blank = 0",
    ),
    "input.col.sources.interest_rate": ("年利率", "interest_rate"),
    "input.help.sources.interest_rate": (
        "债务性资金的年利率（如 3.4%）；空 = 不是债务",
        "annual interest rate of a debt source (e.g. 3.4%); blank = not debt",
    ),
    "input.col.sources.term_years": ("期限（年）", "term_years"),
    "input.help.sources.term_years": (
        "债务期限（年），自举借当年起算；债务来源必填",
        "years from drawing to the last repayment; required for a debt source",
    ),
    "input.col.sources.grace_years": ("宽限期（年）", "grace_years"),
    "input.help.sources.grace_years": (
        "只付息不还本的年数，之后等额还本；期限 − 1 = 到期一次还本；空 = 0",
        "interest-only years before equal principal repayments; term − 1 = repaid at "
        "maturity; blank = 0",
    ),
    "input.col.sources.repaid_from": ("偿债资金来源", "repaid_from"),
    "input.help.sources.repaid_from": (
        "规划期内的还本付息由哪个资金来源（如 general_budget）支付；空 = 不计入预算",
        "the source whose budget pays this debt's service in plan years "
        "(e.g. general_budget); blank = not charged",
    ),
    "input.col.sources.self_balance": ("收益自平衡", "self_balance"),
    "input.help.sources.self_balance": (
        "是 = 项目自身收益须覆盖本息（专项债券）",
        "true: a project's own income must cover this debt's service (special bonds)",
    ),
    "input.col.debt_limits.year": ("年份", "year"),
    "input.help.debt_limits.year": ("规划年份；空 = 每一年", "plan year; blank = every year"),
    "input.col.debt_limits.region_id": ("区域编号", "region_id"),
    "input.help.debt_limits.region_id": (
        "区域编号；空 = 全市",
        "region id; blank = city-wide",
    ),
    "input.col.debt_limits.source_id": ("债务来源", "source_id"),
    "input.help.debt_limits.source_id": (
        "适用的债务来源；空 = 全部债务来源",
        "the debt source it limits; blank = every debt source",
    ),
    "input.col.debt_limits.kind": ("限额类型", "kind"),
    "input.help.debt_limits.kind": (
        "新增 = 当年新举借的债务；余额 = 年末未偿还的债务（默认）",
        "new: debt drawn in the year; outstanding: debt owed at year end (default)",
    ),
    "input.col.debt_limits.limit_wan": ("限额（万元）", "limit_wan"),
    "input.help.debt_limits.limit_wan": (
        "本规划项目可用的债务额度（万元）：法定限额减去已有债务余额",
        "debt room for this plan's projects, 万元: the statutory limit less debt already owed",
    ),
    "input.value.new": ("新增", "new"),
    "input.value.outstanding": ("余额", "outstanding"),
    "input.scenario.rules.debt_service": (
        "债务还本付息计入偿债资金来源的预算",
        "rule: debt service paid from the repaying budget",
    ),
    "input.scenario.rules.debt_ceiling": ("执行债务限额", "rule: debt ceilings"),
    "input.scenario.rules.bond_self_balance": (
        "专项债券收益自平衡",
        "rule: bond-financed share covered by the project's own income",
    ),
    "input.scenario.rules.om_costs": (
        "建成后运维费用计入一般公共预算",
        "rule: O&M after completion paid from the general budget",
    ),
    "input.scenario.rules.people_land_money": (
        "人地钱挂钩（落户人口带来用地指标和奖励资金）",
        "rule: people settled unlock land quota and reward transfers",
    ),
    "input.scenario.fiscal.interest_rate": (
        "债务年利率（按来源，覆盖资金来源表）",
        "interest rate of a debt source (overrides sources)",
    ),
    "input.scenario.fiscal.term_years": (
        "债务期限（年，按来源）",
        "term of a debt source in years",
    ),
    "input.scenario.fiscal.grace_years": (
        "债务宽限期（年，按来源）",
        "interest-only years of a debt source",
    ),
    "input.scenario.fiscal.repaid_from": (
        "偿债资金来源（按债务来源）",
        "source that repays a debt source",
    ),
    "input.scenario.fiscal.coverage_ratio": (
        "专项债券本息覆盖倍数",
        "coverage ratio: project income over bond service",
    ),
    "input.scenario.fiscal.debt_limit_scale": (
        "债务限额系数（全部限额）",
        "debt ceiling scale (every ceiling)",
    ),
    "input.scenario.fiscal.general_budget": (
        "一般公共预算的来源编号（运维费用、奖励资金）",
        "source id of the general budget (O&M, reward transfers)",
    ),
    "input.scenario.fiscal.om_share": (
        "年运维费用占总投资比例（按类别；* = 其他类别）",
        "annual O&M as a share of cost, by category (* = any other)",
    ),
    "input.scenario.fiscal.land_mu_per_1000": (
        "每落户千人新增建设用地指标（亩）",
        "land quota unlocked per 1,000 people settled (亩)",
    ),
    "input.scenario.fiscal.reward_wan_per_person": (
        "每落户一人市民化奖励资金（万元）",
        "reward transfer per person settled (万元)",
    ),
    "relief.debt_new": (
        "{year} 年{where}{source}新增债务限额还差 {amount} 万元",
        "debt ceiling {year} ({where}, new {source}debt) short by {amount} 10k yuan",
    ),
    "relief.debt_outstanding": (
        "{year} 年末{where}{source}债务余额限额还差 {amount} 万元",
        "debt ceiling {year} ({where}, {source}debt outstanding) short by {amount} 10k yuan",
    ),
    "reason.self_balance": (
        "{year} 年其可用资金不能覆盖全部投资：自身收益按覆盖倍数 {ratio} "
        "只能支撑 {share} 的债券融资",
        "in {year} its eligible sources cannot cover its cost: its own income supports "
        "only {share} bond finance at coverage {ratio}",
    ),
    "fiscal.title": ("财政可持续性", "Fiscal sustainability"),
    "fiscal.debt": (
        "举借债务 {drawn} 万元，规划期末余额 {outstanding} 万元，{last} 年还清",
        "debt drawn {drawn} 10k yuan, {outstanding} outstanding at plan end, repaid by {last}",
    ),
    "fiscal.no_debt": ("未举借债务", "no debt drawn"),
    "fiscal.service": (
        "规划期内还本付息 {service} 万元",
        "debt service within the plan {service} 10k yuan",
    ),
    "fiscal.om": (
        "建成后每年运维费用 {om} 万元",
        "O&M once built {om} 10k yuan a year",
    ),
    "fiscal.peak": (
        "年度刚性支出（还本付息 + 运维）最高 {burden} 万元（{year} 年，占一般公共预算 {share}）",
        "peak recurring burden (debt service + O&M) {burden} 10k yuan in {year} "
        "({share} of the general budget)",
    ),
    "fiscal.people": (
        "吸纳落户 {persons} 人：奖励资金 {reward} 万元，新增建设用地指标 {land} 亩",
        "{persons} people settled: {reward} 10k yuan of reward transfers, {land} mu of land quota",
    ),
    "fiscal.chart": (
        "每年还本付息与运维费用（万元）；折线：占一般公共预算比例",
        "debt service and O&M per year (10k yuan); line: share of the general budget",
    ),
    "fiscal.interest": ("利息", "interest"),
    "fiscal.principal": ("本金", "principal"),
    "fiscal.om_cost": ("运维", "O&M"),
    "fiscal.share": ("占一般公共预算", "share of general budget"),
    "fiscal.after_plan": (
        "规划期后一般公共预算按规划末年水平估计",
        "after the plan the general budget is held at its last plan year",
    ),
}
LABELS.update(FISCAL_LABELS)
