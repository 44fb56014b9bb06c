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


def test_small_loads_are_prepared_in_process(small_dataset: Dataset, tmp_path: Path) -> None:
    from hc_reconcile.landing import list_dates, list_files

    dates, _ = list_dates(small_dataset.landing)
    files = list_files(small_dataset.landing, dates[0])
    with prepare.Preparer(files, workers=2) as preparer:
        assert not preparer.pooled
        assert all(preparer.take(f) is not None for f in files)
