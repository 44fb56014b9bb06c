"""A small hand-written warehouse for the analyst layer: raw, remit and recon rows inserted
directly (the platform's loaders and rules are not run), then ``core.*`` refreshed.

What it holds, as of 2026-11-05 (the latest loaded and reconciled date):

- claims C1 (posted = paid), C2 (posted 150 vs paid 170), C3 (paid, nothing posted),
  C4 (no activity), C5 (denied), C6 (paid, reversed, paid again); CLP01s C7 and C8 match no
  claim; posting-only claim C9; a posting dated after the as-of date (ignored);
- 835 payments EFT001 (cash matches), EFT002 (cash 200 vs 250; a later-dated cash line
  ignored), CHK003 (zero pay, no cash), EFT004 (no cash, no payer id), EFT005 (matches);
  GL-only PAYER_EFT reference EFT999;
- exceptions of every aging bucket (ages 0, 4, 11, 26, 30, 31, 46), one resolved, one
  re-opened, their daily detections, and the 18 KPIs of every date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from hc_reconcile.pipeline import refresh_current_state
from hc_reconcile.warehouse.ddl import ensure_schema

AS_OF = date(2026, 11, 5)
RUN_DATES = [date(2026, 9, 20), date(2026, 10, 10), date(2026, 10, 25)] + [
    date(2026, 11, d) for d in range(1, 6)
]
KPIS = [
    "charge_lag_days_avg", "charge_lag_days_p90", "late_charge_count", "unbilled_amount",
    "unposted_remit_amount", "unapplied_cash_amount", "ar_balance", "days_in_ar", "denial_rate",
    "payment_reconciliation_accuracy", "referral_to_account_days_avg", "open_exceptions",
    "open_exception_amount", "claim_submission_days_avg", "rejected_row_rate",
    "rejected_transaction_count", "quarantined_file_count", "replayed_count",
]


def d(text: str) -> date:
    return date.fromisoformat(text)


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


def _csv(source: str, rows: list[dict[str, Any]], *, on: str = "2026-11-01") -> list[dict[str, Any]]:
    """Lineage for raw rows: business date, file name, seq 1, line = position + 2."""
    return [
        {"business_date": d(r.pop("_on", on)), "file_name": f"{source}.csv", "file_seq": 1, "file_line": i + 2, **r}
        for i, r in enumerate(rows)
    ]


def _remit(file_name: str, on: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"business_date": d(on), "file_name": file_name, "file_seq": 1, "isa13": "000000001", "gs06": "1", **r}
        for r in rows
    ]


def _store(con: duckdb.DuckDBPyConnection, view: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows of a remit.* view into its remit_store table: the correlation ids become the
    position of the row's transaction's ST (remit.transactions must hold that transaction)."""
    stored = []
    for row in rows:
        row = dict(row)
        (st_position,) = con.execute(
            "SELECT segment_position FROM remit.transactions WHERE business_date = ? AND file_name = ? "
            "AND file_seq = ? AND st02 = ? AND trn02 = ?",
            [row["business_date"], row.pop("file_name"), row["file_seq"], row.pop("st02"), row.pop("trn02")],
        ).fetchall()[0]
        del row["isa13"], row["gs06"]
        stored.append({**row, "st_position": st_position})
    insert(con, view.replace("remit.", "remit_store."), stored)


