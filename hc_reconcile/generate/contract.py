"""Constants transcribed from the data contract (CONTRACT.md §1-§4).

Shared by the generator (to write files) and the reference oracle (to read
them).  Nothing here encodes behaviour; it is the contract's tables as data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CsvSchema:
    """One CSV source of the landing format (contract §1 table)."""

    source: str  # file_log source name, e.g. "charges"
    folder: str  # landing sub-folder, e.g. "billing"
    key: tuple[str, ...]
    columns: tuple[str, ...]
    required: tuple[str, ...]
    enums: dict[str, frozenset[str]]

    @property
    def date_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c.endswith("_date"))

    def base_name(self, n: int = 1) -> str:
        return f"{self.source}_{n:03d}.csv"


GL_SOURCES = frozenset({"PAYER_EFT", "PATIENT_PAYMENT", "REVENUE", "ADJUSTMENT", "OTHER"})
REFERRAL_STATUSES = frozenset({"New", "Accepted", "Declined", "Converted"})
POSTING_TYPES = frozenset({"PAYMENT", "ADJUSTMENT", "REVERSAL"})

GL_JOURNAL = CsvSchema(
    source="gl_journal",
    folder="erp",
    key=("journal_id", "line_no"),
    columns=(
        "journal_id", "line_no", "entity_id", "account", "cost_center", "posting_date",
        "amount", "currency", "reference", "source", "description",
    ),
    required=("journal_id", "line_no", "entity_id", "account", "posting_date", "amount", "source"),
    enums={"source": GL_SOURCES},
)
REFERRALS = CsvSchema(
    source="referrals",
    folder="crm",
    key=("referral_id",),
    columns=(
        "referral_id", "patient_id", "first_name", "last_name", "birth_date", "referral_date",
        "status", "accepted_date", "facility_id", "payer_id", "member_id", "last_modified",
    ),
    required=(
        "referral_id", "patient_id", "first_name", "last_name", "birth_date", "referral_date",
        "status", "last_modified",
    ),
    enums={"status": REFERRAL_STATUSES},
)
ACCOUNTS = CsvSchema(
    source="accounts",
    folder="billing",
    key=("account_id",),
    columns=("account_id", "patient_id", "referral_id", "facility_id", "payer_id", "created_date"),
    required=("account_id", "patient_id", "facility_id", "created_date"),
    enums={},
)
CHARGES = CsvSchema(
    source="charges",
    folder="billing",
    key=("charge_id",),
    columns=(
        "charge_id", "account_id", "claim_id", "facility_id", "service_date", "post_date",
        "cpt_code", "revenue_code", "units", "amount",
    ),
    required=(
        "charge_id", "account_id", "facility_id", "service_date", "post_date", "cpt_code",
        "units", "amount",
    ),
    enums={},
)
CLAIMS = CsvSchema(
    source="claims",
    folder="billing",
    key=("claim_id",),
    columns=(
        "claim_id", "account_id", "payer_id", "facility_id", "total_charge", "submitted_date",
        "status",
    ),
    required=("claim_id", "account_id", "facility_id", "total_charge", "submitted_date"),
    enums={},
)
POSTINGS = CsvSchema(
    source="postings",
    folder="billing",
    key=("posting_id",),
    columns=(
        "posting_id", "claim_id", "posting_type", "amount", "post_date", "trace_number",
        "group_reason",
    ),
    required=("posting_id", "claim_id", "posting_type", "amount", "post_date"),
    enums={"posting_type": POSTING_TYPES},
)

# Processing order of §1: each source in this order, then remit.
CSV_SCHEMAS: tuple[CsvSchema, ...] = (GL_JOURNAL, REFERRALS, ACCOUNTS, CHARGES, CLAIMS, POSTINGS)
SCHEMA_BY_SOURCE: dict[str, CsvSchema] = {s.source: s for s in CSV_SCHEMAS}
REMIT_SOURCE = "remit"
REMIT_FOLDER = "remit"
SOURCES: tuple[str, ...] = (*(s.source for s in CSV_SCHEMAS), REMIT_SOURCE)

MONEY_COLUMNS = frozenset({"amount", "total_charge"})
UNITS_COLUMN = "units"
TIMESTAMP_COLUMN = "last_modified"

# Chart of accounts defaults (§1).
ACCOUNT_CASH = "1010"
ACCOUNT_AR = "1200"
ACCOUNT_UNAPPLIED = "2150"
ACCOUNT_REVENUE = "4000"
ACCOUNT_CONTRACTUAL = "4900"

# Exception types (§3) and KPIs (§4), in contract order.
EXCEPTION_TYPES: tuple[str, ...] = (
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
)
KPIS: tuple[str, ...] = (
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
)

# Default thresholds (§3), in days; all strict (D - x > threshold).
REMIT_NOT_POSTED_DAYS = 3
POSTED_MISMATCH_DAYS = 3
POSTING_WITHOUT_REMIT_DAYS = 3
EFT_NOT_IN_GL_DAYS = 2
UNAPPLIED_CASH_DAYS = 2
UNBILLED_DAYS = 7
REFERRAL_ACCOUNT_DAYS = 2
LATE_CHARGE_DAYS = 3
DAYS_IN_AR_WINDOW = 90

FEEDS: tuple[str, ...] = (
    "billing_posting_corrections",
    "erp_journal_corrections",
    "crm_status_updates",
)
