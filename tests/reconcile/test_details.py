"""details JSON carries what a person needs to act, and severity / owner_queue follow the
documented mapping (docs/rules.md)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rc_support import D0, Warehouse, day


def _details(wh: Warehouse, exception_type: str) -> dict:
    [(raw,)] = wh.con.execute(
        "SELECT details FROM recon.exception_detections WHERE exception_type = ?",
        [exception_type],
    ).fetchall()
    return json.loads(raw, parse_float=Decimal)


def test_claim_details_name_the_835_rows_and_the_postings(wh):
    wh.claim("C1", total_charge="200")
    first = wh.remit(day(-6), trn02="T1", clps=[("C1", "1", "100.00")], payer_id="PAYER1")
    latest = wh.remit(day(-5), trn02="T2", clps=[("C1", "2", "20.00")], payer_id="PAYER2")
    wh.posting("P1", claim_id="C1", amount="100.00", post_date=day(-4), trace_number="T1")
    wh.run(D0)
    details = _details(wh, "POSTED_AMOUNT_MISMATCH")
    assert details["net_paid"] == Decimal("120.00")
    assert details["posted"] == Decimal("100.00")
    assert details["latest_clp"] == {
        "payer_id": "PAYER2",
        "trn02": "T2",
        "received_date": "2026-03-05",
        "file_name": latest,
        "segment_position": 6,
    }
    assert [(c["file_name"], c["segment_position"], c["trn02"], c["payer_id"], c["clp04"])
            for c in details["clps"]] == [
        (first, 6, "T1", "PAYER1", Decimal("100.00")),
        (latest, 6, "T2", "PAYER2", Decimal("20.00")),
    ]  # fmt: skip
    [posting] = details["postings"]
    assert posting["posting_id"] == "P1"
    assert posting["trace_number"] == "T1"
    assert posting["file_name"] == "postings.csv"


def test_cash_details_name_the_transactions_and_gl_lines(wh):
    wh.remit(day(-1), trn02="T1", clps=[("C1", "1", "100.00")], bpr16=day(-1))
    wh.gl("J1", "3", account="1010", amount="90.00", posting_date=D0, reference="T1")
    wh.run(D0)
    details = _details(wh, "EFT_AMOUNT_MISMATCH")
    assert details["bpr02"] == Decimal("100.00")
    assert details["cash_total"] == Decimal("90.00")
    [txn] = details["transactions"]
    assert (txn["file_name"], txn["segment_position"], txn["payer_id"]) == (
        "remit_2026-03-09_1.835",
        3,
        "PAYER1",
    )
    [line] = details["cash_lines"]
    assert (line["journal_id"], line["line_no"], line["file_name"]) == ("J1", "3", "gl_journal.csv")


@pytest.mark.parametrize(
    ("amount", "severity"),
    [("999.99", "low"), ("1000.00", "medium"), ("-1000.00", "medium"), ("10000.00", "high")],
)
def test_severity_bands_on_abs_amount(wh, amount, severity):
    wh.charge("CH1", post_date=day(-8), amount=amount)
    wh.run(D0)
    rows = wh.con.execute(
        "SELECT severity, owner_queue FROM recon.exception_detections "
        "WHERE exception_type = 'UNBILLED_CHARGE'"
    ).fetchall()
    assert rows == [(severity, "billing")]


def test_severity_floor_for_amountless_types(wh):
    wh.referral("R1", status="Accepted", accepted_date=day(-3))
    wh.run(D0)
    rows = wh.con.execute(
        "SELECT severity, owner_queue, amount FROM recon.exception_detections"
    ).fetchall()
    assert rows == [("medium", "patient_access", Decimal("0.00"))]
