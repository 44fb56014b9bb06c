"""Nightly benchmark (issue 6): a whole landing tree through ``run`` over every date.

    .venv/bin/python benchmarks/nightly.py [--landing DIR] [--models]

Default landing: the 30-day large generated data set (generated once, cached).
Measured in this process, on the same files:
- baseline: a bare DuckDB scan of every landing file (read_csv of each CSV, read_text of each 835);
- the full run: every date, each as of its own date, into an empty warehouse;
- the incremental day: a second warehouse loaded with all dates but the last, then the
  last date alone (``run --date D``), as a share of the full run;
- a storage floor (after the peak RSS is taken): every landing CSV stored in a fresh DuckDB
  file as it is (one all-VARCHAR table per file), the 835s not even read: no validation, no
  parsing, no reconciliation. A run must at least keep the CSV rows to reconcile later dates
  against them, so ``floor_ratio`` is a lower bound of the ratio any implementation can reach
  on this machine.
Last line: ``nightly: ratio=R seconds=S rss_mb=M incremental_share=F``.
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
from hc_reconcile.config import load_settings
from hc_reconcile.landing import list_dates, list_files
from hc_reconcile.pipeline import run


def bare_scan(landing: Path) -> float:
    dates, _ = list_dates(landing)
    files = [f for d in dates for f in list_files(landing, d)]
    con = duckdb.connect()
    start = time.perf_counter()
    for f in files:
        if f.source == "remit":
            con.execute("SELECT sum(length(content)) FROM read_text(?)", [str(f.path)]).fetchall()
        else:
            with contextlib.suppress(duckdb.Error):  # the data set's deliberately unreadable files
                con.execute(f"SELECT count(*) FROM read_csv(?, {BARE_OPTIONS})", [str(f.path)]).fetchall()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def store_floor(landing: Path, work: Path) -> float:
    """Seconds to store every landing CSV in a fresh DuckDB file, untyped (835s left out)."""
    dates, _ = list_dates(landing)
    files = [f for d in dates for f in list_files(landing, d)]
    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work / "floor.duckdb"))
    con.execute("SET checkpoint_threshold = '1GB'")  # as a run opens its warehouse
    start = time.perf_counter()
    for k, f in enumerate(files):
        if f.source == "remit":
            continue
        with contextlib.suppress(duckdb.Error):  # the data set's deliberately unreadable files
            con.execute(f"CREATE TABLE t{k} AS SELECT * FROM read_csv(?, {BARE_OPTIONS})", [str(f.path)])
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landing", type=Path, default=None)
    parser.add_argument("--models", action="store_true", help="also build the dbt models (as a real run does)")
    args = parser.parse_args()
    if args.landing is None:
        from benchmarks.common import large_landing

        args.landing = large_landing()
    dates, _ = list_dates(args.landing)
    base = bare_scan(args.landing)
    with tempfile.TemporaryDirectory() as tmp:
        full = load_settings(
            landing=args.landing, warehouse=Path(tmp) / "full" / "wh.duckdb",
            outbox=Path(tmp) / "full" / "outbox", build_models=args.models,
        )
        start = time.perf_counter()
        run(full)
        seconds = time.perf_counter() - start
        print(f"dates={len(dates)} bare_scan_s={base:.2f} full_run_s={seconds:.2f}", flush=True)

        inc = load_settings(
            landing=args.landing, warehouse=Path(tmp) / "inc" / "wh.duckdb",
            outbox=Path(tmp) / "inc" / "outbox", build_models=args.models,
        )
        run(inc, dates=dates[:-1])
        start = time.perf_counter()
        run(inc, dates=[dates[-1]])
        incremental = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"incremental_day_s={incremental:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        floor = store_floor(args.landing, Path(tmp))
    print(
        f"store_floor_s={floor:.2f} floor_ratio={floor / base:.2f} "
        "(the landing CSVs stored as text, 835s left out: no validation, parsing or reconciliation)"
    )
    print(
        f"nightly: ratio={seconds / base:.2f} seconds={seconds:.2f} rss_mb={rss_mb:.0f} "
        f"incremental_share={incremental / seconds:.3f}"
    )


if __name__ == "__main__":
    main()