def _load_csv(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "raw.claims", _csv("claims", [
        {"claim_id": "C1", "account_id": "A1", "payer_id": "P1", "facility_id": "F1", "total_charge": Decimal("100.00"), "submitted_date": d("2026-10-28")},
        {"claim_id": "C2", "account_id": "A2", "payer_id": "P1", "facility_id": "F1", "total_charge": Decimal("200.00"), "submitted_date": d("2026-10-28")},
        {"claim_id": "C3", "account_id": "A3", "payer_id": "P2", "facility_id": "F2", "total_charge": Decimal("300.00"), "submitted_date": d("2026-10-29")},
        {"claim_id": "C4", "account_id": "A4", "payer_id": "P2", "facility_id": "F2", "total_charge": Decimal("50.00"), "submitted_date": d("2026-10-30")},
        {"claim_id": "C5", "account_id": "A5", "payer_id": "P2", "facility_id": "F1", "total_charge": Decimal("80.00"), "submitted_date": d("2026-10-30")},
        {"claim_id": "C6", "account_id": "A6", "payer_id": "P1", "facility_id": "F1", "total_charge": Decimal("120.00"), "submitted_date": d("2026-10-20")},
        # A later version of C2 (corrected total): core keeps this one.
        {"claim_id": "C2", "account_id": "A2", "payer_id": "P1", "facility_id": "F1", "total_charge": Decimal("210.00"), "submitted_date": d("2026-10-28"), "_on": "2026-11-03"},
    ]))
    insert(con, "raw.accounts", _csv("accounts", [
        {"account_id": f"A{i}", "patient_id": f"M{i}", "facility_id": "F1", "created_date": d("2026-10-15")} for i in range(1, 7)
    ]))
    insert(con, "raw.charges", _csv("charges", [
        {"charge_id": "CH1", "account_id": "A1", "claim_id": "C1", "facility_id": "F1", "service_date": d("2026-10-20"), "post_date": d("2026-10-21"), "cpt_code": "99213", "units": 1, "amount": Decimal("100.00")},
        {"charge_id": "CH2", "account_id": "A2", "claim_id": "C2", "facility_id": "F1", "service_date": d("2026-10-21"), "post_date": d("2026-10-22"), "cpt_code": "99214", "units": 1, "amount": Decimal("210.00")},
        {"charge_id": "CH3", "account_id": "A3", "claim_id": "C3", "facility_id": "F2", "service_date": d("2026-10-22"), "post_date": d("2026-10-23"), "cpt_code": "99215", "units": 1, "amount": Decimal("300.00")},
        {"charge_id": "CH5", "account_id": "A5", "claim_id": "C5", "facility_id": "F1", "service_date": d("2026-10-23"), "post_date": d("2026-10-24"), "cpt_code": "99212", "units": 1, "amount": Decimal("80.00")},
        {"charge_id": "CH6", "account_id": "A6", "claim_id": "C6", "facility_id": "F1", "service_date": d("2026-10-15"), "post_date": d("2026-10-16"), "cpt_code": "99213", "units": 1, "amount": Decimal("120.00")},
        {"charge_id": "CH7", "account_id": "A4", "claim_id": None, "facility_id": "F2", "service_date": d("2026-10-24"), "post_date": d("2026-10-25"), "cpt_code": "36415", "units": 1, "amount": Decimal("15.00")},
    ]))
    insert(con, "raw.postings", _csv("postings", [
        {"posting_id": "PO1", "claim_id": "C1", "posting_type": "PAYMENT", "amount": Decimal("80.00"), "post_date": d("2026-11-03"), "trace_number": "EFT001"},
        {"posting_id": "PO1A", "claim_id": "C1", "posting_type": "ADJUSTMENT", "amount": Decimal("20.00"), "post_date": d("2026-11-03"), "group_reason": "CO-45"},
        {"posting_id": "PO1F", "claim_id": "C1", "posting_type": "PAYMENT", "amount": Decimal("5.00"), "post_date": d("2026-11-20")},
        {"posting_id": "PO2", "claim_id": "C2", "posting_type": "PAYMENT", "amount": Decimal("150.00"), "post_date": d("2026-11-03"), "trace_number": "EFT001"},
        {"posting_id": "PO6A", "claim_id": "C6", "posting_type": "PAYMENT", "amount": Decimal("90.00"), "post_date": d("2026-11-02")},
        {"posting_id": "PO6B", "claim_id": "C6", "posting_type": "REVERSAL", "amount": Decimal("-90.00"), "post_date": d("2026-11-04")},
        {"posting_id": "PO6C", "claim_id": "C6", "posting_type": "PAYMENT", "amount": Decimal("90.00"), "post_date": d("2026-11-04")},
        {"posting_id": "PO9", "claim_id": "C9", "posting_type": "PAYMENT", "amount": Decimal("40.00"), "post_date": d("2026-10-25")},
    ], on="2026-11-04"))
    gl = [
        ("J1", "1", "1010", "EFT001", "PAYER_EFT", "335.00", "2026-11-02"),
        ("J1", "2", "1200", "EFT001", "PAYER_EFT", "-335.00", "2026-11-02"),
        ("J2", "1", "1010", "EFT002", "PAYER_EFT", "200.00", "2026-11-03"),
        ("J2", "2", "1200", "EFT002", "PAYER_EFT", "-200.00", "2026-11-03"),
        ("J2B", "1", "1010", "EFT002", "PAYER_EFT", "50.00", "2026-11-10"),  # dated after the as-of date
        ("J3", "1", "1010", "EFT999", "PAYER_EFT", "75.00", "2026-11-01"),
        ("J3", "2", "2150", "EFT999", "PAYER_EFT", "-75.00", "2026-11-01"),
        ("J4", "1", "4000", None, "REVENUE", "-100.00", "2026-10-21"),
        ("J5", "1", "1010", "EFT005", "PAYER_EFT", "60.00", "2026-11-04"),
        ("J5", "2", "1200", "EFT005", "PAYER_EFT", "-60.00", "2026-11-04"),
        ("J6", "1", "1010", "RCPT-1", "PATIENT_PAYMENT", "25.00", "2026-11-04"),
    ]
    insert(con, "raw.gl_journal", _csv("gl_journal", [
        {"journal_id": j, "line_no": n, "entity_id": "E1", "account": a, "cost_center": "F1", "posting_date": d(p),
         "amount": Decimal(amt), "reference": ref, "source": src}
        for j, n, a, ref, src, amt, p in gl
    ], on="2026-11-04"))
    insert(con, "raw.referrals", _csv("referrals", [
        {"referral_id": "R1", "patient_id": "PA", "first_name": "Ann", "last_name": "Lee", "birth_date": d("1980-01-01"),
         "referral_date": d("2026-10-01"), "status": "Accepted", "accepted_date": d("2026-10-02"), "last_modified": "2026-10-02T10:00:00"},
    ]))


