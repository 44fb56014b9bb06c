"""Shared fixtures: paths to the contract samples and small helpers to build landing trees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PANDERA_VALIDATION_DEPTH", "SCHEMA_AND_DATA")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"contract samples not found at {SAMPLES} (expected ../shared/samples beside the repo)")
    return SAMPLES


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path
