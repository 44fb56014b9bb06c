"""Create every table, view and macro of the warehouse (idempotent).

Raw CSV tables and the as-of macros are generated from ``ingest.specs`` so the column
list lives in one place; the rest is plain SQL in ``ddl/*.sql``, run in name order.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from hc_reconcile.ingest.specs import DUCKDB_TYPES, SPECS

LINEAGE = "business_date DATE NOT NULL, file_name VARCHAR NOT NULL, file_seq INTEGER NOT NULL, file_line BIGINT NOT NULL"


def raw_table_sql() -> list[str]:
    statements = []
    for source, spec in SPECS.items():
        cols = ", ".join(f'"{c.name}" {DUCKDB_TYPES[c.kind]}' for c in spec.columns)
        statements.append(
            f"CREATE TABLE IF NOT EXISTS raw.{source} ({LINEAGE}, {cols}, extra_columns JSON)"
        )
        key = ", ".join(spec.key)
        # The current version of a key as of date d: the last accepted row in processing
        # order (latest business date, then later file, then later line). CONTRACT §1.
        statements.append(
            f"CREATE OR REPLACE MACRO raw.{source}_asof(d) AS TABLE "
            f"SELECT * FROM raw.{source} WHERE business_date <= d "
            f"QUALIFY row_number() OVER (PARTITION BY {key} "
            "ORDER BY business_date DESC, file_seq DESC, file_line DESC) = 1"
        )
    return statements


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create all schemas, tables, views and macros that do not exist yet."""
    for schema in ("raw", "core", "recon", "remit"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for statement in raw_table_sql():
        con.execute(statement)
    sql_dir = resources.files("hc_reconcile.warehouse") / "ddl"
    for entry in sorted(sql_dir.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            con.execute(entry.read_text(encoding="utf-8"))
