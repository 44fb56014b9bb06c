"""The run's private working database and atomic publishing of the analysts' file.

DuckDB lets one process write a file, and any open connection (even read-only) stops
another process from writing it. So the run never writes the file analysts open
(``--warehouse FILE``): it writes ``<work_dir>/work.duckdb`` and, when done, publishes a
copy by writing ``FILE.tmp``, fsyncing it and renaming it over ``FILE``. A reader keeps
its consistent old view until it reconnects; a crash leaves the old file in place.
Each business date is one transaction in the working database, so a crash loses at most
the date in progress, which the next run redoes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import NoReturn

import duckdb

from hc_reconcile.errors import WarehouseError, WarehouseLockedError
from hc_reconcile.fileio import fsync_dir
from hc_reconcile.warehouse.ddl import ensure_schema

#: Storage format of new warehouse files: readable by DuckDB 1.4+ (the CLI analysts have,
#: e.g. the duckdb-cli package), not only by the DuckDB 2 library the platform runs on.
STORAGE_VERSION = "v1.4.0"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, what: str) -> Iterator[None]:
    """One all-or-nothing unit of work: commit on success, roll back on any failure.

    A database failure becomes a WarehouseError naming ``what`` was rolled back.
    """
    con.begin()
    try:
        yield
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise WarehouseError(
            f"{what} could not be written and was rolled back (the warehouse is as before; "
            f"rerun when fixed): {exc}"
        ) from exc
    except BaseException:
        con.rollback()
        raise


def atomic_copy(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` so that readers see the old or the new file, never half."""
    tmp = target.with_name(target.name + ".tmp")
    with source.open("rb") as src, tmp.open("wb") as dst:
        shutil.copyfileobj(src, dst, length=16 << 20)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)


class WorkingWarehouse:
    """Context manager: ``with WorkingWarehouse(published=..., work_dir=...) as con: ...``."""

    def __init__(self, *, published: Path, work_dir: Path, lock_wait_seconds: float = 0) -> None:
        self.published = published
        self.work_dir = work_dir
        self.lock_wait_seconds = lock_wait_seconds
        self.path = work_dir / "work.duckdb"
        self.con: duckdb.DuckDBPyConnection | None = None

    def open(self) -> duckdb.DuckDBPyConnection:
        try:
            self.work_dir.mkdir(parents=True, exist_ok=True)
            self.published.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create {self.work_dir}: {exc}") from exc
        if not self.path.exists() and self.published.exists():
            # Continue from the published state (e.g. the work folder was removed).
            atomic_copy(self.published, self.path)
        deadline = time.monotonic() + self.lock_wait_seconds
        while True:
            try:
                self.con = duckdb.connect(str(self.path), config={"storage_compatibility_version": STORAGE_VERSION})
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    self._raise_open_error(exc)
                time.sleep(1.0)
            except duckdb.Error as exc:
                self._raise_open_error(exc)
        # Each date commits to the WAL (durable, atomic); checkpointing every date would
        # rewrite the growing tables night after night; checkpoint every ~1 GB of WAL and at publish.
        self.con.execute("SET checkpoint_threshold = '1GB'")
        ensure_schema(self.con)
        return self.con

    def _raise_open_error(self, exc: duckdb.Error) -> NoReturn:
        if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
            waited = f" after waiting {self.lock_wait_seconds:g} s" if self.lock_wait_seconds else ""
            raise WarehouseLockedError(
                f"the working warehouse {self.path} is locked by another process "
                f"(another hc-reconcile run?){waited}: {exc}. Wait for it to finish, then run again."
            ) from exc
        raise WarehouseError(
            f"cannot open {self.path}: {exc}. If it is not a DuckDB file, move it away."
        ) from exc

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def publish(self) -> None:
        """Checkpoint and close the working database, then atomically replace the published file."""
        if self.con is not None:
            self.con.execute("CHECKPOINT")
            self.close()
        try:
            atomic_copy(self.path, self.published)
        except OSError as exc:
            raise WarehouseError(f"cannot publish {self.published}: {exc}") from exc

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
