"""What one daily report holds: plain values, identifiers already masked (see ``phi``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True, slots=True)
class KpiPoint:
    business_date: date
    value: float | None


@dataclass(frozen=True, slots=True)
class KpiSeries:
    """One KPI on D and the previous business date, with its trend (oldest first)."""

    name: str
    value: float | None
    previous: float | None
    trend: tuple[KpiPoint, ...]

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class OpenException:
    exception_id: str  # masked where it spells out a person's identifier
    exception_type: str
    entity_key: str  # masked (phi.redact_exception)
    owner_queue: str
    severity: str
    amount: Decimal
    first_seen: date
    age_days: int
    aging_bucket: str
    is_new: bool  # not open on the previous business date
    details: str  # masked JSON


@dataclass(frozen=True, slots=True)
class ResolvedException:
    exception_id: str
    exception_type: str
    entity_key: str
    owner_queue: str
    amount: Decimal  # at its last detection
    first_seen: date


@dataclass(frozen=True, slots=True)
class PayerAmount:
    payer_id: str
    claims: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class LoadSummary:
    files: int = 0
    loaded: int = 0
    duplicate: int = 0
    quarantined: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0


@dataclass(frozen=True, slots=True)
class ReportData:
    business_date: date
    previous_date: date | None
    warehouse: Path
    kpis: dict[str, KpiSeries]
    open_exceptions: tuple[OpenException, ...]
    resolved: tuple[ResolvedException, ...]
    top_payers: tuple[PayerAmount, ...]
    loads: LoadSummary = field(default_factory=LoadSummary)

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(sorted({e.owner_queue for e in self.open_exceptions}))
