"""Checks of every mart against the platform's own tables, for any warehouse (hand-made or
generated): each expected figure is recomputed here, in Python, from recon.*, remit.* and
core.*, and compared with what the mart holds. Empty tables and nulls are handled.

``check_all(con)`` runs them all; an end-to-end test on generated data can call it too.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

ZERO = Decimal("0.00")
CLAIM_TYPES = {"REMIT_CLAIM_NOT_FOUND", "REMIT_NOT_POSTED", "POSTED_AMOUNT_MISMATCH", "POSTING_WITHOUT_REMIT", "DUPLICATE_PAYMENT"}
EFT_TYPES = {"EFT_NOT_IN_GL", "EFT_AMOUNT_MISMATCH", "UNAPPLIED_CASH"}


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    return row[0] if row else None


def as_of_dates(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """(latest reconciled date, latest loaded date)."""
    return scalar(con, "SELECT max(business_date) FROM recon.run_dates"), scalar(
        con, "SELECT max(business_date) FROM recon.load_state"
    )


def bucket(age: int) -> str:
    for label, high in (("0-3", 3), ("4-7", 7), ("8-14", 14), ("15-30", 30)):
        if age <= high:
            return label
    return "30+"


def _open_exceptions(con: duckdb.DuckDBPyConnection, as_of: date | None) -> list[dict[str, Any]]:
    if as_of is None:
        return []
    return [
        e for e in rows(con, "SELECT * FROM recon.exceptions")
        if e["first_seen"] <= as_of and (e["resolved_on"] is None or e["resolved_on"] > as_of)
    ]


def check_open_exceptions(con: duckdb.DuckDBPyConnection) -> None:
    as_of, _ = as_of_dates(con)
    expected = {
        e["exception_id"]: (e["exception_type"], e["amount"], (as_of - e["first_seen"]).days,
                            bucket((as_of - e["first_seen"]).days))
        for e in _open_exceptions(con, as_of)
    }
    got = {
        r["exception_id"]: (r["exception_type"], r["amount"], r["age_days"], r["aging_bucket"])
        for r in rows(con, "SELECT * FROM marts.fct_open_exceptions")
    }
    assert got == expected
    assert {r["as_of_date"] for r in rows(con, "SELECT as_of_date FROM marts.fct_open_exceptions")} <= {as_of}


def check_exception_aging(con: duckdb.DuckDBPyConnection) -> None:
    as_of, _ = as_of_dates(con)
    suffix = {"0-3": "0_3", "4-7": "4_7", "8-14": "8_14", "15-30": "15_30", "30+": "30_plus"}
    expected: dict[tuple[str, str], dict[str, Any]] = {}
    for e in _open_exceptions(con, as_of):
        row = expected.setdefault(
            (e["owner_queue"], e["exception_type"]),
            {"open_count": 0, "open_amount": ZERO, **{f"count_{s}": 0 for s in suffix.values()},
             **{f"amount_{s}": ZERO for s in suffix.values()}, "oldest_age_days": 0},
        )
        age = (as_of - e["first_seen"]).days
        s = suffix[bucket(age)]
        row["open_count"] += 1
        row["open_amount"] += e["amount"]
        row[f"count_{s}"] += 1
        row[f"amount_{s}"] += e["amount"]
        row["oldest_age_days"] = max(row["oldest_age_days"], age)
    got = {
        (r.pop("owner_queue"), r.pop("exception_type")): {k: r[k] for k in next(iter(expected.values()), {})}
        for r in rows(con, "SELECT * FROM marts.mart_exception_aging")
    }
    assert got == expected


def _clp_payers(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each row of ``table`` with the transaction it belongs to: last ST before it in its file."""
    sts: dict[tuple, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for t in rows(con, "SELECT * FROM remit.transactions ORDER BY segment_position"):
        sts[(t["business_date"], t["file_seq"], t["file_name"])].append((t["segment_position"], t))
    out = []
    for r in rows(con, f"SELECT * FROM {table}"):
        candidates = sts.get((r["business_date"], r["file_seq"], r["file_name"]), [])
        i = bisect.bisect_right([p for p, _ in candidates], r["segment_position"])
        out.append((r, candidates[i - 1][1] if i else None))
    return out


def check_claim_reconciliation(con: duckdb.DuckDBPyConnection) -> None:
    _, loaded = as_of_dates(con)
    claims = {c["claim_id"]: c for c in rows(con, "SELECT * FROM core.claims")}
    net: dict[str, Decimal] = defaultdict(lambda: ZERO)
    clps: dict[str, int] = defaultdict(int)
    for c in rows(con, "SELECT claim_id, paid_amount FROM remit.claims"):
        net[c["claim_id"]] += c["paid_amount"] or ZERO
        clps[c["claim_id"]] += 1
    posted: dict[str, Decimal] = defaultdict(lambda: ZERO)
    pay_count: dict[str, int] = defaultdict(int)
    posting_ids: set[str] = set()
    for p in rows(con, "SELECT * FROM core.postings"):
        if loaded is None or p["post_date"] > loaded:
            continue
        posting_ids.add(p["claim_id"])
        if p["posting_type"] in ("PAYMENT", "REVERSAL"):
            posted[p["claim_id"]] += p["amount"]
            pay_count[p["claim_id"]] += 1
    mart = {r["claim_id"]: r for r in rows(con, "SELECT * FROM marts.fct_claim_remit_reconciliation")}
    assert set(mart) == set(claims) | set(clps) | posting_ids
    for claim_id, r in mart.items():
        billed = claims.get(claim_id)
        assert r["claim_exists"] == (billed is not None), claim_id
        assert r["total_charge"] == (billed["total_charge"] if billed else None), claim_id
        assert (r["net_paid"], r["clp_count"]) == (net[claim_id], clps[claim_id]), claim_id
        assert (r["posted_amount"], r["payment_posting_count"]) == (posted[claim_id], pay_count[claim_id]), claim_id
        assert r["difference"] == net[claim_id] - posted[claim_id], claim_id
        if clps[claim_id] == 0 and pay_count[claim_id] == 0:
            status = "no_payment_activity"
        elif pay_count[claim_id] == 0:
            status = "matched" if net[claim_id] == 0 else "remit_not_posted"
        elif clps[claim_id] == 0:
            status = "posted_without_remit"
        else:
            status = "matched" if net[claim_id] == posted[claim_id] else "amount_differs"
        assert r["match_status"] == status, claim_id


def check_eft_reassociation(con: duckdb.DuckDBPyConnection) -> None:
    _, loaded = as_of_dates(con)
    bpr: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for t in rows(con, "SELECT trn02, payment_amount FROM remit.transactions"):
        bpr[t["trn02"]] += t["payment_amount"]
    cash: dict[str, Decimal] = defaultdict(lambda: ZERO)
    cash_lines: dict[str, int] = defaultdict(int)
    eft_refs: set[str] = set()
    for g in rows(con, "SELECT * FROM core.gl_journal WHERE account = '1010' AND reference IS NOT NULL"):
        if loaded is None or g["posting_date"] > loaded:
            continue
        cash[g["reference"]] += g["amount"]
        cash_lines[g["reference"]] += 1
        if g["source"] == "PAYER_EFT":
            eft_refs.add(g["reference"])
    mart = {r["trn02"]: r for r in rows(con, "SELECT * FROM marts.fct_eft_reassociation")}
    assert set(mart) == set(bpr) | eft_refs
    for key, r in mart.items():
        if key not in bpr:
            status = "unmatched_cash"
        elif cash_lines[key] == 0:
            status = "no_payment" if bpr[key] == 0 else "unmatched_remit"
        else:
            status = "matched" if cash[key] == bpr[key] else "amount_off"
        assert r["reassociation_status"] == status, key
        assert r["bpr02_amount"] == bpr.get(key), key
        assert r["cash_line_count"] == cash_lines[key], key
        assert r["difference"] == bpr[key] - cash[key], key


def check_payer_scorecard(con: duckdb.DuckDBPyConnection) -> None:
    service = {
        r["claim_id"]: r["first"]
        for r in rows(con, "SELECT claim_id, min(service_date) AS first FROM core.charges WHERE claim_id IS NOT NULL GROUP BY 1")
    }
    exp: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for t in rows(con, "SELECT * FROM remit.transactions"):
        e = exp[t["payer_id"] or "(unknown)"]
        e["transaction_count"] += 1
        e["bpr02_amount"] += t["payment_amount"]
    clp_status: dict[tuple, str] = {}
    days: dict[str, list[int]] = defaultdict(list)
    for c, t in _clp_payers(con, "remit.claims"):
        payer = (t or {}).get("payer_id") or "(unknown)"
        clp_status[(c["business_date"], c["file_seq"], c["file_name"], c["segment_position"])] = c["status_code"]
        e = exp[payer]
        e["clp_count"] += 1
        e["net_paid_amount"] += c["paid_amount"] or ZERO
        e["adjudicated_clp_count"] += c["status_code"] != "22"
        e["denied_clp_count"] += c["status_code"] == "4"
        if c["status_code"] == "22":
            e["reversal_count"] += 1
            e["reversal_amount"] += c["paid_amount"] or ZERO
        if c["status_code"] in ("1", "2", "3") and (c["paid_amount"] or 0) > 0 and c["claim_id"] in service:
            paid_on = (t or {}).get("payment_date") or c["business_date"]
            days[payer].append((paid_on - service[c["claim_id"]]).days)
    # CAS → its CLP (last CLP before it in the file) → status; CO/PI, not CARC 45, not on a denial.
    clps_by_file: dict[tuple, list[int]] = defaultdict(list)
    for key in sorted(clp_status):
        clps_by_file[key[:3]].append(key[3])
    for a, t in _clp_payers(con, "remit.adjustments"):
        positions = clps_by_file.get((a["business_date"], a["file_seq"], a["file_name"]), [])
        i = bisect.bisect_right(positions, a["segment_position"])
        status = clp_status[(a["business_date"], a["file_seq"], a["file_name"], positions[i - 1])] if i else None
        if a["group_code"] in ("CO", "PI") and (a["reason_code"] or "") != "45" and status != "4":
            exp[(t or {}).get("payer_id") or "(unknown)"]["underpayment_amount"] += a["amount"]
    for p, t in _clp_payers(con, "remit.provider_adjustments"):
        e = exp[(t or {}).get("payer_id") or "(unknown)"]
        e["plb_count"] += 1
        e["plb_amount"] += p["amount"]
    mart = {r["payer_id"]: r for r in rows(con, "SELECT * FROM marts.mart_payer_scorecard")}
    assert set(mart) == set(exp)
    for payer, e in exp.items():
        r = mart[payer]
        for col in ("transaction_count", "bpr02_amount", "clp_count", "net_paid_amount", "adjudicated_clp_count",
                    "denied_clp_count", "reversal_count", "reversal_amount", "underpayment_amount", "plb_count", "plb_amount"):
            assert r[col] == e[col], (payer, col, r[col], e[col])
        rate = float(e["denied_clp_count"]) / float(e["adjudicated_clp_count"]) if e["adjudicated_clp_count"] else None
        assert _close(r["denial_rate"], rate), (payer, r["denial_rate"], rate)
        avg = sum(days[payer]) / len(days[payer]) if days[payer] else None
        assert _close(r["avg_days_service_to_payment"], avg), (payer, r["avg_days_service_to_payment"], avg)


def _close(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b)))


