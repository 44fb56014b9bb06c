"""The KPIs of contract §4 as of D.

Values: int for counts, Decimal for money sums, float for averages and rates,
None where the contract says null (nothing qualifies).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hc_reconcile.generate import contract as c
from hc_reconcile.generate.oracle.snapshot import ZERO, Snapshot
from hc_reconcile.generate.oracle.warehouse import FileLog, Referral

KpiValue = int | float | Decimal | None
OpenSet = dict[tuple[str, str], Decimal]


def quantile_cont(values: list[int], q: Fraction) -> float:
    """Linear interpolation between closest ranks (DuckDB quantile_cont), computed exactly."""
    xs = sorted(values)
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return float(xs[lo] + (pos - lo) * (xs[hi] - xs[lo]))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _open_sum(open_set: OpenSet, etype: str) -> Decimal:
    return sum((v for (t, _), v in open_set.items() if t == etype), ZERO)


def compute_kpis(s: Snapshot, open_set: OpenSet, file_log: list[FileLog],
                 resent_today: int) -> dict[str, KpiValue]:
    d = s.d
    today = [ch for ch in s.charges if ch.post_date == d]
    lags = [(ch.post_date - ch.service_date).days for ch in today]
    charges_to_date = sum((ch.amount for ch in s.charges if ch.post_date <= d), ZERO)
    postings_to_date = sum((p.amount for p in s.postings), ZERO)  # already post_date <= D
    ar = charges_to_date - postings_to_date
    recent = sum((ch.amount for ch in s.charges
                  if ch.post_date <= d and (d - ch.post_date).days < c.DAYS_IN_AR_WINDOW), ZERO)

    received_today = [r.clp for refs in s.clps.values() for r in refs if r.received == d]
    considered = [clp for clp in received_today if clp.clp02 != "22"]

    num = den = ZERO
    for k, refs in s.clps.items():
        net = s.net_paid[k]
        if net == 0 or s.days_since(max(r.received for r in refs)) <= c.POSTED_MISMATCH_DAYS:
            continue
        den += abs(net)
        if s.posted.get(k, ZERO) == net:
            num += abs(net)

    referrals: dict[str, Referral] = {r.referral_id: r for r in s.referrals}
    ref_days: list[int] = []
    for a in s.accounts:
        if a.created_date != d or a.referral_id is None:
            continue
        r = referrals.get(a.referral_id)
        if r is not None and r.accepted_date is not None:
            ref_days.append((a.created_date - r.accepted_date).days)

    first_service: dict[str, date] = {}
    for ch in s.charges:
        if ch.claim_id is not None:
            prev = first_service.get(ch.claim_id)
            first_service[ch.claim_id] = ch.service_date if prev is None else min(prev, ch.service_date)
    sub_days = [(cl.submitted_date - first_service[cl.claim_id]).days for cl in s.claims.values()
                if cl.submitted_date == d and cl.claim_id in first_service]

    logs = [f for f in file_log if f.business_date == d]
    csv_logs = [f for f in logs if f.source != c.REMIT_SOURCE]
    loaded = sum(f.rows_loaded for f in csv_logs)
    rejected = sum(f.rows_rejected for f in csv_logs)

    return {
        "charge_lag_days_avg": _mean(lags),
        "charge_lag_days_p90": quantile_cont(lags, Fraction(9, 10)) if lags else None,
        "late_charge_count": sum(1 for x in lags if x > c.LATE_CHARGE_DAYS),
        "unbilled_amount": _open_sum(open_set, "UNBILLED_CHARGE"),
        "unposted_remit_amount": _open_sum(open_set, "REMIT_NOT_POSTED"),
        "unapplied_cash_amount": _open_sum(open_set, "UNAPPLIED_CASH"),
        "ar_balance": ar,
        "days_in_ar": float(ar * c.DAYS_IN_AR_WINDOW / recent) if recent != 0 else None,
        "denial_rate": (sum(1 for x in considered if x.clp02 == "4") / len(considered)
                        if considered else None),
        "payment_reconciliation_accuracy": float(num / den) if den != 0 else None,
        "referral_to_account_days_avg": _mean(ref_days),
        "open_exceptions": len(open_set),
        "open_exception_amount": sum(open_set.values(), ZERO),
        "claim_submission_days_avg": _mean(sub_days),
        "rejected_row_rate": rejected / (loaded + rejected) if loaded + rejected else None,
        "rejected_transaction_count": sum(f.rows_rejected for f in logs
                                          if f.source == c.REMIT_SOURCE),
        "quarantined_file_count": sum(1 for f in logs if f.status == "quarantined"),
        "replayed_count": sum(1 for f in logs if f.sha_duplicate) + resent_today,
    }


