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
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "city": ("全市", "city-wide"),
}

# The outputs' words: workbooks, the terminal, the HTML report and compare.
OUTPUT_LABELS: dict[str, tuple[str, str]] = {
    # categories of the sample and of generated instances (the input has no names for them)
    "category.old_community": ("老旧小区改造", "old communities"),
    "category.utility_tunnel": ("综合管廊", "utility tunnels"),
    "category.school": ("学校", "schools"),
    "category.road": ("道路", "roads"),
    "category.water_sewage": ("供水排水", "water and sewage"),
    "category.heating_gas": ("供热燃气", "heating and gas"),
    "category.park": ("公园绿地", "parks"),
    "category.park_green": ("公园绿地", "parks and green space"),
    "category.elderly_care": ("养老服务", "elderly care"),
    "revenue.public": ("公益性", "public"),
    "revenue.quasi_public": ("准公益性", "quasi-public"),
    "revenue.commercial": ("经营性", "commercial"),
    # sheet names (at most 31 characters)
    "sheet.summary": ("摘要", "summary"),
    "sheet.ranked_projects": ("项目排序", "ranked_projects"),
    "sheet.funding_schedule": ("资金安排", "funding_schedule"),
    "sheet.budget_use": ("预算使用", "budget_use"),
    "sheet.indicator_attainment": ("指标完成", "indicator_attainment"),
    "sheet.conflicts": ("冲突规则", "conflicts"),
    "sheet.cost_by_source": ("按资金来源", "cost_by_source"),
    "sheet.cost_by_region": ("按地区", "cost_by_region"),
    "sheet.cost_by_year": ("按年度", "cost_by_year"),
    "sheet.attainment": ("指标完成度", "attainment"),
    "sheet.project_diff": ("项目变化", "project_diff"),
    # column headers, by CSV column id
    "col.rank": ("排名", "rank"),
    "col.project_id": ("项目编号", "project id"),
    "col.name": ("名称", "name"),
    "col.category": ("类别编号", "category id"),
    "col.category_name": ("类别", "category"),
    "col.region_id": ("地区编号", "region id"),
    "col.region_name": ("地区", "region"),
    "col.pool_region": ("资金池地区编号", "pool region id"),
    "col.pool_region_name": ("资金池地区", "pool region"),
    "col.source_id": ("资金来源编号", "source id"),
    "col.source_name": ("资金来源", "source"),
    "col.indicator_id": ("指标编号", "indicator id"),
    "col.revenue_class": ("收益类型", "revenue class"),
    "col.cost_wan": ("总投资（万元）", "cost (10k yuan)"),
    "col.funded": ("是否入选", "funded"),
    "col.start_year": ("开工年份", "start year"),
    "col.finish_year": ("完工年份", "finish year"),
    "col.completes_in_plan": ("规划期内完工", "completes in plan"),
    "col.cost_in_plan_wan": ("规划期内投资（万元）", "cost in plan (10k yuan)"),
    "col.carried_over_wan": ("结转规划期后（万元）", "carried over (10k yuan)"),
    "col.land_mu": ("新增建设用地（亩）", "new land (mu)"),
    "col.mandatory": ("必选", "mandatory"),
    "col.score": ("指标得分", "indicator score"),
    "col.scarce_funds_wan": ("占用紧缺资金（万元）", "scarce funds (10k yuan)"),
    "col.score_per_1000wan_scarce": (
        "每千万元紧缺资金得分",
        "score per 1,000 (10k yuan) of scarce funds",
    ),
    "col.extra_budget_wan": ("入选还需追加（万元）", "extra budget to fund (10k yuan)"),
    "col.why": ("说明", "why"),
    "col.funds_source": ("{source}（万元）", "{source} (10k yuan)"),
    "col.funds_source_year": ("{source} {year}（万元）", "{source} {year} (10k yuan)"),
    "col.gain_indicator": ("{indicator}增量（{unit}）", "{indicator} gain ({unit})"),
    "col.year": ("年度", "year"),
    "col.amount_wan": ("金额（万元）", "amount (10k yuan)"),
    "col.budget_wan": ("预算（万元）", "budget (10k yuan)"),
    "col.carried_in_wan": ("上年结转（万元）", "carried in (10k yuan)"),
    "col.used_wan": ("使用（万元）", "used (10k yuan)"),
    "col.carried_out_wan": ("结转下年（万元）", "carried out (10k yuan)"),
    "col.unused_wan": ("未使用（万元）", "unused (10k yuan)"),
    "col.utilisation": ("使用率", "utilisation"),
    "col.unit": ("单位", "unit"),
    "col.binding": ("约束性", "binding"),
    "col.baseline": ("基期值", "baseline"),
    "col.target": ("目标值", "target"),
    "col.gain": ("增量", "gain"),
    "col.value": ("规划期末值", "value reached"),
    "col.attainment": ("完成度", "attainment"),
    "col.met": ("是否达标", "met"),
    "col.shortfall": ("差距", "shortfall"),
    "col.floor": ("下限", "floor"),
    "col.weight": ("权重", "weight"),
    "col.family": ("规则类别", "rule family"),
    "col.rule": ("规则", "rule"),
    "col.violation": ("需放宽", "violation"),
    "col.scenario": ("情景", "scenario"),
    "col.status": ("求解状态", "status"),
    "col.objective": ("目标函数值", "objective"),
    "col.targets_met": ("达标指标", "targets met"),
    "col.versus": ("对比情景", "versus"),
    "col.change": ("变化", "change"),
    "col.explanation": ("解释", "explanation"),
    "col.why_base": ("{scenario}中的说明", "why in {scenario}"),
    "col.why_other": ("对比情景中的说明", "why in the other"),
    "col.split_base": ("{scenario}中的资金构成", "funding in {scenario}"),
    "col.split_other": ("对比情景中的资金构成", "funding in the other"),
    "col.item": ("事项", "item"),
    "col.optimizer": ("优化方案", "optimizer"),
    "col.ranking": ("按效益成本排序", "ranking by benefit/cost"),
    "col.total": ("合计", "total"),
    "col.funded_count": ("入选", "funded"),
    "col.candidates": ("候选", "candidates"),
    "col.share": ("占比", "share"),
    # summary, terminal and report words
    "out.interrupted_line": (
        "已中断（Ctrl-C）：保留已找到的最好方案，最优性差距 {gap}；结果完整写出",
        "interrupted (Ctrl-C): kept the best portfolio found, gap {gap}; results written in full",
    ),
    "out.stop_requested": (
        "收到中断：正在停止并保留已找到的最好方案；再按一次 Ctrl-C 放弃，不写出结果",
        "interrupt received: stopping and keeping the best portfolio found; "
        "Ctrl-C again aborts and writes nothing",
    ),
    "out.aborted": (
        "再次中断，已放弃：未写出任何结果",
        "interrupted twice: aborted, nothing written",
    ),
    "out.stopping": (
        "正在停止（保留最好方案）… {seconds} 秒，差距 {gap}；再按 Ctrl-C 放弃",
        "stopping (keeping the best portfolio)… {seconds} s, gap {gap}; Ctrl-C again to abort",
    ),
    "out.report_title": ("{scenario} 投资方案报告", "{scenario}: investment plan report"),
    "out.generated": ("生成于 {when}", "generated {when}"),
    "out.scenario": ("情景", "scenario"),
    "out.description": ("说明", "description"),
    "out.status": ("求解状态", "status"),
    "out.objective": ("目标函数值", "objective"),
    "out.gap": ("最优性差距", "MIP gap"),
    "out.solve_time": ("求解用时", "solve time"),
    "out.seconds": ("{n} 秒", "{n} s"),
    "out.score": ("指标得分", "indicator score"),
    "out.funded": ("入选项目", "funded projects"),
    "out.funded_line": (
        "入选 {funded} / {candidates} 个项目，规划期投资 {cost} 万元",
        "funded {funded} of {candidates} projects, {cost} (10k yuan) in the plan period",
    ),
    "out.list_sep": ("、", ", "),
    "out.cost": ("规划期投资", "plan-period cost"),
    "out.targets_met": ("达标指标", "targets met"),
    "out.targets_of": ("{met} / {total} 项", "{met} of {total}"),
    "out.targets_missed": ("未达标指标", "targets missed"),
    "out.none": ("无", "none"),
    "out.unspent": ("未使用资金", "money unspent"),
    "out.unspent_wan": ("未使用资金（万元）", "money unspent (10k yuan)"),
    "out.cost_wan": ("规划期投资（万元）", "plan-period cost (10k yuan)"),
    "out.solve_seconds": ("求解用时（秒）", "solve time (s)"),
    "out.indicator_count": ("指标总数", "indicators"),
    "col.value_shown": ("内容", "value"),
    "col.difference": ("差值", "difference"),
    "out.differ": ("入选不同的项目", "projects that differ"),
    "out.only_optimizer": ("仅优化方案入选", "funded by the optimizer only"),
    "out.only_ranking": ("仅排序方案入选", "funded by the ranking only"),
    "out.benefit_cost": (
        "与按效益成本排序的比较（按每万元得分排序、依次安排，规则相同）",
        "Against ranking by benefit/cost (score per 10k yuan, funded down the list, same rules)",
    ),
    "out.benefit_cost_short": ("与按效益成本排序比较", "Against ranking by benefit/cost"),
    "out.benefit_cost_gain": (
        "优化方案得分比按效益成本排序高 {pct}。",
        "The optimizer's score is {pct} above ranking by benefit/cost.",
    ),
    "out.benefit_cost_same": (
        "优化方案与按效益成本排序得分相同。",
        "The optimizer and ranking by benefit/cost reach the same score.",
    ),
    "out.by_category": ("按类别", "By category"),
    "out.by_region": ("按地区", "By region"),
    "out.by_source_year": ("资金来源与年度（万元）", "Funds by source and year (10k yuan)"),
    "out.indicators": ("指标完成情况", "Indicator attainment"),
    "out.indicator": ("指标", "indicator"),
    "out.kind": ("属性", "kind"),
    "out.binding": ("约束性", "binding"),
    "out.expected": ("预期性", "expected"),
    "out.met": ("达标", "met"),
    "out.base": ("基期", "base"),
    "out.reached": ("达到", "reached"),
    "out.target": ("目标", "target"),
    "out.done": ("完成度", "done"),
    "out.unschedulable": (
        "{n} 个项目无法安排（见排序表“说明”列）",
        "{n} projects cannot be scheduled (see 'why' in the ranked list)",
    ),
    "out.warning": ("警告", "warning"),
    "out.error": ("错误", "error"),
    "out.infeasible_title": (
        "情景不可行：以下规则相互冲突（使情景可行的最小放宽量）",
        "Infeasible: these rules conflict (smallest violations that resolve it)",
    ),
    "out.infeasible_none": (
        "即使放宽所有软约束，情景仍不可行：请检查前置依赖、互斥组和开工时间窗。",
        "The scenario is infeasible even with every soft rule relaxed: "
        "check dependencies, exclusions and start windows.",
    ),
    "out.no_solution": ("未找到方案", "no solution"),
    "out.interrupted": ("可行（未证最优），已中断", "feasible (not proven optimal), interrupted"),
    "out.written": ("结果已写入 {path}", "results written to {path}"),
    "out.report_written": ("报告已写入 {path}", "report written to {path}"),
    "out.tables_written": ("对比表已写入 {path}", "tables written to {path}"),
    "out.solving": ("建模并求解…", "building and solving…"),
    "out.solving_progress": ("求解中… {seconds} 秒，差距 {gap}", "solving… {seconds} s, gap {gap}"),
    "out.reading": ("求解 / 读取…", "solving / reading…"),
    "out.method_values": ("{method}: {values}", "{method}: {values}"),
    # HTML report
    "report.summary": ("摘要", "Summary"),
    "report.findings": ("主要结论", "Findings"),
    "report.attainment": ("指标完成情况", "Indicator attainment"),
    "report.attainment_axis": (
        "完成目标差距的比例（%，红色为约束性指标）",
        "% of the gap to target closed (red: binding)",
    ),
    "report.spending_year": ("分年度、分来源投资", "Spending by year and source"),
    "report.spending_region": ("分地区投资", "Spending by region"),
    "report.budget": ("预算使用", "Budget use"),
    "report.projects": ("项目清单（按类别）", "Projects by category"),
    "report.projects_note": (
        "点击类别展开。每类中入选项目在前（按每万元紧缺资金得分），未入选项目按入选还需追加的资金排列。",
        "Click a category to open it. Funded projects first (by score per 10k yuan of scarce "
        "funds), then unfunded ones by the extra budget that would admit them.",
    ),
    "report.category_line": (
        "{category}：入选 {funded} / {candidates} 个，投资 {cost} 万元",
        "{category}: {funded} of {candidates} funded, {cost} (10k yuan)",
    ),
    "report.conflicts": ("冲突的规则", "Conflicting rules"),
    "report.met_all": (
        "{total} 项指标全部达到目标。",
        "All {total} indicators reach their targets.",
    ),
    "report.met_some": (
        "{total} 项指标中 {met} 项达到目标；未达标：{missed}。",
        "{met} of {total} indicators reach their targets; missed: {missed}.",
    ),
    "report.missed_item": ("{name}（完成 {attainment}）", "{name} ({attainment} of the gap)"),
    "report.missed_detail": (
        "{name}：达到 {value}，目标 {target}{unit}；{n} 个可提升该指标的项目未入选，"
        "其中最接近的 {project} 还需追加 {extra} 万元。",
        "{name}: reaches {value} against a target of {target}{unit}; {n} unfunded projects "
        "would raise it, the closest, {project}, needs {extra} (10k yuan) more.",
    ),
    "report.missed_unexplained": (
        "{name}：达到 {value}，目标 {target}{unit}；{n} 个可提升该指标的项目未入选。",
        "{name}: reaches {value} against a target of {target}{unit}; {n} unfunded projects "
        "would raise it.",
    ),
    "report.pools_used_up": ("用尽的资金池", "pools used up"),
    "report.missed_no_project": (
        "{name}：达到 {value}，目标 {target}{unit}；候选项目中没有能进一步提升该指标的。",
        "{name}: reaches {value} against a target of {target}{unit}; no remaining candidate "
        "raises it.",
    ),
    "report.exhausted": (
        "资金用尽的预算池（使用率 ≥ 99.5%）：{pools}。",
        "Budget pools used up (≥ 99.5 %): {pools}.",
    ),
    "report.exhausted_none": (
        "没有预算池完全用尽：未入选项目或超出剩余资金，或受其他规则（用地、地区均衡、开工数量、"
        "依赖）限制。",
        "No budget pool is used up: unfunded projects either need more than the money left or "
        "are held back by other rules (land, regional balance, start limits, dependencies).",
    ),
    "report.pools_of": ("{source} {n} 个（{years}）", "{source}: {n} ({years})"),
    "report.binding_met": (
        "约束性指标全部达标：{names}。",
        "Every binding indicator is met: {names}.",
    ),
    "report.infeasible": (
        "该情景不可行：在现有规则下不存在满足全部要求的方案。下表是使其可行所需的最小放宽量。",
        "This scenario is infeasible: no portfolio meets every rule. The table gives the "
        "smallest relaxations that would make it feasible.",
    ),
    "report.footer": ("城镇化投资优化工具", "urbanization investment optimizer"),
    "report.chart_wan": ("万元", "10k yuan"),
    # compare
    "compare.funded_only": ("仅在 {scenario} 中入选", "funded in {scenario} only"),
    "compare.start": ("开工 {a} → {b}", "start {a} → {b}"),
    "compare.split": ("资金构成变化", "funding split changed"),
    "compare.took_money": (
        "在 {scenario} 中未入选：同一资金池（{pools}）改为安排了 {projects}",
        "not funded in {scenario}: its pools ({pools}) paid for {projects} instead",
    ),
    "compare.instead": (
        "在 {scenario} 中，同一资金池（{pools}）安排的是 {projects}",
        "in {scenario}, the same pools ({pools}) paid for {projects} instead",
    ),
    "compare.region_moved": (
        "同地区 {region} 另有变化：{projects}",
        "in the same region ({region}) these moved the other way: {projects}",
    ),
    "compare.reason": ("{scenario} 中的说明：{why}", "why in {scenario}: {why}"),
    "compare.diff_title": (
        "项目变化：共 {n} 项（显示前 {shown} 项；--out 输出全部）",
        "project diff: {n} changes (first {shown}; --out for all)",
    ),
    "compare.need_two": (
        "compare 至少需要两个情景文件或结果文件夹",
        "compare needs at least two scenarios or result folders",
    ),
}
LABELS.update(OUTPUT_LABELS)


