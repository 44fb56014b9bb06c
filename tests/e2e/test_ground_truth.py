"""The platform meets the generator's ground truth exactly: 30 days, small scale (default suite)
and medium scale (``-m slow``). The truth is written by the generator from the contract and
its own fault stories (checked against an independent oracle), never from platform output."""

from __future__ import annotations

from pathlib import Path

import pytest
import truth_checks as tc
from e2e_support import Dataset, RunResult, settings_for

from hc_reconcile.generate import generate
from hc_reconcile.pipeline import run


def test_open_exceptions_every_day(small_dataset: Dataset, small_run: RunResult) -> None:
    tc.check_open_exceptions_every_day(small_dataset, small_run)


def test_exception_lifecycle(small_dataset: Dataset, small_run: RunResult) -> None:
    tc.check_exception_lifecycle(small_dataset, small_run)


def test_kpis_every_day(small_dataset: Dataset, small_run: RunResult) -> None:
    tc.check_kpis_every_day(small_dataset, small_run)


def test_file_log_and_rejections(small_dataset: Dataset, small_run: RunResult) -> None:
    tc.check_file_log_and_rejections(small_dataset, small_run)


@pytest.mark.parametrize("feed", sorted(tc.FEED_KEYS))
def test_feeds(small_dataset: Dataset, small_run: RunResult, feed: str) -> None:
    tc.check_feeds(small_dataset, small_run, feed)


@pytest.mark.slow
def test_medium_scale_meets_the_ground_truth(tmp_path: Path) -> None:
    dataset = Dataset(tmp_path / "medium")
    generate(dataset.root, days=30, seed=3, scale="medium")
    result = RunResult(settings_for(tmp_path / "run", dataset.landing))
    run(result.settings)
    tc.check_open_exceptions_every_day(dataset, result)
    tc.check_exception_lifecycle(dataset, result)
    tc.check_kpis_every_day(dataset, result)
    tc.check_file_log_and_rejections(dataset, result)
    for feed in sorted(tc.FEED_KEYS):
        tc.check_feeds(dataset, result, feed)
