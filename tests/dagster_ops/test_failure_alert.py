"""The run-failure sensor records a failed run (JSON row + log line) and e-mails it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import (
    DagsterEventType,
    DagsterInstance,
    build_run_status_sensor_context,
    job,
    op,
)

from assets.resources import HcReconcileResource
from hc_reconcile.errors import WarehouseLockedError
from sensors.failures import run_failure_alert
from sensors.resources import AlertResource


@op
def explode() -> None:
    raise WarehouseLockedError(
        "the working warehouse is locked: warehouse locked by another writer"
    )


@job(tags={"dagster/partition": "2026-03-02"})
def failing_job() -> None:
    explode()


@pytest.fixture
def failed_run() -> Iterator[tuple[DagsterInstance, object, object]]:
    with DagsterInstance.ephemeral() as instance:
        result = failing_job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        event = next(e for e in result.all_events if e.event_type == DagsterEventType.RUN_FAILURE)
        yield instance, result.dagster_run, event


def _evaluate(failed_run, platform: HcReconcileResource, alerts: AlertResource) -> None:  # type: ignore[no-untyped-def]
    instance, run, event = failed_run
    ctx = build_run_status_sensor_context(
        sensor_name="run_failure_alert",
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=run,
        resources={"platform": platform, "alerts": alerts},
    ).for_run_failure()
    run_failure_alert(ctx)


def test_failure_is_recorded_and_logged_without_mail(
    failed_run,
    platform: HcReconcileResource,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    _evaluate(failed_run, platform, AlertResource())
    _evaluate(failed_run, platform, AlertResource())
    log_file = Path(platform.warehouse).parent / "run_failures.json"
    rows = json.loads(log_file.read_text())["failures"]
    assert len(rows) == 2
    assert rows[0]["job_name"] == "failing_job" and rows[0]["partition"] == "2026-03-02"
    assert rows[0]["steps"] == ["explode"]
    # the root cause, not Dagster's "Error occurred while executing op" wrapper
    assert rows[0]["errors"][0].startswith(
        "hc_reconcile.errors.WarehouseLockedError: the working warehouse is locked"
    )
    assert "RUN FAILED: job failing_job partition 2026-03-02" in caplog.text
    assert "not e-mailed: no alert recipients" in caplog.text


def test_failure_is_emailed_through_the_report_mailer(
    failed_run,
    platform: HcReconcileResource,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    pytest.importorskip(
        "hc_reconcile.report.delivery", reason="the report mailer is not in this tree yet"
    )
    from smtp_support import local_smtp

    with local_smtp() as server:
        alerts = AlertResource(
            recipients="ops@example.org, oncall@example.org",
            smtp_host=server.host,
            smtp_port=server.port,
            sender="hc@example.org",
        )
        _evaluate(failed_run, platform, alerts)
        _evaluate(failed_run, platform, alerts)  # the same run again: not sent twice
    received = [(m.rcpt_tos, m.data) for m in server.handler.messages]
    assert len(received) == 1
    rcpts, content = received[0]
    assert rcpts == ["ops@example.org", "oncall@example.org"]
    assert b"run failed: failing_job 2026-03-02" in content
    assert b"warehouse locked by another writer" in content
