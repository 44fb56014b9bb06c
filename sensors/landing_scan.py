"""What the landing sensor compares: per date folder, a cheap stat signature and a content
fingerprint over the contract's files (source/name + SHA-256, the same text the pipeline
stores in ``recon.load_state.fingerprint``)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from hc_reconcile.fileio import sha256_file
from hc_reconcile.landing import LandedFile, list_dates, list_files

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DateFolder:
    business_date: date
    files: tuple[LandedFile, ...]
    stat_signature: str
    newest_mtime: float


def stat_signature(files: tuple[LandedFile, ...]) -> tuple[str, float]:
    lines, newest = [], 0.0
    for f in files:
        st = f.path.stat()
        lines.append(f"{f.source}/{f.name}:{st.st_size}:{st.st_mtime_ns}")
        newest = max(newest, st.st_mtime)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), newest


def content_fingerprint(files: tuple[LandedFile, ...]) -> str:
    """SHA-256 over ``source/name:sha256`` lines in processing order (pipeline's fingerprint)."""
    lines = "\n".join(f"{f.source}/{f.name}:{sha256_file(f.path)}" for f in files)
    return hashlib.sha256(lines.encode()).hexdigest()


def scan(landing: Path) -> Iterator[DateFolder]:
    dates, _ = list_dates(landing)
    for d in dates:
        try:
            files = tuple(list_files(landing, d))
            signature, newest = stat_signature(files)
        except (OSError, ValueError) as exc:  # a file vanished mid-scan: look again next tick
            log.info("landing sensor: %s changed while scanning (%s); next tick", d, exc)
            continue
        yield DateFolder(
            business_date=d, files=files, stat_signature=signature, newest_mtime=newest
        )


def loaded_fingerprints(warehouse: Path) -> dict[str, str]:
    """``recon.load_state`` of the published warehouse: what is already loaded (empty if none)."""
    if not warehouse.is_file():
        return {}
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        log.warning(
            "landing sensor: cannot read %s (%s); deciding from the cursor alone", warehouse, exc
        )
        return {}
    try:
        rows = con.execute(
            "SELECT business_date::VARCHAR, fingerprint FROM recon.load_state"
        ).fetchall()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return {str(d): str(fp) for d, fp in rows}
