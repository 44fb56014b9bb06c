"""Database values → contract CSV text (CONTRACT §1): UTF-8, comma, RFC 4180, LF.

Null → empty field. Money stays exact: ``Decimal`` is written in plain notation and a
float (SQLite REAL) by its shortest round-trip text, never rounded, so a value the
contract does not accept ("12.345") is still rejected by ingest, visibly. Dates are ISO.
For an ``int`` column (units) an integral value is written without decimals (2.0 → 2);
for a ``date`` column a midnight timestamp is written as the date.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal

from hc_reconcile.ingest.specs import Kind

_NEEDS_QUOTES = (",", '"', "\n", "\r")


def _plain_decimal(value: Decimal) -> str:
    return format(value, "f") if value.is_finite() else str(value)


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return repr(value)
    return _plain_decimal(Decimal(repr(value)))


def field_text(value: object, *, kind: Kind | None = None) -> str:
    """One value as CSV field text (before quoting)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "int" and isinstance(value, float | Decimal) and _integral(value):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        if kind == "date" and value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8")  # UnicodeDecodeError: caller reports the column
    return str(value)


def _integral(value: float | Decimal) -> bool:
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return value.is_finite() and value == value.to_integral_value()


def csv_line(fields: list[str]) -> str:
    """RFC 4180: quote a field holding a comma, quote, CR or LF; double inner quotes; LF ends."""
    out = []
    for text in fields:
        if any(ch in text for ch in _NEEDS_QUOTES):
            out.append('"' + text.replace('"', '""') + '"')
        else:
            out.append(text)
    return ",".join(out) + "\n"
