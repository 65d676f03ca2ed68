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


def label(key: str, lang: Lang = DEFAULT_LANG, **fields: object) -> str:
    """The label `key` in `lang`, with `{fields}` filled in; an unknown key is an error."""
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


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
