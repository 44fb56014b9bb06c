"""``core.<source>``: each key's current version as of one business date, kept up to date.

The definition of "current version as of D" is ``raw.<source>_asof_full(D)``. Recomputing it
over all history for every date costs a window over every row ever loaded; instead the
pipeline advances ``core.*`` one date at a time inside the date's transaction: the keys the
date's files touched are replaced by their latest row of that date. ``recon.core_state``
records which date ``core.*`` reflects, and ``raw.<source>_asof(D)`` serves from ``core``
when it matches D (falling back to the full definition otherwise), so every reader gets the
same answer either way.
"""

from __future__ import annotations

from datetime import date

import duckdb

from hc_reconcile.ingest.specs import SPECS


def core_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    rows = con.execute("SELECT as_of FROM recon.core_state").fetchall()
    return rows[0][0] if rows else None


def _set_as_of(con: duckdb.DuckDBPyConnection, as_of: date | None) -> None:
    con.execute("UPDATE recon.core_state SET as_of = ?", [as_of])


def rebuild(con: duckdb.DuckDBPyConnection, as_of: date | None) -> None:
    """Recompute every ``core.<source>`` from the full definition as of ``as_of``."""
    for source in SPECS:
        con.execute(f"DELETE FROM core.{source}")
        if as_of is not None:
            con.execute(f"INSERT INTO core.{source} SELECT * FROM raw.{source}_asof_full(?::DATE)", [as_of])
    _set_as_of(con, as_of)


def advance(con: duckdb.DuckDBPyConnection, business_date: date) -> None:
    """Make ``core.*`` the state as of ``business_date``, just after that date was ingested.

    Incremental when ``core.*`` already holds the state as of the previous loaded date;
    otherwise (first date, a reloaded older date) a full rebuild.
    """
    previous = con.execute(
        "SELECT max(business_date) FROM recon.load_state WHERE business_date < ?", [business_date]
    ).fetchall()[0][0]
    current = core_as_of(con)
    if current is None or current != previous:
        rebuild(con, business_date)
        return
    for source, spec in SPECS.items():
        key = ", ".join(spec.key)
        match = " AND ".join(f"core.{source}.{k} = touched.{k}" for k in spec.key)
        con.execute(
            f"DELETE FROM core.{source} USING (SELECT DISTINCT {key} FROM raw.{source} "
            f"WHERE business_date = ?) AS touched WHERE {match}",
            [business_date],
        )
        con.execute(
            f"INSERT INTO core.{source} SELECT * FROM raw.{source} WHERE business_date = ? "
            f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY file_seq DESC, file_line DESC) = 1",
            [business_date],
        )
    _set_as_of(con, business_date)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Bring ``core.*`` to the latest loaded date (what analysts see as current state)."""
    latest = con.execute("SELECT max(business_date) FROM recon.load_state").fetchall()[0][0]
    if core_as_of(con) != latest or latest is None:
        rebuild(con, latest)
