"""The scenario and sweep forms: the values they show (from a scenario dict and the input's
summary) and the scenario a submitted form makes. Budgets, shares and the gap are typed in
percent, as planners think of them; the scenario stores fractions.

Field names are fixed words plus the position of a source or indicator in the input
(`source_0`, `floor_3`), so ids from a workbook never become form field names.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from optimizer.errors import InputError
from optimizer.labels import Lang, label
from optimizer.studies.sweep import parse_values
from optimizer.web.workspace import scenario_defaults

RULES = (
    "mandatory",
    "binding_targets",
    "land",
    "equity",
    "dependencies",
    "exclusions",
    "start_limits",
    "allow_carry_over_projects",
)
KINDS = ("gain", "shortfall")
MAX_SWEEP_VALUES = 12
PERCENT_PARAMS = ("budget.", "land.")  # swept in % of the plan, stored as a scale
MAX_TIME_LIMIT = 24 * 3600.0  # seconds: one run, and a whole sweep


def plain(value: float) -> str:
    """A number as a person would type it: no float noise (80, not 80.00000000000001)."""
    return f"{round(value, 9):g}"


def format_number(value: Any) -> str:
    """Thousands separators, no scientific notation; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_percent(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.{digits}f}%"


def scenario_form(doc: dict[str, Any], info: dict[str, Any]) -> dict[str, str]:
    """The form's field values for a scenario dict (defaults filled in); a checkbox is
    'on' when ticked."""
    full = scenario_defaults(doc)
    budget, rules, objective, solver = (full[k] for k in ("budget", "rules", "objective", "solver"))
    values = {
        "name": full["name"],
        "description": full["description"],
        "budget_scale": plain(100 * budget["scale"]),
        "kind": objective["kind"],
        "time_limit": plain(solver["time_limit"]),
        "mip_gap": plain(100 * solver["mip_gap"]),
        "explain": "on" if solver["explain"] else "",
        "region_min": "",
        "region_max": "",
    }
    for key, field in (("region_min_share", "region_min"), ("region_max_share", "region_max")):
        if rules[key] is not None:
            values[field] = plain(100 * rules[key])
    for key in RULES:
        values[f"rule_{key}"] = "on" if rules[key] else ""
    for k, source in enumerate(info["sources"]):
        values[f"source_{k}"] = plain(100 * budget["sources"].get(source["id"], 1.0))
    floors = rules["indicator_floors"]
    for k, ind in enumerate(info["indicators"]):
        i = ind["id"]
        values[f"floor_{k}"] = plain(floors[i]) if i in floors else ""
        values[f"weight_{k}"] = plain(objective["weights"].get(i, objective["default_weight"]))
    return values


class _Numbers:
    """Reads numbers from a submitted form, collecting one message per bad field."""

    def __init__(self, form: Mapping[str, str], lang: Lang) -> None:
        self.form = form
        self.lang = lang
        self.errors: list[str] = []

    def __call__(
        self, field: str, name: str, lo: float, hi: float, blank: bool = False
    ) -> float | None:
        text = str(self.form.get(field, "")).strip()
        if not text:
            if not blank:
                self.errors.append(label("web.form.required", self.lang, field=name))
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not lo <= value <= hi:  # also false for nan
            self.errors.append(
                label("web.form.bad_number", self.lang, field=name, lo=plain(lo), hi=plain(hi))
            )
            return None
        return value


def parse_scenario_form(
    form: Mapping[str, str], info: dict[str, Any], base: dict[str, Any], lang: Lang
) -> tuple[dict[str, Any], list[str]]:
    """The scenario a submitted form makes, over `base` (keys the form does not show are
    kept), and the problems found; the scenario is only usable when there are none."""
    number = _Numbers(form, lang)

    def t(key: str) -> str:
        return label(f"web.form.{key}", lang)

    doc = copy.deepcopy(base)
    doc.pop("data", None)
    doc["name"] = str(form.get("name", "")).strip()[:200]
    if not doc["name"]:
        number.errors.append(label("web.form.required", lang, field=t("name")))
    doc["description"] = str(form.get("description", "")).strip()[:2000]
    budget = doc.setdefault("budget", {})
    budget["scale"] = (number("budget_scale", t("budget_all"), 0, 1000) or 0) / 100
    budget["sources"] = {
        source["id"]: (number(f"source_{k}", source["name"], 0, 1000) or 0) / 100
        for k, source in enumerate(info["sources"])
    }
    rules = doc.setdefault("rules", {})
    for key in RULES:
        rules[key] = bool(form.get(f"rule_{key}"))
    for key, field in (("region_min_share", "region_min"), ("region_max_share", "region_max")):
        share = number(field, t(field), 0, 100, blank=True)
        rules.pop(key, None)
        if share is not None:
            rules[key] = share / 100
    objective = doc.setdefault("objective", {})
    rules["indicator_floors"] = {}
    objective["weights"] = {}
    for k, ind in enumerate(info["indicators"]):
        floor_name = f"{ind['name']} {label('web.col.floor', lang)}"
        floor = number(f"floor_{k}", floor_name, -1e12, 1e12, blank=True)
        if floor is not None:
            rules["indicator_floors"][ind["id"]] = floor
        weight_name = f"{ind['name']} {label('web.col.weight', lang)}"
        objective["weights"][ind["id"]] = number(f"weight_{k}", weight_name, 0, 1000) or 0.0
    objective["kind"] = form.get("kind") if form.get("kind") in KINDS else "gain"
    solver = doc.setdefault("solver", {})
    solver["time_limit"] = number("time_limit", t("time_limit"), 1, MAX_TIME_LIMIT) or 60.0
    solver["mip_gap"] = (number("mip_gap", t("mip_gap"), 0, 99) or 0) / 100
    solver["explain"] = bool(form.get("explain"))
    errors = number.errors
    if not errors:
        try:
            scenario_defaults(doc)
        except ValidationError as exc:  # rules across fields, e.g. min share above max
            errors = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    return doc, errors


