"""Extract one CSV source for one business date from a SQL database (SQLAlchemy 2).

Writes ``<landing>/<D>/<erp|crm|billing>/<source>_sql.csv`` in the contract CSV format, so
the rows go through exactly the same validation as a delivered file.

Two ways to say what to read:

* ``query_file``: a SQL file using bound parameters ``:business_date`` (required) and,
  optionally, ``:next_date`` (D + 1, for timestamp ranges). Values are always bound by
  the driver, never formatted into the SQL text.
* ``table`` + ``date_column``: the table (``name`` or ``schema.name``) and column must exist
  in the database's reflected metadata, else the pull is refused; rows with
  ``D <= date_column < D + 1`` are read, only the contract's columns of that source
  (matched case-insensitively), named as the contract names them.

Either way every required column of the source must be present, or nothing is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    create_engine,
    inspect,
    select,
    text,
    type_coerce,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import NullType

from hc_reconcile.errors import SourceError
from hc_reconcile.fileio import discard, fsync_dir
from hc_reconcile.ingest.specs import SPECS, Kind
from hc_reconcile.landing import SOURCE_GLOBS, CsvSource
from hc_reconcile.sources.csv_out import csv_line, field_text

log = logging.getLogger(__name__)

SUBFOLDER: dict[str, str] = {source: sub for source, sub, _ in SOURCE_GLOBS if source != "remit"}
QUERY_PARAMS = ("business_date", "next_date")
_FETCH = 5000


@dataclass(frozen=True, slots=True)
class SqlPullResult:
    path: Path
    rows: int
    #: False when the file already held exactly these bytes (left untouched)
    changed: bool

    def summary(self) -> str:
        state = "written" if self.changed else "unchanged (same rows as the file already there)"
        return f"{self.rows:,} row(s) → {self.path} ({state})."


def target_path(*, landing: Path, business_date: date, source: CsvSource) -> Path:
    return landing / business_date.isoformat() / SUBFOLDER[source] / f"{source}_sql.csv"


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise SourceError(f"invalid database URL: {exc}") from None
    database = parsed.database or ""
    is_file_db = database not in ("", ":memory:") and not database.startswith("file:")
    if parsed.get_backend_name() == "sqlite" and is_file_db and not Path(database).is_file():
        # SQLite would silently create an empty database there.
        raise SourceError(f"SQLite database file {database} does not exist")
    try:
        return create_engine(parsed)
    except (ArgumentError, ValueError) as exc:
        raise SourceError(f"invalid database URL: {exc}") from None
    except NoSuchModuleError as exc:
        raise SourceError(
            f"no SQLAlchemy driver installed for this database URL ({exc}); install the driver package"
        ) from None


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _reflect_table(conn: Connection, name: str) -> Table:
    """The table or view ``name`` (``schema.name`` allowed) as the database describes it."""
    inspector = inspect(conn)
    schema: str | None = None
    table_name = name
    if "." in name:
        head, tail = name.split(".", 1)
        if head in inspector.get_schema_names():
            schema, table_name = head, tail
    known = set(inspector.get_table_names(schema=schema)) | set(
        inspector.get_view_names(schema=schema)
    )
    if table_name not in known:
        listing = ", ".join(sorted(known)[:20]) or "none"
        raise SourceError(
            f"table {name!r} does not exist in the database (tables/views there: {listing}); "
            "pass an exact table name to --table"
        )
    return Table(table_name, MetaData(), schema=schema, autoload_with=conn)


def _day_bounds(column: Column[Any], business_date: date) -> tuple[object, object]:
    after = business_date + timedelta(days=1)
    if isinstance(column.type, DateTime):
        return datetime.combine(business_date, datetime.min.time()), datetime.combine(
            after, datetime.min.time()
        )
    if isinstance(column.type, Date):
        return business_date, after
    if isinstance(column.type, String | NullType):
        return business_date.isoformat(), after.isoformat()
    raise SourceError(
        f"--date-column {column.name!r} has type {column.type}, not a date, timestamp or ISO date text"
    )


def table_statement(
    conn: Connection, *, table: str, date_column: str, source: CsvSource, business_date: date
) -> Executable:
    reflected = _reflect_table(conn, table)
    by_lower = {col.name.lower(): col for col in reflected.columns}
    if date_column not in reflected.columns and date_column.lower() not in by_lower:
        raise SourceError(
            f"column {date_column!r} does not exist in table {table!r} "
            f"(columns: {', '.join(col.name for col in reflected.columns)}); pass one to --date-column"
        )
    day_col = (
        reflected.columns[date_column]
        if date_column in reflected.columns
        else by_lower[date_column.lower()]
    )
    spec = SPECS[source]
    missing = [name for name in spec.required if name.lower() not in by_lower]
    if missing:
        raise SourceError(
            f"table {table!r} lacks required {source} column(s) {', '.join(missing)}; "
            "use --query FILE to select or rename them"
        )
    picked = [
        type_coerce(by_lower[name.lower()], NullType()).label(name)  # raw driver values
        for name in spec.names
        if name.lower() in by_lower
    ]
    low, high = _day_bounds(day_col, business_date)
    order = [by_lower[k.lower()] for k in spec.key if k.lower() in by_lower]
    return select(*picked).where(and_(day_col >= low, day_col < high)).order_by(*order)


def query_statement(query_file: Path, *, business_date: date) -> TextClause:
    try:
        sql = query_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read --query file {query_file}: {exc}") from exc
    clause = text(sql)
    used = set(clause.compile().params)
    unknown = sorted(used - set(QUERY_PARAMS))
    if unknown:
        raise SourceError(
            f"query {query_file} uses parameter(s) {', '.join(':' + u for u in unknown)}; "
            f"pull-sql supplies only {', '.join(':' + p for p in QUERY_PARAMS)}"
        )
    if "business_date" not in used:
        raise SourceError(
            f"query {query_file} does not use :business_date; filter on it (e.g. WHERE post_date = "
            ":business_date) so the extract is that day's delta"
        )
    values = {"business_date": business_date, "next_date": business_date + timedelta(days=1)}
    return clause.bindparams(
        *(bindparam(name, value=values[name], type_=Date()) for name in sorted(used))
    )


def _check_header(header: Sequence[str], *, source: CsvSource, origin: str) -> None:
    clean = [h.strip() for h in header]
    dupes = sorted({h for h in clean if clean.count(h) > 1})
    if dupes:
        raise SourceError(f"{origin} returns column name(s) more than once: {', '.join(dupes)}")
    missing = [name for name in SPECS[source].required if name not in clean]
    if missing:
        raise SourceError(
            f"{origin} lacks required {source} column(s) {', '.join(missing)} "
            "(names must match the contract exactly; alias them in the query)"
        )


def _write_rows(
    *,
    target: Path,
    header: Sequence[str],
    kinds: Sequence[Kind | None],
    rows: Iterable[Sequence[Any]],
) -> tuple[int, bool]:
    """Stream rows into a hidden temp file beside ``target``; rename unless identical."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            handle.write(csv_line([h.strip() for h in header]))
            for row in rows:
                count += 1
                try:
                    fields = [field_text(v, kind=k) for v, k in zip(row, kinds, strict=True)]
                except UnicodeDecodeError as exc:
                    raise SourceError(
                        f"row {count}: a binary value is not UTF-8 text ({exc})"
                    ) from None
                handle.write(csv_line(fields))
            handle.flush()
            os.fsync(handle.fileno())
        if target.is_file() and target.read_bytes() == tmp.read_bytes():
            discard(tmp)
            return count, False
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    fsync_dir(target.parent)
    return count, True


