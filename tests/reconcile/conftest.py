"""Fixtures of the reconcile tests; the helpers live in rc_support.py."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest
from rc_support import Warehouse

from hc_reconcile.warehouse.ddl import ensure_schema


@pytest.fixture
def wh() -> Iterator[Warehouse]:
    """An empty in-memory warehouse with the full schema."""
    con = duckdb.connect()
    ensure_schema(con)
    yield Warehouse(con)
    con.close()
