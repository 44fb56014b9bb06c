"""Fixtures of the report tests: a hand-built warehouse and a real SMTP server on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_support import build_warehouse
from smtp_support import SmtpServer, local_smtp


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HC_* setting of the developer's shell leaks into a test."""
    import os

    for name in list(os.environ):
        if name.startswith("HC_"):
            monkeypatch.delenv(name)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with local_smtp() as server:
        yield server
