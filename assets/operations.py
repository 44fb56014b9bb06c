"""Operations domain: the business-date job, the nightly schedule, sensors and asset checks.

* ``business_date_job``: every asset downstream of ``landing_files`` (ingest → reconcile →
  publish → models/report as they are added) for one daily partition. In-process executor:
  every step writes the same DuckDB working file, which allows one writer at a time.
  Runs carry the tag ``hc_reconcile/warehouse=writer``; the shipped
  ``.dagster_home/dagster.yaml`` limits it to 1 concurrent run so two dates never fight
  over the file (docs/operations.md).
* ``nightly_schedule``: at ``Settings.schedule_time`` in ``Settings.timezone`` (default
  05:00 America/New_York) runs the previous calendar day, if its landing folder exists.
* Asset checks on ``landing_files`` read the run's working warehouse read-only.
"""


import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    MetadataValue,
    RunRequest,
    ScheduleEvaluationContext,
    SkipReason,
    asset_check,
    define_asset_job,
    in_process_executor,
    schedule,
)

from assets.resources import HcReconcileResource
from hc_reconcile.config import Settings, load_settings
from hc_reconcile.landing import list_dates
from sensors.failures import run_failure_alert
from sensors.landing import JOB_NAME, landing_sensor
from sensors.resources import ops_resources
from sensors.settings import ops_settings
from sensors.sftp import sftp_pickup_sensor

LANDING = AssetKey("landing_files")
WAREHOUSE_TAG = "hc_reconcile/warehouse"

business_date_job = define_asset_job(
    name=JOB_NAME,
    selection=AssetSelection.assets(LANDING).downstream(),
    executor_def=in_process_executor,
    tags={WAREHOUSE_TAG: "writer"},
    description="One business date end to end: load, reconcile, publish (and what is downstream).",
)


# --- nightly schedule -------------------------------------------------------------------


def _cron(schedule_time: str) -> str:
    hh, mm = schedule_time.split(":")
    return f"{int(mm)} {int(hh)} * * *"


def previous_business_date(scheduled: datetime, *, timezone: str) -> date:
    """The calendar day before the tick, in the configured time zone."""
    return scheduled.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)


_SCHEDULE_SETTINGS: Settings = load_settings()


@schedule(
    name="nightly_schedule",
    cron_schedule=_cron(_SCHEDULE_SETTINGS.schedule_time),
    execution_timezone=_SCHEDULE_SETTINGS.timezone,
    job=business_date_job,
    default_status=DefaultScheduleStatus.RUNNING,
    description="Runs the previous business date end to end (HC_SCHEDULE_TIME in HC_TIMEZONE).",
)
def nightly_schedule(
    context: ScheduleEvaluationContext, platform: HcReconcileResource
) -> RunRequest | SkipReason:
    settings = platform.settings()
    d = previous_business_date(
        context.scheduled_execution_time, timezone=_SCHEDULE_SETTINGS.timezone
    )
    dates, _ = list_dates(settings.landing)
    if d not in dates:
        return SkipReason(
            f"no landing folder {settings.landing / d.isoformat()}: {d} is not a business date"
        )
    return RunRequest(
        run_key=f"nightly:{d.isoformat()}",
        partition_key=d.isoformat(),
        tags={"hc_reconcile/trigger": "schedule"},
    )


# --- asset checks -----------------------------------------------------------------------


