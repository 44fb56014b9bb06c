"""One partition per business date."""

from __future__ import annotations

import os
from datetime import date

from dagster import DailyPartitionsDefinition

PARTITION_START = os.environ.get("HC_PARTITION_START", "2026-01-01")
TIMEZONE = os.environ.get("HC_TIMEZONE", "America/New_York")

daily_partitions = DailyPartitionsDefinition(start_date=PARTITION_START, timezone=TIMEZONE)


def partition_date(key: str) -> date:
    return date.fromisoformat(key)
