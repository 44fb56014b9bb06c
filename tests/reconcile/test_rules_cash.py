"""EFT / cash rules (CONTRACT §3): EFT_NOT_IN_GL, EFT_AMOUNT_MISMATCH, UNAPPLIED_CASH.

Threshold 2 days: ``D - x > 2`` first holds on x + 3 (day before / of / after: x + 2/3/4).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rc_support import D0, day

from hc_reconcile.config import Settings

CASH, AR, UNAPPLIED, REVENUE = "1010", "1200", "2150", "4000"
BEFORE_OF_AFTER = [(2, False), (3, True), (4, True)]


# ---- EFT_NOT_IN_GL -----------------------------------------------------------------------
@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_eft_not_in_gl_threshold_from_received_date(wh, offset, detected):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "100.00")], bpr16=day(-1))
    expected = {"T1": Decimal("100.00")} if detected else {}
    assert wh.run_found(day(offset), "EFT_NOT_IN_GL") == expected


@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_eft_not_in_gl_threshold_from_later_bpr16(wh, offset, detected):
    wh.remit(day(-1), trn02="T1", clps=[("C1", "1", "100.00")], bpr16=D0)
    expected = {"T1": Decimal("100.00")} if detected else {}
    assert wh.run_found(day(offset), "EFT_NOT_IN_GL") == expected


def test_eft_not_in_gl_trn02_group_sums_bpr02_and_uses_latest_received(wh):
    wh.remit(day(-10), trn02="T1", clps=[("C1", "1", "60.00")], payer_id="PAYER1")
    wh.remit(day(-1), trn02="T1", clps=[("C2", "1", "40.00")], payer_id="PAYER2")
    assert wh.run_found(day(1), "EFT_NOT_IN_GL") == {}  # latest received D0 - 1: 2 days
    assert wh.run_found(day(2), "EFT_NOT_IN_GL") == {"T1": Decimal("100.00")}


def test_eft_not_in_gl_needs_positive_bpr02_and_no_cash_line(wh):
    wh.remit(day(-10), trn02="ZERO", clps=[("C1", "4", "0")])
    wh.remit(day(-10), trn02="NEG", clps=[("C2", "22", "-50")])
    wh.remit(day(-10), trn02="BOOKED", clps=[("C3", "1", "70")])
    wh.gl("J1", account=CASH, amount="70", posting_date=day(-9), reference="BOOKED", source="OTHER")
    wh.remit(day(-10), trn02="WRONGACCT", clps=[("C4", "1", "30")])
    wh.gl("J2", account=UNAPPLIED, amount="30", posting_date=day(-9), reference="WRONGACCT")
    wh.remit(day(-10), trn02="LATER", clps=[("C5", "1", "20")])
    wh.gl("J3", account=CASH, amount="20", posting_date=day(1), reference="LATER", on=day(-9))
    assert wh.run_found(D0, "EFT_NOT_IN_GL") == {
        "WRONGACCT": Decimal("30"),
        "LATER": Decimal("20"),  # a cash line dated after D does not exist yet
    }
    assert "LATER" not in wh.run_found(day(1), "EFT_NOT_IN_GL")


# ---- EFT_AMOUNT_MISMATCH -----------------------------------------------------------------
def test_split_eft_two_cash_lines_for_one_trn02_is_not_an_exception(wh):
    wh.remit(day(-5), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.gl("J1", "1", account=CASH, amount="60.00", posting_date=day(-4), reference="T1")
    wh.gl("J2", "1", account=CASH, amount="40.00", posting_date=day(-3), reference="T1")
    wh.run(D0)
    assert wh.found(D0, "EFT_AMOUNT_MISMATCH") == {}
    assert wh.found(D0, "EFT_NOT_IN_GL") == {}
    assert wh.found(D0, "UNAPPLIED_CASH") == {}


def test_eft_amount_mismatch_any_source_no_threshold(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "100.00")])
    wh.gl("J1", account=CASH, amount="60.00", posting_date=D0, reference="T1", source="OTHER")
    wh.gl("J1", "2", account=AR, amount="-60.00", posting_date=D0, reference="T1")
    assert wh.run_found(D0, "EFT_AMOUNT_MISMATCH") == {"T1": Decimal("40.00")}


def test_eft_amount_mismatch_follows_gl_corrections(wh):
    wh.remit(day(-3), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.gl("J1", account=CASH, amount="110.00", posting_date=day(-2), reference="T1")
    assert wh.run_found(D0, "EFT_AMOUNT_MISMATCH") == {"T1": Decimal("-10.00")}
    # the ERP re-sends the same journal line corrected, with its original posting_date
    wh.gl("J1", account=CASH, amount="100.00", posting_date=day(-2), reference="T1", on=day(1))
    assert wh.run_found(day(1), "EFT_AMOUNT_MISMATCH") == {}
    assert wh.run_found(D0, "EFT_AMOUNT_MISMATCH") == {"T1": Decimal("-10.00")}  # as of D0


# ---- UNAPPLIED_CASH ----------------------------------------------------------------------
@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_unapplied_cash_threshold(wh, offset, detected):
    wh.gl("J1", account=CASH, amount="75.00", posting_date=D0, reference="R1")
    wh.gl("J2", account=CASH, amount="25.00", posting_date=day(1), reference="R1")
    wh.gl("J3", account=CASH, amount="5.00", posting_date=day(1), reference="R1", source="OTHER")
    # earliest PAYER_EFT posting_date D0; amount = PAYER_EFT lines only (as of D)
    expected = {"R1": Decimal("100.00")} if detected else {}
    assert wh.run_found(day(offset), "UNAPPLIED_CASH") == expected


def test_unapplied_cash_needs_payer_eft_and_no_trn02_from_any_payer(wh):
    wh.gl("J1", account=CASH, amount="10", posting_date=day(-9), reference="R1", source="OTHER")
    wh.gl("J2", account=CASH, amount="10", posting_date=day(-9), reference="R2")
    wh.remit(day(-1), trn02="R2", clps=[("C1", "1", "10")], payer_id="SOMEONE_ELSE")
    wh.gl("J3", account=UNAPPLIED, amount="10", posting_date=day(-9), reference="R3")
    assert wh.run_found(D0, "UNAPPLIED_CASH") == {}


def test_row_dates_decide_a_late_gl_rerun(wh):
    wh.gl("J1", account=CASH, amount="50.00", posting_date=day(-5), reference="R1", on=D0)
    assert wh.run_found(day(-1), "UNAPPLIED_CASH") == {}  # not loaded yet as of D0 - 1
    assert wh.run_found(D0, "UNAPPLIED_CASH") == {"R1": Decimal("50.00")}  # 5 days > 2


def test_thresholds_and_accounts_come_from_settings(wh):
    settings = Settings.model_validate(
        {"accounts": {"cash": "1000"}, "thresholds": {"unapplied_cash_days": 5}}
    )
    wh.gl("J1", account="1000", amount="50.00", posting_date=day(-5), reference="R1")
    wh.gl("J2", account=CASH, amount="50.00", posting_date=day(-9), reference="R2")
    wh.run(D0, settings)
    assert wh.found(D0, "UNAPPLIED_CASH") == {}
    wh.run(day(1), settings)
    assert wh.found(day(1), "UNAPPLIED_CASH") == {"R1": Decimal("50.00")}
