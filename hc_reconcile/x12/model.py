"""The parse result and the fixed schemas of its frames.

The parser builds Arrow tables (``ARROW_SCHEMAS``): they cross from a worker process to the
loader and into DuckDB without a conversion. ``Parsed835.transactions`` and the other
frames are the same rows as Polars frames (``SCHEMAS``), for code that reads a parse result
in Python (tests, the pyx12 cross-check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, cast

import polars as pl
import pyarrow as pa

MONEY = pl.Decimal(18, 2)
#: Money in Arrow: decimal64 holds DECIMAL(18,2) exactly, as DuckDB stores it (8 bytes).
ARROW_MONEY = pa.decimal64(18, 2)

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


_ARROW_TYPES: dict[pl.DataType, pa.DataType] = {
    pl.Int64(): pa.int64(),
    pl.String(): pa.large_string(),
    MONEY: ARROW_MONEY,
    pl.Date(): pa.date32(),
}


def arrow_schema(schema: pl.Schema) -> pa.Schema:
    """The Arrow schema of a frame schema (Polars reads it back as exactly ``schema``)."""
    return pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in schema.items()])


ARROW_SCHEMAS: dict[str, pa.Schema] = {name: arrow_schema(s) for name, s in SCHEMAS.items()}


@dataclass(frozen=True, eq=False)
class Parsed835:
    """Everything one 835 file gives.

    ``quarantine_reason`` set means the whole file is quarantined and every
    table is empty. Otherwise ``transactions`` has one row per valid
    transaction, ``rejected`` one row per rejected one, and the other tables
    the rows of the valid transactions only, keyed by ``st_position``.
    ``tables`` holds them as Arrow tables (``ARROW_SCHEMAS``; missing names are empty).
    """

    quarantine_reason: str | None
    tables: Mapping[str, pa.Table] = field(default_factory=dict)

    @property
    def quarantined(self) -> bool:
        return self.quarantine_reason is not None

    @classmethod
    def quarantine(cls, reason: str) -> Parsed835:
        return cls(quarantine_reason=reason)

    def arrow(self, name: str) -> pa.Table:
        """One table as Arrow (``ARROW_SCHEMAS[name]``)."""
        table = self.tables.get(name)
        return ARROW_SCHEMAS[name].empty_table() if table is None else table

    def frame(self, name: str) -> pl.DataFrame:
        """One table as a Polars frame (``SCHEMAS[name]``)."""
        return cast(pl.DataFrame, pl.from_arrow(self.arrow(name)))

    @property
    def transactions(self) -> pl.DataFrame:
        return self.frame("transactions")

    @property
    def rejected(self) -> pl.DataFrame:
        return self.frame("rejected")

    @property
    def claims(self) -> pl.DataFrame:
        return self.frame("claims")

    @property
    def services(self) -> pl.DataFrame:
        return self.frame("services")

    @property
    def adjustments(self) -> pl.DataFrame:
        return self.frame("adjustments")

    @property
    def provider_adjustments(self) -> pl.DataFrame:
        return self.frame("provider_adjustments")
