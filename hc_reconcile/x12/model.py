"""The parse result and the fixed schemas of its frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

MONEY = pl.Decimal(18, 2)

AdjustmentLevel = Literal["claim", "service"]

TRANSACTIONS_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "isa13": pl.String(),
        "gs06": pl.String(),
        "st02": pl.String(),
        "trn02": pl.String(),
        "trn03": pl.String(),
        "payer_id": pl.String(),
        "payment_amount": MONEY,
        "payment_date": pl.Date(),
        "payment_method": pl.String(),
        "payee_id": pl.String(),
        "raw_segment_count": pl.Int64(),
    }
)

REJECTED_SCHEMA = pl.Schema(
    {"st_position": pl.Int64(), "st02": pl.String(), "reason": pl.String(), "raw": pl.String()}
)

CLAIMS_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "segment_position": pl.Int64(),
        "claim_id": pl.String(),
        "status_code": pl.String(),
        "charge_amount": MONEY,
        "paid_amount": MONEY,
        "patient_responsibility": MONEY,
        "payer_claim_control_number": pl.String(),
        "claim_filing_indicator": pl.String(),
    }
)

SERVICES_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "segment_position": pl.Int64(),
        "claim_id": pl.String(),
        "procedure": pl.String(),
        "procedure_code": pl.String(),
        "charge_amount": MONEY,
        "paid_amount": MONEY,
        "units": MONEY,
    }
)

ADJUSTMENTS_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "segment_position": pl.Int64(),
        "claim_id": pl.String(),
        "level": pl.String(),
        "service_segment_position": pl.Int64(),
        "group_code": pl.String(),
        "reason_code": pl.String(),
        "amount": MONEY,
        "quantity": MONEY,
    }
)

PROVIDER_ADJUSTMENTS_SCHEMA = pl.Schema(
    {
        "st_position": pl.Int64(),
        "segment_position": pl.Int64(),
        "provider_id": pl.String(),
        "fiscal_period_date": pl.Date(),
        "reason_code": pl.String(),
        "reference": pl.String(),
        "amount": MONEY,
    }
)

SCHEMAS: dict[str, pl.Schema] = {
    "transactions": TRANSACTIONS_SCHEMA,
    "rejected": REJECTED_SCHEMA,
    "claims": CLAIMS_SCHEMA,
    "services": SERVICES_SCHEMA,
    "adjustments": ADJUSTMENTS_SCHEMA,
    "provider_adjustments": PROVIDER_ADJUSTMENTS_SCHEMA,
}


def empty(schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


@dataclass(frozen=True, eq=False)
class Parsed835:
    """Everything one 835 file gives.

    ``quarantine_reason`` set means the whole file is quarantined and every
    frame is empty. Otherwise ``transactions`` has one row per valid
    transaction, ``rejected`` one row per rejected one, and the other frames
    the rows of the valid transactions only, keyed by ``st_position``.
    """

    quarantine_reason: str | None
    transactions: pl.DataFrame
    rejected: pl.DataFrame
    claims: pl.DataFrame
    services: pl.DataFrame
    adjustments: pl.DataFrame
    provider_adjustments: pl.DataFrame

    @property
    def quarantined(self) -> bool:
        return self.quarantine_reason is not None

    @classmethod
    def quarantine(cls, reason: str) -> Parsed835:
        return cls(
            quarantine_reason=reason,
            transactions=empty(TRANSACTIONS_SCHEMA),
            rejected=empty(REJECTED_SCHEMA),
            claims=empty(CLAIMS_SCHEMA),
            services=empty(SERVICES_SCHEMA),
            adjustments=empty(ADJUSTMENTS_SCHEMA),
            provider_adjustments=empty(PROVIDER_ADJUSTMENTS_SCHEMA),
        )
