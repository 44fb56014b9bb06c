"""Read, validate and parse landing files ahead of the loader, in worker processes.

The loader (``ingest_date``) writes to DuckDB from one process, one file after the other.
Everything before the write needs no warehouse: reading the bytes, parsing and validating
a CSV (polars + pandera), parsing an 835. A ``Preparer`` hands that work to a pool of
worker processes, a window of files ahead of the loader, so both cores stay busy: the
workers prepare the next files while the loader writes and reconciles the current date.
Results are taken in the order the loader asks for them. Their rows do not travel through
the pool's pipe: a worker writes a result's Arrow tables to memory-mapped files of the run
and sends their paths (``hc_reconcile.ingest.spill``). A worker that dies (out of memory?)
ends the pool: the loader prepares the rest in its own process.

Worker processes start with ``spawn`` (Polars and DuckDB hold threads; ``fork`` is not
safe) and cost about two seconds of imports each, so a small load — the demo, every test
data set — is prepared in the loader's own process instead (``POOL_MIN_BYTES``). Either
way the outcome is the same: preparation is a pure function of the file's bytes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from hc_reconcile.ingest.csv_load import CsvPrepared, prepare_csv
from hc_reconcile.ingest.csv_reader import CsvUnreadable
from hc_reconcile.ingest.spill import SpillDirectory, Spilled, remove_orphans, spill
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


def prepare_spilled(file: LandedFile, directory: str) -> Prepared | Spilled:
    """(In a worker) ``prepare_file``, its tables spilled to ``directory``."""
    return spill(prepare_file(file), directory=Path(directory), source=file.source)


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
        self._spill: SpillDirectory | None = None
        if self._pool is not None:
            self._spill = SpillDirectory()
        elif workers > 0:
            remove_orphans()  # what a killed run left in memory, even on a small run
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
        try:
            self._fill()
        except BaseException:
            self.close()
            raise

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
            assert self._spill is not None
            try:
                future = self._pool.submit(prepare_spilled, file, str(self._spill.path))
            except BrokenProcessPool:  # a worker died: go on without the pool
                log.warning("a file-preparing worker process died; preparing in-process from here on")
                self.close()
                return
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
        prepared = result.load() if isinstance(result, Spilled) else result
        self._fill()  # (after the load: a broken pool found here closes the spill directory)
        return prepared

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
        if self._spill is not None:
            self._spill.close()

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
