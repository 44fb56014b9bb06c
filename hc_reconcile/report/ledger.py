"""What was already e-mailed: a small JSON file beside the report, so a retry never sends twice.

One entry per (business date, message, recipient): ``message`` is the owner queue of a team
message or ``full`` for a ``--to`` report. An entry is written right after the SMTP server
accepted the message for that recipient (the file is replaced atomically).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from hc_reconcile.errors import DeliveryError
from hc_reconcile.fileio import write_bytes_atomic

LEDGER_NAME = "report-sent-ledger.json"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    business_date: str
    message: str
    recipient: str
    sent_at: str
    message_id: str


def _norm(address: str) -> str:
    return address.strip().lower()


class SentLedger:
    """The ledger at ``<dir>/report-sent-ledger.json`` (created on the first send)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[LedgerEntry] = self._load()

    @classmethod
    def in_dir(cls, directory: Path) -> SentLedger:
        return cls(directory / LEDGER_NAME)

    def _load(self) -> list[LedgerEntry]:
        if not self.path.exists():
            return []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [LedgerEntry(**item) for item in raw["sent"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DeliveryError(
                f"the send ledger {self.path} is unreadable ({exc}); nothing was sent, so no one gets "
                "the report twice. Fix or remove the file (removing it allows re-sending) and retry."
            ) from exc

    def was_sent(self, *, business_date: date, message: str, recipient: str) -> bool:
        key = (business_date.isoformat(), message, _norm(recipient))
        return any((e.business_date, e.message, e.recipient) == key for e in self.entries)

    def record(self, *, business_date: date, message: str, recipients: list[str], message_id: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for recipient in recipients:
            if not self.was_sent(business_date=business_date, message=message, recipient=recipient):
                self.entries.append(
                    LedgerEntry(business_date.isoformat(), message, _norm(recipient), now, message_id)
                )
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"version": 1, "sent": [asdict(e) for e in self.entries]}
        text = json.dumps(body, indent=1) + "\n"
        write_bytes_atomic(target=self.path, data=text.encode("utf-8"))

