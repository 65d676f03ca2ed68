"""Pareto outputs: points table, robust portfolio (core / never funded), knee, plots, diffs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.analysis.pareto_result import ParetoResult
from optimizer.config import Scenario
from optimizer.io.output import (
    save_csv,
    save_workbook,
    write_atomically,
    write_csv_atomically,
)
from optimizer.manifest import manifest_files
from optimizer.model.inputs import ModelInputs
from optimizer.reports.charts import pyplot, thousands


def knee_index(values: np.ndarray, senses: list[int]) -> int | None:
    """The knee: 2 objectives, farthest from the chord between the extremes (normalised);
    3+, closest to the ideal point. Values are in their own sense."""
    if len(values) == 0:
        return None
    g = values * np.array(senses)
    span = np.where(np.ptp(g, axis=0) > 0, np.ptp(g, axis=0), 1.0)
    norm = (g - g.min(axis=0)) / span  # 1 = best on each objective
    if g.shape[1] == 2 and len(g) > 2:
        a, b = norm[np.argmax(norm[:, 0])], norm[np.argmax(norm[:, 1])]
        chord = b - a
        length = np.linalg.norm(chord)
        if length > 0:
            dist = np.abs(chord[0] * (a[1] - norm[:, 1]) - chord[1] * (a[0] - norm[:, 0])) / length
            return int(np.argmax(dist))
    return int(np.argmin(np.linalg.norm(1.0 - norm, axis=1)))


def points_frame(front: ParetoResult) -> pd.DataFrame:
    """One row per non-dominated point: objective values, counts and the funded set."""
    names = [s.name for s in front.objectives]
    values = np.array([p.values for p in front.points]).reshape(len(front.points), len(names))
    knee = knee_index(values, [s.sense for s in front.objectives])
    frame = pd.DataFrame(values, columns=names)
    frame.insert(0, "point", range(1, len(frame) + 1))
    frame["funded_count"] = [len(p.funded) for p in front.points]
    frame["status"] = [p.status.value for p in front.points]
    frame["proven"] = [p.proven for p in front.points]
    # the front's verdict on every row: a points.csv read alone still says it
    frame["front_exact"] = front.exact
    frame["not_exact"] = not_exact_text(front)
    frame["knee"] = [i == knee for i in range(len(frame))]
    frame["funded"] = [";".join(p.funded) for p in front.points]
    frame["starts"] = [
        ";".join(f"{q}@{t}" for q, t in sorted(p.starts.items())) for p in front.points
    ]
    return frame


def robustness_frame(front: ParetoResult, d: ModelInputs) -> pd.DataFrame:
    """Per project: on how many points it is funded; core = all, never = none."""
    counts = pd.Series(0, index=d.projects)
    for p in front.points:
        counts[list(p.funded)] += 1
    n = max(len(front.points), 1)
    status = np.where(counts == n, "core", np.where(counts == 0, "never", "sometimes"))
    frame = pd.DataFrame(
        {
            "project_id": d.projects,
            "name": [d.name[p] for p in d.projects],
            "category": [d.category[p] for p in d.projects],
            "region_id": [d.region[p] for p in d.projects],
            "cost_wan": [d.cost[p] for p in d.projects],
            "points_funded": counts.to_numpy(),
            "share_of_points": counts.to_numpy() / n,
            "status": status,
        }
    )
    order = {"core": 0, "sometimes": 1, "never": 2}
    return frame.sort_values(
        ["status", "share_of_points", "project_id"],
        key=lambda c: (
            c.map(order) if c.name == "status" else (-c if c.name == "share_of_points" else c)
        ),
    ).reset_index(drop=True)


def plot_front(front: ParetoResult, points: pd.DataFrame, stem: Path) -> list[Path]:
    """2-D front, or a pairwise grid for 3+ objectives; knee marked. Writes PNG and SVG."""
    names = [s.name for s in front.objectives]
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    cols = min(len(pairs), 3)
    rows = -(-len(pairs) // cols)
    plt = pyplot()
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4 * rows), squeeze=False)
    knee = points[points["knee"]]
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        ordered = points.sort_values(names[i])
        style = "-o" if len(names) == 2 else "o"  # projections of a 3+-D front are not curves
        ax.plot(ordered[names[i]], ordered[names[j]], style, ms=4, color="tab:blue", lw=1)
        ax.tick_params(axis="x", labelrotation=30)
        for axis in (ax.xaxis, ax.yaxis):
            thousands(axis, ",.4g")
        ax.plot(knee[names[i]], knee[names[j]], "*", ms=16, color="tab:red", label="knee")
        ax.set_xlabel(_label(front, i))
        ax.set_ylabel(_label(front, j))
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
    for ax in list(axes.flat)[len(pairs) :]:
        ax.axis("off")
    fig.suptitle(f"Pareto front: {len(points)} non-dominated portfolios")
    fig.tight_layout()
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    for path in paths:
        fig.savefig(path, dpi=120)
    plt.close(fig)
    return paths


def _sense(front: ParetoResult, k: int) -> str:
    return "max" if front.objectives[k].sense > 0 else "min"


ASCII_UNITS = {"万元": "10k yuan", "亩": "mu", "个": "count", "万人": "10k people"}


def _label(front: ParetoResult, k: int) -> str:
    """Axis label in ASCII: the default matplotlib fonts have no CJK glyphs."""
    spec = front.objectives[k]
    unit = ASCII_UNITS.get(spec.unit, spec.unit)
    return f"{spec.name} ({unit}, {_sense(front, k)})"


def write_points(front: ParetoResult, out_dir: Path) -> None:
    """Rewrite points.csv with the points found so far (a stopped run keeps them)."""

    write_csv_atomically(points_frame(front), out_dir, "points.csv")


def not_exact_text(front: ParetoResult) -> str:
    """'' for an exact front, else 'not exact: reason; reason'."""
    return "not exact: " + "; ".join(front.not_exact_text) if front.not_exact else ""


def pareto_summary(front: ParetoResult, robust: pd.DataFrame) -> dict:
    """The run in one JSON-able dict."""
    points = len(front.points)
    return {
        "objectives": [s.name for s in front.objectives],
        "points": points,
        "exact": front.exact,
        "not_exact_reasons": front.not_exact_text,
        "restricted_to": front.restricted,
        "solves": front.solves,
        "grid_solves": front.grid_solves,
        "grid_solves_per_point": round(front.grid_solves / points, 3) if points else None,
        "grid_cells": front.grid_cells,
        "front_grid_cells": front.front_cells,
        "skipped_share": round(front.skipped_share, 4),
        "infeasible": front.infeasible,
        "duplicates_removed": front.duplicates,
        "dominated_removed": front.dominated,
        "slices": front.slices,
        "grid_seconds": round(front.seconds, 3),
        "cold_solve_seconds": round(front.cold_solve_seconds, 3),
        "stopped": front.stopped,
        "core_projects": int((robust["status"] == "core").sum()),
        "never_funded": int((robust["status"] == "never").sum()),
    }


def write_pareto(front: ParetoResult, d: ModelInputs, out_dir: Path, scenario: Scenario) -> None:
    """Final outputs: payoff, points, robustness (CSV + one workbook), plots, summary."""
    points = points_frame(front)
    robust = robustness_frame(front, d)
    frames = {
        "points": points,
        "payoff": front.payoff.rename_axis("optimising").reset_index(),
        "robustness": robust,
    }

    def write(tmp: Path) -> list[str]:
        names = []
        for name, frame in frames.items():
            save_csv(frame, tmp / f"{name}.csv")
            names.append(f"{name}.csv")
        save_workbook(tmp / "pareto.xlsx", frames)
        record = pareto_summary(front, robust)
        (tmp / "summary.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
        names += ["pareto.xlsx", "summary.json", *manifest_files(scenario, "pareto", record, tmp)]
        if len(front.objectives) >= 2 and len(points):
            names += [p.name for p in plot_front(front, points, tmp / "front")]
        return names

    write_atomically(out_dir, write)


def neighbour_changes(points: pd.DataFrame, k: int, names: dict[str, str]) -> pd.DataFrame:
    """Projects entering/leaving between point k and its neighbours (points sorted by the
    first objective), and how each objective moves."""
    objectives = list(points.columns[1 : points.columns.get_loc("funded_count")])
    ordered = points.sort_values(objectives[0]).reset_index(drop=True)
    pos = ordered.index[ordered["point"] == k]
    if len(pos) == 0:
        raise KeyError(f"no point {k}; points are 1..{len(points)}")
    i = int(pos[0])
    here = set(filter(None, str(ordered.at[i, "funded"]).split(";")))
    rows = []
    for j in (i - 1, i + 1):
        if not 0 <= j < len(ordered):
            continue
        there = set(filter(None, str(ordered.at[j, "funded"]).split(";")))
        other = int(ordered.at[j, "point"])
        moves = ", ".join(f"{o} {ordered.at[j, o] - ordered.at[i, o]:+,.4g}" for o in objectives)
        for p in sorted(there - here):
            rows.append((other, "in", p, names.get(p, ""), moves))
        for p in sorted(here - there):
            rows.append((other, "out", p, names.get(p, ""), moves))
    return pd.DataFrame(
        rows, columns=["neighbour", "change", "project_id", "name", "objectives_move"]
    )