def check_kpi_trend(con: duckdb.DuckDBPyConnection) -> None:
    long = rows(con, "SELECT business_date, kpi, value FROM recon.kpi_daily")
    wide = {r.pop("business_date"): r for r in rows(con, "SELECT * FROM marts.mart_kpi_trend")}
    assert set(wide) == {r["business_date"] for r in long}
    for r in long:
        assert wide[r["business_date"]][r["kpi"]] == r["value"], r
    for day, r in wide.items():
        assert r["kpi_row_count"] == sum(1 for x in long if x["business_date"] == day)


def check_exception_flow(con: duckdb.DuckDBPyConnection) -> None:
    run_dates = [r["business_date"] for r in rows(con, "SELECT business_date FROM recon.run_dates ORDER BY 1")]
    first_seen = {e["exception_id"]: e["first_seen"] for e in rows(con, "SELECT * FROM recon.exceptions")}
    detected: dict[date, dict[str, tuple[str, Decimal]]] = defaultdict(dict)
    for x in rows(con, "SELECT * FROM recon.exception_detections"):
        detected[x["business_date"]][x["exception_id"]] = (x["exception_type"], x["amount"])
    types = {r["exception_type"] for r in rows(con, "SELECT DISTINCT exception_type FROM recon.exceptions")}
    mart = {(r["business_date"], r["exception_type"]): r for r in rows(con, "SELECT * FROM marts.mart_exception_flow_daily")}
    assert {t for _, t in mart} >= types
    assert {day for day, _ in mart} == set(run_dates)
    for i, day in enumerate(run_dates):
        today = detected.get(day, {})
        before = detected.get(run_dates[i - 1], {}) if i else {}
        for xtype in {t for _, t in mart}:
            exp = {
                "open_count": sum(1 for t, _ in today.values() if t == xtype),
                "open_amount": sum((a for t, a in today.values() if t == xtype), ZERO),
                "new_count": sum(1 for x, (t, _) in today.items() if t == xtype and first_seen.get(x) == day),
                "reopened_count": sum(
                    1 for x, (t, _) in today.items()
                    if t == xtype and x not in before and first_seen.get(x) is not None and first_seen[x] < day
                ),
                "resolved_count": sum(1 for x, (t, _) in before.items() if t == xtype and x not in today),
                "resolved_amount": sum((a for x, (t, a) in before.items() if t == xtype and x not in today), ZERO),
            }
            got = mart[(day, xtype)]
            assert {k: got[k] for k in exp} == exp, (day, xtype)


