"""Materialise the as-of inputs of one run once, as TEMP TABLEs shared by rules, KPIs and feeds."""

from __future__ import annotations

from typing import Any

import duckdb

from hc_reconcile.reconcile import input_sql
from hc_reconcile.reconcile.sql import execute, list_sql, load_sql

INPUTS_PACKAGE = input_sql.__name__
RECONCILE_PACKAGE = "hc_reconcile.reconcile"

#: Temp tables created by a run besides the inputs (dropped with them).
WORK_TABLES = ("rc_found", "rc_route", "rc_detected")
DETAIL_MACROS = ("rc_clps_of", "rc_postings_of", "rc_txns_of", "rc_cash_lines_of")


def input_tables() -> list[tuple[str, str]]:
    """(temp table name, SQL file name) in build order: ``NN_rc_x.sql`` builds ``rc_x``."""
    return [(name.split("_", 1)[1], name) for name in list_sql(INPUTS_PACKAGE)]


def materialise_inputs(con: duckdb.DuckDBPyConnection, *, params: dict[str, Any]) -> None:
    for table, file_name in input_tables():
        sql = load_sql(INPUTS_PACKAGE, file_name)
        execute(con, f"CREATE OR REPLACE TEMP TABLE {table} AS\n{sql}\n", params)
    con.execute(load_sql(RECONCILE_PACKAGE, "details"))


def drop_inputs(con: duckdb.DuckDBPyConnection) -> None:
    for macro in DETAIL_MACROS:
        con.execute(f"DROP MACRO IF EXISTS temp.{macro}")
    for table in [*WORK_TABLES, *(table for table, _ in input_tables())]:
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")