# Reasons why a project is or is not funded, and what a conflict is (analysis/reasons.py).
REASON_LABELS: dict[str, tuple[str, str]] = {
    "col.reason_kind": ("原因类别", "reason kind"),
    "col.moved_starts": ("需调整开工年份的已选项目", "funded projects moved to another year"),
    "col.paid_from_slack_pools": ("仅用未用尽资金池", "paid only from pools with money left"),
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
        "已选项目中有 {count} 个改在别的年份开工（见 moved_starts）",
        "{count} funded projects start in another year (see moved_starts)",
    ),
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
        "未入选：{project} 与 {rival} 二选一（{group}），无法同时安排",
        "{project} and {rival} are alternatives ({group}): they cannot both be funded",
    ),
    "reason.blocked": (
        "未入选：受依赖、互斥或开工时间规则所限，无法与已选项目同时安排",
        "dependency, exclusion or timing rules keep it out next to the funded projects",
    ),
    "reason.not_explained": (
        "未解释：解释时间已用完（可增大 solver.explain_time_limit）",
        "not explained: the explanation time limit was reached (solver.explain_time_limit)",
    ),
    "reason.interrupted": ("未解释：运行被中断", "not explained: the run was interrupted"),
    "reason.skipped": (
        "未入选（本次运行关闭了解释：--no-explain）",
        "not funded (explanations were off: --no-explain)",
    ),
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


