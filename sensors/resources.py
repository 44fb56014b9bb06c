"""Resources of the operational sensors; secrets come from the environment through ``EnvVar``.

``sftp``: the clearinghouse SFTP server (HC_SFTP_*; password and key passphrase as EnvVar).
``alerts``: where failed-run e-mails go (HC_SMTP_*, HC_ALERT_RECIPIENTS; SMTP password as EnvVar).
"""

from __future__ import annotations

import os
from typing import Any

from dagster import ConfigurableResource, EnvVar

from hc_reconcile.config import SmtpSettings
from hc_reconcile.sources.sftp_config import SftpSettings, load_sftp_settings


class SftpResource(ConfigurableResource):  # type: ignore[misc]
    """Unset fields fall back to the ``HC_SFTP_*`` variables, then to the defaults."""

    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    key_file: str | None = None
    key_passphrase: str | None = None
    known_hosts: str | None = None
    remote_dir: str | None = None
    pattern: str | None = None
    state_dir: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.host or os.environ.get("HC_SFTP_HOST"))

    def settings(self, **overrides: Any) -> SftpSettings:
        values = {
            name: getattr(self, name) for name in SftpSettings.model_fields if hasattr(self, name)
        }
        return load_sftp_settings(**{**values, **overrides})


class AlertResource(ConfigurableResource):  # type: ignore[misc]
    """SMTP for failure alerts. Unset SMTP fields fall back to ``HC_SMTP_*`` (as the report does)."""

    recipients: str = ""  # comma-separated
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool | None = None
    sender: str | None = None

    def recipient_list(self) -> list[str]:
        return [r.strip() for r in self.recipients.split(",") if r.strip()]

    def smtp(self) -> SmtpSettings:
        explicit = {
            "host": self.smtp_host,
            "port": self.smtp_port,
            "user": self.smtp_user,
            "password": self.smtp_password,
            "starttls": self.smtp_starttls,
            "sender": self.sender,
        }
        return SmtpSettings(**{k: v for k, v in explicit.items() if v is not None})


def _env(name: str) -> EnvVar | None:
    return EnvVar(name) if os.environ.get(name) else None


def ops_resources() -> dict[str, object]:
    """Secrets stay EnvVar references (resolved at run time, never stored in the run config)."""
    return {
        "sftp": SftpResource(
            password=_env("HC_SFTP_PASSWORD"), key_passphrase=_env("HC_SFTP_KEY_PASSPHRASE")
        ),
        "alerts": AlertResource(
            recipients=_env("HC_ALERT_RECIPIENTS") or "", smtp_password=_env("HC_SMTP_PASSWORD")
        ),
    }
