"""Materialise the as-of inputs of one run once, as TEMP TABLEs shared by rules, KPIs and feeds.

The plain as-of projections of one source (``AS_VIEWS``) are TEMP VIEWs instead when
``core.*`` already holds the state as of D (the nightly case): ``raw.<source>_asof(D)``
then reads ``core.<source>`` directly, and copying it (2 M charge lines at scale) would
cost more than the rules' few scans of it. Otherwise (an older date rerun) they are
tables too, so the window over all history is computed once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import duckdb

from hc_reconcile.reconcile import input_sql
from hc_reconcile.reconcile.sql import execute, list_sql, load_sql
from hc_reconcile.warehouse.current_state import core_as_of

INPUTS_PACKAGE = input_sql.__name__

#: Inputs that only project ``raw.<source>_asof($d)`` (and filter on $d): views when core.* is as of D.
AS_VIEWS = frozenset({"rc_charges", "rc_claims", "rc_accounts", "rc_referrals", "rc_postings"})
_PARAMETER = re.compile(r"\$(\w+)")

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
    business_date: date = params["d"]
    core_is_current = core_as_of(con) == business_date
    for table, file_name in input_tables():
        sql = load_sql(INPUTS_PACKAGE, file_name)
        if core_is_current and table in AS_VIEWS:
            # A view cannot hold a bound parameter; D is a date, written as a DATE literal.
            if set(_PARAMETER.findall(sql)) != {"d"}:
                raise ValueError(f"{file_name}: an input kept as a view may only use $d")
            literal = f"DATE '{business_date.isoformat()}'"
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS\n{sql.replace('$d', literal)}\n")
        else:
            execute(con, f"CREATE OR REPLACE TEMP TABLE {table} AS\n{sql}\n", params)


def drop_inputs(con: duckdb.DuckDBPyConnection) -> None:
    views = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal").fetchall()}
    for table in [*WORK_TABLES, *(table for table, _ in input_tables())]:
        kind = "VIEW" if table in views else "TABLE"
        con.execute(f"DROP {kind} IF EXISTS temp.{table}")
