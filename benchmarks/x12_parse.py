"""Benchmark: parse_835 over every remit file of a landing tree, against pyx12's X12Reader.

    .venv/bin/python benchmarks/x12_parse.py [--landing DIR] [--pyx12-mb 8] [--repeat 1]

parse_835 runs end to end (bytes to the result frames) over every file under
``<landing>/*/remit/``. pyx12's ``X12Reader`` only iterates the segments (no
validation, no frames); it is ~10-50x slower, so it is timed on a subset of
the same files (the first files in name order until ``--pyx12-mb`` MB) and
its MB/s taken from that subset. Default landing: ``benchmarks.common.
large_landing()`` when that module exists, else a synthetic tree built once
under /tmp from the public samples (repeated into ~100 MB of files).

The last line is machine-readable:
``x12_parse: ratio=R mbps=M pyx12_mbps=P rss_mb=X``
(R = M / P; X = peak RSS of this process in MB, from getrusage).
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from hc_reconcile.x12 import parse_835  # noqa: E402

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


def remit_files(landing: Path) -> list[Path]:
    return sorted(p for p in landing.glob("*/remit/*") if p.is_file())


def time_parse(files: list[Path]) -> tuple[float, int, dict[str, int]]:
    """Seconds spent in parse_835 (reading excluded), bytes parsed, outcome counts."""
    seconds = 0.0
    size = 0
    outcome = {"files": 0, "quarantined": 0, "transactions": 0, "rejected": 0, "claims": 0}
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        parsed = parse_835(data)
        seconds += time.perf_counter() - start
        size += len(data)
        outcome["files"] += 1
        outcome["quarantined"] += parsed.quarantined
        outcome["transactions"] += parsed.transactions.height
        outcome["rejected"] += parsed.rejected.height
        outcome["claims"] += parsed.claims.height
        del parsed
    return seconds, size, outcome


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
    parser.add_argument("--pyx12-mb", type=float, default=8.0, help="MB of files pyx12 reads")
    parser.add_argument("--repeat", type=int, default=1, help="parse passes (best is kept)")
    args = parser.parse_args(argv)

    landing = args.landing or default_landing()
    files = remit_files(landing)
    if not files:
        print(f"no files under {landing}/*/remit/", file=sys.stderr)
        return 2
    parse_835(files[0].read_bytes())  # warm-up: imports, Polars thread pool

    best = float("inf")
    size = 0
    outcome: dict[str, int] = {}
    for _ in range(max(1, args.repeat)):
        gc.collect()
        seconds, size, outcome = time_parse(files)
        best = min(best, seconds)
    mbps = size / best / 1e6
    print(f"landing: {landing}")
    print(
        f"parse_835: {outcome['files']} files, {size / 1e6:.1f} MB in {best:.2f} s = {mbps:.1f} MB/s "
        f"({outcome['transactions']} transactions, {outcome['claims']} claims, "
        f"{outcome['rejected']} rejected, {outcome['quarantined']} quarantined files)"
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
