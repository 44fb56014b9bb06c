"""Replace D's rows of recon.kpi_daily with every KPI of CONTRACT §4."""

from __future__ import annotations

from typing import Any

import duckdb

from hc_reconcile.reconcile.sql import execute, load_sql

PACKAGE = "hc_reconcile.reconcile"


def write_kpis(con: duckdb.DuckDBPyConnection, *, params: dict[str, Any]) -> None:
    """Needs the run's inputs and TEMP TABLE rc_detected (the open set as of D)."""
    con.execute("DELETE FROM recon.kpi_daily WHERE business_date = ?", [params["d"]])
    execute(
        con,
        "INSERT INTO recon.kpi_daily (business_date, kpi, value) "
        f"SELECT $d::DATE, kpi, value FROM (\n{load_sql(PACKAGE, 'kpis')}\n) AS k",
        params,
    )