# The browser workbench's words (optimizer/web), merged into LABELS.
WEB_LABELS: dict[str, tuple[str, str]] = {
    "web.title": ("城镇化投资优化工作台", "Urbanization investment workbench"),
    "web.nav.home": ("工作台", "Workbench"),
    "web.nav.compare": ("方案对比", "Compare runs"),
    "web.lang.other": ("English", "中文"),
    "web.back": ("返回工作台", "Back to the workbench"),
    "web.upload.title": ("上传数据工作簿", "Upload an input workbook"),
    "web.upload.hint": (
        "Excel 工作簿（.xlsx），每张表一个工作表（可用 urbopt template 生成空模板），"
        "不超过 {mb} MB。",
        "An Excel workbook (.xlsx) with a sheet per table (urbopt template writes an empty "
        "one), at most {mb} MB.",
    ),
    "web.upload.button": ("上传并检查", "Upload and check"),
    "web.upload.no_file": ("请选择一个 .xlsx 文件。", "Choose an .xlsx file."),
    "web.upload.bad_type": ("只接受 .xlsx 工作簿。", "Only .xlsx workbooks are accepted."),
    "web.upload.too_large": (
        "文件过大：上限为 {mb} MB。",
        "The file is too large: the limit is {mb} MB.",
    ),
    "web.sample.title": (
        "或者使用内置样例数据（晋城 2022–2025，成本为模拟数）",
        "Or start from the built-in sample (Jincheng 2022–2025, synthetic costs)",
    ),
    "web.sample.button": ("使用样例数据", "Use the sample data"),
    "web.issues.title": (
        "数据中有 {n} 处问题，未做任何计算。请在 Excel 中改正后重新上传。",
        "The data has {n} problem(s); nothing was run. Correct them in Excel and upload again.",
    ),
    "web.col.file": ("文件", "file"),
    "web.col.sheet": ("工作表", "sheet"),
    "web.col.row": ("行", "row"),
    "web.col.column": ("列", "column"),
    "web.col.problem": ("问题", "problem"),
    "web.input.title": ("方案设置：{name}", "Scenario settings: {name}"),
    "web.input.summary": (
        "{projects} 个候选项目，{regions} 个区县，{indicators} 项指标，{sources} 类资金来源，"
        "规划期 {first}–{last} 年",
        "{projects} candidate projects, {regions} regions, {indicators} indicators, "
        "{sources} funding sources, plan years {first}–{last}",
    ),
    "web.input.notes": ("提示", "Notes"),
    "web.form.errors": ("请修改以下设置：", "Please correct these settings:"),
    "web.form.bad_number": (
        "{field}：应为 {lo} 到 {hi} 之间的数",
        "{field}: must be a number from {lo} to {hi}",
    ),
    "web.form.required": ("{field}：必填", "{field}: required"),
    "web.form.name": ("方案名称", "Scenario name"),
    "web.form.description": ("说明", "Description"),
    "web.form.budget": ("预算（计划额的百分比）", "Budgets (% of the planned amount)"),
    "web.form.budget_all": ("全部资金来源", "All sources"),
    "web.form.planned": ("计划 {amount} 万元", "planned {amount} 10k yuan"),
    "web.form.rules": ("规则", "Rules"),
    "web.form.region_min": ("每个区县至少占总支出（%）", "Each region at least (% of spending)"),
    "web.form.region_max": ("每个区县至多占总支出（%）", "Each region at most (% of spending)"),
    "web.form.indicators": ("指标：下限与权重", "Indicators: floors and weights"),
    "web.form.objective": ("优化目标", "Objective"),
    "web.form.solver": ("求解设置", "Solver"),
    "web.form.time_limit": ("时间上限（秒）", "Time limit (seconds)"),
    "web.form.mip_gap": ("可接受的最优性差距（%）", "Acceptable optimality gap (%)"),
    "web.form.explain": (
        "解释未入选项目的原因（较慢）",
        "Explain why projects are not funded (slower)",
    ),
    "web.form.run": ("开始计算", "Run"),
    "web.rule.mandatory": ("必须实施的项目", "Mandatory projects"),
    "web.rule.binding_targets": ("约束性指标必须完成", "Binding targets must be met"),
    "web.rule.land": ("建设用地指标", "Construction-land quota"),
    "web.rule.equity": ("区县资金占比", "Regional shares of spending"),
    "web.rule.dependencies": ("项目前后依赖", "Project dependencies"),
    "web.rule.exclusions": ("互斥项目至多选一", "At most one project per exclusive group"),
    "web.rule.start_limits": ("每年开工数上限", "Limits on starts per year"),
    "web.rule.allow_carry_over_projects": (
        "允许项目在规划期后完工",
        "Projects may finish after the plan",
    ),
    "web.objective.gain": ("指标进展越多越好", "Maximise indicator progress"),
    "web.objective.shortfall": (
        "尽量缩小与目标的差距（超过目标部分不计）",
        "Minimise the shortfall against targets (progress beyond a target earns nothing)",
    ),
    "web.col.indicator": ("指标", "indicator"),
    "web.col.unit": ("单位", "unit"),
    "web.col.baseline": ("基期值", "baseline"),
    "web.col.target": ("目标值", "target"),
    "web.col.floor": ("下限（空为不设）", "floor (blank: none)"),
    "web.col.weight": ("权重", "weight"),
    "web.col.binding": ("约束性", "binding"),
    "web.col.source": ("资金来源", "source"),
    "web.col.percent": ("占计划 %", "% of plan"),
    "web.runs.title": ("历次运行", "Earlier runs"),
    "web.runs.none": ("还没有运行记录。", "No runs yet."),
    "web.col.created": ("时间", "created"),
    "web.col.name": ("方案", "scenario"),
    "web.col.kind": ("类型", "kind"),
    "web.col.input": ("数据", "data"),
    "web.col.state": ("状态", "state"),
    "web.col.settings": ("设置", "settings"),
    "web.kind.solve": ("优化", "optimisation"),
    "web.kind.sweep": ("敏感性分析", "sweep"),
    "web.state.queued": ("排队中", "queued"),
    "web.state.running": ("计算中", "running"),
    "web.state.done": ("完成", "done"),
    "web.state.failed": ("出错", "failed"),
    "web.state.cancelled": ("已取消", "cancelled"),
    "web.run.progress": ("计算进度", "Progress"),
    "web.run.elapsed": ("已用时间", "Elapsed"),
    "web.run.gap": ("最优性差距", "Optimality gap"),
    "web.run.incumbent": ("当前最好方案的得分", "Best score so far"),
    "web.run.swept": ("已完成计算", "Runs done"),
    "web.run.seconds": ("{s} 秒", "{s} s"),
    "web.run.cancel": ("取消计算", "Cancel"),
    "web.run.failed": ("计算出错：{error}", "The run failed: {error}"),
    "web.run.crashed": (
        "计算进程意外退出（退出码 {code}）",
        "the worker process stopped unexpectedly (exit code {code})",
    ),
    "web.run.interrupted": (
        "服务器在计算结束前停止了",
        "the server stopped before the run finished",
    ),
    "web.run.cancelled": ("这次计算已取消。", "This run was cancelled."),
    "web.run.summary": ("结果摘要", "Summary"),
    "web.run.status": ("求解状态", "Solver status"),
    "web.run.funded": ("入选项目", "Funded projects"),
    "web.run.cost": ("规划期投资（万元）", "Plan-period cost (10k yuan)"),
    "web.run.score": ("指标得分", "Indicator score"),
    "web.run.downloads": ("下载", "Downloads"),
    "web.run.report": ("报告", "Report"),
    "web.run.open_report": ("在新窗口打开报告", "Open the report in a new tab"),
    "web.run.no_report": ("报告未能生成：{error}", "The report could not be made: {error}"),
    "web.run.conflicts": (
        "方案不可行：以下规则相互冲突（数值为使其可行所需的最小突破量）",
        "Infeasible: these rules conflict (the smallest violations that would make it feasible)",
    ),
    "web.run.no_solution": (
        "时间上限内未找到可行方案，请放宽时间上限后重试。",
        "No solution was found within the time limit; allow more time and run again.",
    ),
    "web.run.scenario": ("方案设置（scenario.toml）", "Scenario (scenario.toml)"),
    "web.run.folder": (
        "结果保存在工作区的 {path}，可用 urbopt rerun / report / compare 读取。",
        "Results are in {path} under the workspace; urbopt rerun / report / compare read them.",
    ),
    "web.run.edit": ("修改设置再算一次", "Change the settings and run again"),
    "web.sweep.title": ("敏感性分析：让一个参数取多个值", "Sweep one parameter over a range"),
    "web.sweep.param": ("参数", "Parameter"),
    "web.sweep.start": ("从", "From"),
    "web.sweep.stop": ("到", "To"),
    "web.sweep.step": ("步长", "Step"),
    "web.sweep.hint": (
        "预算和用地按计划额的 %，指标下限按指标单位；最多 {n} 个取值。",
        "Budgets and land in % of the plan, floors in the indicator's unit; at most {n} values.",
    ),
    "web.sweep.time_limit": ("每次计算的时间上限（秒）", "Time limit per run (seconds)"),
    "web.sweep.button": ("开始分析", "Start the sweep"),
    "web.sweep.too_many": (
        "取值太多：{n} 个，最多 {max} 个",
        "Too many values: {n}, at most {max}",
    ),
    "web.sweep.plot": (
        "各指标目标完成度随参数的变化",
        "Attainment of each indicator against the parameter",
    ),
    "web.sweep.of": ("基于运行 {run}", "based on run {run}"),
    "web.param.budget.scale": ("全部预算 %", "All budgets, %"),
    "web.param.budget": ("预算 %：{name}", "Budget %: {name}"),
    "web.param.land.scale": ("建设用地指标 %", "Land quota, %"),
    "web.param.floor": ("指标下限：{name}", "Floor: {name}"),
    "web.compare.title": ("方案对比", "Compare two runs"),
    "web.compare.base": ("基准", "Base"),
    "web.compare.other": ("对比", "Other"),
    "web.compare.button": ("对比", "Compare"),
    "web.compare.same": ("请选择两个不同的运行。", "Choose two different runs."),
    "web.compare.too_few": (
        "需要至少两个已完成的优化运行。",
        "Comparing needs two finished optimisation runs.",
    ),
    "web.compare.no_result": (
        "所选运行没有可对比的结果（未完成、出错或不可行）。",
        "A chosen run has no portfolio to compare (unfinished, failed or infeasible).",
    ),
    "web.compare.no_diff": (
        "两个方案入选的项目及安排相同。",
        "Both runs fund the same projects the same way.",
    ),
    "web.cmp.summary": ("概况", "Summary"),
    "web.cmp.cost_by_source": ("按资金来源的投资（万元）", "Cost by source (10k yuan)"),
    "web.cmp.cost_by_region": ("按区县的投资（万元）", "Cost by region (10k yuan)"),
    "web.cmp.cost_by_year": ("按年度的投资（万元）", "Cost by year (10k yuan)"),
    "web.cmp.attainment": ("指标目标完成度", "Indicator attainment"),
    "web.cmp.project_diff": ("有变化的项目及原因", "Projects that changed, and why"),
    "web.cmpcol.scenario": ("方案", "scenario"),
    "web.cmpcol.status": ("求解状态", "status"),
    "web.cmpcol.objective": ("目标函数值", "objective"),
    "web.cmpcol.score": ("指标得分", "score"),
    "web.cmpcol.funded": ("入选项目数", "funded"),
    "web.cmpcol.cost_in_plan_wan": ("规划期投资（万元）", "plan-period cost (10k yuan)"),
    "web.cmpcol.source_id": ("资金来源", "source"),
    "web.cmpcol.region_id": ("区县", "region"),
    "web.cmpcol.year": ("年度", "year"),
    "web.cmpcol.indicator_id": ("指标", "indicator"),
    "web.cmpcol.versus": ("对比方案", "versus"),
    "web.cmpcol.project_id": ("项目编号", "project"),
    "web.cmpcol.name": ("项目名称", "name"),
    "web.cmpcol.change": ("变化", "change"),
    "web.cmpcol.why_other": ("对比方案中的原因", "reason in the other run"),
    "web.cmpcol.split_other": ("对比方案的资金构成", "funding split in the other run"),
    "web.login.title": ("登录", "Sign in"),
    "web.login.password": ("密码", "Password"),
    "web.login.button": ("登录", "Sign in"),
    "web.login.wrong": ("密码不正确。", "Wrong password."),
    "web.error.csrf": (
        "表单已过期或不是从本页面提交的：请返回、刷新页面后重试。",
        "The form has expired or did not come from this page: go back, reload and try again.",
    ),
    "web.error.not_found": ("没有找到这个页面或运行记录。", "No such page or run."),
    "web.error.length": ("请求缺少长度信息。", "The request did not say how long it is."),
    "web.error.busy": ("这个运行还没有结束。", "This run has not finished."),
    "web.error.internal": (
        "出现内部错误，详情已记录在服务器日志中。",
        "Something went wrong inside the workbench; the server's log has the details.",
    ),
    "web.sum.budget": ("{name} {pct}%", "{name} {pct}%"),
    "web.sum.off": ("不考虑：{rules}", "off: {rules}"),
    "web.sum.floor": ("{name} ≥ {value}", "{name} ≥ {value}"),
    "web.sum.shortfall": ("目标：缩小差距", "objective: shortfall"),
    "web.sum.time": ("时限 {s} 秒", "time limit {s} s"),
    "web.sum.sweep": ("{param}：{values}", "{param}: {values}"),
}
LABELS.update(WEB_LABELS)


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
    "sheet.fiscal_sustainability": ("财政可持续性", "fiscal_sustainability"),
    "col.period": ("时期", "period"),
    "col.debt_drawn_wan": ("新增债务（万元）", "debt drawn (10k yuan)"),
    "col.outstanding_wan": ("债务余额（万元）", "outstanding (10k yuan)"),
    "col.interest_wan": ("利息（万元）", "interest (10k yuan)"),
    "col.principal_wan": ("本金（万元）", "principal (10k yuan)"),
    "col.debt_service_wan": ("还本付息（万元）", "debt service (10k yuan)"),
    "col.om_wan": ("运维费用（万元）", "O&M (10k yuan)"),
    "col.recurring_burden_wan": ("年度刚性支出（万元）", "recurring burden (10k yuan)"),
    "col.general_budget_wan": ("一般公共预算（万元）", "general budget (10k yuan)"),
    "col.burden_share": ("占一般公共预算", "share of the general budget"),
    "col.persons_settled": ("落户人数", "people settled"),
    "col.reward_wan": ("奖励资金（万元）", "reward transfers (10k yuan)"),
    "col.land_unlocked_mu": ("新增用地指标（亩）", "land quota unlocked (mu)"),
    "col.fiscal_charges_wan": (
        "还本付息与运维占用（万元）",
        "debt service and O&M charged (10k yuan)",
    ),
    "fiscal.year": ("年度", "year"),
    "fiscal.drawn": ("新增债务", "debt drawn"),
    "fiscal.outstanding": ("债务余额", "outstanding"),
    "fiscal.burden": ("年度刚性支出", "recurring burden"),
    "fiscal.after_plan": (
        "规划期后一般公共预算按规划末年水平估计",
        "after the plan the general budget is held at its last plan year",
    ),
}
LABELS.update(FISCAL_LABELS)


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
    for key, words in list(LABELS.items())
    for table in ("projects", "project_gains")
    if key.startswith((f"input.col.{table}.", f"input.help.{table}."))
}
LABELS.update(CYCLE_LABELS)

