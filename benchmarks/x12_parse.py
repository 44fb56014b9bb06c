"""Benchmark: load every remit file of a landing tree into the DuckDB remit tables, against pyx12.

    .venv/bin/python benchmarks/x12_parse.py [--landing DIR] [--workers 2] [--pyx12-mb 8]

The platform side is the real loader, date by date as a run does it: SHA-256 of each file,
``ingest_date`` (duplicate files, 835 parsing and validation, re-sends, ``recon.file_log``,
``recon.rejected_rows``, ``remit.transactions`` and the ``remit_store`` rows behind the other
``remit.*`` views) and one commit per date, into a
fresh DuckDB file, with the files parsed ahead by ``--workers`` worker processes (the
``Preparer`` of a nightly run; ``--workers 0`` parses in-process). The worker processes are
started and warmed before the clock starts, as the imports are; their start-up is printed
apart. pyx12's ``X12Reader`` only iterates the segments (no validation, no tables); it is
much slower, so it is timed on a subset of the same files (the first files in name order
until ``--pyx12-mb`` MB) and its MB/s taken from that subset. Default landing:
``benchmarks.common.large_landing()`` when that module exists, else a synthetic tree built
once under /tmp from the public samples.

It also prints the parse alone (the same files to validated frames, no warehouse) for
comparison. The last line is machine-readable and measures the load into DuckDB:
``x12_parse: ratio=R mbps=M pyx12_mbps=P rss_mb=X``
(R = M / P; X = peak RSS of this process in MB, from getrusage).
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from hc_reconcile.ingest.load_date import hash_files, ingest_date  # noqa: E402
from hc_reconcile.ingest.prepare import Preparer, prepare_file, worker_pool  # noqa: E402
from hc_reconcile.landing import LandedFile, list_dates, list_files  # noqa: E402
from hc_reconcile.warehouse.working import WorkingWarehouse, transaction  # noqa: E402

SAMPLES = REPO.parent / "shared" / "samples" / "835"
SYNTHETIC = Path("/tmp/hc_reconcile_x12_bench")


def default_landing() -> Path:
    try:
        from benchmarks.common import large_landing
    except ImportError:
        return synthetic_landing(SYNTHETIC)
    return large_landing()


def synthetic_landing(root: Path, *, total_mb: int = 100, files_per_day: int = 8) -> Path:
    """Repeat the good public samples (one interchange per line) into ~total_mb MB of files."""
    landing = root / "landing"
    marker = root / f".complete-{total_mb}"
    if marker.is_file():
        return landing
    samples = sorted(SAMPLES.glob("*.835"))
    if not samples:
        raise SystemExit(f"no samples under {SAMPLES} to build a synthetic landing from")
    # One delimiter set per file, as payers send them: group the samples by terminator.
    chunks = [p.read_bytes().strip() + b"\n" for p in samples if p.read_bytes()[105:106] == b"~"]
    unit = b"".join(chunks)
    per_file = max(1, (total_mb * 1_000_000) // (files_per_day * 30 * len(unit)))
    body = unit * per_file
    written = 0
    day = 0
    while written < total_mb * 1_000_000:
        folder = landing / f"2026-11-{day % 30 + 1:02d}" / "remit"
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(files_per_day):
            (folder / f"payer{k:02d}_{day // 30:03d}.835").write_bytes(body)
            written += len(body)
        day += 1
    marker.write_text("ok")
    return landing


def remit_files(landing: Path) -> dict[date, list[LandedFile]]:
    dates, _ = list_dates(landing)
    by_date = {d: [f for f in list_files(landing, d) if f.source == "remit"] for d in dates}
    return {d: files for d, files in by_date.items() if files}


def warm_pool(workers: int, sample: LandedFile) -> tuple[ProcessPoolExecutor | None, float]:
    """Start the worker processes and have each import the parser (seconds it took)."""
    if workers <= 0:
        return None, 0.0
    start = time.perf_counter()
    pool = worker_pool(workers)
    list(pool.map(prepare_file, [sample] * workers * 2))
    return pool, time.perf_counter() - start


def time_parse(files: list[LandedFile], *, pool: ProcessPoolExecutor | None) -> float:
    """Seconds to read and parse every file into its frames (no warehouse)."""
    start = time.perf_counter()
    results = pool.map(prepare_file, files) if pool is not None else map(prepare_file, files)
    for _ in results:
        pass
    return time.perf_counter() - start


def time_load(
    by_date: dict[date, list[LandedFile]], *, db: Path, pool: ProcessPoolExecutor | None, workers: int
) -> tuple[float, dict[str, float]]:
    """Seconds to hash, parse and load every date's remit files into a fresh working warehouse
    (opened as a run opens it: checkpoints deferred to the end of the run, timed apart)."""
    warehouse = WorkingWarehouse(published=db, work_dir=db.parent / "work")
    con = warehouse.open()
    files = [f for fs in by_date.values() for f in fs]
    start = time.perf_counter()
    with Preparer(files, workers=workers if pool is not None else 0, pool=pool) as preparer:
        for d, day_files in by_date.items():
            hashes = hash_files([f.path for f in day_files])
            with transaction(con, what=f"benchmark date {d}"):
                ingest_date(
                    con, business_date=d, files=day_files, hashes=hashes,
                    quarantine_dir=db.parent / "quarantine", preparer=preparer,
                )
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    con.execute("CHECKPOINT")
    checkpoint = time.perf_counter() - start
    outcome: dict[str, float] = {"checkpoint_s": checkpoint}
    outcome |= {
        name: con.execute(sql).fetchall()[0][0]
        for name, sql in {
            "files": "SELECT count(*) FROM recon.file_log",
            "quarantined": "SELECT count(*) FROM recon.file_log WHERE status = 'quarantined'",
            "transactions": "SELECT count(*) FROM remit.transactions",
            "rejected": "SELECT count(*) FROM recon.rejected_rows",
            "claims": "SELECT count(*) FROM remit.claims",
            "services": "SELECT count(*) FROM remit.services",
            "adjustments": "SELECT count(*) FROM remit.adjustments",
        }.items()
    }
    warehouse.close()
    return seconds, outcome


def time_pyx12(files: list[Path], *, budget_bytes: int) -> tuple[float, int, int]:
    """Seconds for pyx12's X12Reader to iterate the segments of a subset of the files."""
    import pyx12.x12file

    seconds = 0.0
    size = 0
    segments = 0
    for path in files:
        if size >= budget_bytes:
            break
        text = path.read_bytes().decode("ascii", errors="replace")
        start = time.perf_counter()
        try:
            with pyx12.x12file.X12Reader(io.StringIO(text)) as reader:
                for _ in reader:
                    segments += 1
        except Exception:  # pyx12 raises on files it cannot read; skip them
            continue
        seconds += time.perf_counter() - start
        size += len(text)
    return seconds, size, segments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--landing", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2, help="parsing worker processes (0: in-process)")
    parser.add_argument("--pyx12-mb", type=float, default=8.0, help="MB of files pyx12 reads")
    args = parser.parse_args(argv)

    landing = args.landing or default_landing()
    by_date = remit_files(landing)
    files = [f.path for fs in by_date.values() for f in fs]
    if not files:
        print(f"no files under {landing}/*/remit/", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in files)
    sample = next(iter(by_date.values()))[0]
    prepare_file(sample)  # warm-up: imports, Polars thread pool
    pool, startup = warm_pool(args.workers, sample)
    try:
        parse_seconds = time_parse([f for fs in by_date.values() for f in fs], pool=pool)
        with tempfile.TemporaryDirectory() as tmp:
            seconds, outcome = time_load(
                by_date, db=Path(tmp) / "bench.duckdb", pool=pool, workers=args.workers
            )
    finally:
        if pool is not None:
            pool.shutdown()
    mbps = size / seconds / 1e6
    print(f"landing: {landing}")
    print(
        f"parse only ({args.workers} worker processes): {size / 1e6:.1f} MB in {parse_seconds:.2f} s "
        f"= {size / parse_seconds / 1e6:.1f} MB/s (bytes to validated frames, no warehouse)"
    )
    print(
        f"load into DuckDB ({args.workers} worker processes, start-up {startup:.2f} s not counted): "
        f"{outcome['files']} files, {size / 1e6:.1f} MB in {seconds:.2f} s = {mbps:.1f} MB/s "
        f"({outcome['transactions']} transactions, {outcome['claims']} claims, {outcome['services']} services, "
        f"{outcome['adjustments']} adjustments, {outcome['rejected']} rejected, "
        f"{outcome['quarantined']} quarantined files); with start-up: {size / (seconds + startup) / 1e6:.1f} MB/s; "
        f"the run's final checkpoint (not counted) took {outcome['checkpoint_s']:.2f} s"
    )
    pyx_seconds, pyx_size, segments = time_pyx12(files, budget_bytes=int(args.pyx12_mb * 1e6))
    pyx12_mbps = pyx_size / pyx_seconds / 1e6 if pyx_seconds else float("nan")
    print(
        f"pyx12 X12Reader: {pyx_size / 1e6:.1f} MB ({segments} segments) in {pyx_seconds:.2f} s "
        f"= {pyx12_mbps:.2f} MB/s"
    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = mbps / pyx12_mbps if pyx12_mbps else float("nan")
    print(
        f"x12_parse: ratio={ratio:.1f} mbps={mbps:.1f} pyx12_mbps={pyx12_mbps:.2f} rss_mb={rss_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
