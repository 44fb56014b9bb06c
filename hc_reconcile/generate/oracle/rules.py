"""The 13 exception rules of contract §3, evaluated on a snapshot as of D.

Each function returns {entity_key: amount}; :func:`detect` merges them into
{(exception_type, entity_key): amount}.  Thresholds are the contract defaults.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import combinations

from hc_reconcile.generate import contract as c
from hc_reconcile.generate.oracle.snapshot import ZERO, Snapshot

Found = dict[str, Decimal]


def remit_claim_not_found(s: Snapshot) -> Found:
    return {k: s.net_paid[k] for k in s.clps if k not in s.claims}


def remit_not_posted(s: Snapshot) -> Found:
    out: Found = {}
    for k, refs in s.clps.items():
        if k not in s.claims or s.net_paid[k] == 0 or k in s.has_pay_rev:
            continue
        paying = [r.received for r in refs if r.clp.clp04 != 0]
        if paying and s.days_since(min(paying)) > c.REMIT_NOT_POSTED_DAYS:
            out[k] = s.net_paid[k]
    return out


def posted_amount_mismatch(s: Snapshot) -> Found:
    out: Found = {}
    for k in s.has_pay_rev:
        refs = s.clps.get(k)
        if not refs:
            continue
        diff = s.net_paid[k] - s.posted[k]
        if diff != 0 and s.days_since(max(r.received for r in refs)) > c.POSTED_MISMATCH_DAYS:
            out[k] = diff
    return out


def posting_without_remit(s: Snapshot) -> Found:
    return {k: s.posted[k] for k, first in s.first_payment.items()
            if k not in s.clps and s.days_since(first) > c.POSTING_WITHOUT_REMIT_DAYS}


def duplicate_payment(s: Snapshot) -> Found:
    out: Found = {}
    for k, refs in s.clps.items():
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for r in refs:
            if r.clp.clp02 in ("1", "2", "3") and r.clp.clp04 > 0:
                counts[(r.payer_id, r.clp.clp02)] += 1
            elif r.clp.clp02 == "22":
                for st in ("1", "2", "3"):
                    counts[(r.payer_id, st)] -= 1
        if any(v >= 2 for v in counts.values()):
            out[k] = s.net_paid[k] - max(r.clp.clp04 for r in refs)
    return out


def eft_not_in_gl(s: Snapshot) -> Found:
    out: Found = {}
    for trn, g in s.trn.items():
        if g.bpr02 <= 0 or trn in s.cash_by_ref:
            continue
        clock = g.received if g.bpr16 is None else max(g.received, g.bpr16)
        if s.days_since(clock) > c.EFT_NOT_IN_GL_DAYS:
            out[trn] = g.bpr02
    return out


def eft_amount_mismatch(s: Snapshot) -> Found:
    return {trn: g.bpr02 - s.cash_by_ref[trn] for trn, g in s.trn.items()
            if trn in s.cash_by_ref and s.cash_by_ref[trn] != g.bpr02}


def unapplied_cash(s: Snapshot) -> Found:
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    first: dict[str, date] = {}
    for g in s.cash:
        if g.source != "PAYER_EFT" or g.reference is None:
            continue
        total[g.reference] += g.amount
        first[g.reference] = min(first.get(g.reference, g.posting_date), g.posting_date)
    return {ref: amt for ref, amt in total.items()
            if ref not in s.trn and s.days_since(first[ref]) > c.UNAPPLIED_CASH_DAYS}


def unbilled_charge(s: Snapshot) -> Found:
    return {ch.charge_id: ch.amount for ch in s.charges
            if ch.claim_id is None and s.days_since(ch.post_date) > c.UNBILLED_DAYS}


def revenue_gl_variance(s: Snapshot) -> Found:
    total: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for ch in s.charges:
        if ch.post_date < s.d:
            total[(ch.facility_id, ch.post_date.isoformat())] += ch.amount
    for g in s.revenue:
        if g.cost_center is not None and g.posting_date < s.d:
            total[(g.cost_center, g.posting_date.isoformat())] += g.amount
    return {f"{fac}|{day}": v for (fac, day), v in total.items() if v != 0}


def referral_without_account(s: Snapshot) -> Found:
    with_account = {a.referral_id for a in s.accounts if a.referral_id is not None}
    return {r.referral_id: ZERO for r in s.referrals
            if r.status == "Accepted" and r.accepted_date is not None
            and r.referral_id not in with_account
            and s.days_since(r.accepted_date) > c.REFERRAL_ACCOUNT_DAYS}


def duplicate_patient(s: Snapshot) -> Found:
    ids: dict[tuple[object, ...], set[str]] = defaultdict(set)
    for r in s.referrals:
        ids[r.identity].add(r.patient_id)
    out: Found = {}
    for group in ids.values():
        for a, b in combinations(sorted(group), 2):
            out[f"{a}|{b}"] = ZERO
    return out


def remit_unbalanced(s: Snapshot) -> Found:
    out: Found = {}
    for trn, g in s.trn.items():
        diff = g.bpr02 - (g.clp04 - g.plb)
        if diff != 0:
            out[trn] = diff
        per_claim: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for clp in g.clps:
            per_claim[clp.clp01] += clp.clp03 - clp.clp04 - sum(clp.cas, ZERO)
        for clp01, v in per_claim.items():
            if v != 0:
                out[f"{trn}|{clp01}"] = v
    return out


RULES = {
    "REMIT_CLAIM_NOT_FOUND": remit_claim_not_found,
    "REMIT_NOT_POSTED": remit_not_posted,
    "POSTED_AMOUNT_MISMATCH": posted_amount_mismatch,
    "POSTING_WITHOUT_REMIT": posting_without_remit,
    "DUPLICATE_PAYMENT": duplicate_payment,
    "EFT_NOT_IN_GL": eft_not_in_gl,
    "EFT_AMOUNT_MISMATCH": eft_amount_mismatch,
    "UNAPPLIED_CASH": unapplied_cash,
    "UNBILLED_CHARGE": unbilled_charge,
    "REVENUE_GL_VARIANCE": revenue_gl_variance,
    "REFERRAL_WITHOUT_ACCOUNT": referral_without_account,
    "DUPLICATE_PATIENT": duplicate_patient,
    "REMIT_UNBALANCED": remit_unbalanced,
}


def detect(s: Snapshot) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = {}
    for etype, rule in RULES.items():
        for key, amount in rule(s).items():
            out[(etype, key)] = amount
    return out
