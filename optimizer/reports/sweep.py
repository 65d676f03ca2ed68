"""Sweep outputs: the runs table (rewritten after every run), marginal values, a plot."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from optimizer.config import Scenario
from optimizer.io.output import (
    save_csv,
    save_workbook,
    write_atomically,
    write_csv_atomically,
)
from optimizer.manifest import manifest_files
from optimizer.reports.charts import pyplot
from optimizer.studies.stress import price_of_robustness


def write_runs(runs: pd.DataFrame, out_dir: Path) -> None:
    """Rewrite sweep.csv with the runs finished so far."""

    write_csv_atomically(runs, out_dir, "sweep.csv")


def plot_sweep(runs: pd.DataFrame, params: list[str], path: Path) -> None:
    """Attainment of each indicator against the first parameter, one panel per indicator,
    one line per combination of the other parameters."""
    indicators = [c for c in runs.columns if c.startswith("attain_")]
    cols = min(4, len(indicators))
    rows = math.ceil(len(indicators) / cols)
    plt = pyplot()
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    others = params[1:]
    groups = runs.groupby(others) if others else [((), runs)]
    for ax, col in zip(axes.flat, indicators, strict=False):
        for key, group in groups:
            key = key if isinstance(key, tuple) else (key,)
            label = ", ".join(f"{p}={v:g}" for p, v in zip(others, key, strict=True)) or None
            ordered = group.sort_values(params[0])
            ax.plot(ordered[params[0]], 100 * ordered[col], "-o", ms=3, label=label)
        ax.axhline(100, color="grey", lw=0.8, ls="--")
        ax.set_title(col.removeprefix("attain_"), fontsize=9)
        ax.set_xlabel(params[0], fontsize=8)
        ax.set_ylabel("% of gap closed", fontsize=8)
        if others:
            ax.legend(fontsize=6)
    for ax in list(axes.flat)[len(indicators) :]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_sweep(
    runs: pd.DataFrame,
    marginal: pd.DataFrame,
    params: list[str],
    out_dir: Path,
    scenario: Scenario,
) -> None:
    """Final outputs: sweep.csv, marginal_values.csv, sweep.xlsx, sweep.png; a sweep over
    robust.gamma adds price_of_robustness.csv."""

    def write(tmp: Path) -> list[str]:
        save_csv(runs, tmp / "sweep.csv")
        names = ["sweep.csv", "sweep.xlsx"]
        sheets = {"runs": runs}
        if not marginal.empty:
            sheets["marginal_values"] = marginal
            save_csv(marginal, tmp / "marginal_values.csv")
            names.append("marginal_values.csv")
        if "robust.gamma" in params and "score" in runs:
            sheets["price_of_robustness"] = price = price_of_robustness(runs)
            save_csv(price, tmp / "price_of_robustness.csv")
            names.append("price_of_robustness.csv")
        save_workbook(tmp / "sweep.xlsx", sheets)
        if any(c.startswith("attain_") for c in runs.columns):
            plot_sweep(runs, params, tmp / "sweep.png")
            names.append("sweep.png")
        record = {
            "runs": len(runs),
            "params": params,
            "statuses": runs["status"].value_counts().to_dict(),
        }
        return [*names, *manifest_files(scenario, "sweep", record, tmp)]

    write_atomically(out_dir, write)
