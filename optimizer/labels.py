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
