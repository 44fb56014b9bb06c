"""Value checks of contract §1: money, dates, units, timestamps."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

MONEY_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]{0,2})?|\.[0-9]{1,2})")
UNITS_RE = re.compile(r"[+-]?[0-9]+")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
X12_DATE_RE = re.compile(r"[0-9]{8}")
TIMESTAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def _integer_digits(text: str) -> int:
    """Digits before the point, sign and leading zeros left out."""
    return len(text.lstrip("+-").split(".")[0].lstrip("0"))


def parse_money(text: str) -> Decimal | None:
    """Decimal of a contract money value, None when it is not one.

    A value must also fit DECIMAL(18,2): at most 16 digits before the point (a choice,
    docs/contract-choices.md 3: the pattern admits any length, the warehouse cannot)."""
    if not MONEY_RE.fullmatch(text) or _integer_digits(text) > 16:
        return None
    return Decimal(text)


def is_units(text: str) -> bool:
    """A whole number that fits BIGINT (at most 18 digits; the same choice as for money)."""
    return UNITS_RE.fullmatch(text) is not None and _integer_digits(text) <= 18


def parse_iso_date(text: str) -> date | None:
    """A real date written YYYY-MM-DD, else None."""
    if not DATE_RE.fullmatch(text):
        return None
    try:
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def parse_x12_date(text: str) -> date | None:
    """A real date written CCYYMMDD, else None."""
    if not X12_DATE_RE.fullmatch(text):
        return None
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def is_timestamp(text: str) -> bool:
    """YYYY-MM-DD[T ]HH:MM:SS[.f][Z|±HH:MM] with a real date and time (hours 00-23)."""
    if not TIMESTAMP_RE.fullmatch(text):
        return False
    hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
    if hour > 23 or minute > 59 or second > 59:
        return False
    return parse_iso_date(text[:10]) is not None
