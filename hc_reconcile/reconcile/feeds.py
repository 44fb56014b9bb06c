"""The three correction feeds of CONTRACT §2 as Polars frames, built from D's open set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import duckdb
import polars as pl

from hc_reconcile.reconcile.sql import fetch_frame, load_sql

PACKAGE = "hc_reconcile.reconcile.feed_sql"

FeedName = Literal["billing_posting_corrections", "erp_journal_corrections", "crm_status_updates"]
FEED_NAMES: tuple[FeedName, ...] = get_args(FeedName)

MONEY = pl.Decimal(18, 2)

#: Columns of each feed, in contract order, with their types.
SCHEMAS: dict[FeedName, dict[str, pl.DataType]] = {
    "billing_posting_corrections": {
        "correction_id": pl.String(),
        "exception_id": pl.String(),
        "claim_id": pl.String(),
        "payer_id": pl.String(),
        "trace_number": pl.String(),
        "posting_type": pl.String(),
        "amount": MONEY,
        "reason": pl.String(),
    },
    "erp_journal_corrections": {
        "journal_id": pl.String(),
        "line_no": pl.Int64(),
        "exception_id": pl.String(),
        "entity_id": pl.String(),
        "account": pl.String(),
        "cost_center": pl.String(),
        "amount": MONEY,
        "reference": pl.String(),
        "description": pl.String(),
    },
    "crm_status_updates": {
        "referral_id": pl.String(),
        "claim_id": pl.String(),
        "financial_status": pl.String(),
        "paid_amount": MONEY,
        "as_of": pl.Date(),
    },
}


@dataclass(frozen=True, slots=True)
class Feeds:
    """What reconciling D asks the source systems to correct (rows sorted, stable ids)."""

    billing_posting_corrections: pl.DataFrame
    erp_journal_corrections: pl.DataFrame
    crm_status_updates: pl.DataFrame

    def frame(self, name: FeedName) -> pl.DataFrame:
        frame: pl.DataFrame = getattr(self, name)
        return frame


def _feed(con: duckdb.DuckDBPyConnection, name: FeedName, params: dict[str, Any]) -> pl.DataFrame:
    schema = SCHEMAS[name]
    frame = fetch_frame(con, load_sql(PACKAGE, name), params)
    if list(frame.columns) != list(schema):
        raise AssertionError(f"{name}: columns {frame.columns} differ from {list(schema)}")
    return frame.cast(schema)  # type: ignore[arg-type]


def build_feeds(con: duckdb.DuckDBPyConnection, *, params: dict[str, Any]) -> Feeds:
    """Needs the run's inputs and TEMP TABLE rc_detected (the open set as of D)."""
    return Feeds(
        billing_posting_corrections=_feed(con, "billing_posting_corrections", params),
        erp_journal_corrections=_feed(con, "erp_journal_corrections", params),
        crm_status_updates=_feed(con, "crm_status_updates", params),
    )
