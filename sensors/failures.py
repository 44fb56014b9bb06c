"""Run-failure sensor: every failed run of this code location becomes a log line, a row in
``run_failures.json`` (beside the warehouse, or ``HC_OPS_FAILURE_LOG``) and an e-mail."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from assets.resources import HcReconcileResource
from hc_reconcile.sources.files import today_in
from sensors.alerts import FailureRecord, append_failure, email_failure
from sensors.resources import AlertResource
from sensors.settings import ops_settings

log = logging.getLogger("hc_reconcile.ops")

_MAX_ERROR = 2000


def _root_message(error: Any) -> str:  # dagster's SerializableErrorInfo (not exported)
    """The original exception's message, not Dagster's "Error occurred while executing op"."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


def failure_record(context: RunFailureSensorContext) -> FailureRecord:
    run = context.dagster_run
    steps, errors = [], []
    for event in context.get_step_failure_events():
        steps.append(event.step_key or "?")
        data = event.step_failure_data
        if data is not None and data.error is not None:
            errors.append(_root_message(data.error)[:_MAX_ERROR])
    return FailureRecord(
        run_id=run.run_id,
        job_name=run.job_name,
        partition=run.tags.get("dagster/partition"),
        failed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        message=(context.failure_event.message or "run failed")[:_MAX_ERROR],
        steps=steps,
        errors=errors,
    )


def handle_failure(
    context: RunFailureSensorContext, platform: HcReconcileResource, alerts: AlertResource
) -> FailureRecord:
    settings = platform.settings()
    record = failure_record(context)
    log_path = ops_settings().failure_log or settings.warehouse.parent / "run_failures.json"
    append_failure(log_path, record)
    context.log.error(record.line())
    log.error(record.line())
    try:
        business_date = (
            date.fromisoformat(record.partition)
            if record.partition
            else today_in(settings.timezone)
        )
    except ValueError:
        business_date = today_in(settings.timezone)
    outcome = email_failure(
        record,
        smtp=alerts.smtp(),
        recipients=alerts.recipient_list(),
        ledger_dir=log_path.parent,
        business_date=business_date,
    )
    context.log.info(f"run {record.run_id}: {outcome}; recorded in {log_path}")
    level = logging.INFO if outcome.startswith("e-mailed") else logging.WARNING
    log.log(level, "run %s: %s; recorded in %s", record.run_id, outcome, log_path)
    return record


@run_failure_sensor(
    name="run_failure_alert",
    default_status=DefaultSensorStatus.RUNNING,
    description="Records every failed run (log line + run_failures.json) and e-mails HC_ALERT_RECIPIENTS.",
)
def run_failure_alert(
    context: RunFailureSensorContext, platform: HcReconcileResource, alerts: AlertResource
) -> None:
    handle_failure(context, platform, alerts)