# Fronts and the multi-objective methods: objective names, `pareto` on the terminal, and
# why a front may not be whole (`pareto.why.*`: English is what summary.json and
# points.csv keep). English objective names are the ids `--objectives` takes.
PARETO_LABELS: dict[str, tuple[str, str]] = {
    "obj.score": ("指标得分", "score"),
    "obj.cost": ("规划期投资", "cost"),
    "obj.land": ("新增建设用地", "land"),
    "obj.projects": ("入选项目数", "projects"),
    "obj.balance": ("地区均衡度", "balance"),
    "obj.debt": ("规划期举债", "debt"),
    "obj.debt_service": ("规划期还本付息", "debt_service"),
    "obj.om": ("年运维费用", "om"),
    "obj.recurring_burden": ("年度刚性支出峰值", "recurring_burden"),
    "obj.weighted_shortfall": ("加权目标缺口", "weighted_shortfall"),
    "obj.weighted_sum": ("加权和", "weighted_sum"),
    "obj.gain": ("{name}进展", "gain:{id}"),
    "obj.group": ("指标组“{id}”", "group:{id}"),
    "out.objective_named": ("目标函数值（{name}）", "objective ({name})"),
    "method.single": ("单目标", "single"),
    "method.weighted": ("加权和法", "weighted"),
    "method.lexicographic": ("字典序法", "lexicographic"),
    "method.goal": ("目标规划", "goal"),
    "pareto.sense.1": ("最大", "max"),
    "pareto.sense.-1": ("最小", "min"),
    "pareto.row.1": ("最大化{name}", "max {name}"),
    "pareto.row.-1": ("最小化{name}", "min {name}"),
    "pareto.column": ("{name}（{sense}）", "{name} ({sense})"),
    "pareto.payoff_title": (
        "收益表（每行先优化一个目标）",
        "Payoff table (each row optimises one objective first)",
    ),
    "pareto.optimising": ("优化", "optimising"),
    "pareto.payoff_running": ("计算收益表…", "payoff table…"),
    "pareto.grid_running": ("网格", "grid"),
    "pareto.progress": (
        "点 {points}  求解 {solves}  剩余约 {left}",
        "points {points}  solves {solves}  time left ~{left}",
    ),
    "pareto.estimate": (
        "网格：{cells:,} 个单元，其中 {range_cells:,} 个在收益表范围内；最多 {solves:,} 次"
        "求解 × 每次约 {each}（此前求解的平均值）≈ {total}；总时间上限 {limit}；"
        "按 Ctrl-C 可停止并保留已找到的点",
        "grid: {cells:,} cells, {range_cells:,} within the payoff table's range; up to "
        "{solves:,} solves × {each} (the mean solve so far) ≈ {total}; the total time limit "
        "is {limit}; Ctrl-C stops and keeps the points found",
    ),
    "pareto.spread": (
        "每个目标（第一个除外）在收益表范围内均匀取 {points} 个值（--points）；"
        "完整前沿请用 --exact",
        "{points} values spread over the payoff range of every objective after the first "
        "(--points); --exact gives the whole front",
    ),
    "pareto.front_title": ("帕累托前沿（{n} 个点；★ 拐点）", "Pareto front ({n} points; ★ knee)"),
    "pareto.col.point": ("点", "point"),
    "pareto.col.funded_count": ("入选项目数", "funded_count"),
    "pareto.col.proven": ("已证最优", "proven"),
    "pareto.solves": (
        "共求解 {solves} 次（网格上 {grid} 次，每点 {per:.2f} 次{skipped}），{infeasible} "
        "个不可行，网格用时 {seconds:.1f} 秒{stop}；结果在 {out}/",
        "{solves} solves ({grid} on the grid, {per:.2f} per point{skipped}), {infeasible} "
        "infeasible, grid {seconds:.1f} s{stop}; results in {out}/",
    ),
    "pareto.skipped": (
        "，前沿的 {cells:,} 个网格单元中 {share:.1%} 无需求解",
        ", {share:.1%} of the front's {cells:,} grid cells skipped",
    ),
    "pareto.stopped": ("（已停止：{why}）", " (stopped: {why})"),
    "pareto.stopped.total time limit": ("总时间上限", "total time limit"),
    "pareto.stopped.interrupted": ("已中断（Ctrl-C）", "interrupted (Ctrl-C)"),
    "pareto.stop_requested": (
        "收到中断：结束当前求解并保留已找到的点；再按一次 Ctrl-C 放弃",
        "interrupt received: ending the current solve and keeping the points found; "
        "Ctrl-C again aborts",
    ),
    "pareto.aborted": (
        "再次中断，已放弃：未写出任何结果，--out 保持原样",
        "interrupted twice: aborted, nothing written; --out is as it was",
    ),
    "pareto.removed": (
        "网格 {cells:,} 个单元，得到 {points:,} 个互不相同的非支配点；已去除重复点 {dup:,} 个"
        "（从其他单元再次找到）、被支配点 {dom:,} 个",
        "{cells:,} grid cells gave {points:,} distinct non-dominated points; removed "
        "{dup:,} duplicates (found again from another cell) and {dom:,} dominated points",
    ),
    "pareto.exact": ("精确：包含全部非支配点{within}", "exact: every non-dominated point{within}"),
    "pareto.not_exact": (
        "非精确：可能不是完整的前沿{within}",
        "not exact: this may not be the whole front{within}",
    ),
    "pareto.within": ("（限定 {floors}，--nadir）", " within {floors} (--nadir)"),
    "pareto.none": ("未找到帕累托点：", "no Pareto point found:"),
    "pareto.none.nadir": (
        "没有方案能达到 {floors}（--nadir）",
        "no portfolio reaches {floors} (--nadir)",
    ),
    "pareto.none.grid": ("网格未找到方案", "the grid found no solution"),
    "pareto.conflict": ("冲突：", "conflict:"),
    "pareto.needs": (
        "帕累托前沿需要 2 到 4 个目标（--objectives a,b）",
        "pareto needs 2 to 4 objectives (--objectives a,b)",
    ),
    "pareto.why.unbounded": (
        "收益表未能给出{name}的上界：其网格止于已找到的最好值",
        "the payoff table did not bound {name}: its grid ends at the best value found",
    ),
    "pareto.why.max_steps": (
        "{name}按 {step:,.6g} 而非 1 分档（--max-steps {cap}）",
        "{name} is stepped by {step:,.6g}, not 1 (--max-steps {cap})",
    ),
    "pareto.why.spread": (
        "{name}：在收益表范围内均匀取 {count} 个值（--points），"
        "其间的点可能遗漏（--exact 可全部找出）",
        "{name}: {count} values spread over its payoff range (--points), points between "
        "them can be missed (--exact finds them all)",
    ),
    "pareto.why.beside_loose": (
        "{name}按网格取值而非逐 1 分档，因为{names}无法精确：{count} 个网格值，其间的点可能遗漏",
        "{name} is gridded, not stepped by 1, while {names} cannot be exact: {count} grid "
        "point{s}, points between them can be missed",
    ),
    "pareto.why.not_integer": (
        "{name}不取整数值：{count} 个网格值，其间的点可能遗漏",
        "{name} is not integer-valued: {count} grid point{s}, points between them can be missed",
    ),
    "pareto.why.from_worst": (
        "；其网格从收益表的最差值开始，可能截掉部分点",
        "; its grid starts at the payoff table's worst value, which can cut off points",
    ),
    "pareto.why.hint": (
        "（把它列在第一位，--objectives {order}，即可得到精确前沿）",
        " (listing it first, --objectives {order}, makes the front exact)",
    ),
    "pareto.why.interrupted": (
        "计算在网格完成前被中断（Ctrl-C）",
        "interrupted (Ctrl-C) before the grid was finished",
    ),
    "pareto.why.time_limit": (
        "总时间上限（{limit:g} 秒）在网格完成前停止了计算",
        "the total time limit ({limit:g} s) stopped the grid before it was finished",
    ),
    "pareto.why.unresolved": (
        "{count:,} 个网格单元在单点时间上限内未找到方案，那里的点可能缺失",
        "{count:,} grid cell{s} found no solution within the point time limit; points "
        "there may be missing",
    ),
    "pareto.why.unproven": (
        "{count:,} 次求解未证明最优即停止（单点时间上限或最优性差距；--mip-gap 0 可证明）："
        "点可能被支配或缺失",
        "{count:,} solve{s} stopped before proving the optimum (point time limit or MIP gap; "
        "--mip-gap 0 proves it): points may be dominated or missing",
    ),
    "pareto.why.weighted": (
        "加权和扫描只能找到支撑点（凸包上的点）",
        "a weighted-sum sweep finds only supported points (convex hull)",
    ),
    "duration.s": ("{n:.1f} 秒", "{n:.1f} s"),
    "duration.min": ("{n:.1f} 分钟", "{n:.1f} min"),
    "duration.h": ("{n:.1f} 小时", "{n:.1f} h"),
    "duration.d": ("{n:,.0f} 天", "{n:,.0f} days"),
}
LABELS.update(PARETO_LABELS)


