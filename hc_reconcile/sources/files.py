"""Dates for the source pullers (the file helpers they use are in ``hc_reconcile.fileio``)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in(timezone: str) -> date:
    """The business date "today" in ``timezone`` (an IANA name such as America/New_York)."""
    return datetime.now(ZoneInfo(timezone)).date()
