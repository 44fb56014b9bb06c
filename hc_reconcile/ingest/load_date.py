"""Ingest every landing file of one business date (replacing what that date held before)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa

from hc_reconcile.fileio import sha256_file
from hc_reconcile.ingest.csv_load import insert_csv
from hc_reconcile.ingest.csv_reader import CsvUnreadable
from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.ingest.prepare import Prepared, PrepareFailed, Preparer
from hc_reconcile.ingest.remit_load import RemitBatch
from hc_reconcile.landing import CSV_SOURCES, LandedFile
from hc_reconcile.x12 import Parsed835

log = logging.getLogger(__name__)

#: Every table holding rows of a business date; reloading a date deletes them first.
DATED_TABLES = (
    *(f"raw.{s}" for s in CSV_SOURCES),
    "remit.transactions",
    "remit_store.claims",
    "remit_store.services",
    "remit_store.adjustments",
    "remit_store.provider_adjustments",
    "recon.file_log",
    "recon.rejected_rows",
    "recon.x12_findings",
)


def hash_files(paths: list[Path]) -> dict[Path, str]:
    """SHA-256 of every file; two threads (hashlib releases the GIL on large blocks)."""
    if len(paths) < 8:
        return {p: sha256_file(p) for p in paths}
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(sha256_file, paths), strict=True))


@dataclass
class DateIngest:
    business_date: date
    outcomes: list[tuple[LandedFile, FileOutcome]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _, o in self.outcomes if o.status == status)

    @property
    def rows_loaded(self) -> int:
        return sum(o.rows_loaded for _, o in self.outcomes)

    @property
    def rows_rejected(self) -> int:
        return sum(o.rows_rejected for _, o in self.outcomes)


_ANY_ROW_OF_DATE = "SELECT EXISTS (" + " UNION ALL ".join(
    f"SELECT 1 FROM {table} WHERE business_date = $1" for table in DATED_TABLES
) + ")"


def delete_date(con: duckdb.DuckDBPyConnection, business_date: date) -> None:
    # One query to learn that a date was never loaded (the nightly case) beats a DELETE per table.
    if not con.execute(_ANY_ROW_OF_DATE, [business_date]).fetchall()[0][0]:
        return
    for table in DATED_TABLES:
        con.execute(f"DELETE FROM {table} WHERE business_date = ?", [business_date])


#: (business_date, source, file_seq, file_name) of a logged file; the reason names the least
#: (date, source name, file_seq), as CONTRACT §1 has it "loaded before" (any earlier one is).
_Logged = tuple[date, str, int, str]


class _EarlierFiles:
    """Which landing files, by SHA-256, were loaded before the one at hand (CONTRACT §1).

    A file is a duplicate when an earlier date, or an earlier file of this date, with the same
    bytes is in the file log as anything but quarantined; the reason names the least of them
    by (date, source name, file_seq). One query for the date's files, then kept up to date
    as each file is logged.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, business_date: date, shas: list[str]) -> None:
        self._first: dict[str, _Logged] = {}
        rows = con.execute(
            "SELECT sha256, business_date, source, file_seq, file_name FROM recon.file_log "
            "WHERE sha256 IN (SELECT unnest(?)) AND status <> 'quarantined' AND business_date <= ?",
            [sorted(set(shas)), business_date],
        ).fetchall()
        for sha, *logged in rows:
            self.log(sha, tuple(logged))  # type: ignore[arg-type]

    def log(self, sha: str, logged: _Logged) -> None:
        if sha not in self._first or logged[:3] < self._first[sha][:3]:
            self._first[sha] = logged

    def duplicate_of(self, sha: str) -> str | None:
        if sha not in self._first:
            return None
        first_date, source, _, name = self._first[sha]
        return f"same SHA-256 as {first_date}/{source}/{name}, loaded before"


def _quarantine(file: LandedFile, quarantine_dir: Path) -> None:
    target = quarantine_dir / file.business_date.isoformat() / file.source / file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file.path, target)


def _record_pyx12(con: duckdb.DuckDBPyConnection, *, business_date: date, file_name: str, data: bytes) -> None:
    from hc_reconcile.x12.pyx12_check import pyx12_findings

    rows = [
        (business_date, file_name, f.severity, f.message, f.line, f.segment, f.element, f.code)
        for f in pyx12_findings(data)
    ]
    if rows:
        con.executemany("INSERT INTO recon.x12_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _load_file(
    con: duckdb.DuckDBPyConnection, *, file: LandedFile, prepared: Prepared, remit: RemitBatch
) -> FileOutcome:
    if isinstance(prepared, PrepareFailed | CsvUnreadable):
        return FileOutcome(status="quarantined", reason=prepared.reason)
    if isinstance(prepared, Parsed835):
        return remit.add(prepared, file_name=file.name, file_seq=file.seq)
    return insert_csv(
        con, prepared, business_date=file.business_date, file_name=file.name, file_seq=file.seq
    )


def _forget_file(con: duckdb.DuckDBPyConnection, file: LandedFile, remit: RemitBatch) -> None:
    """Remove whatever a failed load of ``file`` had written (or kept for writing)."""
    if file.source == "remit":
        remit.forget(file.seq)
    else:
        con.execute(
            f"DELETE FROM raw.{file.source} WHERE business_date = ? AND file_name = ?",
            [file.business_date, file.name],
        )
    con.execute(
        "DELETE FROM recon.rejected_rows WHERE business_date = ? AND source = ? AND file_name = ?",
        [file.business_date, file.source, file.name],
    )


