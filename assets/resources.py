"""Typed Dagster resources. Paths default to the CLI defaults and read ``HC_*`` variables."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource, EnvVar
from dagster_duckdb import DuckDBResource

from hc_reconcile.config import Settings, load_settings


class HcReconcileResource(ConfigurableResource):  # type: ignore[misc]
    """Where the platform reads and writes; every other setting comes from ``HC_*``/TOML."""

    landing: str = "landing"
    warehouse: str = "warehouse.duckdb"
    outbox: str = "outbox"
    work_dir: str | None = None
    #: Runs for different partitions queue on the working warehouse (one writer) instead of failing.
    lock_wait_seconds: float = 1800

    def settings(self) -> Settings:
        return load_settings(
            landing=Path(self.landing),
            warehouse=Path(self.warehouse),
            outbox=Path(self.outbox),
            work_dir=Path(self.work_dir) if self.work_dir else None,
            lock_wait_seconds=self.lock_wait_seconds,
        )


def _env_or(name: str, default: str) -> str | EnvVar:
    return EnvVar(name) if os.environ.get(name) else default


def default_resources() -> dict[str, object]:
    platform = HcReconcileResource(
        landing=_env_or("HC_LANDING", "landing"),
        warehouse=_env_or("HC_WAREHOUSE", "warehouse.duckdb"),
        outbox=_env_or("HC_OUTBOX", "outbox"),
    )
    return {
        "platform": platform,
        # Read-only queries against the published file (asset checks, report).
        "duckdb": DuckDBResource(
            database=_env_or("HC_WAREHOUSE", "warehouse.duckdb"), connection_config={"access_mode": "READ_ONLY"}
        ),
    }
