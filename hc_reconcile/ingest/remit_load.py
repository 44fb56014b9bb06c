"""Load one 835 file into the ``remit.*`` tables (CONTRACT §1 "835 files", §2 remit tables).

Parsing and structure validation live in ``hc_reconcile.x12``; this module decides what
loads: rejected transactions go to ``recon.rejected_rows``; a valid transaction whose
(payer id, TRN02, BPR02 as a number) equals one already loaded — from an earlier file, or
earlier in this file — is re-sent and skipped; the rest loads with its correlation ids.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.x12 import Parsed835, parse_835

CORRELATION = ("isa13", "gs06", "st02", "trn02")
RESEND_KEY = ("payer_id", "trn02", "payment_amount")

#: remit table → columns taken from the parsed frame (after the correlation columns).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": (
        "segment_position",
        "claim_id",
        "status_code",
        "charge_amount",
        "paid_amount",
        "patient_responsibility",
        "claim_filing_indicator",
        "payer_claim_control_number",
    ),
    "services": (
        "segment_position",
        "claim_id",
        "procedure",
        "procedure_code",
        "charge_amount",
        "paid_amount",
        "units",
    ),
    "adjustments": (
        "segment_position",
        "claim_id",
        "level",
        "service_segment_position",
        "group_code",
        "reason_code",
        "amount",
        "quantity",
    ),
    "provider_adjustments": (
        "segment_position",
        "provider_id",
        "fiscal_period_date",
        "reason_code",
        "reference",
        "amount",
    ),
}
TRANSACTION_COLUMNS = (
    "segment_position",
    "payer_id",
    "payee_id",
    "trn03",
    "payment_method",
    "payment_amount",
    "payment_date",
)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, columns: list[str]) -> None:
    if frame.is_empty():
        return
    con.register("__remit", frame.select(columns).to_arrow())
    cols = ", ".join(columns)
    con.execute(f"INSERT INTO remit.{table} ({cols}) SELECT {cols} FROM __remit")
    con.unregister("__remit")


def _already_loaded(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    return con.sql(
        "SELECT DISTINCT payer_id, trn02, payment_amount FROM remit.transactions WHERE business_date <= $d",
        params={"d": business_date},
    ).pl()


def load_remit(
    con: duckdb.DuckDBPyConnection,
    *,
    business_date: date,
    file_name: str,
    file_seq: int,
    data: bytes,
) -> FileOutcome:
    """``parse_835`` then ``insert_remit``."""
    return insert_remit(
        con, parse_835(data), business_date=business_date, file_name=file_name, file_seq=file_seq
    )


def insert_remit(
    con: duckdb.DuckDBPyConnection,
    parsed: Parsed835,
    *,
    business_date: date,
    file_name: str,
    file_seq: int,
) -> FileOutcome:
    """Write one parsed 835 file: rejected transactions, re-sends skipped, the rest loaded."""
    if parsed.quarantine_reason is not None:
        return FileOutcome(status="quarantined", reason=parsed.quarantine_reason)

    if not parsed.rejected.is_empty():
        rejected = parsed.rejected.select(
            pl.lit(business_date).alias("business_date"),
            pl.lit("remit").alias("source"),
            pl.lit(file_name).alias("file_name"),
            pl.col("st_position").cast(pl.Int64).alias("line_no"),
            pl.lit(None, dtype=pl.Utf8).alias("column"),
            pl.col("reason"),
            pl.col("raw"),
        )
        con.register("__rejected", rejected.to_arrow())
        con.execute(
            'INSERT INTO recon.rejected_rows (business_date, source, file_name, line_no, "column", reason, raw) '
            'SELECT business_date, source, file_name, line_no, "column", reason, raw FROM __rejected'
        )
        con.unregister("__rejected")

    txns = parsed.transactions.rename({"st_position": "segment_position"})
    # Re-sends: first occurrence within the file wins, then anything already loaded is skipped.
    txns = txns.with_columns(
        pl.int_range(0, pl.len()).over(RESEND_KEY, order_by="segment_position").alias("__nth")
    )
    loaded_before = _already_loaded(con, business_date)
    keep = txns.filter(pl.col("__nth") == 0).join(
        loaded_before.with_columns(pl.lit(True).alias("__seen")),
        on=list(RESEND_KEY),
        how="left",
        nulls_equal=True,
    ).filter(pl.col("__seen").is_null())
    resent = txns.height - keep.height
    n_rejected = parsed.rejected.height

    if keep.is_empty() and n_rejected == 0 and resent > 0:
        return FileOutcome(
            status="duplicate",
            rows_resent=resent,
            reason=f"all {resent} transaction(s) re-sent: payer id, TRN02 and BPR02 already loaded",
        )

    lineage = keep.select(
        pl.lit(business_date).alias("business_date"),
        pl.lit(file_name).alias("file_name"),
        pl.lit(file_seq, dtype=pl.Int32).alias("file_seq"),
        *CORRELATION,
        pl.col("segment_position").alias("st_position"),
    )
    base = ["business_date", "file_name", "file_seq", *CORRELATION]
    _insert(con, "transactions", lineage.drop("st_position").hstack(keep.select(TRANSACTION_COLUMNS)), [*base, *TRANSACTION_COLUMNS])
    for table, columns in TABLE_COLUMNS.items():
        frame: pl.DataFrame = getattr(parsed, table)
        joined = frame.join(lineage, on="st_position", how="inner")
        _insert(con, table, joined, [*base, *columns])
    return FileOutcome(
        status="loaded", rows_loaded=keep.height, rows_rejected=n_rejected, rows_resent=resent
    )
