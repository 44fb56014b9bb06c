"""SFTP pickup against a real SFTP server on localhost (paramiko server side in a thread)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import paramiko
import pytest
from sftp_server import PASSWORD, USER, SftpTestServer

from hc_reconcile.errors import SourceError
from hc_reconcile.sources.ledger import LEDGER_NAME
from hc_reconcile.sources.sftp import STAGING, pull
from hc_reconcile.sources.sftp_config import SftpSettings, load_sftp_settings

D = date(2026, 11, 23)
REPO = Path(__file__).resolve().parents[2]


# paramiko's client prefetch thread may die with EOFError when the server hangs up mid-file;
# the pull itself reports the drop (asserted below), so that thread's exception is expected.
_PREFETCH_THREAD_DIES = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnhandledThreadExceptionWarning"
)


def _remote(server_root: Path, name: str, data: bytes) -> Path:
    path = server_root / "outbound" / name
    path.write_bytes(data)
    return path


def _landed(landing: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(landing)): p.read_bytes()
        for p in sorted(landing.rglob("*"))
        if p.is_file()
    }


def test_pull_lands_new_files_atomically_and_records_them(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*00*" + b"A" * 5000)
    _remote(sftp_server.state.root, "ERA_0002.835", b"ISA*00*" + b"B" * 70000)
    _remote(sftp_server.state.root, ".uploading.835", b"partial")  # hidden: never picked up
    (sftp_server.state.root / "outbound" / "archive").mkdir()  # folders are not files
    landing = tmp_path / "landing"

    result = pull(settings=sftp_settings, landing=landing, business_date=D)

    assert [f.local_path.name for f in result.landed] == ["ERA_0001.835", "ERA_0002.835"]
    assert _landed(landing) == {
        "2026-11-23/remit/ERA_0001.835": b"ISA*00*" + b"A" * 5000,
        "2026-11-23/remit/ERA_0002.835": b"ISA*00*" + b"B" * 70000,
    }
    assert not (landing / "2026-11-23" / STAGING).exists()
    ledger = json.loads((tmp_path / "state" / LEDGER_NAME).read_text())
    assert sorted(e["remote_path"] for e in ledger["files"].values()) == [
        "/outbound/ERA_0001.835",
        "/outbound/ERA_0002.835",
    ]
    # the landed copy keeps the server's modification time
    remote_mtime = int((sftp_server.state.root / "outbound" / "ERA_0001.835").stat().st_mtime)
    assert int((landing / "2026-11-23/remit/ERA_0001.835").stat().st_mtime) == remote_mtime


def test_no_file_is_downloaded_twice(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    first = _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*first")
    landing = tmp_path / "landing"
    assert len(pull(settings=sftp_settings, landing=landing, business_date=D).landed) == 1

    # next day: the same remote file is still there; a new one arrived
    _remote(sftp_server.state.root, "ERA_0002.835", b"ISA*second")
    again = pull(settings=sftp_settings, landing=landing, business_date=date(2026, 11, 24))
    assert [f.remote_path for f in again.landed] == ["/outbound/ERA_0002.835"]
    assert again.seen_before == 1
    assert sorted(_landed(landing)) == [
        "2026-11-23/remit/ERA_0001.835",
        "2026-11-24/remit/ERA_0002.835",
    ]

    # nothing new at all: no folder is created for an empty pickup
    third = pull(settings=sftp_settings, landing=landing, business_date=date(2026, 11, 25))
    assert third.landed == [] and third.seen_before == 2
    assert not (landing / "2026-11-25").exists()

    # the clearinghouse replaces a file in place (new bytes, new mtime): a new version, landed beside
    first.write_bytes(b"ISA*first-corrected")
    os.utime(first, (first.stat().st_atime, first.stat().st_mtime + 60))
    fourth = pull(settings=sftp_settings, landing=landing, business_date=D)
    assert [f.local_path.name for f in fourth.landed] == ["ERA_0001~2.835"]
    assert (landing / "2026-11-23/remit/ERA_0001.835").read_bytes() == b"ISA*first"


def test_lost_ledger_does_not_duplicate_landed_files(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*same")
    landing = tmp_path / "landing"
    pull(settings=sftp_settings, landing=landing, business_date=D)
    (tmp_path / "state" / LEDGER_NAME).unlink()  # e.g. a crash between rename and ledger write
    result = pull(settings=sftp_settings, landing=landing, business_date=D)
    assert result.landed == [] and result.already_present == 1
    assert list(_landed(landing)) == ["2026-11-23/remit/ERA_0001.835"]


def test_key_file_login(tmp_path: Path, known_hosts: Path) -> None:
    client_key = paramiko.ECDSAKey.generate()
    key_file = tmp_path / "id_ecdsa"
    client_key.write_private_key_file(str(key_file), password="pass-phrase")
    root = tmp_path / "srv"
    (root / "outbound").mkdir(parents=True)
    (root / "outbound" / "r.835").write_bytes(b"ISA*key")
    with SftpTestServer(root, authorized=[client_key]) as server:
        (tmp_path / "kh").write_text(server.known_hosts_line())
        settings = SftpSettings(
            host="127.0.0.1",
            port=server.port,
            user=USER,
            key_file=key_file,
            key_passphrase="pass-phrase",
            known_hosts=tmp_path / "kh",
            remote_dir="/outbound",
            state_dir=tmp_path / "state",
            timeout=10,
        )
        result = pull(settings=settings, landing=tmp_path / "landing", business_date=D)
    assert [f.local_path.name for f in result.landed] == ["r.835"]


def test_changed_host_key_is_refused(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*x")
    impostor_key = paramiko.ECDSAKey.generate()
    sftp_settings.known_hosts.write_text(sftp_server.known_hosts_line(impostor_key))
    with pytest.raises(SourceError, match="DIFFERENT host key") as err:
        pull(settings=sftp_settings, landing=tmp_path / "landing", business_date=D)
    assert sftp_server.host_key.fingerprint in str(err.value)
    assert impostor_key.fingerprint in str(err.value)
    assert not (tmp_path / "landing").exists()
    # the known_hosts file is never rewritten
    assert sftp_settings.known_hosts.read_text() == sftp_server.known_hosts_line(impostor_key)


def test_unknown_host_is_refused(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*x")
    other = paramiko.ECDSAKey.generate()
    # known_hosts knows a different host only (same key material, different port)
    sftp_settings.known_hosts.write_text(f"[127.0.0.1]:1 {other.get_name()} {other.get_base64()}\n")
    with pytest.raises(SourceError, match="not in known_hosts") as err:
        pull(settings=sftp_settings, landing=tmp_path / "landing", business_date=D)
    assert sftp_server.host_key.fingerprint in str(err.value)
    assert sftp_settings.known_hosts.read_text().count("\n") == 1  # nothing learned
    assert not (tmp_path / "landing").exists()

    sftp_settings.known_hosts.unlink()
    with pytest.raises(SourceError, match="does not exist"):
        pull(settings=sftp_settings, landing=tmp_path / "landing", business_date=D)


def test_wrong_password_is_a_clear_error(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    bad = SftpSettings(**{**sftp_settings.model_dump(), "password": "nope"})
    with pytest.raises(SourceError, match="login failed"):
        pull(settings=bad, landing=tmp_path / "landing", business_date=D)


@_PREFETCH_THREAD_DIES
def test_dropped_connection_leaves_no_partial_file_and_next_pull_succeeds(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*small")
    big = b"ISA*" + os.urandom(400_000)
    _remote(sftp_server.state.root, "ERA_0002.835", big)
    landing = tmp_path / "landing"
    sftp_server.faults.drop_name = "ERA_0002.835"
    sftp_server.faults.drop_after = 150_000

    with pytest.raises(SourceError, match=r"failed part-way.*next pull retries"):
        pull(settings=sftp_settings, landing=landing, business_date=D)
    assert sftp_server.faults.drops == 1
    # the file completed before the drop is landed; nothing partial anywhere
    assert list(_landed(landing)) == ["2026-11-23/remit/ERA_0001.835"]
    assert not (landing / "2026-11-23" / STAGING).exists()

    retry = pull(settings=sftp_settings, landing=landing, business_date=D)
    assert [f.local_path.name for f in retry.landed] == ["ERA_0002.835"]
    assert (landing / "2026-11-23/remit/ERA_0002.835").read_bytes() == big


@_PREFETCH_THREAD_DIES
def test_drop_on_a_new_date_leaves_no_empty_date_folder(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*" + b"z" * 200_000)
    sftp_server.faults.drop_name = "ERA_0001.835"
    sftp_server.faults.drop_after = 50_000
    with pytest.raises(SourceError):
        pull(settings=sftp_settings, landing=tmp_path / "landing", business_date=D)
    # an empty date folder would be a business date with nothing in it: none is left behind
    assert not (tmp_path / "landing" / "2026-11-23").exists()


def test_file_still_uploading_is_left_for_the_next_pull(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    remote = _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*" + b"u" * 10_000)
    os.utime(remote, (remote.stat().st_atime, remote.stat().st_mtime - 120))
    sftp_server.faults.grow_name = "ERA_0001.835"
    landing = tmp_path / "landing"
    first = pull(settings=sftp_settings, landing=landing, business_date=D)
    assert first.landed == [] and first.unstable == ["/outbound/ERA_0001.835"]
    assert _landed(landing) == {}
    second = pull(settings=sftp_settings, landing=landing, business_date=D)
    assert [f.local_path.name for f in second.landed] == ["ERA_0001.835"]
    assert (landing / "2026-11-23/remit/ERA_0001.835").read_bytes() == remote.read_bytes()


def test_time_budget_defers_the_rest(
    tmp_path: Path, sftp_server: SftpTestServer, sftp_settings: SftpSettings
) -> None:
    for n in range(3):
        _remote(sftp_server.state.root, f"ERA_{n}.835", b"ISA*" + bytes([65 + n]))
    ticks = iter(range(0, 1000, 10))  # every clock reading is 10 s later
    budgeted = sftp_settings.model_copy(update={"time_budget": 15.0})
    result = pull(
        settings=budgeted, landing=tmp_path / "landing", business_date=D, clock=lambda: next(ticks)
    )
    assert len(result.landed) == 1 and result.deferred == 2
    rest = pull(settings=sftp_settings, landing=tmp_path / "landing", business_date=D)
    assert len(rest.landed) == 2 and rest.seen_before == 1


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HC_SFTP_HOST", "sftp.example.org")
    monkeypatch.setenv("HC_SFTP_USER", "clinic")
    monkeypatch.setenv("HC_SFTP_PASSWORD", "pw")
    monkeypatch.setenv("HC_SFTP_PORT", "2222")
    monkeypatch.setenv("HC_SFTP_KNOWN_HOSTS", str(tmp_path / "kh"))
    settings = load_sftp_settings()
    assert (settings.host, settings.port, settings.user) == ("sftp.example.org", 2222, "clinic")
    assert settings.password is not None and settings.password.get_secret_value() == "pw"
    assert "pw" not in repr(settings)
    assert settings.ledger_dir(landing=tmp_path / "landing") == tmp_path.resolve()
    monkeypatch.delenv("HC_SFTP_PASSWORD")
    with pytest.raises(Exception, match="HC_SFTP_PASSWORD or HC_SFTP_KEY_FILE"):
        load_sftp_settings()


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hc_reconcile.cli", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_sftp_pull(tmp_path: Path, sftp_server: SftpTestServer, known_hosts: Path) -> None:
    _remote(sftp_server.state.root, "ERA_0001.835", b"ISA*cli")
    env = {
        "HC_LANDING": str(tmp_path / "landing"),
        "HC_SFTP_HOST": "127.0.0.1",
        "HC_SFTP_PORT": str(sftp_server.port),
        "HC_SFTP_USER": USER,
        "HC_SFTP_PASSWORD": PASSWORD,
        "HC_SFTP_KNOWN_HOSTS": str(known_hosts),
        "HC_SFTP_REMOTE_DIR": "/outbound",
        "HC_SFTP_STATE_DIR": str(tmp_path / "state"),
    }
    ok = _cli(["sftp-pull", "--date", "2026-11-23"], env)
    assert ok.returncode == 0, ok.stderr
    assert "1 new file(s) landed" in ok.stdout
    assert (tmp_path / "landing/2026-11-23/remit/ERA_0001.835").read_bytes() == b"ISA*cli"

    known_hosts.write_text(sftp_server.known_hosts_line(paramiko.ECDSAKey.generate()))
    refused = _cli(["sftp-pull"], env)
    assert refused.returncode == 1
    assert "DIFFERENT host key" in refused.stderr
