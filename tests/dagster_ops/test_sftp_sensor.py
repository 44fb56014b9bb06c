"""The SFTP sensor pulls from a real SFTP server on localhost into today's date folder."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest
from dagster import DagsterInstance, SkipReason, build_sensor_context

from assets.resources import HcReconcileResource
from hc_reconcile.errors import SourceError
from hc_reconcile.sources.files import today_in
from sensors.resources import SftpResource
from sensors.sftp import sftp_pickup_sensor
from tests.sources.sftp_server import PASSWORD, USER, SftpTestServer


def _tick(platform: HcReconcileResource, sftp: SftpResource) -> SkipReason:
    with (
        DagsterInstance.ephemeral() as instance,
        build_sensor_context(
            instance=instance, resources={"platform": platform, "sftp": sftp}
        ) as ctx,
    ):
        result = sftp_pickup_sensor(ctx)
    assert isinstance(result, SkipReason)
    return result


def test_sftp_sensor_pulls_new_files_once(tmp_path: Path, platform: HcReconcileResource) -> None:
    root = tmp_path / "server"
    (root / "outbound").mkdir(parents=True)
    (root / "outbound" / "ERA_0001.835").write_bytes(b"ISA*sensor")
    with SftpTestServer(root) as server:
        (tmp_path / "known_hosts").write_text(server.known_hosts_line())
        sftp = SftpResource(
            host="127.0.0.1",
            port=server.port,
            user=USER,
            password=PASSWORD,
            known_hosts=str(tmp_path / "known_hosts"),
            remote_dir="/outbound",
            state_dir=str(tmp_path / "state"),
        )
        first = _tick(platform, sftp)
        second = _tick(platform, sftp)
        assert "1 new file(s) landed" in (first.skip_message or "")
        assert "0 new file(s) landed; 1 already picked up before" in (second.skip_message or "")
        today = today_in(platform.settings().timezone).isoformat()
        assert (
            Path(platform.landing) / today / "remit" / "ERA_0001.835"
        ).read_bytes() == b"ISA*sensor"

        # a changed host key fails the tick with the library's message (visible in the UI)
        (tmp_path / "known_hosts").write_text(server.known_hosts_line(paramiko.ECDSAKey.generate()))
        with pytest.raises(SourceError, match="DIFFERENT host key"):
            _tick(platform, sftp)


def test_sftp_sensor_skips_when_not_configured(
    platform: HcReconcileResource, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HC_SFTP_HOST", raising=False)
    assert "not configured" in (_tick(platform, SftpResource()).skip_message or "")
