"""Create every table, view and macro of the warehouse (idempotent).

Raw CSV tables and the as-of macros are generated from ``ingest.specs`` so the column
list lives in one place; the rest is plain SQL in ``ddl/*.sql``, run in name order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable

import duckdb

from hc_reconcile.errors import WarehouseError
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


#: The remit relations that are views over ``remit_store`` (``remit_view_sql``).
REMIT_VIEWS = ("claims", "services", "adjustments", "provider_adjustments")


#: Columns a view derives rather than stores: view -> (the stored column it follows, SQL).
#: A CAS is at service level exactly when it belongs to an SVC, so ``level`` is not stored.
DERIVED_COLUMNS = {
    "adjustments": (
        "claim_id",
        "CASE WHEN r.service_segment_position IS NULL THEN 'claim' ELSE 'service' END AS level",
    ),
}


def remit_view_sql(name: str) -> str:
    """``remit.<name>``: the ``remit_store`` rows with their transaction's correlation ids,
    in the contract's column order (business_date, file_name, file_seq, isa13, gs06, st02,
    trn02, segment_position, then the segment's elements, ``DERIVED_COLUMNS`` in place)."""
    elements = "r.* EXCLUDE (business_date, file_seq, st_position)"
    if name in DERIVED_COLUMNS:
        after, derived = DERIVED_COLUMNS[name]
        elements = (
            f"r.segment_position, r.{after}, {derived}, "
            f"r.* EXCLUDE (business_date, file_seq, st_position, segment_position, {after})"
        )
    return (
        f"CREATE OR REPLACE VIEW remit.{name} AS "
        "SELECT r.business_date, t.file_name, r.file_seq, t.isa13, t.gs06, t.st02, t.trn02, "
        f"{elements} "
        f"FROM remit_store.{name} AS r JOIN remit.transactions AS t "
        "ON t.business_date = r.business_date AND t.file_seq = r.file_seq "
        "AND t.segment_position = r.st_position"
    )


def _sql_files() -> list[Traversable]:
    sql_dir = resources.files("hc_reconcile.warehouse") / "ddl"
    return sorted((e for e in sql_dir.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)


def _migrate_remit_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Move a warehouse written before ``remit_store`` existed to it (rows kept, in order).

    Those warehouses hold the four remit relations as tables with the correlation ids on
    every row; their rows move to ``remit_store``, each given the position of its
    transaction's ST (the last ST at or before it in the same file), and the tables are
    dropped so that the views can be created.
    """
    old = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'remit' AND table_name IN "
            f"({', '.join(repr(v) for v in REMIT_VIEWS)})"
        ).fetchall()
    ]
    if not old:
        return
    remit_sql = next(e for e in _sql_files() if e.name == "20_remit.sql")
    # All or nothing: a crash part-way must not leave rows both moved and still in place.
    with _all_or_nothing(con):
        con.execute(remit_sql.read_text(encoding="utf-8"))
        for name in old:
            _move_remit_rows(con, name)


def _move_remit_rows(con: duckdb.DuckDBPyConnection, name: str) -> None:
    columns = [
        c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'remit_store' "
            "AND table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
    ]
    select = ", ".join("t.segment_position" if c == "st_position" else f"r.{c}" for c in columns)
    (moved,) = con.execute(
        f"INSERT INTO remit_store.{name} SELECT {select} FROM remit.{name} AS r "
        "ASOF JOIN remit.transactions AS t ON t.business_date = r.business_date "
        "AND t.file_seq = r.file_seq AND r.segment_position >= t.segment_position "
        "ORDER BY r.business_date, r.file_seq, r.segment_position"
    ).fetchall()[0]
    (held,) = con.execute(f"SELECT count(*) FROM remit.{name}").fetchall()[0]
    if moved != held:
        raise WarehouseError(
            f"cannot move remit.{name} to remit_store.{name}: {held - moved} of its {held} rows "
            "have no transaction in remit.transactions before them in their file; the warehouse "
            "is unchanged"
        )
    con.execute(f"DROP TABLE remit.{name}")


def _drop_stored_level(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse written before ``level`` was derived stores it: drop the column (its
    values are what the view derives) and re-create the view, all or nothing (never a
    warehouse left without its view)."""
    stored = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'remit_store' "
        "AND table_name = 'adjustments' AND column_name = 'level'"
    ).fetchall()[0][0]
    if stored:
        with _all_or_nothing(con):
            con.execute("DROP VIEW IF EXISTS remit.adjustments")
            con.execute("ALTER TABLE remit_store.adjustments DROP COLUMN level")
            con.execute(remit_view_sql("adjustments"))


@contextmanager
def _all_or_nothing(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A migration step in one transaction (``warehouse.working.transaction`` is the run's;
    importing it here would be circular)."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException:
        con.rollback()
        raise


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create all schemas, tables, views and macros that do not exist yet."""
    for schema in ("raw", "core", "recon", "remit"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    # recon tables first: the macros read recon.core_state.
    for statement in raw_table_sql():
        con.execute(statement)
    _migrate_remit_tables(con)
    _drop_stored_level(con)
    for entry in _sql_files():
        con.execute(entry.read_text(encoding="utf-8"))
    for name in REMIT_VIEWS:
        con.execute(remit_view_sql(name))
