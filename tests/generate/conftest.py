"""Generated trees shared by the generator tests (one generation per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hc_reconcile.generate import generate


@pytest.fixture(scope="session")
def small_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen_small")
    generate(root, days=30, seed=11, scale="small")
    return root


@pytest.fixture(scope="session")
def clean_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen_clean")
    generate(root, days=30, seed=5, scale="small", faults=False)
    return root