@contextmanager
def _read_warehouse(
    settings: Settings, *, wait_seconds: float = 20.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The working copy the run just wrote (else the published file), read-only."""
    working = settings.resolved_work_dir / "work.duckdb"
    path = working if working.is_file() else settings.warehouse
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"no warehouse at {working} or {settings.warehouse}: materialize landing_files first"
        )
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException as exc:  # another process is writing: wait a little
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    try:
        yield con
    finally:
        con.close()


def _check_date(context: AssetCheckExecutionContext, con: duckdb.DuckDBPyConnection) -> date | None:
    if context.has_partition_key:
        return date.fromisoformat(context.partition_key)
    row = con.execute("SELECT max(business_date) FROM recon.load_state").fetchone()
    return row[0] if row and row[0] is not None else None


def _md_table(header: list[str], rows: list[tuple[object, ...]], *, limit: int = 50) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |"
        for row in rows[:limit]
    ]
    if len(rows) > limit:
        lines.append(f"\n… {len(rows) - limit} more")
    return "\n".join(lines)


@asset_check(
    asset=LANDING,
    name="files_validated",
    description="Every file of the date loaded with no rejected row (pandera rules, 835 transactions); "
    "WARN lists quarantined files and rejected rows by file and column.",
)
def files_validated(
    context: AssetCheckExecutionContext, platform: HcReconcileResource
) -> AssetCheckResult:
    with _read_warehouse(platform.settings()) as con:
        d = _check_date(context, con)
        files = con.execute(
            "SELECT source, file_name, status, rows_loaded, rows_rejected, coalesce(reason, '') "
            "FROM recon.file_log WHERE business_date = ? ORDER BY source, file_seq",
            [d],
        ).fetchall()
        reasons = con.execute(
            "SELECT source, file_name, coalesce(\"column\", '(transaction)'), count(*) AS n "
            "FROM recon.rejected_rows WHERE business_date = ? GROUP BY ALL ORDER BY n DESC, 1, 2, 3 LIMIT 50",
            [d],
        ).fetchall()
    quarantined = [f for f in files if f[2] == "quarantined"]
    rejected = sum(int(f[4]) for f in files)
    return AssetCheckResult(
        passed=not quarantined and rejected == 0,
        severity=AssetCheckSeverity.WARN,
        description=f"{len(files)} file(s) for {d}: {len(quarantined)} quarantined, {rejected} row(s)/transaction(s) rejected",
        metadata={
            "business_date": str(d),
            "files": len(files),
            "quarantined_files": len(quarantined),
            "rows_loaded": sum(int(f[3]) for f in files),
            "rows_rejected": rejected,
            "per_file": MetadataValue.md(
                _md_table(["source", "file", "status", "loaded", "rejected", "reason"], files)
            ),
            "rejections_by_column": MetadataValue.md(
                _md_table(["source", "file", "column", "rows"], reasons)
            ),
        },
    )


@asset_check(
    asset=LANDING,
    name="rejected_row_share",
    description="ERROR when rejected CSV rows / all CSV rows of the date exceed HC_OPS_REJECTED_SHARE_MAX (default 5%).",
)
def rejected_row_share(
    context: AssetCheckExecutionContext, platform: HcReconcileResource
) -> AssetCheckResult:
    limit = ops_settings().rejected_share_max
    with _read_warehouse(platform.settings()) as con:
        d = _check_date(context, con)
        row = con.execute(
            "SELECT coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0) "
            "FROM recon.file_log WHERE business_date = ? AND source <> 'remit'",
            [d],
        ).fetchone()
    loaded, rejected = (int(row[0]), int(row[1])) if row else (0, 0)
    total = loaded + rejected
    share = rejected / total if total else None
    return AssetCheckResult(
        passed=share is None or share <= limit,
        severity=AssetCheckSeverity.ERROR,
        description=(
            f"{rejected} of {total} CSV rows rejected on {d} ({share:.2%}; limit {limit:.2%})"
            if share is not None
            else f"no CSV rows on {d}"
        ),
        metadata={
            "business_date": str(d),
            "rows_rejected": rejected,
            "rows_total": total,
            "rejected_share": share if share is not None else MetadataValue.null(),
            "limit": limit,
        },
    )


_UNBALANCED_SQL = """
WITH today AS (SELECT DISTINCT trn02 FROM remit.transactions WHERE business_date = $d),
bpr AS (SELECT trn02, sum(payment_amount) AS v FROM remit.transactions WHERE business_date <= $d GROUP BY ALL),
clp AS (SELECT trn02, sum(coalesce(paid_amount, 0)) AS paid
               FROM remit.claims WHERE business_date <= $d GROUP BY ALL),
plb AS (SELECT trn02, sum(amount) AS v FROM remit.provider_adjustments WHERE business_date <= $d GROUP BY ALL),
claim AS (SELECT trn02, claim_id, sum(coalesce(charge_amount, 0) - coalesce(paid_amount, 0)) AS v
          FROM remit.claims WHERE business_date <= $d GROUP BY ALL),
cas AS (SELECT trn02, claim_id, sum(amount) AS v FROM remit.adjustments WHERE business_date <= $d GROUP BY ALL)
SELECT 'transaction' AS level, bpr.trn02 AS entity_key,
       bpr.v - (coalesce(clp.paid, 0) - coalesce(plb.v, 0)) AS difference
FROM bpr JOIN today USING (trn02) LEFT JOIN clp USING (trn02) LEFT JOIN plb USING (trn02)
WHERE bpr.v - (coalesce(clp.paid, 0) - coalesce(plb.v, 0)) <> 0
UNION ALL
SELECT 'claim', claim.trn02 || '|' || claim.claim_id, claim.v - coalesce(cas.v, 0)
FROM claim JOIN today USING (trn02) LEFT JOIN cas USING (trn02, claim_id)
WHERE claim.v - coalesce(cas.v, 0) <> 0
ORDER BY 1 DESC, 2
"""


@asset_check(
    asset=LANDING,
    name="remit_balanced",
    description="WARN when 835 remittances received on the date do not balance (REMIT_UNBALANCED of "
    "CONTRACT §3: BPR02 vs CLP04 − PLB per TRN02, CLP03 − CLP04 − CAS per claim).",
)
def remit_balanced(
    context: AssetCheckExecutionContext, platform: HcReconcileResource
) -> AssetCheckResult:
    with _read_warehouse(platform.settings()) as con:
        d = _check_date(context, con)
        rows = con.execute(_UNBALANCED_SQL, {"d": d}).fetchall()
    transactions = sum(1 for r in rows if r[0] == "transaction")
    claims = len(rows) - transactions
    return AssetCheckResult(
        passed=not rows,
        severity=AssetCheckSeverity.WARN,
        description=f"{transactions} unbalanced TRN02 group(s), {claims} unbalanced claim(s) in remits received {d}",
        metadata={
            "business_date": str(d),
            "unbalanced_transactions": transactions,
            "unbalanced_claims": claims,
            "detail": MetadataValue.md(_md_table(["level", "entity_key", "difference"], rows)),
        },
    )


defs = Definitions(
    jobs=[business_date_job],
    schedules=[nightly_schedule],
    sensors=[landing_sensor, sftp_pickup_sensor, run_failure_alert],
    asset_checks=[files_validated, rejected_row_share, remit_balanced],
    resources=ops_resources(),
)
