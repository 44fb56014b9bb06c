"""End-to-end helpers: data set and run handles, CLI runner, table and outbox snapshots."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from hc_reconcile.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "hc_reconcile.cli"]


@dataclass(frozen=True)
class Dataset:
    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def truth(self) -> Path:
        return self.root / "ground_truth"


@dataclass(frozen=True)
class RunResult:
    settings: Settings

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.settings.warehouse), read_only=True)


def settings_for(root: Path, landing: Path) -> Settings:
    return load_settings(
        landing=landing, warehouse=root / "warehouse.duckdb", outbox=root / "outbox", build_models=False
    )


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd or REPO, capture_output=True, text=True, timeout=600, env=env)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every user table, rows sorted, as comparable Python values."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema IN ('raw', 'core', 'recon', 'remit', 'remit_store') ORDER BY 1, 2"
        ).fetchall()
        return {
            f"{s}.{t}": sorted(con.execute(f'SELECT * FROM "{s}"."{t}"').fetchall(), key=repr)
            for s, t in tables
        }
    finally:
        con.close()


def outbox_bytes(outbox: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outbox)): p.read_bytes() for p in sorted(outbox.rglob("*.csv"))}
