"""Correction feeds (CONTRACT §2): content worked by hand, CSV bytes, stable ids, reruns."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import polars as pl
from rc_support import D0, Warehouse, day

from hc_reconcile.reconcile import write_feeds

CASH = "1010"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _scenario(wh: Warehouse) -> None:
    for claim_id in ("C1", "C2", "C3"):
        wh.claim(claim_id, total_charge="500")
    # C1: paid 60.00, never posted -> REMIT_NOT_POSTED; T1 never booked -> EFT_NOT_IN_GL
    wh.remit(day(-4), trn02="T1", clps=[("C1", "1", "60.00")], payer_id="PAYER1")
    # C2: net 100 + 20 = 120, posted 130 -> POSTED_AMOUNT_MISMATCH -10.00 (a REVERSAL)
    wh.remit(day(-6), trn02="T2", clps=[("C2", "1", "100.00")], payer_id="PAYER1")
    wh.remit(day(-5), trn02="T3", clps=[("C2", "2", "20.00")], payer_id="PAYER2")
    wh.posting("P2", claim_id="C2", amount="130.00", post_date=day(-5))
    wh.gl("J2", account=CASH, amount="100.00", posting_date=day(-5), reference="T2")
    wh.gl("J3", account=CASH, amount="20.00", posting_date=day(-5), reference="T3")
    # T4: 30.00 paid, 25.00 booked by entity ENT2 -> EFT_AMOUNT_MISMATCH 5.00
    wh.remit(day(-1), trn02="T4", clps=[("C3", "1", "30.00")])
    wh.gl("J4", account=CASH, amount="25.00", posting_date=day(-1), reference="T4",
          entity_id="ENT2", cost_center="FAC9")  # fmt: skip
    # CRM: CLPs received on D
    for n, total in (
        ("1", "100"),
        ("2", "100"),
        ("3", "100"),
        ("4", "100"),
        ("6", "1"),
        ("7", "1"),
    ):
        wh.claim(f"K{n}", total_charge=total, account_id=f"ACC{n}")
        wh.account(f"ACC{n}", referral_id=None if n == "7" else f"R{n}", created_date=day(-20))
        if n != "6":  # K6's account points at a referral that does not exist
            wh.referral(f"R{n}", status="Converted", accepted_date=day(-21))
    wh.remit(day(-10), trn02="T6", clps=[("K4", "1", "50.00")])
    wh.gl("J6", account=CASH, amount="50.00", posting_date=day(-10), reference="T6")
    wh.posting("PK4", claim_id="K4", amount="50.00", post_date=day(-9))
    wh.posting("PK4R", claim_id="K4", amount="-50.00", post_date=D0, posting_type="REVERSAL")
    wh.remit(
        D0,
        trn02="T5",
        clps=[
            ("K1", "1", "100.00"),  # net >= total_charge: PAID
            ("K2", "1", "40.00"),  # PARTIAL
            ("K3", "4", "0"),  # DENIED
            ("K4", "22", "-50.00"),  # net 0 with a reversal: REVERSED
            ("K5", "1", "10.00"),  # no claim: not sent
            ("K6", "1", "1.00"),  # no matching referral: not sent
            ("K7", "1", "1.00"),  # account without referral: not sent
        ],
    )


BILLING = (
    "correction_id,exception_id,claim_id,payer_id,trace_number,posting_type,amount,reason\n"
    "BPC-{c1},EX-{c1},C1,PAYER1,T1,PAYMENT,60.00,"
    "REMIT_NOT_POSTED: 835 net paid 60.00 has no payment posting\n"
    "BPC-{c2},EX-{c2},C2,PAYER2,T3,REVERSAL,-10.00,"
    '"POSTED_AMOUNT_MISMATCH: 835 net paid 120.00, posted 130.00"\n'
)
ERP = (
    "journal_id,line_no,exception_id,entity_id,account,cost_center,amount,reference,description\n"
    "RJ-{t1},1,EX-{t1},ENT1,1010,,60.00,T1,EFT_NOT_IN_GL: payer EFT T1 of 60.00 not booked to cash\n"
    "RJ-{t1},2,EX-{t1},ENT1,1200,,-60.00,T1,EFT_NOT_IN_GL: payer EFT T1 of 60.00 not booked to cash\n"
    "RJ-{t4},1,EX-{t4},ENT2,1010,FAC9,5.00,T4,"
    '"EFT_AMOUNT_MISMATCH: payer EFT T4 of 30.00, cash booked 25.00"\n'
    "RJ-{t4},2,EX-{t4},ENT2,1200,FAC9,-5.00,T4,"
    '"EFT_AMOUNT_MISMATCH: payer EFT T4 of 30.00, cash booked 25.00"\n'
)
CRM = (
    "referral_id,claim_id,financial_status,paid_amount,as_of\n"
    "R1,K1,PAID,100.00,2026-03-10\n"
    "R2,K2,PARTIAL,40.00,2026-03-10\n"
    "R3,K3,DENIED,0.00,2026-03-10\n"
    "R4,K4,REVERSED,0.00,2026-03-10\n"
)


def test_feed_files_worked_by_hand(wh, tmp_path):
    _scenario(wh)
    feeds = wh.run(D0)
    paths = write_feeds(feeds, outbox=tmp_path, business_date=D0)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "2026-03-10/billing_posting_corrections.csv",
        "2026-03-10/erp_journal_corrections.csv",
        "2026-03-10/crm_status_updates.csv",
    ]
    ids = {
        "c1": _hash("REMIT_NOT_POSTED|C1"),
        "c2": _hash("POSTED_AMOUNT_MISMATCH|C2"),
        "t1": _hash("EFT_NOT_IN_GL|T1"),
        "t4": _hash("EFT_AMOUNT_MISMATCH|T4"),
    }
    assert paths[0].read_bytes().decode() == BILLING.format(**ids)
    assert paths[1].read_bytes().decode() == ERP.format(**ids)
    assert paths[2].read_bytes().decode() == CRM
    assert sorted(p.name for p in (tmp_path / "2026-03-10").iterdir()) == sorted(
        p.name for p in paths
    )  # no temp files left behind


def test_feed_frames_have_contract_columns_and_exact_money(wh):
    _scenario(wh)
    feeds = wh.run(D0)
    erp = feeds.erp_journal_corrections
    assert erp.columns == [
        "journal_id",
        "line_no",
        "exception_id",
        "entity_id",
        "account",
        "cost_center",
        "amount",
        "reference",
        "description",
    ]
    assert erp.schema["amount"] == pl.Decimal(18, 2)
    sums = erp.group_by("journal_id").agg(pl.col("amount").sum())
    assert sums["amount"].to_list() == [Decimal("0.00")] * 2
    assert feeds.crm_status_updates.schema["as_of"] == pl.Date


def test_empty_feeds_have_headers(wh, tmp_path):
    paths = write_feeds(wh.run(D0), outbox=tmp_path, business_date=D0)
    assert [p.read_text() for p in paths] == [
        "correction_id,exception_id,claim_id,payer_id,trace_number,posting_type,amount,reason\n",
        "journal_id,line_no,exception_id,entity_id,account,cost_center,amount,reference,"
        "description\n",
        "referral_id,claim_id,financial_status,paid_amount,as_of\n",
    ]


def test_feeds_byte_identical_on_rerun_even_after_later_dates(wh, tmp_path):
    _scenario(wh)
    first = [
        p.read_bytes() for p in write_feeds(wh.run(D0), outbox=tmp_path / "a", business_date=D0)
    ]
    wh.posting("P1", claim_id="C1", amount="60.00", post_date=day(1))  # later data
    wh.gl("J1", account=CASH, amount="60.00", posting_date=day(1), reference="T1")
    later = write_feeds(wh.run(day(1)), outbox=tmp_path / "a", business_date=day(1))
    assert "C1" not in later[0].read_text()
    again = [
        p.read_bytes() for p in write_feeds(wh.run(D0), outbox=tmp_path / "b", business_date=D0)
    ]
    assert again == first
    rewritten = write_feeds(wh.run(D0), outbox=tmp_path / "a", business_date=D0)
    assert [p.read_bytes() for p in rewritten] == first


def test_journal_accounts_come_from_settings(wh):
    from hc_reconcile.config import Settings

    settings = Settings.model_validate({"accounts": {"cash": "1000", "patient_ar": "1100"}})
    wh.remit(day(-5), trn02="T1", clps=[("C1", "1", "12.50")])
    erp = wh.run(D0, settings).erp_journal_corrections
    assert erp.select("account", "amount").rows() == [
        ("1000", Decimal("12.50")),
        ("1100", Decimal("-12.50")),
    ]
