"""File helpers shared by the whole library: SHA-256 of a file, atomic writes, durable renames.

Every file the platform writes for someone else to read (correction feeds, the published
warehouse, landing files pulled from SFTP or SQL, ledgers, the report) is written to a
hidden temp file in the target's folder, fsynced and moved into place with ``os.replace``:
a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def write_bytes_atomic(*, target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a hidden temp file in the same folder, fsync, rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
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
