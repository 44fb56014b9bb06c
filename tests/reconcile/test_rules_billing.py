"""Billing / CRM rules (CONTRACT §3): UNBILLED_CHARGE, REVENUE_GL_VARIANCE,
REFERRAL_WITHOUT_ACCOUNT."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rc_support import D0, day

REVENUE, ALLOWANCES, CASH = "4000", "4900", "1010"


# ---- UNBILLED_CHARGE (7 days: x + 7 / x + 8 / x + 9) --------------------------------------
@pytest.mark.parametrize(("offset", "detected"), [(7, False), (8, True), (9, True)])
def test_unbilled_charge_threshold(wh, offset, detected):
    wh.charge("CH1", post_date=D0, amount="120.00")
    wh.charge("CH2", post_date=D0, amount="-20.00")  # a credit line is a charge too
    wh.charge("CH3", post_date=day(-30), amount="99.00", claim_id="K1")  # billed
    expected = {"CH1": Decimal("120.00"), "CH2": Decimal("-20.00")} if detected else {}
    assert wh.run_found(day(offset), "UNBILLED_CHARGE") == expected


def test_unbilled_charge_resolves_when_billed(wh):
    wh.charge("CH1", post_date=day(-8), amount="10.00")
    assert wh.run_found(D0, "UNBILLED_CHARGE") == {"CH1": Decimal("10.00")}
    wh.charge("CH1", post_date=day(-8), amount="10.00", claim_id="K1", on=day(1))
    assert wh.run_found(day(1), "UNBILLED_CHARGE") == {}


# ---- REVENUE_GL_VARIANCE -----------------------------------------------------------------
def test_revenue_gl_variance_full_outer_join(wh):
    wh.charge("CH1", post_date=day(-1), amount="100.00", facility_id="FAC1")
    wh.charge("CH2", post_date=day(-1), amount="50.00", facility_id="FAC1")
    wh.gl(
        "G1",
        account=REVENUE,
        amount="-150.00",
        posting_date=day(-1),
        cost_center="FAC1",
        source="REVENUE",
    )
    wh.charge("CH3", post_date=day(-2), amount="80.00", facility_id="FAC2")  # no GL: C only
    wh.gl(
        "G2",
        account=REVENUE,
        amount="-30.00",
        posting_date=day(-2),
        cost_center="FAC3",
        source="REVENUE",
    )  # no charges: G only
    wh.charge("CH4", post_date=day(-3), amount="100.00", facility_id="FAC4")
    wh.charge("CH5", post_date=day(-3), amount="-20.00", facility_id="FAC4")
    wh.gl(
        "G3",
        account=REVENUE,
        amount="-100.00",
        posting_date=day(-3),
        cost_center="FAC4",
        source="REVENUE",
    )
    assert wh.run_found(D0, "REVENUE_GL_VARIANCE") == {
        "FAC2|2026-03-08": Decimal("80.00"),
        "FAC3|2026-03-08": Decimal("-30.00"),
        "FAC4|2026-03-07": Decimal("-20.00"),
    }


def test_revenue_gl_variance_only_dates_before_d_and_only_revenue_lines(wh):
    wh.charge("CH1", post_date=D0, amount="100.00")  # date D itself is not compared
    wh.charge("CH2", post_date=day(-1), amount="40.00")
    wh.gl("G1", account=REVENUE, amount="-40.00", posting_date=day(-1))  # no cost center: ignored
    wh.gl("G2", account=ALLOWANCES, amount="-40.00", posting_date=day(-1), cost_center="FAC1")
    wh.gl("G3", account=CASH, amount="-40.00", posting_date=day(-1), cost_center="FAC1")
    assert wh.run_found(D0, "REVENUE_GL_VARIANCE") == {"FAC1|2026-03-09": Decimal("40.00")}
    assert wh.run_found(day(1), "REVENUE_GL_VARIANCE") == {
        "FAC1|2026-03-09": Decimal("40.00"),
        "FAC1|2026-03-10": Decimal("100.00"),
    }


def test_revenue_gl_variance_uses_row_dates_of_late_gl_lines(wh):
    wh.charge("CH1", post_date=day(-3), amount="70.00")
    wh.gl(
        "G1", account=REVENUE, amount="-70.00", posting_date=day(-3), cost_center="FAC1", on=day(-1)
    )
    assert wh.run_found(day(-2), "REVENUE_GL_VARIANCE") == {"FAC1|2026-03-07": Decimal("70.00")}
    assert wh.run_found(D0, "REVENUE_GL_VARIANCE") == {}


# ---- REFERRAL_WITHOUT_ACCOUNT (2 days: x + 2 / x + 3 / x + 4) -----------------------------
@pytest.mark.parametrize(("offset", "detected"), [(2, False), (3, True), (4, True)])
def test_referral_without_account_threshold(wh, offset, detected):
    wh.referral("R1", status="Accepted", accepted_date=D0)
    wh.referral("R2", status="Converted", accepted_date=D0)  # not Accepted
    wh.referral("R3", status="Accepted", accepted_date=D0)
    wh.account("A3", referral_id="R3", created_date=day(1))
    expected = {"R1": Decimal("0")} if detected else {}
    assert wh.run_found(day(offset), "REFERRAL_WITHOUT_ACCOUNT") == expected


def test_referral_without_account_needs_accepted_date_and_resolves(wh):
    wh.referral("R1", status="Accepted", accepted_date=None, on=day(-10))
    wh.referral("R2", status="Accepted", accepted_date=day(-5))
    assert wh.run_found(D0, "REFERRAL_WITHOUT_ACCOUNT") == {"R2": Decimal("0")}
    wh.account("A1", referral_id="R2", created_date=day(1))
    assert wh.run_found(day(1), "REFERRAL_WITHOUT_ACCOUNT") == {}
