"""The report e-mailed through a real SMTP server on localhost (aiosmtpd), via the CLI."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import logging
import re
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest
from report_support import PHI_STRINGS, D, payload
from smtp_support import SmtpServer, free_port
from typer.testing import CliRunner

from hc_reconcile.config import load_settings
from hc_reconcile.errors import DeliveryError
from hc_reconcile.report import build_report, send_report
from hc_reconcile.report.ledger import LEDGER_NAME

TEAMS = {
    "cash_posting": ["cash@hospital.example"],
    "billing": ["billing@hospital.example", "billing.lead@hospital.example"],
    "patient_access": ["access@hospital.example"],
}
runner = CliRunner()


def _env(port: int, **extra: str) -> dict[str, str]:
    return {
        "HC_SMTP_HOST": "127.0.0.1",
        "HC_SMTP_PORT": str(port),
        "HC_SMTP_FROM": "recon-report@hospital.example",
        "HC_SMTP_STARTTLS": "false",
        "HC_REPORT_RECIPIENTS": json.dumps(TEAMS),
        **extra,
    }


def _report(wh: Path, out: Path, port: int, *args: str):  # type: ignore[no-untyped-def]
    from hc_reconcile.cli import app

    return runner.invoke(
        app,
        ["report", "--warehouse", str(wh), "--date", D.isoformat(), "--out", str(out), *args],
        env=_env(port),
    )


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _assert_no_phi(raw: bytes) -> None:
    """Neither in the raw bytes nor in any decoded part (base64, quoted-printable)."""
    texts = [raw.decode("utf-8", "replace")]
    for part in _parse(raw).walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts.append(payload.decode("utf-8", "replace"))
    # Any base64 run in the raw message, decoded too (belt and braces).
    for run in re.findall(rb"(?:[A-Za-z0-9+/]{60,}={0,2}\r?\n)+", raw):
        texts.append(base64.b64decode(re.sub(rb"\s", b"", run) + b"===", validate=False).decode("utf-8", "replace"))
    blob = "\n".join(texts).casefold()
    for secret in PHI_STRINGS:
        assert secret.casefold() not in blob, f"PHI {secret!r} found in the message"


def test_one_message_per_team_with_html_inline_charts_and_its_csv(
    warehouse_file: Path, tmp_path: Path, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"report-{D}.html").is_file()
    received = smtp_server.handler.messages
    assert sorted(tuple(sorted(m.rcpt_tos)) for m in received) == sorted(tuple(sorted(a)) for a in TEAMS.values())
    for m in received:
        assert m.mail_from == "recon-report@hospital.example"
        msg = _parse(m.data)
        queue = next(q for q, addrs in TEAMS.items() if sorted(addrs) == sorted(m.rcpt_tos))
        assert D.isoformat() in msg["Subject"] and queue in msg["Subject"]
        html_part = msg.get_body(preferencelist=("html",))
        assert html_part is not None
        html = html_part.get_content()
        assert f"the <b>{queue}</b> queue" in html
        cids = set(re.findall(r'src="cid:([^"]+)"', html))
        images = {
            str(p["Content-ID"]).strip().strip("<>"): payload(p)
            for p in msg.walk()
            if p.get_content_type() == "image/png"
        }
        assert len(cids) == 7 and cids == set(images)
        assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in images.values())
        assert "data:image" not in html
        attachments = [p for p in msg.iter_attachments() if p.get_content_type() == "text/csv"]
        assert [a.get_filename() for a in attachments] == [f"exceptions-{D}-{queue}.csv"]
        lines = payload(attachments[0]).decode("utf-8").splitlines()
        assert lines[0].startswith("exception_id,exception_type,entity_key,owner_queue")
        assert len(lines) > 1 and all(f",{queue}," in line for line in lines[1:])
        _assert_no_phi(m.data)
    ours = [r for r in caplog.records if r.name.startswith("hc_reconcile")]
    logged = "\n".join(r.getMessage() for r in ours).casefold()
    assert "report 2026-11-23" in logged
    for secret in PHI_STRINGS:
        assert secret.casefold() not in logged


def test_to_sends_one_full_report_and_a_retry_sends_nothing(
    warehouse_file: Path, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    args = ["--to", "cfo@hospital.example", "--to", "controller@hospital.example"]
    first = _report(warehouse_file, tmp_path, smtp_server.port, *args)
    assert first.exit_code == 0, first.output
    assert len(smtp_server.handler.messages) == 1
    m = smtp_server.handler.messages[0]
    assert sorted(m.rcpt_tos) == ["cfo@hospital.example", "controller@hospital.example"]
    msg = _parse(m.data)
    names = sorted(a.get_filename() or "" for a in msg.iter_attachments() if a.get_content_type() == "text/csv")
    assert names == [
        f"exceptions-{D}-{q}.csv"
        for q in ("billing", "cash_posting", "general_ledger", "patient_access", "payer_follow_up")
    ]
    _assert_no_phi(m.data)
    again = _report(warehouse_file, tmp_path, smtp_server.port, *args)
    assert again.exit_code == 0, again.output
    assert "2 already sent" in again.output
    assert len(smtp_server.handler.messages) == 1
    ledger = json.loads((tmp_path / LEDGER_NAME).read_text())
    assert {(e["business_date"], e["message"], e["recipient"]) for e in ledger["sent"]} == {
        ("2026-11-23", "full", "cfo@hospital.example"),
        ("2026-11-23", "full", "controller@hospital.example"),
    }


def test_refused_recipient_fails_and_the_retry_sends_only_what_is_missing(
    warehouse_file: Path, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.refuse_rcpt = {"billing.lead@hospital.example"}
    first = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert first.exit_code == 1
    assert "billing.lead@hospital.example" in first.output and "550" in first.output
    assert sum(len(m.rcpt_tos) for m in smtp_server.handler.messages) == 3
    smtp_server.handler.refuse_rcpt = set()
    second = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert second.exit_code == 0, second.output
    third = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert third.exit_code == 0, third.output
    delivered = sorted(r for m in smtp_server.handler.messages for r in m.rcpt_tos)
    assert delivered == sorted(a for addrs in TEAMS.values() for a in addrs)  # each exactly once


def test_server_refusing_the_message_exits_non_zero_and_keeps_the_html(
    warehouse_file: Path, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.refuse_data = True
    result = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert result.exit_code == 1
    assert "550" in result.output and "not delivered" in result.output
    assert (tmp_path / f"report-{D}.html").stat().st_size > 10_000
    assert not (tmp_path / LEDGER_NAME).exists()
    smtp_server.handler.refuse_data = False
    retry = _report(warehouse_file, tmp_path, smtp_server.port, "--send")
    assert retry.exit_code == 0, retry.output
    assert len(smtp_server.handler.messages) == 3


def test_unreachable_server_is_a_delivery_error_and_the_html_is_written(warehouse_file: Path, tmp_path: Path) -> None:
    port = free_port()  # nothing listens there any more
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    result = _report(warehouse_file, tmp_path, port, "--send")
    assert result.exit_code == 1
    assert f"cannot reach SMTP server 127.0.0.1:{port}" in result.output
    assert (tmp_path / f"report-{D}.html").is_file()
    settings = load_settings(warehouse=warehouse_file)
    settings.smtp.host, settings.smtp.port, settings.smtp.timeout = "127.0.0.1", port, 5
    report = build_report(warehouse=warehouse_file, business_date=D)
    with pytest.raises(DeliveryError, match="nothing was sent"):
        send_report(report, settings=settings, out_dir=tmp_path, to=["cfo@hospital.example"])


def test_no_recipients_and_no_server_are_clear_errors(warehouse_file: Path, tmp_path: Path) -> None:
    report = build_report(warehouse=warehouse_file, business_date=D)
    with pytest.raises(DeliveryError, match="no recipients"):
        send_report(report, settings=load_settings(), out_dir=tmp_path)
    with pytest.raises(DeliveryError, match="HC_SMTP_HOST"):
        send_report(report, settings=load_settings(), out_dir=tmp_path, to=["a@hospital.example"])
