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


# The annual cycle (`replan`, `stress`, `solve --robust`): the actuals tables a bureau
# reports (`template --actuals`), the scenario keys of [robust] and [stress], and the words
# of the re-plan and stress reports (`cycle.*`).
CYCLE_LABELS: dict[str, tuple[str, str]] = {
    "input.sheet.actual_starts": ("实际开工", "actual_starts"),
    "input.sheet.actual_spending": ("实际支出", "actual_spending"),
    "input.sheet.cost_revisions": ("投资调整", "cost_revisions"),
    "input.sheet.budget_revisions": ("预算调整", "budget_revisions"),
    "input.sheet.withdrawn": ("撤销项目", "withdrawn"),
    "input.sheet.new_projects": ("新增项目", "new_projects"),
    "input.sheet.new_project_gains": ("新增项目效益", "new_project_gains"),
    "input.table.actual_starts": (
        "已开工的项目及其实际开工年份（重新规划年度之前）",
        "projects that started, and the year (before the re-plan year)",
    ),
    "input.table.actual_spending": (
        "每个项目每年从各资金来源实际支出的金额",
        "what each project actually spent per source and year",
    ),
    "input.table.cost_revisions": (
        "调整后的项目总投资（可改预计完工年份）",
        "revised total cost of a project (and, optionally, its finish year)",
    ),
    "input.table.budget_revisions": (
        "调整后的资金额度（当年或以后年度；以前年度填实际到位金额）",
        "revised budgets (later years; for past years the amount that arrived)",
    ),
    "input.table.withdrawn": ("撤销（停建）的项目", "projects withdrawn"),
    "input.table.new_projects": (
        "新增的备选项目（列同项目表），从重新规划年度起可开工",
        "projects added (columns as in projects); they may start from the re-plan year",
    ),
    "input.table.new_project_gains": (
        "新增项目对各指标的贡献（列同项目效益表）",
        "what the added projects add to each indicator (columns as in project_gains)",
    ),
    "input.col.actual_starts.project_id": ("项目编号", "project_id"),
    "input.help.actual_starts.project_id": ("已开工的项目编号", "a project that started"),
    "input.col.actual_starts.start_year": ("开工年份", "start_year"),
    "input.help.actual_starts.start_year": (
        "实际开工年份，早于重新规划年度",
        "the year it started, before the re-plan year",
    ),
    "input.col.actual_spending.project_id": ("项目编号", "project_id"),
    "input.help.actual_spending.project_id": ("已开工的项目编号", "a project that started"),
    "input.col.actual_spending.source_id": ("来源编号", "source_id"),
    "input.help.actual_spending.source_id": ("资金来源编号", "source id"),
    "input.col.actual_spending.year": ("年份", "year"),
    "input.help.actual_spending.year": ("支出年份", "the year the money was spent"),
    "input.col.actual_spending.amount_wan": ("支出金额（万元）", "amount_wan"),
    "input.help.actual_spending.amount_wan": (
        "该来源当年为该项目实际支出（万元），不小于 0",
        "万元 this source paid for the project that year; >= 0",
    ),
    "input.col.cost_revisions.project_id": ("项目编号", "project_id"),
    "input.help.cost_revisions.project_id": ("项目表中的项目编号", "project id"),
    "input.col.cost_revisions.cost_wan": ("调整后总投资（万元）", "cost_wan"),
    "input.help.cost_revisions.cost_wan": (
        "调整后的项目总投资（万元，含已支出部分），大于 0",
        "revised total cost in 万元, including what was spent; > 0",
    ),
    "input.col.cost_revisions.finish_year": ("预计完工年份", "finish_year"),
    "input.help.cost_revisions.finish_year": (
        "已开工项目的预计完工年份；空 = 按原计划；剩余投资在此前各年平均安排",
        "expected finish of a started project; blank = as planned; what is left is spread "
        "evenly until then",
    ),
    "input.col.cost_revisions.note": ("调整说明", "note"),
    "input.help.cost_revisions.note": ("调整原因，仅作说明", "why, for information"),
    "input.col.budget_revisions.source_id": ("来源编号", "source_id"),
    "input.help.budget_revisions.source_id": ("资金来源编号", "source id"),
    "input.col.budget_revisions.year": ("年份", "year"),
    "input.help.budget_revisions.year": ("规划年份", "plan year"),
    "input.col.budget_revisions.region_id": ("区域编号", "region_id"),
    "input.help.budget_revisions.region_id": (
        "区域编号；空 = 全市资金池",
        "region id; blank = the city-wide pool",
    ),
    "input.col.budget_revisions.amount_wan": ("调整后金额（万元）", "amount_wan"),
    "input.help.budget_revisions.amount_wan": (
        "该资金池调整后的额度（万元），替代原额度",
        "the pool's revised amount in 万元, replacing the planned one",
    ),
    "input.col.withdrawn.project_id": ("项目编号", "project_id"),
    "input.help.withdrawn.project_id": ("撤销的项目编号", "the project withdrawn"),
    "input.col.withdrawn.reason": ("撤销原因", "reason"),
    "input.help.withdrawn.reason": ("撤销原因，写入调整说明", "why; shown in the re-plan diff"),
    "input.scenario.robust.gamma": (
        "稳健预算：每个资金池最多几个项目同时超支（空 = 不启用）",
        "robust: projects per budget pool that may overrun at once (blank = off)",
    ),
    "input.scenario.robust.overrun": (
        "稳健预算：超支幅度（如 0.15）",
        "robust: overrun of a project (e.g. 0.15)",
    ),
    "input.scenario.robust.overruns": (
        "稳健预算：按类别的超支幅度",
        "robust: overrun of one category",
    ),
    "input.scenario.stress.samples": ("压力测试样本数", "stress: samples"),
    "input.scenario.stress.seed": ("压力测试随机种子", "stress: random seed"),
    "input.scenario.stress.overrun_mean": (
        "压力测试：按类别的平均超支（0.2 = 超支 20%）",
        "stress: mean overrun of one category (0.2 = +20 %)",
    ),
    "input.scenario.stress.overrun_sd": (
        "压力测试：按类别的超支标准差",
        "stress: standard deviation of one category's overrun",
    ),
    "input.scenario.stress.default_overrun_mean": (
        "压力测试：其他类别的平均超支",
        "stress: mean overrun of other categories",
    ),
    "input.scenario.stress.default_overrun_sd": (
        "压力测试：其他类别的超支标准差",
        "stress: standard deviation of other categories' overrun",
    ),
    "input.scenario.stress.shortfall": (
        "压力测试：按来源的预算最大短缺比例",
        "stress: largest budget shortfall of one source",
    ),
    "cycle.title.stress": ("压力测试：{scenario}", "Stress test: {scenario}"),
    "cycle.title.replan": (
        "年度重新规划：{scenario}（{year} 年起）",
        "Re-plan from {year}: {scenario}",
    ),
    "cycle.section.stress_projects": (
        "各项目保持足额资金的概率",
        "Probability that each project stays fully financed",
    ),
    "cycle.section.stress_targets": ("各指标达标的概率", "Probability that each target is met"),
    "cycle.section.stress_samples": ("得分分布（每个样本一行）", "Distribution of the score"),
    "cycle.section.stress_assumptions": ("假设与依据", "Assumptions and their sources"),
    "cycle.section.replan_diff": ("与原规划相比的项目变化", "Projects against the original plan"),
    "cycle.section.replan_targets": ("指标达成的变化", "Change in targets reached"),
    "cycle.note.drop_order": (
        "资金不足时的削减顺序：在资金不足的资金池（可结转来源含此前年度）所涉项目中，"
        "每万元得分（按超支后投资）最低者先削减，依赖它的项目随之削减；必选项目最后削减。"
        "开工年份不变，每个样本只重新求解资金安排。",
        "Drop order when money runs short: among the projects drawing on a short pool (for a "
        "source that carries over, also its earlier years), the lowest score per 10k yuan at "
        "the overrun cost goes first, with the projects that require it; mandatory projects "
        "last. Start years stay fixed; each sample re-solves only the funding.",
    ),
    "cycle.note.seed": (
        "{samples} 个样本，随机种子 {seed}：同一种子得到同样的结果",
        "{samples} samples, seed {seed}: the same seed gives the same result",
    ),
    "cycle.note.replan": (
        "已开工项目按调整后投资续建（剩余投资、原资金规则）；已支出资金从资金池中扣除，结转按实际；"
        "已完工项目的贡献计入指标基期值；撤销项目不再安排；新增项目参与优化。",
        "Started projects go on at their revised cost (what is left, same funding rules); "
        "money spent leaves its pools, carry-over as realised; completed projects' gains move "
        "the baselines; withdrawn projects are out and added ones compete.",
    ),
    "cycle.card.samples": ("样本数", "samples"),
    "cycle.card.funded": ("规划安排项目", "funded in the plan"),
    "cycle.card.plan_score": ("规划得分", "plan score"),
    "cycle.card.score_mean": ("平均得分", "mean score"),
    "cycle.card.score_p05": ("得分 5% 分位", "score, 5th percentile"),
    "cycle.card.kept_mean": ("平均保留项目数", "projects kept, mean"),
    "cycle.card.all_financed_share": ("全部项目足额的概率", "all projects financed"),
    "cycle.card.status": ("求解状态", "status"),
    "cycle.change.kept": ("保留", "kept"),
    "cycle.change.continuing": ("续建", "continuing"),
    "cycle.change.completed": ("已完工", "completed"),
    "cycle.change.delayed": ("推迟", "delayed"),
    "cycle.change.advanced": ("提前", "advanced"),
    "cycle.change.dropped": ("取消", "dropped"),
    "cycle.change.added": ("新增", "added"),
    "cycle.change.withdrawn": ("撤销", "withdrawn"),
    "cycle.why.started": (
        "{year} 年已开工，续建，剩余 {left} 万元，{finish} 年完工",
        "started in {year}; goes on with {left} 10k yuan left, finishing {finish}",
    ),
    "cycle.why.completed": ("已完工，贡献计入基期值", "completed; its gains move the baselines"),
    "cycle.why.paid": (
        "资金已付清，{finish} 年完工（贡献{counted}）",
        "fully paid, finishing {finish} (gains {counted})",
    ),
    "cycle.why.counted": ("计入", "counted"),
    "cycle.why.not_counted": ("不计入规划期", "not counted in the plan"),
    "cycle.why.not_started": (
        "原计划 {year} 年开工，未开工",
        "planned to start in {year}; did not",
    ),
    "cycle.why.cost": (
        "投资调整 {before}→{after} 万元",
        "cost revised {before} → {after} 10k yuan",
    ),
    "cycle.why.withdrawn": ("撤销：{reason}", "withdrawn: {reason}"),
    "cycle.why.new": ("新增项目", "a new project"),
    "cycle.col.project_id": ("项目编号", "project"),
    "cycle.col.name": ("名称", "name"),
    "cycle.col.category": ("项目类别", "category"),
    "cycle.col.region_id": ("区域", "region"),
    "cycle.col.start_year": ("开工年份", "start"),
    "cycle.col.cost_wan": ("总投资（万元）", "cost (10k yuan)"),
    "cycle.col.mandatory": ("必选", "mandatory"),
    "cycle.col.score": ("得分", "score"),
    "cycle.col.drop_rank": ("削减顺序", "drop order"),
    "cycle.col.financed_share": ("足额资金概率", "P(fully financed)"),
    "cycle.col.indicator_id": ("指标编号", "indicator"),
    "cycle.col.unit": ("单位", "unit"),
    "cycle.col.binding": ("约束性", "binding"),
    "cycle.col.target": ("目标值", "target"),
    "cycle.col.planned_value": ("原规划达到值", "planned value"),
    "cycle.col.met_in_plan": ("原规划达标", "met in the plan"),
    "cycle.col.met_share": ("达标概率", "P(met)"),
    "cycle.col.value_mean": ("平均达到值", "mean value"),
    "cycle.col.value_p05": ("5% 分位", "5th percentile"),
    "cycle.col.value_p95": ("95% 分位", "95th percentile"),
    "cycle.col.sample": ("样本", "sample"),
    "cycle.col.kept": ("保留项目数", "kept"),
    "cycle.col.dropped": ("削减项目数", "dropped"),
    "cycle.col.dropped_projects": ("削减的项目（按顺序）", "projects dropped, in order"),
    "cycle.col.extra_cost_wan": ("超支合计（万元）", "overrun (10k yuan)"),
    "cycle.col.budget_cut_wan": ("预算短缺（万元）", "budget cut (10k yuan)"),
    "cycle.col.what": ("类型", "what"),
    "cycle.col.item": ("对象", "item"),
    "cycle.col.distribution": ("分布", "distribution"),
    "cycle.col.mean": ("均值", "mean"),
    "cycle.col.sd": ("标准差", "sd"),
    "cycle.col.source": ("依据", "source"),
    "cycle.col.change": ("变化", "change"),
    "cycle.col.planned_start": ("原计划开工", "planned start"),
    "cycle.col.new_start": ("重新规划开工", "new start"),
    "cycle.col.planned_cost_wan": ("原投资（万元）", "planned cost"),
    "cycle.col.revised_cost_wan": ("调整后投资（万元）", "revised cost"),
    "cycle.col.left_wan": ("剩余投资（万元）", "left to spend"),
    "cycle.col.reason": ("原因", "reason"),
    "cycle.col.replan_value": ("重新规划达到值", "re-plan value"),
    "cycle.col.value_change": ("变化", "change"),
    "cycle.col.met_replan": ("重新规划达标", "met in the re-plan"),
    "cycle.sheet.stress_projects": ("压力测试_项目", "stress_projects"),
    "cycle.sheet.stress_targets": ("压力测试_指标", "stress_targets"),
    "cycle.sheet.stress_samples": ("压力测试_样本", "stress_samples"),
    "cycle.sheet.stress_assumptions": ("压力测试_假设", "stress_assumptions"),
    "cycle.sheet.replan_diff": ("重新规划_项目变化", "replan_diff"),
    "cycle.sheet.replan_targets": ("重新规划_指标变化", "replan_targets"),
}
# new projects and their gains have the columns (and words) of projects and project_gains
CYCLE_LABELS |= {
    key.replace(f".{table}.", f".new_{table}.", 1): words
    for key, words in INPUT_LABELS.items()
    for table in ("projects", "project_gains")
    if key.startswith((f"input.col.{table}.", f"input.help.{table}."))
}
LABELS.update(CYCLE_LABELS)
