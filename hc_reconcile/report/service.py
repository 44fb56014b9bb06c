"""The daily report end to end: read the warehouse, write HTML + CSVs, e-mail the teams.

``build_report`` → ``write_report`` → ``send_report``; the CLI and the Dagster asset call these.
The HTML is always written before anything is sent, so a delivery failure leaves it on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from hc_reconcile.config import Settings
from hc_reconcile.errors import DeliveryError, WarehouseError
from hc_reconcile.fileio import write_bytes_atomic
from hc_reconcile.report import exports, fmt, mail, render
from hc_reconcile.report.delivery import DeliveryResult, Envelope, deliver
from hc_reconcile.report.ledger import SentLedger
from hc_reconcile.report.model import ReportData
from hc_reconcile.report.queries import load_report_data
from hc_reconcile.report.warehouse import open_read_only

log = logging.getLogger(__name__)

FULL_REPORT = "full"
DEFAULT_DAGSTER_URL = "http://127.0.0.1:3000"


@dataclass(frozen=True, slots=True)
class BuiltReport:
    data: ReportData
    images: dict[str, bytes]  # chart name → PNG
    csvs: dict[str, bytes]  # owner queue → CSV of its open exceptions
    dagster_url: str
    generated_at: datetime

    def csv_name(self, queue: str) -> str:
        return exports.csv_name(business_date=self.data.business_date, owner_queue=queue)

    def page(self, *, audience: str | None, attachments: Sequence[str]) -> render.Page:
        return render.Page(
            audience=audience,
            attachments=tuple(attachments),
            dagster_url=self.dagster_url,
            generated_at=self.generated_at,
        )


@dataclass(frozen=True, slots=True)
class WrittenReport:
    html: Path
    csvs: dict[str, Path]


def html_name(business_date: date) -> str:
    return f"report-{business_date.isoformat()}.html"


def default_out_dir(settings: Settings) -> Path:
    """Where reports go unless told: ``reports/`` beside the published warehouse."""
    return settings.warehouse.parent / "reports"


def build_report(
    *,
    warehouse: Path,
    business_date: date,
    queues: Sequence[str] = (),
    dagster_url: str = DEFAULT_DAGSTER_URL,
) -> BuiltReport:
    """Read D from the warehouse (read-only) and draw the charts; ``queues`` get a CSV even when empty."""
    with open_read_only(warehouse) as con:
        try:
            data = load_report_data(con=con, business_date=business_date, warehouse=warehouse.resolve())
        except duckdb.Error as exc:
            raise WarehouseError(
                f"cannot read the report's tables from {warehouse} ({exc}); is it a published hc-reconcile warehouse?"
            ) from exc
    csvs = {
        queue: exports.queue_csv(e for e in data.open_exceptions if e.owner_queue == queue)
        for queue in sorted(set(data.queues) | set(queues))
    }
    log.info(
        "report %s: %d open exceptions in %d queue(s), %d new, %d resolved",
        business_date,
        len(data.open_exceptions),
        len(data.queues),
        sum(e.is_new for e in data.open_exceptions),
        len(data.resolved),
    )
    return BuiltReport(
        data=data,
        images=render.draw_charts(data),
        csvs=csvs,
        dagster_url=dagster_url,
        generated_at=datetime.now().astimezone(),
    )


def write_report(report: BuiltReport, *, out_dir: Path) -> WrittenReport:
    """``report-D.html`` (self-contained, charts as data: URIs) and one CSV per owner queue."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {queue: report.csv_name(queue) for queue in report.csvs}
    page = report.page(audience=None, attachments=sorted(names.values()))
    html = render.render_html(report.data, page=page, image_src=render.data_uris(report.images))
    html_path = out_dir / html_name(report.data.business_date)
    write_bytes_atomic(target=html_path, data=html.encode("utf-8"))
    csv_paths = {}
    for queue, content in report.csvs.items():
        csv_paths[queue] = out_dir / names[queue]
        write_bytes_atomic(target=csv_paths[queue], data=content)
    log.info("report %s written to %s (%d CSV files)", report.data.business_date, html_path, len(csv_paths))
    return WrittenReport(html=html_path, csvs=csv_paths)


def _subject(report: BuiltReport, *, audience: str | None) -> str:
    d = report.data.business_date
    if audience is None:
        n = len(report.data.open_exceptions)
        amount = sum((e.amount for e in report.data.open_exceptions), start=Decimal("0.00"))
        return f"Reconciliation report {d}: {n} open exceptions ({fmt.money(amount)})"
    mine = [e for e in report.data.open_exceptions if e.owner_queue == audience]
    amount = sum((e.amount for e in mine), start=Decimal("0.00"))
    return f"Reconciliation report {d} — {audience}: {len(mine)} open ({fmt.money(amount)})"


def envelope(
    report: BuiltReport,
    *,
    key: str,
    audience: str | None,
    queues: Sequence[str],
    recipients: Sequence[str],
    sender: str,
) -> Envelope:
    """One message: the shared summary plus the CSVs of ``queues``."""
    attachments = [mail.Attachment(report.csv_name(q), report.csvs.get(q, exports.queue_csv([]))) for q in queues]
    page = report.page(audience=audience, attachments=[a.filename for a in attachments])
    message = mail.build_message(
        sender=sender,
        subject=_subject(report, audience=audience),
        text=render.render_text(report.data, page=page),
        html=lambda sources: render.render_html(report.data, page=page, image_src=sources),
        images=report.images,
        attachments=attachments,
    )
    return Envelope(key=key, recipients=tuple(recipients), message=message)


def plan_envelopes(
    report: BuiltReport, *, recipients: Mapping[str, Sequence[str]], to: Sequence[str], sender: str
) -> list[Envelope]:
    """``to`` given: one full report (every queue's CSV) to those addresses. Otherwise one
    message per team in ``recipients`` (owner queue → addresses) with that queue's CSV."""
    if to:
        return [envelope(report, key=FULL_REPORT, audience=None, queues=sorted(report.csvs), recipients=to, sender=sender)]
    return [
        envelope(report, key=queue, audience=queue, queues=[queue], recipients=addresses, sender=sender)
        for queue, addresses in sorted(recipients.items())
        if addresses
    ]


def send_report(
    report: BuiltReport, *, settings: Settings, out_dir: Path, to: Sequence[str] = ()
) -> DeliveryResult:
    """E-mail the report; already-sent (date, message, recipient) are skipped (ledger in ``out_dir``)."""
    envelopes = plan_envelopes(report, recipients=settings.report_recipients, to=to, sender=settings.smtp.sender)
    if not envelopes:
        raise DeliveryError(
            "no recipients: set report_recipients (HC_REPORT_RECIPIENTS='{\"billing\": [\"a@example.org\"]}' "
            "or [report_recipients] in the TOML file), or pass --to ADDRESS"
        )
    ledger = SentLedger.in_dir(out_dir)
    return deliver(envelopes, smtp=settings.smtp, ledger=ledger, business_date=report.data.business_date)
