"""A worker's prepared tables reach the loader through memory-mapped Arrow IPC files, not the
pipe; nothing is left behind, even by a killed run; a dying worker does not stop the load."""

from __future__ import annotations

import fcntl
import os
import signal
import time
from pathlib import Path

import pyarrow as pa
import pytest
from e2e_support import Dataset

from hc_reconcile.ingest import prepare, spill
from hc_reconcile.ingest.csv_load import CsvPrepared
from hc_reconcile.landing import LandedFile, list_dates, list_files
from hc_reconcile.x12 import ARROW_SCHEMAS, Parsed835


def _tables(prepared: object) -> dict[str, pa.Table]:
    if isinstance(prepared, Parsed835):
        return {name: prepared.arrow(name) for name in ARROW_SCHEMAS}
    assert isinstance(prepared, CsvPrepared)
    return {"incoming": prepared.incoming, "rejected": prepared.rejected or pa.table({})}


def _same(left: object, right: object) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, (Parsed835, CsvPrepared)):
        return all(_tables(left)[n].equals(t) for n, t in _tables(right).items())
    return True


def _files(dataset: Dataset) -> list[LandedFile]:
    dates, _ = list_dates(dataset.landing)
    return [f for d in dates[:2] for f in list_files(dataset.landing, d)]


def _wait_warm(preparer: prepare.Preparer) -> None:
    deadline = time.monotonic() + 120
    while not preparer._warm and time.monotonic() < deadline:
        time.sleep(0.05)
    assert preparer._warm


def test_spilled_tables_load_back_equal_and_leave_no_file(small_dataset: Dataset, tmp_path: Path) -> None:
    for file in _files(small_dataset):
        prepared = prepare.prepare_file(file)
        spilled = spill.spill(prepared, directory=tmp_path, source=file.source)
        if isinstance(prepared, (Parsed835, CsvPrepared)) and not getattr(prepared, "quarantined", False):
            assert isinstance(spilled, spill.Spilled), file.name
            assert spilled.streams and Path(spilled.path).parent == tmp_path
            assert _same(spilled.load(), prepared), file.name
        else:
            assert spilled is prepared  # nothing to spill: sent as it is
        assert list(tmp_path.iterdir()) == []  # mapped, then unlinked


def test_tables_go_through_the_pipe_when_they_cannot_be_written(
    small_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = next(f for f in _files(small_dataset) if f.source == "remit")
    prepared = prepare.prepare_file(file)
    assert spill.spill(prepared, directory=tmp_path / "gone", source=file.source) is prepared

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise pa.ArrowInvalid("cannot write that")

    monkeypatch.setattr(spill.pa.ipc, "new_stream", refuse)
    assert spill.spill(prepared, directory=tmp_path, source=file.source) is prepared
    assert list(tmp_path.iterdir()) == []


def test_a_pooled_preparer_cleans_its_spill_directory(small_dataset: Dataset) -> None:
    files = _files(small_dataset)
    with prepare.Preparer(files, workers=2, min_pool_bytes=0) as preparer:
        assert preparer._spill is not None
        directory = preparer._spill.path
        assert directory.is_dir()
        _wait_warm(preparer)
        preparer.skip(files[-1])  # never taken: its files are discarded
        taken = {f.path: preparer.take(f) for f in files[:-1]}
        for file in files[:-1]:
            assert _same(taken[file.path], prepare.prepare_file(file)), file.name
    assert not directory.exists()


def test_a_dying_worker_leaves_the_rest_to_the_loader(small_dataset: Dataset) -> None:
    files = _files(small_dataset)
    with prepare.Preparer(files, workers=2, min_pool_bytes=0, window_bytes=1) as preparer:
        _wait_warm(preparer)
        pool = preparer._pool
        assert pool is not None
        os.kill(next(iter(pool._processes)), signal.SIGKILL)  # e.g. the OOM killer
        taken = [preparer.take(f) for f in files]
        assert not preparer.pooled
    for file, result in zip(files, taken, strict=True):
        assert _same(result, prepare.prepare_file(file)), file.name


def test_only_directories_no_live_run_holds_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "_parents", lambda: [tmp_path])
    monkeypatch.setattr(spill, "_parent", lambda: tmp_path)

    def made(name: str, *, lock: bool, age: float = 0) -> Path:
        directory = tmp_path / f"{spill.PREFIX}{name}"
        directory.mkdir()
        (directory / "1-0-claims.arrow").write_bytes(b"tables")
        if lock:
            (directory / spill.LOCK_NAME).touch()
        stamp = time.time() - age
        os.utime(directory, (stamp, stamp))
        return directory

    killed = made("killed", lock=True)  # its run died: nobody holds the lock
    held = made("held", lock=True)
    fd = os.open(held / spill.LOCK_NAME, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a live run (any process, any pid namespace)
    old_format = made("oldformat", lock=False, age=3600)
    being_made = made("new", lock=False)  # created a moment ago, lock not taken yet
    try:
        live = spill.SpillDirectory()  # a new run cleans up first
        assert not killed.exists() and not old_format.exists()
        assert held.exists() and being_made.exists()
        spill.remove_orphans()  # another run: the new directory is held too
        assert live.path.exists()
        live.close()
        assert not live.path.exists()
    finally:
        os.close(fd)
    spill.remove_orphans()
    assert not held.exists()  # released: an orphan now


def _mapped_ranges(path: str) -> list[tuple[int, int]]:
    ranges = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        if path in line:
            low, high = line.split()[0].split("-")
            ranges.append((int(low, 16), int(high, 16)))
    return ranges


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_loaded_tables_are_read_in_place_from_the_mapping(small_dataset: Dataset, tmp_path: Path) -> None:
    """Every stream of the one spill file is aligned, so no buffer is copied out of the map."""
    file = next(f for f in _files(small_dataset) if f.source == "remit")
    spilled = spill.spill(prepare.prepare_file(file), directory=tmp_path, source=file.source)
    assert isinstance(spilled, spill.Spilled) and len(spilled.streams) > 2
    loaded = spilled.load()
    ranges = _mapped_ranges(spilled.path)
    assert ranges, "the spill file is not mapped"
    assert isinstance(loaded, Parsed835)
    for name, table in loaded.tables.items():
        for column in table.columns:
            for chunk in column.chunks:
                for buffer in chunk.buffers():
                    if buffer is not None and buffer.size:
                        assert any(low <= buffer.address < high for low, high in ranges), name
