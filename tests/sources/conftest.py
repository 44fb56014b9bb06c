"""Fixtures for the source tests: a real local SFTP server and its client settings, a real
local PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresUnavailable, local_postgres
from sftp_server import PASSWORD, USER, SftpTestServer

from hc_reconcile.sources.sftp_config import SftpSettings


@pytest.fixture
def sftp_server(tmp_path: Path) -> Iterator[SftpTestServer]:
    root = tmp_path / "server"
    (root / "outbound").mkdir(parents=True)
    with SftpTestServer(root) as server:
        yield server


@pytest.fixture
def known_hosts(tmp_path: Path, sftp_server: SftpTestServer) -> Path:
    path = tmp_path / "known_hosts"
    path.write_text(sftp_server.known_hosts_line())
    return path


@pytest.fixture
def sftp_settings(tmp_path: Path, sftp_server: SftpTestServer, known_hosts: Path) -> SftpSettings:
    return SftpSettings(
        host="127.0.0.1",
        port=sftp_server.port,
        user=USER,
        password=PASSWORD,
        known_hosts=known_hosts,
        remote_dir="/outbound",
        state_dir=tmp_path / "state",
        timeout=10,
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """``HC_TEST_POSTGRES_URL`` when set, else a throwaway local server (skip when none can start)."""
    given = os.environ.get("HC_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        with local_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(f"no PostgreSQL server for this test: {exc}")
