"""Rebuild recon.exceptions from every date's detections (CONTRACT §2 lifecycle)."""

from __future__ import annotations

from datetime import date

import duckdb

from hc_reconcile.reconcile.sql import load_sql

PACKAGE = "hc_reconcile.reconcile"


def mark_run_date(con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
    con.execute(
        "INSERT INTO recon.run_dates (business_date) VALUES (?) ON CONFLICT DO NOTHING",
        [business_date],
    )


def rebuild_exceptions(con: duckdb.DuckDBPyConnection) -> None:
    """Replace recon.exceptions with the lifecycle derived from all detections."""
    con.execute("DELETE FROM recon.exceptions")
    con.execute(
        "INSERT INTO recon.exceptions (exception_id, exception_type, entity_key, status, "
        "first_seen, last_seen, resolved_on, amount, severity, owner_queue, details) "
        f"\n{load_sql(PACKAGE, 'lifecycle')}"
    )
