"""Atomic file writes into the landing folder: a reader sees no file or the whole file."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo


def today_in(timezone: str) -> date:
    """The business date "today" in ``timezone`` (an IANA name such as America/New_York)."""
    return datetime.now(ZoneInfo(timezone)).date()


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def discard(path: Path) -> None:
    """Remove ``path`` if it exists (a temp file after a failure)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_bytes_atomic(*, target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a hidden temp file in the same folder, fsync, rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    fsync_dir(target.parent)


def write_json_atomic(*, target: Path, payload: Any) -> None:
    text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_bytes_atomic(target=target, data=text.encode("utf-8"))