def check_rules_agree(con: duckdb.DuckDBPyConnection) -> None:
    """Exceptions detected on the marts' as-of date carry the marts' figures (CONTRACT §3)."""
    reconciled, loaded = as_of_dates(con)
    if reconciled != loaded:
        return
    claims = {r["claim_id"]: r for r in rows(con, "SELECT * FROM marts.fct_claim_remit_reconciliation")}
    efts = {r["trn02"]: r for r in rows(con, "SELECT * FROM marts.fct_eft_reassociation")}
    for e in _open_exceptions(con, reconciled):
        if e["last_seen"] != reconciled:
            continue
        kind, key, amount = e["exception_type"], e["entity_key"], e["amount"]
        if kind == "POSTED_AMOUNT_MISMATCH":
            assert claims[key]["difference"] == amount, e
        elif kind in ("REMIT_NOT_POSTED", "REMIT_CLAIM_NOT_FOUND"):
            assert claims[key]["net_paid"] == amount, e
        elif kind == "POSTING_WITHOUT_REMIT":
            assert claims[key]["posted_amount"] == amount, e
        elif kind == "EFT_AMOUNT_MISMATCH":
            assert (efts[key]["reassociation_status"], efts[key]["difference"]) == ("amount_off", amount), e
        elif kind == "EFT_NOT_IN_GL":
            assert (efts[key]["reassociation_status"], efts[key]["bpr02_amount"]) == ("unmatched_remit", amount), e
        elif kind == "UNAPPLIED_CASH":
            assert efts[key]["reassociation_status"] == "unmatched_cash", e
        if kind in CLAIM_TYPES:
            assert kind in (claims[key]["open_exception_types"] or ""), e
        if kind in EFT_TYPES:
            assert kind in (efts[key]["open_exception_types"] or ""), e


CHECKS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    check_open_exceptions,
    check_exception_aging,
    check_claim_reconciliation,
    check_eft_reassociation,
    check_payer_scorecard,
    check_kpi_trend,
    check_exception_flow,
    check_rules_agree,
]


def check_all(con: duckdb.DuckDBPyConnection) -> None:
    for check in CHECKS:
        check(con)
