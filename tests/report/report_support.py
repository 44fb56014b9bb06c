"""A small hand-built warehouse for the report tests, with realistic fake PHI to hunt for.

Business date D = 2026-11-23, 31 reconciled dates (D-30 … D). Exceptions are written as
recon.exception_detections rows on every date they were open, and recon.exceptions as the
reconcile lifecycle would derive it; core.referrals carries the patients whose names,
birth dates and member ids must never reach a report.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from email.message import Message
from pathlib import Path

import duckdb

from hc_reconcile.warehouse.ddl import ensure_schema

D = date(2026, 11, 23)
FIRST = D - timedelta(days=30)


@dataclass(frozen=True)
class Patient:
    patient_id: str
    first_name: str
    last_name: str
    birth_date: str
    member_id: str


PATIENTS = (
    Patient("CRM-00042871", "Élodie", "Marchand-Voss", "1984-07-23", "W293847561101"),
    Patient("CRM-00091334", "Elodie", "Marchand-Voss", "1984-07-23", "W293847561102"),
    Patient("CRM-00077310", "Thaddeus", "Okonkwo", "1951-02-09", "XQK447120058"),
    Patient("CRM-00066120", "Margarethe", "Lindqvist", "1969-12-30", "MBR8841209377"),
)
ACCOUNT_ID = "ACCT-0099887766"
# Every string that would identify one of the patients above.
PHI_STRINGS = (
    *(s for p in PATIENTS for s in (p.patient_id, p.first_name, p.last_name, p.birth_date, p.member_id)),
    ACCOUNT_ID,
    "elodie",
    "marchandvoss",
    "19840723",
)


@dataclass(frozen=True)
class Ex:
    exception_id: str
    exception_type: str
    entity_key: str
    owner_queue: str
    severity: str
    amount: str
    first: date
    last: date
    details: dict[str, object]


dup = PATIENTS[0], PATIENTS[1]
EXCEPTIONS = (
    Ex("EX-rnp-101", "REMIT_NOT_POSTED", "CLM-2026-000101", "cash_posting", "medium", "1250.00",
       D - timedelta(days=10), D,
       {"claim_id": "CLM-2026-000101", "net_paid": 1250.0, "posted": 0,
        "latest_payer_id": "AETNA01", "patient_name": "Margarethe Lindqvist",
        "member_id": PATIENTS[3].member_id,
        "clps": [{"received_date": str(D - timedelta(days=14)), "payer_id": "AETNA01", "clp04": 1250.0,
                  "file_name": "835_aetna_1114.txt", "subscriber": {"name": "Lindqvist, Margarethe",
                                                                  "dob": "1969-12-30"}}]}),
    Ex("EX-rnp-102", "REMIT_NOT_POSTED", "CLM-2026-000102", "cash_posting", "low", "480.55",
       D, D, {"claim_id": "CLM-2026-000102", "net_paid": 480.55, "latest_payer_id": "BCBS77"}),
    Ex("EX-rnp-103", "REMIT_NOT_POSTED", "CLM-2026-000103", "cash_posting", "medium", "2210.10",
       D - timedelta(days=5), D, {"claim_id": "CLM-2026-000103"}),
    Ex("EX-unb-7781", "UNBILLED_CHARGE", "CHG-7781", "billing", "low", "310.00",
       D - timedelta(days=40), D,
       {"charge_id": "CHG-7781", "account_id": ACCOUNT_ID, "post_date": str(D - timedelta(days=48)),
        "days_unbilled": 48, "threshold_days": 7}),
    Ex("EX-unb-7790", "UNBILLED_CHARGE", "CHG-7790", "billing", "low", "-45.00",
       D - timedelta(days=9), D, {"charge_id": "CHG-7790", "account_id": ACCOUNT_ID}),
    Ex("EX-dup-pat", "DUPLICATE_PATIENT", f"{dup[0].patient_id}|{dup[1].patient_id}", "patient_access",
       "medium", "0.00", D - timedelta(days=2), D,
       {"patient_id_a": dup[0].patient_id, "patient_id_b": dup[1].patient_id,
        "normalized_first_name": "elodie", "normalized_last_name": "marchandvoss",
        "birth_date": dup[0].birth_date,
        "referrals_a": [{"referral_id": "REF-1001", "first_name": dup[0].first_name,
                         "last_name": dup[0].last_name, "status": "Accepted", "file_line": 7}],
        "referrals_b": [{"referral_id": "REF-1002", "first_name": dup[1].first_name,
                         "last_name": dup[1].last_name, "status": "New", "file_line": 9}]}),
    Ex("EX-rwa-5521", "REFERRAL_WITHOUT_ACCOUNT", "REF-5521", "patient_access", "medium", "0.00",
       D - timedelta(days=17), D,
       {"referral_id": "REF-5521", "patient_id": PATIENTS[2].patient_id,
        "accepted_date": str(D - timedelta(days=20)), "days_without_account": 20}),
    Ex("EX-eft-8899", "EFT_NOT_IN_GL", "TRN-889900", "general_ledger", "high", "15000.00",
       D - timedelta(days=5), D, {"trn02": "TRN-889900", "bpr02": 15000.0}),
    Ex("EX-dpay-77", "DUPLICATE_PAYMENT", "CLM-2026-000077", "payer_follow_up", "medium", "220.00",
       D - timedelta(days=20), D, {"claim_id": "CLM-2026-000077", "duplicating_payers": ["UHC09"]}),
    # Resolved on D: open through D-1.
    Ex("EX-uac-1", "UNAPPLIED_CASH", "EFT-REF-0001", "cash_posting", "low", "999.99",
       D - timedelta(days=3), D - timedelta(days=1), {"reference": "EFT-REF-0001"}),
)

KPI_NAMES = (
    "charge_lag_days_avg", "charge_lag_days_p90", "late_charge_count", "unbilled_amount",
    "unposted_remit_amount", "unapplied_cash_amount", "ar_balance", "days_in_ar", "denial_rate",
    "payment_reconciliation_accuracy", "referral_to_account_days_avg", "open_exceptions",
    "open_exception_amount", "claim_submission_days_avg", "rejected_row_rate",
    "rejected_transaction_count", "quarantined_file_count", "replayed_count",
)


def kpi_value(kpi: str, i: int) -> float | None:
    """A plausible, wavy value for day i (0 = D-30); a few undefined days."""
    wave = math.sin(i / 4.0)
    if kpi == "denial_rate":
        return None if i in (3, 4) else 0.08 + 0.02 * wave
    if kpi == "referral_to_account_days_avg" and i % 7 == 0:
        return None
    base = {
        "charge_lag_days_avg": 2.5, "charge_lag_days_p90": 6.0, "late_charge_count": 4,
        "unbilled_amount": 355.0, "unposted_remit_amount": 3940.65, "unapplied_cash_amount": 999.99,
        "ar_balance": 1_250_000.0, "days_in_ar": 41.0, "payment_reconciliation_accuracy": 0.93,
        "referral_to_account_days_avg": 1.5, "open_exceptions": 9, "open_exception_amount": 19425.65,
        "claim_submission_days_avg": 3.2, "rejected_row_rate": 0.004,
        "rejected_transaction_count": 1, "quarantined_file_count": 0, "replayed_count": 1,
    }[kpi]
    if kpi.endswith("_count") or kpi == "open_exceptions":
        return float(round(base + 2 * wave))
    if kpi in ("payment_reconciliation_accuracy", "rejected_row_rate"):
        return base + 0.03 * wave * (base if base < 0.1 else 1)
    return base * (1 + 0.15 * wave)


def build_warehouse(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        dates = [FIRST + timedelta(days=i) for i in range(31)]
        con.executemany("INSERT INTO recon.run_dates VALUES (?)", [[d] for d in dates])
        for ex in EXCEPTIONS:
            for d in dates:
                if ex.first <= d <= ex.last:
                    con.execute(
                        "INSERT INTO recon.exception_detections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [d, ex.exception_id, ex.exception_type, ex.entity_key, Decimal(ex.amount),
                         ex.severity, ex.owner_queue, json.dumps(ex.details)],
                    )
            resolved_on = ex.last + timedelta(days=1) if ex.last < D else None
            con.execute(
                "INSERT INTO recon.exceptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [ex.exception_id, ex.exception_type, ex.entity_key,
                 "resolved" if resolved_on else "open", ex.first, ex.last, resolved_on,
                 Decimal(ex.amount), ex.severity, ex.owner_queue, json.dumps(ex.details)],
            )
        con.executemany(
            "INSERT INTO recon.kpi_daily VALUES (?, ?, ?)",
            [[d, k, kpi_value(k, i)] for i, d in enumerate(dates) for k in KPI_NAMES],
        )
        # Remittances behind the unposted claims (payer per claim).
        for n, (claim, payer) in enumerate(
            (("CLM-2026-000101", "AETNA01"), ("CLM-2026-000102", "BCBS77"), ("CLM-2026-000103", "AETNA01"))
        ):
            st = f"{n + 1:04d}"
            con.execute(
                "INSERT INTO remit.transactions (business_date, file_name, file_seq, isa13, gs06, st02, "
                "trn02, segment_position, payer_id, payment_amount) VALUES (?, ?, 1, '1', '1', ?, ?, ?, ?, 0)",
                [D - timedelta(days=14), "835_batch.txt", st, f"TRN-{n}", 10 * n + 1, payer],
            )
            con.execute(
                "INSERT INTO remit_store.claims (business_date, file_seq, st_position, segment_position, "
                "claim_id, status_code, paid_amount) VALUES (?, 1, ?, ?, ?, '1', 1)",
                [D - timedelta(days=14), 10 * n + 1, 10 * n + 5, claim],
            )
        con.execute(
            "INSERT INTO recon.file_log VALUES (?, 'referrals', 'referrals.csv', 1, 'ab', 10, 'loaded', 4, 1, 0, NULL),"
            " (?, 'remit', 'bad.835', 1, 'cd', 5, 'quarantined', 0, 0, 0, 'segment without terminator')",
            [D, D],
        )
        # Current-state CRM table, as the pipeline's refresh_current_state creates it.
        con.execute("CREATE OR REPLACE TABLE core.referrals AS SELECT * FROM raw.referrals LIMIT 0")
        for i, p in enumerate(PATIENTS):
            con.execute(
                "INSERT INTO core.referrals (business_date, file_name, file_seq, file_line, referral_id, "
                "patient_id, first_name, last_name, birth_date, referral_date, status, member_id, "
                "last_modified) VALUES (?, 'referrals.csv', 1, ?, ?, ?, ?, ?, ?, ?, 'Accepted', ?, ?)",
                [D, i + 2, f"REF-{1001 + i}", p.patient_id, p.first_name, p.last_name,
                 date.fromisoformat(p.birth_date), D - timedelta(days=25), p.member_id, f"{D}T08:00:00"],
            )
        con.execute("CREATE OR REPLACE TABLE core.claims AS SELECT * FROM raw.claims LIMIT 0")
    finally:
        con.close()
    return path


def payload(part: Message) -> bytes:
    """A MIME part's decoded body."""
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data
