"""Everything the report reads from the warehouse for business date D, as ``ReportData``.

The open set as of D is ``recon.exception_detections`` of D when D was reconciled (it holds
what the rules found that day, with that day's amount, severity, queue and details);
otherwise the CONTRACT §2 predicate on ``recon.exceptions``. "New" = open on D but not on the
previous reconciled business date; "resolved" = the reverse. Identifiers pass through
``phi.redact_exception`` as they are read: raw keys and details never leave this module.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from hc_reconcile.errors import WarehouseError
from hc_reconcile.report import aging, kpis, phi
from hc_reconcile.report.model import (
    KpiPoint,
    KpiSeries,
    LoadSummary,
    OpenException,
    PayerAmount,
    ReportData,
    ResolvedException,
)
from hc_reconcile.report.warehouse import table_exists

TOP_PAYERS = 10

_DETECTED_ON = """
    SELECT d.exception_id, d.exception_type, d.entity_key, d.amount, d.severity, d.owner_queue,
           CAST(d.details AS VARCHAR) AS details,
           least(e.first_seen, f.first_seen) AS first_seen
    FROM recon.exception_detections d
    LEFT JOIN recon.exceptions e USING (exception_id)
    LEFT JOIN (SELECT exception_id, min(business_date) AS first_seen
               FROM recon.exception_detections WHERE business_date <= $d GROUP BY ALL) f
           USING (exception_id)
    WHERE d.business_date = $d
"""
_OPEN_BY_PREDICATE = """
    SELECT exception_id, exception_type, entity_key, amount, severity, owner_queue,
           CAST(details AS VARCHAR) AS details, first_seen
    FROM recon.exceptions
    WHERE first_seen <= $d AND (resolved_on IS NULL OR resolved_on > $d)