def sweep_params(info: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """(parameter path, what the person reads) for every parameter a sweep may move."""
    params = [("budget.scale", label("web.param.budget.scale", lang))]
    params += [
        (f"budget.{s['id']}", label("web.param.budget", lang, name=s["name"]))
        for s in info["sources"]
    ]
    params.append(("land.scale", label("web.param.land.scale", lang)))
    params += [
        (f"floor.{i['id']}", label("web.param.floor", lang, name=i["name"]))
        for i in info["indicators"]
    ]
    return params


def parse_sweep_form(
    form: Mapping[str, str], info: dict[str, Any], lang: Lang
) -> tuple[dict[str, Any], float, list[str]]:
    """The sweep job (parameter path and values) and time limit per run a form asks for."""
    number = _Numbers(form, lang)

    def t(key: str) -> str:
        return label(f"web.sweep.{key}", lang)

    param = str(form.get("param", ""))
    if param not in dict(sweep_params(info, lang)):
        number.errors.append(label("web.form.required", lang, field=t("param")))
    start = number("start", t("start"), -1e12, 1e12)
    stop = number("stop", t("stop"), -1e12, 1e12)
    step = number("step", t("step"), 1e-9, 1e12)
    time_limit = number("time_limit", t("time_limit"), 1, MAX_TIME_LIMIT) or 60.0
    values: tuple[float, ...] = ()
    if start is not None and stop is not None and step is not None:
        count = math.floor((stop - start) / step + 1e-9) + 1  # counted before any is made
        if count > MAX_SWEEP_VALUES:
            n = f"{count:,}"
            number.errors.append(label("web.sweep.too_many", lang, n=n, max=MAX_SWEEP_VALUES))
        elif count < 1:
            number.errors.append(label("web.sweep.empty", lang))
        else:
            try:
                values = parse_values(f"{start!r}:{stop!r}:{step!r}", t("param"))
            except InputError as exc:
                number.errors += [issue.message for issue in exc.issues]
        if values and len(values) * time_limit > MAX_TIME_LIMIT:
            number.errors.append(
                label("web.sweep.too_long", lang, n=len(values), s=plain(time_limit))
            )
    if param.startswith(PERCENT_PARAMS):
        values = tuple(round(v / 100, 10) for v in values)
    return {"kind": "sweep", "param": param, "values": list(values)}, time_limit, number.errors


def scenario_summary(doc: dict[str, Any], info: dict[str, Any], lang: Lang) -> str:
    """What a run's scenario changes from the plan as given, in a line."""
    full = scenario_defaults(doc)
    budget, rules = full["budget"], full["rules"]
    names = {s["id"]: s["name"] for s in info.get("sources", [])}
    indicators = {i["id"]: i["name"] for i in info.get("indicators", [])}
    parts = []
    if budget["scale"] != 1:
        name = label("web.form.budget_all", lang)
        parts.append(label("web.sum.budget", lang, name=name, pct=plain(100 * budget["scale"])))
    parts += [
        label("web.sum.budget", lang, name=names.get(s, s), pct=plain(100 * v))
        for s, v in budget["sources"].items()
        if v != 1
    ]
    off = [label(f"web.rule.{key}", lang) for key in RULES[:-1] if not rules[key]]
    if off:
        parts.append(label("web.sum.off", lang, rules="、".join(off)))
    parts += [
        label("web.sum.floor", lang, name=indicators.get(i, i), value=plain(v))
        for i, v in rules["indicator_floors"].items()
    ]
    if full["objective"]["kind"] == "shortfall":
        parts.append(label("web.sum.shortfall", lang))
    parts.append(label("web.sum.time", lang, s=plain(full["solver"]["time_limit"])))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
