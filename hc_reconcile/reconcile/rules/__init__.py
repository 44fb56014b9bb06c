"""The exception rules of CONTRACT §3, each written once.

Every ``*.sql`` file here is one rule: a single SELECT over the run's as-of inputs
(``rc_*`` temp tables, see ``reconcile/input_sql``) returning ``exception_type, entity_key,
amount, details`` (details a STRUCT, stored as JSON). Rules stated better in Polars are
listed in ``POLARS_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import polars as pl

from hc_reconcile.reconcile.rules.duplicate_patient import detect_duplicate_patients

PACKAGE = __name__

PolarsRule = Callable[[duckdb.DuckDBPyConnection], pl.DataFrame]

POLARS_RULES: dict[str, PolarsRule] = {
    "duplicate_patient": detect_duplicate_patients,
}
