"""Files prepared in worker processes load exactly as files prepared in the run's process."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_support import Dataset, RunResult, outbox_bytes, settings_for, snapshot

from hc_reconcile.ingest import prepare
from hc_reconcile.pipeline import run


def test_worker_pool_gives_the_same_warehouse_and_feeds(
    small_dataset: Dataset, small_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[bool] = []
    original = prepare.Preparer.__init__

    def spy(self: prepare.Preparer, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        pools.append(self.pooled)

    monkeypatch.setattr(prepare, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(prepare.Preparer, "__init__", spy)
    settings = settings_for(tmp_path, small_dataset.landing).model_copy(update={"workers": 2})
    run(settings)
    assert pools == [True]
    assert snapshot(settings.warehouse) == snapshot(small_run.settings.warehouse)
    assert outbox_bytes(settings.outbox) == outbox_bytes(small_run.settings.outbox)


def test_writer_uses_the_threads_workers_leave_while_loading_then_its_own(
    small_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    from hc_reconcile.ingest import load_date
    from hc_reconcile.landing import list_dates, list_files
    from hc_reconcile.warehouse.ddl import ensure_schema

    dates, _ = list_dates(small_dataset.landing)
    files = list_files(small_dataset.landing, dates[0])
    seen: list[str] = []
    inner = load_date._ingest_date

    def spy(con: duckdb.DuckDBPyConnection, **kwargs: object) -> load_date.DateIngest:
        seen.append(con.execute("SELECT current_setting('threads')").fetchall()[0][0])
        return inner(con, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load_date, "_ingest_date", spy)
    con = duckdb.connect(config={"threads": 3})
    ensure_schema(con)
    with prepare.Preparer(files, workers=2, min_pool_bytes=0) as preparer:
        assert preparer.pooled
        monkeypatch.setattr(prepare.os, "sched_getaffinity", lambda _pid: {0, 1, 2})
        assert preparer.writer_threads == 1
        load_date.ingest_date(con, business_date=dates[0], files=files, hashes={},
                              quarantine_dir=tmp_path / "q", preparer=preparer)
        assert seen == [1]
        assert con.execute("SELECT current_setting('threads')").fetchall()[0][0] == 3

        # A database error inside the date's transaction propagates as itself, and the
        # setting is restored all the same.
        def failing(con: duckdb.DuckDBPyConnection, **kwargs: object) -> load_date.DateIngest:
            con.execute("SELECT error('the disk is full')")
            raise AssertionError("not reached")

        monkeypatch.setattr(load_date, "_ingest_date", failing)
        con.begin()
        with pytest.raises(duckdb.Error, match="the disk is full"):
            load_date.ingest_date(con, business_date=dates[0], files=files, hashes={},
                                  quarantine_dir=tmp_path / "q", preparer=preparer)
        con.rollback()
        assert con.execute("SELECT current_setting('threads')").fetchall()[0][0] == 3

        # More CPUs than configured threads: the setting is never raised.
        monkeypatch.setattr(load_date, "_ingest_date", spy)
        monkeypatch.setattr(prepare.os, "sched_getaffinity", lambda _pid: set(range(8)))
        con.execute("SET threads = 2")
        load_date.ingest_date(con, business_date=dates[0], files=files, hashes={},
                              quarantine_dir=tmp_path / "q", preparer=preparer)
        assert seen == [1, 2]
        assert con.execute("SELECT current_setting('threads')").fetchall()[0][0] == 2
    with prepare.Preparer(files, workers=2) as preparer:  # a small load: no workers, no limit
        assert preparer.writer_threads is None


def test_files_are_prepared_in_process_until_the_workers_have_started(small_dataset: Dataset) -> None:
    import time

    from hc_reconcile.landing import list_dates, list_files

    dates, _ = list_dates(small_dataset.landing)
    files = [f for d in dates for f in list_files(small_dataset.landing, d)]
    with prepare.Preparer(files, workers=2, min_pool_bytes=0) as preparer:
        assert preparer.pooled
        first = preparer.take(files[0])  # the workers need ~2 s of imports: not waited for
        assert preparer.prepared_here == 1
        assert type(first) is type(prepare.prepare_file(files[0]))
        deadline = time.monotonic() + 120
        while not preparer._warm and time.monotonic() < deadline:
            time.sleep(0.05)
        assert preparer._warm
        taken = [preparer.take(f) for f in files[1:]]
        # Once a worker has answered, the files come from the workers (at most the few a
        # worker had not finished when the pool warmed are prepared here too: none now).
        assert preparer.prepared_here == 1
    assert len(taken) == len(files) - 1


def test_small_loads_are_prepared_in_process(small_dataset: Dataset, tmp_path: Path) -> None:
    from hc_reconcile.landing import list_dates, list_files

    dates, _ = list_dates(small_dataset.landing)
    files = list_files(small_dataset.landing, dates[0])
    with prepare.Preparer(files, workers=2) as preparer:
        assert not preparer.pooled
        kinds = {type(preparer.take(f)).__name__ for f in files}
    assert kinds == {"CsvPrepared", "Parsed835"}


def _running(pid: int) -> bool:
    """Alive and not a zombie (a reparented worker may wait to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def test_workers_exit_when_the_run_is_killed(small_dataset: Dataset, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    script = f"""
import sys, time
from hc_reconcile.ingest.prepare import Preparer
from hc_reconcile.landing import list_dates, list_files
landing = {str(small_dataset.landing)!r}
dates, _ = list_dates(__import__("pathlib").Path(landing))
files = [f for d in dates for f in list_files(__import__("pathlib").Path(landing), d)]
preparer = Preparer(files, workers=2, min_pool_bytes=0)
preparer.take(files[0])
print(" ".join(str(p) for p in preparer._pool._processes), flush=True)
time.sleep(120)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids and all(_running(p) for p in pids)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in pids if _running(p)], "worker processes outlived the killed run"
