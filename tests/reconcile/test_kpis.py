"""recon.kpi_daily (CONTRACT §4): every KPI, worked by hand, incl. null when undefined."""

from __future__ import annotations

import pytest
from rc_support import D0, day

from hc_reconcile.reconcile.types import KPIS

CASH = "1010"


def test_every_kpi_every_date_null_only_where_undefined(wh):
    wh.run(D0)
    assert wh.kpis(D0) == {
        "charge_lag_days_avg": None,
        "charge_lag_days_p90": None,
        "late_charge_count": 0.0,
        "unbilled_amount": 0.0,
        "unposted_remit_amount": 0.0,
        "unapplied_cash_amount": 0.0,
        "ar_balance": 0.0,
        "days_in_ar": None,
        "denial_rate": None,
        "payment_reconciliation_accuracy": None,
        "referral_to_account_days_avg": None,
        "open_exceptions": 0.0,
        "open_exception_amount": 0.0,
        "claim_submission_days_avg": None,
        "rejected_row_rate": None,
        "rejected_transaction_count": 0.0,
        "quarantined_file_count": 0.0,
        "replayed_count": 0.0,
    }
    assert set(wh.kpis(D0)) == set(KPIS)


def test_rerun_replaces_the_dates_kpis(wh):
    wh.run(D0)
    wh.charge("CH1", post_date=D0, amount="10")
    wh.run(D0)
    assert wh.con.execute("SELECT count(*) FROM recon.kpi_daily").fetchone() == (len(KPIS),)
    assert wh.kpis(D0)["ar_balance"] == 10.0


def test_charge_lag_avg_p90_and_late_count(wh):
    wh.charge("CH1", post_date=D0, service_date=D0, amount="10")  # lag 0
    wh.charge("CH2", post_date=D0, service_date=day(-1), amount="10")  # 1
    wh.charge("CH3", post_date=D0, service_date=day(-2), amount="10")  # 2
    wh.charge("CH4", post_date=D0, service_date=day(-10), amount="-10")  # 10, credit line
    wh.charge("CH5", post_date=day(-1), service_date=day(-30), amount="10")  # not posted on D
    wh.run(D0)
    k = wh.kpis(D0)
    assert k["charge_lag_days_avg"] == pytest.approx(13 / 4)
    # quantile_cont: position 0.9 * (4 - 1) = 2.7 between 2 and 10: 2 + 0.7 * 8 = 7.6
    assert k["charge_lag_days_p90"] == pytest.approx(7.6)
    assert k["late_charge_count"] == 1.0  # lag > 3: only CH4 (lag 3 would not count)


def test_late_charge_boundary(wh):
    wh.charge("CH1", post_date=D0, service_date=day(-3), amount="10")
    wh.charge("CH2", post_date=D0, service_date=day(-4), amount="10")
    wh.run(D0)
    assert wh.kpis(D0)["late_charge_count"] == 1.0


def test_open_exception_amounts(wh):
    wh.charge("CH1", post_date=day(-8), amount="100.00", facility_id="F1")
    wh.charge("CH2", post_date=day(-9), amount="-20.00", facility_id="F1")
    wh.gl("G1", account="4000", amount="-100.00", posting_date=day(-8), cost_center="F1")
    wh.gl("G2", account="4000", amount="20.00", posting_date=day(-9), cost_center="F1")
    wh.claim("C1", total_charge="100")
    wh.claim("C2", total_charge="100")
    wh.remit(day(-4), trn02="T1", clps=[("C1", "1", "60.00"), ("C2", "1", "40.50")])
    wh.gl("J1", account=CASH, amount="100.50", posting_date=day(-4), reference="T1")
    wh.gl("J2", account=CASH, amount="30.25", posting_date=day(-3), reference="R9")
    wh.referral("R1", status="Accepted", accepted_date=day(-3))
    wh.run(D0)
    k = wh.kpis(D0)
    assert k["unbilled_amount"] == pytest.approx(80.00)
    assert k["unposted_remit_amount"] == pytest.approx(100.50)
    assert k["unapplied_cash_amount"] == pytest.approx(30.25)
    # 2 unbilled + 2 not posted + 1 unapplied + 1 referral (amount 0)
    assert k["open_exceptions"] == 6.0
    assert k["open_exception_amount"] == pytest.approx(80.00 + 100.50 + 30.25)


