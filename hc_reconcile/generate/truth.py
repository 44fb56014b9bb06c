"""Write the ground-truth CSV files (UTF-8, header, comma; empty field = null)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from hc_reconcile.generate.contract import KPIS
from hc_reconcile.generate.fmt import iso
from hc_reconcile.generate.oracle.kpis import KpiValue
from hc_reconcile.generate.oracle.run import Truth
from hc_reconcile.generate.world import Fault


def money_text(v: Decimal) -> str:
    return f"{v:.2f}"


def kpi_text(v: KpiValue) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        raise TypeError("bool KPI")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return money_text(v)
    return repr(float(v))


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def _d(x: date | None) -> str:
    return "" if x is None else x.isoformat()


def write_truth(truth: Truth, gt: Path) -> None:
    _write(gt / "expected_open_daily.csv",
           ("business_date", "exception_type", "entity_key", "amount"),
           ((d.isoformat(), t, k, money_text(v))
            for d in truth.dates for (t, k), v in sorted(truth.open_daily[d].items())))
    _write(gt / "expected_exceptions.csv",
           ("exception_type", "entity_key", "first_seen", "last_seen", "resolved_on", "amount"),
           ((x.exception_type, x.entity_key, _d(x.first_seen), _d(x.last_seen),
             _d(x.resolved_on), money_text(x.amount)) for x in truth.exceptions))
    _write(gt / "expected_kpis.csv", ("business_date", "kpi", "value"),
           ((d.isoformat(), k, kpi_text(truth.kpis[d][k])) for d in truth.dates for k in KPIS))
    _write(gt / "expected_file_log.csv",
           ("business_date", "source", "file_name", "status", "rows_loaded", "rows_rejected"),
           ((f.business_date.isoformat(), f.source, f.file_name, f.status, f.rows_loaded,
             f.rows_rejected) for f in truth.file_log))
    _write(gt / "expected_rejected_rows.csv",
           ("business_date", "source", "file_name", "line_no", "column"),
           ((r.business_date.isoformat(), r.source, r.file_name, r.line_no, r.column or "")
            for r in truth.rejected))
    _write(gt / "expected_feeds.csv", ("business_date", "feed", "key", "kind", "amount"),
           ((d.isoformat(), feed, key, kind, money_text(amount))
            for d in truth.dates for feed, key, kind, amount in truth.feeds[d]))


def write_faults(faults: list[Fault], start: date, gt: Path) -> None:
    def opt(x: int | None) -> str:
        return "" if x is None else iso(start, x)

    _write(gt / "faults.csv",
           ("fault_kind", "business_date", "entity_key", "expected_exception_type", "note",
            "fault_id", "expected_first_seen", "expected_resolved_on"),
           ((f.kind, iso(start, f.day) if f.day >= 0 else "", f.entity_key, f.expected, f.note,
             f.fault_id, opt(f.first_seen), opt(f.resolved_on)) for f in faults))