"""


def load_report_data(
    *, con: duckdb.DuckDBPyConnection, business_date: date, warehouse: Path
) -> ReportData:
    d = business_date
    reconciled = _run_dates(con)
    kpi_dates = _kpi_dates(con)
    if d not in reconciled and d not in kpi_dates:
        latest = max(reconciled | kpi_dates, default=None)
        raise WarehouseError(
            f"business date {d} has not been reconciled in {warehouse} "
            f"(latest reconciled date: {latest or 'none'}); run `hc-reconcile run --date {d}` first"
        )
    use_detections = d in reconciled
    previous = max((x for x in (reconciled if use_detections else kpi_dates) if x < d), default=None)
    today = _open_rows(con, d, use_detections=use_detections)
    before = _open_rows(con, previous, use_detections=use_detections) if previous else []
    before_ids = {r["exception_id"] for r in before}
    today_ids = {r["exception_id"] for r in today}
    # Without a previous date (the first run), what was first seen on D is new.
    open_exceptions = tuple(
        _open_exception(
            r,
            business_date=d,
            is_new=r["exception_id"] not in before_ids if previous else r["first_seen"] == d,
        )
        for r in today
    )
    resolved = tuple(_resolved(r) for r in before if r["exception_id"] not in today_ids)
    return ReportData(
        business_date=d,
        previous_date=previous,
        warehouse=warehouse,
        kpis=_kpis(con, d),
        open_exceptions=tuple(sorted(open_exceptions, key=_work_order)),
        resolved=tuple(sorted(resolved, key=lambda r: (-abs(r.amount), r.exception_id))),
        top_payers=_top_payers(con, d, use_detections=use_detections),
        loads=_loads(con, d),
    )


def _run_dates(con: duckdb.DuckDBPyConnection) -> set[date]:
    return {r[0] for r in con.execute("SELECT business_date FROM recon.run_dates").fetchall()}


def _kpi_dates(con: duckdb.DuckDBPyConnection) -> set[date]:
    return {r[0] for r in con.execute("SELECT DISTINCT business_date FROM recon.kpi_daily").fetchall()}


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [c[0] for c in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _open_rows(con: duckdb.DuckDBPyConnection, d: date, *, use_detections: bool) -> list[dict[str, Any]]:
    sql = _DETECTED_ON if use_detections else _OPEN_BY_PREDICATE
    return _dicts(con.execute(sql, {"d": d}))


_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def _work_order(e: OpenException) -> tuple[object, ...]:
    return (e.owner_queue, _SEVERITY_RANK.get(e.severity, 3), -abs(e.amount), e.exception_id)


def _open_exception(row: dict[str, Any], *, business_date: date, is_new: bool) -> OpenException:
    safe = phi.redact_exception(
        exception_id=row["exception_id"],
        exception_type=row["exception_type"],
        entity_key=row["entity_key"],
        details=row["details"],
    )
    first_seen: date = row["first_seen"] or business_date
    days = aging.age_days(first_seen=first_seen, business_date=business_date)
    return OpenException(
        exception_id=safe.exception_id,
        exception_type=row["exception_type"],
        entity_key=safe.entity_key,
        owner_queue=row["owner_queue"],
        severity=row["severity"],
        amount=Decimal(row["amount"]),
        first_seen=first_seen,
        age_days=days,
        aging_bucket=aging.bucket_of(days),
        is_new=is_new,
        details=safe.details,
    )


def _resolved(row: dict[str, Any]) -> ResolvedException:
    safe = phi.redact_exception(
        exception_id=row["exception_id"],
        exception_type=row["exception_type"],
        entity_key=row["entity_key"],
        details=None,
    )
    return ResolvedException(
        exception_id=safe.exception_id,
        exception_type=row["exception_type"],
        entity_key=safe.entity_key,
        owner_queue=row["owner_queue"],
        amount=Decimal(row["amount"]),
        first_seen=row["first_seen"],
    )


def _kpis(con: duckdb.DuckDBPyConnection, d: date) -> dict[str, KpiSeries]:
    start = d - timedelta(days=kpis.TREND_DAYS - 1)
    rows = con.execute(
        "SELECT business_date, kpi, value FROM recon.kpi_daily "
        "WHERE business_date BETWEEN ? AND ? ORDER BY kpi, business_date",
        [start, d],
    ).fetchall()
    prev_row = con.execute(
        "SELECT max(business_date) FROM recon.kpi_daily WHERE business_date < ?", [d]
    ).fetchone()
    prev = prev_row[0] if prev_row else None
    previous_values = dict(
        con.execute(
            "SELECT kpi, value FROM recon.kpi_daily WHERE business_date = ?", [prev]
        ).fetchall()
    ) if prev else {}
    points: dict[str, list[KpiPoint]] = {}
    for business_date, kpi, value in rows:
        points.setdefault(kpi, []).append(KpiPoint(business_date, value))
    series = {}
    for kpi, trend in points.items():
        today = next((p.value for p in trend if p.business_date == d), None)
        series[kpi] = KpiSeries(kpi, today, previous_values.get(kpi), tuple(trend))
    return series


_UNPOSTED_BY_PAYER = """
    WITH unposted AS (
        SELECT entity_key AS claim_id, amount FROM ({open_sql})
        WHERE exception_type = 'REMIT_NOT_POSTED'
    ),
    clp_payer AS (
        SELECT c.claim_id, t.payer_id
        FROM remit.claims c
        JOIN remit.transactions t
          ON t.business_date = c.business_date AND t.file_seq = c.file_seq
         AND t.isa13 IS NOT DISTINCT FROM c.isa13 AND t.gs06 IS NOT DISTINCT FROM c.gs06
         AND t.st02 IS NOT DISTINCT FROM c.st02
        WHERE c.business_date <= $d AND c.claim_id IN (SELECT claim_id FROM unposted)
        QUALIFY row_number() OVER (PARTITION BY c.claim_id
                                   ORDER BY c.business_date DESC, c.file_seq DESC,
                                            c.segment_position DESC) = 1
    )
    SELECT coalesce(nullif(p.payer_id, ''), {claim_payer}, '(unknown)') AS payer_id,
           count(*) AS claims, sum(u.amount) AS amount
    FROM unposted u
    LEFT JOIN clp_payer p USING (claim_id)
    {claims_join}
    GROUP BY ALL
    ORDER BY amount DESC, payer_id
    LIMIT {limit}
"""


def _top_payers(con: duckdb.DuckDBPyConnection, d: date, *, use_detections: bool) -> tuple[PayerAmount, ...]:
    has_claims = table_exists(con, schema="core", table="claims")
    sql = _UNPOSTED_BY_PAYER.format(
        open_sql=_DETECTED_ON if use_detections else _OPEN_BY_PREDICATE,
        claim_payer="nullif(cc.payer_id, '')" if has_claims else "NULL",
        claims_join="LEFT JOIN core.claims cc USING (claim_id)" if has_claims else "",
        limit=TOP_PAYERS,
    )
    return tuple(
        PayerAmount(payer_id=str(payer), claims=int(n), amount=Decimal(amount))
        for payer, n, amount in con.execute(sql, {"d": d}).fetchall()
    )


def _loads(con: duckdb.DuckDBPyConnection, d: date) -> LoadSummary:
    row = con.execute(
        """
        SELECT count(*), count(*) FILTER (status = 'loaded'), count(*) FILTER (status = 'duplicate'),
               count(*) FILTER (status = 'quarantined'),
               coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0)
        FROM recon.file_log WHERE business_date = ?
        """,
        [d],
    ).fetchone()
    if row is None:
        return LoadSummary()
    return LoadSummary(*(int(v) for v in row))
