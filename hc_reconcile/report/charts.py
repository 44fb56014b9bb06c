"""Charts as PNG bytes, drawn on matplotlib's Agg canvas explicitly.

No pyplot and no ``matplotlib.use``: the figures never touch a GUI backend or global state,
so the report runs headless, in threads, and beside code that uses pyplot.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from hc_reconcile.report import aging, kpis
from hc_reconcile.report.model import KpiSeries, OpenException

INK = "#1f3b57"
MUTED = "#9aa8b5"
BUCKET_COLOURS = ("#9ecae1", "#6baed6", "#f4a259", "#e76f51", "#9b2226")
SPARK_SIZE = (2.4, 0.6)  # inches at DPI → 240×60 px, shown at 120×30 CSS px
DPI = 100
# Reproducible bytes: no timestamp or version in the PNG.
_PNG_META = {"Software": None}


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata=_PNG_META)
    return buf.getvalue()


def sparkline(series: KpiSeries, *, end: date | None = None, window: int = kpis.TREND_DAYS) -> bytes:
    """The KPI over the ``window`` days up to ``end``; gaps where it is undefined, a dot on D."""
    fig = Figure(figsize=SPARK_SIZE)
    ax = fig.add_axes((0.02, 0.1, 0.96, 0.8))
    xs = [p.business_date.toordinal() for p in series.trend]
    ys = [math.nan if p.value is None else p.value for p in series.trend]
    if any(not math.isnan(y) for y in ys):
        ax.plot(xs, ys, color=INK, linewidth=2.0)
        last = next(((x, y) for x, y in zip(reversed(xs), reversed(ys), strict=True) if not math.isnan(y)), None)
        if last:
            ax.plot([last[0]], [last[1]], "o", color="#e76f51", markersize=5)
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", color=MUTED, fontsize=14, transform=ax.transAxes)
    if end is not None:
        ax.set_xlim(end.toordinal() - window + 1, end.toordinal())
    ax.set_axis_off()
    return _png(fig)


def aging_by_queue(exceptions: Sequence[OpenException]) -> bytes:
    """Horizontal stacked bars: open exceptions per owner queue, by aging bucket."""
    queues = sorted({e.owner_queue for e in exceptions})
    if not queues:
        fig = Figure(figsize=(7.2, 0.8))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.text(0.5, 0.5, "No open exceptions", ha="center", va="center", color=MUTED, fontsize=13)
        ax.set_axis_off()
        return _png(fig)
    height = 0.9 + 0.45 * len(queues)
    fig = Figure(figsize=(7.2, height))
    ax = fig.add_subplot()
    left = [0] * len(queues)
    for label, colour in zip(aging.LABELS, BUCKET_COLOURS, strict=True):
        counts = [sum(1 for e in exceptions if e.owner_queue == q and e.aging_bucket == label) for q in queues]
        ax.barh(queues, counts, left=left, color=colour, label=f"{label} d", height=0.6)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("open exceptions (days since first seen)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(ncols=len(aging.LABELS), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return _png(fig)
