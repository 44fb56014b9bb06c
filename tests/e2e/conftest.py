"""End-to-end fixtures: a generated small data set and one full run over it, shared per session."""

from __future__ import annotations

import pytest
from e2e_support import Dataset, RunResult, settings_for

from hc_reconcile.generate import generate
from hc_reconcile.pipeline import run


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("small")
    generate(root, days=30, seed=7, scale="small")
    return Dataset(root)


@pytest.fixture(scope="session")
def small_run(small_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    out = tmp_path_factory.mktemp("small_run")
    settings = settings_for(out, small_dataset.landing)
    run(settings)
    return RunResult(settings)
