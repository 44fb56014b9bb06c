"""Write the correction feeds as CSV under ``<outbox>/<D>/`` (CONTRACT §2).

UTF-8, comma, LF, header row even when empty, RFC 4180 minimal quoting; money rendered as
plain decimals with two places (``-12.50``), dates ISO, null as an empty field. Each file is
written to a temp file in the same folder, fsynced and moved into place with ``os.replace``,
so a reader never sees half a file and a rerun of D yields byte-identical files.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from hc_reconcile.fileio import write_bytes_atomic
from hc_reconcile.reconcile.feeds import FEED_NAMES, Feeds


def _render(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render_csv(frame: pl.DataFrame) -> bytes:
    """The CSV bytes of one feed frame."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(frame.columns)
    for row in frame.iter_rows():
        writer.writerow([_render(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def write_feeds(feeds: Feeds, *, outbox: Path, business_date: date) -> list[Path]:
    """Write the three feeds of D to ``<outbox>/<D>/<feed>.csv``; returns their paths."""
    folder = outbox / business_date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in FEED_NAMES:
        path = folder / f"{name}.csv"
        write_bytes_atomic(target=path, data=render_csv(feeds.frame(name)))
        paths.append(path)
    return paths
