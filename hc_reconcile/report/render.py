"""HTML and plain-text bodies of the report, from jinja2 templates shipped in the package.

Charts are referenced by name; the caller decides how an image is addressed: a ``data:``
URI for the self-contained HTML file, ``cid:`` for the inline parts of an e-mail.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hc_reconcile.report import aging, charts, fmt, kpis, summary
from hc_reconcile.report.model import ReportData

LIST_LIMIT = 15
AGING_CHART = "aging"


def spark_name(kpi: str) -> str:
    return f"spark_{kpi}"


@dataclass(frozen=True, slots=True)
class Page:
    """Who a rendering is for and what comes with it."""

    audience: str | None  # an owner queue, or None for the full report
    attachments: Sequence[str]
    dagster_url: str
    generated_at: datetime


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hc_reconcile.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), disabled_extensions=("txt", "txt.j2"), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = fmt.money
    return env


def draw_charts(data: ReportData) -> dict[str, bytes]:
    """Every chart the report shows, as PNG bytes by name."""
    images = {AGING_CHART: charts.aging_by_queue(data.open_exceptions)}
    for name in kpis.HEADLINE:
        series = data.kpis.get(name)
        if series is not None:
            images[spark_name(name)] = charts.sparkline(series, end=data.business_date)
    return images


def data_uris(images: Mapping[str, bytes]) -> dict[str, str]:
    return {name: "data:image/png;base64," + base64.b64encode(png).decode("ascii") for name, png in images.items()}


def context(data: ReportData, page: Page) -> dict[str, Any]:
    headline = []
    for name in kpis.HEADLINE:
        info = kpis.info(name)
        series = data.kpis.get(name)
        value = series.value if series else None
        change = series.change if series else None
        headline.append(
            {
                "name": name,
                "label": info.label,
                "value": fmt.kpi_value(value, info),
                "change": fmt.kpi_change(change, info),
                "tone": fmt.change_tone(change, info),
                "image": spark_name(name) if series else None,
            }
        )
    others = []
    for name in sorted(set(data.kpis) - set(kpis.HEADLINE), key=lambda n: kpis.info(n).label):
        info, series = kpis.info(name), data.kpis[name]
        others.append(
            {
                "label": info.label,
                "value": fmt.kpi_value(series.value, info),
                "previous": fmt.kpi_value(series.previous, info),
                "change": fmt.kpi_change(series.change, info),
                "tone": fmt.change_tone(series.change, info),
            }
        )
    new = sorted((e for e in data.open_exceptions if e.is_new), key=lambda e: (-abs(e.amount), e.exception_id))
    return {
        "data": data,
        "page": page,
        "headline": headline,
        "other_kpis": others,
        "buckets": aging.LABELS,
        "total": summary.total(data.open_exceptions),
        "by_queue": summary.by_queue(
            data.open_exceptions, data.resolved, queues=[page.audience] if page.audience else []
        ),
        "by_type": summary.by_type_and_queue(data.open_exceptions, data.resolved),
        "new": new[:LIST_LIMIT],
        "new_count": len(new),
        "resolved": data.resolved[:LIST_LIMIT],
        "resolved_count": len(data.resolved),
        "list_limit": LIST_LIMIT,
        "aging_chart": AGING_CHART,
    }


def render_html(data: ReportData, *, page: Page, image_src: Mapping[str, str]) -> str:
    return _environment().get_template("report.html.j2").render(**context(data, page), image_src=image_src)


def render_text(data: ReportData, *, page: Page) -> str:
    return _environment().get_template("report.txt.j2").render(**context(data, page))
