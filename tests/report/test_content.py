"""What the report says for D, read from a hand-built warehouse; files it writes; no PHI."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from report_support import PHI_STRINGS, D

from hc_reconcile.errors import WarehouseError
from hc_reconcile.report import aging, build_report, write_report
from hc_reconcile.report.fmt import kpi_change
from hc_reconcile.report.kpis import info


@pytest.fixture(scope="module")
def report(warehouse_file: Path):  # type: ignore[no-untyped-def]
    return build_report(warehouse=warehouse_file, business_date=D, queues=["billing", "denials"])


def test_aging_buckets_edges() -> None:
    assert [aging.bucket_of(n) for n in (0, 3, 4, 7, 8, 14, 15, 30, 31, 400)] == [
        "0–3", "0–3", "4–7", "4–7", "8–14", "8–14", "15–30", "15–30", "30+", "30+"
    ]


def test_open_new_resolved_and_aging(report) -> None:  # type: ignore[no-untyped-def]
    data = report.data
    assert data.previous_date == D - timedelta(days=1)
    by_id = {e.exception_id: e for e in data.open_exceptions}
    assert len(by_id) == 9
    assert [e.exception_id for e in data.open_exceptions if e.is_new] == ["EX-rnp-102"]
    assert [r.exception_id for r in data.resolved] == ["EX-uac-1"]
    assert by_id["EX-unb-7781"].age_days == 40 and by_id["EX-unb-7781"].aging_bucket == "30+"
    assert by_id["EX-rnp-101"].aging_bucket == "8–14"
    assert by_id["EX-dup-pat"].entity_key == "****2871|****1334"
    assert sum(e.amount for e in data.open_exceptions) == Decimal("19425.65")


def test_top_payers_by_unposted_amount(report) -> None:  # type: ignore[no-untyped-def]
    assert [(p.payer_id, p.claims, p.amount) for p in report.data.top_payers] == [
        ("AETNA01", 2, Decimal("3460.10")),
        ("BCBS77", 1, Decimal("480.55")),
    ]


def test_kpis_today_previous_and_30_day_trend(report) -> None:  # type: ignore[no-untyped-def]
    days_in_ar = report.data.kpis["days_in_ar"]
    assert len(days_in_ar.trend) == 30
    assert days_in_ar.trend[-1].business_date == D
    assert days_in_ar.change == pytest.approx(days_in_ar.value - days_in_ar.previous)
    denial = report.data.kpis["denial_rate"]
    assert any(p.value is None for p in denial.trend)  # undefined days stay gaps
    assert kpi_change(0.0123, info("denial_rate")) == "+1.2 pp"
    assert kpi_change(None, info("denial_rate")) == "n/a"


def test_files_written_html_self_contained_and_csv_per_queue(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_report(report, out_dir=tmp_path)
    assert written.html == tmp_path / f"report-{D}.html"
    html = written.html.read_text(encoding="utf-8")
    srcs = re.findall(r'<img[^>]*src="([^"]+)"', html)
    assert len(srcs) == 7 and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "<link" not in html and "<script" not in html and "http-equiv" not in html
    for text in ("Daily reconciliation report — 2026-11-23", "Days in A/R", "AETNA01", "30+ d", "Dagster UI"):
        assert text in html
    assert str(report.data.warehouse) in html
    assert set(written.csvs) == {"billing", "cash_posting", "general_ledger", "patient_access", "payer_follow_up", "denials"}
    rows = list(csv.DictReader(io.StringIO(written.csvs["cash_posting"].read_text(encoding="utf-8"))))
    assert [r["exception_id"] for r in rows] == ["EX-rnp-103", "EX-rnp-101", "EX-rnp-102"]
    assert rows[0]["aging_bucket"] == "4-7 days" and rows[2]["new_since_previous"] == "yes"
    assert written.csvs["denials"].read_text(encoding="utf-8").count("\n") == 1  # header only
    everything = html + "".join(p.read_text(encoding="utf-8") for p in written.csvs.values())
    for secret in PHI_STRINGS:
        assert secret.casefold() not in everything.casefold(), secret


def test_warehouse_is_only_read(warehouse_file: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(warehouse_file.read_bytes()).hexdigest()
    write_report(build_report(warehouse=warehouse_file, business_date=D), out_dir=tmp_path)
    assert hashlib.sha256(warehouse_file.read_bytes()).hexdigest() == before
    assert not list(warehouse_file.parent.glob("*.wal"))


def test_unreconciled_date_or_missing_file_is_a_clear_error(warehouse_file: Path, tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match=r"2027-01-05 has not been reconciled.*latest reconciled date: 2026-11-23"):
        build_report(warehouse=warehouse_file, business_date=date(2027, 1, 5))
    with pytest.raises(WarehouseError, match="does not exist"):
        build_report(warehouse=tmp_path / "nope.duckdb", business_date=D)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(WarehouseError, match="is it a published hc-reconcile warehouse"):
        build_report(warehouse=other, business_date=D)


def test_charts_are_png_also_without_exceptions() -> None:
    from hc_reconcile.report import charts
    from hc_reconcile.report.model import KpiPoint, KpiSeries

    empty = charts.aging_by_queue([])
    flat = charts.sparkline(KpiSeries("denial_rate", None, None, (KpiPoint(D, None),)), end=D)
    assert empty.startswith(b"\x89PNG") and flat.startswith(b"\x89PNG")
