"""Evaluate every rule as of D and record D's detections (CONTRACT §3, §2 lifecycle input)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from hc_reconcile.reconcile import rules
from hc_reconcile.reconcile.classify import create_route_table, severity_params
from hc_reconcile.reconcile.sql import execute, list_sql, load_sql

PACKAGE = "hc_reconcile.reconcile"
FOUND_COLUMNS = "exception_type VARCHAR, entity_key VARCHAR, amount DECIMAL(18,2), details JSON"


def evaluate_rules(con: duckdb.DuckDBPyConnection, *, params: dict[str, Any]) -> None:
    """Fill TEMP TABLE rc_found with what every rule detects as of D."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE rc_found ({FOUND_COLUMNS})")
    for name in list_sql(rules.PACKAGE):
        rule = load_sql(rules.PACKAGE, name)
        execute(
            con,
            "INSERT INTO rc_found SELECT exception_type, entity_key, "
            "CAST(amount AS DECIMAL(18,2)), to_json(details) "
            f"FROM (\n{rule}\n) AS rule",
            params,
        )
    for name, detect in rules.POLARS_RULES.items():
        found = detect(con)
        view = f"rc_polars_{name}"
        con.register(view, found.to_arrow())
        try:
            con.execute(
                "INSERT INTO rc_found SELECT exception_type, entity_key, "
                f"CAST(amount AS DECIMAL(18,2)), to_json(details) FROM {view}"
            )
        finally:
            con.unregister(view)


RECORD_SQL = """
CREATE OR REPLACE TEMP TABLE rc_detected AS
SELECT $d::DATE AS business_date,
       'EX-' || substr(sha256(f.exception_type || '|' || f.entity_key), 1, 20) AS exception_id,
       f.exception_type,
       f.entity_key,
       f.amount,
       ['low', 'medium', 'high'][greatest(
           r.floor_rank,
           CASE WHEN abs(f.amount) >= $high_amount THEN 3
                WHEN abs(f.amount) >= $medium_amount THEN 2
                ELSE 1 END)] AS severity,
       r.owner_queue,
       f.details
FROM rc_linked AS f
JOIN rc_route AS r USING (exception_type)
ORDER BY f.exception_type, f.entity_key
"""


def record_detections(con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
    """Add correlation lists to each finding's details (links.sql), give it its id,
    severity and queue (TEMP TABLE rc_detected), and replace D's rows of
    recon.exception_detections with them."""
    create_route_table(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE rc_linked AS\n{load_sql(PACKAGE, 'links')}")
    execute(con, RECORD_SQL, {"d": business_date, **severity_params()})
    con.execute("DELETE FROM recon.exception_detections WHERE business_date = ?", [business_date])
    con.execute(
        "INSERT INTO recon.exception_detections "
        "(business_date, exception_id, exception_type, entity_key, amount, severity, "
        "owner_queue, details) "
        "SELECT business_date, exception_id, exception_type, entity_key, amount, severity, "
        "owner_queue, details FROM rc_detected"
    )
