"""CSV of open exceptions for one owner queue (identifiers masked, details masked JSON)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date

from hc_reconcile.report.model import OpenException

COLUMNS = (
    "exception_id",
    "exception_type",
    "entity_key",
    "owner_queue",
    "severity",
    "amount",
    "first_seen",
    "age_days",
    "aging_bucket",
    "new_since_previous",
    "details",
)
# A cell a spreadsheet would run as a formula (CSV injection): prefix it with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_name(*, business_date: date, owner_queue: str) -> str:
    """``exceptions-2026-11-23-cash_posting.csv``; the queue reduced to safe file characters."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", owner_queue).strip("._") or "queue"
    return f"exceptions-{business_date.isoformat()}-{safe}.csv"


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def queue_csv(rows: Iterable[OpenException]) -> bytes:
    """UTF-8, comma, LF, header row even when empty; rows in work order as given."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in rows:
        writer.writerow(
            (
                _text(e.exception_id),
                e.exception_type,
                _text(e.entity_key),
                e.owner_queue,
                e.severity,
                f"{e.amount:.2f}",
                e.first_seen.isoformat(),
                e.age_days,
                e.aging_bucket.replace("–", "-") + " days",
                "yes" if e.is_new else "no",
                _text(e.details),
            )
        )
    return buf.getvalue().encode("utf-8")
