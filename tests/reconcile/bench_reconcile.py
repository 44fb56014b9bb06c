"""Time ``reconcile_date`` on a large synthetic warehouse (not collected by pytest).

    .venv/bin/python tests/reconcile/bench_reconcile.py [--charges 2000000] [--clps 700000]

Rows are generated straight into raw.* / remit.* with DuckDB (hash-based pseudo-random
values over 30 business dates, ~5 % of charges re-sent later, ~0.3 % unbilled charges,
~0.5 % unposted and ~0.3 % mis-posted remits, 2 % EFTs not in the GL), then every date is reconciled once in order
and the slowest dates are reported.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from hc_reconcile.config import Settings
from hc_reconcile.reconcile import reconcile_date, write_feeds
from hc_reconcile.warehouse.ddl import ensure_schema

START = date(2026, 1, 1)
DAYS = 30

GENERATE = """
CREATE OR REPLACE MACRO h(i, salt) AS CAST(hash(i * 1000003 + salt) % 1000000 AS BIGINT);

INSERT INTO raw.charges (business_date, file_name, file_seq, file_line, charge_id, account_id,
    claim_id, facility_id, service_date, post_date, cpt_code, units, amount)
SELECT DATE '{start}' + CAST(i % {days} AS INTEGER) AS post_date_, 'charges.csv', 1, i + 2,
       'CH' || i, 'A' || (i // 4),
       CASE WHEN h(i, 1) < 3000 THEN NULL ELSE 'K' || (i // 3) END,
       'F' || (i % 12),
       post_date_ - CAST(h(i, 2) % 6 AS INTEGER), post_date_, '99213', 1,
       CAST((h(i, 3) % 50000) / 100.0 - CASE WHEN h(i, 4) < 30000 THEN 600 ELSE 0 END
            AS DECIMAL(18,2))
FROM range({charges}) t(i);

-- 5 % of charges re-sent the next day (e.g. billed later)
INSERT INTO raw.charges
SELECT business_date + 1, 'charges_update.csv', 1, file_line, charge_id, account_id,
       coalesce(claim_id, 'K' || (CAST(substr(charge_id, 3) AS BIGINT) // 3)), facility_id,
       service_date, post_date, cpt_code, revenue_code, units, amount, extra_columns
FROM raw.charges WHERE hash(charge_id) % 20 = 0 AND business_date < DATE '{start}' + {days} - 1;

INSERT INTO raw.claims (business_date, file_name, file_seq, file_line, claim_id, account_id,
    payer_id, facility_id, total_charge, submitted_date)
SELECT DATE '{start}' + CAST((3 * k) % {days} AS INTEGER), 'claims.csv', 1, k + 2,
       'K' || k, 'A' || ((3 * k) // 4), 'PAYER' || (k % 40), 'F' || ((3 * k) % 12),
       CAST(300 + h(k, 5) % 1000 AS DECIMAL(18,2)),
       DATE '{start}' + CAST((3 * k) % {days} AS INTEGER)
FROM range({charges} // 3) t(k);

INSERT INTO raw.accounts (business_date, file_name, file_seq, file_line, account_id,
    patient_id, referral_id, facility_id, created_date)
SELECT DATE '{start}' + CAST((4 * a) % {days} AS INTEGER), 'accounts.csv', 1, a + 2,
       'A' || a, 'MRN' || (a // 2), CASE WHEN a % 5 = 0 THEN 'R' || (a // 5) END,
       'F' || ((4 * a) % 12), DATE '{start}' + CAST((4 * a) % {days} AS INTEGER)
FROM range({charges} // 4) t(a);

INSERT INTO raw.referrals (business_date, file_name, file_seq, file_line, referral_id,
    patient_id, first_name, last_name, birth_date, referral_date, status, accepted_date,
    last_modified)
SELECT DATE '{start}' + CAST(r % {days} AS INTEGER), 'referrals.csv', 1, r + 2,
       'R' || r, 'P' || r,
       ['Ann', 'Élodie', 'ELODIE', 'Bob', 'Zoë', 'Øyvind', 'Li', 'Maria'][1 + h(r, 6) % 8],
       chr(CAST(65 + h(r, 7) % 26 AS INTEGER)) || chr(CAST(97 + (h(r, 7) // 26) % 26 AS INTEGER))
           || chr(CAST(97 + (h(r, 7) // 676) % 26 AS INTEGER)) || 'son',
       DATE '1950-01-01' + CAST(h(r, 8) % 20000 AS INTEGER),
       DATE '{start}' + CAST(r % {days} AS INTEGER),
       CASE WHEN r % 3 = 0 THEN 'Accepted' ELSE 'Converted' END,
       DATE '{start}' + CAST(r % {days} AS INTEGER),
       '2026-01-01T00:00:00'
FROM range({charges} // 20) t(r);

-- 835: one transaction per (day, payer, batch) with ~35 CLPs each
CREATE TEMP TABLE b_clp AS
SELECT c AS n, 'K' || (c % ({charges} // 3)) AS claim_id,
       DATE '{start}' + CAST(c % {days} AS INTEGER) AS received,
       (c // {days}) // 35 AS txn,
       CASE WHEN h(c, 9) < 80000 THEN '4' WHEN h(c, 9) < 82000 THEN '22'
            WHEN h(c, 9) < 84000 THEN '19' ELSE '1' END AS status,
       CAST(100 + h(c, 10) % 900 AS DECIMAL(18,2)) AS charge
FROM range({clps}) t(c);

INSERT INTO remit.transactions (business_date, file_name, file_seq, isa13, gs06, st02, trn02,
    segment_position, payer_id, payment_amount, payment_date)
SELECT received, 'remit_' || txn || '.835', CAST(txn % 1000000 AS INTEGER) + 1, '1', '1', '0001',
       'TRN' || strftime(received, '%Y%m%d') || '_' || txn, 3,
       'PAYER' || (txn % 40),
       CAST(sum(CASE WHEN status = '4' THEN 0 WHEN status = '22' THEN -charge * 0.8
                     ELSE charge * 0.8 END) AS DECIMAL(18,2)),
       received
FROM b_clp GROUP BY received, txn;

INSERT INTO remit_store.claims (business_date, file_seq, st_position,
    segment_position, claim_id, status_code, charge_amount, paid_amount)
SELECT received, CAST(txn % 1000000 AS INTEGER) + 1, 3, 6 + 2 * row_number() OVER (
           PARTITION BY received, txn ORDER BY n),
       claim_id, status,
       CASE WHEN status = '22' THEN -charge ELSE charge END,
       CAST(CASE WHEN status = '4' THEN 0 WHEN status = '22' THEN -charge * 0.8
                 ELSE charge * 0.8 END AS DECIMAL(18,2))
FROM b_clp;

INSERT INTO remit_store.adjustments (business_date, file_seq, st_position,
    segment_position, claim_id, group_code, reason_code, amount)
SELECT business_date, file_seq, 3, segment_position + 1,
       claim_id, 'CO', '45',
       CASE WHEN hash(claim_id, segment_position, 11) % 1000 < 2 THEN charge_amount - paid_amount - 1
            ELSE charge_amount - paid_amount END
FROM remit.claims;

INSERT INTO raw.postings (business_date, file_name, file_seq, file_line, posting_id, claim_id,
    posting_type, amount, post_date, trace_number)
SELECT business_date + 2, 'postings.csv', 1, segment_position, 'PST' || row_number() OVER (),
       claim_id, CASE WHEN paid_amount < 0 THEN 'REVERSAL' ELSE 'PAYMENT' END,
       CASE WHEN hash(claim_id, segment_position, 12) % 1000 < 3 THEN paid_amount + 1
            ELSE paid_amount END,
       business_date + 2, trn02
FROM remit.claims
WHERE paid_amount <> 0 AND business_date + 2 < DATE '{start}' + {days}
  AND hash(claim_id, segment_position, 13) % 1000 > 5;

INSERT INTO raw.gl_journal (business_date, file_name, file_seq, file_line, journal_id, line_no,
    entity_id, account, cost_center, posting_date, amount, reference, source)
SELECT business_date + 1, 'gl_journal.csv', 1, 2, 'JE' || trn02, '1', 'ENT1', '1010', NULL,
       business_date + 1, payment_amount, trn02, 'PAYER_EFT'
FROM remit.transactions
WHERE payment_amount > 0 AND hash(trn02) % 50 <> 0;

INSERT INTO raw.gl_journal (business_date, file_name, file_seq, file_line, journal_id, line_no,
    entity_id, account, cost_center, posting_date, amount, reference, source)
SELECT post_date, 'gl_journal.csv', 1, 3, 'REV' || facility_id || strftime(post_date, '%Y%m%d'),
       '1', 'ENT1', '4000', facility_id, post_date,
       -sum(amount) + CASE WHEN hash(facility_id || post_date) % 10 = 0 THEN 5 ELSE 0 END,
       NULL, 'REVENUE'
FROM raw.charges WHERE file_name = 'charges.csv'
GROUP BY facility_id, post_date;
"""


def build(con: duckdb.DuckDBPyConnection, *, charges: int, clps: int) -> None:
    ensure_schema(con)
    con.execute(GENERATE.format(start=START.isoformat(), days=DAYS, charges=charges, clps=clps))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--charges", type=int, default=2_000_000)
    parser.add_argument("--clps", type=int, default=700_000)
    parser.add_argument("--dates", type=int, default=DAYS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        started = time.perf_counter()
        build(con, charges=args.charges, clps=args.clps)
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("raw.charges", "remit.claims", "raw.postings", "raw.gl_journal")
        }
        print(f"built in {time.perf_counter() - started:.1f}s: {counts}")
        settings = Settings()
        timings = []
        for offset in range(DAYS - args.dates, DAYS):
            d = START + timedelta(days=offset)
            started = time.perf_counter()
            con.execute("BEGIN")
            feeds = reconcile_date(con, business_date=d, settings=settings)
            con.execute("COMMIT")
            write_feeds(feeds, outbox=Path(tmp) / "outbox", business_date=d)
            elapsed = time.perf_counter() - started
            timings.append((elapsed, d))
            found = con.execute(
                "SELECT count(*) FROM recon.exception_detections WHERE business_date = ?", [d]
            ).fetchone()[0]  # type: ignore[index]
            print(f"{d}: {elapsed:.2f}s, {found} exceptions")
        timings.sort(reverse=True)
        print("slowest:", ", ".join(f"{d} {t:.2f}s" for t, d in timings[:3]))


if __name__ == "__main__":
    main()