def objective_label(name: str, lang: Lang, indicators: dict[str, str] | None = None) -> str:
    """An objective's name: its id in English (what --objectives takes), words in Chinese;
    `indicators` names the indicators of `gain:<id>`."""
    kind, _, key = name.partition(":")
    if kind in ("gain", "group") and key:
        return label(f"obj.{kind}", lang, id=key, name=(indicators or {}).get(key, key))
    return label(f"obj.{name}", lang) if f"obj.{name}" in LABELS else name


def duration(seconds: float, lang: Lang) -> str:
    """Seconds in the largest unit that keeps the number readable."""
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= 2 * size:
            return label(f"duration.{unit}", lang, n=seconds / size)
    return label("duration.s", lang, n=seconds)


# Faults: interrupts, result folders whose files changed.
FAULT_LABELS: dict[str, tuple[str, str]] = {
    "fault.interrupted": (
        "已中断（Ctrl-C）：未写出任何结果",
        "interrupted (Ctrl-C): nothing written",
    ),
    "out.first_solution": (
        "求解中：已找到第一个方案（差距 {gap}），继续寻找更好的方案",
        "solving: a first portfolio found (gap {gap}), searching for better ones",
    ),
    "web.upload.overrun.memory": (
        "检查这个工作簿需要超过 {mb} MB 内存，已停止：请查看是否有过大的数值（如建设年限、年份）。",
        "Checking this workbook needed more than {mb} MB of memory and was stopped: look for "
        "numbers far too large (a duration, a year).",
    ),
    "web.upload.overrun.time": (
        "检查这个工作簿超过 {s} 秒，已停止。",
        "Checking this workbook took more than {s} s and was stopped.",
    ),
    "web.upload.overrun.crash": (
        "检查这个工作簿时出错，详情已记录在服务器日志中。",
        "The check of this workbook failed; the server's log has the details.",
    ),
    "web.run.memory": (
        "计算使用的内存超过 {mb} MB，已停止。",
        "The run used more than {mb} MB of memory and was stopped.",
    ),
    "web.run.cancelled_kept": (
        "计算已取消：保留了取消时找到的最好方案（求解状态：已中断）。",
        "The run was cancelled: the best portfolio found by then is kept (status: interrupted).",
    ),
    "web.run.cancelling": (
        "正在停止，并保留已找到的最好方案；再点一次“取消计算”则放弃。",
        "Stopping and keeping the best portfolio found; cancel again to give it up.",
    ),
    "web.error.queue_full": (
        "等待计算的任务太多（最多 {n} 个），请稍后再试。",
        "Too many runs are waiting (at most {n}); try again later.",
    ),
    "web.sweep.empty": (
        "没有取值：终止值小于起始值",
        "No value: the end is below the start",
    ),
    "web.sweep.too_long": (
        "总计算时间过长：{n} 个取值 × 每次 {s} 秒，合计不能超过 24 小时",
        "Too long in all: {n} values × {s} s each; the whole sweep may take at most 24 hours",
    ),
    "fault.stopping": (
        "收到中断：完成当前计算后停止，保留已得到的结果；再按一次 Ctrl-C 放弃",
        "interrupt received: stopping after the current solve and keeping what was found; "
        "Ctrl-C again aborts",
    ),
    "fault.partial": (
        "已中断（Ctrl-C）：已得到的结果写入 {path}（清单中标记为中断）",
        "interrupted (Ctrl-C): what was found so far is written to {path} (marked interrupted)",
    ),
}
LABELS.update(FAULT_LABELS)
