"""Cached generated data sets for benchmarks.

``large_landing()`` generates the large scale once into
``<repo>/.cache/bench/large-<days>d-seed1/`` (gitignored) and returns its landing
directory; later calls reuse it.  Generation writes into a temporary sibling
directory and renames it into place after writing a completion marker, so a
killed generation is simply redone.  A file lock serialises concurrent callers.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import date
from pathlib import Path

from hc_reconcile.generate import Scale, generate

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "bench"
MARKER = ".complete"
#: A plain RFC 4180 read of every value as text: the least a loader must do (the baselines).
BARE_OPTIONS = "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', null_padding = true"
SEED = 1


def cached_landing(*, scale: Scale, days: int, seed: int = SEED,
                   start: date = date(2026, 11, 1)) -> Path:
    """Landing directory of a generated data set, generating it on first use."""
    name = f"{scale}-{days}d-seed{seed}" + ("" if start == date(2026, 11, 1) else f"-{start}")
    final = CACHE / name
    if (final / MARKER).is_file():
        return final / "landing"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (final / MARKER).is_file():
            return final / "landing"
        shutil.rmtree(final, ignore_errors=True)
        work = CACHE / f"{name}.tmp-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        manifest = generate(work, days=days, seed=seed, scale=scale, start=start)
        (work / MARKER).write_text(manifest.to_json(), encoding="utf-8")
        work.rename(final)
    return final / "landing"


def large_landing(days: int = 30) -> Path:
    """~2 million charge lines and ~250 MB of 835 over ``days`` days (no ground truth)."""
    return cached_landing(scale="large", days=days)


def medium_landing(days: int = 30) -> Path:
    """About 10x the small scale, with ground truth in ``../ground_truth``."""
    return cached_landing(scale="medium", days=days)