def _load_remit(con: duckdb.DuckDBPyConnection) -> None:
    def st(pos: int, trn02: str, payer: str | None, bpr02: str, bpr16: str | None, st02: str) -> dict[str, Any]:
        return {"segment_position": pos, "st02": st02, "trn02": trn02, "payer_id": payer, "payment_method": "ACH",
                "payment_amount": Decimal(bpr02), "payment_date": d(bpr16) if bpr16 else None}

    def clp(pos: int, trn02: str, st02: str, claim: str, status: str, charge: str, paid: str) -> dict[str, Any]:
        return {"segment_position": pos, "st02": st02, "trn02": trn02, "claim_id": claim, "status_code": status,
                "charge_amount": Decimal(charge), "paid_amount": Decimal(paid), "patient_responsibility": Decimal("0")}

    def cas(pos: int, trn02: str, st02: str, claim: str, group: str, reason: str, amount: str, level: str = "claim") -> dict[str, Any]:
        # (remit.adjustments derives level: a service-level CAS belongs to an SVC, here the segment before it)
        return {"segment_position": pos, "st02": st02, "trn02": trn02, "claim_id": claim,
                "service_segment_position": pos - 1 if level == "service" else None,
                "group_code": group, "reason_code": reason, "amount": Decimal(amount)}

    insert(con, "remit.transactions", _remit("r1.835", "2026-11-02", [
        st(3, "EFT001", "P1", "335.00", "2026-11-01", "0001"),
        st(40, "EFT002", "P2", "250.00", "2026-11-02", "0002"),
        st(60, "CHK003", "P2", "0.00", None, "0003"),
    ]) + _remit("r2.835", "2026-11-04", [
        st(3, "EFT005", "P1", "60.00", "2026-11-04", "0001"),
        st(30, "EFT004", None, "30.00", "2026-11-03", "0002"),
    ]))
    _store(con, "remit.claims", _remit("r1.835", "2026-11-02", [
        clp(10, "EFT001", "0001", "C1", "1", "100.00", "80.00"),
        clp(15, "EFT001", "0001", "C2", "1", "210.00", "170.00"),
        clp(20, "EFT001", "0001", "C6", "1", "120.00", "90.00"),
        clp(45, "EFT002", "0002", "C3", "1", "300.00", "250.00"),
        clp(65, "CHK003", "0003", "C5", "4", "80.00", "0.00"),
    ]) + _remit("r2.835", "2026-11-04", [
        clp(5, "EFT005", "0001", "C6", "22", "-120.00", "-90.00"),
        clp(8, "EFT005", "0001", "C6", "1", "120.00", "90.00"),
        clp(12, "EFT005", "0001", "C7", "1", "60.00", "60.00"),
        clp(35, "EFT004", "0002", "C8", "2", "30.00", "30.00"),
    ]))
    _store(con, "remit.adjustments", _remit("r1.835", "2026-11-02", [
        cas(11, "EFT001", "0001", "C1", "CO", "45", "20.00"),
        cas(16, "EFT001", "0001", "C2", "CO", "45", "30.00"),
        cas(17, "EFT001", "0001", "C2", "CO", "97", "10.00", level="service"),
        cas(21, "EFT001", "0001", "C6", "CO", "45", "30.00"),
        cas(46, "EFT002", "0002", "C3", "CO", "45", "40.00"),
        cas(47, "EFT002", "0002", "C3", "PI", "94", "10.00"),
        cas(66, "CHK003", "0003", "C5", "CO", "50", "80.00"),
    ]) + _remit("r2.835", "2026-11-04", [
        cas(6, "EFT005", "0001", "C6", "CO", "45", "-30.00"),
        cas(9, "EFT005", "0001", "C6", "CO", "45", "30.00"),
        cas(10, "EFT005", "0001", "C6", "CO", "253", "5.00"),
    ]))
    _store(con, "remit.provider_adjustments", _remit("r1.835", "2026-11-02", [
        {"segment_position": 25, "st02": "0001", "trn02": "EFT001", "provider_id": "PRV1", "reason_code": "WO",
         "reference": "X1", "amount": Decimal("5.00")},
    ]))


