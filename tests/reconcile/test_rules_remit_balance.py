"""REMIT_UNBALANCED at both keys (CONTRACT §3): TRN02 and TRN02|CLP01."""

from __future__ import annotations

from decimal import Decimal

from rc_support import D0


def test_transaction_balance_with_plb_offsets(wh):
    # BPR02 = sum CLP04 - sum PLB: 150 - (10 - 5) = 145 balances
    wh.remit(
        D0, trn02="OK", clps=[("C1", "1", "100"), ("C2", "1", "50")], plb=["10", "-5"], bpr02="145"
    )
    # 150.00 - (150 - 10) = 10.00
    wh.remit(D0, trn02="OFF", clps=[("C3", "1", "100"), ("C4", "1", "50")], plb=["10"], bpr02="150")
    # a PLB alone: 0 - (0 - (-25.00)) = -25.00
    wh.remit(D0, trn02="PLBONLY", plb=["-25.00"], bpr02="0")
    assert wh.run_found(D0, "REMIT_UNBALANCED") == {
        "OFF": Decimal("10.00"),
        "PLBONLY": Decimal("-25.00"),
    }


def test_trn02_group_is_balanced_as_a_whole(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "60")], bpr02="100", payer_id="PAYER1")
    wh.remit(D0, trn02="T1", clps=[("C2", "1", "40")], bpr02="0", payer_id="PAYER2")
    assert wh.run_found(D0, "REMIT_UNBALANCED") == {}


def test_claim_balance_counts_claim_and_service_level_cas(wh):
    # CLP03 - CLP04 - CAS: 100 - 70 - (20 + 10) = 0
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "70", "100", ["20"], ["10"])])
    # 100 - 70 - 20 = 10.00 (a service-level CAS is missing)
    wh.remit(D0, trn02="T2", clps=[("C2", "1", "70", "100", ["20"])])
    # a reversal mirrors the original: -100 - (-70) - (-30) = 0
    wh.remit(D0, trn02="T3", clps=[("C3", "22", "-70", "-100", ["-30"])], bpr02="-70")
    assert wh.run_found(D0, "REMIT_UNBALANCED") == {"T2|C2": Decimal("10.00")}


def test_claim_balance_sums_the_groups_clps_with_that_clp01(wh):
    # the same CLP01 twice in one group: (100 - 60 - 30) + (50 - 50 - 0) = 10.00
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "60", "100", ["30"]), ("C1", "2", "50", "50")])
    wh.remit(D0, trn02="T2", clps=[("C1", "1", "5", "10", ["5"])])  # another group: balanced
    assert wh.run_found(D0, "REMIT_UNBALANCED") == {"T1|C1": Decimal("10.00")}
