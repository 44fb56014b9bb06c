"""Fixtures of the analyst-layer tests: a hand-made warehouse built with dbt once per session.

dbt's artifacts go to a per-session temporary cache (HC_DBT_CACHE_DIR), never the repo.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from sqlm_scenario import build_scenario

from hc_reconcile.dbt_runner import CACHE_ENV, run_dbt


@pytest.fixture(scope="session", autouse=True)
def dbt_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("dbt_cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(cache))
        yield cache


@pytest.fixture(scope="session")
def built_scenario(dbt_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario warehouse after `dbt build` (read it, don't write it)."""
    path = build_scenario(tmp_path_factory.mktemp("scenario") / "work.duckdb")
    run_dbt(["build"], database=path)
    return path


@pytest.fixture
def scenario_con(built_scenario: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(built_scenario), read_only=True)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture
def scenario_copy(built_scenario: Path, tmp_path: Path) -> Path:
    """A private copy of the built scenario, to modify."""
    return Path(shutil.copy(built_scenario, tmp_path / "copy.duckdb"))
