"""Correction feeds of contract §2, as (feed, key, kind, amount) rows for a date D."""

from __future__ import annotations

from decimal import Decimal

from hc_reconcile.generate.oracle.snapshot import ZERO, Snapshot
from hc_reconcile.generate.oracle.warehouse import Account, Referral

FeedRow = tuple[str, str, str, Decimal]  # feed, key, kind, amount


def compute_feeds(s: Snapshot, open_set: dict[tuple[str, str], Decimal]) -> list[FeedRow]:
    rows: list[FeedRow] = []
    for (etype, key), amount in open_set.items():
        if etype in ("REMIT_NOT_POSTED", "POSTED_AMOUNT_MISMATCH"):
            kind = "PAYMENT" if amount > 0 else "REVERSAL"
            rows.append(("billing_posting_corrections", key, kind, amount))
        elif etype in ("EFT_NOT_IN_GL", "EFT_AMOUNT_MISMATCH"):
            rows.append(("erp_journal_corrections", key, "", amount))
    rows.extend(_crm_status(s))
    return sorted(rows)


def _crm_status(s: Snapshot) -> list[FeedRow]:
    accounts: dict[str, Account] = {a.account_id: a for a in s.accounts}
    referrals: dict[str, Referral] = {r.referral_id: r for r in s.referrals}
    rows: list[FeedRow] = []
    for claim_id, refs in s.clps.items():
        if not any(r.received == s.d for r in refs):
            continue
        claim = s.claims.get(claim_id)
        if claim is None:
            continue
        account = accounts.get(claim.account_id)
        if account is None or account.referral_id is None or account.referral_id not in referrals:
            continue
        net = s.net_paid[claim_id]
        codes = {r.clp.clp02 for r in refs}
        if "22" in codes and net <= 0:
            status = "REVERSED"
        elif net <= 0 and "4" in codes:
            status = "DENIED"
        elif net >= claim.total_charge:
            status = "PAID"
        else:
            status = "PARTIAL"
        rows.append(("crm_status_updates", f"{account.referral_id}|{claim_id}", status, net))
    return rows


__all__ = ["ZERO", "FeedRow", "compute_feeds"]
