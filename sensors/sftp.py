"""SFTP sensor: every few minutes, pick up new 835 files into today's business-date folder.

It requests no run itself: the files land in ``<landing>/<today>/remit/`` and the landing
sensor / nightly schedule run that date once its partition exists. A failure (server
down, host key refused, connection dropped) fails the tick with the library's message;
the next tick retries. Not configured (no ``HC_SFTP_HOST``) → the tick is skipped.
"""

from __future__ import annotations

import os

from dagster import DefaultSensorStatus, SensorEvaluationContext, SkipReason, sensor

from assets.resources import HcReconcileResource
from hc_reconcile.sources.files import today_in
from hc_reconcile.sources.sftp import pull
from sensors.resources import SftpResource
from sensors.settings import ops_settings


def evaluate_sftp(
    context: SensorEvaluationContext, platform: HcReconcileResource, sftp: SftpResource
) -> SkipReason:
    if not sftp.configured:
        return SkipReason(
            "SFTP pickup is not configured: set HC_SFTP_HOST (see docs/operations.md)"
        )
    settings = platform.settings()
    config = sftp.settings(time_budget=ops_settings().sftp_time_budget_seconds)
    result = pull(
        settings=config, landing=settings.landing, business_date=today_in(settings.timezone)
    )
    context.log.info(result.summary())
    return SkipReason(result.summary())


@sensor(
    name="sftp_pickup_sensor",
    minimum_interval_seconds=ops_settings().sftp_interval_seconds,
    default_status=DefaultSensorStatus.RUNNING
    if os.environ.get("HC_SFTP_HOST")
    else DefaultSensorStatus.STOPPED,
    description="Downloads new 835 files from the clearinghouse SFTP server into <landing>/<today>/remit/.",
)
def sftp_pickup_sensor(
    context: SensorEvaluationContext, platform: HcReconcileResource, sftp: SftpResource
) -> SkipReason:
    return evaluate_sftp(context, platform, sftp)
