"""Fixtures for the Dagster operations tests: real temp landing folders and warehouse paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from assets.resources import HcReconcileResource


@pytest.fixture(autouse=True)
def _quick_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HC_OPS_LANDING_SETTLE_SECONDS", "0")
    monkeypatch.setenv("HC_BUILD_MODELS", "false")  # no dbt build in these tests


@pytest.fixture
def platform(tmp_path: Path) -> HcReconcileResource:
    (tmp_path / "landing").mkdir()
    return HcReconcileResource(
        landing=str(tmp_path / "landing"),
        warehouse=str(tmp_path / "wh" / "warehouse.duckdb"),
        outbox=str(tmp_path / "outbox"),
    )
