"""Send report messages over SMTP, at most once per (date, message, recipient).

SMTP unreachable or refusing → DeliveryError with a message that says what happened.
Every message is tried even when one is refused; the error lists what was not delivered.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage

from hc_reconcile.config import SmtpSettings
from hc_reconcile.errors import DeliveryError
from hc_reconcile.report.ledger import SentLedger

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message for a group of recipients; ``key`` is the owner queue or ``full``."""

    key: str
    recipients: tuple[str, ...]
    message: EmailMessage


@dataclass(slots=True)
class DeliveryResult:
    sent: list[tuple[str, str]] = field(default_factory=list)  # (key, recipient)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already in the ledger
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (key, recipient, why)


def _why(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    return str(exc) or type(exc).__name__


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if not smtp.host:
        raise DeliveryError("no SMTP server configured: set HC_SMTP_HOST (and HC_SMTP_PORT, HC_SMTP_FROM, ...)")
    where = f"{smtp.host}:{smtp.port}"
    try:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"cannot reach SMTP server {where}: {_why(exc)}; nothing was sent") from exc
    try:
        client.ehlo()
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if smtp.user:
            password = smtp.password.get_secret_value() if smtp.password else ""
            client.login(smtp.user, password)
    except (OSError, smtplib.SMTPException) as exc:
        client.close()
        step = "login" if isinstance(exc, smtplib.SMTPAuthenticationError) else "session setup"
        raise DeliveryError(f"SMTP server {where} refused the {step}: {_why(exc)}; nothing was sent") from exc
    return client


def deliver(
    envelopes: Sequence[Envelope],
    *,
    smtp: SmtpSettings,
    ledger: SentLedger,
    business_date: date,
) -> DeliveryResult:
    """Send every envelope to its recipients not yet in the ledger; DeliveryError if any failed."""
    result = DeliveryResult()
    pending: list[tuple[Envelope, list[str]]] = []
    for env in envelopes:
        todo = []
        for rcpt in env.recipients:
            if ledger.was_sent(business_date=business_date, message=env.key, recipient=rcpt):
                result.skipped.append((env.key, rcpt))
            else:
                todo.append(rcpt)
        if todo:
            pending.append((env, todo))
    if not pending:
        log.info("report %s: every message was already sent (%d skipped)", business_date, len(result.skipped))
        return result

    client = _connect(smtp)
    try:
        for env, todo in pending:
            _send_one(client, env, todo, smtp=smtp, ledger=ledger, business_date=business_date, result=result)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    if result.failed:
        failures = "; ".join(f"{key} → {rcpt}: {why}" for key, rcpt, why in result.failed)
        raise DeliveryError(
            f"the report for {business_date} was not delivered to {len(result.failed)} recipient(s) "
            f"via {smtp.host}:{smtp.port} ({failures}); {len(result.sent)} delivered. "
            "A retry sends only what is missing."
        )
    return result


def _send_one(
    client: smtplib.SMTP,
    env: Envelope,
    todo: list[str],
    *,
    smtp: SmtpSettings,
    ledger: SentLedger,
    business_date: date,
    result: DeliveryResult,
) -> None:
    msg = env.message
    del msg["To"]
    msg["To"] = ", ".join(todo)
    try:
        refused = client.send_message(msg, from_addr=smtp.sender, to_addrs=todo)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPServerDisconnected as exc:
        result.failed.extend((env.key, r, f"connection lost: {_why(exc)}") for r in todo)
        raise DeliveryError(
            f"SMTP server {smtp.host}:{smtp.port} closed the connection while sending the "
            f"{env.key} report for {business_date}: {_why(exc)}. "
            f"{len(result.sent)} recipient(s) were delivered before; a retry sends only what is missing."
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        result.failed.extend((env.key, r, _why(exc)) for r in todo)
        log.warning("report %s: %s message refused: %s", business_date, env.key, _why(exc))
        return
    accepted = [r for r in todo if r not in refused]
    for rcpt, (code, text) in refused.items():
        why = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
        result.failed.append((env.key, rcpt, why))
    if accepted:
        ledger.record(
            business_date=business_date,
            message=env.key,
            recipients=accepted,
            message_id=str(msg["Message-ID"]),
        )
        result.sent.extend((env.key, r) for r in accepted)
        log.info("report %s: %s message sent to %d recipient(s)", business_date, env.key, len(accepted))
