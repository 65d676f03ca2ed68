"""One self-contained HTML report of a `solve --out` folder: tables and inline SVG charts,
no external files, so a finance bureau can open it offline."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import jinja2  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from optimizer.io.output import write_atomically  # noqa: E402
from optimizer.io.results import from_folder  # noqa: E402
from optimizer.reports.fiscal import fiscal_section, read_fiscal  # noqa: E402

TEMPLATE = Path(__file__).parent / "templates" / "report.html.j2"


def _svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prologue: inline in HTML


def attainment_chart(indicators: pd.DataFrame) -> str:
    """Share of each indicator's gap closed, binding ones in red, target line at 100 %."""
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(indicators) + 1))
    colours = ["#b22" if b else "#58a" for b in indicators["binding"]]
    ax.barh(indicators["indicator_id"], 100 * indicators["attainment"], color=colours)
    ax.axvline(100, color="black", lw=1, ls="--")
    ax.set_xlabel("% of the gap to target closed (red: binding)")
    ax.invert_yaxis()
    return _svg(fig)


def stacked_chart(funding: pd.DataFrame, by: str, xlabel: str) -> str:
    """万元 by `by` (year or region), stacked by source."""
    table = funding.pivot_table(index=by, columns="source_id", values="amount_wan", aggfunc="sum")
    fig, ax = plt.subplots(figsize=(9, 3.5))
    if not table.empty:
        table.fillna(0).plot.bar(stacked=True, ax=ax, rot=0)
        ax.legend(fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("10k yuan")
    return _svg(fig)


def render_report(folder: Path) -> str:
    """The report's HTML for a result folder."""
    result = from_folder(folder)
    s = result.summary
    ranked = result.ranked
    funding = result.funding_with_regions()
    funded = ranked[ranked["funded"] == "y"]
    spend = funding.groupby("region_id")["amount_wan"].sum()
    regions = [
        {
            "region_id": region,
            "funded": int((funded["region_id"] == region).sum()),
            "candidates": int((ranked["region_id"] == region).sum()),
            "cost": float(spend.get(region, 0.0)),
            "share": float(spend.get(region, 0.0) / spend.sum()) if spend.sum() else 0.0,
        }
        for region in sorted(ranked["region_id"].unique())
    ]
    manifest_path = folder / "manifest.json"
    description = ""
    if manifest_path.exists():
        description = json.loads(manifest_path.read_text(encoding="utf-8"))["scenario"].get(
            "description", ""
        )
    rows = ranked.assign(
        start=ranked["start_year"].map(lambda v: "" if pd.isna(v) else int(v))
    ).to_dict("records")
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(default=True))
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(
        s=s,
        description=description,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        gap="–" if s.get("gap") is None else f"{s['gap']:.3%}",
        indicators=result.indicators.to_dict("records"),
        regions=regions,
        ranked=rows,
        fiscal=fiscal_section(read_fiscal(folder), "en"),
        charts={
            "attainment": attainment_chart(result.indicators),
            "years": stacked_chart(funding, "year", "year"),
            "regions": stacked_chart(funding, "region_id", "region"),
        },
    )


def write_report(folder: Path, out: Path) -> None:
    """Render and write the report atomically."""
    html = render_report(folder)

    def write(tmp: Path) -> list[str]:
        (tmp / out.name).write_text(html, encoding="utf-8")
        return [out.name]

    write_atomically(out.parent, write)
