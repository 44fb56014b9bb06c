"""The six CSV sources of CONTRACT §1, declared once.

Each column has a kind that decides both its row rule (see ``schemas.py``) and its DuckDB
type in the raw and current-state tables (see ``warehouse/ddl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hc_reconcile.landing import CsvSource

Kind = Literal["text", "date", "money", "int", "timestamp", "enum"]

DUCKDB_TYPES: dict[Kind, str] = {
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "date": "DATE",
    "money": "DECIMAL(18,2)",
    "int": "BIGINT",
    "timestamp": "VARCHAR",
}


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    kind: Kind = "text"
    required: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceSpec:
    source: CsvSource
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _c(name: str, kind: Kind = "text", *, req: bool = False, values: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(name=name, kind=kind, required=req, values=values)


SPECS: dict[CsvSource, SourceSpec] = {
    "gl_journal": SourceSpec(
        "gl_journal",
        ("journal_id", "line_no"),
        (
            _c("journal_id", req=True),
            _c("line_no", req=True),
            _c("entity_id", req=True),
            _c("account", req=True),
            _c("cost_center"),
            _c("posting_date", "date", req=True),
            _c("amount", "money", req=True),
            _c("currency"),
            _c("reference"),
            _c(
                "source",
                "enum",
                req=True,
                values=("PAYER_EFT", "PATIENT_PAYMENT", "REVENUE", "ADJUSTMENT", "OTHER"),
            ),
            _c("description"),
        ),
    ),
    "referrals": SourceSpec(
        "referrals",
        ("referral_id",),
        (
            _c("referral_id", req=True),
            _c("patient_id", req=True),
            _c("first_name", req=True),
            _c("last_name", req=True),
            _c("birth_date", "date", req=True),
            _c("referral_date", "date", req=True),
            _c("status", "enum", req=True, values=("New", "Accepted", "Declined", "Converted")),
            _c("accepted_date", "date"),
            _c("facility_id"),
            _c("payer_id"),
            _c("member_id"),
            _c("last_modified", "timestamp", req=True),
        ),
    ),
    "accounts": SourceSpec(
        "accounts",
        ("account_id",),
        (
            _c("account_id", req=True),
            _c("patient_id", req=True),
            _c("referral_id"),
            _c("facility_id", req=True),
            _c("payer_id"),
            _c("created_date", "date", req=True),
        ),
    ),
    "charges": SourceSpec(
        "charges",
        ("charge_id",),
        (
            _c("charge_id", req=True),
            _c("account_id", req=True),
            _c("claim_id"),
            _c("facility_id", req=True),
            _c("service_date", "date", req=True),
            _c("post_date", "date", req=True),
            _c("cpt_code", req=True),
            _c("revenue_code"),
            _c("units", "int", req=True),
            _c("amount", "money", req=True),
        ),
    ),
    "claims": SourceSpec(
        "claims",
        ("claim_id",),
        (
            _c("claim_id", req=True),
            _c("account_id", req=True),
            _c("payer_id"),
            _c("facility_id", req=True),
            _c("total_charge", "money", req=True),
            _c("submitted_date", "date", req=True),
            _c("status"),
        ),
    ),
    "postings": SourceSpec(
        "postings",
        ("posting_id",),
        (
            _c("posting_id", req=True),
            _c("claim_id", req=True),
            _c("posting_type", "enum", req=True, values=("PAYMENT", "ADJUSTMENT", "REVERSAL")),
            _c("amount", "money", req=True),
            _c("post_date", "date", req=True),
            _c("trace_number"),
            _c("group_reason"),
        ),
    ),
}
