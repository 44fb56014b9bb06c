"""Aggregates of the warehouse as of a business date D, shared by rules, KPIs and feeds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from hc_reconcile.generate.contract import ACCOUNT_CASH, ACCOUNT_REVENUE
from hc_reconcile.generate.oracle.warehouse import (
    Account,
    Charge,
    Claim,
    GlLine,
    Posting,
    Referral,
    Warehouse,
)
from hc_reconcile.generate.oracle.x12_reader import Clp

T = TypeVar("T")
ZERO = Decimal("0")


@dataclass(frozen=True)
class ClpRef:
    received: date
    seq: int
    payer_id: str
    trn02: str
    clp: Clp


@dataclass
class TrnGroup:
    bpr02: Decimal = ZERO
    clp04: Decimal = ZERO
    plb: Decimal = ZERO
    received: date = date.min
    bpr16: date | None = None
    clps: list[Clp] = field(default_factory=list)


def _values(table: dict[tuple[str, ...], object], cls: type[T]) -> list[T]:
    out: list[T] = []
    for v in table.values():
        assert isinstance(v, cls)
        out.append(v)
    return out


class Snapshot:
    """Everything the rules read, as of business date ``d`` (warehouse loaded up to d)."""

    def __init__(self, wh: Warehouse, d: date) -> None:
        self.d = d
        self.wh = wh
        self.referrals = _values(wh.tables["referrals"], Referral)
        self.accounts = _values(wh.tables["accounts"], Account)
        self.charges = _values(wh.tables["charges"], Charge)
        self.claims: dict[str, Claim] = {c.claim_id: c for c in _values(wh.tables["claims"], Claim)}
        # postings with post_date > D do not exist for any rule
        self.postings = [p for p in _values(wh.tables["postings"], Posting) if p.post_date <= d]
        gl = [g for g in _values(wh.tables["gl_journal"], GlLine) if g.posting_date <= d]
        self.cash = [g for g in gl if g.account == ACCOUNT_CASH]
        self.revenue = [g for g in gl if g.account == ACCOUNT_REVENUE]

        clps: dict[str, list[ClpRef]] = defaultdict(list)
        self.trn: dict[str, TrnGroup] = {}
        for lt in wh.remit:
            t = lt.txn
            g = self.trn.setdefault(t.trn02, TrnGroup())
            g.bpr02 += t.bpr02
            g.clp04 += sum((c.clp04 for c in t.clps), ZERO)
            g.plb += sum(t.plb, ZERO)
            g.received = max(g.received, lt.received)
            if t.bpr16 is not None:
                g.bpr16 = t.bpr16 if g.bpr16 is None else max(g.bpr16, t.bpr16)
            g.clps.extend(t.clps)
            for c in t.clps:
                clps[c.clp01].append(ClpRef(lt.received, lt.seq, t.payer_id, t.trn02, c))
        self.clps: dict[str, list[ClpRef]] = dict(clps)
        self.net_paid: dict[str, Decimal] = {
            k: sum((r.clp.clp04 for r in refs), ZERO) for k, refs in self.clps.items()}

        posted: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.has_pay_rev: set[str] = set()
        self.first_payment: dict[str, date] = {}
        for p in self.postings:
            if p.posting_type in ("PAYMENT", "REVERSAL"):
                posted[p.claim_id] += p.amount
                self.has_pay_rev.add(p.claim_id)
            if p.posting_type == "PAYMENT":
                prev = self.first_payment.get(p.claim_id)
                self.first_payment[p.claim_id] = p.post_date if prev is None else min(prev, p.post_date)

        self.posted: dict[str, Decimal] = dict(posted)
        cash: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in self.cash:
            if line.reference is not None:
                cash[line.reference] += line.amount
        self.cash_by_ref: dict[str, Decimal] = dict(cash)

    def days_since(self, x: date) -> int:
        return (self.d - x).days
