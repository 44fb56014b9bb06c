"""What the report knows about each KPI of CONTRACT §4: label, unit and which way is good."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["days", "rate", "money", "count"]
Better = Literal["lower", "higher", "neutral"]

TREND_DAYS = 30  # days of history in the trend charts, D included


@dataclass(frozen=True, slots=True)
class KpiInfo:
    name: str
    label: str
    unit: Unit
    better: Better


_ALL = (
    KpiInfo("charge_lag_days_avg", "Charge lag (avg days)", "days", "lower"),
    KpiInfo("days_in_ar", "Days in A/R", "days", "lower"),
    KpiInfo("denial_rate", "Denial rate", "rate", "lower"),
    KpiInfo("payment_reconciliation_accuracy", "Payment reconciliation accuracy", "rate", "higher"),
    KpiInfo("unposted_remit_amount", "Unposted remittances", "money", "lower"),
    KpiInfo("unapplied_cash_amount", "Unapplied cash", "money", "lower"),
    KpiInfo("charge_lag_days_p90", "Charge lag p90 (days)", "days", "lower"),
    KpiInfo("late_charge_count", "Late charges", "count", "lower"),
    KpiInfo("unbilled_amount", "Unbilled charges", "money", "lower"),
    KpiInfo("ar_balance", "A/R balance", "money", "neutral"),
    KpiInfo("referral_to_account_days_avg", "Referral to account (avg days)", "days", "lower"),
    KpiInfo("claim_submission_days_avg", "Claim submission (avg days)", "days", "lower"),
    KpiInfo("open_exceptions", "Open exceptions", "count", "lower"),
    KpiInfo("open_exception_amount", "Open exception amount", "money", "lower"),
    KpiInfo("rejected_row_rate", "Rejected CSV row rate", "rate", "lower"),
    KpiInfo("rejected_transaction_count", "Rejected 835 transactions", "count", "lower"),
    KpiInfo("quarantined_file_count", "Quarantined files", "count", "lower"),
    KpiInfo("replayed_count", "Replayed files / re-sent 835s", "count", "neutral"),
)
KPI_INFO: dict[str, KpiInfo] = {k.name: k for k in _ALL}
HEADLINE: tuple[str, ...] = (
    "charge_lag_days_avg",
    "days_in_ar",
    "denial_rate",
    "payment_reconciliation_accuracy",
    "unposted_remit_amount",
    "unapplied_cash_amount",
)


def info(name: str) -> KpiInfo:
    """Metadata of a KPI; an unknown name is shown as a plain number."""
    return KPI_INFO.get(name, KpiInfo(name, name.replace("_", " ").capitalize(), "count", "neutral"))
