"""Load one landing CSV: valid rows to ``raw.<source>``, the others to ``recon.rejected_rows``.

Conservation: for every readable file, data rows = rows_loaded + rows_rejected (all-empty
rows are not data rows). Unreadable files load nothing and are quarantined by the caller.

Two steps, so that the first can run in a worker process (``hc_reconcile.ingest.prepare``):
``prepare_csv`` reads and validates the bytes (no warehouse), ``insert_csv`` writes the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl
import pyarrow as pa

from hc_reconcile.ingest.csv_reader import CsvUnreadable, read_csv
from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.ingest.schemas import failures
from hc_reconcile.ingest.specs import DUCKDB_TYPES, SPECS
from hc_reconcile.landing import CsvSource


@dataclass(frozen=True, eq=False)
class CsvPrepared:
    """A readable CSV, validated: the rows to load and the rejected ones (line_no, column, reason, raw).

    Arrow tables, converted from Polars where they are prepared (a worker process): the
    writer registers them with DuckDB as they are.
    """

    source: CsvSource
    incoming: pa.Table
    rejected: pa.Table | None


def _as_json(columns: dict[str, str]) -> pl.Expr:
    """JSON object of the given columns: internal frame name → the file's own column name."""
    return pl.struct([pl.col(internal).alias(name) for internal, name in columns.items()]).struct.json_encode()


def prepare_csv(*, source: CsvSource, data: bytes) -> CsvPrepared | CsvUnreadable:
    """Read and validate one CSV file's bytes (CONTRACT §1 "CSV"); touches no warehouse."""
    read = read_csv(source=source, data=data)
    if isinstance(read, CsvUnreadable):
        return read

    spec = SPECS[source]
    frame = read.frame.with_row_index("__idx")
    bad = failures(source, frame.select(spec.names))
    extras = {f"__extra_{i}": name for i, name in enumerate(read.extra_columns)}
    value_columns = {**{n: n for n in spec.names}, **extras}

    rejected = None
    good = frame
    if not bad.is_empty():
        per_row = (
            bad.with_columns(
                pl.col("column")
                .replace_strict({n: i for i, n in enumerate(spec.names)}, default=len(spec.names))
                .alias("__order")
            )
            .sort("index", "__order")
            .group_by("index", maintain_order=True)
            .agg(
                pl.col("column").first(),
                (pl.col("column") + ": " + pl.col("reason") + pl.when(pl.col("value").is_not_null())
                 .then(pl.lit(" (got ") + pl.col("value") + pl.lit(")")).otherwise(pl.lit("")))
                .str.join("; ")
                .alias("reason"),
            )
        )
        rejected = (
            frame.join(per_row, left_on="__idx", right_on="index", how="inner")
            .select(
                pl.col("file_line").alias("line_no"),
                pl.col("column"),
                pl.col("reason"),
                _as_json(value_columns).alias("raw"),
            )
            .sort("line_no")
        )
        good = frame.filter(~pl.col("__idx").is_in(per_row["index"].implode()))

    extra = _as_json(extras) if extras else pl.lit(None, dtype=pl.Utf8)
    incoming = good.select("file_line", *spec.names, extra.alias("extra_columns"))
    return CsvPrepared(
        source=source,
        incoming=incoming.to_arrow(),
        rejected=None if rejected is None else rejected.to_arrow(),
    )


def insert_csv(
    con: duckdb.DuckDBPyConnection,
    prepared: CsvPrepared,
    *,
    business_date: date,
    file_name: str,
    file_seq: int,
) -> FileOutcome:
    """Write a prepared CSV: its rows to ``raw.<source>``, its rejected rows to ``recon.rejected_rows``."""
    source = prepared.source
    if prepared.rejected is not None:
        con.register("__rejected", prepared.rejected)
        con.execute(
            'INSERT INTO recon.rejected_rows (business_date, source, file_name, line_no, "column", reason, raw) '
            'SELECT ?, ?, ?, line_no, "column", reason, raw FROM __rejected',
            [business_date, source, file_name],
        )
        con.unregister("__rejected")
    casts = ", ".join(
        f'CAST("{c.name}" AS {DUCKDB_TYPES[c.kind]})' if c.kind not in ("text", "enum", "timestamp") else f'"{c.name}"'
        for c in SPECS[source].columns
    )
    con.register("__incoming", prepared.incoming)
    con.execute(
        f"INSERT INTO raw.{source} SELECT ?, ?, ?, file_line, {casts}, CAST(extra_columns AS JSON) FROM __incoming",
        [business_date, file_name, file_seq],
    )
    con.unregister("__incoming")
    return FileOutcome(
        status="loaded",
        rows_loaded=prepared.incoming.num_rows,
        rows_rejected=0 if prepared.rejected is None else prepared.rejected.num_rows,
    )


def load_csv(
    con: duckdb.DuckDBPyConnection,
    *,
    source: CsvSource,
    business_date: date,
    file_name: str,
    file_seq: int,
    data: bytes,
) -> FileOutcome:
    """``prepare_csv`` then ``insert_csv``; a quarantined outcome for an unreadable file."""
    prepared = prepare_csv(source=source, data=data)
    if isinstance(prepared, CsvUnreadable):
        return FileOutcome(status="quarantined", reason=prepared.reason)
    return insert_csv(con, prepared, business_date=business_date, file_name=file_name, file_seq=file_seq)
