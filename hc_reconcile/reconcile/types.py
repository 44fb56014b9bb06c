"""The closed vocabularies of reconciliation: exception types, severities and work queues."""

from __future__ import annotations

from typing import Literal, get_args

ExceptionType = Literal[
    "REMIT_CLAIM_NOT_FOUND",
    "REMIT_NOT_POSTED",
    "POSTED_AMOUNT_MISMATCH",
    "POSTING_WITHOUT_REMIT",
    "DUPLICATE_PAYMENT",
    "EFT_NOT_IN_GL",
    "EFT_AMOUNT_MISMATCH",
    "UNAPPLIED_CASH",
    "UNBILLED_CHARGE",
    "REVENUE_GL_VARIANCE",
    "REFERRAL_WITHOUT_ACCOUNT",
    "DUPLICATE_PATIENT",
    "REMIT_UNBALANCED",
]
EXCEPTION_TYPES: tuple[ExceptionType, ...] = get_args(ExceptionType)

Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

OwnerQueue = Literal[
    "cash_posting",
    "billing",
    "general_ledger",
    "patient_access",
    "payer_follow_up",
]

Kpi = Literal[
    "charge_lag_days_avg",
    "charge_lag_days_p90",
    "late_charge_count",
    "unbilled_amount",
    "unposted_remit_amount",
    "unapplied_cash_amount",
    "ar_balance",
    "days_in_ar",
    "denial_rate",
    "payment_reconciliation_accuracy",
    "referral_to_account_days_avg",
    "open_exceptions",
    "open_exception_amount",
    "claim_submission_days_avg",
    "rejected_row_rate",
    "rejected_transaction_count",
    "quarantined_file_count",
    "replayed_count",
]
KPIS: tuple[Kpi, ...] = get_args(Kpi)