def test_ar_balance_and_days_in_ar(wh):
    wh.charge("CH1", post_date=day(-100), amount="300.00")  # outside the 90-day window
    wh.charge("CH2", post_date=day(-90), amount="1000.00")  # D - 90: outside (strict)
    wh.charge("CH3", post_date=day(-89), amount="100.00")
    wh.charge("CH4", post_date=D0, amount="200.00")
    wh.charge("CH5", post_date=day(1), amount="50.00", on=D0)  # after D: not yet
    wh.posting("P1", claim_id="K1", amount="100.00", post_date=day(-5))
    wh.posting("P2", claim_id="K1", amount="30.00", post_date=day(-5), posting_type="ADJUSTMENT")
    wh.posting("P3", claim_id="K1", amount="-10.00", post_date=day(-4), posting_type="REVERSAL")
    wh.posting("P4", claim_id="K1", amount="70.00", post_date=day(1), on=D0)  # after D
    wh.run(D0)
    k = wh.kpis(D0)
    # charges 300 + 1000 + 100 + 200 = 1600; postings 100 + 30 - 10 = 120
    assert k["ar_balance"] == pytest.approx(1480.00)
    # window charges 100 + 200 = 300 -> 1480 / (300 / 90) = 444
    assert k["days_in_ar"] == pytest.approx(444.0)


def test_days_in_ar_null_when_window_sum_is_zero(wh):
    wh.charge("CH1", post_date=day(-95), amount="100.00")
    wh.charge("CH2", post_date=day(-2), amount="40.00")
    wh.charge("CH3", post_date=day(-1), amount="-40.00")
    wh.run(D0)
    k = wh.kpis(D0)
    assert k["ar_balance"] == pytest.approx(100.0)
    assert k["days_in_ar"] is None


def test_denial_rate_over_clps_received_on_d(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "1", "10"), ("C2", "4", "0"), ("C3", "22", "-5")])
    wh.remit(D0, trn02="T2", clps=[("C4", "4", "0"), ("C5", "2", "10")], bpr02="0")  # check
    wh.remit(day(-1), trn02="T3", clps=[("C6", "4", "0")])  # received before D
    wh.run(D0)
    assert wh.kpis(D0)["denial_rate"] == pytest.approx(2 / 4)
    wh.run(day(1))
    assert wh.kpis(day(1))["denial_rate"] is None


def test_denial_rate_null_when_only_reversals(wh):
    wh.remit(D0, trn02="T1", clps=[("C1", "22", "-5")])
    wh.run(D0)
    assert wh.kpis(D0)["denial_rate"] is None


def test_payment_reconciliation_accuracy(wh):
    for claim_id in ("A", "B", "C", "D", "E"):
        wh.claim(claim_id, total_charge="500")
    wh.remit(day(-4), trn02="T1", clps=[("A", "1", "100.00")])
    wh.remit(day(-4), trn02="T2", clps=[("B", "22", "-50.00")])  # reversal only: net -50
    wh.remit(day(-4), trn02="T3", clps=[("C", "1", "200.00"), ("F", "1", "10.00")])
    wh.remit(day(-3), trn02="T4", clps=[("D", "1", "30.00")])  # 3 days: not yet
    wh.remit(day(-9), trn02="T5", clps=[("E", "1", "40.00"), ("E", "22", "-40.00")])  # net 0
    wh.posting("PA", claim_id="A", amount="100.00", post_date=day(-3))
    wh.posting("PB", claim_id="B", amount="-50.00", post_date=day(-3), posting_type="REVERSAL")
    wh.posting("PC", claim_id="C", amount="150.00", post_date=day(-3))
    wh.run(D0)
    # qualifying: A 100 (posted), B -50 (posted), C 200 (not), F 10 (no claim, not posted)
    assert wh.kpis(D0)["payment_reconciliation_accuracy"] == pytest.approx(150 / 360)


