"""Report domain: the daily reconciliation report of a business date, e-mailed per team.

Runs after the warehouse of the date is published (it reads the published file read-only).
Writes ``reports/report-D.html`` and a CSV per owner queue beside the warehouse, then e-mails
each team in ``report_recipients`` when ``HC_SMTP_HOST`` is set. A delivery failure fails the
run with the HTML on disk; re-running the partition sends only what was not sent.
"""

# No `from __future__ import annotations`: Dagster checks the `context` annotation as an object.
import os
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
)

from assets.partitions import daily_partitions, partition_date
from assets.resources import HcReconcileResource
from hc_reconcile.report import build_report, default_out_dir, send_report, write_report
from hc_reconcile.report.service import DEFAULT_DAGSTER_URL


@asset(
    partitions_def=daily_partitions,
    group_name="report",
    deps=[AssetKey("recon_exceptions"), AssetKey("published_warehouse")],
    description=(
        "Daily reconciliation report of the business date: KPIs with 30-day trends, open "
        "exceptions by type, queue and age, new and resolved, top payers by unposted amount. "
        "HTML + one CSV per owner queue (patient identifiers masked), e-mailed per team."
    ),
)
def daily_report(context: AssetExecutionContext, platform: HcReconcileResource) -> MaterializeResult:
    settings = platform.settings()
    d = partition_date(context.partition_key)
    out_dir = default_out_dir(settings)
    report = build_report(
        warehouse=settings.warehouse,
        business_date=d,
        queues=sorted(settings.report_recipients),
        dagster_url=os.environ.get("HC_DAGSTER_URL", DEFAULT_DAGSTER_URL),
    )
    written = write_report(report, out_dir=out_dir)
    open_amount = sum(e.amount for e in report.data.open_exceptions)
    metadata: dict[str, Any] = {
        "html": MetadataValue.path(str(written.html.resolve())),
        "csv_files": MetadataValue.text(", ".join(p.name for p in written.csvs.values())),
        "open_exceptions": len(report.data.open_exceptions),
        "open_amount": MetadataValue.text(str(open_amount)),
        "new": sum(e.is_new for e in report.data.open_exceptions),
        "resolved": len(report.data.resolved),
    }
    if settings.smtp.host and settings.report_recipients:
        result = send_report(report, settings=settings, out_dir=out_dir)
        metadata["emails_sent"] = len(result.sent)
        metadata["emails_already_sent"] = len(result.skipped)
    else:
        context.log.info("report e-mail skipped: set HC_SMTP_HOST and report_recipients to send it")
        metadata["emails_sent"] = 0
    return MaterializeResult(metadata=metadata)


defs = Definitions(assets=[daily_report])
