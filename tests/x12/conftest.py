"""Fixtures for the 835 engine tests (helpers live in x12_samples.py and x12_build.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from x12_samples import SAMPLES_835


@pytest.fixture(scope="session", autouse=True)
def samples_835() -> Path:
    if not (SAMPLES_835 / "summary.csv").is_file():
        pytest.fail(f"835 samples not found at {SAMPLES_835}")
    return SAMPLES_835