def pull_sql(
    *,
    url: str,
    source: CsvSource,
    business_date: date,
    landing: Path,
    query_file: Path | None = None,
    table: str | None = None,
    date_column: str | None = None,
) -> SqlPullResult:
    """Extract ``source`` rows of ``business_date``; see the module docstring."""
    if source not in SPECS:
        raise SourceError(f"unknown source {source!r}; one of {', '.join(SPECS)}")
    if (query_file is None) == (table is None):
        raise SourceError("give either --query FILE or --table NAME --date-column COL")
    if table is not None and not date_column:
        raise SourceError("--table needs --date-column COL (the column holding the business date)")
    engine = _engine(url)
    target = target_path(landing=landing, business_date=business_date, source=source)
    kind_of = {c.name: c.kind for c in SPECS[source].columns}
    try:
        with engine.connect() as conn:
            stmt: Executable
            if table is not None and date_column is not None:
                stmt = table_statement(
                    conn,
                    table=table,
                    date_column=date_column,
                    source=source,
                    business_date=business_date,
                )
                origin = f"table {table!r}"
            elif query_file is not None:
                stmt = query_statement(query_file, business_date=business_date)
                origin = f"query {query_file}"
            else:  # excluded above
                raise SourceError("give either --query FILE or --table NAME --date-column COL")
            result = conn.execution_options(stream_results=True, yield_per=_FETCH).execute(stmt)
            header = list(result.keys())
            _check_header(header, source=source, origin=origin)
            kinds = [kind_of.get(h.strip()) for h in header]
            rows, changed = _write_rows(target=target, header=header, kinds=kinds, rows=result)
    except SQLAlchemyError as exc:
        raise SourceError(
            f"database error reading {source} from {_safe_url(engine)}: {exc}"
        ) from exc
    finally:
        engine.dispose()
    log.info("pull-sql: %s rows of %s for %s into %s", rows, source, business_date, target)
    return SqlPullResult(path=target, rows=rows, changed=changed)
