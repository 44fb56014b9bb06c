"""The named SQL parameters of one reconciliation run, taken from ``Settings`` and D."""

from __future__ import annotations

from datetime import date
from typing import Any

from hc_reconcile.config import Settings


def run_params(*, business_date: date, settings: Settings) -> dict[str, Any]:
    """Every ``$name`` the reconcile SQL may use: D, the chart of accounts, the thresholds."""
    accounts = settings.accounts
    t = settings.thresholds
    return {
        "d": business_date,
        "cash": accounts.cash,
        "patient_ar": accounts.patient_ar,
        "revenue": accounts.revenue,
        "remit_not_posted_days": t.remit_not_posted_days,
        "posted_amount_mismatch_days": t.posted_amount_mismatch_days,
        "posting_without_remit_days": t.posting_without_remit_days,
        "eft_not_in_gl_days": t.eft_not_in_gl_days,
        "unapplied_cash_days": t.unapplied_cash_days,
        "unbilled_charge_days": t.unbilled_charge_days,
        "referral_without_account_days": t.referral_without_account_days,
        "late_charge_days": t.late_charge_days,
        "payment_accuracy_days": t.payment_accuracy_days,
        "days_in_ar_window": t.days_in_ar_window,
    }
