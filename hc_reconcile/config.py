"""One typed settings object for the whole platform.

Precedence (highest first): values passed explicitly (CLI flags), environment variables
``HC_*`` (nested with ``__``, e.g. ``HC_THRESHOLDS__UNBILLED_CHARGE_DAYS=10``), an optional
TOML file (``--config FILE`` or ``HC_CONFIG``), then the defaults, which are the data
contract's defaults. Built on pydantic-settings so every value is validated and typed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hc_reconcile.errors import ConfigError


class ChartOfAccounts(BaseModel):
    """GL accounts the rules read (CONTRACT §1). Only ``cash`` is cash, only ``revenue`` is revenue."""

    cash: str = "1010"
    patient_ar: str = "1200"
    unapplied_cash: str = "2150"
    revenue: str = "4000"
    contractual_allowances: str = "4900"


class Thresholds(BaseModel):
    """Day thresholds of CONTRACT §3 and §4. A rule fires when ``D − x > threshold`` (strict)."""

    remit_not_posted_days: int = Field(3, ge=0)
    posted_amount_mismatch_days: int = Field(3, ge=0)
    posting_without_remit_days: int = Field(3, ge=0)
    eft_not_in_gl_days: int = Field(2, ge=0)
    unapplied_cash_days: int = Field(2, ge=0)
    unbilled_charge_days: int = Field(7, ge=0)
    referral_without_account_days: int = Field(2, ge=0)
    late_charge_days: int = Field(3, ge=0)
    payment_accuracy_days: int = Field(3, ge=0)
    days_in_ar_window: int = Field(90, ge=1)


class SmtpSettings(BaseSettings):
    """Outgoing mail for the daily report (docs/report.md).

    Read from ``HC_SMTP_HOST``, ``HC_SMTP_PORT``, ``HC_SMTP_USER``, ``HC_SMTP_PASSWORD``,
    ``HC_SMTP_STARTTLS`` (true/false), ``HC_SMTP_FROM`` and ``HC_SMTP_TIMEOUT`` (seconds);
    a TOML ``[smtp]`` table or ``HC_SMTP__<FIELD>`` overrides them field by field.
    """

    model_config = SettingsConfigDict(env_prefix="HC_SMTP_", extra="ignore", populate_by_name=True)

    host: str | None = None
    port: int = Field(default=25, ge=1, le=65535)
    user: str | None = None
    password: SecretStr | None = None
    starttls: bool = False
    sender: str = Field(
        default="hc-reconcile@localhost", validation_alias=AliasChoices("HC_SMTP_FROM", "sender", "from")
    )
    timeout: float = Field(default=30.0, gt=0)


class Settings(BaseSettings):
    """Paths, chart of accounts, thresholds and time zone. See docs/configuration.md."""

    model_config = SettingsConfigDict(
        env_prefix="HC_",
        env_nested_delimiter="__",
        extra="ignore",
        validate_default=True,
    )

    landing: Path = Path("landing")
    warehouse: Path = Path("warehouse.duckdb")
    outbox: Path = Path("outbox")
    work_dir: Path | None = Field(
        None,
        description="Private working copy of the warehouse; default: <warehouse dir>/.hc_work/<warehouse name>",
    )
    quarantine_dir: Path | None = Field(
        None, description="Copies of quarantined files; default: <warehouse dir>/quarantine"
    )
    timezone: str = "America/New_York"
    schedule_time: str = "05:00"
    x12_validate: Literal["off", "full"] = "off"
    lock_wait_seconds: float = Field(
        0, ge=0, description="How long to wait for another run's lock on the working warehouse"
    )
    build_models: bool = Field(True, description="Build the dbt models after a run")
    workers: int = Field(
        2,
        ge=0,
        description="Worker processes that read, validate and parse landing files ahead of the "
        "loader on large loads (0: all in the run's own process)",
    )
    accounts: ChartOfAccounts = ChartOfAccounts()
    thresholds: Thresholds = Thresholds()
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    report_recipients: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("schedule_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        hh, _, mm = value.partition(":")
        if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
            raise ValueError(f"schedule_time must be HH:MM, got {value!r}")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get("HC_CONFIG")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @property
    def resolved_work_dir(self) -> Path:
        return self.work_dir or self.warehouse.parent / ".hc_work" / self.warehouse.name

    @property
    def resolved_quarantine_dir(self) -> Path:
        return self.quarantine_dir or self.warehouse.parent / "quarantine"


def load_settings(*, config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings: ``overrides`` (CLI) > ``HC_*`` env > TOML (``config_file``/``HC_CONFIG``) > defaults.

    Raises ConfigError with every invalid field named.
    """
    clean = {key: value for key, value in overrides.items() if value is not None}
    previous = os.environ.get("HC_CONFIG")
    try:
        if config_file is not None:
            if not config_file.is_file():
                raise ConfigError(f"config file {config_file} does not exist")
            os.environ["HC_CONFIG"] = str(config_file)
        elif previous and not Path(previous).is_file():
            raise ConfigError(f"HC_CONFIG points to {previous}, which does not exist")
        return Settings(**clean)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from exc
    except ValueError as exc:  # malformed TOML
        raise ConfigError(f"invalid configuration file: {exc}") from exc
    finally:
        if config_file is not None:
            if previous is None:
                os.environ.pop("HC_CONFIG", None)
            else:
                os.environ["HC_CONFIG"] = previous
