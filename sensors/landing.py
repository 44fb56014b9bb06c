"""Landing sensor: a new date folder, or a late/changed file in one, requests a run of the
business-date job for that partition.

* ``run_key`` = ``<date>:<fingerprint>``, the fingerprint being SHA-256 over the folder's
  contract files (``source/name:SHA-256``). A file re-delivered with identical bytes and
  name gives the same key, so nothing is requested again (Dagster also drops repeated keys).
* The JSON cursor keeps, per date, the stat signature (sizes + mtimes: a cheap "anything
  changed?") and the last fingerprint requested; files are hashed only when the stat
  signature moved.
* A date already loaded with exactly these files (``recon.load_state`` of the published
  warehouse) requests nothing: turning the sensor on over a loaded history is quiet.
* A folder still being written (newest file younger than ``HC_OPS_LANDING_SETTLE_SECONDS``)
  is looked at on a later tick; a date whose partition does not exist yet (today's, in the
  partition time zone) waits until it does.
"""

from __future__ import annotations

import json
import time
from typing import Any

from dagster import (
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from assets.partitions import daily_partitions
from assets.resources import HcReconcileResource
from sensors.landing_scan import content_fingerprint, loaded_fingerprints, scan
from sensors.settings import ops_settings

JOB_NAME = "business_date_job"
CURSOR_VERSION = 1


def _load_cursor(raw: str | None) -> dict[str, dict[str, str]]:
    if not raw:
        return {}
    try:
        payload = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(payload, dict) or payload.get("v") != CURSOR_VERSION:
        return {}
    dates = payload.get("dates")
    return dates if isinstance(dates, dict) else {}


def _dump_cursor(dates: dict[str, dict[str, str]]) -> str:
    return json.dumps({"v": CURSOR_VERSION, "dates": dates}, sort_keys=True, separators=(",", ":"))


def evaluate_landing(
    context: SensorEvaluationContext, platform: HcReconcileResource, *, now: float | None = None
) -> SensorResult:
    """One tick; also what the tests call (via the sensor)."""
    settings = platform.settings()
    ops = ops_settings()
    now = time.time() if now is None else now
    seen = _load_cursor(context.cursor)
    loaded: dict[str, str] | None = None  # read lazily: only when something changed
    requests: list[RunRequest] = []
    waiting: list[str] = []
    first_key = daily_partitions.get_first_partition_key()
    present: set[str] = set()
    for folder in scan(settings.landing):
        key = folder.business_date.isoformat()
        present.add(key)
        previous = seen.get(key, {})
        if previous.get("stat") == folder.stat_signature:
            continue
        if first_key is not None and key < first_key:
            seen[key] = {"stat": folder.stat_signature, "fingerprint": "before-partitions"}
            context.log.warning(
                "landing sensor: %s is before the first partition %s; ignored", key, first_key
            )
            continue
        if not folder.files:
            continue  # an empty date folder: the nightly schedule covers it
        if (
            now - folder.newest_mtime < ops.landing_settle_seconds
            or not daily_partitions.has_partition_key(key)
        ):
            waiting.append(key)
            continue
        fingerprint = content_fingerprint(folder.files)
        seen[key] = {"stat": folder.stat_signature, "fingerprint": fingerprint}
        if previous.get("fingerprint") == fingerprint:
            continue  # same names, same bytes: re-delivered, nothing new
        if loaded is None:
            loaded = loaded_fingerprints(settings.warehouse)
        if loaded.get(key) == fingerprint:
            continue  # already loaded exactly like this
        requests.append(
            RunRequest(
                run_key=f"{key}:{fingerprint}",
                partition_key=key,
                job_name=JOB_NAME,
                tags={
                    "hc_reconcile/trigger": "landing",
                    "hc_reconcile/files": str(len(folder.files)),
                },
            )
        )
    seen = {key: value for key, value in seen.items() if key in present}  # folders removed
    if waiting:
        context.log.info(
            "landing sensor: still settling or not yet a partition: %s", ", ".join(waiting)
        )
    skip: Any = None
    if not requests:
        skip = SkipReason(
            "no new or changed landing files"
            + (f" (waiting on {', '.join(waiting)})" if waiting else "")
        )
    return SensorResult(run_requests=requests, cursor=_dump_cursor(seen), skip_reason=skip)


@sensor(
    name="landing_sensor",
    job_name=JOB_NAME,
    minimum_interval_seconds=ops_settings().landing_interval_seconds,
    default_status=DefaultSensorStatus.RUNNING,
    description="Requests a business-date run when a new date folder or a late/changed file lands.",
)
def landing_sensor(context: SensorEvaluationContext, platform: HcReconcileResource) -> SensorResult:
    return evaluate_landing(context, platform)