# (id, type, entity_key, first_seen, last_seen, resolved_on, amount, severity, owner_queue, dates not detected)
EXCEPTIONS: list[tuple[str, str, str, str, str, str | None, str, str, str, tuple[str, ...]]] = [
    ("X1", "POSTED_AMOUNT_MISMATCH", "C2", "2026-11-05", "2026-11-05", None, "20.00", "medium", "cash_posting", ()),
    ("X2", "REMIT_NOT_POSTED", "C3", "2026-11-01", "2026-11-05", None, "250.00", "high", "cash_posting", ()),
    ("X3", "EFT_AMOUNT_MISMATCH", "EFT002", "2026-10-25", "2026-11-05", None, "50.00", "high", "general_ledger", ()),
    ("X4", "EFT_NOT_IN_GL", "EFT004", "2026-10-10", "2026-11-05", None, "30.00", "high", "general_ledger", ()),
    ("X5", "UNAPPLIED_CASH", "EFT999", "2026-09-20", "2026-11-05", None, "75.00", "medium", "general_ledger", ()),
    ("X6", "REMIT_CLAIM_NOT_FOUND", "C7", "2026-11-04", "2026-11-05", None, "60.00", "medium", "payer_follow_up", ()),
    ("X7", "UNBILLED_CHARGE", "CH7", "2026-11-01", "2026-11-03", "2026-11-04", "15.00", "low", "billing", ()),
    ("X8", "REFERRAL_WITHOUT_ACCOUNT", "R1", "2026-11-01", "2026-11-05", None, "0.00", "low", "patient_access", ("2026-11-03",)),
    ("X9", "POSTING_WITHOUT_REMIT", "C9", "2026-10-25", "2026-11-05", None, "40.00", "medium", "billing", ()),
    ("X10", "DUPLICATE_PATIENT", "PA|PB", "2026-10-06", "2026-11-05", None, "0.00", "low", "patient_access", ()),
    ("X11", "REVENUE_GL_VARIANCE", "F1|2026-10-04", "2026-10-05", "2026-11-05", None, "12.50", "medium", "general_ledger", ()),
    ("X12", "REMIT_UNBALANCED", "EFT005|C6", "2026-11-02", "2026-11-05", None, "-5.00", "low", "payer_follow_up", ()),
]


def _load_recon(con: duckdb.DuckDBPyConnection) -> None:
    for day in RUN_DATES:
        con.execute("INSERT INTO recon.load_state VALUES (?, 'fp', 1)", [day])
        con.execute("INSERT INTO recon.run_dates VALUES (?)", [day])
    detections: dict[date, list[tuple[str, Decimal]]] = {day: [] for day in RUN_DATES}
    for xid, xtype, key, first, last, resolved, amount, sev, queue, gaps in EXCEPTIONS:
        status = "resolved" if resolved else "open"
        con.execute(
            "INSERT INTO recon.exceptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [xid, xtype, key, status, d(first), d(last), d(resolved) if resolved else None, Decimal(amount), sev, queue,
             f'{{"why": "{xtype}"}}'],
        )
        for day in RUN_DATES:
            if d(first) <= day <= d(last) and day.isoformat() not in gaps:
                con.execute(
                    "INSERT INTO recon.exception_detections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [day, xid, xtype, key, Decimal(amount), sev, queue, "{}"],
                )
                detections[day].append((xid, Decimal(amount)))
    for i, day in enumerate(RUN_DATES):
        for j, kpi in enumerate(KPIS):
            value: float | None = float(i * 10 + j)
            if kpi == "open_exceptions":
                value = float(len(detections[day]))
            elif kpi == "open_exception_amount":
                value = float(sum((a for _, a in detections[day]), Decimal(0)))
            elif kpi == "denial_rate" and i % 2:
                value = None  # undefined that day
            con.execute("INSERT INTO recon.kpi_daily VALUES (?, ?, ?)", [day, kpi, value])


def build_scenario(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        _load_csv(con)
        _load_remit(con)
        _load_recon(con)
        refresh_current_state(con)
    finally:
        con.close()
    return path


def build_empty(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        refresh_current_state(con)
    finally:
        con.close()
    return path
