"""Operational knobs of the Dagster deployment, read from ``HC_OPS_*`` variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OpsSettings(BaseSettings):
    """Non-secret settings of sensors and checks (secrets live in the resources, via EnvVar)."""

    model_config = SettingsConfigDict(env_prefix="HC_OPS_", extra="ignore")

    landing_interval_seconds: int = Field(
        60, ge=5, description="How often the landing sensor looks"
    )
    landing_settle_seconds: float = Field(
        30.0,
        ge=0,
        description="A date folder whose newest file is younger than this is looked at again later",
    )
    sftp_interval_seconds: int = Field(300, ge=30, description="How often the SFTP sensor pulls")
    sftp_time_budget_seconds: float = Field(
        40.0,
        gt=0,
        description="Per SFTP tick: no new download starts after this (sensor ticks time out at 60 s)",
    )
    rejected_share_max: float = Field(
        0.05,
        ge=0,
        le=1,
        description="ERROR check: rejected CSV rows / all CSV rows of the date above this fails",
    )
    failure_log: Path | None = Field(
        None, description="JSON file of failed runs; default: <warehouse dir>/run_failures.json"
    )


def ops_settings() -> OpsSettings:
    return OpsSettings()
