"""Materialise the as-of inputs of one run once, as TEMP TABLEs shared by rules, KPIs and feeds."""

from __future__ import annotations

from typing import Any

import duckdb

from hc_reconcile.reconcile import input_sql
from hc_reconcile.reconcile.sql import execute, list_sql, load_sql

INPUTS_PACKAGE = input_sql.__name__

#: Temp tables created by a run besides the inputs (dropped with them).
WORK_TABLES = (
    "rc_found",
    "rc_linked",
    "rc_route",
    "rc_detected",
    "rc_previous",
    "rc_recompute",
    "rc_upsert",
)


def input_tables() -> list[tuple[str, str]]:
    """(temp table name, SQL file name) in build order: ``NN_rc_x.sql`` builds ``rc_x``."""
    return [(name.split("_", 1)[1], name) for name in list_sql(INPUTS_PACKAGE)]


def materialise_inputs(con: duckdb.DuckDBPyConnection, *, params: dict[str, Any]) -> None:
    for table, file_name in input_tables():
        sql = load_sql(INPUTS_PACKAGE, file_name)
        execute(con, f"CREATE OR REPLACE TEMP TABLE {table} AS\n{sql}\n", params)


def drop_inputs(con: duckdb.DuckDBPyConnection) -> None:
    for table in [*WORK_TABLES, *(table for table, _ in input_tables())]:
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")
