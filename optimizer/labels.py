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


def label(key: str, lang: Lang = DEFAULT_LANG, **fields: object) -> str:
    """The label `key` in `lang`, with `{fields}` filled in; an unknown key is an error."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
