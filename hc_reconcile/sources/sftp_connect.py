"""Open an SFTP session whose server host key is checked against a known_hosts file.

The host key must already be in the configured known_hosts file (OpenSSH format; for a
non-standard port the entry is ``[host]:port``). An unknown host or a changed key is
refused with a SourceError naming both fingerprints; keys are never learned on the fly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import paramiko

from hc_reconcile.errors import SourceError
from hc_reconcile.sources.sftp_config import SftpSettings


class _UnknownHostError(Exception):
    def __init__(self, hostname: str, key: paramiko.PKey) -> None:
        super().__init__(hostname)
        self.hostname = hostname
        self.key = key


class _RefuseUnknownHost(paramiko.MissingHostKeyPolicy):
    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        raise _UnknownHostError(hostname, key)


def _load_client_key(settings: SftpSettings) -> paramiko.PKey | None:
    if settings.key_file is None:
        return None
    passphrase = (
        settings.key_passphrase.get_secret_value().encode() if settings.key_passphrase else None
    )
    try:
        # the stubs say str; paramiko 5 hands it to cryptography, which needs bytes
        return paramiko.PKey.from_path(settings.key_file, password=passphrase)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise SourceError(
            f"SFTP key file {settings.key_file} does not exist (HC_SFTP_KEY_FILE)"
        ) from None
    except paramiko.PasswordRequiredException:
        raise SourceError(
            f"SFTP key file {settings.key_file} is encrypted: set HC_SFTP_KEY_PASSPHRASE"
        ) from None
    except (paramiko.SSHException, OSError, ValueError, TypeError) as exc:
        raise SourceError(f"cannot read SFTP key file {settings.key_file}: {exc}") from exc


def _endpoint(settings: SftpSettings) -> str:
    return f"{settings.user}@{settings.host}:{settings.port}"


@contextlib.contextmanager
def open_sftp(settings: SftpSettings) -> Iterator[paramiko.SFTPClient]:
    """Connect, verify the host key, log in and yield an SFTP client; always disconnects."""
    if not settings.known_hosts.is_file():
        raise SourceError(
            f"known_hosts file {settings.known_hosts} does not exist (HC_SFTP_KNOWN_HOSTS). Refusing to "
            "connect without a verified host key: get the clearinghouse's key fingerprint out of band, "
            f"then e.g. `ssh-keyscan -p {settings.port} {settings.host} >> {settings.known_hosts}` and compare."
        )
    pkey = _load_client_key(settings)
    client = paramiko.SSHClient()
    try:
        client.load_host_keys(str(settings.known_hosts))
    except (OSError, paramiko.SSHException) as exc:
        raise SourceError(f"cannot read known_hosts file {settings.known_hosts}: {exc}") from exc
    client.set_missing_host_key_policy(_RefuseUnknownHost())
    try:
        try:
            client.connect(
                hostname=settings.host,
                port=settings.port,
                username=settings.user,
                password=settings.password.get_secret_value() if settings.password else None,
                pkey=pkey,
                timeout=settings.timeout,
                banner_timeout=settings.timeout,
                auth_timeout=settings.timeout,
                channel_timeout=settings.timeout,
                allow_agent=False,
                look_for_keys=False,
            )
        except _UnknownHostError as exc:
            raise SourceError(
                f"SFTP server {exc.hostname} is not in known_hosts file {settings.known_hosts}; refusing to "
                f"connect. It offered a {exc.key.get_name()} key {exc.key.fingerprint}: verify that "
                "fingerprint with the clearinghouse, then add the key to the known_hosts file."
            ) from None
        except paramiko.BadHostKeyException as exc:
            raise SourceError(
                f"SFTP server {exc.hostname} presented a DIFFERENT host key than the one in "
                f"{settings.known_hosts} (expected {exc.expected_key.fingerprint}, got "
                f"{exc.key.fingerprint}); refusing to connect. This may be an attack or a key rotation: "
                "confirm the new fingerprint with the clearinghouse before updating known_hosts."
            ) from None
        except paramiko.AuthenticationException as exc:
            raise SourceError(
                f"SFTP login failed for {_endpoint(settings)}: {exc}. Check HC_SFTP_USER and "
                "HC_SFTP_PASSWORD / HC_SFTP_KEY_FILE."
            ) from None
        except (OSError, EOFError, paramiko.SSHException) as exc:
            raise SourceError(
                f"cannot connect to SFTP server {_endpoint(settings)}: {exc or type(exc).__name__}"
            ) from exc
        try:
            sftp = client.open_sftp()
        except (OSError, EOFError, paramiko.SSHException) as exc:
            raise SourceError(
                f"SFTP subsystem unavailable on {_endpoint(settings)}: {exc}"
            ) from exc
        channel = sftp.get_channel()
        if channel is not None:
            channel.settimeout(settings.timeout)
        try:
            yield sftp
        finally:
            with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
                sftp.close()
    finally:
        client.close()
