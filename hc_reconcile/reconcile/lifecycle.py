"""recon.exceptions lifecycle (CONTRACT §2), derived from every date's detections.

The rows are by definition ``derive.sql`` over recon.exception_detections and
recon.run_dates, so they never depend on the order dates were reconciled in. Deriving
from the whole history gets slower with every day, so a run applies only what D changes
(``apply_date``), which gives the same rows as long as the table agreed with the history
before the run; when it does not (a date unloaded by the pipeline, an emptied table) the
whole table is derived again (``rebuild_exceptions``). Tests check both paths agree.
"""

from __future__ import annotations

from datetime import date

import duckdb

from hc_reconcile.reconcile import lifecycle_sql
from hc_reconcile.reconcile.sql import execute, load_sql

PACKAGE = lifecycle_sql.__name__
COLUMNS = (
    "exception_id, exception_type, entity_key, status, first_seen, last_seen, resolved_on, "
    "amount, severity, owner_queue, details"
)


def is_consistent(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether recon.exceptions agrees with the reconciled dates (see consistent.sql)."""
    row = con.execute(load_sql(PACKAGE, "consistent")).fetchone()
    return bool(row and row[0])


def snapshot_previous(con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
    """TEMP TABLE rc_previous: the exception ids detected on D by an earlier run of D."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rc_previous AS SELECT exception_id "
        "FROM recon.exception_detections WHERE business_date = ?",
        [business_date],
    )


def mark_run_date(con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
    con.execute(
        "INSERT INTO recon.run_dates (business_date) VALUES (?) ON CONFLICT DO NOTHING",
        [business_date],
    )


def _derive_into_table(con: duckdb.DuckDBPyConnection, *, everything: bool) -> None:
    execute(
        con,
        f"INSERT INTO recon.exceptions ({COLUMNS})\n{load_sql(PACKAGE, 'derive')}",
        {"everything": everything},
    )


def rebuild_exceptions(con: duckdb.DuckDBPyConnection) -> None:
    """Replace recon.exceptions with the lifecycle derived from all detections."""
    con.execute("CREATE OR REPLACE TEMP TABLE rc_recompute (exception_id VARCHAR)")
    con.execute("DELETE FROM recon.exceptions")
    _derive_into_table(con, everything=True)


def apply_date(con: duckdb.DuckDBPyConnection, *, business_date: date) -> None:
    """Update recon.exceptions for D, after D's detections were replaced (TEMP TABLEs
    rc_previous and rc_detected) and D added to recon.run_dates."""
    # 1. ids an earlier run of D detected and this one does not: derive them from history
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rc_recompute AS "
        "SELECT exception_id FROM rc_previous EXCEPT SELECT exception_id FROM rc_detected"
    )
    con.execute(
        "DELETE FROM recon.exceptions WHERE exception_id IN (SELECT exception_id FROM rc_recompute)"
    )
    _derive_into_table(con, everything=False)
    # 2. ids detected on D: merge D into their row
    con.execute(f"CREATE OR REPLACE TEMP TABLE rc_upsert AS\n{load_sql(PACKAGE, 'upsert')}")
    con.execute(
        "DELETE FROM recon.exceptions WHERE exception_id IN (SELECT exception_id FROM rc_upsert)"
    )
    con.execute(f"INSERT INTO recon.exceptions ({COLUMNS}) SELECT {COLUMNS} FROM rc_upsert")
    # 3. ids last seen before D and not detected on D: resolved on D
    execute(con, load_sql(PACKAGE, "resolve"), {"d": business_date})
