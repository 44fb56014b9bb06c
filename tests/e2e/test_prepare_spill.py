"""A worker's prepared tables reach the loader through Arrow IPC files in memory, not the pipe."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
from e2e_support import Dataset

from hc_reconcile.ingest import prepare
from hc_reconcile.ingest.csv_load import CsvPrepared
from hc_reconcile.landing import LandedFile, list_dates, list_files
from hc_reconcile.x12 import ARROW_SCHEMAS, Parsed835


def _tables(prepared: object) -> dict[str, pa.Table]:
    if isinstance(prepared, Parsed835):
        return {name: prepared.arrow(name) for name in ARROW_SCHEMAS}
    assert isinstance(prepared, CsvPrepared)
    return {"incoming": prepared.incoming, "rejected": prepared.rejected or pa.table({})}


def _files(dataset: Dataset) -> list[LandedFile]:
    dates, _ = list_dates(dataset.landing)
    return [f for d in dates[:2] for f in list_files(dataset.landing, d)]


def test_spilled_tables_load_back_equal_and_leave_no_file(small_dataset: Dataset, tmp_path: Path) -> None:
    for file in _files(small_dataset):
        prepared = prepare.prepare_file(file)
        spilled = prepare.spill(prepared, directory=tmp_path, source=file.source)
        if isinstance(prepared, (Parsed835, CsvPrepared)) and not getattr(prepared, "quarantined", False):
            assert isinstance(spilled, prepare.Spilled), file.name
            assert spilled.paths and all(Path(p).parent == tmp_path for p in spilled.paths.values())
            loaded = spilled.load()
            assert type(loaded) is type(prepared)
            for name, table in _tables(prepared).items():
                assert _tables(loaded)[name].equals(table), (file.name, name)
        else:
            assert spilled is prepared  # nothing to spill: sent as it is
        assert list(tmp_path.iterdir()) == []  # mapped, then unlinked


def test_tables_go_through_the_pipe_when_they_cannot_be_written(small_dataset: Dataset, tmp_path: Path) -> None:
    file = next(f for f in _files(small_dataset) if f.source == "remit")
    prepared = prepare.prepare_file(file)
    assert prepare.spill(prepared, directory=tmp_path / "gone", source=file.source) is prepared


def test_a_pooled_preparer_cleans_its_spill_directory(small_dataset: Dataset) -> None:
    files = _files(small_dataset)
    with prepare.Preparer(files, workers=2, min_pool_bytes=0) as preparer:
        directory = preparer._spill_dir
        assert directory is not None and directory.is_dir()
        deadline = time.monotonic() + 120
        while not preparer._warm and time.monotonic() < deadline:
            time.sleep(0.05)
        preparer.skip(files[-1])  # never taken: its files are discarded
        taken = {f.path: preparer.take(f) for f in files[:-1]}
        for file in files[:-1]:
            expected = prepare.prepare_file(file)
            assert type(taken[file.path]) is type(expected)
            if isinstance(expected, (Parsed835, CsvPrepared)):
                for name, table in _tables(expected).items():
                    assert _tables(taken[file.path])[name].equals(table), (file.name, name)
    assert not directory.exists()


def test_a_killed_runs_spill_directory_is_removed_by_the_next_run(small_dataset: Dataset) -> None:
    # a process that is gone: its pid names an orphan directory
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    with prepare.Preparer(_files(small_dataset), workers=2, min_pool_bytes=0) as first:
        parent = first._spill_dir.parent  # type: ignore[union-attr]
    orphan = parent / f"{prepare.SPILL_PREFIX}{gone.stdout.strip()}-abc"
    orphan.mkdir()
    (orphan / "1-0-claims.arrow").write_bytes(b"left by a killed run")
    alive = parent / f"{prepare.SPILL_PREFIX}{os.getpid()}-live"
    alive.mkdir()
    try:
        with prepare.Preparer(_files(small_dataset), workers=2, min_pool_bytes=0):
            assert not orphan.exists()
            assert alive.exists()  # a running process's directory is left alone
    finally:
        alive.rmdir()

