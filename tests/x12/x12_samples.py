"""Where the public 835 samples are (in place beside the repo) and their expected figures."""

from __future__ import annotations

import csv
from pathlib import Path

SAMPLES_835 = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "835"


def good_samples() -> list[Path]:
    return sorted(SAMPLES_835.glob("*.835"))


def bad_samples() -> list[Path]:
    return sorted((SAMPLES_835 / "bad").glob("*"))


def summary_rows() -> dict[str, dict[str, str]]:
    with (SAMPLES_835 / "summary.csv").open(newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}
