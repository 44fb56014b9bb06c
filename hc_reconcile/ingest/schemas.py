"""Row rules of CONTRACT §1 as pandera (polars backend) schemas, one per source.

Input frames hold every value as text (nulls for empty fields); a row failing any check
is rejected with the column and the check. Nothing else is checked: not signs, not
columns outside the contract.
"""

from __future__ import annotations

import os
from functools import cache

os.environ.setdefault("PANDERA_VALIDATION_DEPTH", "SCHEMA_AND_DATA")

import pandera.polars as pa
import polars as pl

from hc_reconcile.ingest.specs import SPECS, ColumnSpec
from hc_reconcile.landing import CsvSource

MONEY_RE = r"^[+-]?([0-9]+(\.[0-9]{0,2})?|\.[0-9]{1,2})$"
INT_RE = r"^[+-]?[0-9]+$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIMESTAMP_RE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
)

#: Human-readable reason per pandera check name (prefix match).
REASONS: tuple[tuple[str, str], ...] = (
    ("not_nullable", "required value is empty"),
    ("money", "not a money amount with at most two decimals"),
    ("whole_number", "not a whole number"),
    ("real_date", "not a real date written YYYY-MM-DD"),
    ("timestamp", "not a timestamp YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM]"),
    ("isin", "not one of the allowed values"),
    ("out_of_range_money", "amount too large for DECIMAL(18,2) (more than 16 digits before the point)"),
    ("out_of_range_int", "number too large (more than 18 digits)"),
)


def _date_of(text: pl.Expr) -> pl.Expr:
    """The date of ``YYYY-MM-DD`` text, null unless a real date; year 0000 is not one
    (polars would parse it as year 0)."""
    parsed = text.str.to_date("%Y-%m-%d", strict=False)
    return pl.when(text.str.starts_with("0000")).then(None).otherwise(parsed)


def _real_date(data: pa.PolarsData) -> pl.LazyFrame:
    col = pl.col(data.key)
    parsed = _date_of(col)
    ok = col.is_null() | (col.str.contains(DATE_RE) & parsed.is_not_null())
    return data.lazyframe.select(ok)


def _timestamp(data: pa.PolarsData) -> pl.LazyFrame:
    col = pl.col(data.key)
    head = _date_of(col.str.slice(0, 10))
    hh = col.str.slice(11, 2).cast(pl.Int32, strict=False)
    mi = col.str.slice(14, 2).cast(pl.Int32, strict=False)
    ss = col.str.slice(17, 2).cast(pl.Int32, strict=False)
    ok = col.is_null() | (
        col.str.contains(TIMESTAMP_RE) & head.is_not_null() & (hh < 24) & (mi < 60) & (ss < 60)
    )
    return data.lazyframe.select(ok)


def _digits_at_most(limit: int):  # type: ignore[no-untyped-def]
    def check(data: pa.PolarsData) -> pl.LazyFrame:
        col = pl.col(data.key)
        whole = col.str.replace(r"^[+-]?0*", "").str.split(".").list.first()
        return data.lazyframe.select(col.is_null() | (whole.str.len_chars() <= limit))

    return check


def _checks(spec: ColumnSpec) -> list[pa.Check]:
    # The range checks keep values storable (DECIMAL(18,2), BIGINT); the contract's pattern
    # admits arbitrarily long numbers, which we reject rather than crash on.
    match spec.kind:
        case "money":
            return [
                pa.Check.str_matches(MONEY_RE, name="money"),
                pa.Check(_digits_at_most(16), name="out_of_range_money"),
            ]
        case "int":
            return [
                pa.Check.str_matches(INT_RE, name="whole_number"),
                pa.Check(_digits_at_most(18), name="out_of_range_int"),
            ]
        case "date":
            return [pa.Check(_real_date, name="real_date")]
        case "timestamp":
            return [pa.Check(_timestamp, name="timestamp")]
        case "enum":
            return [pa.Check.isin(list(spec.values))]
        case _:
            return []


@cache
def schema_for(source: CsvSource) -> pa.DataFrameSchema:
    """The pandera schema of one source's text frame (all columns Utf8)."""
    spec = SPECS[source]
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(pl.Utf8, nullable=not c.required, checks=_checks(c), required=True)
            for c in spec.columns
        },
        strict=False,
        name=source,
    )


def reason_for(check: str, column: str) -> str:
    if check.startswith("str_matches"):
        check = "whole_number" if INT_RE in check else "money"
    for prefix, text in REASONS:
        if check.startswith(prefix):
            if prefix == "isin":
                values = SPECS_BY_COLUMN.get(column, ())
                return f"{text} ({', '.join(values)})"
            return text
    return check


SPECS_BY_COLUMN: dict[str, tuple[str, ...]] = {
    c.name: c.values for spec in SPECS.values() for c in spec.columns if c.values
}


def failures(source: CsvSource, frame: pl.DataFrame) -> pl.DataFrame:
    """Failing cells of ``frame``: (index, column, reason, value); empty when every row passes."""
    empty = pl.DataFrame(
        schema={"index": pl.Int64, "column": pl.Utf8, "reason": pl.Utf8, "value": pl.Utf8}
    )
    try:
        schema_for(source).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.filter(pl.col("index").is_not_null())
        if cases.is_empty():
            return empty
        return cases.select(
            pl.col("index").cast(pl.Int64),
            pl.col("column").cast(pl.Utf8),
            pl.struct("check", "column")
            .map_elements(lambda s: reason_for(s["check"], s["column"]), return_dtype=pl.Utf8)
            .alias("reason"),
            pl.col("failure_case").cast(pl.Utf8).alias("value"),
        )
    return empty
