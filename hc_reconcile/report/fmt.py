"""Number formatting for people: money, rates, days, counts and their day-over-day change."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from hc_reconcile.report.kpis import KpiInfo

NOT_AVAILABLE = "n/a"
_CENT = Decimal("0.01")


def money(value: Decimal | float | int | None) -> str:
    """``$1,234.56`` / ``-$1,234.56``; exact for Decimal (amounts are DECIMAL(18,2))."""
    if value is None:
        return NOT_AVAILABLE
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def kpi_value(value: float | None, kpi: KpiInfo) -> str:
    if value is None:
        return NOT_AVAILABLE
    if kpi.unit == "money":
        return money(value)
    if kpi.unit == "rate":
        return f"{value * 100:.1f}%"
    if kpi.unit == "days":
        return f"{value:,.1f} d"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def shown(change: float | None, kpi: KpiInfo) -> float | None:
    """The change rounded as it is displayed, so a change shown as 0 is 0."""
    if change is None:
        return None
    digits = {"money": 2, "rate": 3, "days": 1}.get(kpi.unit, 2)
    return round(change, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def kpi_change(change: float | None, kpi: KpiInfo) -> str:
    """Signed change from the previous business date (rates in percentage points)."""
    change = shown(change, kpi)
    if change is None:
        return NOT_AVAILABLE
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    size = abs(change)
    if kpi.unit == "money":
        return f"{sign}{money(size)}"
    if kpi.unit == "rate":
        return f"{sign}{size * 100:.1f} pp"
    if kpi.unit == "days":
        return f"{sign}{size:,.1f} d"
    return f"{sign}{size:,.0f}" if float(size).is_integer() else f"{sign}{size:,.2f}"


def change_tone(change: float | None, kpi: KpiInfo) -> str:
    """``good``, ``bad`` or ``flat``: colours the change in the report."""
    change = shown(change, kpi)
    if change is None or change == 0 or kpi.better == "neutral":
        return "flat"
    improved = change < 0 if kpi.better == "lower" else change > 0
    return "good" if improved else "bad"
