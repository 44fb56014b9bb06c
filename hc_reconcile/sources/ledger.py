"""Which remote files were already picked up: a small JSON file, one entry per
(remote path, size, mtime). A file the server changes (new size or mtime) is picked up again."""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hc_reconcile.errors import SourceError
from hc_reconcile.fileio import write_json_atomic

LEDGER_NAME = "sftp_pickup_ledger.json"
LOCK_NAME = "sftp_pickup.lock"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    path: str
    size: int
    mtime: int

    @property
    def key(self) -> str:
        # Path last: it is the only part that may contain the separator.
        return f"{self.size}:{self.mtime}:{self.path}"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


class PickupLedger:
    """Load with :meth:`load`; :meth:`record` rewrites the file atomically after each download."""

    def __init__(self, *, path: Path, entries: dict[str, dict[str, Any]]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> PickupLedger:
        if not path.exists():
            return cls(path=path, entries={})
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            entries = payload["files"]
            if not isinstance(entries, dict):
                raise TypeError("'files' is not an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SourceError(
                f"the SFTP pickup ledger {path} cannot be read ({exc}). Repair it, or move it away "
                "to start over (then every file still on the server is downloaded again; already "
                "landed identical files are recognised and not duplicated)."
            ) from exc
        return cls(path=path, entries=entries)

    def seen(self, remote: RemoteFile) -> bool:
        return remote.key in self.entries

    def record(
        self, remote: RemoteFile, *, local_path: str, business_date: date, sha256: str
    ) -> None:
        self.entries[remote.key] = {
            "remote_path": remote.path,
            "size": remote.size,
            "mtime": remote.mtime,
            "local_path": local_path,
            "business_date": business_date.isoformat(),
            "sha256": sha256,
            "pulled_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(target=self.path, payload={"version": 1, "files": self.entries})


@contextlib.contextmanager
def exclusive_pull(state_dir: Path) -> Iterator[None]:
    """One pull at a time per ledger (the CLI and the Dagster sensor may overlap)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    lock_path = state_dir / LOCK_NAME
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceError(
                f"another SFTP pull is running (lock {lock_path} is held); try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
