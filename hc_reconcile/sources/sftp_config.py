"""SFTP pickup settings, read from ``HC_SFTP_*`` environment variables (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hc_reconcile.errors import ConfigError


class SftpSettings(BaseSettings):
    """Where the clearinghouse's 835 files are and how to log in.

    ``HC_SFTP_HOST``, ``HC_SFTP_PORT``, ``HC_SFTP_USER``, ``HC_SFTP_PASSWORD`` and/or
    ``HC_SFTP_KEY_FILE`` (+ ``HC_SFTP_KEY_PASSPHRASE``), ``HC_SFTP_KNOWN_HOSTS``,
    ``HC_SFTP_REMOTE_DIR``, ``HC_SFTP_PATTERN``, ``HC_SFTP_STATE_DIR``, ``HC_SFTP_TIMEOUT``,
    ``HC_SFTP_TIME_BUDGET``.
    """

    model_config = SettingsConfigDict(env_prefix="HC_SFTP_", extra="ignore")

    host: str = Field(min_length=1)
    port: int = Field(22, ge=1, le=65535)
    user: str = Field(min_length=1)
    password: SecretStr | None = None
    key_file: Path | None = None
    key_passphrase: SecretStr | None = None
    known_hosts: Path = Field(
        Path("~/.ssh/known_hosts"),
        description="OpenSSH known_hosts file holding the server's host key (never learned on the fly)",
    )
    remote_dir: str = "."
    pattern: str = Field("*", description="fnmatch pattern of remote file names to pick up")
    state_dir: Path | None = Field(
        None, description="Folder of the pickup ledger; default: the landing folder's parent"
    )
    timeout: float = Field(30.0, gt=0, description="Seconds for connect, login and each read")
    time_budget: float | None = Field(
        None, gt=0, description="Stop starting new downloads after this many seconds (sensor ticks)"
    )

    @field_validator("known_hosts", "key_file", "state_dir")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @model_validator(mode="after")
    def _some_credential(self) -> SftpSettings:
        if self.password is None and self.key_file is None:
            raise ValueError("set HC_SFTP_PASSWORD or HC_SFTP_KEY_FILE (or both)")
        return self

    def ledger_dir(self, *, landing: Path) -> Path:
        return self.state_dir or landing.resolve().parent


def load_sftp_settings(**overrides: Any) -> SftpSettings:
    """``HC_SFTP_*`` variables, overridden by non-None keyword values; ConfigError if invalid."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    try:
        return SftpSettings(**clean)
    except ValidationError as exc:
        problems = "; ".join(_describe(err) for err in exc.errors())
        raise ConfigError(f"SFTP pickup is not configured correctly: {problems}") from exc


def _describe(err: Any) -> str:
    loc = [str(part) for part in err["loc"]]
    if not loc:
        return str(err["msg"]).removeprefix("Value error, ")
    name = "HC_SFTP_" + loc[0].upper()
    if err["type"] == "missing":
        return f"{name} is required"
    return f"{name}: {err['msg']}"