def ingest_date(
    con: duckdb.DuckDBPyConnection,
    *,
    business_date: date,
    files: list[LandedFile],
    hashes: dict[Path, str],
    quarantine_dir: Path,
    on_file: Callable[[LandedFile, FileOutcome], None] | None = None,
    x12_validate: Literal["off", "full"] = "off",
    preparer: Preparer | None = None,
) -> DateIngest:
    """Replace the date's rows with what its files hold now; one file_log row per file.

    ``preparer`` has the files read and parsed ahead (worker processes); without one,
    each file is prepared here. While worker processes run, the writer uses only the DuckDB
    threads they leave (``Preparer.writer_threads``).
    """
    if preparer is None:
        preparer = Preparer(files, workers=0)  # each file prepared here when taken
    with _duckdb_threads(con, preparer.writer_threads):
        return _ingest_date(
            con, business_date=business_date, files=files, hashes=hashes,
            quarantine_dir=quarantine_dir, on_file=on_file, x12_validate=x12_validate,
            preparer=preparer,
        )


@contextmanager
def _duckdb_threads(con: duckdb.DuckDBPyConnection, limit: int | None) -> Iterator[None]:
    """Run the block with at most ``limit`` DuckDB threads (None: as configured), then restore.

    ``threads`` is a setting of the whole database; it is set through a cursor of its own
    so that restoring it works even when the date's transaction failed (and the original
    error is the one that propagates).
    """
    if limit is None:
        yield
        return
    setter = con.cursor()
    try:
        (configured,) = setter.execute("SELECT current_setting('threads')").fetchall()[0]
        if int(configured) <= limit:
            yield
            return
        setter.execute(f"SET threads = {int(limit)}")
        try:
            yield
        finally:
            setter.execute(f"SET threads = {int(configured)}")
    finally:
        setter.close()


def _ingest_date(
    con: duckdb.DuckDBPyConnection,
    *,
    business_date: date,
    files: list[LandedFile],
    hashes: dict[Path, str],
    quarantine_dir: Path,
    on_file: Callable[[LandedFile, FileOutcome], None] | None,
    x12_validate: Literal["off", "full"],
    preparer: Preparer,
) -> DateIngest:
    delete_date(con, business_date)
    result = DateIngest(business_date)
    remit = RemitBatch(con, business_date=business_date)  # written once, after the loop
    shas = {file.path: hashes.get(file.path) or sha256_file(file.path) for file in files}
    earlier = _EarlierFiles(con, business_date=business_date, shas=list(shas.values()))
    logged: list[tuple[LandedFile, str, int, FileOutcome]] = []
    for file in files:
        sha = shas[file.path]
        size = file.path.stat().st_size
        duplicate_of = earlier.duplicate_of(sha)
        if duplicate_of is not None:
            preparer.skip(file)
            outcome = FileOutcome(status="duplicate", reason=duplicate_of)
        else:
            prepared = preparer.take(file)
            try:
                outcome = _load_file(con, file=file, prepared=prepared, remit=remit)
            except duckdb.Error:
                raise  # the warehouse itself failed: the date rolls back
            except Exception as exc:  # an input nobody foresaw must not stop the night
                _forget_file(con, file, remit)
                log.exception("could not load %s", file.path)
                outcome = FileOutcome(
                    status="quarantined", reason=f"could not be loaded ({type(exc).__name__}: {exc})"
                )
        if outcome.status == "quarantined":
            _quarantine(file, quarantine_dir)
        if file.source == "remit" and x12_validate == "full" and outcome.status != "duplicate":
            _record_pyx12(
                con, business_date=business_date, file_name=file.name, data=file.path.read_bytes()
            )
        logged.append((file, sha, size, outcome))
        if outcome.status != "quarantined":
            earlier.log(sha, (business_date, file.source, file.seq, file.name))
        result.outcomes.append((file, outcome))
        if on_file is not None:
            on_file(file, outcome)
    remit.flush()
    _log_files(con, business_date=business_date, logged=logged)
    return result


def _log_files(
    con: duckdb.DuckDBPyConnection,
    *,
    business_date: date,
    logged: list[tuple[LandedFile, str, int, FileOutcome]],
) -> None:
    """The date's ``recon.file_log`` rows, in processing order, with one INSERT (a
    parameterised INSERT per file costs about as much as the CLP rows of the date)."""
    if not logged:
        return
    rows = pa.table(
        {
            "source": [file.source for file, *_ in logged],
            "file_name": [file.name for file, *_ in logged],
            "file_seq": pa.array([file.seq for file, *_ in logged], pa.int32()),
            "sha256": [sha for _, sha, _, _ in logged],
            "bytes": pa.array([size for _, _, size, _ in logged], pa.int64()),
            "status": [o.status for *_, o in logged],
            "rows_loaded": pa.array([o.rows_loaded for *_, o in logged], pa.int64()),
            "rows_rejected": pa.array([o.rows_rejected for *_, o in logged], pa.int64()),
            "rows_resent": pa.array([o.rows_resent for *_, o in logged], pa.int64()),
            "reason": pa.array([o.reason for *_, o in logged], pa.string()),
        }
    )
    con.register("__file_log", rows)
    try:
        con.execute(
            "INSERT INTO recon.file_log BY NAME SELECT ? AS business_date, * FROM __file_log",
            [business_date],
        )
    finally:
        con.unregister("__file_log")
