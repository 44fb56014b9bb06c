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
    statements = [
        # Which business date the core.* current-state tables reflect (one row).
        "CREATE TABLE IF NOT EXISTS recon.core_state (as_of DATE)",
        "INSERT INTO recon.core_state SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM recon.core_state)",
    ]
    for source, spec in SPECS.items():
        cols = ", ".join(f'"{c.name}" {DUCKDB_TYPES[c.kind]}' for c in spec.columns)
        statements.append(
            f"CREATE TABLE IF NOT EXISTS raw.{source} ({LINEAGE}, {cols}, extra_columns JSON)"
        )
        statements.append(
            f"CREATE TABLE IF NOT EXISTS core.{source} AS SELECT * FROM raw.{source} WITH NO DATA"
        )
        key = ", ".join(spec.key)
        # The current version of a key as of date d: the last accepted row in processing
        # order (latest business date, then later file, then later line). CONTRACT §1.
        # This is the one definition; everything else reads it through the macros below.
        statements.append(
            f"CREATE OR REPLACE MACRO raw.{source}_asof_full(d) AS TABLE "
            f"SELECT * FROM raw.{source} WHERE business_date <= d "
            f"QUALIFY row_number() OVER (PARTITION BY {key} "
            "ORDER BY business_date DESC, file_seq DESC, file_line DESC) = 1"
        )
        # Same result, served from core.<source> when it already holds the state as of d
        # (the nightly case: the pipeline keeps it up to date date by date).
        statements.append(
            f"CREATE OR REPLACE MACRO raw.{source}_asof(d) AS TABLE "
            f"SELECT * FROM core.{source} WHERE d = (SELECT as_of FROM recon.core_state) "
            "UNION ALL "
            f"SELECT * FROM raw.{source} WHERE business_date <= d "
            "AND d IS DISTINCT FROM (SELECT as_of FROM recon.core_state) "
            f"QUALIFY row_number() OVER (PARTITION BY {key} "
            "ORDER BY business_date DESC, file_seq DESC, file_line DESC) = 1"
        )
    return statements


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create all schemas, tables, views and macros that do not exist yet."""
    for schema in ("raw", "core", "recon", "remit"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    # recon tables first: the macros read recon.core_state.
    for statement in raw_table_sql():
        con.execute(statement)
    sql_dir = resources.files("hc_reconcile.warehouse") / "ddl"
    for entry in sorted(sql_dir.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            con.execute(entry.read_text(encoding="utf-8"))
