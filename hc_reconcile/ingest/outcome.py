"""What happened to one landing file: the row written to ``recon.file_log``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FileStatus = Literal["loaded", "duplicate", "quarantined"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    status: FileStatus
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_resent: int = 0
    reason: str | None = None
