"""Ingest benchmark (issue 4): load every CSV of a landing tree; compare with bare DuckDB read_csv.

    .venv/bin/python benchmarks/ingest.py [--landing DIR]

Default landing: the large generated data set (generated once, cached under .cache/bench).
Both measurements run in this process on the same files, so the ratio is robust to a noisy
machine. Last line: ``ingest: ratio=R seconds=S rss_mb=M``.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from benchmarks.common import BARE_OPTIONS
from hc_reconcile.ingest.load_date import hash_files, ingest_date
from hc_reconcile.ingest.prepare import Preparer
from hc_reconcile.landing import list_dates, list_files
from hc_reconcile.warehouse.ddl import ensure_schema
from hc_reconcile.warehouse.working import transaction


def csv_files(landing: Path) -> dict:  # type: ignore[type-arg]
    dates, _ = list_dates(landing)
    return {d: [f for f in list_files(landing, d) if f.source != "remit"] for d in dates}


def bare_read_csv(files_by_date: dict, db: Path) -> float:  # type: ignore[type-arg]
    con = duckdb.connect(str(db))
    start = time.perf_counter()
    for i, files in enumerate(files_by_date.values()):
        for j, f in enumerate(files):
            with contextlib.suppress(duckdb.Error):  # the data set's deliberately unreadable files
                con.execute(f"CREATE TABLE t_{i}_{j} AS SELECT * FROM read_csv(?, {BARE_OPTIONS})", [str(f.path)])
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def platform_ingest(files_by_date: dict, db: Path, quarantine: Path, *, workers: int) -> float:  # type: ignore[type-arg]
    """The run's ingest path: hashes, files prepared ahead by worker processes (their
    start-up counted), one transaction per date."""
    con = duckdb.connect(str(db))
    ensure_schema(con)
    start = time.perf_counter()
    with Preparer([f for files in files_by_date.values() for f in files], workers=workers) as preparer:
        for d, files in files_by_date.items():
            hashes = hash_files([f.path for f in files])
            with transaction(con, what=f"benchmark date {d}"):
                ingest_date(con, business_date=d, files=files, hashes=hashes, quarantine_dir=quarantine, preparer=preparer)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landing", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2, help="file-preparing worker processes (0: in-process)")
    args = parser.parse_args()
    if args.landing is None:
        from benchmarks.common import large_landing

        args.landing = large_landing()
    files_by_date = csv_files(args.landing)
    n_files = sum(len(v) for v in files_by_date.values())
    mb = sum(f.path.stat().st_size for v in files_by_date.values() for f in v) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        base = bare_read_csv(files_by_date, Path(tmp) / "bare.duckdb")
        ours = platform_ingest(files_by_date, Path(tmp) / "ours.duckdb", Path(tmp) / "q", workers=args.workers)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files={n_files} csv_mb={mb:.1f} bare_read_csv_s={base:.2f} ingest_s={ours:.2f}")
    print(f"ingest: ratio={ours / base:.2f} seconds={ours:.2f} rss_mb={rss_mb:.0f}")


if __name__ == "__main__":
    main()
