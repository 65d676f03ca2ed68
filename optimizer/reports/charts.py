"""matplotlib for every chart, loaded on first use: importing it costs about a second, and
`solve`, `validate` or `compare` draw nothing. Also the fonts the charts use (a CJK font
when one is installed) and the inline-SVG form the HTML reports embed."""

from __future__ import annotations

import functools
import io
from types import ModuleType
from typing import Any

# CJK families in order of preference; matplotlib falls back along the list per glyph.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "WenQuanYi Zen Hei",
)


@functools.cache
def pyplot() -> ModuleType:
    """matplotlib.pyplot on the Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@functools.cache
def chart_fonts() -> list[str]:
    """Font families for the charts: an installed CJK font first, DejaVu Sans last.
    matplotlib does not index font collections (.ttc, e.g. Debian's fonts-noto-cjk), so
    those are registered here once."""
    pyplot()
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_FAMILIES):
        for path in font_manager.findSystemFonts(fontext="ttc"):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable collection: fall back to the next font
        known = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FAMILIES if f in known] + ["DejaVu Sans"]


def has_cjk_font() -> bool:
    return len(chart_fonts()) > 1


def thousands(axis: Any, digits: str = ",.0f") -> None:
    """Tick labels with thousands separators, never scientific notation."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:{digits}}"))


def svg(fig: Any) -> str:
    """The figure as inline SVG (no XML prologue), and the figure closed."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    pyplot().close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]