def test_payment_reconciliation_accuracy_null_when_nothing_qualifies(wh):
    wh.remit(day(-3), trn02="T1", clps=[("A", "1", "100.00")])
    wh.run(D0)
    assert wh.kpis(D0)["payment_reconciliation_accuracy"] is None


def test_referral_to_account_days_avg(wh):
    wh.referral("R1", status="Accepted", accepted_date=day(-4))
    wh.referral("R2", status="Converted", accepted_date=day(-1))
    wh.referral("R3", status="New")
    wh.account("A1", referral_id="R1", created_date=D0)  # 4 days
    wh.account("A2", referral_id="R2", created_date=D0)  # 1 day
    wh.account("A3", referral_id="R3", created_date=D0)  # no accepted_date: out
    wh.account("A4", referral_id="NOPE", created_date=D0)  # no such referral: out
    wh.account("A5", referral_id="R1", created_date=day(-1))  # not created on D: out
    wh.run(D0)
    assert wh.kpis(D0)["referral_to_account_days_avg"] == pytest.approx(2.5)


def test_claim_submission_days_avg(wh):
    wh.claim("K1", total_charge="1", submitted_date=D0)
    wh.charge("CH1", post_date=day(-5), service_date=day(-10), amount="1", claim_id="K1")
    wh.charge("CH2", post_date=day(-5), service_date=day(-6), amount="1", claim_id="K1")
    wh.claim("K2", total_charge="1", submitted_date=D0)
    wh.charge("CH3", post_date=day(-2), service_date=day(-3), amount="1", claim_id="K2")
    wh.claim("K3", total_charge="1", submitted_date=D0)  # no charges: out
    wh.claim("K4", total_charge="1", submitted_date=day(-1))  # not submitted on D: out
    wh.charge("CH4", post_date=day(-2), service_date=day(-30), amount="1", claim_id="K4")
    wh.run(D0)
    assert wh.kpis(D0)["claim_submission_days_avg"] == pytest.approx((10 + 3) / 2)


def test_load_kpis_from_file_log(wh):
    wh.file_log(D0, source="charges", rows_loaded=8, rows_rejected=2)
    wh.file_log(D0, source="postings", rows_loaded=10, rows_rejected=0)
    wh.file_log(D0, source="remit", rows_loaded=5, rows_rejected=3, rows_resent=1)
    wh.file_log(D0, source="claims", status="duplicate", file_name="claims_copy.csv")
    wh.file_log(D0, source="remit", status="duplicate", rows_resent=2, file_name="resent.835")
    wh.file_log(D0, source="remit", status="quarantined", file_name="bad.835")
    wh.file_log(D0, source="referrals", status="quarantined")
    wh.file_log(day(-1), source="charges", rows_rejected=50, status="quarantined")
    wh.run(D0)
    k = wh.kpis(D0)
    assert k["rejected_row_rate"] == pytest.approx(2 / 20)
    assert k["rejected_transaction_count"] == 3.0
    assert k["quarantined_file_count"] == 2.0
    # 1 SHA-256 duplicate file + 2 re-sent transactions (all-re-sent file) + 1 re-sent
    assert k["replayed_count"] == 4.0


def test_rejected_row_rate_null_without_csv_rows(wh):
    wh.file_log(D0, source="remit", rows_loaded=5, rows_rejected=1)
    wh.file_log(D0, source="charges", status="quarantined")
    wh.run(D0)
    assert wh.kpis(D0)["rejected_row_rate"] is None
