"""Fixtures for the 835 engine tests: the public samples, in place beside the repo."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

SAMPLES_835 = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "835"


def good_samples() -> list[Path]:
    return sorted(SAMPLES_835.glob("*.835"))


def bad_samples() -> list[Path]:
    return sorted((SAMPLES_835 / "bad").glob("*"))


def summary_rows() -> dict[str, dict[str, str]]:
    with (SAMPLES_835 / "summary.csv").open(newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="session")
def samples_835() -> Path:
    if not SAMPLES_835.is_dir():
        pytest.fail(f"835 samples not found at {SAMPLES_835}")
    return SAMPLES_835
