"""Prepared tables handed from a worker process to the loader through memory-mapped files.

A worker writes a prepared file's Arrow tables as Arrow IPC streams into one file of the
run's ``SpillDirectory`` and sends only its path (``Spilled``); the loader maps it (no copy,
no unpickling) and gives the tables to DuckDB as they are. A file is unlinked once mapped
(the mapping keeps its memory until the tables are gone); a result never taken is
discarded; the directory is removed when the run's Preparer closes.

The directory is in ``/dev/shm`` (memory) when that has room, else in the temporary
directory. Each holds a lock file, locked while its run lives: a run killed before it could
clean up leaves an unlocked directory, which the next run removes (``remove_orphans``) —
whatever the process ids, in whatever pid namespace.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

import pyarrow as pa

from hc_reconcile.ingest.csv_load import CsvPrepared
from hc_reconcile.x12 import Parsed835

PREFIX = "hc-reconcile-prepared-"
LOCK_NAME = ".lock"
#: /dev/shm is used only with at least this much free (Docker's default is 64 MB).
MIN_SHM_FREE = 1 << 30
#: A directory without a lock file older than this is an orphan (being created otherwise).
UNLOCKED_GRACE_SECONDS = 60

_COUNTER = itertools.count()
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Spilled:
    """A prepared file whose Arrow tables a worker wrote to one file (``spill``): one Arrow
    IPC stream per table, back to back, each at a 64-byte aligned offset."""

    kind: Literal["remit", "csv"]
    source: str
    path: str
    streams: dict[str, tuple[int, int]]  # table name -> (offset, length) of its IPC stream

    def load(self) -> CsvPrepared | Parsed835:
        """The prepared file, its tables read from the mapped file (then unlinked) without a
        copy: one mapping for all of them (a file per table costs ~6x more to open)."""
        try:
            mapped = pa.memory_map(self.path).read_buffer()
        finally:
            _unlink(self.path)
        tables = {
            name: pa.ipc.open_stream(mapped.slice(offset, length)).read_all()
            for name, (offset, length) in self.streams.items()
        }
        if self.kind == "remit":
            return Parsed835(quarantine_reason=None, tables=tables)
        return CsvPrepared(
            source=self.source,  # type: ignore[arg-type]
            incoming=tables["incoming"],
            rejected=tables.get("rejected"),
        )

    def discard(self) -> None:
        _unlink(self.path)


_ALIGN = 64


def spill(prepared: T, *, directory: Path, source: str) -> T | Spilled:
    """``prepared`` with its Arrow tables written to ``directory`` as a ``Spilled``; as it is
    when it has no tables, or when they cannot be written (it then goes through the pipe)."""
    kind: Literal["remit", "csv"]
    if isinstance(prepared, Parsed835) and not prepared.quarantined:
        kind, tables = "remit", {n: t for n, t in prepared.tables.items() if t.num_rows}
    elif isinstance(prepared, CsvPrepared):
        kind, tables = "csv", {"incoming": prepared.incoming}
        if prepared.rejected is not None:
            tables["rejected"] = prepared.rejected
    else:
        return prepared
    if not tables:
        return prepared  # nothing to map: as it is, through the pipe
    path = str(directory / f"{os.getpid()}-{next(_COUNTER)}.arrows")
    streams: dict[str, tuple[int, int]] = {}
    try:
        with pa.OSFile(path, "wb") as sink:
            for name, table in tables.items():
                offset = sink.tell()
                with pa.ipc.new_stream(sink, table.schema) as writer:
                    writer.write_table(table)
                streams[name] = (offset, sink.tell() - offset)
                sink.write(b"\0" * (-sink.tell() % _ALIGN))
    except Exception:  # no room, directory gone, anything: the pipe still works
        _unlink(path)
        return prepared
    return Spilled(kind, source, path, streams)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _parents() -> list[Path]:
    shm = Path("/dev/shm")
    return [shm, Path(tempfile.gettempdir())] if shm.is_dir() else [Path(tempfile.gettempdir())]


def _parent() -> Path:
    shm = Path("/dev/shm")
    try:
        stats = os.statvfs(shm)
        if os.access(shm, os.W_OK) and stats.f_bavail * stats.f_frsize >= MIN_SHM_FREE:
            return shm
    except OSError:
        pass
    return Path(tempfile.gettempdir())


class SpillDirectory:
    """One run's directory of spilled tables, locked while it is open."""

    def __init__(self) -> None:
        parent = _parent()
        remove_orphans()
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        self._lock: int | None = os.open(self.path / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None


def remove_orphans() -> None:
    """Remove the spill directories no live run holds (left by killed runs)."""
    for parent in _parents():
        for directory in parent.glob(f"{PREFIX}*"):
            with contextlib.suppress(OSError):
                _remove_if_orphan(directory)


def _remove_if_orphan(directory: Path) -> None:
    lock = directory / LOCK_NAME
    if not lock.exists():
        if time.time() - directory.stat().st_mtime > UNLOCKED_GRACE_SECONDS:
            shutil.rmtree(directory, ignore_errors=True)
        return
    fd = os.open(lock, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a live run holds it
        shutil.rmtree(directory, ignore_errors=True)
    finally:
        os.close(fd)
