"""Formatting of money (integer cents) and dates, in Python and as polars expressions."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl


def money(cents: int) -> str:
    """Integer cents -> "-12.30" (always two decimals)."""
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"


def money_expr(col: str | pl.Expr) -> pl.Expr:
    """Polars version of :func:`money` for an Int64 cents column."""
    e = pl.col(col) if isinstance(col, str) else col
    a = e.abs()
    return pl.concat_str(
        pl.when(e < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        (a // 100).cast(pl.String),
        pl.lit("."),
        (a % 100).cast(pl.String).str.zfill(2),
    )


def day_date(start: date, day: int) -> date:
    return start + timedelta(days=day)


def iso(start: date, day: int) -> str:
    return day_date(start, day).isoformat()


def x12_date(start: date, day: int) -> str:
    return day_date(start, day).strftime("%Y%m%d")


def date_expr(start: date, col: str | pl.Expr, fmt: str = "%Y-%m-%d") -> pl.Expr:
    """Polars: day offset column -> formatted date string."""
    e = pl.col(col) if isinstance(col, str) else col
    return (pl.lit(start) + pl.duration(days=e)).dt.strftime(fmt)


def zid(prefix: str, col: str | pl.Expr, width: int) -> pl.Expr:
    """Polars: integer column -> zero-padded id with a prefix, e.g. CH000000012."""
    e = pl.col(col) if isinstance(col, str) else col
    return pl.concat_str(pl.lit(prefix), e.cast(pl.String).str.zfill(width))
