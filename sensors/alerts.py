"""Record failed runs in a small JSON file and e-mail them (plain Python; no Dagster here).

E-mail goes through the report's SMTP delivery (``hc_reconcile.report.delivery``), which
sends each (message, recipient) at most once thanks to its ledger; without that module,
without recipients or without an SMTP server, the alert is a log line only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from hc_reconcile.config import SmtpSettings
from hc_reconcile.errors import HcReconcileError
from hc_reconcile.fileio import write_json_atomic

log = logging.getLogger(__name__)

KEEP = 500  # newest failures kept in the file


@dataclass(frozen=True, slots=True)
class FailureRecord:
    run_id: str
    job_name: str
    partition: str | None
    failed_at: str  # ISO 8601 UTC
    message: str
    steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = f" partition {self.partition}" if self.partition else ""
        first = self.errors[0] if self.errors else self.message
        return f"RUN FAILED: job {self.job_name}{where}, run {self.run_id}: {first}"

    def body(self) -> str:
        parts = [
            self.line(),
            "",
            f"Run id:      {self.run_id}",
            f"Job:         {self.job_name}",
            f"Partition:   {self.partition or '-'}",
            f"Failed at:   {self.failed_at}",
            f"Steps:       {', '.join(self.steps) or '-'}",
            "",
            "Errors:",
            *(f"- {e}" for e in (self.errors or [self.message])),
            "",
            "Rerun the day from the Dagster UI (Re-execute), or `hc-reconcile run --date <partition>`.",
        ]
        return "\n".join(parts)


def append_failure(path: Path, record: FailureRecord) -> None:
    """Add ``record`` to the JSON file at ``path`` (``{"failures": [...]}``, newest last)."""
    rows: list[dict[str, object]] = []
    if path.is_file():
        try:
            rows = list(json.loads(path.read_text(encoding="utf-8")).get("failures", []))
        except (OSError, ValueError, AttributeError) as exc:
            broken = path.with_name(path.name + ".unreadable")
            log.warning(
                "failure log %s unreadable (%s); kept as %s, starting a new one", path, exc, broken
            )
            path.replace(broken)
            rows = []
    rows.append(asdict(record))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(target=path, payload={"failures": rows[-KEEP:]})


def email_failure(
    record: FailureRecord,
    *,
    smtp: SmtpSettings,
    recipients: list[str],
    ledger_dir: Path,
    business_date: date,
) -> str:
    """Send the alert; returns what happened (for the log). Never raises for delivery problems."""
    if not recipients:
        return "not e-mailed: no alert recipients (set HC_ALERT_RECIPIENTS)"
    try:
        from hc_reconcile.report.delivery import Envelope, deliver
        from hc_reconcile.report.ledger import SentLedger
    except ImportError as exc:
        return f"not e-mailed: the report mailer is not available ({exc})"
    msg = EmailMessage()
    msg["Subject"] = (
        f"[hc-reconcile] run failed: {record.job_name} {record.partition or ''}".strip()
    )
    msg["From"] = smtp.sender
    msg.set_content(record.body())
    try:
        deliver(
            [
                Envelope(
                    key=f"run-failure:{record.run_id}", recipients=tuple(recipients), message=msg
                )
            ],
            smtp=smtp,
            ledger=SentLedger.in_dir(ledger_dir),
            business_date=business_date,
        )
    except HcReconcileError as exc:
        return f"not e-mailed: {exc}"
    except (TypeError, AttributeError) as exc:  # the mailer's interface changed
        return f"not e-mailed: unexpected report mailer interface ({exc})"
    return f"e-mailed to {', '.join(recipients)}"
