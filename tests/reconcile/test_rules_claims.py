"""Claim-level remit/posting rules (CONTRACT §3), expected values worked from the contract.

D0 is the anchor; ``day(n)`` = D0 + n. Thresholds are strict: ``D - x > 3`` first holds on
x + 4, so the day before / of / after the threshold are x + 3 / x + 4 / x + 5.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rc_support import D0, day

BEFORE_OF_AFTER = [(3, False), (4, True), (5, True)]


# ---- REMIT_CLAIM_NOT_FOUND ---------------------------------------------------------------
def test_claim_not_found_ignores_charges_claim_id(wh):
    wh.charge("CH1", post_date=day(-10), amount="100", claim_id="X1")  # charges do not count
    wh.remit(D0, trn02="T1", clps=[("X1", "1", "80.00")])
    assert wh.run_found(D0, "REMIT_CLAIM_NOT_FOUND") == {"X1": Decimal("80.00")}


def test_claim_not_found_amount_is_net_paid_and_resolves_when_claim_arrives(wh):
    wh.remit(day(-2), trn02="T1", clps=[("X1", "1", "80.00")])
    wh.remit(day(-1), trn02="T2", clps=[("X1", "22", "-80.00"), ("X1", "1", "75.50")])
    assert wh.run_found(D0, "REMIT_CLAIM_NOT_FOUND") == {"X1": Decimal("75.50")}
    wh.claim("X1", total_charge="100", on=day(1))
    assert wh.run_found(day(1), "REMIT_CLAIM_NOT_FOUND") == {}


# ---- REMIT_NOT_POSTED ----------------------------------------------------------------------
@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_remit_not_posted_threshold(wh, offset, detected):
    wh.claim("C1", total_charge="100")
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "60.00")])
    expected = {"C1": Decimal("60.00")} if detected else {}
    assert wh.run_found(day(offset), "REMIT_NOT_POSTED") == expected


def test_zero_pay_denial_does_not_start_the_clock(wh):
    wh.claim("C1", total_charge="100")
    wh.remit(D0, trn02="T1", clps=[("C1", "4", "0", "100", ["100"])])
    wh.remit(day(2), trn02="T2", clps=[("C1", "1", "70.00")])
    # Clock starts at D0 + 2 (first CLP with CLP04 <> 0): D0 + 5 is day 3, D0 + 6 is day 4.
    assert wh.run_found(day(5), "REMIT_NOT_POSTED") == {}
    assert wh.run_found(day(6), "REMIT_NOT_POSTED") == {"C1": Decimal("70.00")}


def test_remit_not_posted_needs_claim_nonzero_net_and_no_payment_posting(wh):
    for claim_id in ("C1", "C2", "C3", "C4", "C5"):
        wh.claim(claim_id, total_charge="100")
    wh.remit(
        D0,
        trn02="T1",
        clps=[
            ("C1", "1", "50"),  # adjustment posting only: still not posted
            ("C2", "1", "50"),  # payment posted (other amount: a mismatch, not this rule)
            ("C3", "1", "50"),  # paid then reversed: net 0
            ("C3", "22", "-50"),
            ("C4", "1", "50"),  # payment posted after D: does not exist yet
            ("NOCLAIM", "1", "50"),  # no claim: REMIT_CLAIM_NOT_FOUND instead
            ("C5", "1", "50"),  # a REVERSAL posting is a posting
        ],
    )
    wh.posting("P1", claim_id="C1", amount="10", post_date=day(1), posting_type="ADJUSTMENT")
    wh.posting("P2", claim_id="C2", amount="45", post_date=day(1))
    wh.posting("P4", claim_id="C4", amount="50", post_date=day(5), on=day(1))
    wh.posting("P5", claim_id="C5", amount="-5", post_date=day(1), posting_type="REVERSAL")
    assert wh.run_found(day(4), "REMIT_NOT_POSTED") == {
        "C1": Decimal("50"),
        "C4": Decimal("50"),
    }
    assert "C4" not in wh.run_found(day(5), "REMIT_NOT_POSTED")


# ---- POSTED_AMOUNT_MISMATCH --------------------------------------------------------------
def test_reversal_and_repayment_net_against_postings(wh):
    wh.claim("C1", total_charge="200")
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "100.00")])
    wh.remit(day(1), trn02="T2", clps=[("C1", "22", "-100.00")])
    wh.remit(day(2), trn02="T3", clps=[("C1", "1", "90.00")])
    wh.posting("P1", claim_id="C1", amount="100.00", post_date=day(1))
    wh.posting("P2", claim_id="C1", amount="-100.00", post_date=day(2), posting_type="REVERSAL")
    wh.posting("P3", claim_id="C1", amount="90.00", post_date=day(3))
    wh.posting("P4", claim_id="C1", amount="30.00", post_date=day(3), posting_type="ADJUSTMENT")
    # net paid 100 - 100 + 90 = 90 = posted 100 - 100 + 90 (ADJUSTMENT is not posted cash)
    assert wh.run_found(day(10), "POSTED_AMOUNT_MISMATCH") == {}
    assert wh.found(day(10), "REMIT_NOT_POSTED") == {}


@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_mismatch_threshold_counts_from_latest_remit(wh, offset, detected):
    wh.claim("C1", total_charge="200")
    wh.remit(day(-5), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.remit(day(-1), trn02="T2", clps=[("C1", "22", "-100.00")])
    wh.remit(D0, trn02="T3", clps=[("C1", "1", "90.00")])
    wh.posting("P1", claim_id="C1", amount="100.00", post_date=day(-4))
    # net 90, posted 100: amount = 90 - 100 = -10.00, clock from the latest CLP (D0)
    expected = {"C1": Decimal("-10.00")} if detected else {}
    assert wh.run_found(day(offset), "POSTED_AMOUNT_MISMATCH") == expected


def test_mismatch_ignores_postings_after_d(wh):
    wh.claim("C1", total_charge="200")
    wh.remit(day(-10), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.posting("P1", claim_id="C1", amount="60.00", post_date=day(-9))
    wh.posting("P2", claim_id="C1", amount="40.00", post_date=day(1), on=D0)
    assert wh.run_found(D0, "POSTED_AMOUNT_MISMATCH") == {"C1": Decimal("40.00")}
    assert wh.run_found(day(1), "POSTED_AMOUNT_MISMATCH") == {}


# ---- POSTING_WITHOUT_REMIT ---------------------------------------------------------------
@pytest.mark.parametrize(("offset", "detected"), BEFORE_OF_AFTER)
def test_posting_without_remit_threshold(wh, offset, detected):
    wh.posting("P1", claim_id="C1", amount="50.00", post_date=D0)
    wh.posting("P2", claim_id="C1", amount="-20.00", post_date=day(1), posting_type="REVERSAL")
    wh.posting("P3", claim_id="C1", amount="5.00", post_date=day(1), posting_type="ADJUSTMENT")
    # posted = PAYMENT + REVERSAL = 30.00; clock from the earliest PAYMENT post_date
    expected = {"C1": Decimal("30.00")} if detected else {}
    assert wh.run_found(day(offset), "POSTING_WITHOUT_REMIT") == expected


def test_posting_without_remit_needs_payment_and_no_clp_at_all(wh):
    wh.posting("P1", claim_id="C1", amount="-20", post_date=D0, posting_type="REVERSAL")
    wh.posting("P2", claim_id="C2", amount="20", post_date=D0, posting_type="ADJUSTMENT")
    wh.posting("P3", claim_id="C3", amount="20", post_date=D0)
    wh.remit(day(-30), trn02="T1", clps=[("C3", "4", "0")])  # a zero-pay CLP is a CLP
    assert wh.run_found(day(10), "POSTING_WITHOUT_REMIT") == {}


# ---- DUPLICATE_PAYMENT -------------------------------------------------------------------
def test_duplicate_payment_same_payer_same_status(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "100.00")])
    wh.remit(D0, trn02="T2", clps=[("C1", "1", "100.00")])
    wh.remit(D0, trn02="T3", clps=[("C1", "2", "20.00")], payer_id="PAYER2")
    # net paid 220 - largest CLP04 100 = 120.00
    assert wh.run_found(D0, "DUPLICATE_PAYMENT") == {"C1": Decimal("120.00")}


@pytest.mark.parametrize(
    ("statuses", "detected"),
    [
        (["1", "1"], True),
        (["2", "2"], True),
        (["3", "3"], True),
        (["1", "1", "22"], False),  # 2 - 1 reversal = 1
        (["1", "22", "1"], False),  # reversal then re-payment: 2 - 1 = 1
        (["1", "1", "1", "22"], True),  # 3 - 1 = 2
        (["1", "2"], False),  # counted per CLP02 value
        (["19", "19"], False),
        (["20", "20"], False),
        (["21", "21"], False),
        (["1", "19"], False),
        (["1", "21", "20"], False),
        (["01", "1"], False),  # codes compare as exact strings
    ],
)
def test_duplicate_payment_counting(wh, statuses, detected):
    clps = [("C1", s, "-50.00" if s == "22" else "50.00") for s in statuses]
    wh.remit(D0, trn02="T1", clps=clps)
    assert ("C1" in wh.run_found(D0, "DUPLICATE_PAYMENT")) is detected


def test_duplicate_payment_is_per_payer_and_needs_positive_pay(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "50")], payer_id="PAYER1")
    wh.remit(D0, trn02="T2", clps=[("C1", "1", "50")], payer_id="PAYER2")
    wh.remit(D0, trn02="T3", clps=[("C2", "1", "0"), ("C2", "1", "0")])
    assert wh.run_found(D0, "DUPLICATE_PAYMENT") == {}


def test_duplicate_payment_amount_after_reversal(wh):
    wh.remit(day(-2), trn02="T1", clps=[("C1", "1", "100.00")])
    wh.remit(day(-1), trn02="T2", clps=[("C1", "1", "100.00"), ("C1", "1", "100.00")])
    wh.remit(D0, trn02="T3", clps=[("C1", "22", "-100.00")])
    # 3 paid - 1 reversal = 2: net 200.00 - largest 100.00 = 100.00
    assert wh.run_found(D0, "DUPLICATE_PAYMENT") == {"C1": Decimal("100.00")}
