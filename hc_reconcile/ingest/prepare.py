"""Read, validate and parse landing files ahead of the loader, in worker processes.

The loader (``ingest_date``) writes to DuckDB from one process, one file after the other.
Everything before the write needs no warehouse: reading the bytes, parsing and validating
a CSV (polars + pandera), parsing an 835. A ``Preparer`` hands that work to a pool of
worker processes, a window of files ahead of the loader, so both cores stay busy: the
workers prepare the next files while the loader writes and reconciles the current date.
Results are taken in the order the loader asks for them. Their rows do not travel through
the pool's pipe: a worker writes a result's Arrow tables as Arrow IPC files into a directory
of the run in a memory file system (``/dev/shm`` when there is one) and sends their paths;
the loader maps the files (no copy, no unpickling) and hands the tables to DuckDB. Pickled
through the pipe, the 835 tables of the large benchmark set (330 MB) cost the writer's
process about a second of reading and unpickling (docs/x12.md#performance).

Worker processes start with ``spawn`` (Polars and DuckDB hold threads; ``fork`` is not
safe) and cost about two seconds of imports each, so a small load — the demo, every test
data set — is prepared in the loader's own process instead (``POOL_MIN_BYTES``). Either
way the outcome is the same: preparation is a pure function of the file's bytes.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

import pyarrow as pa

from hc_reconcile.ingest.csv_load import CsvPrepared, prepare_csv
from hc_reconcile.ingest.csv_reader import CsvUnreadable
from hc_reconcile.landing import LandedFile
from hc_reconcile.x12 import Parsed835, parse_835

log = logging.getLogger(__name__)

#: Below this many bytes to load, preparing in-process beats starting worker processes.
POOL_MIN_BYTES = 64 << 20
#: Bytes of files submitted ahead of the loader (bounds the memory the results hold).
WINDOW_BYTES = 96 << 20
#: Scheduling niceness of the worker processes (the writer keeps 0: it is the bottleneck).
WORKER_NICENESS = 10


@dataclass(frozen=True, eq=False)
class PrepareFailed:
    """Preparation raised: an input nobody foresaw. The file is quarantined with this reason."""

    reason: str


Prepared: TypeAlias = CsvPrepared | CsvUnreadable | Parsed835 | PrepareFailed


@dataclass(frozen=True, eq=False)
class Spilled:
    """A prepared file whose Arrow tables a worker wrote to IPC files (``spill``)."""

    kind: Literal["remit", "csv"]
    source: str
    paths: dict[str, str]  # table name -> Arrow IPC file

    def load(self) -> Prepared:
        """The prepared file, its tables mapped from the files (which are then unlinked:
        the mapping keeps the memory until the tables are gone)."""
        tables = {name: _map(path) for name, path in self.paths.items()}
        if self.kind == "remit":
            return Parsed835(quarantine_reason=None, tables=tables)
        return CsvPrepared(
            source=self.source,  # type: ignore[arg-type]
            incoming=tables["incoming"],
            rejected=tables.get("rejected"),
        )

    def discard(self) -> None:
        for path in self.paths.values():
            _unlink(path)


def _map(path: str) -> pa.Table:
    table = pa.ipc.open_file(pa.memory_map(path)).read_all()
    _unlink(path)
    return table


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


_SPILLED = itertools.count()


def spill(prepared: Prepared, *, directory: Path, source: str) -> Prepared | Spilled:
    """The prepared file with its Arrow tables written to ``directory`` (as it is when it has
    none, or when they cannot be written)."""
    kind: Literal["remit", "csv"]
    if isinstance(prepared, Parsed835) and not prepared.quarantined:
        kind, tables = "remit", {n: t for n, t in prepared.tables.items() if t.num_rows}
    elif isinstance(prepared, CsvPrepared):
        kind, tables = "csv", {"incoming": prepared.incoming}
        if prepared.rejected is not None:
            tables["rejected"] = prepared.rejected
    else:
        return prepared
    paths: dict[str, str] = {}
    try:
        for name, table in tables.items():
            path = str(directory / f"{os.getpid()}-{next(_SPILLED)}-{name}.arrow")
            paths[name] = path
            with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
    except OSError:  # no room: send the tables through the pipe
        Spilled(kind, source, paths).discard()
        return prepared
    return Spilled(kind, source, paths)


def prepare_spilled(file: LandedFile, directory: str) -> Prepared | Spilled:
    """(In a worker) ``prepare_file``, its tables spilled to ``directory``."""
    return spill(prepare_file(file), directory=Path(directory), source=file.source)


SPILL_PREFIX = "hc-reconcile-prepared-"


def _spill_directory() -> Path:
    """A new directory for one Preparer's spilled tables, in memory when the system has one.

    Its name carries the run's process id. A run killed before it could clean up leaves its
    directory behind (memory, in /dev/shm): the next Preparer removes the directories of
    processes that are gone.
    """
    shm = Path("/dev/shm")
    parent = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    _remove_orphans(parent)
    return Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=parent))


def _remove_orphans(parent: Path) -> None:
    for directory in parent.glob(f"{SPILL_PREFIX}*-*"):
        pid = directory.name[len(SPILL_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def prepare_file(file: LandedFile) -> Prepared:
    """Read one landing file and prepare it for loading. Raises only OSError (unreadable path)."""
    data = file.path.read_bytes()
    try:
        if file.source == "remit":
            return parse_835(data)
        return prepare_csv(source=file.source, data=data)  # type: ignore[arg-type]
    except Exception as exc:  # an input nobody foresaw must not stop the night
        log.exception("could not prepare %s", file.path)
        return PrepareFailed(f"could not be loaded ({type(exc).__name__}: {exc})")


class Preparer:
    """Prepares ``files`` (in the order the loader will take them), ahead of the loader.

    ``workers`` processes when ``workers > 0`` and the files add up to ``min_pool_bytes``
    (or the given ``pool`` of ``workers`` processes, which the caller owns); otherwise each
    file is prepared in-process when taken. Use as a context manager.
    """

    def __init__(
        self,
        files: Sequence[LandedFile],
        *,
        workers: int,
        min_pool_bytes: int | None = None,
        window_bytes: int = WINDOW_BYTES,
        pool: ProcessPoolExecutor | None = None,
    ) -> None:
        sizes = {f.path: _size(f.path) for f in files}
        threshold = POOL_MIN_BYTES if min_pool_bytes is None else min_pool_bytes
        self._owns_pool = pool is None
        self._pool: ProcessPoolExecutor | None = pool
        self._workers = workers
        if pool is None and workers > 0 and sum(sizes.values()) >= threshold:
            self._pool = worker_pool(workers)
        self._spill_dir = _spill_directory() if self._pool is not None else None
        self._todo = deque(files)
        self._sizes = sizes
        self._window = window_bytes
        self._in_flight: dict[Path, Future[Prepared | Spilled]] = {}
        self._in_flight_bytes = 0
        # A pool we start needs ~2 s of imports before its first result; until one comes
        # back, the loader prepares the files it needs itself rather than wait.
        self._warm = pool is not None
        #: Files prepared in this process (no pool, or the workers were not ready yet).
        self.prepared_here = 0
        self._fill()

    @property
    def pooled(self) -> bool:
        return self._pool is not None

    @property
    def writer_threads(self) -> int | None:
        """At most this many DuckDB threads for the writer while loading (None: no limit).

        The CPUs this process may run on, less the workers' (never more than configured:
        ``ingest_date`` only ever lowers the setting).

        With worker processes parsing on the other cores, a writer's parallel INSERT only
        fights them for the CPU: measured on 2 cores with 2 workers, loading the 835s
        with 1 DuckDB thread is ~10 % faster than with 2 (docs/x12.md#performance).
        """
        if self._pool is None:
            return None
        return max(1, len(os.sched_getaffinity(0)) - self._workers)

    def _fill(self) -> None:
        if self._pool is None:
            return
        while self._todo and (not self._in_flight or self._in_flight_bytes < self._window):
            file = self._todo.popleft()
            if file.path in self._in_flight:
                continue
            future = self._pool.submit(prepare_spilled, file, str(self._spill_dir))
            if not self._warm:
                future.add_done_callback(self._mark_warm)
            self._in_flight[file.path] = future
            self._in_flight_bytes += self._sizes.get(file.path, 0)

    def _mark_warm(self, future: Future[Prepared | Spilled]) -> None:
        if not future.cancelled():
            self._warm = True

    def _pop(self, file: LandedFile) -> Future[Prepared | Spilled] | None:
        future = self._in_flight.pop(file.path, None)
        if future is not None:
            self._in_flight_bytes -= self._sizes.get(file.path, 0)
        return future

    def take(self, file: LandedFile) -> Prepared:
        """The prepared file (prepared now, in-process, if it was not submitted)."""
        future = self._pop(file)
        if future is None:
            return self._here(file)
        if not self._warm and not future.done():
            # The workers are still starting: prepare it here (a worker that already took
            # it finishes it for nothing; the result is the same either way).
            if not future.cancel():
                future.add_done_callback(_discard)
            self._fill()
            return self._here(file)
        try:
            result = future.result()
        except BrokenProcessPool:  # a worker died (out of memory?): go on without the pool
            log.warning("a file-preparing worker process died; preparing in-process from here on")
            self.close()
            return self._here(file)
        self._fill()
        return result.load() if isinstance(result, Spilled) else result

    def _here(self, file: LandedFile) -> Prepared:
        self.prepared_here += 1
        return prepare_file(file)

    def skip(self, file: LandedFile) -> None:
        """The loader will not take ``file`` (a duplicate): drop its result."""
        future = self._pop(file)
        if future is not None and not future.cancel():
            future.add_done_callback(_discard)
        self._fill()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        for future in self._in_flight.values():
            future.cancel()
        self._in_flight.clear()
        self._in_flight_bytes = 0
        if pool is not None and self._owns_pool:
            pool.shutdown(wait=True, cancel_futures=True)
        if self._spill_dir is not None:
            shutil.rmtree(self._spill_dir, ignore_errors=True)

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _discard(future: Future[Prepared | Spilled]) -> None:
    """(Done callback of a result nobody will take) unlink its spilled tables."""
    if not future.cancelled() and future.exception() is None:
        result = future.result()
        if isinstance(result, Spilled):
            result.discard()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """The worker processes a Preparer uses (``spawn``: Polars and DuckDB hold threads).

    Each worker exits on its own when the run's process dies (even by ``kill -9``), so a
    crashed run leaves no idle workers behind.
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )


def _exit_with_parent(parent: int) -> None:
    """(In a worker) watch the parent process; exit at once when it is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="hc-parent-watch", daemon=True).start()
    # The one writer is the run's critical path: workers only use the CPU it leaves.
    os.nice(WORKER_NICENESS)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
