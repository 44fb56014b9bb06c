"""Comparisons of a run with the generator's ground truth (shared by the small and medium tests).

The ground truth is written by the generator from the contract and its own model of what it
injected, never from the platform's output.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from decimal import Decimal
from pathlib import Path

from e2e_support import Dataset, RunResult


def read_truth(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def dec(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def check_open_exceptions_every_day(dataset: Dataset, run: RunResult) -> None:
    expected = {
        (r["business_date"], r["exception_type"], r["entity_key"]): dec(r["amount"])
        for r in read_truth(dataset.truth / "expected_open_daily.csv")
    }
    with run.connect() as con:
        rows = con.execute(
            "SELECT strftime(business_date, '%Y-%m-%d'), exception_type, entity_key, amount FROM recon.exception_detections"
        ).fetchall()
    actual = {(d, t, k): dec(a) for d, t, k, a in rows}
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    # recall and precision 1.0 per exception type
    by_type = Counter(k[1] for k in missing) + Counter(k[1] for k in extra)
    assert not missing and not extra, f"per type: {dict(by_type)}; missing {missing[:10]}; extra {extra[:10]}"
    wrong = {k: (expected[k], actual[k]) for k in expected if expected[k] != actual[k]}
    assert not wrong, list(wrong.items())[:10]
    types = {k[1] for k in expected}
    assert len(types) >= 13, f"the data set should exercise every exception type, got {sorted(types)}"


def check_exception_lifecycle(dataset: Dataset, run: RunResult) -> None:
    expected = {
        (r["exception_type"], r["entity_key"]): (r["first_seen"], r["last_seen"], r["resolved_on"] or None, dec(r["amount"]))
        for r in read_truth(dataset.truth / "expected_exceptions.csv")
    }
    with run.connect() as con:
        rows = con.execute(
            "SELECT exception_type, entity_key, strftime(first_seen, '%Y-%m-%d'), strftime(last_seen, '%Y-%m-%d'), "
            "strftime(resolved_on, '%Y-%m-%d'), amount, status FROM recon.exceptions"
        ).fetchall()
    actual = {(t, k): (f, ls, r, dec(a)) for t, k, f, ls, r, a, _ in rows}
    assert actual == expected
    assert all((status == "open") == (resolved is None) for *_, resolved, _, status in rows)


def check_kpis_every_day(dataset: Dataset, run: RunResult) -> None:
    expected = {(r["business_date"], r["kpi"]): r["value"] for r in read_truth(dataset.truth / "expected_kpis.csv")}
    with run.connect() as con:
        rows = con.execute("SELECT strftime(business_date, '%Y-%m-%d'), kpi, value FROM recon.kpi_daily").fetchall()
    actual = {(d, k): v for d, k, v in rows}
    assert set(actual) == set(expected)
    wrong = []
    for key, want in expected.items():
        got = actual[key]
        if want == "":
            ok = got is None
        else:
            ok = got is not None and math.isclose(got, float(want), rel_tol=1e-9, abs_tol=1e-9)
        if not ok:
            wrong.append((key, want, got))
    assert not wrong, wrong[:15]


def check_file_log_and_rejections(dataset: Dataset, run: RunResult) -> None:
    expected = {
        (r["business_date"], r["source"], r["file_name"]): (r["status"], int(r["rows_loaded"]), int(r["rows_rejected"]))
        for r in read_truth(dataset.truth / "expected_file_log.csv")
    }
    with run.connect() as con:
        rows = con.execute(
            "SELECT strftime(business_date, '%Y-%m-%d'), source, file_name, status, rows_loaded, rows_rejected FROM recon.file_log"
        ).fetchall()
        rejected = con.execute(
            'SELECT strftime(business_date, \'%Y-%m-%d\'), source, file_name, line_no, coalesce("column", \'\') FROM recon.rejected_rows'
        ).fetchall()
    assert {(d, s, f): (st, rl, rr) for d, s, f, st, rl, rr in rows} == expected
    want_rejected = Counter(
        (r["business_date"], r["source"], r["file_name"], int(r["line_no"]), r["column"])
        for r in read_truth(dataset.truth / "expected_rejected_rows.csv")
    )
    assert Counter(rejected) == want_rejected


FEED_KEYS = {
    "billing_posting_corrections": lambda r: (r["claim_id"], r["posting_type"], dec(r["amount"])),
    "erp_journal_corrections": None,
    "crm_status_updates": lambda r: (f"{r['referral_id']}|{r['claim_id']}", r["financial_status"], dec(r["paid_amount"])),
}


def check_feeds(dataset: Dataset, run: RunResult, feed: str) -> None:
    expected = Counter(
        (r["business_date"], r["key"], r["kind"], dec(r["amount"]))
        for r in read_truth(dataset.truth / "expected_feeds.csv")
        if r["feed"] == feed
    )
    actual: Counter[tuple] = Counter()
    outbox = run.settings.outbox
    for day in sorted(p for p in outbox.iterdir() if p.is_dir()):
        rows = read_truth(day / f"{feed}.csv")
        if feed == "erp_journal_corrections":
            by_journal: dict[str, list[dict[str, str]]] = {}
            for r in rows:
                by_journal.setdefault(r["journal_id"], []).append(r)
            for lines in by_journal.values():
                assert sum(dec(x["amount"]) or 0 for x in lines) == 0, "every correction journal balances"
                cash = [x for x in lines if x["account"] == "1010"]
                assert len(cash) == 1 and len(lines) == 2
                actual[(day.name, cash[0]["reference"], "", dec(cash[0]["amount"]))] += 1
        else:
            key = FEED_KEYS[feed]
            assert key is not None
            for r in rows:
                k, kind, amount = key(r)
                actual[(day.name, k, kind, amount)] += 1
    assert actual == expected
